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
    /// `YYYY-MM-DD HH:MM:SSZ` (a space, not RFC 3339).
    #[serde(default)]
    pub timestamp: Option<String>,
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

    /// The first line of the description, without the trace ids (which some answers put on
    /// the same line), made safe for a terminal.
    pub fn summary(&self) -> String {
        self.error_description
            .as_deref()
            .and_then(|d| d.lines().next())
            .map(|l| l.split(" Trace ID:").next().unwrap_or(l))
            .map(|l| crate::redact::one_line(l, 400))
            .filter(|l| !l.is_empty())
            .unwrap_or_else(|| crate::redact::one_line(&self.error, 80))
    }

    /// What Microsoft support asks for: the correlation id, the trace id and the time of the
    /// error, from the answer's fields or, for a redirect (which carries only `error` and
    /// `error_description`), from the `Trace ID: … Correlation ID: … Timestamp: …` lines
    /// Microsoft appends to the description ("Microsoft Entra authentication and authorization
    /// error codes", "Handling error codes in your application"). `None` when there are none.
    pub fn support_ids(&self) -> Option<String> {
        let desc = self.error_description.as_deref().unwrap_or("");
        let pick = |field: &Option<String>, label: &str, words: usize| {
            field
                .as_deref()
                .map(str::to_owned)
                .or_else(|| labelled(desc, label, words))
                .map(|v| crate::redact::one_line(&v, 64))
                .filter(|v| !v.is_empty())
        };
        let correlation = pick(&self.correlation_id, "Correlation ID:", 1);
        let trace = pick(&self.trace_id, "Trace ID:", 1);
        let time = pick(&self.timestamp, "Timestamp:", 2);
        let parts: Vec<String> = [
            correlation.map(|c| format!("correlation id {c}")),
            trace.map(|t| format!("trace id {t}")),
            time.map(|t| format!("at {t}")),
        ]
        .into_iter()
        .flatten()
        .collect();
        (!parts.is_empty()).then(|| parts.join(", "))
    }
}

/// The `words` whitespace-separated words after `label` in `text` (`Timestamp: 2016-01-09
/// 02:02:12Z` is two words).
fn labelled(text: &str, label: &str, words: usize) -> Option<String> {
    let start = text.find(label)? + label.len();
    let value: Vec<&str> = text[start..].split_whitespace().take(words).collect();
    (!value.is_empty()).then(|| value.join(" "))
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
    /// A success answer we could not read. Its body is never shown (it holds tokens); a
    /// refresh token found in it is kept, since the one we sent may already be spent.
    #[error(
        "the identity platform's answer could not be read ({0}); it is not shown because it holds tokens"
    )]
    Unreadable(String, Option<Secret>),
    /// A server failure that came as a page rather than an OAuth error (a 5xx from a proxy or
    /// the platform's front door).
    #[error("the identity platform failed ({status}): {excerpt}")]
    ServerFailure { status: u16, excerpt: String },
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
        token_set(answer, self.http.last_status())
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
        token_set(answer, self.http.last_status())
    }

    /// The longest access-token lifetime we believe: Microsoft issues 60–90 minutes (up to 24
    /// hours with token lifetime policies); anything longer is a broken answer, and trusting
    /// it would keep a dead token in the cache or overflow the clock.
    pub const MAX_TOKEN_LIFETIME: Duration = Duration::from_secs(24 * 3600);

    pub async fn start_device_code(
        &self,
        scopes: &[String],
    ) -> Result<MicrosoftDeviceAuthorization, TokenError> {
        self.client
            .exchange_device_code()
            .add_scopes(scopes.iter().cloned().map(Scope::new))
            .request_async(&self.http)
            .await
            .map_err(|e| request_error(e, self.http.last_status()))
    }

    /// Polls at the server's interval until the user finishes, declines, or time runs out.
    ///
    /// Our own loop rather than the `oauth2` crate's: the crate reads a polling error as a
    /// bare RFC 8628 error and drops Microsoft's `error_codes`, `suberror`, `correlation_id`
    /// and `trace_id`, which decide the advice (admin approval) and are what support asks for.
    /// The timing is RFC 8628's, as the crate does it: a first poll at once, then one every
    /// `interval`, 5 s more after `slow_down`, doubling (to 10 s at most) after a network error.
    pub async fn poll_device_code(
        &self,
        details: &MicrosoftDeviceAuthorization,
        timeout: Duration,
    ) -> Result<TokenSet, TokenError> {
        let started = tokio::time::Instant::now();
        // A server's interval is believed up to an hour: more is a broken answer.
        let mut interval = details.interval().min(Duration::from_secs(3600));
        loop {
            if started.elapsed() > timeout {
                return Err(TokenError::Expired);
            }
            match self.poll_device_code_once(details).await {
                DevicePoll::Pending => {}
                DevicePoll::SlowDown => interval = interval.saturating_add(Duration::from_secs(5)),
                DevicePoll::Unreachable => {
                    interval = interval.max(interval.saturating_mul(2).min(Duration::from_secs(10)))
                }
                DevicePoll::Done(result) => return *result,
            }
            tokio::time::sleep(interval).await;
        }
    }

    async fn poll_device_code_once(&self, details: &MicrosoftDeviceAuthorization) -> DevicePoll {
        let body = url::form_urlencoded::Serializer::new(String::new())
            .append_pair("grant_type", DEVICE_CODE_GRANT)
            .append_pair("client_id", self.client.client_id().as_str())
            .append_pair("device_code", details.device_code().secret())
            .finish();
        let request = oauth2::http::Request::builder()
            .method(oauth2::http::Method::POST)
            .uri(self.client.token_uri().as_str())
            .header(
                oauth2::http::header::CONTENT_TYPE,
                "application/x-www-form-urlencoded",
            )
            .header(oauth2::http::header::ACCEPT, "application/json")
            .body(body.into_bytes());
        let request = match request {
            Ok(r) => r,
            Err(e) => return DevicePoll::Done(Box::new(Err(TokenError::Protocol(e.to_string())))),
        };
        let response = match oauth2::AsyncHttpClient::call(&self.http, request).await {
            Ok(r) => r,
            // Logged by the adapter; RFC 8628 §3.5 asks for a back-off, not a give-up.
            Err(_) => return DevicePoll::Unreachable,
        };
        let status = response.status().as_u16();
        let body = response.body();
        if status == 429 {
            // Throttled: the poll is too eager, which is what `slow_down` says in RFC 8628.
            return DevicePoll::SlowDown;
        }
        if (200..300).contains(&status) {
            return DevicePoll::Done(Box::new(
                match serde_json::from_slice::<MicrosoftTokenResponse>(body) {
                    Ok(tokens) => Ok(into_token_set(tokens, Utc::now())),
                    Err(e) => Err(unreadable_answer(&e.to_string(), body, Some(status))),
                },
            ));
        }
        match serde_json::from_slice::<MicrosoftError>(body) {
            Ok(e) if e.error == "authorization_pending" => DevicePoll::Pending,
            Ok(e) if e.error == "slow_down" => DevicePoll::SlowDown,
            Ok(e) if e.error == "expired_token" => {
                DevicePoll::Done(Box::new(Err(TokenError::Expired)))
            }
            Ok(e) => DevicePoll::Done(Box::new(Err(TokenError::Refused(Box::new(e))))),
            // A front door's 5xx page, not the identity platform's answer: the sign-in may
            // still complete, so back off and poll again (until the code or --timeout runs out).
            Err(_) if status >= 500 => DevicePoll::Unreachable,
            Err(e) => DevicePoll::Done(Box::new(Err(unreadable_answer(
                &e.to_string(),
                body,
                Some(status),
            )))),
        }
    }
}

/// RFC 8628 §3.4: the grant type of a device-code poll.
const DEVICE_CODE_GRANT: &str = "urn:ietf:params:oauth:grant-type:device_code";

/// What one device-code poll tells the loop.
enum DevicePoll {
    Pending,
    SlowDown,
    Unreachable,
    Done(Box<Result<TokenSet, TokenError>>),
}

fn token_set(
    answer: Result<
        MicrosoftTokenResponse,
        RequestTokenError<oauth2::HttpClientError<reqwest::Error>, MicrosoftError>,
    >,
    status: Option<u16>,
) -> Result<TokenSet, TokenError> {
    answer
        .map(|response| into_token_set(response, Utc::now()))
        .map_err(|e| request_error(e, status))
}

/// When the access token expires: `expires_in` after `now`, clamped to
/// [`OAuthClient::MAX_TOKEN_LIFETIME`] (an absent lifetime is taken as the usual hour).
pub fn expiry(now: DateTime<Utc>, expires_in: Option<Duration>) -> DateTime<Utc> {
    let lifetime = expires_in
        .unwrap_or(Duration::from_secs(3599))
        .min(OAuthClient::MAX_TOKEN_LIFETIME);
    chrono::TimeDelta::from_std(lifetime)
        .ok()
        .and_then(|delta| now.checked_add_signed(delta))
        .unwrap_or(now)
}

fn into_token_set(response: MicrosoftTokenResponse, now: DateTime<Utc>) -> TokenSet {
    TokenSet {
        access_token: Secret::new(response.access_token().secret().clone()),
        refresh_token: response
            .refresh_token()
            .map(|t| Secret::new(t.secret().clone())),
        expires_at: expiry(now, response.expires_in()),
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
    status: Option<u16>,
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
        RequestTokenError::Parse(e, body) => unreadable_answer(&e.to_string(), &body, status),
        RequestTokenError::Other(text) => TokenError::Protocol(text),
    }
}

/// An answer the `oauth2` crate could not read. A success body holds tokens: it is never
/// shown, and a refresh token in it is rescued. Any other body is shown as a short excerpt
/// with token fields hidden; a 5xx page is an outage.
fn unreadable_answer(parse_error: &str, body: &[u8], status: Option<u16>) -> TokenError {
    let success = status.is_none_or(|s| (200..300).contains(&s));
    let value: Option<serde_json::Value> = serde_json::from_slice(body).ok();
    let holds_tokens = value
        .as_ref()
        .and_then(|v| v.as_object())
        .is_some_and(|o| o.contains_key("access_token") || o.contains_key("refresh_token"));
    if success || holds_tokens {
        let rescued = value
            .as_ref()
            .and_then(|v| v.get("refresh_token"))
            .and_then(|t| t.as_str())
            .filter(|t| !t.is_empty())
            .map(Secret::new);
        // The parser's message can quote a value; only its kind of failure is kept.
        let reason = if parse_error.contains("expires_in") {
            "its expires_in is not a number of seconds"
        } else if value.is_none() {
            "it is not JSON"
        } else {
            "a field has an unexpected type"
        };
        return TokenError::Unreadable(reason.to_owned(), rescued);
    }
    let excerpt = crate::redact::body_excerpt(body, 120);
    match status {
        Some(s) if s >= 500 => TokenError::ServerFailure { status: s, excerpt },
        Some(s) => TokenError::Protocol(format!("HTTP {s}, answer began: {excerpt}")),
        None => TokenError::Protocol(format!("answer began: {excerpt}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_absurd_lifetime_is_clamped_not_overflowed() {
        let now = "2026-12-06T12:00:00Z".parse::<DateTime<Utc>>().unwrap();
        let far = expiry(now, Some(Duration::from_secs(9_000_000_000_000)));
        assert_eq!(far, now + chrono::TimeDelta::hours(24));
        assert_eq!(
            expiry(now, Some(Duration::from_secs(3600))),
            now + chrono::TimeDelta::hours(1)
        );
        assert_eq!(expiry(now, None), now + chrono::TimeDelta::seconds(3599));
        let end = DateTime::<Utc>::MAX_UTC;
        assert_eq!(expiry(end, Some(Duration::from_secs(60))), end);
    }

    #[test]
    fn an_unreadable_success_answer_is_never_shown_and_its_refresh_token_is_kept() {
        let body =
            br#"{"access_token":"eyJ.live","refresh_token":"1.AR-rotated","expires_in":"soon"}"#;
        let e = unreadable_answer(
            "invalid type: string \"soon\", expected u64",
            body,
            Some(200),
        );
        let shown = e.to_string();
        assert!(
            !shown.contains("eyJ.live")
                && !shown.contains("1.AR-rotated")
                && !shown.contains("soon"),
            "{shown}"
        );
        match e {
            TokenError::Unreadable(_, Some(rescued)) => {
                assert_eq!(rescued.expose(), "1.AR-rotated")
            }
            other => panic!("expected Unreadable with a rescued token, got {other:?}"),
        }
    }

    #[test]
    fn a_5xx_page_is_a_server_failure_with_a_clean_excerpt() {
        let e = unreadable_answer(
            "expected value",
            b"<html>\x1b[2J502 Bad Gateway\r\n</html>",
            Some(502),
        );
        match e {
            TokenError::ServerFailure { status, excerpt } => {
                assert_eq!(status, 502);
                assert!(!excerpt.chars().any(char::is_control), "{excerpt:?}");
                assert!(excerpt.contains("502 Bad Gateway"));
            }
            other => panic!("expected ServerFailure, got {other:?}"),
        }
    }

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
    fn support_ids_come_from_the_fields_of_a_token_answer() {
        // The error response of "Microsoft Entra authentication and authorization error codes".
        let e: MicrosoftError = serde_json::from_str(
            r#"{"error":"invalid_scope","error_description":"AADSTS70011: The provided value for the input parameter 'scope' isn't valid.\r\nTrace ID: 0000aaaa-11bb-cccc-dd33-eeeeee333333\r\nCorrelation ID: aaaa0000-bb11-2222-33cc-444444dddddd\r\nTimestamp: 2016-01-09 02:02:12Z","error_codes":[70011],"timestamp":"2016-01-09 02:02:12Z","trace_id":"0000aaaa-11bb-cccc-dd33-eeeeee333333","correlation_id":"aaaa0000-bb11-2222-33cc-444444dddddd","error_uri":"https://login.microsoftonline.com/error?code=70011"}"#,
        )
        .unwrap();
        assert_eq!(
            e.support_ids().unwrap(),
            "correlation id aaaa0000-bb11-2222-33cc-444444dddddd, trace id 0000aaaa-11bb-cccc-dd33-eeeeee333333, at 2016-01-09 02:02:12Z"
        );
        assert_eq!(
            e.summary(),
            "AADSTS70011: The provided value for the input parameter 'scope' isn't valid."
        );
    }

    #[test]
    fn support_ids_of_a_redirect_come_from_its_description() {
        // A redirect carries only `error` and `error_description` (admin consent page's error
        // response); some answers put the ids on the first line.
        for desc in [
            "AADSTS65004: The resource owner or authorization server denied the request.\r\nTrace ID: 0000aaaa-11bb-cccc-dd22-eeeeee333333\r\nCorrelation ID: 8478d534-5b2c-4325-8c2c-51395c342c89\r\nTimestamp: 2019-09-24 18:34:26Z",
            "AADSTS65004: The resource owner or authorization server denied the request. Trace ID: 0000aaaa-11bb-cccc-dd22-eeeeee333333 Correlation ID: 8478d534-5b2c-4325-8c2c-51395c342c89 Timestamp: 2019-09-24 18:34:26Z",
        ] {
            let e = MicrosoftError {
                error: "consent_required".into(),
                error_description: Some(desc.replace("\\r\\n", "\r\n")),
                ..Default::default()
            };
            assert_eq!(
                e.support_ids().unwrap(),
                "correlation id 8478d534-5b2c-4325-8c2c-51395c342c89, trace id 0000aaaa-11bb-cccc-dd22-eeeeee333333, at 2019-09-24 18:34:26Z",
                "{desc}"
            );
            assert_eq!(
                e.summary(),
                "AADSTS65004: The resource owner or authorization server denied the request."
            );
        }
        let bare = MicrosoftError {
            error: "access_denied".into(),
            error_description: Some("the user canceled the authentication".into()),
            ..Default::default()
        };
        assert_eq!(bare.support_ids(), None);
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
