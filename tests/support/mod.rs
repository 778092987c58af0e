//! Shared helpers for the integration tests. Each test file pulls this in with `mod support;`,
//! and not every test file uses every helper, hence the `dead_code` allowance.
#![allow(dead_code)]

pub mod cli;
pub mod home;
pub mod schema;
pub mod secret_service;
