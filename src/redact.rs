//! Keeping secrets out of logs: a URL printer that hides sensitive query values, and a
//! string wrapper whose `Debug`/`Display` never show the value.

use std::fmt;

/// Query and form parameter names whose values are secrets (OAuth codes, tokens, verifiers).
const SECRET_PARAMS: &[&str] = &[
    "code",
    "code_verifier",
    "code_challenge",
    "refresh_token",
    "access_token",
    "id_token",
    "device_code",
    "client_secret",
    "client_assertion",
    "state",
];

/// A secret string: readable on purpose with [`Secret::expose`], never by formatting.
/// It serializes as the plain string, for the keychain value only.
#[derive(Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret([redacted])")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

/// The URL with the values of secret query parameters replaced by `[redacted]`, for logs.
pub fn url_for_log(url: &url::Url) -> String {
    let mut shown = url.clone();
    if url.query().is_some() {
        let pairs: Vec<(String, String)> = url
            .query_pairs()
            .map(|(k, v)| {
                let hidden = SECRET_PARAMS.contains(&k.as_ref());
                (
                    k.into_owned(),
                    if hidden {
                        "[redacted]".to_owned()
                    } else {
                        v.into_owned()
                    },
                )
            })
            .collect();
        shown.query_pairs_mut().clear().extend_pairs(pairs);
    }
    shown.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_never_formats_its_value() {
        let s = Secret::new("hunter2");
        assert!(!format!("{s} {s:?}").contains("hunter2"));
        assert_eq!(s.expose(), "hunter2");
    }

    #[test]
    fn url_for_log_hides_code_and_state_but_keeps_the_rest() {
        let url =
            url::Url::parse("http://localhost:1/?code=abc123&state=xyz&session_state=ok").unwrap();
        let shown = url_for_log(&url);
        assert!(!shown.contains("abc123"));
        assert!(!shown.contains("xyz"));
        assert!(shown.contains("session_state=ok"));
    }
}
