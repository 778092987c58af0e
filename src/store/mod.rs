//! What outlives a run: settings (profiles, clouds, overrides), the token store, and the
//! per-profile lock that keeps concurrent refreshes from racing.

pub mod config;
pub mod keychain;
pub mod lock;
pub mod paths;
pub mod tokens;
