//! Keeping secrets and hostile text off the terminal: a URL printer that hides sensitive query
//! values, a string wrapper whose `Debug`/`Display` never show the value, a body excerpt with
//! token fields hidden, and the one-line form of any text a server sent (no escape sequences,
//! no line breaks that could forge a line of our own output).

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

/// A form body (`application/x-www-form-urlencoded`, a token request) for `-vv` logs: every
/// parameter name, the values of secret ones replaced by `[redacted]`.
pub fn form_for_log(body: &[u8]) -> String {
    url::form_urlencoded::parse(body)
        .map(|(name, value)| {
            let hidden = SECRET_PARAMS.contains(&name.as_ref());
            let value = if hidden {
                "[redacted]".into()
            } else {
                one_line(&value, 200)
            };
            format!("{}={value}", one_line(&name, 100))
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// Server text made safe for one line of a terminal: control characters (ESC, CR, LF, the C1
/// range, DEL) and Unicode bidirectional overrides become spaces, runs of spaces shrink to one,
/// and the result is cut at `max_chars` with an ellipsis.
pub fn one_line(text: &str, max_chars: usize) -> String {
    let mut out = String::with_capacity(text.len().min(max_chars.saturating_mul(4)));
    let mut last_space = false;
    let mut count = 0usize;
    for c in text.chars() {
        let c = if is_unsafe_on_terminal(c) { ' ' } else { c };
        if c == ' ' {
            if last_space {
                continue;
            }
            last_space = true;
        } else {
            last_space = false;
        }
        if count == max_chars {
            out.push('…');
            return out.trim().to_owned();
        }
        out.push(c);
        count += 1;
    }
    out.trim().to_owned()
}

fn is_unsafe_on_terminal(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}')
}

/// Field names whose values are secrets wherever they appear in a body.
const SECRET_FIELDS: &[&str] = &[
    "access_token",
    "refresh_token",
    "id_token",
    "code",
    "device_code",
    "client_secret",
];

/// A short, one-line excerpt of a body for an error message, with the values of token fields
/// hidden. For bodies that came with an error status only: a success body is never shown,
/// since a token answer that failed to parse still holds live tokens.
pub fn body_excerpt(body: &[u8], max_chars: usize) -> String {
    let text = String::from_utf8_lossy(body);
    let hidden = match serde_json::from_str::<serde_json::Value>(&text) {
        Ok(mut value) => {
            hide_secret_fields(&mut value);
            value.to_string()
        }
        // Not JSON (an HTML error page, a proxy's text): hide anything that looks like a
        // `name=value` or `"name":"value"` pair of a secret field.
        Err(_) => hide_secret_pairs(&text),
    };
    one_line(&hidden, max_chars)
}

fn hide_secret_fields(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, v) in map.iter_mut() {
                if SECRET_FIELDS.contains(&key.as_str()) {
                    *v = serde_json::Value::String("[redacted]".into());
                } else {
                    hide_secret_fields(v);
                }
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(hide_secret_fields),
        _ => {}
    }
}

fn hide_secret_pairs(text: &str) -> String {
    let mut out = text.to_owned();
    for field in SECRET_FIELDS {
        let mut search_from = 0;
        while let Some(found) = out[search_from..].find(field) {
            let start = search_from + found + field.len();
            let rest = &out[start..];
            let skip = rest
                .char_indices()
                .take_while(|(_, c)| matches!(c, '"' | '\'' | ':' | '=' | ' '))
                .last()
                .map(|(i, c)| i + c.len_utf8());
            let Some(skip) = skip else {
                search_from = start;
                continue;
            };
            let value_start = start + skip;
            let value_len = out[value_start..]
                .find(|c: char| {
                    matches!(c, '"' | '\'' | '&' | ',' | '}' | '<') || c.is_whitespace()
                })
                .unwrap_or(out.len() - value_start);
            out.replace_range(value_start..value_start + value_len, "[redacted]");
            search_from = value_start + "[redacted]".len();
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_strips_escapes_and_line_breaks() {
        let hostile = "bad\x1b[31mred\x1b[0m\r\nerror: forged line\u{202E}txt";
        let shown = one_line(hostile, 200);
        assert!(!shown.chars().any(|c| c.is_control()), "{shown:?}");
        assert!(!shown.contains('\u{202E}'));
        assert_eq!(shown, "bad [31mred [0m error: forged line txt");
    }

    #[test]
    fn one_line_cuts_long_text() {
        assert_eq!(one_line("abcdef", 3), "abc…");
        assert_eq!(one_line("abc", 3), "abc");
    }

    #[test]
    fn body_excerpt_hides_token_fields_in_json_and_text() {
        let json = br#"{"error":"x","refresh_token":"1.AR-secret","nested":{"access_token":"eyJ.secret"}}"#;
        let shown = body_excerpt(json, 500);
        assert!(!shown.contains("secret"), "{shown}");
        assert!(shown.contains("\"error\":\"x\""));
        let text = b"<html>access_token=eyJabc&refresh_token: 'r-tok' ok</html>";
        let shown = body_excerpt(text, 500);
        assert!(
            !shown.contains("eyJabc") && !shown.contains("r-tok"),
            "{shown}"
        );
        assert!(shown.contains("ok</html>"));
    }

    #[test]
    fn secret_never_formats_its_value() {
        let s = Secret::new("hunter2");
        assert!(!format!("{s} {s:?}").contains("hunter2"));
        assert_eq!(s.expose(), "hunter2");
    }

    #[test]
    fn form_for_log_hides_secret_parameters_and_keeps_the_others() {
        let shown = form_for_log(
            b"grant_type=authorization_code&code=0.AR-code&code_verifier=v3r1f&client_id=abc&refresh_token=1.rt&client_assertion=eyJ.sig",
        );
        for secret in ["0.AR-code", "v3r1f", "1.rt", "eyJ.sig"] {
            assert!(!shown.contains(secret), "{shown}");
        }
        assert!(shown.contains("grant_type=authorization_code"), "{shown}");
        assert!(shown.contains("client_id=abc"), "{shown}");
        assert!(shown.contains("code=[redacted]"), "{shown}");
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
