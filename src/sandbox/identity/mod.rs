//! The Microsoft identity platform v2.0 endpoints of the sandbox tenant: authorize, token,
//! device code (with its login page) and admin consent.

mod admin_consent;
mod authorize;
pub(super) mod consent;
pub(super) mod device;
mod errors;
mod issue;
mod params;
mod redirect;
mod refresh;
mod registration;
mod scopes;
mod token;

use std::sync::Arc;

use axum::Router;
use axum::routing::{get, post};

pub(super) use errors::AadError;

use super::state::Shared;

pub(super) fn routes() -> Router<Arc<Shared>> {
    Router::new()
        .route("/{tenant}/oauth2/v2.0/authorize", get(authorize::authorize))
        .route(
            "/{tenant}/oauth2/v2.0/token",
            post(token::token).get(token::wrong_method),
        )
        .route("/{tenant}/oauth2/v2.0/devicecode", post(device::devicecode))
        .route(
            "/{tenant}/v2.0/adminconsent",
            get(admin_consent::admin_consent),
        )
        .route(
            "/devicelogin",
            get(device::login_page).post(device::login_submit),
        )
}
