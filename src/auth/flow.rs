//! The OAuth 2.0 flows against the Microsoft identity platform, through the `oauth2` crate:
//! authorization code + PKCE (S256), device code, and refresh. Each returns a [`TokenSet`] or
//! a [`TokenError`] carrying Microsoft's error body (protocol.md §1.8–1.11, §1.15).

use std::borrow::Cow;
use std::fmt;
use std::time::Duration;

use chrono::{DateTime, Utc};
use oauth2::basic::{
    BasicRevocationErrorResponse, BasicTokenIntrospectionResponse, BasicTokenType,
};
use oauth2::{
    AuthType, AuthUrl, AuthorizationCode, ClientId, CsrfToken, DeviceAuthorizationUrl,
    EndpointNotSet, EndpointSet, ExtraDeviceAuthorizationFields, ExtraTokenFields,
    PkceCodeChallenge, PkceCodeVerifier, RedirectUrl, RefreshToken, RequestTokenError, Scope,
    StandardRevocableToken, StandardTokenResponse, TokenResponse, TokenUrl,
};
use serde::{Deserialize, Serialize};
use url::Url;

use crate::auth::id_token::IdClaims;
use crate::auth::oauth_http::OAuthHttp;
use crate::http::error_chain;
use crate::redact::Secret;

/// The identity platform's endpoints for one authority host and tenant.
#[derive(Debug, Clone)]
pub struct Endpoints {
    pub authorize: Url,
    pub token: Url,
    pub device_code: Url,
    pub admin_consent: Url,
}

impl Endpoints {
    pub fn new(authority_host: &Url, tenant: &str) -> Endpoints {
        let at = |path: &str| {
            Url::parse(&crate::cloud::join(
                authority_host,
                &format!("{tenant}/{path}"),
            ))
            .expect("authority host and tenant were validated")
        };
        Endpoints {
            authorize: at("oauth2/v2.0/authorize"),
            token: at("oauth2/v2.0/token"),
            device_code: at("oauth2/v2.0/devicecode"),
            admin_consent: at("v2.0/adminconsent"),
        }
    }
}

/// Fields of Microsoft's token response beyond RFC 6749.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct MicrosoftTokenFields {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_token: Option<String>,
}
impl ExtraTokenFields for MicrosoftTokenFields {}

/// Microsoft's device-code answer carries a ready-made `message` for the user.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct MicrosoftDeviceFields {
    #[serde(default)]
    pub message: Option<String>,
}
impl ExtraDeviceAuthorizationFields for MicrosoftDeviceFields {}

/// Microsoft's token-endpoint error body (protocol.md §1.11).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct MicrosoftError {
    pub error: String,
    #[serde(default)]
    pub error_description: Option<String>,
    #[serde(default)]
    pub error_codes: Vec<u64>,
    #[serde(default)]
    pub suberror: Option<String>,
    #[serde(default)]
    pub error_uri: Option<String>,
    #[serde(default)]
    pub correlation_id: Option<String>,
    #[serde(default)]
    pub trace_id: Option<String>,
}
impl oauth2::ErrorResponse for MicrosoftError {}

impl MicrosoftError {
    /// AADSTS codes, from `error_codes` or (for redirect errors, which only carry text) the
    /// description. Used for hints only: the branching key is `error` (protocol.md §1.11).
    pub fn aadsts_codes(&self) -> Vec<u64> {
        let mut codes = self.error_codes.clone();
        if let Some(desc) = &self.error_description {
            codes.extend(aadsts_codes_in(desc));
        }
        codes.dedup();
        codes
    }

    /// The first line of the description, without the trace ids.
    pub fn summary(&self) -> String {
        self.error_description
            .as_deref()
            .and_then(|d| d.lines().next())
            .map(|l| l.trim().to_owned())
            .filter(|l| !l.is_empty())
            .unwrap_or_else(|| self.error.clone())
    }
}

impl fmt::Display for MicrosoftError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.error, self.summary())
    }
}

/// `AADSTS65001` → 65001, for every occurrence in a text.
pub fn aadsts_codes_in(text: &str) -> Vec<u64> {
    text.match_indices("AADSTS")
        .filter_map(|(i, _)| {
            let digits: String = text[i + 6..]
                .chars()
                .take_while(|c| c.is_ascii_digit())
                .collect();
            digits.parse().ok()
        })
        .collect()
}

/// Why a token request failed.
#[derive(Debug, thiserror::Error)]
pub enum TokenError {
    /// The identity platform answered with an error body.
    #[error("{0}")]
    Refused(Box<MicrosoftError>),
    /// The request did not get an answer.
    #[error("cannot reach the identity platform: {0}")]
    Network(String),
    /// An answer we could not read.
    #[error("unexpected answer from the identity platform: {0}")]
    Protocol(String),
    /// The device code flow ran out of time.
    #[error("the device code expired before the sign-in finished")]
    Expired,
}

/// What a successful token request gives.
#[derive(Debug, Clone)]
pub struct TokenSet {
    pub access_token: Secret,
    pub refresh_token: Option<Secret>,
    pub expires_at: DateTime<Utc>,
    /// The `scope` answer split on spaces; `None` when Microsoft left it out.
    pub scopes: Option<Vec<String>>,
    pub id_claims: Option<IdClaims>,
}

type MicrosoftTokenResponse = StandardTokenResponse<MicrosoftTokenFields, BasicTokenType>;
type MicrosoftClient = oauth2::Client<
    MicrosoftError,
    MicrosoftTokenResponse,
    BasicTokenIntrospectionResponse,
    StandardRevocableToken,
    BasicRevocationErrorResponse,
    EndpointSet,
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointSet,
>;

pub type MicrosoftDeviceAuthorization = oauth2::DeviceAuthorizationResponse<MicrosoftDeviceFields>;

/// A public client (no secret: the client id goes in the request body).
pub struct OAuthClient {
    client: MicrosoftClient,
    http: OAuthHttp,
}

/// What `/authorize` needs beyond the client: the request, and the secrets to keep.
pub struct AuthorizationStart {
    pub url: Url,
    pub state: Secret,
    pub verifier: PkceCodeVerifier,
}

impl OAuthClient {
    pub fn new(client_id: &str, endpoints: &Endpoints, http: reqwest::Client) -> OAuthClient {
        let client = oauth2::Client::new(ClientId::new(client_id.to_owned()))
            .set_auth_type(AuthType::RequestBody)
            .set_auth_uri(AuthUrl::from_url(endpoints.authorize.clone()))
            .set_token_uri(TokenUrl::from_url(endpoints.token.clone()))
            .set_device_authorization_url(DeviceAuthorizationUrl::from_url(
                endpoints.device_code.clone(),
            ));
        OAuthClient {
            client,
            http: OAuthHttp::new(http),
        }
    }

    /// The sign-in URL: code flow, PKCE S256, form_post, a fresh `state`, the account picker.
    pub fn authorization_url(&self, scopes: &[String], redirect_uri: &str) -> AuthorizationStart {
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let redirect = RedirectUrl::new(redirect_uri.to_owned()).expect("loopback URI is valid");
        let (url, state) = self
            .client
            .authorize_url(CsrfToken::new_random)
            .add_scopes(scopes.iter().cloned().map(Scope::new))
            .set_pkce_challenge(challenge)
            .set_redirect_uri(Cow::Owned(redirect))
            .add_extra_param("response_mode", "form_post")
            .add_extra_param("prompt", "select_account")
            .url();
        AuthorizationStart {
            url,
            state: Secret::new(state.secret().clone()),
            verifier,
        }
    }

    /// Redeems the code with the same redirect URI and the PKCE verifier.
    pub async fn redeem_code(
        &self,
        code: &Secret,
        verifier: PkceCodeVerifier,
        redirect_uri: &str,
    ) -> Result<TokenSet, TokenError> {
        let redirect = RedirectUrl::new(redirect_uri.to_owned()).expect("loopback URI is valid");
        let answer = self
            .client
            .exchange_code(AuthorizationCode::new(code.expose().to_owned()))
            .set_pkce_verifier(verifier)
            .set_redirect_uri(Cow::Owned(redirect))
            .request_async(&self.http)
            .await;
        token_set(answer)
    }

    pub async fn refresh(
        &self,
        refresh_token: &Secret,
        scopes: &[String],
    ) -> Result<TokenSet, TokenError> {
        let token = RefreshToken::new(refresh_token.expose().to_owned());
        let answer = self
            .client
            .exchange_refresh_token(&token)
            .add_scopes(scopes.iter().cloned().map(Scope::new))
            .request_async(&self.http)
            .await;
        token_set(answer)
    }

    pub async fn start_device_code(
        &self,
        scopes: &[String],
    ) -> Result<MicrosoftDeviceAuthorization, TokenError> {
        self.client
            .exchange_device_code()
            .add_scopes(scopes.iter().cloned().map(Scope::new))
            .request_async(&self.http)
            .await
            .map_err(request_error)
    }

    /// Polls at the server's interval until the user finishes, declines, or time runs out.
    pub async fn poll_device_code(
        &self,
        details: &MicrosoftDeviceAuthorization,
        timeout: Duration,
    ) -> Result<TokenSet, TokenError> {
        let answer = self
            .client
            .exchange_device_access_token(details)
            .request_async(&self.http, tokio::time::sleep, Some(timeout))
            .await;
        match answer {
            Ok(response) => Ok(into_token_set(response)),
            Err(RequestTokenError::ServerResponse(body)) => {
                let value = serde_json::to_value(&body).unwrap_or_default();
                let error: MicrosoftError =
                    serde_json::from_value(value).unwrap_or_else(|_| MicrosoftError {
                        error: "unknown".into(),
                        ..Default::default()
                    });
                if error.error == "expired_token" {
                    Err(TokenError::Expired)
                } else {
                    Err(TokenError::Refused(Box::new(error)))
                }
            }
            Err(other) => Err(request_error(other)),
        }
    }
}

fn token_set(
    answer: Result<
        MicrosoftTokenResponse,
        RequestTokenError<oauth2::HttpClientError<reqwest::Error>, MicrosoftError>,
    >,
) -> Result<TokenSet, TokenError> {
    answer.map(into_token_set).map_err(request_error)
}

fn into_token_set(response: MicrosoftTokenResponse) -> TokenSet {
    let lifetime = response.expires_in().unwrap_or(Duration::from_secs(3599));
    TokenSet {
        access_token: Secret::new(response.access_token().secret().clone()),
        refresh_token: response
            .refresh_token()
            .map(|t| Secret::new(t.secret().clone())),
        expires_at: Utc::now()
            + chrono::TimeDelta::from_std(lifetime).unwrap_or(chrono::TimeDelta::seconds(3599)),
        scopes: response
            .scopes()
            .map(|s| s.iter().map(|s| s.to_string()).collect()),
        id_claims: response
            .extra_fields()
            .id_token
            .as_deref()
            .and_then(IdClaims::from_jwt),
    }
}

fn request_error<E: oauth2::ErrorResponse + Serialize + 'static>(
    e: RequestTokenError<oauth2::HttpClientError<reqwest::Error>, E>,
) -> TokenError {
    match e {
        RequestTokenError::ServerResponse(body) => {
            let value = serde_json::to_value(&body).unwrap_or_default();
            match serde_json::from_value::<MicrosoftError>(value) {
                Ok(error) => TokenError::Refused(Box::new(error)),
                Err(_) => TokenError::Protocol(body.to_string()),
            }
        }
        RequestTokenError::Request(inner) => TokenError::Network(match &inner {
            oauth2::HttpClientError::Reqwest(e) => error_chain(e.as_ref()),
            other => error_chain(other),
        }),
        RequestTokenError::Parse(e, body) => {
            let text = String::from_utf8_lossy(&body);
            // A non-JSON answer is usually a proxy or a server error page.
            TokenError::Protocol(format!(
                "{e} (answer began: {})",
                text.chars().take(80).collect::<String>()
            ))
        }
        RequestTokenError::Other(text) => TokenError::Protocol(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints_follow_the_documented_templates() {
        let e = Endpoints::new(
            &Url::parse("https://login.microsoftonline.com").unwrap(),
            "organizations",
        );
        assert_eq!(
            e.authorize.as_str(),
            "https://login.microsoftonline.com/organizations/oauth2/v2.0/authorize"
        );
        assert_eq!(
            e.token.as_str(),
            "https://login.microsoftonline.com/organizations/oauth2/v2.0/token"
        );
        assert_eq!(
            e.device_code.as_str(),
            "https://login.microsoftonline.com/organizations/oauth2/v2.0/devicecode"
        );
        assert_eq!(
            e.admin_consent.as_str(),
            "https://login.microsoftonline.com/organizations/v2.0/adminconsent"
        );
    }

    #[test]
    fn authorization_url_uses_s256_form_post_and_exact_redirect() {
        let e = Endpoints::new(&Url::parse("http://127.0.0.1:9").unwrap(), "organizations");
        let client = OAuthClient::new(
            "1c7e3be3-dd7d-4f67-88ca-c9ea85f16092",
            &e,
            reqwest::Client::new(),
        );
        let start = client.authorization_url(
            &["openid".into(), "Mail.Send".into()],
            "http://localhost:5555/",
        );
        let q: std::collections::HashMap<_, _> = start.url.query_pairs().into_owned().collect();
        assert_eq!(q["code_challenge_method"], "S256");
        assert_eq!(q["response_mode"], "form_post");
        assert_eq!(q["redirect_uri"], "http://localhost:5555/");
        assert_eq!(q["scope"], "openid Mail.Send");
        assert_eq!(q["state"], start.state.expose());
        assert_eq!(q["prompt"], "select_account");
    }

    #[test]
    fn aadsts_codes_are_found_in_descriptions() {
        assert_eq!(
            aadsts_codes_in("AADSTS90094: Admin consent is required."),
            vec![90094]
        );
        assert_eq!(aadsts_codes_in("no code"), Vec::<u64>::new());
    }
}
