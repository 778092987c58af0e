//! Reading the claims of the id token that came straight from the token endpoint over TLS
//! (OpenID Connect Core §3.1.3.7 allows skipping signature checks there). Only who signed in
//! and in which tenant is read from it; access tokens stay opaque (protocol.md §1.9).

use base64::Engine;
use serde::Deserialize;

#[derive(Debug, Clone, Default, Deserialize)]
pub struct IdClaims {
    /// Tenant id.
    pub tid: Option<String>,
    pub preferred_username: Option<String>,
    pub name: Option<String>,
    pub email: Option<String>,
    pub oid: Option<String>,
}

impl IdClaims {
    /// The claims of a compact JWT, or `None` when it is not one.
    pub fn from_jwt(jwt: &str) -> Option<IdClaims> {
        let payload = jwt.split('.').nth(1)?;
        let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(payload.trim_end_matches('='))
            .ok()?;
        serde_json::from_slice(&bytes).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_tenant_and_username_from_the_payload() {
        let payload = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .encode(br#"{"tid":"t-1","preferred_username":"a@b.example","name":"A B"}"#);
        let claims = IdClaims::from_jwt(&format!("e30.{payload}.")).unwrap();
        assert_eq!(claims.tid.as_deref(), Some("t-1"));
        assert_eq!(claims.preferred_username.as_deref(), Some("a@b.example"));
    }

    #[test]
    fn garbage_is_none() {
        assert!(IdClaims::from_jwt("not a jwt").is_none());
    }
}
