//! Graph's error body (`error.code`, `error.message`, `error.innerError` with date and request
//! ids) and the request-id headers every Graph answer carries.

use axum::Json;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use serde::Serialize;

use super::super::ids;

#[derive(Serialize)]
struct ErrorBody<'a> {
    error: ErrorDetail<'a>,
}

#[derive(Serialize)]
struct ErrorDetail<'a> {
    code: &'a str,
    message: &'a str,
    #[serde(rename = "innerError")]
    inner_error: InnerError,
}

#[derive(Serialize)]
struct InnerError {
    date: String,
    #[serde(rename = "request-id")]
    request_id: String,
    #[serde(rename = "client-request-id")]
    client_request_id: String,
}

/// A Graph error answer; `client_request_id` is echoed when the client sent one.
pub(in super::super) fn graph_error(
    status: StatusCode,
    code: &str,
    message: &str,
    client_request_id: Option<&str>,
) -> Response {
    let request_id = ids::guid();
    let client_request_id = client_request_id.map_or_else(ids::guid, str::to_string);
    let body = ErrorBody {
        error: ErrorDetail {
            code,
            message,
            inner_error: InnerError {
                date: ids::graph_date(Utc::now()),
                request_id: request_id.clone(),
                client_request_id: client_request_id.clone(),
            },
        },
    };
    let mut response = (status, Json(body)).into_response();
    add_request_ids(&mut response, &request_id, &client_request_id);
    response
}

pub(super) fn add_request_ids(response: &mut Response, request_id: &str, client_request_id: &str) {
    let h = response.headers_mut();
    if let Ok(v) = HeaderValue::from_str(request_id) {
        h.insert("request-id", v);
    }
    if let Ok(v) = HeaderValue::from_str(client_request_id) {
        h.insert("client-request-id", v);
    }
}

/// 400 with a Graph body.
pub(super) fn bad_request(code: &str, message: &str, client_request_id: Option<&str>) -> Response {
    graph_error(StatusCode::BAD_REQUEST, code, message, client_request_id)
}
