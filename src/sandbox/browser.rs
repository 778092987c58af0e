//! A scripted browser for tests: follows the sign-in the way a user's browser would (redirects,
//! the auto-submitting form_post page) and delivers the answer to the app's loopback listener;
//! it can also misbehave on purpose (forged state, GET instead of form_post).

use reqwest::redirect::Policy;
use url::Url;

/// What the person at the browser does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BrowserAction {
    /// Sign in and follow whatever the server says.
    Approve,
    /// Sign in as this account (replaces `login_hint`).
    ApproveAs(String),
    /// Deliver the answer with a different `state`, like a forged request.
    TamperState,
    /// Deliver the fields with a GET query even if form_post was asked (a server ignoring it).
    UseGet,
}

/// Where the sign-in ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BrowserOutcome {
    /// The app's listener answered (its status and page).
    Delivered { status: u16, body: String },
    /// Microsoft's own error page: nothing reached the app (bad client id or redirect URI).
    ErrorShownOnPage(String),
}

fn client() -> Result<reqwest::Client, String> {
    reqwest::Client::builder()
        .redirect(Policy::none())
        .build()
        .map_err(|e| format!("browser: {e}"))
}

/// Runs a sign-in (or admin consent) starting at `authorize_url`.
pub async fn sign_in(authorize_url: &str, action: BrowserAction) -> Result<BrowserOutcome, String> {
    let mut url = Url::parse(authorize_url).map_err(|e| format!("browser: bad URL: {e}"))?;
    if let BrowserAction::ApproveAs(hint) = &action {
        set_param(&mut url, "login_hint", hint);
    }
    let sandbox_origin = url.origin();
    let http = client()?;
    for _ in 0..10 {
        let response = http
            .get(url.clone())
            .send()
            .await
            .map_err(|e| format!("browser: {e}"))?;
        let status = response.status();
        if status.is_redirection() {
            let location = response
                .headers()
                .get(reqwest::header::LOCATION)
                .and_then(|v| v.to_str().ok())
                .ok_or("browser: redirect without Location")?;
            let mut next = url
                .join(location)
                .map_err(|e| format!("browser: bad Location: {e}"))?;
            if next.origin() == sandbox_origin {
                url = next;
                continue;
            }
            // A browser never sends the fragment to the server.
            next.set_fragment(None);
            if action == BrowserAction::TamperState {
                set_param(&mut next, "state", &forged_state());
            }
            let delivered = http
                .get(next)
                .send()
                .await
                .map_err(|e| format!("browser: delivering to the app: {e}"))?;
            return outcome(delivered).await;
        }
        let body = response.text().await.map_err(|e| format!("browser: {e}"))?;
        if !status.is_success() {
            return Ok(BrowserOutcome::ErrorShownOnPage(page_text(&body)));
        }
        let Some((action_url, mut fields)) = parse_form(&body) else {
            return Ok(BrowserOutcome::ErrorShownOnPage(page_text(&body)));
        };
        if action == BrowserAction::TamperState {
            let forged = forged_state();
            match fields.iter_mut().find(|(k, _)| k == "state") {
                Some(f) => f.1 = forged,
                None => fields.push(("state".into(), forged)),
            }
        }
        let target = url
            .join(&action_url)
            .map_err(|e| format!("browser: bad form action: {e}"))?;
        let delivered = if action == BrowserAction::UseGet {
            let mut get = target;
            get.query_pairs_mut().extend_pairs(&fields);
            http.get(get).send().await
        } else {
            http.post(target).form(&fields).send().await
        }
        .map_err(|e| format!("browser: delivering to the app: {e}"))?;
        return outcome(delivered).await;
    }
    Err("browser: too many redirects".into())
}

/// POSTs form fields (what a browser does with a form); returns status and body.
pub async fn post_form(url: &str, fields: &[(String, String)]) -> Result<(u16, String), String> {
    let response = client()?
        .post(url)
        .form(fields)
        .send()
        .await
        .map_err(|e| format!("post_form: {e}"))?;
    let status = response.status().as_u16();
    let body = response
        .text()
        .await
        .map_err(|e| format!("post_form: {e}"))?;
    Ok((status, body))
}

async fn outcome(response: reqwest::Response) -> Result<BrowserOutcome, String> {
    let status = response.status().as_u16();
    let body = response
        .text()
        .await
        .map_err(|e| format!("browser: reading the app's page: {e}"))?;
    Ok(BrowserOutcome::Delivered { status, body })
}

fn forged_state() -> String {
    format!("forged-{}", super::ids::guid())
}

fn set_param(url: &mut Url, name: &str, value: &str) {
    let kept: Vec<(String, String)> = url
        .query_pairs()
        .filter(|(k, _)| k != name)
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    url.query_pairs_mut()
        .clear()
        .extend_pairs(&kept)
        .append_pair(name, value);
}

/// The first form's action and its hidden inputs (the sandbox's own form_post page).
fn parse_form(html: &str) -> Option<(String, Vec<(String, String)>)> {
    let start = html.find("<form")?;
    let form_tag_end = start + html[start..].find('>')?;
    let action = attr(&html[start..form_tag_end], "action")?;
    let end = html[start..]
        .find("</form>")
        .map_or(html.len(), |i| start + i);
    let mut fields = Vec::new();
    let mut rest = &html[form_tag_end..end];
    while let Some(i) = rest.find("<input") {
        let tag_end = rest[i..].find('>').map_or(rest.len(), |j| i + j);
        let tag = &rest[i..tag_end];
        if attr(tag, "type").is_some_and(|t| t.eq_ignore_ascii_case("hidden"))
            && let Some(name) = attr(tag, "name")
        {
            fields.push((name, attr(tag, "value").unwrap_or_default()));
        }
        rest = &rest[tag_end..];
    }
    Some((action, fields))
}

/// A double-quoted attribute value, entity-decoded.
fn attr(tag: &str, name: &str) -> Option<String> {
    let key = format!(" {name}=\"");
    let i = tag.find(&key)? + key.len();
    let j = tag[i..].find('"')? + i;
    Some(unescape(&tag[i..j]))
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&amp;", "&")
}

/// The visible text of a page.
fn page_text(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => {
                in_tag = true;
                out.push(' ');
            }
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    unescape(&out.split_whitespace().collect::<Vec<_>>().join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_form_post_page() {
        let html = "<html><body><form method=\"POST\" name=\"hiddenform\" action=\"http://localhost:5/\">\
            <input type=\"hidden\" name=\"code\" value=\"a&amp;b\" />\
            <input type=\"hidden\" name=\"state\" value=\"&quot;s&quot;\" />\
            <noscript><input type=\"submit\" value=\"Submit\" /></noscript></form></body></html>";
        let (action, fields) = parse_form(html).unwrap();
        assert_eq!(action, "http://localhost:5/");
        assert_eq!(
            fields,
            [
                ("code".to_string(), "a&b".to_string()),
                ("state".to_string(), "\"s\"".to_string())
            ]
        );
    }

    #[test]
    fn page_text_strips_tags() {
        assert_eq!(
            page_text("<h1>Oops</h1><p>AADSTS50011: no &amp; no</p>"),
            "Oops AADSTS50011: no & no"
        );
    }

    #[test]
    fn set_param_replaces() {
        let mut u = Url::parse("http://x/?a=1&login_hint=old&b=2").unwrap();
        set_param(&mut u, "login_hint", "new@x");
        assert_eq!(u.query(), Some("a=1&b=2&login_hint=new%40x"));
    }
}
