//! rally-m365: connect a researcher's Microsoft 365 account and schedule interviews from the
//! terminal and from scripts. The binary (`main.rs`) is a thin shell over this library so the
//! end-to-end tests and benchmarks can reach the sandbox tenant and the pure scheduling logic.

pub mod auth;
pub mod booking;
pub mod cli;
pub mod cloud;
pub mod commands;
pub mod email;
pub mod error;
pub mod graph;
pub mod hints;
pub mod http;
pub mod mail;
pub mod output;
pub mod redact;
pub mod sandbox;
pub mod schedule;
pub mod store;
