//! The `refresh_token` grant with strict rotation: every use returns a new refresh token and the
//! used one dies (stricter than Microsoft on purpose, so a client that keeps a stale one is caught).
//! Rotation can be turned off (`TokenAnswers`): then no new refresh token comes back and the old
//! one stays valid, which a client must not take for a failure.

use axum::response::Response;

use super::super::state::{RefreshStatus, Shared};
use super::errors::AadError;
use super::params::Params;
use super::{issue, scopes};

pub(in super::super) fn redeem(
    shared: &Shared,
    p: &Params,
    client_id: &str,
) -> Result<Response, AadError> {
    let token = p.require("refresh_token")?;
    let mut st = shared.lock();
    let Some(record) = st.refresh_tokens.get(token) else {
        return Err(AadError::new(
            "invalid_grant",
            9002313,
            "Invalid request. Request is malformed or invalid.",
        ));
    };
    let issued = super::super::ids::aad_timestamp(record.issued_at);
    match record.status {
        RefreshStatus::Active => {}
        RefreshStatus::Rotated => {
            return Err(AadError::new(
                "invalid_grant",
                70008,
                format!(
                    "The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource. The token was issued on {issued} and was already redeemed (the sandbox rotates refresh tokens on every use)."
                ),
            ));
        }
        RefreshStatus::Revoked => {
            return Err(AadError::new(
                "invalid_grant",
                50173,
                format!(
                    "The provided grant has expired due to it being revoked, a fresh auth token is needed. The user might have changed or reset their password. The grant was issued on '{issued}'."
                ),
            ));
        }
    }
    if !record.client_id.eq_ignore_ascii_case(client_id) {
        return Err(AadError::new(
            "invalid_grant",
            70000,
            "Provided grant is invalid or malformed: the refresh token was issued to another client.",
        ));
    }
    let user_id = record.user_id.clone();
    let mut grant = record.grant.clone();
    // Additive consent: what the user granted since (another sign-in) comes along (E-SC).
    let held = {
        let mut all = grant.scopes.clone();
        all.extend(st.granted_scopes(&user_id, client_id));
        all
    };
    if let Some(scope) = p.get("scope") {
        let asked = scopes::parse(scope, &shared.graph_resource)?;
        let outside: Vec<&String> = asked.scopes.difference(&held).collect();
        if !outside.is_empty() || (!asked.scopes.is_empty() && asked.audience != grant.audience) {
            return Err(AadError::new(
                "invalid_scope",
                70011,
                format!(
                    "The provided value for the input parameter 'scope' isn't valid: '{scope}' is not a subset of the scopes granted with this refresh token."
                ),
            ));
        }
        grant.openid = asked.openid;
        grant.profile = asked.profile;
        grant.email = asked.email;
    }
    if let Some(refused) = super::consent::token_refusal(&st) {
        return Err(refused);
    }
    grant.scopes = held;
    // Without rotation the answer has no refresh token and the one used stays valid, as
    // Microsoft's sometimes does ("Refresh tokens aren't revoked when used to acquire new
    // access tokens", authorization code flow page).
    let rotate = st.token_answers.rotate_refresh_tokens;
    grant.offline_access = rotate;
    if rotate && let Some(r) = st.refresh_tokens.get_mut(token) {
        r.status = RefreshStatus::Rotated;
    }
    Ok(issue::issue(
        &mut st,
        &shared.base_url,
        &user_id,
        client_id,
        &grant,
        None,
    ))
}
