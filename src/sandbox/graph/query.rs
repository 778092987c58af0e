//! OData query options of a Graph URL: duplicates refused, unsupported `$` options refused (the
//! sandbox would rather fail than silently ignore a filter), `$select` checked against the type.

use std::collections::HashMap;

use axum::response::Response;

use super::errors::bad_request;

pub(super) struct Query(HashMap<String, String>);

impl Query {
    /// Parses the query string; `$`-options outside `supported` are refused.
    pub(super) fn parse(
        raw: Option<&str>,
        supported: &[&str],
        crid: Option<&str>,
    ) -> Result<Query, Response> {
        let mut map = HashMap::new();
        for (k, v) in url::form_urlencoded::parse(raw.unwrap_or("").as_bytes()) {
            if k.starts_with('$') && !supported.contains(&k.as_ref()) {
                return Err(bad_request(
                    "BadRequest",
                    &format!(
                        "The query option '{k}' is not supported by the sandbox tenant for this request."
                    ),
                    crid,
                ));
            }
            if map.insert(k.to_string(), v.to_string()).is_some() {
                return Err(bad_request(
                    "BadRequest",
                    &format!(
                        "Query option '{k}' was specified more than once, but it must be specified at most once."
                    ),
                    crid,
                ));
            }
        }
        Ok(Query(map))
    }

    pub(super) fn get(&self, name: &str) -> Option<&str> {
        self.0.get(name).map(String::as_str)
    }

    /// The `$select` list, each checked against `known` (case-insensitively, returned in the
    /// type's spelling); `None` when absent.
    pub(super) fn select(
        &self,
        known: &[&str],
        type_name: &str,
        crid: Option<&str>,
    ) -> Result<Option<Vec<String>>, Response> {
        let Some(raw) = self.get("$select") else {
            return Ok(None);
        };
        let mut out = Vec::new();
        for p in raw.split(',').map(str::trim) {
            let Some(k) = known.iter().find(|k| k.eq_ignore_ascii_case(p)) else {
                return Err(bad_request(
                    "RequestBroker--ParseUri",
                    &format!("Could not find a property named '{p}' on type '{type_name}'."),
                    crid,
                ));
            };
            out.push(k.to_string());
        }
        Ok(Some(out))
    }
}
