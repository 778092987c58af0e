//! Delivering an answer to the app's redirect URI: a 302 with the query (or fragment), or the
//! auto-submitting form of `response_mode=form_post`.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};

use super::errors::html_escape;
use super::registration::normalized_redirect;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(in super::super) enum ResponseMode {
    Query,
    Fragment,
    FormPost,
}

/// Sends `params` to `redirect_uri` the way `mode` asks.
pub(in super::super) fn deliver(
    redirect_uri: &str,
    mode: ResponseMode,
    params: &[(String, String)],
) -> Response {
    let target = normalized_redirect(redirect_uri);
    let encoded = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(params)
        .finish();
    match mode {
        ResponseMode::Query | ResponseMode::Fragment => {
            let sep = match mode {
                ResponseMode::Fragment => '#',
                _ if target.contains('?') => '&',
                _ => '?',
            };
            let location = format!("{target}{sep}{encoded}");
            let mut response = StatusCode::FOUND.into_response();
            if let Ok(v) = HeaderValue::from_str(&location) {
                response.headers_mut().insert(header::LOCATION, v);
            }
            response
        }
        ResponseMode::FormPost => Html(form_post_page(&target, params)).into_response(),
    }
}

/// The page a browser auto-submits to the redirect URI (same structure as Microsoft's).
pub(in super::super) fn form_post_page(action: &str, params: &[(String, String)]) -> String {
    let inputs: String = params
        .iter()
        .map(|(k, v)| {
            format!(
                "<input type=\"hidden\" name=\"{}\" value=\"{}\" />",
                html_escape(k),
                html_escape(v)
            )
        })
        .collect();
    format!(
        "<html><head><title>Working...</title></head><body>\
         <form method=\"POST\" name=\"hiddenform\" action=\"{}\">{inputs}\
         <noscript><p>Script is disabled. Click Submit to continue.</p>\
         <input type=\"submit\" value=\"Submit\" /></noscript></form>\
         <script language=\"javascript\">document.forms[0].submit();</script></body></html>",
        html_escape(action)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn query_mode_redirects_with_a_trailing_slash_added() {
        let r = deliver(
            "http://localhost:5000",
            ResponseMode::Query,
            &p(&[("code", "a b"), ("state", "s")]),
        );
        assert_eq!(r.status(), StatusCode::FOUND);
        assert_eq!(
            r.headers()[header::LOCATION],
            "http://localhost:5000/?code=a+b&state=s"
        );
    }

    #[test]
    fn form_post_page_escapes_values() {
        let html = form_post_page("http://localhost:1/", &p(&[("state", "\"><script>")]));
        assert!(html.contains("value=\"&quot;&gt;&lt;script&gt;\""));
        assert!(html.contains("action=\"http://localhost:1/\""));
    }
}
