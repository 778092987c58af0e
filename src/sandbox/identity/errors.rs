//! The identity platform's error answers: the token-endpoint JSON body (protocol.md §1.11), the
//! parameters of an error redirect, and the HTML error page shown when nothing may be redirected.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use chrono::Utc;
use serde::Serialize;

use super::super::ids;

/// One AADSTS error, before it is rendered in one of the three shapes.
#[derive(Debug, Clone)]
pub(in super::super) struct AadError {
    pub(in super::super) status: StatusCode,
    /// OAuth `error` value (`invalid_grant`, ...).
    pub(in super::super) error: &'static str,
    pub(in super::super) code: u32,
    /// The text after `AADSTSnnnn: `.
    pub(in super::super) text: String,
    pub(in super::super) suberror: Option<&'static str>,
    pub(in super::super) error_subcode: Option<&'static str>,
}

/// The wire body of a token-endpoint error.
#[derive(Serialize)]
struct TokenErrorBody {
    error: &'static str,
    error_description: String,
    error_codes: Vec<u32>,
    timestamp: String,
    trace_id: String,
    correlation_id: String,
    error_uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    suberror: Option<&'static str>,
}

impl AadError {
    pub(in super::super) fn new(
        error: &'static str,
        code: u32,
        text: impl Into<String>,
    ) -> AadError {
        AadError {
            status: StatusCode::BAD_REQUEST,
            error,
            code,
            text: text.into(),
            suberror: None,
            error_subcode: None,
        }
    }

    pub(in super::super) fn status(mut self, status: StatusCode) -> AadError {
        self.status = status;
        self
    }

    pub(in super::super) fn suberror(mut self, suberror: &'static str) -> AadError {
        self.suberror = Some(suberror);
        self
    }

    pub(in super::super) fn subcode(mut self, subcode: &'static str) -> AadError {
        self.error_subcode = Some(subcode);
        self
    }

    /// AADSTS900144: a required parameter is missing.
    pub(in super::super) fn missing(name: &str) -> AadError {
        AadError::new(
            "invalid_request",
            900144,
            format!("The request body must contain the following parameter: '{name}'."),
        )
    }

    /// `AADSTSnnnn: text` followed by the trace lines Microsoft appends.
    fn description(&self, trace_id: &str, correlation_id: &str, timestamp: &str) -> String {
        format!(
            "AADSTS{}: {}\r\nTrace ID: {trace_id}\r\nCorrelation ID: {correlation_id}\r\nTimestamp: {timestamp}",
            self.code, self.text
        )
    }

    /// The token endpoint's JSON error (status 400, or 401 for `invalid_client`).
    pub(in super::super) fn token_response(&self, base_url: &str) -> Response {
        let (trace_id, correlation_id) = (ids::guid(), ids::guid());
        let timestamp = ids::aad_timestamp(Utc::now());
        let body = TokenErrorBody {
            error: self.error,
            error_description: self.description(&trace_id, &correlation_id, &timestamp),
            error_codes: vec![self.code],
            timestamp,
            trace_id,
            correlation_id,
            error_uri: format!("{base_url}/error?code={}", self.code),
            suberror: self.suberror,
        };
        let mut response = (self.status, axum::Json(body)).into_response();
        no_store(&mut response);
        response
    }

    /// The parameters of an error redirect (RFC 6749 §4.1.2.1), `state` echoed when sent.
    pub(in super::super) fn redirect_params(
        &self,
        base_url: &str,
        state: Option<&str>,
    ) -> Vec<(String, String)> {
        let description =
            self.description(&ids::guid(), &ids::guid(), &ids::aad_timestamp(Utc::now()));
        let mut params = vec![("error".to_string(), self.error.to_string())];
        if let Some(sub) = self.error_subcode {
            params.push(("error_subcode".into(), sub.into()));
        }
        params.push(("error_description".into(), description));
        params.push((
            "error_uri".into(),
            format!("{base_url}/error?code={}", self.code),
        ));
        if let Some(state) = state {
            params.push(("state".into(), state.to_string()));
        }
        params
    }

    /// Microsoft's own error page: shown in the browser, nothing reaches the app.
    pub(in super::super) fn page(&self) -> Response {
        let body = format!(
            "<!DOCTYPE html><html><head><title>Sign in to your account</title></head><body>\
             <h1>Sorry, but we're having trouble signing you in.</h1>\
             <p id=\"error\">AADSTS{}: {}</p>\
             <p>Trace ID: {}<br>Correlation ID: {}<br>Timestamp: {}</p></body></html>",
            self.code,
            html_escape(&self.text),
            ids::guid(),
            ids::guid(),
            ids::aad_timestamp(Utc::now()),
        );
        (StatusCode::BAD_REQUEST, Html(body)).into_response()
    }
}

/// Token responses must not be cached (RFC 6749 §5.1).
pub(in super::super) fn no_store(response: &mut Response) {
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(header::PRAGMA, HeaderValue::from_static("no-cache"));
}

/// Escapes text for HTML element content and quoted attribute values.
pub(in super::super) fn html_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn token_error_body_has_microsofts_shape() {
        let err = AadError::new("invalid_grant", 65001, "No consent.").suberror("consent_required");
        let response = err.token_response("http://127.0.0.1:1");
        assert_eq!(response.status(), StatusCode::BAD_REQUEST);
        assert_eq!(response.headers()[header::CACHE_CONTROL], "no-store");
        let bytes = axum::body::to_bytes(response.into_body(), 1 << 20)
            .await
            .unwrap();
        let v: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(v["error"], "invalid_grant");
        assert_eq!(v["error_codes"], serde_json::json!([65001]));
        assert_eq!(v["suberror"], "consent_required");
        let desc = v["error_description"].as_str().unwrap();
        assert!(desc.starts_with("AADSTS65001: No consent.\r\nTrace ID: "));
        assert!(desc.contains("\r\nCorrelation ID: "));
        let ts = v["timestamp"].as_str().unwrap();
        assert_eq!(ts.len(), 20);
        assert_eq!(&ts[10..11], " ");
        assert!(desc.ends_with(&format!("Timestamp: {ts}")));
    }

    #[test]
    fn redirect_params_echo_state() {
        let p = AadError::new("access_denied", 65004, "declined")
            .subcode("cancel")
            .redirect_params("http://x", Some("s1"));
        let names: Vec<&str> = p.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(
            names,
            [
                "error",
                "error_subcode",
                "error_description",
                "error_uri",
                "state"
            ]
        );
        assert_eq!(p[4].1, "s1");
    }

    #[test]
    fn html_escape_covers_quotes() {
        assert_eq!(html_escape("a\"<b>&'"), "a&quot;&lt;b&gt;&amp;&#39;");
    }
}
