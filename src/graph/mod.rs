//! Microsoft Graph v1.0 over reqwest: the client (auth header, retries on 429/503/504 with
//! Retry-After, typed errors) and the wire types of the calls we make.

pub mod client;
pub mod error;
pub mod model;

pub use client::GraphClient;
pub use error::GraphError;
