//! The adapter that lets the `oauth2` crate (whose built-in support is pinned to reqwest 0.12)
//! send its requests through our client ([`crate::http`]), with the answer's size capped.

use std::future::Future;
use std::pin::Pin;
use std::time::Instant;

use oauth2::{AsyncHttpClient, HttpClientError, HttpRequest, HttpResponse};

use crate::http::{MAX_BODY_BYTES, error_chain, read_body_capped};
use crate::redact;

/// `oauth2::AsyncHttpClient` over our reqwest 0.13 client.
pub struct OAuthHttp {
    client: reqwest::Client,
}

impl OAuthHttp {
    pub fn new(client: reqwest::Client) -> Self {
        OAuthHttp { client }
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
