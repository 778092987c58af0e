//! Microsoft Graph v1.0 over reqwest: the client (auth header, an explicit retry policy per
//! kind of request, typed errors), the retry rules, the wire types of the calls we make, and
//! the calls themselves where they carry logic of their own (getSchedule).

pub mod client;
pub mod error;
pub mod events;
pub mod model;
pub mod retry;
pub mod schedule;
pub mod schedule_answer;

pub use client::{GraphClient, Renew, RequestKind};
pub use error::GraphError;
