//! The one-shot redirect listener: bound to 127.0.0.1 on a port the OS picks, it takes the
//! identity platform's answer by POST (form_post) or GET, checks `state`, answers the browser
//! with a page saying what happened, and stops after the first answer that carries the right
//! state. Answers with a wrong or missing state get an error page and are ignored.

use std::collections::HashMap;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use tokio::net::TcpListener;
use tokio::sync::oneshot;

use crate::redact::Secret;

/// What the browser brought back.
#[derive(Debug)]
pub enum RedirectAnswer {
    /// An authorization code (sign-in).
    Code(Secret),
    /// The admin-consent result (`admin_consent=True`, `tenant`, `scope`).
    AdminConsent {
        tenant: Option<String>,
        scope: Option<String>,
    },
    /// An error redirect (`error`, `error_description`).
    Error {
        error: String,
        description: Option<String>,
    },
}

/// Which flow is waiting, for the wording of the browser page.
#[derive(Debug, Clone, Copy)]
pub enum Purpose {
    SignIn,
    AdminConsent,
}

#[derive(Debug, thiserror::Error)]
pub enum LoopbackError {
    #[error("cannot listen on 127.0.0.1: {0}")]
    Bind(std::io::Error),
    #[error("no answer came back within {0} seconds")]
    TimedOut(u64),
    #[error("the listener stopped: {0}")]
    Server(std::io::Error),
}

pub struct LoopbackListener {
    listener: TcpListener,
    port: u16,
}

struct Shared {
    expected_state: Secret,
    purpose: Purpose,
    port: u16,
    answer: Mutex<Option<oneshot::Sender<RedirectAnswer>>>,
}

impl LoopbackListener {
    /// Binds 127.0.0.1 only (RFC 8252 §8.3), on a port the OS picks.
    pub async fn bind() -> Result<LoopbackListener, LoopbackError> {
        let listener = TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, 0)))
            .await
            .map_err(LoopbackError::Bind)?;
        let port = listener.local_addr().map_err(LoopbackError::Bind)?.port();
        Ok(LoopbackListener { listener, port })
    }

    /// `http://localhost:{port}/`: the registration holds `http://localhost`, and the identity
    /// platform ignores the port for localhost (protocol.md §1.4).
    pub fn redirect_uri(&self) -> String {
        format!("http://localhost:{}/", self.port)
    }

    /// Serves until an answer with the expected state arrives, or the timeout.
    pub async fn wait(
        self,
        expected_state: &Secret,
        purpose: Purpose,
        timeout: Duration,
    ) -> Result<RedirectAnswer, LoopbackError> {
        let (tx, rx) = oneshot::channel();
        let shared = Arc::new(Shared {
            expected_state: expected_state.clone(),
            purpose,
            port: self.port,
            answer: Mutex::new(Some(tx)),
        });
        let app = Router::new().fallback(handle).with_state(shared);
        let (done_tx, done_rx) = oneshot::channel::<()>();
        let server = axum::serve(self.listener, app).with_graceful_shutdown(async {
            let _ = done_rx.await;
        });
        let server = tokio::spawn(async move { server.await });
        let outcome = tokio::time::timeout(timeout, rx).await;
        let _ = done_tx.send(());
        // Give the success page a moment to reach the browser before the process moves on.
        let _ = tokio::time::timeout(Duration::from_secs(2), server).await;
        match outcome {
            Ok(Ok(answer)) => Ok(answer),
            Ok(Err(_)) => Err(LoopbackError::Server(std::io::Error::other(
                "listener closed",
            ))),
            Err(_) => Err(LoopbackError::TimedOut(timeout.as_secs())),
        }
    }
}

async fn handle(
    State(shared): State<Arc<Shared>>,
    method: Method,
    uri: axum::http::Uri,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
    body: Bytes,
) -> Response {
    if !host_is_ours(&headers, shared.port) {
        return page(
            StatusCode::MISDIRECTED_REQUEST,
            "Wrong host",
            "This listener only answers localhost.",
        );
    }
    if uri.path() != "/" {
        return (StatusCode::NOT_FOUND, "not found").into_response();
    }
    let fields: HashMap<String, String> = match method {
        Method::GET => parse_form(query.as_deref().unwrap_or("")),
        Method::POST => {
            let is_form = headers
                .get(header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
            if !is_form {
                return page(
                    StatusCode::UNSUPPORTED_MEDIA_TYPE,
                    "Unexpected request",
                    "Expected a form post.",
                );
            }
            parse_form(&String::from_utf8_lossy(&body))
        }
        _ => return (StatusCode::METHOD_NOT_ALLOWED, "method not allowed").into_response(),
    };
    if fields.is_empty() {
        return page(
            StatusCode::BAD_REQUEST,
            "Nothing to do here",
            "This address waits for Microsoft's sign-in answer. You can close this tab.",
        );
    }
    let state_ok = fields
        .get("state")
        .is_some_and(|s| constant_time_eq(s.as_bytes(), shared.expected_state.expose().as_bytes()));
    if !state_ok {
        tracing::info!("loopback: ignored an answer with a wrong or missing state");
        return page(
            StatusCode::BAD_REQUEST,
            "This answer was ignored",
            "It does not belong to the sign-in that rally-m365 is waiting for (the state does not match). \
             Return to the terminal; the sign-in there is still waiting.",
        );
    }
    let answer = answer_from(&fields, shared.purpose);
    let response = match (&answer, shared.purpose) {
        (RedirectAnswer::Error { error, description }, _) => page(
            StatusCode::OK,
            "The sign-in did not complete",
            &format!(
                "Microsoft answered: {}. Return to the terminal for what to do next. You can close this tab.",
                html_escape(
                    description
                        .as_deref()
                        .unwrap_or(error)
                        .lines()
                        .next()
                        .unwrap_or(error)
                )
            ),
        ),
        (_, Purpose::SignIn) => page(
            StatusCode::OK,
            "You're signed in",
            "rally-m365 received the sign-in. You can close this tab and return to the terminal.",
        ),
        (_, Purpose::AdminConsent) => page(
            StatusCode::OK,
            "Approval received",
            "rally-m365 received the administrator's answer. You can close this tab and return to the terminal.",
        ),
    };
    if let Some(tx) = shared.answer.lock().expect("poisoned").take() {
        let _ = tx.send(answer);
    }
    response
}

fn answer_from(fields: &HashMap<String, String>, purpose: Purpose) -> RedirectAnswer {
    if let Some(error) = fields.get("error") {
        return RedirectAnswer::Error {
            error: error.clone(),
            description: fields.get("error_description").cloned(),
        };
    }
    match (purpose, fields.get("code")) {
        (Purpose::SignIn, Some(code)) => RedirectAnswer::Code(Secret::new(code.clone())),
        (Purpose::AdminConsent, _)
            if fields
                .get("admin_consent")
                .is_some_and(|v| v.eq_ignore_ascii_case("true")) =>
        {
            RedirectAnswer::AdminConsent {
                tenant: fields.get("tenant").cloned(),
                scope: fields.get("scope").cloned(),
            }
        }
        _ => RedirectAnswer::Error {
            error: "invalid_response".into(),
            description: Some("the answer carried neither a code nor an error".into()),
        },
    }
}

fn parse_form(text: &str) -> HashMap<String, String> {
    url::form_urlencoded::parse(text.as_bytes())
        .into_owned()
        .collect()
}

/// Only requests addressed to our own loopback name are answered (a DNS-rebinding guard).
fn host_is_ours(headers: &HeaderMap, port: u16) -> bool {
    let Some(host) = headers.get(header::HOST).and_then(|h| h.to_str().ok()) else {
        return false;
    };
    host == format!("localhost:{port}") || host == format!("127.0.0.1:{port}")
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn html_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn page(status: StatusCode, title: &str, text: &str) -> Response {
    let body = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title} - rally-m365</title>\
<style>body{{font-family:system-ui,sans-serif;max-width:36em;margin:4em auto;line-height:1.5}}</style></head>\
<body><h1>{title}</h1><p>{text}</p></body></html>"
    );
    let mut response = (status, Html(body)).into_response();
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        "no-store".parse().expect("static header"),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_redirect_wins_over_a_code() {
        let f: HashMap<String, String> = [("error", "access_denied"), ("code", "x")]
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        assert!(matches!(
            answer_from(&f, Purpose::SignIn),
            RedirectAnswer::Error { .. }
        ));
    }

    #[test]
    fn host_check_accepts_only_our_port() {
        let mut h = HeaderMap::new();
        h.insert(header::HOST, "localhost:4000".parse().unwrap());
        assert!(host_is_ours(&h, 4000));
        assert!(!host_is_ours(&h, 4001));
        h.insert(header::HOST, "evil.example:4000".parse().unwrap());
        assert!(!host_is_ours(&h, 4000));
    }
}
