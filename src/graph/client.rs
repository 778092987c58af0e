//! One authenticated Graph client per command, with an explicit retry policy per kind of
//! request. Every request sends `Prefer: outlook.timezone="UTC"` so times come back in one zone.
//!
//! What may be sent again (Microsoft Graph throttling guidance, "Best practices to handle
//! throttling": honour `Retry-After`, back off):
//! - a read (GET, getSchedule) after a throttle, an outage or a dropped connection;
//! - a write that carries an idempotency key (an event with a `transactionId`) likewise, since
//!   the service answers a repeat with the event it already made;
//! - a write without one (sendMail) only when it cannot have reached the server: the
//!   connection was never made, or the service refused it outright with 429/503. After a
//!   dropped connection or a timeout its outcome is unknown, and it is reported so, never
//!   repeated.
//!
//! A 401 while the sign-in is still good (a revoked session, clock skew) renews the access
//! token once and sends the request once more.

use std::future::Future;
use std::pin::Pin;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use reqwest::{Method, StatusCode, header};
use serde::Serialize;
use serde::de::DeserializeOwned;
use url::Url;

use crate::error::AppError;
use crate::graph::error::{ErrorEnvelope, GraphError};
use crate::graph::retry::{Backoff, RetryAfter, Verdict};
use crate::http::{BodyError, MAX_BODY_BYTES, error_chain, read_body_capped};
use crate::redact::{self, Secret};

/// Whether a request may be sent again when its first try's outcome is not known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RequestKind {
    /// Reads nothing but data: GET, getSchedule.
    Read,
    /// A write the service de-duplicates by a key in the request (`transactionId`).
    KeyedWrite,
    /// A write with no idempotency key (sendMail): never repeated once it may have arrived.
    UnkeyedWrite,
}

/// A fresh access token after Graph refused the current one with 401.
pub trait Renew {
    fn renew<'a>(
        &'a self,
        rejected: &'a Secret,
    ) -> Pin<Box<dyn Future<Output = Result<Secret, AppError>> + 'a>>;
}

pub struct GraphClient {
    http: reqwest::Client,
    /// `{graph root}/v1.0`
    base: String,
    token: Mutex<Secret>,
    renewer: Option<Box<dyn Renew>>,
    backoff: Backoff,
}

/// What a successful request gave: the body, and the headers worth keeping.
struct Answer {
    status: StatusCode,
    body: Vec<u8>,
}

impl GraphClient {
    /// A client with a token that cannot be renewed (fresh from a sign-in).
    pub fn new(http: reqwest::Client, graph_root: &Url, token: Secret) -> GraphClient {
        GraphClient {
            http,
            base: format!("{}/v1.0", graph_root.as_str().trim_end_matches('/')),
            token: Mutex::new(token),
            renewer: None,
            backoff: Backoff::default(),
        }
    }

    /// Renews the token once after a 401 through `renewer`.
    pub fn with_renewer(mut self, renewer: Box<dyn Renew>) -> GraphClient {
        self.renewer = Some(renewer);
        self
    }

    pub async fn get<T: DeserializeOwned>(&self, path_and_query: &str) -> Result<T, GraphError> {
        let answer = self
            .send::<()>(Method::GET, path_and_query, None, RequestKind::Read, &[])
            .await?;
        decode(path_and_query, &answer)
    }

    /// The next page of a collection: `@odata.nextLink` is an absolute URL, and the token is
    /// sent with it only if it points at the same Graph as every other request.
    pub async fn get_next_page<T: DeserializeOwned>(
        &self,
        next_link: &str,
    ) -> Result<T, GraphError> {
        let prefix = format!("{}/", self.base);
        let Some(rest) = next_link.strip_prefix(&prefix) else {
            return Err(GraphError::Decode(format!(
                "a next page outside {}: {}",
                self.base,
                redact::one_line(next_link, 200)
            )));
        };
        self.get(rest).await
    }

    /// A POST that only reads (getSchedule): safe to retry after a dropped connection.
    pub async fn post_read<B: Serialize, T: DeserializeOwned>(
        &self,
        path: &str,
        body: &B,
    ) -> Result<T, GraphError> {
        let answer = self
            .send(Method::POST, path, Some(body), RequestKind::Read, &[])
            .await?;
        decode(path, &answer)
    }

    /// A write: its kind says whether it may be repeated. Returns the decoded answer, or
    /// `None` for an answer without a body (202/204).
    pub async fn write<B: Serialize, T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: &B,
        kind: RequestKind,
        headers: &[(&str, &str)],
    ) -> Result<Option<T>, GraphError> {
        let answer = self.send(method, path, Some(body), kind, headers).await?;
        if answer.body.is_empty() || answer.status == StatusCode::NO_CONTENT {
            return Ok(None);
        }
        decode(path, &answer).map(Some)
    }

    fn current_token(&self) -> Secret {
        self.token
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
    }

    async fn send<B: Serialize>(
        &self,
        method: Method,
        path: &str,
        body: Option<&B>,
        kind: RequestKind,
        extra_headers: &[(&str, &str)],
    ) -> Result<Answer, GraphError> {
        let url = Url::parse(&format!("{}/{}", self.base, path.trim_start_matches('/')))
            .map_err(|e| GraphError::Decode(format!("bad URL: {e}")))?;
        let shown = redact::url_for_log(&url);
        let body_bytes = match body {
            Some(b) => Some(serde_json::to_vec(b).map_err(|e| GraphError::Decode(e.to_string()))?),
            None => None,
        };
        let mut attempt: u32 = 0;
        let mut renewed = false;
        loop {
            attempt += 1;
            let token = self.current_token();
            let mut request = self
                .http
                .request(method.clone(), url.clone())
                .bearer_auth(token.expose())
                .header(header::ACCEPT, "application/json")
                .header("Prefer", "outlook.timezone=\"UTC\"");
            for (name, value) in extra_headers {
                request = request.header(*name, *value);
            }
            if let Some(bytes) = &body_bytes {
                request = request
                    .header(header::CONTENT_TYPE, "application/json")
                    .body(bytes.clone());
            }
            let started = Instant::now();
            let sent = match request.build() {
                Ok(request) => {
                    tracing::debug!(
                        "{method} {shown} (attempt {attempt}) request headers: {}",
                        crate::http::headers_for_log(request.headers())
                    );
                    self.http.execute(request).await
                }
                Err(e) => Err(e),
            };
            let response = match sent {
                Ok(r) => r,
                Err(e) => {
                    let text = error_chain(&e);
                    tracing::info!("{method} {shown} failed: {text}");
                    // A connection that was never made cannot have delivered anything.
                    let may_have_arrived = !e.is_connect() && !e.is_builder();
                    if may_have_arrived && kind == RequestKind::UnkeyedWrite {
                        tracing::info!(
                            "not retried: a write without an idempotency key may have arrived"
                        );
                        return Err(GraphError::OutcomeUnknown(text));
                    }
                    match self.backoff.after_failure(attempt, None) {
                        Verdict::RetryAfter(wait) => {
                            tracing::info!(
                                "retrying in {} ms (attempt {} of {})",
                                wait.as_millis(),
                                attempt + 1,
                                self.backoff.max_attempts
                            );
                            tokio::time::sleep(wait).await;
                            continue;
                        }
                        _ => return Err(GraphError::Network(text)),
                    }
                }
            };
            let status = response.status();
            tracing::info!(
                "{method} {shown} -> {} ({} ms)",
                status.as_u16(),
                started.elapsed().as_millis()
            );
            tracing::debug!(
                "{method} {shown} answer headers: {}",
                crate::http::headers_for_log(response.headers())
            );
            if status == StatusCode::UNAUTHORIZED
                && !renewed
                && let Some(renewer) = &self.renewer
            {
                // Refused before any work was done: safe to send again, whatever the kind.
                renewed = true;
                tracing::info!("401 from Graph: renewing the access token once");
                let fresh = renewer.renew(&token).await.map_err(GraphError::Renewal)?;
                *self
                    .token
                    .lock()
                    .unwrap_or_else(|poisoned| poisoned.into_inner()) = fresh;
                attempt -= 1;
                continue;
            }
            // What Microsoft support asks for, kept from every answer that may become an error.
            let request_id = header_text(response.headers(), "request-id");
            let date = header_text(response.headers(), header::DATE.as_str());
            if let Some(retryable) = retry_class(status, kind) {
                let retry_after = RetryAfter::parse(response.headers(), Utc::now());
                tracing::debug!(
                    "{} from Graph: retry-after {:?}, attempt {attempt} of {}",
                    status.as_u16(),
                    retry_after.map(|r| r.0),
                    self.backoff.max_attempts
                );
                if retryable == Retryable::OutcomeUnknown {
                    tracing::info!(
                        "not retried: {} to a write without an idempotency key may come after it arrived",
                        status.as_u16()
                    );
                    return Err(GraphError::OutcomeUnknown(format!(
                        "Microsoft Graph answered {} before confirming the request",
                        status.as_u16()
                    )));
                }
                match self.backoff.after_failure(attempt, retry_after) {
                    Verdict::RetryAfter(wait) => {
                        tracing::info!(
                            "{} from Graph: retrying in {} ms (attempt {} of {})",
                            status.as_u16(),
                            wait.as_millis(),
                            attempt + 1,
                            self.backoff.max_attempts
                        );
                        tokio::time::sleep(wait).await;
                        continue;
                    }
                    Verdict::WaitTooLong(wait) => {
                        tracing::info!(
                            "not retried: Microsoft 365 asked to wait {} ms, longer than a command waits",
                            wait.as_millis()
                        );
                        return Err(GraphError::AskedToWait {
                            status: status.as_u16(),
                            wait,
                            until: until(Utc::now(), wait),
                            request_id,
                            date,
                        });
                    }
                    Verdict::GiveUp => {
                        tracing::info!(
                            "not retried: {} from Graph after {}",
                            status.as_u16(),
                            crate::output::count(attempt, "attempt")
                        );
                        return Err(GraphError::GaveUp {
                            status: status.as_u16(),
                            attempts: attempt,
                            request_id,
                            date,
                        });
                    }
                }
            }
            let reading = Instant::now();
            let body = match read_body_capped(response, MAX_BODY_BYTES).await {
                Ok(body) => {
                    tracing::debug!(
                        "{method} {shown}: {} read in {} ms ({} ms in all)",
                        crate::output::count(body.len(), "byte"),
                        reading.elapsed().as_millis(),
                        started.elapsed().as_millis()
                    );
                    body
                }
                Err(BodyError::TooLarge) => {
                    return Err(GraphError::Decode(format!(
                        "{path}: {}",
                        BodyError::TooLarge
                    )));
                }
                Err(BodyError::Network(text)) if kind == RequestKind::UnkeyedWrite => {
                    return Err(GraphError::OutcomeUnknown(text));
                }
                Err(BodyError::Network(text)) => return Err(GraphError::Network(text)),
            };
            if !status.is_success() {
                let envelope: ErrorEnvelope = serde_json::from_slice(&body).unwrap_or_default();
                return Err(GraphError::Status {
                    status: status.as_u16(),
                    code: envelope.error.code,
                    message: envelope.error.message,
                    request_id: envelope
                        .error
                        .inner_error
                        .as_ref()
                        .and_then(|i| i.request_id.clone())
                        .or(request_id),
                    date: envelope.error.inner_error.and_then(|i| i.date).or(date),
                });
            }
            return Ok(Answer { status, body });
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Retryable {
    Yes,
    /// The service may have acted: a gateway timed out while the request was in flight.
    OutcomeUnknown,
}

/// Which answers are worth another try for this kind of request. 429 and 503 are refusals
/// before any work (Graph throttling guidance), so even an unkeyed write may be sent again;
/// 504 is a gateway that gave up waiting, after which an unkeyed write's outcome is unknown.
fn retry_class(status: StatusCode, kind: RequestKind) -> Option<Retryable> {
    match (status.as_u16(), kind) {
        (429 | 503, _) => Some(Retryable::Yes),
        (504, RequestKind::UnkeyedWrite) => Some(Retryable::OutcomeUnknown),
        (504, _) => Some(Retryable::Yes),
        _ => None,
    }
}

fn header_text(headers: &header::HeaderMap, name: &str) -> Option<String> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(|v| redact::one_line(v, 100))
        .filter(|v| !v.is_empty())
}

fn until(now: DateTime<Utc>, wait: Duration) -> Option<DateTime<Utc>> {
    chrono::TimeDelta::from_std(wait)
        .ok()
        .and_then(|d| now.checked_add_signed(d))
}

fn decode<T: DeserializeOwned>(path: &str, answer: &Answer) -> Result<T, GraphError> {
    serde_json::from_slice(&answer.body).map_err(|e| {
        // The parser's message names a place, never the body itself.
        let path = path.split('?').next().unwrap_or(path);
        GraphError::Decode(format!("{path}: {e}"))
    })
}
