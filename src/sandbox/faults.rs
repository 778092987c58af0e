//! Fault injection: the first armed fault whose path prefix matches a request answers it
//! (throttling, outages, timeouts, a dropped connection, before or after the server acted) or
//! delays it; each use counts down.

use std::sync::Arc;
use std::time::Duration;

use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::conn::ConnKill;
use super::graph::{PendingDelay, PendingHold, graph_error};
use super::identity::AadError;
use super::model::FaultKind;
use super::state::Shared;

/// Marks a response that was never sent because the connection was dropped.
#[derive(Clone, Copy)]
pub(super) struct Dropped;

pub(super) async fn apply(
    State(shared): State<Arc<Shared>>,
    mut req: Request,
    next: Next,
) -> Response {
    let path = req.uri().path().to_string();
    if path.starts_with("/_sandbox") {
        return next.run(req).await;
    }
    let Some(kind) = take(&shared, &path) else {
        return next.run(req).await;
    };
    match kind {
        FaultKind::Delay { ms } => {
            if path.starts_with("/v1.0/") {
                // Graph sleeps while holding the mailbox's concurrency slot (see graph::gate).
                req.extensions_mut().insert(PendingDelay(ms));
            } else {
                tokio::time::sleep(Duration::from_millis(ms)).await;
            }
            next.run(req).await
        }
        FaultKind::Hold => {
            if path.starts_with("/v1.0/") {
                // Graph waits while holding the mailbox's concurrency slot (see graph::gate).
                req.extensions_mut().insert(PendingHold);
            } else {
                shared.holds.hold().await;
            }
            next.run(req).await
        }
        FaultKind::Raw {
            status,
            headers,
            body,
        } => raw_response(status, &headers, body),
        FaultKind::RewriteJson { field, value } => {
            let response = next.run(req).await;
            rewrite_json(response, &field, value).await
        }
        FaultKind::DropConnection => {
            if let Some(ConnectInfo(conn)) = req.extensions().get::<ConnectInfo<ConnKill>>() {
                conn.kill();
            }
            let mut response = StatusCode::INTERNAL_SERVER_ERROR.into_response();
            response.extensions_mut().insert(Dropped);
            response
        }
        FaultKind::DropAfterCommit => {
            let conn = req.extensions().get::<ConnectInfo<ConnKill>>().cloned();
            // The handler runs to completion (the state is changed) before the socket dies, so
            // nothing of its answer reaches the client.
            let mut response = next.run(req).await;
            if let Some(ConnectInfo(conn)) = conn {
                conn.kill();
            }
            response.extensions_mut().insert(Dropped);
            response
        }
        other => {
            let client_request_id = req
                .headers()
                .get("client-request-id")
                .and_then(|v| v.to_str().ok())
                .map(str::to_string);
            error_response(&shared, &path, &other, client_request_id.as_deref())
        }
    }
}

/// Takes one use of the first matching fault.
fn take(shared: &Shared, path: &str) -> Option<FaultKind> {
    let mut st = shared.lock();
    let i = st
        .faults
        .iter()
        .position(|f| f.times > 0 && path.starts_with(&f.path_prefix))?;
    let fault = &mut st.faults[i];
    fault.times -= 1;
    let kind = fault.kind.clone();
    if fault.times == 0 {
        st.faults.remove(i);
    }
    Some(kind)
}

fn is_identity(path: &str) -> bool {
    path.contains("/oauth2/") || path.ends_with("/adminconsent") || path == "/devicelogin"
}

fn error_response(
    shared: &Shared,
    path: &str,
    kind: &FaultKind,
    client_request_id: Option<&str>,
) -> Response {
    let (status, retry_after) = match kind {
        FaultKind::TooManyRequests { retry_after_secs } => {
            (StatusCode::TOO_MANY_REQUESTS, Some(*retry_after_secs))
        }
        FaultKind::Unavailable { retry_after_secs } => {
            (StatusCode::SERVICE_UNAVAILABLE, *retry_after_secs)
        }
        FaultKind::GatewayTimeout => (StatusCode::GATEWAY_TIMEOUT, None),
        _ => (StatusCode::INTERNAL_SERVER_ERROR, None),
    };
    let mut response = if is_identity(path) {
        let (error, code, text) = match status {
            StatusCode::TOO_MANY_REQUESTS => (
                "temporarily_unavailable",
                90055,
                "There are too many incoming requests. Try again later.",
            ),
            StatusCode::SERVICE_UNAVAILABLE => (
                "temporarily_unavailable",
                90006,
                "The service is temporarily unavailable.",
            ),
            StatusCode::GATEWAY_TIMEOUT => (
                "temporarily_unavailable",
                90012,
                "The request has timed out.",
            ),
            _ => (
                "server_error",
                90024,
                "A transient error has occurred. Try again.",
            ),
        };
        AadError::new(error, code, text)
            .status(status)
            .token_response(&shared.base_url)
    } else {
        let (code, message) = match status {
            StatusCode::TOO_MANY_REQUESTS => (
                "TooManyRequests",
                "Too many requests, retry after the time given in Retry-After.",
            ),
            StatusCode::SERVICE_UNAVAILABLE => (
                "serviceNotAvailable",
                "The service is temporarily unavailable.",
            ),
            StatusCode::GATEWAY_TIMEOUT => ("UnknownError", "Gateway timeout."),
            _ => ("generalException", "General exception while processing."),
        };
        graph_error(status, code, message, client_request_id)
    };
    if let Some(secs) = retry_after
        && let Ok(v) = HeaderValue::from_str(&secs.to_string())
    {
        response.headers_mut().insert(header::RETRY_AFTER, v);
    }
    response
}

fn raw_response(status: u16, headers: &[(String, String)], body: String) -> Response {
    let mut response = body.into_response();
    *response.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_GATEWAY);
    response.headers_mut().remove(header::CONTENT_TYPE);
    for (name, value) in headers {
        if let (Ok(name), Ok(value)) = (
            header::HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(value),
        ) {
            response.headers_mut().insert(name, value);
        }
    }
    response
}

/// The normal answer with one top-level JSON field replaced.
async fn rewrite_json(response: Response, field: &str, value: serde_json::Value) -> Response {
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 16 * 1024 * 1024).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let Ok(mut json) = serde_json::from_slice::<serde_json::Value>(&bytes) else {
        return Response::from_parts(parts, axum::body::Body::from(bytes));
    };
    if let Some(object) = json.as_object_mut() {
        object.insert(field.to_owned(), value);
    }
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, axum::body::Body::from(json.to_string()))
}
