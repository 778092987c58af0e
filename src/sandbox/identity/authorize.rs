//! `GET /{tenant}/oauth2/v2.0/authorize`: checks the request like Microsoft (errors about the
//! client or redirect URI on a page, the rest redirected), signs the user in, runs consent and
//! issues a single-use authorization code bound to the PKCE challenge.

use std::sync::Arc;

use axum::extract::{Path, RawQuery, State};
use axum::response::Response;

use super::super::ids;
use super::super::state::{AuthCode, Grant, Shared};
use super::consent::{self, Outcome, Prompt};
use super::errors::AadError;
use super::params::Params;
use super::redirect::{ResponseMode, deliver};
use super::registration::{check_tenant, parse_browser_request};
use super::scopes;

pub(in super::super) async fn authorize(
    State(shared): State<Arc<Shared>>,
    Path(tenant): Path<String>,
    RawQuery(query): RawQuery,
) -> Response {
    answer(&shared, &tenant, query.as_deref().unwrap_or(""))
}

fn answer(shared: &Shared, tenant: &str, raw: &str) -> Response {
    // Until client and redirect URI are known good, errors stay on Microsoft's page (RFC 6749 §4.1.2.1).
    let checked = check_tenant(tenant).and_then(|()| parse_browser_request(raw));
    let p = match checked {
        Ok(p) => p,
        Err(e) => return e.page(),
    };
    let redirect_uri = p.get("redirect_uri").unwrap_or_default();
    let state = p.get("state");
    let mode = match p.get("response_mode") {
        None | Some("query") => ResponseMode::Query,
        Some("fragment") => ResponseMode::Fragment,
        Some("form_post") => ResponseMode::FormPost,
        Some(other) => {
            let e = AadError::new(
                "invalid_request",
                70007,
                format!(
                    "The application returned an unsupported value '{other}' of response_mode."
                ),
            );
            return deliver(
                redirect_uri,
                ResponseMode::Query,
                &e.redirect_params(&shared.base_url, state),
            );
        }
    };
    match issue_code(shared, &p) {
        Ok(code) => {
            let mut params = vec![("code".to_string(), code)];
            if let Some(s) = state {
                params.push(("state".to_string(), s.to_string()));
            }
            deliver(redirect_uri, mode, &params)
        }
        Err(e) => deliver(
            redirect_uri,
            mode,
            &e.redirect_params(&shared.base_url, state),
        ),
    }
}

/// Everything after the redirect URI is trusted; errors from here on are redirected.
fn issue_code(shared: &Shared, p: &Params) -> Result<String, AadError> {
    let response_type = p.require("response_type")?;
    if response_type != "code" {
        return Err(AadError::new(
            "unsupported_response_type",
            70005,
            format!(
                "response_type '{response_type}' is not enabled for the application: only 'code' is."
            ),
        ));
    }
    let requested = scopes::parse(p.require("scope")?, &shared.graph_resource)?;
    let challenge = check_pkce(p)?;
    let prompt = match p.get("prompt") {
        None | Some("login") | Some("select_account") => Prompt::Default,
        Some("consent") => Prompt::Consent,
        Some("none") => Prompt::None,
        Some(other) => {
            return Err(AadError::new(
                "invalid_request",
                90023,
                format!(
                    "Invalid value '{other}' for the parameter 'prompt': expected login, none, consent or select_account."
                ),
            ));
        }
    };
    let mut st = shared.lock();
    st.note_secret(challenge);
    let user_id = p
        .get("login_hint")
        .and_then(|hint| st.user_by_email(hint))
        .or_else(|| st.users.first())
        .map(|u| u.id.clone())
        .ok_or_else(|| AadError::new("invalid_request", 50020, "The tenant has no users."))?;
    let (scopes, consent_missing) =
        match consent::decide(&mut st, &user_id, &requested.scopes, prompt) {
            Outcome::Granted(g) => (g, false),
            Outcome::GrantedButNotRecorded => (requested.scopes.clone(), true),
            Outcome::Refused(e) => return Err(e),
        };
    let code = ids::secret("0.AQ8A", 180);
    st.note_secret(&code);
    let issued_at = st.now();
    st.codes.insert(
        code.clone(),
        AuthCode {
            client_id: p.require("client_id")?.to_string(),
            redirect_uri: p.require("redirect_uri")?.to_string(),
            code_challenge: challenge.to_string(),
            user_id,
            grant: Grant {
                scopes,
                ..requested
            },
            nonce: p.get("nonce").map(str::to_string),
            issued_at,
            redeemed: false,
            consent_missing,
        },
    );
    Ok(code)
}

/// S256 only (stricter than Microsoft, which also takes `plain`): the client must never downgrade.
fn check_pkce(p: &Params) -> Result<&str, AadError> {
    let challenge = p.get("code_challenge").ok_or_else(|| {
        AadError::new(
            "invalid_request",
            50147,
            "The size of the code challenge parameter isn't valid: code_challenge is missing (the sandbox requires PKCE with S256).",
        )
    })?;
    let method = p
        .get("code_challenge_method")
        .unwrap_or("(absent, meaning plain)");
    if method != "S256" {
        return Err(AadError::new(
            "invalid_request",
            501491,
            format!("Invalid code_challenge_method '{method}': the sandbox accepts only S256."),
        ));
    }
    // An S256 challenge is 43 characters, but Microsoft takes 43 to 128 (its own authorization
    // request example, "Microsoft identity platform and OAuth 2.0 authorization code flow",
    // sends one of 86); redemption still checks it against the verifier.
    let well_formed = (43..=128).contains(&challenge.len())
        && challenge
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if !well_formed {
        return Err(AadError::new(
            "invalid_request",
            501491,
            "Invalid size of Code_Challenge parameter: 43 to 128 base64url characters.",
        ));
    }
    Ok(challenge)
}

#[cfg(test)]
mod tests {
    use super::super::super::state::{CLIENT_ID, TenantState};
    use super::*;
    use axum::http::{StatusCode, header};

    fn shared() -> Shared {
        let mut st = TenantState::for_test();
        st.add_user(super::super::super::model::SandboxUser {
            email: "a@contoso.example".into(),
            display_name: "A".into(),
            working_hours: None,
        });
        Shared::new(
            "http://127.0.0.1:9".into(),
            "https://graph.microsoft.com",
            st,
        )
    }

    const CHALLENGE: &str = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

    fn query(extra: &str) -> String {
        format!(
            "client_id={CLIENT_ID}&redirect_uri=http%3A%2F%2Flocalhost%3A4000&response_type=code&scope=openid+User.Read&state=s1{extra}"
        )
    }

    fn location(r: &Response) -> String {
        r.headers()[header::LOCATION].to_str().unwrap().to_string()
    }

    #[test]
    fn missing_challenge_is_redirected_as_invalid_request() {
        let r = answer(&shared(), "organizations", &query(""));
        assert_eq!(r.status(), StatusCode::FOUND);
        let loc = location(&r);
        assert!(
            loc.starts_with("http://localhost:4000/?error=invalid_request&"),
            "{loc}"
        );
        assert!(loc.contains("AADSTS50147"));
        assert!(loc.ends_with("&state=s1"));
    }

    #[test]
    fn plain_method_is_refused() {
        let r = answer(
            &shared(),
            "organizations",
            &query(&format!(
                "&code_challenge={CHALLENGE}&code_challenge_method=plain"
            )),
        );
        assert!(location(&r).contains("AADSTS501491"));
    }

    #[test]
    fn good_request_issues_a_code() {
        let s = shared();
        let r = answer(
            &s,
            "common",
            &query(&format!(
                "&code_challenge={CHALLENGE}&code_challenge_method=S256"
            )),
        );
        let loc = location(&r);
        assert!(
            loc.starts_with("http://localhost:4000/?code=0.AQ8A"),
            "{loc}"
        );
        let st = s.lock();
        let code = st.codes.values().next().unwrap();
        assert_eq!(code.redirect_uri, "http://localhost:4000");
        assert!(st.secrets.iter().any(|x| x == CHALLENGE));
    }

    #[test]
    fn bad_redirect_uri_is_shown_on_a_page() {
        let q = query("").replace("localhost%3A4000", "127.0.0.1%3A4000");
        let r = answer(&shared(), "organizations", &q);
        assert_eq!(r.status(), StatusCode::BAD_REQUEST);
        assert!(r.headers().get(header::LOCATION).is_none());
    }
}
