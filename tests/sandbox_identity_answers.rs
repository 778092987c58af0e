//! The identity platform emulation answers as Microsoft documents it: every request example of
//! the pages for the endpoints rally-m365 uses, and the answers a client must be ready for
//! (consent-policy refusals on every path, refresh without rotation, `scope` in every form).
//!
//! Each request example keeps the page's parameters, but for the client id and redirect URI
//! (the page's app is not registered in the sandbox tenant: those become the Rally UXR app's)
//! and a `client_secret`/`client_assertion` that the page marks "only for web apps" (a public
//! client must not send one; that case is tested too).

#[path = "sandbox_common/mod.rs"]
mod common;

use std::collections::BTreeSet;
use std::sync::Arc;

use chrono::{DateTime, TimeDelta, Utc};
use common::*;
use rally_m365::sandbox::browser::{self, post_form};
use rally_m365::sandbox::{
    BrowserAction, BrowserOutcome, ConsentMode, ConsentRefusal, ManualClock, SandboxOptions,
    ScopeStyle, TokenAnswers,
};
use serde_json::Value;

/// The code verifier of the authorization code flow page's redemption example.
const DOC_VERIFIER: &str = "ThisIsntRandomButItNeedsToBe43CharactersLong";

/// The fields a token-endpoint error carries ("Microsoft Entra authentication and authorization
/// error codes", "Handling error codes in your application"), the ids repeated in the
/// description as Microsoft does.
fn assert_token_error_shape(body: &Value, error: &str, code: u64) {
    assert_eq!(body["error"], error, "{body}");
    assert_eq!(body["error_codes"], serde_json::json!([code]), "{body}");
    let desc = body["error_description"].as_str().unwrap();
    assert!(desc.starts_with(&format!("AADSTS{code}: ")), "{desc}");
    let trace = body["trace_id"].as_str().unwrap();
    let correlation = body["correlation_id"].as_str().unwrap();
    let timestamp = body["timestamp"].as_str().unwrap();
    assert!(
        desc.contains(&format!("\r\nTrace ID: {trace}\r\n")),
        "{desc}"
    );
    assert!(
        desc.contains(&format!("\r\nCorrelation ID: {correlation}\r\n")),
        "{desc}"
    );
    assert!(desc.ends_with(&format!("Timestamp: {timestamp}")), "{desc}");
    // `YYYY-MM-DD HH:MM:SSZ`, with a space.
    assert_eq!(
        (timestamp.len(), &timestamp[10..11]),
        (20, " "),
        "{timestamp}"
    );
    assert!(
        body["error_uri"]
            .as_str()
            .unwrap()
            .ends_with(&format!("/error?code={code}")),
        "{body}"
    );
}

/// An error redirect: `error`, `error_description` with the trace lines, `state` echoed.
fn assert_redirect_error_shape(fields: &std::collections::HashMap<String, String>, code: u32) {
    assert!(
        fields["error_description"].starts_with(&format!("AADSTS{code}: ")),
        "{fields:?}"
    );
    for line in ["\r\nTrace ID: ", "\r\nCorrelation ID: ", "\r\nTimestamp: "] {
        assert!(fields["error_description"].contains(line), "{fields:?}");
    }
    assert_eq!(fields["state"], "st-1");
}

/// Signs in through the scripted browser under the current consent mode; what reached the app.
async fn browser_answer(base: &str) -> (String, String, std::collections::HashMap<String, String>) {
    let (port, received) = app_listener().await;
    let redirect = format!("http://localhost:{port}");
    let (verifier, challenge) = pkce();
    let url = authorize_url(
        base,
        &redirect,
        &challenge,
        &[("response_mode", "form_post")],
    );
    browser::sign_in(&url, BrowserAction::Approve)
        .await
        .unwrap();
    let fields = received.lock().unwrap()[0].1.clone();
    (redirect, verifier, fields)
}

fn redeem<'a>(code: &'a str, redirect: &'a str, verifier: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("client_id", CLIENT_ID),
        ("grant_type", "authorization_code"),
        ("code", code),
        ("redirect_uri", redirect),
        ("code_verifier", verifier),
    ]
}

async fn refresh(base: &str, refresh_token: &str) -> (u16, Value) {
    post_token(
        base,
        &[
            ("client_id", CLIENT_ID),
            ("grant_type", "refresh_token"),
            ("refresh_token", refresh_token),
        ],
    )
    .await
}

async fn start_device_code(base: &str, scope: &str) -> Value {
    let (s, dc) = post_form(
        &format!("{base}/organizations/oauth2/v2.0/devicecode"),
        &[
            ("client_id".into(), CLIENT_ID.into()),
            ("scope".into(), scope.into()),
        ],
    )
    .await
    .unwrap();
    assert_eq!(s, 200, "{dc}");
    serde_json::from_str(&dc).unwrap()
}

async fn poll(base: &str, device_code: &str) -> (u16, Value) {
    post_token(
        base,
        &[
            ("grant_type", "urn:ietf:params:oauth:grant-type:device_code"),
            ("client_id", CLIENT_ID),
            ("device_code", device_code),
        ],
    )
    .await
}

fn manual_clock() -> Arc<ManualClock> {
    let start: DateTime<Utc> = "2026-03-02T08:00:00Z".parse().unwrap();
    Arc::new(ManualClock::starting_at(start))
}

// --- Consent-policy refusals ("Unexpected error when performing consent to an application") ---

#[tokio::test(flavor = "multi_thread")]
async fn consent_policy_refusals_reach_the_app_as_error_redirects() {
    let (base, control) = start(SandboxOptions::default()).await;
    for (refusal, code) in [
        (ConsentRefusal::UserConsentDisabled, 90093),
        (ConsentRefusal::RiskyApp, 900941),
    ] {
        control.set_consent(ConsentMode::Refused(refusal));
        let (_, _, fields) = browser_answer(&base).await;
        assert_eq!(fields["error"], "access_denied", "{fields:?}");
        assert!(!fields.contains_key("code"), "{fields:?}");
        assert_redirect_error_shape(&fields, code);
        assert!(fields["error_uri"].ends_with(&format!("/error?code={code}")));
    }
    // Worded as the troubleshooting page words them.
    control.set_consent(ConsentMode::Refused(ConsentRefusal::RiskyApp));
    let (_, _, fields) = browser_answer(&base).await;
    assert!(
        fields["error_description"]
            .contains("Administrator consent is required. App is considered risky."),
        "{fields:?}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn consent_policy_refusals_at_the_token_endpoint_have_the_token_error_shape() {
    let (base, control) = start(SandboxOptions::default()).await;
    // Code redemption.
    control.set_consent(ConsentMode::RefusedAtToken(
        ConsentRefusal::UserConsentDisabled,
    ));
    let (redirect, verifier, fields) = browser_answer(&base).await;
    let (status, body) = post_token(&base, &redeem(&fields["code"], &redirect, &verifier)).await;
    assert_eq!(status, 400);
    assert_token_error_shape(&body, "invalid_grant", 90093);
    // A refresh, after a sign-in that worked.
    control.set_consent(ConsentMode::Approve);
    let tokens = sign_in(&base).await;
    control.set_consent(ConsentMode::RefusedAtToken(ConsentRefusal::RiskyApp));
    let (status, body) = refresh(&base, tokens["refresh_token"].as_str().unwrap()).await;
    assert_eq!(status, 400);
    assert_token_error_shape(&body, "invalid_grant", 900941);
}

#[tokio::test(flavor = "multi_thread")]
async fn consent_policy_refusals_reach_device_code_polling() {
    let clock = manual_clock();
    let (base, control) = start(SandboxOptions {
        clock: clock.clone(),
        ..SandboxOptions::default()
    })
    .await;
    // Refused on the device login page: polling stops with authorization_declined.
    control.set_consent(ConsentMode::Refused(ConsentRefusal::UserConsentDisabled));
    let dc = start_device_code(&base, SCOPES).await;
    assert!(control.approve_device_code(dc["user_code"].as_str().unwrap(), None));
    let (status, body) = poll(&base, dc["device_code"].as_str().unwrap()).await;
    assert_eq!(status, 400);
    assert_token_error_shape(&body, "authorization_declined", 90093);
    // Passed on the page, refused when the token is issued.
    control.set_consent(ConsentMode::RefusedAtToken(ConsentRefusal::RiskyApp));
    let dc = start_device_code(&base, SCOPES).await;
    assert!(control.approve_device_code(dc["user_code"].as_str().unwrap(), None));
    let (_, body) = poll(&base, dc["device_code"].as_str().unwrap()).await;
    assert_token_error_shape(&body, "invalid_grant", 900941);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_consent_refusals_can_be_set_over_http() {
    let (base, _control) = start(SandboxOptions::default()).await;
    let http = reqwest::Client::new();
    for mode in [
        "user_consent_disabled",
        "risky_app",
        "user_consent_disabled_at_token",
        "risky_app_at_token",
    ] {
        let r = http
            .post(format!("{base}/_sandbox/consent"))
            .json(&serde_json::json!({"mode": mode}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 204, "{mode}");
    }
    let (_, _, fields) = browser_answer(&base).await;
    assert!(fields.contains_key("code"), "the screen passes: {fields:?}");
    let r = http
        .post(format!("{base}/_sandbox/consent"))
        .json(&serde_json::json!({"mode": "risky"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    assert!(r.text().await.unwrap().contains("risky_app_at_token"));
}

// --- Token answers: rotation and `scope` ---

#[tokio::test(flavor = "multi_thread")]
async fn without_rotation_a_refresh_returns_no_refresh_token_and_the_old_one_stays_valid() {
    let (base, control) = start(SandboxOptions::default()).await;
    control.set_token_answers(TokenAnswers {
        rotate_refresh_tokens: false,
        ..TokenAnswers::default()
    });
    let tokens = sign_in(&base).await;
    let rt = tokens["refresh_token"].as_str().unwrap();
    for _ in 0..2 {
        let (status, body) = refresh(&base, rt).await;
        assert_eq!(status, 200, "{body}");
        assert!(body.get("refresh_token").is_none(), "{body}");
        assert!(body["access_token"].is_string());
    }
    // Rotation back on: the next refresh rotates, and the old token dies.
    control.set_token_answers(TokenAnswers::default());
    let (_, body) = refresh(&base, rt).await;
    assert!(body["refresh_token"].is_string(), "{body}");
    let (status, body) = refresh(&base, rt).await;
    assert_eq!(status, 400);
    assert_eq!(body["error_codes"][0], 70008);
}

#[tokio::test(flavor = "multi_thread")]
async fn scope_answers_come_plain_qualified_percent_encoded_or_not_at_all() {
    let (base, control) = start(SandboxOptions::default()).await;
    let style = |scope_style| {
        control.set_token_answers(TokenAnswers {
            scope_style,
            ..TokenAnswers::default()
        })
    };
    style(ScopeStyle::Qualified);
    let qualified = sign_in(&base).await;
    assert_eq!(
        qualified["scope"],
        "openid profile email https://graph.microsoft.com/user.read https://graph.microsoft.com/mail.send https://graph.microsoft.com/calendars.readwrite"
    );
    // The same style on a refresh.
    let (_, refreshed) = refresh(&base, qualified["refresh_token"].as_str().unwrap()).await;
    assert_eq!(refreshed["scope"], qualified["scope"]);
    style(ScopeStyle::PercentEncoded);
    let encoded = sign_in(&base).await;
    let parts: BTreeSet<&str> = encoded["scope"].as_str().unwrap().split(' ').collect();
    assert!(
        parts.contains("https%3A%2F%2Fgraph.microsoft.com%2Fmail.send"),
        "{parts:?}"
    );
    style(ScopeStyle::Omitted);
    let omitted = sign_in(&base).await;
    assert!(omitted.get("scope").is_none(), "{omitted}");
    assert!(omitted["refresh_token"].is_string());
}

#[tokio::test(flavor = "multi_thread")]
async fn token_answers_can_be_set_over_http() {
    let (base, control) = start(SandboxOptions::default()).await;
    let http = reqwest::Client::new();
    let r = http
        .post(format!("{base}/_sandbox/token-answers"))
        .json(&serde_json::json!({"rotate_refresh_tokens": false, "scope_style": "qualified"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 204);
    assert_eq!(
        control.token_answers(),
        TokenAnswers {
            rotate_refresh_tokens: false,
            scope_style: ScopeStyle::Qualified
        }
    );
    for bad in [
        serde_json::json!({"scope_style": "fancy"}),
        serde_json::json!({"rotate": false}),
    ] {
        let r = http
            .post(format!("{base}/_sandbox/token-answers"))
            .json(&bad)
            .send()
            .await
            .unwrap();
        assert!(r.status().is_client_error(), "{bad}");
    }
}

// --- "Microsoft identity platform and OAuth 2.0 authorization code flow" ---

#[tokio::test(flavor = "multi_thread")]
async fn doc_authorization_request_gets_a_code_and_the_state_by_query() {
    let (base, control) = start(SandboxOptions::default()).await;
    let (port, received) = app_listener().await;
    // The page's request: response_mode=query, its scope and its (86-character) challenge.
    let url = format!(
        "{base}/organizations/oauth2/v2.0/authorize?client_id={CLIENT_ID}&response_type=code\
&redirect_uri=http%3A%2F%2Flocalhost%3A{port}%2F&response_mode=query\
&scope=https%3A%2F%2Fgraph.microsoft.com%2Fmail.read&state=12345\
&code_challenge=YTFjNjI1OWYzMzA3MTI4ZDY2Njg5M2RkNmVjNDE5YmEyZGRhOGYyM2IzNjdmZWFhMTQ1ODg3NDcxY2Nl\
&code_challenge_method=S256"
    );
    let out = browser::sign_in(&url, BrowserAction::Approve)
        .await
        .unwrap();
    assert!(
        matches!(out, BrowserOutcome::Delivered { status: 200, .. }),
        "{out:?}"
    );
    let (method, fields) = received.lock().unwrap()[0].clone();
    assert_eq!(method, "GET");
    let names: BTreeSet<&str> = fields.keys().map(String::as_str).collect();
    assert_eq!(names, BTreeSet::from(["code", "state"]));
    assert_eq!(fields["state"], "12345");
    assert!(control.issued_secrets().contains(&fields["code"]));
}

#[tokio::test(flavor = "multi_thread")]
async fn doc_hybrid_request_is_refused_without_the_implicit_grant() {
    // The app registration does not enable ID tokens by the implicit grant, so the page's
    // hybrid request gets `unsupported_response_type`, in the fragment it asked for.
    let (base, _control) = start(SandboxOptions::default()).await;
    let url = format!(
        "{base}/organizations/oauth2/v2.0/authorize?client_id={CLIENT_ID}&response_type=code%20id_token\
&redirect_uri=http%3A%2F%2Flocalhost%3A9%2F&response_mode=fragment\
&scope=openid%20offline_access%20https%3A%2F%2Fgraph.microsoft.com%2Fuser.read&state=12345&nonce=abcde\
&code_challenge=YTFjNjI1OWYzMzA3MTI4ZDY2Njg5M2RkNmVjNDE5YmEyZGRhOGYyM2IzNjdmZWFhMTQ1ODg3NDcxY2Nl\
&code_challenge_method=S256"
    );
    let r = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .get(url)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 302);
    let location = r.headers()["location"].to_str().unwrap().to_owned();
    assert!(
        location.starts_with("http://localhost:9/#error=unsupported_response_type&"),
        "{location}"
    );
    assert!(location.ends_with("&state=12345"), "{location}");
}

#[tokio::test(flavor = "multi_thread")]
async fn doc_code_redemption_returns_the_documented_token_response() {
    let (base, _control) = start(SandboxOptions::default()).await;
    let (port, received) = app_listener().await;
    let redirect = format!("http://localhost:{port}/");
    // The page's scope, and the challenge of its verifier.
    let challenge = {
        use base64::Engine;
        use sha2::Digest;
        base64::engine::general_purpose::URL_SAFE_NO_PAD
            .encode(sha2::Sha256::digest(DOC_VERIFIER.as_bytes()))
    };
    let mut url = url::Url::parse(&format!("{base}/organizations/oauth2/v2.0/authorize")).unwrap();
    url.query_pairs_mut()
        .append_pair("client_id", CLIENT_ID)
        .append_pair("response_type", "code")
        .append_pair("redirect_uri", &redirect)
        .append_pair("response_mode", "query")
        .append_pair("scope", "https://graph.microsoft.com/mail.read")
        .append_pair("state", "12345")
        .append_pair("code_challenge", &challenge)
        .append_pair("code_challenge_method", "S256");
    browser::sign_in(url.as_str(), BrowserAction::Approve)
        .await
        .unwrap();
    let code = received.lock().unwrap()[0].1["code"].clone();
    let form = |extra: Option<(&'static str, &'static str)>| {
        let mut f = vec![
            ("client_id", CLIENT_ID),
            ("scope", "https://graph.microsoft.com/mail.read"),
            ("code", code.as_str()),
            ("redirect_uri", redirect.as_str()),
            ("grant_type", "authorization_code"),
            ("code_verifier", DOC_VERIFIER),
        ];
        f.extend(extra);
        f
    };
    // "client_secret: only required for web apps"; a certificate credential likewise.
    for credential in [
        ("client_secret", "sampleCredentia1s"),
        ("client_assertion", "eyJhbGciOiJSUzI1NiJ9.e30.c2ln"),
    ] {
        let (status, body) = post_token(&base, &form(Some(credential))).await;
        assert_eq!(status, 401, "{body}");
        assert_token_error_shape(&body, "invalid_client", 700025);
    }
    let (status, body) = post_token(&base, &form(None)).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["expires_in"], 3599);
    assert_eq!(body["scope"], "Mail.Read");
    assert!(body["access_token"].is_string());
    // "Only provided if offline_access / openid scope was requested": the example asks neither.
    assert!(body.get("refresh_token").is_none(), "{body}");
    assert!(body.get("id_token").is_none(), "{body}");
}

#[tokio::test(flavor = "multi_thread")]
async fn doc_refresh_request_returns_a_new_refresh_token() {
    let (base, _control) = start(SandboxOptions::default()).await;
    let tokens = sign_in(&base).await;
    let rt = tokens["refresh_token"].as_str().unwrap();
    let (status, body) = post_token(
        &base,
        &[
            ("client_id", CLIENT_ID),
            ("scope", "https://graph.microsoft.com/mail.send"),
            ("refresh_token", rt),
            ("grant_type", "refresh_token"),
        ],
    )
    .await;
    assert_eq!(status, 200, "{body}");
    for field in ["access_token", "refresh_token", "scope"] {
        assert!(body[field].is_string(), "{field}: {body}");
    }
    assert_eq!(body["token_type"], "Bearer");
    assert_ne!(body["refresh_token"], tokens["refresh_token"]);
}

#[tokio::test(flavor = "multi_thread")]
async fn doc_error_response_for_an_invalid_scope() {
    // The page's error example: `https://foo.microsoft.com/mail.read` is not a valid scope.
    let (base, _control) = start(SandboxOptions::default()).await;
    let tokens = sign_in(&base).await;
    let (status, body) = post_token(
        &base,
        &[
            ("client_id", CLIENT_ID),
            ("scope", "https://foo.microsoft.com/mail.read"),
            ("refresh_token", tokens["refresh_token"].as_str().unwrap()),
            ("grant_type", "refresh_token"),
        ],
    )
    .await;
    assert_eq!(status, 400);
    assert_token_error_shape(&body, "invalid_scope", 70011);
    assert!(
        body["error_description"]
            .as_str()
            .unwrap()
            .contains("https://foo.microsoft.com/mail.read")
    );
}

// --- "Microsoft identity platform and the OAuth 2.0 device authorization grant flow" ---

#[tokio::test(flavor = "multi_thread")]
async fn doc_device_code_request_and_polling() {
    let clock = manual_clock();
    let (base, control) = start(SandboxOptions {
        clock: clock.clone(),
        ..SandboxOptions::default()
    })
    .await;
    let dc = start_device_code(&base, "user.read openid profile").await;
    let names: BTreeSet<&str> = dc.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        names,
        BTreeSet::from([
            "device_code",
            "user_code",
            "verification_uri",
            "expires_in",
            "interval",
            "message"
        ]),
        "verification_uri_complete is not returned"
    );
    assert_eq!(dc["expires_in"], 900);
    let device_code = dc["device_code"].as_str().unwrap();
    let (status, body) = poll(&base, device_code).await;
    assert_eq!(status, 400);
    assert_token_error_shape(&body, "authorization_pending", 70016);
    assert!(control.approve_device_code(dc["user_code"].as_str().unwrap(), None));
    clock.advance(TimeDelta::seconds(1));
    let (status, body) = poll(&base, device_code).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["scope"], "User.Read profile openid");
    assert!(body["access_token"].is_string() && body["id_token"].is_string());
    // "Issued if the original scope parameter included offline_access": it did not.
    assert!(body.get("refresh_token").is_none(), "{body}");
}

#[tokio::test(flavor = "multi_thread")]
async fn doc_device_code_expected_errors() {
    let clock = manual_clock();
    let (base, control) = start(SandboxOptions {
        clock: clock.clone(),
        ..SandboxOptions::default()
    })
    .await;
    let (_, body) = poll(&base, "GMMhmHCXhWEzkobqIHGG_EnNYYsAkukHspeYUk9E8").await;
    assert_eq!(body["error"], "bad_verification_code");
    let declined = start_device_code(&base, SCOPES).await;
    assert!(control.decline_device_code(declined["user_code"].as_str().unwrap()));
    let (_, body) = poll(&base, declined["device_code"].as_str().unwrap()).await;
    assert_eq!(body["error"], "authorization_declined");
    let expired = start_device_code(&base, SCOPES).await;
    clock.advance(TimeDelta::seconds(901));
    let (_, body) = poll(&base, expired["device_code"].as_str().unwrap()).await;
    assert_eq!(body["error"], "expired_token");
}

// --- "Admin consent on the Microsoft identity platform" ---

#[tokio::test(flavor = "multi_thread")]
async fn doc_admin_consent_request_and_its_answers() {
    let (base, control) = start(SandboxOptions::default()).await;
    let (port, received) = app_listener().await;
    let url = format!(
        "{base}/organizations/v2.0/adminconsent?client_id={CLIENT_ID}\
&scope=https://graph.microsoft.com/Calendars.Read%20https://graph.microsoft.com/Mail.Send\
&redirect_uri=http://localhost:{port}/&state=12345"
    );
    browser::sign_in(&url, BrowserAction::Approve)
        .await
        .unwrap();
    let granted = received.lock().unwrap()[0].1.clone();
    assert_eq!(granted["admin_consent"], "True");
    assert_eq!(granted["tenant"], control.tenant_id());
    assert_eq!(
        granted["scope"],
        "https://graph.microsoft.com/Calendars.Read https://graph.microsoft.com/Mail.Send"
    );
    assert_eq!(granted["state"], "12345");
    // The page's error response: the admin declines.
    control.set_admin_consent_outcome(false);
    browser::sign_in(&url, BrowserAction::Approve)
        .await
        .unwrap();
    let refused = received.lock().unwrap()[1].1.clone();
    assert_eq!(refused["admin_consent"], "True");
    assert_eq!(refused["error"], "consent_required");
    assert!(
        refused["error_description"].starts_with(
            "AADSTS65004: The resource owner or authorization server denied the request.\r\nTrace ID: "
        ),
        "{refused:?}"
    );
    assert!(refused["error_description"].contains("\r\nCorrelation ID: "));
    assert_eq!(refused["state"], "12345");
}

// --- "Get user" (Microsoft Graph) ---

#[tokio::test(flavor = "multi_thread")]
async fn doc_get_signed_in_user_returns_the_default_properties() {
    let (base, _control) = start(SandboxOptions::default()).await;
    let tokens = sign_in(&base).await;
    let r = graph_get(&base, tokens["access_token"].as_str().unwrap(), "/v1.0/me").await;
    assert_eq!(r.status(), 200);
    let me: Value = r.json().await.unwrap();
    let names: BTreeSet<&str> = me.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        names,
        BTreeSet::from([
            "@odata.context",
            "businessPhones",
            "displayName",
            "givenName",
            "id",
            "jobTitle",
            "mail",
            "mobilePhone",
            "officeLocation",
            "preferredLanguage",
            "surname",
            "userPrincipalName"
        ])
    );
    assert_eq!(me["displayName"], "Adele Vance");
    assert!(me["businessPhones"].is_array());
    // Example 3's `$select` form, with properties the sandbox's users have.
    let r = graph_get(
        &base,
        tokens["access_token"].as_str().unwrap(),
        "/v1.0/me?$select=displayName,givenName",
    )
    .await;
    let me: Value = r.json().await.unwrap();
    assert!(
        me["@odata.context"]
            .as_str()
            .unwrap()
            .ends_with("/v1.0/$metadata#users(displayName,givenName)/$entity"),
        "{me}"
    );
    assert_eq!(me.as_object().unwrap().len(), 3, "{me}");
}
