//! Request parameters of the identity endpoints: form bodies and query strings, with Microsoft's
//! refusal of duplicated parameters and its reading of an empty value as a missing one.

use std::collections::HashMap;

use super::errors::AadError;

#[derive(Debug, Default)]
pub(in super::super) struct Params(HashMap<String, String>);

impl Params {
    /// Parses `application/x-www-form-urlencoded` text (a body or a query string).
    pub(in super::super) fn parse(raw: &str) -> Result<Params, AadError> {
        let mut map = HashMap::new();
        for (k, v) in url::form_urlencoded::parse(raw.as_bytes()) {
            if map.insert(k.to_string(), v.to_string()).is_some() {
                return Err(AadError::new(
                    "invalid_request",
                    9000411,
                    format!(
                        "The request is not properly formatted. The parameter '{k}' is duplicated."
                    ),
                ));
            }
        }
        Ok(Params(map))
    }

    /// The value of a parameter, `None` when absent or empty.
    pub(in super::super) fn get(&self, name: &str) -> Option<&str> {
        self.0
            .get(name)
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    }

    /// Whether the parameter was sent at all, even empty.
    pub(in super::super) fn has(&self, name: &str) -> bool {
        self.0.contains_key(name)
    }

    /// The value of a required parameter, or AADSTS900144.
    pub(in super::super) fn require(&self, name: &str) -> Result<&str, AadError> {
        self.get(name).ok_or_else(|| AadError::missing(name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duplicated_parameter_is_refused() {
        let err = Params::parse("client_id=a&client_id=b").unwrap_err();
        assert_eq!(err.code, 9000411);
    }

    #[test]
    fn empty_value_counts_as_missing() {
        let p = Params::parse("scope=&state=x%20y").unwrap();
        assert!(p.require("scope").is_err());
        assert!(p.has("scope"));
        assert_eq!(p.get("state"), Some("x y"));
        assert_eq!(p.require("code").unwrap_err().code, 900144);
    }
}
