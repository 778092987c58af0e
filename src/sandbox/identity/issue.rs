//! Issuing tokens: an opaque access token, a rotating refresh token (with `offline_access`), an
//! unsigned id_token (with `openid`), and the success body of protocol.md §1.9.

use axum::Json;
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Duration, Utc};
use serde::Serialize;
use serde_json::json;
use sha2::{Digest, Sha256};

use super::super::ids;
use super::super::model::ScopeStyle;
use super::super::state::{
    AccessTokenRecord, Grant, RefreshStatus, RefreshTokenRecord, TENANT_ID, TenantState,
};
use super::errors::no_store;
use super::scopes::response_scope;

/// The wire body of a successful token response.
#[derive(Serialize)]
struct TokenResponse {
    token_type: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    scope: Option<String>,
    expires_in: i64,
    ext_expires_in: i64,
    access_token: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    refresh_token: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    id_token: Option<String>,
}

/// The `scope` field in the style the tenant is set to (`None`: left out).
fn styled_scope(style: ScopeStyle, grant: &Grant) -> Option<String> {
    match style {
        ScopeStyle::Plain => Some(response_scope(&grant.scopes, grant)),
        ScopeStyle::Qualified => Some(qualified_scope(grant)),
        ScopeStyle::PercentEncoded => Some(
            qualified_scope(grant)
                .split(' ')
                .map(|s| url::form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>())
                .collect::<Vec<_>>()
                .join(" "),
        ),
        ScopeStyle::Omitted => None,
    }
}

/// OIDC scopes first, then the Graph permissions qualified with the resource, lower case, in
/// reverse order: everything a client might wrongly depend on is different.
fn qualified_scope(grant: &Grant) -> String {
    let mut parts: Vec<String> = Vec::new();
    for (on, name) in [
        (grant.openid, "openid"),
        (grant.profile, "profile"),
        (grant.email, "email"),
    ] {
        if on {
            parts.push(name.to_string());
        }
    }
    parts.extend(
        grant
            .scopes
            .iter()
            .rev()
            .map(|s| format!("{}/{}", grant.audience, s.to_ascii_lowercase())),
    );
    parts.join(" ")
}

/// Issues tokens for `grant` to `user_id` and answers with the token response.
pub(in super::super) fn issue(
    st: &mut TenantState,
    base_url: &str,
    user_id: &str,
    client_id: &str,
    grant: &Grant,
    nonce: Option<&str>,
) -> Response {
    let now = st.now();
    let lifetime = st.access_token_lifetime;
    // A lifetime set beyond chrono's range means "never expires", not a panic.
    let expires_at = Duration::try_seconds(lifetime)
        .and_then(|d| now.checked_add_signed(d))
        .unwrap_or(if lifetime < 0 {
            DateTime::<Utc>::MIN_UTC
        } else {
            DateTime::<Utc>::MAX_UTC
        });
    // Opaque like Microsoft's Graph tokens for callers: no dots, so nobody mistakes it for a JWT.
    let access_token = ids::secret("EwA", 150);
    st.access_tokens.insert(
        access_token.clone(),
        AccessTokenRecord {
            user_id: user_id.to_string(),
            audience: grant.audience.clone(),
            scopes: grant.scopes.clone(),
            expires_at,
        },
    );
    st.note_secret(&access_token);
    let refresh_token = grant.offline_access.then(|| {
        let token = ids::secret("1.AQ8A", 200);
        st.refresh_tokens.insert(
            token.clone(),
            RefreshTokenRecord {
                user_id: user_id.to_string(),
                client_id: client_id.to_string(),
                grant: grant.clone(),
                issued_at: now,
                status: RefreshStatus::Active,
            },
        );
        st.note_secret(&token);
        token
    });
    let id_token = if grant.openid {
        let token = id_token(st, base_url, user_id, client_id, grant, nonce);
        st.note_secret(&token);
        Some(token)
    } else {
        None
    };
    let body = TokenResponse {
        token_type: "Bearer",
        scope: styled_scope(st.token_answers.scope_style, grant),
        expires_in: lifetime,
        ext_expires_in: lifetime,
        access_token,
        refresh_token,
        id_token,
    };
    let mut response = Json(body).into_response();
    no_store(&mut response);
    response
}

/// An unsigned (`alg: none`) id_token with the claims a v2.0 id_token carries.
fn id_token(
    st: &TenantState,
    base_url: &str,
    user_id: &str,
    client_id: &str,
    grant: &Grant,
    nonce: Option<&str>,
) -> String {
    let user = st.user_by_id(user_id);
    let (email, name) = user.map_or((String::new(), String::new()), |u| {
        (u.user.email.clone(), u.user.display_name.clone())
    });
    let iat = st.now().timestamp();
    // A pairwise subject: stable per user and app, unrelated to the oid.
    let sub = URL_SAFE_NO_PAD.encode(&Sha256::digest(format!("{user_id}:{client_id}"))[..24]);
    let mut claims = json!({
        "aud": client_id,
        "iss": format!("{base_url}/{TENANT_ID}/v2.0"),
        "iat": iat,
        "nbf": iat,
        "exp": iat + 3600,
        "name": name,
        "oid": user_id,
        "preferred_username": email,
        "sub": sub,
        "tid": TENANT_ID,
        "ver": "2.0",
    });
    if let Some(n) = nonce {
        claims["nonce"] = json!(n);
    }
    if grant.email {
        claims["email"] = json!(email);
    }
    let header = json!({"typ": "JWT", "alg": "none"});
    format!(
        "{}.{}.",
        URL_SAFE_NO_PAD.encode(header.to_string()),
        URL_SAFE_NO_PAD.encode(claims.to_string())
    )
}
