//! One authenticated Graph client per command. Every read sends
//! `Prefer: outlook.timezone="UTC"` so times come back in one zone (protocol.md §3).

use std::time::{Duration, Instant};

use reqwest::{Method, StatusCode, header};
use serde::Serialize;
use serde::de::DeserializeOwned;
use url::Url;

use crate::graph::error::{ErrorEnvelope, GraphError};
use crate::http::error_chain;
use crate::redact::{self, Secret};

/// How many times a throttled or unavailable request is retried.
const MAX_RETRIES: u32 = 3;
/// The longest Retry-After we honour before giving up (a script should not hang for an hour).
const MAX_RETRY_AFTER: Duration = Duration::from_secs(120);

pub struct GraphClient {
    http: reqwest::Client,
    /// `{graph root}/v1.0`
    base: String,
    token: Secret,
}

impl GraphClient {
    pub fn new(http: reqwest::Client, graph_root: &Url, token: Secret) -> GraphClient {
        GraphClient {
            http,
            base: format!("{}/v1.0", graph_root.as_str().trim_end_matches('/')),
            token,
        }
    }

    pub async fn get<T: DeserializeOwned>(&self, path_and_query: &str) -> Result<T, GraphError> {
        self.send::<(), T>(Method::GET, path_and_query, None).await
    }

    /// A POST that only reads (getSchedule): safe to retry after a dropped connection.
    pub async fn post_read<B: Serialize, T: DeserializeOwned>(
        &self,
        path: &str,
        body: &B,
    ) -> Result<T, GraphError> {
        self.send(Method::POST, path, Some(body)).await
    }

    async fn send<B: Serialize, T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: Option<&B>,
    ) -> Result<T, GraphError> {
        let url = Url::parse(&format!("{}/{}", self.base, path.trim_start_matches('/')))
            .map_err(|e| GraphError::Decode(format!("bad URL: {e}")))?;
        let shown = redact::url_for_log(&url);
        let mut attempt = 0;
        loop {
            attempt += 1;
            let mut request = self
                .http
                .request(method.clone(), url.clone())
                .bearer_auth(self.token.expose())
                .header(header::ACCEPT, "application/json")
                .header("Prefer", "outlook.timezone=\"UTC\"");
            if let Some(body) = body {
                request = request.json(body);
            }
            let started = Instant::now();
            let response = match request.send().await {
                Ok(r) => r,
                Err(e) => {
                    let text = error_chain(&e);
                    tracing::info!("{method} {shown} failed: {text}");
                    // Reads are idempotent: one more try after a dropped connection.
                    if attempt <= 1 && !e.is_builder() {
                        tokio::time::sleep(Duration::from_millis(500)).await;
                        continue;
                    }
                    return Err(GraphError::Network(text));
                }
            };
            let status = response.status();
            tracing::info!(
                "{method} {shown} -> {} ({} ms)",
                status.as_u16(),
                started.elapsed().as_millis()
            );
            if retryable(status) {
                if attempt > MAX_RETRIES {
                    return Err(GraphError::GaveUp {
                        status: status.as_u16(),
                        attempts: attempt,
                    });
                }
                let wait = retry_after(response.headers())
                    .unwrap_or(Duration::from_secs(1 << (attempt - 1)));
                if wait > MAX_RETRY_AFTER {
                    return Err(GraphError::GaveUp {
                        status: status.as_u16(),
                        attempts: attempt,
                    });
                }
                tracing::info!(
                    "{} from Graph: retrying in {} s",
                    status.as_u16(),
                    wait.as_secs_f32()
                );
                tokio::time::sleep(wait).await;
                continue;
            }
            let bytes = response
                .bytes()
                .await
                .map_err(|e| GraphError::Network(error_chain(&e)))?;
            if !status.is_success() {
                let envelope: ErrorEnvelope = serde_json::from_slice(&bytes).unwrap_or_default();
                return Err(GraphError::Status {
                    status: status.as_u16(),
                    code: envelope.error.code,
                    message: envelope.error.message,
                    request_id: envelope.error.inner_error.and_then(|i| i.request_id),
                });
            }
            return serde_json::from_slice(&bytes)
                .map_err(|e| GraphError::Decode(format!("{path}: {e}")));
        }
    }
}

fn retryable(status: StatusCode) -> bool {
    matches!(status.as_u16(), 429 | 503 | 504)
}

/// `Retry-After` in seconds (Graph sends seconds; an HTTP date is not used by Graph).
fn retry_after(headers: &header::HeaderMap) -> Option<Duration> {
    headers
        .get(header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim()
        .parse::<u64>()
        .ok()
        .map(Duration::from_secs)
}
