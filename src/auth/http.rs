//! The HTTP client every request goes through, and the adapter that lets the `oauth2` crate
//! (whose built-in support is pinned to reqwest 0.12) use it. Redirects are never followed:
//! a token endpoint that redirects is a misconfiguration, and following it could leak a code.

use std::future::Future;
use std::pin::Pin;
use std::time::{Duration, Instant};

use oauth2::{AsyncHttpClient, HttpClientError, HttpRequest, HttpResponse};

use crate::redact;

/// The shared client: rustls, no redirects, bounded timeouts, a user agent naming us.
pub fn build_client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .connect_timeout(Duration::from_secs(10))
        .timeout(Duration::from_secs(60))
        .user_agent(concat!("rally-m365/", env!("CARGO_PKG_VERSION")))
        .build()
        .expect("the HTTP client configuration is static and valid")
}

/// The client, built on first use: building it loads the system's root certificates, which
/// costs milliseconds that a command served from the cache (`status`) should not pay.
#[derive(Default)]
pub struct LazyClient(std::sync::OnceLock<reqwest::Client>);

impl LazyClient {
    pub fn get(&self) -> &reqwest::Client {
        self.0.get_or_init(build_client)
    }
}

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
            let bytes = response.bytes().await.map_err(Box::new)?;
            builder.body(bytes.to_vec()).map_err(HttpClientError::Http)
        })
    }
}

/// The error and its causes on one line ("error sending request: connection refused").
pub fn error_chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !text.contains(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    text
}
