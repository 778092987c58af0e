//! The request log: method, path, the token request's grant_type and the status sent, in order
//! of completion. Control-API calls (`/_sandbox/...`) are the harness, not the client: not logged.

use std::sync::Arc;

use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::faults::Dropped;
use super::model::RecordedRequest;
use super::state::Shared;

const MAX_BODY: usize = 4 << 20;

pub(super) async fn record(
    State(shared): State<Arc<Shared>>,
    req: Request,
    next: Next,
) -> Response {
    let method = req.method().to_string();
    let path = req.uri().path().to_string();
    if path.starts_with("/_sandbox") {
        return next.run(req).await;
    }
    let (req, grant_type) = if method == "POST" && path.ends_with("/oauth2/v2.0/token") {
        let (parts, body) = req.into_parts();
        let Ok(bytes) = to_bytes(body, MAX_BODY).await else {
            return StatusCode::PAYLOAD_TOO_LARGE.into_response();
        };
        let grant_type = url::form_urlencoded::parse(&bytes)
            .find(|(k, _)| k == "grant_type")
            .map(|(_, v)| v.into_owned());
        (Request::from_parts(parts, Body::from(bytes)), grant_type)
    } else {
        (req, None)
    };
    let response = next.run(req).await;
    let status = if response.extensions().get::<Dropped>().is_some() {
        0
    } else {
        response.status().as_u16()
    };
    shared.lock().requests.push(RecordedRequest {
        method,
        path,
        grant_type,
        status,
    });
    response
}
