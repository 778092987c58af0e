//! The HTTP client every request goes through (identity platform and Graph alike), and the
//! bounded reading of answers. Redirects are never followed: a token endpoint that redirects
//! is a misconfiguration, and following it could leak a code or a token.

use std::time::Duration;

use reqwest::header::HeaderMap;

use crate::redact;

/// The largest answer body we read (Graph pages and token answers are far smaller): a server
/// that sends more is misbehaving, and memory is not for it to fill.
pub const MAX_BODY_BYTES: usize = 16 * 1024 * 1024;

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
    /// A client that is already built.
    pub fn with(client: reqwest::Client) -> LazyClient {
        let lazy = LazyClient::default();
        let _ = lazy.0.set(client);
        lazy
    }

    pub fn get(&self) -> &reqwest::Client {
        self.0.get_or_init(build_client)
    }
}

/// Why an answer's body could not be read.
#[derive(Debug, thiserror::Error)]
pub enum BodyError {
    #[error("the answer is larger than {} MiB", MAX_BODY_BYTES / (1024 * 1024))]
    TooLarge,
    #[error("the answer was cut off: {0}")]
    Network(String),
}

/// Reads the body, refusing one over `cap` bytes (by its Content-Length, and while streaming
/// for answers that do not declare one or lie about it).
pub async fn read_body_capped(
    mut response: reqwest::Response,
    cap: usize,
) -> Result<Vec<u8>, BodyError> {
    if response
        .content_length()
        .is_some_and(|length| length > cap as u64)
    {
        return Err(BodyError::TooLarge);
    }
    let mut body = Vec::new();
    while let Some(chunk) = response
        .chunk()
        .await
        .map_err(|e| BodyError::Network(error_chain(&e)))?
    {
        if body.len().saturating_add(chunk.len()) > cap {
            return Err(BodyError::TooLarge);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
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

/// Header names whose values are credentials: never logged, whatever the level.
const SECRET_HEADERS: &[&str] = &[
    "authorization",
    "proxy-authorization",
    "cookie",
    "set-cookie",
];

/// Headers for `-vv` logs, one `name: value` list on one line: credentials (`Authorization`,
/// cookies, and any header whose name says token, secret, key or assertion) as `[redacted]`,
/// a `Location` with its secret query parameters hidden, every value on one safe line.
pub fn headers_for_log(headers: &HeaderMap) -> String {
    headers
        .iter()
        .map(|(name, value)| {
            let name = name.as_str();
            let secret = SECRET_HEADERS.contains(&name)
                || ["token", "secret", "key", "assertion", "password"]
                    .iter()
                    .any(|word| name.contains(word));
            let value = if secret {
                "[redacted]".to_owned()
            } else {
                let text = String::from_utf8_lossy(value.as_bytes());
                match url::Url::parse(&text) {
                    Ok(url) if name == "location" => redact::url_for_log(&url),
                    _ => redact::one_line(&text, 300),
                }
            };
            format!("{name}: {value}")
        })
        .collect::<Vec<_>>()
        .join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::{HeaderName, HeaderValue};

    #[test]
    fn credentials_in_headers_are_redacted_and_the_rest_shown() {
        let mut headers = HeaderMap::new();
        for (name, value) in [
            ("authorization", "Bearer eyJ.secret.sig"),
            ("cookie", "esctx=s3cr3t"),
            ("set-cookie", "fpc=s3cr3t2; path=/"),
            ("x-ms-refresh-token-hint", "rt-s3cr3t"),
            (
                "location",
                "http://localhost:1/?code=0.AR-code&session_state=ok",
            ),
            ("request-id", "r-1"),
            ("retry-after", "2"),
        ] {
            headers.insert(
                HeaderName::from_static(name),
                HeaderValue::from_static(value),
            );
        }
        let shown = headers_for_log(&headers);
        for secret in ["eyJ.secret", "s3cr3t", "rt-s3cr3t", "0.AR-code"] {
            assert!(!shown.contains(secret), "{shown}");
        }
        assert!(shown.contains("authorization: [redacted]"), "{shown}");
        assert!(shown.contains("request-id: r-1"), "{shown}");
        assert!(shown.contains("retry-after: 2"), "{shown}");
        assert!(shown.contains("session_state=ok"), "{shown}");
    }
}
