//! Device code flow: `POST /{tenant}/oauth2/v2.0/devicecode`, polling on the token endpoint, and
//! the `/devicelogin` page where a person (or `Control`) approves or declines a user code.

use std::sync::Arc;

use axum::Form;
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{Html, IntoResponse, Response};
use chrono::{DateTime, Duration, TimeDelta, Utc};
use serde::{Deserialize, Serialize};

use super::super::ids;
use super::super::state::{DeviceCodeRecord, DeviceState, Grant, Shared, TenantState};
use super::consent::{self, Outcome, Prompt, consent_required_error};
use super::errors::{AadError, html_escape};
use super::params::Params;
use super::registration::{check_client, check_tenant};
use super::token::{form, refuse_credentials};
use super::{issue, scopes};

const DEVICE_CODE_LIFETIME_SECS: i64 = 900;

/// The wire body of the device authorization response (E-DC).
#[derive(Serialize)]
struct DeviceCodeResponse {
    user_code: String,
    device_code: String,
    verification_uri: String,
    expires_in: i64,
    interval: u64,
    message: String,
}

pub(in super::super) async fn devicecode(
    State(shared): State<Arc<Shared>>,
    Path(tenant): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    match start(&shared, &tenant, &headers, &body) {
        Ok(r) => Json(r).into_response(),
        Err(e) => e.token_response(&shared.base_url),
    }
}

fn start(
    shared: &Shared,
    tenant: &str,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<DeviceCodeResponse, AadError> {
    check_tenant(tenant)?;
    let p = form(headers, body, "client_id")?;
    let client_id = p.require("client_id")?;
    check_client(client_id)?;
    refuse_credentials(&p)?;
    let requested = scopes::parse(p.require("scope")?, &shared.graph_resource)?;
    let mut st = shared.lock();
    let device_code = ids::secret("DAQABIQEAAAD", 150);
    let user_code = ids::user_code();
    let interval = st.device_interval;
    let expires_at = st
        .now()
        .checked_add_signed(Duration::seconds(DEVICE_CODE_LIFETIME_SECS))
        .unwrap_or(DateTime::<Utc>::MAX_UTC);
    st.note_secret(&device_code);
    st.device_codes.push(DeviceCodeRecord {
        device_code: device_code.clone(),
        user_code: user_code.clone(),
        client_id: client_id.to_string(),
        requested,
        expires_at,
        interval_secs: interval,
        last_poll: None,
        state: DeviceState::Pending,
    });
    let verification_uri = format!("{}/devicelogin", shared.base_url);
    Ok(DeviceCodeResponse {
        message: format!(
            "To sign in, use a web browser to open the page {verification_uri} and enter the code {user_code} to authenticate."
        ),
        user_code,
        device_code,
        verification_uri,
        expires_in: DEVICE_CODE_LIFETIME_SECS,
        interval,
    })
}

/// One poll of the token endpoint with the device_code grant.
pub(in super::super) fn poll(
    shared: &Shared,
    p: &Params,
    client_id: &str,
) -> Result<Response, AadError> {
    let device_code = p.require("device_code")?;
    let mut st = shared.lock();
    let now = st.now();
    let Some(record) = st
        .device_codes
        .iter_mut()
        .find(|d| d.device_code == device_code && d.client_id.eq_ignore_ascii_case(client_id))
    else {
        return Err(AadError::new(
            "bad_verification_code",
            70000,
            "The device_code was not recognized.",
        ));
    };
    if now > record.expires_at {
        return Err(AadError::new(
            "expired_token",
            70019,
            "Verification code expired.",
        ));
    }
    let interval = i64::try_from(record.interval_secs)
        .ok()
        .and_then(TimeDelta::try_seconds)
        .unwrap_or(TimeDelta::MAX);
    // A little slack for timer jitter; a client waiting `interval` between polls never trips it.
    let too_soon = record.last_poll.is_some_and(|last| {
        now.signed_duration_since(last) + TimeDelta::milliseconds(50) < interval
    });
    record.last_poll = Some(now);
    if too_soon {
        return Err(AadError::new(
            "slow_down",
            70016,
            format!(
                "OAuth 2.0 device flow error. The client polled more often than the interval of {} s (RFC 8628 slow_down).",
                record.interval_secs
            ),
        ));
    }
    match record.state.clone() {
        DeviceState::Pending => Err(AadError::new(
            "authorization_pending",
            70016,
            "OAuth 2.0 device flow error. Authorization is pending. Continue polling.",
        )),
        DeviceState::Declined { code, description } => {
            Err(AadError::new("authorization_declined", code, description))
        }
        DeviceState::ConsentMissing => {
            record.state = DeviceState::Redeemed;
            Err(consent_required_error())
        }
        DeviceState::Redeemed => Err(AadError::new(
            "invalid_grant",
            54005,
            "The device code was already redeemed, please start a new device code flow or use an existing refresh token.",
        )),
        DeviceState::Approved { user_id, grant } => {
            record.state = DeviceState::Redeemed;
            if let Some(refused) = consent::token_refusal(&st) {
                return Err(refused);
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
    }
}

fn pending_index(st: &TenantState, user_code: &str) -> Option<usize> {
    let wanted: String = user_code
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_uppercase();
    let now = st.now();
    st.device_codes.iter().position(|d| {
        d.user_code == wanted && matches!(d.state, DeviceState::Pending) && now <= d.expires_at
    })
}

/// What a person does on the device login page: signs in as `user` (default: the tenant's first
/// user) and answers the consent screen as the ConsentMode says. False if the code is not pending.
pub(in super::super) fn approve(st: &mut TenantState, user_code: &str, user: Option<&str>) -> bool {
    let Some(i) = pending_index(st, user_code) else {
        return false;
    };
    let user_id = match user {
        Some(email) => st.user_by_email(email).map(|u| u.id.clone()),
        None => st.users.first().map(|u| u.id.clone()),
    };
    let Some(user_id) = user_id else {
        return false;
    };
    let requested = st.device_codes[i].requested.clone();
    let new_state = match consent::decide(st, &user_id, &requested.scopes, Prompt::Default) {
        Outcome::Granted(scopes) => DeviceState::Approved {
            user_id,
            grant: Grant {
                scopes,
                ..requested
            },
        },
        Outcome::GrantedButNotRecorded => DeviceState::ConsentMissing,
        Outcome::Refused(e) => DeviceState::Declined {
            code: e.code,
            description: e.text,
        },
    };
    st.device_codes[i].state = new_state;
    true
}

/// The person presses "Cancel" on the device login page.
pub(in super::super) fn decline(st: &mut TenantState, user_code: &str) -> bool {
    let Some(i) = pending_index(st, user_code) else {
        return false;
    };
    st.device_codes[i].state = DeviceState::Declined {
        code: 70000,
        description: "The user declined the device code sign-in request.".into(),
    };
    true
}

pub(in super::super) async fn login_page() -> Html<String> {
    Html(page(
        "Enter code",
        "<p>Enter the code displayed on your app or device.</p>\
         <form method=\"post\" action=\"/devicelogin\">\
         <input name=\"otc\" placeholder=\"Code\" autofocus> \
         <input name=\"login_hint\" placeholder=\"Sign in as (optional)\"> \
         <button name=\"action\" value=\"approve\">Next</button> \
         <button name=\"action\" value=\"decline\">Cancel</button></form>",
    ))
}

/// The wire form of the device login page.
#[derive(Deserialize)]
pub(in super::super) struct LoginForm {
    otc: String,
    #[serde(default)]
    login_hint: String,
    #[serde(default)]
    action: String,
}

pub(in super::super) async fn login_submit(
    State(shared): State<Arc<Shared>>,
    Form(f): Form<LoginForm>,
) -> Response {
    let mut st = shared.lock();
    let user = Some(f.login_hint.trim()).filter(|s| !s.is_empty());
    let done = if f.action == "decline" {
        decline(&mut st, &f.otc)
    } else {
        approve(&mut st, &f.otc, user)
    };
    let body = if done {
        "<p>You have signed in to the Rally UXR application on your device. You may now close this window.</p>".to_string()
    } else {
        format!(
            "<p>That code didn't work: '{}' is not a pending code, or the user is unknown. <a href=\"/devicelogin\">Try again</a>.</p>",
            html_escape(&f.otc)
        )
    };
    let status = if done { 200 } else { 400 };
    (
        axum::http::StatusCode::from_u16(status).unwrap_or_default(),
        Html(page("Device sign-in", &body)),
    )
        .into_response()
}

fn page(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html><html><head><title>{title}</title></head><body><h1>{title}</h1>{body}</body></html>"
    )
}
