//! What every Graph request passes first: the bearer token (issued here, unexpired, for this
//! Graph's audience), Outlook's limit of 4 concurrent requests per mailbox, and an injected delay
//! or hold (served while the mailbox slot is held, so concurrency can be provoked).

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;

use super::super::odd_mailboxes::{NOT_ENABLED_CODE, NOT_ENABLED_MESSAGE};
use super::super::state::{GRAPH_APP_ID, Shared};
use super::errors::graph_error;

/// Outlook service limit: concurrent requests per app and mailbox (G-THL).
const MAILBOX_CONCURRENCY: u32 = 4;

/// A delay a fault asked for, applied by the gate.
#[derive(Clone, Copy)]
pub(in super::super) struct PendingDelay(pub(in super::super) u64);

/// A Hold fault hit this request: wait for the harness's release, applied by the gate.
#[derive(Clone, Copy)]
pub(in super::super) struct PendingHold;

/// The authenticated caller of a Graph request.
#[derive(Clone)]
pub(super) struct Caller {
    pub(super) user_id: String,
    pub(super) email: String,
    pub(super) scopes: BTreeSet<String>,
    pub(super) client_request_id: Option<String>,
}

impl Caller {
    /// 403 ErrorAccessDenied unless the token holds one of `any_of`.
    pub(super) fn require(&self, any_of: &[&str]) -> Result<(), Response> {
        if any_of.iter().any(|s| self.scopes.contains(*s)) {
            return Ok(());
        }
        Err(graph_error(
            StatusCode::FORBIDDEN,
            "ErrorAccessDenied",
            "Access is denied. Check credentials and try again.",
            self.client_request_id.as_deref(),
        ))
    }
}

pub(super) fn client_request_id(headers: &HeaderMap) -> Option<String> {
    headers
        .get("client-request-id")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}

pub(super) async fn gate(
    State(shared): State<Arc<Shared>>,
    mut req: Request,
    next: Next,
) -> Response {
    let caller = match authenticate(&shared, req.headers()) {
        Ok(c) => c,
        Err(r) => return r,
    };
    // A guest or a mailbox Exchange Online does not host has a directory entry (/me) but no
    // mailbox Graph can reach: every mail and calendar call is 404 MailboxNotEnabledForRESTAPI.
    if req.uri().path() != "/v1.0/me" && mailbox_unreachable(&shared, &caller.email) {
        return graph_error(
            StatusCode::NOT_FOUND,
            NOT_ENABLED_CODE,
            NOT_ENABLED_MESSAGE,
            caller.client_request_id.as_deref(),
        );
    }
    // /me is a directory (user) resource; the Outlook limit applies to mail and calendar calls.
    let slot = if req.uri().path() == "/v1.0/me" {
        None
    } else {
        match MailboxSlot::acquire(&shared, &caller.email) {
            Some(s) => Some(s),
            None => {
                let mut r = graph_error(
                    StatusCode::TOO_MANY_REQUESTS,
                    "ApplicationThrottled",
                    "Application is over its MailboxConcurrency limit.",
                    caller.client_request_id.as_deref(),
                );
                r.headers_mut()
                    .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
                return r;
            }
        }
    };
    if let Some(PendingDelay(ms)) = req.extensions().get::<PendingDelay>().copied() {
        tokio::time::sleep(Duration::from_millis(ms)).await;
    }
    if req.extensions().get::<PendingHold>().is_some() {
        shared.holds.hold().await;
    }
    req.extensions_mut().insert(caller);
    let response = next.run(req).await;
    drop(slot);
    response
}

fn mailbox_unreachable(shared: &Shared, email: &str) -> bool {
    shared
        .lock()
        .mailbox_kind(email)
        .is_some_and(|k| k.mailbox_unreachable())
}

fn unauthorized(shared: &Shared, message: &str, client_request_id: Option<&str>) -> Response {
    let mut r = graph_error(
        StatusCode::UNAUTHORIZED,
        "InvalidAuthenticationToken",
        message,
        client_request_id,
    );
    let challenge = format!(
        "Bearer realm=\"\", authorization_uri=\"{}/common/oauth2/authorize\", client_id=\"{GRAPH_APP_ID}\"",
        shared.base_url
    );
    if let Ok(v) = HeaderValue::from_str(&challenge) {
        r.headers_mut().insert(header::WWW_AUTHENTICATE, v);
    }
    r
}

fn authenticate(shared: &Shared, headers: &HeaderMap) -> Result<Caller, Response> {
    let crid = client_request_id(headers);
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, t)| t.trim())
        .filter(|t| !t.is_empty());
    let Some(token) = token else {
        return Err(unauthorized(
            shared,
            "Access token is empty.",
            crid.as_deref(),
        ));
    };
    let st = shared.lock();
    let Some(record) = st.access_tokens.get(token) else {
        return Err(unauthorized(
            shared,
            "Access token validation failure. Invalid JWT token.",
            crid.as_deref(),
        ));
    };
    if record.expires_at <= st.now() {
        return Err(unauthorized(
            shared,
            "Lifetime validation failed, the token is expired.",
            crid.as_deref(),
        ));
    }
    if !record.audience.eq_ignore_ascii_case(&shared.graph_resource) {
        return Err(unauthorized(
            shared,
            "Access token validation failure. Invalid audience.",
            crid.as_deref(),
        ));
    }
    let email = st
        .user_by_id(&record.user_id)
        .map(|u| u.user.email.clone())
        .unwrap_or_default();
    Ok(Caller {
        user_id: record.user_id.clone(),
        email,
        scopes: record.scopes.clone(),
        client_request_id: crid,
    })
}

/// One of a mailbox's concurrent-request slots, given back on drop (also when the client
/// hangs up mid-request).
struct MailboxSlot {
    shared: Arc<Shared>,
    mailbox: String,
}

impl MailboxSlot {
    fn acquire(shared: &Arc<Shared>, mailbox: &str) -> Option<MailboxSlot> {
        let key = mailbox.to_ascii_lowercase();
        let mut st = shared.lock();
        let n = st.mailbox_inflight.entry(key.clone()).or_insert(0);
        if *n >= MAILBOX_CONCURRENCY {
            return None;
        }
        *n += 1;
        Some(MailboxSlot {
            shared: shared.clone(),
            mailbox: key,
        })
    }
}

impl Drop for MailboxSlot {
    fn drop(&mut self) {
        let mut st = self.shared.lock();
        if let Some(n) = st.mailbox_inflight.get_mut(&self.mailbox) {
            *n = n.saturating_sub(1);
        }
    }
}
