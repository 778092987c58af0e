//! The adapter that lets the `oauth2` crate (whose built-in support is pinned to reqwest 0.12)
//! send its requests through our client ([`crate::http`]), with the answer's size capped.

use std::future::Future;
use std::pin::Pin;
use std::time::Instant;

use oauth2::{AsyncHttpClient, HttpClientError, HttpRequest, HttpResponse};

use crate::http::{MAX_BODY_BYTES, error_chain, read_body_capped};
use crate::redact;

/// `oauth2::AsyncHttpClient` over our reqwest 0.13 client. It remembers the status of the last
/// answer, because the `oauth2` crate reports an unreadable body without it, and what we may
/// show of a body depends on it (a success body holds tokens; a 5xx page is an outage).
pub struct OAuthHttp {
    client: reqwest::Client,
    last_status: std::sync::Mutex<Option<u16>>,
}

impl OAuthHttp {
    pub fn new(client: reqwest::Client) -> Self {
        OAuthHttp {
            client,
            last_status: std::sync::Mutex::new(None),
        }
    }

    /// The HTTP status of the last answer received, if any.
    pub fn last_status(&self) -> Option<u16> {
        *self
            .last_status
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl<'c> AsyncHttpClient<'c> for OAuthHttp {
    type Error = HttpClientError<reqwest::Error>;
    type Future = Pin<Box<dyn Future<Output = Result<HttpResponse, Self::Error>> + Send + 'c>>;

    fn call(&'c self, request: HttpRequest) -> Self::Future {
        Box::pin(async move {
            let (parts, body) = request.into_parts();
            let url = url::Url::parse(&parts.uri.to_string())
                .map_err(|e| HttpClientError::Other(format!("bad URL: {e}")))?;
            let shown = redact::url_for_log(&url);
            tracing::debug!(
                "{} {shown} request headers: {}; form: {}",
                parts.method,
                crate::http::headers_for_log(&parts.headers),
                redact::form_for_log(&body)
            );
            let started = Instant::now();
            let response = self
                .client
                .request(parts.method.clone(), url)
                .headers(parts.headers)
                .body(body)
                .send()
                .await
                .map_err(|e| {
                    tracing::info!("{} {shown} failed: {}", parts.method, error_chain(&e));
                    Box::new(e)
                })?;
            tracing::info!(
                "{} {shown} -> {} ({} ms)",
                parts.method,
                response.status().as_u16(),
                started.elapsed().as_millis()
            );
            tracing::debug!(
                "{} {shown} answer headers: {}",
                parts.method,
                crate::http::headers_for_log(response.headers())
            );
            *self
                .last_status
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner()) =
                Some(response.status().as_u16());
            let mut builder = oauth2::http::Response::builder()
                .status(response.status())
                .version(response.version());
            for (name, value) in response.headers() {
                builder = builder.header(name, value);
            }
            let bytes = read_body_capped(response, MAX_BODY_BYTES)
                .await
                .map_err(|e| HttpClientError::Other(e.to_string()))?;
            builder.body(bytes).map_err(HttpClientError::Http)
        })
    }
}
