//! Sign-in and tokens: the OAuth flows (authorization code + PKCE on a loopback redirect,
//! device code, refresh), the loopback listener, consent diagnosis, the permission table, and
//! the session that hands out valid access tokens.

pub mod browser_page;
pub mod consent;
pub mod flow;
pub mod flow_choice;
pub mod id_token;
pub mod loopback;
pub mod oauth_http;
pub mod permissions;
pub mod session;
pub mod tenant;
pub mod timeout;
