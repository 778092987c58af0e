//! `POST /{tenant}/oauth2/v2.0/token`: the form checks shared by every grant, then the
//! authorization-code redemption (PKCE S256, single use, 10-minute life, same redirect URI).

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::Response;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::Duration;
use sha2::{Digest, Sha256};

use super::super::state::Shared;
use super::consent::consent_required_error;
use super::errors::AadError;
use super::params::Params;
use super::registration::{check_client, check_tenant};
use super::{device, issue, refresh, scopes};

pub(in super::super) const DEVICE_CODE_GRANT: &str = "urn:ietf:params:oauth:grant-type:device_code";

pub(in super::super) async fn token(
    State(shared): State<Arc<Shared>>,
    Path(tenant): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    match answer(&shared, &tenant, &headers, &body) {
        Ok(r) => r,
        Err(e) => e.token_response(&shared.base_url),
    }
}

/// AADSTS900561: the token endpoint takes POST only.
pub(in super::super) async fn wrong_method(State(shared): State<Arc<Shared>>) -> Response {
    AadError::new(
        "invalid_request",
        900561,
        "The endpoint only accepts POST, OPTIONS requests. Received a GET request.",
    )
    .token_response(&shared.base_url)
}

/// The form of an identity endpoint POST: only `application/x-www-form-urlencoded` is read;
/// anything else looks to Microsoft like a body without parameters.
pub(in super::super) fn form(
    headers: &HeaderMap,
    body: &[u8],
    first_required: &str,
) -> Result<Params, AadError> {
    let is_form = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|v| {
            v.trim()
                .eq_ignore_ascii_case("application/x-www-form-urlencoded")
        });
    let text = std::str::from_utf8(body).ok().filter(|_| is_form);
    match text {
        Some(t) => Params::parse(t),
        None => Err(AadError::missing(first_required)),
    }
}

/// AADSTS700025 when a public client presents a credential.
pub(in super::super) fn refuse_credentials(p: &Params) -> Result<(), AadError> {
    if p.has("client_secret") || p.has("client_assertion") {
        return Err(AadError::new(
            "invalid_client",
            700025,
            "Client is public so neither 'client_assertion' nor 'client_secret' should be presented.",
        )
        .status(StatusCode::UNAUTHORIZED));
    }
    Ok(())
}

fn answer(
    shared: &Shared,
    tenant: &str,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<Response, AadError> {
    check_tenant(tenant)?;
    let p = form(headers, body, "grant_type")?;
    let grant_type = p.require("grant_type")?;
    let client_id = p.require("client_id")?;
    check_client(client_id)?;
    refuse_credentials(&p)?;
    match grant_type {
        "authorization_code" => redeem_code(shared, &p, client_id),
        "refresh_token" => refresh::redeem(shared, &p, client_id),
        DEVICE_CODE_GRANT => device::poll(shared, &p, client_id),
        other => Err(AadError::new(
            "unsupported_grant_type",
            70003,
            format!("The app requested an unsupported grant type '{other}'."),
        )),
    }
}

fn invalid_grant(code: u32, text: &str) -> AadError {
    AadError::new("invalid_grant", code, text)
}

fn redeem_code(shared: &Shared, p: &Params, client_id: &str) -> Result<Response, AadError> {
    let code = p.require("code")?;
    let redirect_uri = p.require("redirect_uri")?;
    let mut st = shared.lock();
    if let Some(v) = p.get("code_verifier") {
        st.note_secret(v);
    }
    let Some(record) = st.codes.get(code) else {
        return Err(invalid_grant(
            9002313,
            "Invalid request. Request is malformed or invalid.",
        ));
    };
    if record.redeemed {
        return Err(invalid_grant(
            54005,
            "OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.",
        ));
    }
    if st.now().signed_duration_since(record.issued_at) > Duration::minutes(10) {
        return Err(invalid_grant(
            70008,
            "The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.",
        ));
    }
    if !record.client_id.eq_ignore_ascii_case(client_id) {
        return Err(invalid_grant(
            70000,
            "Provided grant is invalid or malformed: the authorization code was issued to another client.",
        ));
    }
    if record.redirect_uri != redirect_uri {
        return Err(invalid_grant(
            70000,
            &format!(
                "Provided grant is invalid or malformed: the redirect_uri '{redirect_uri}' is not the one used to obtain the authorization code."
            ),
        ));
    }
    let verifier = p.require("code_verifier")?;
    if !valid_verifier(verifier) {
        return Err(invalid_grant(
            501481,
            "The Code_Verifier does not match the code_challenge supplied in the authorization request: a code_verifier is 43 to 128 characters of [A-Z] [a-z] [0-9] - . _ ~ (RFC 7636).",
        ));
    }
    if s256(verifier) != record.code_challenge {
        return Err(invalid_grant(
            501481,
            "The Code_Verifier does not match the code_challenge supplied in the authorization request.",
        ));
    }
    if let Some(scope) = p.get("scope") {
        let asked = scopes::parse(scope, &shared.graph_resource)?;
        if !asked.scopes.is_empty() && asked.audience != record.grant.audience {
            return Err(AadError::new(
                "invalid_scope",
                70011,
                format!(
                    "The provided value for the input parameter 'scope' isn't valid: '{scope}' names another resource than the authorization request."
                ),
            ));
        }
    }
    let (user_id, grant, nonce, consent_missing) = (
        record.user_id.clone(),
        record.grant.clone(),
        record.nonce.clone(),
        record.consent_missing,
    );
    if let Some(r) = st.codes.get_mut(code) {
        r.redeemed = true;
    }
    if let Some(refused) = super::consent::token_refusal(&st) {
        return Err(refused);
    }
    if consent_missing {
        return Err(consent_required_error());
    }
    Ok(issue::issue(
        &mut st,
        &shared.base_url,
        &user_id,
        client_id,
        &grant,
        nonce.as_deref(),
    ))
}

/// RFC 7636 §4.1: 43–128 characters of the unreserved set.
fn valid_verifier(v: &str) -> bool {
    (43..=128).contains(&v.len())
        && v.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~'))
}

/// BASE64URL(SHA256(ASCII(verifier))) without padding.
pub(in super::super) fn s256(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn s256_matches_rfc_7636_appendix_b() {
        assert_eq!(
            s256("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
    }

    #[test]
    fn verifier_alphabet_and_length_are_enforced() {
        assert!(valid_verifier(&"a".repeat(43)));
        assert!(valid_verifier(&"a~._-".repeat(20)));
        assert!(!valid_verifier(&"a".repeat(42)));
        assert!(!valid_verifier(&"a".repeat(129)));
        assert!(!valid_verifier(&format!("{}+", "a".repeat(43))));
    }

    #[test]
    fn json_body_reads_as_missing_grant_type() {
        let mut h = HeaderMap::new();
        h.insert(header::CONTENT_TYPE, "application/json".parse().unwrap());
        let err = form(&h, br#"{"grant_type":"refresh_token"}"#, "grant_type").unwrap_err();
        assert_eq!((err.error, err.code), ("invalid_request", 900144));
        h.insert(
            header::CONTENT_TYPE,
            "application/x-www-form-urlencoded; charset=utf-8"
                .parse()
                .unwrap(),
        );
        assert!(form(&h, b"grant_type=x", "grant_type").is_ok());
    }
}
