//! The identity platform emulation, driven over HTTP like the CLI drives it.

#[path = "sandbox_common/mod.rs"]
mod common;

use std::sync::Arc;

use chrono::{DateTime, TimeDelta, Utc};
use common::*;
use rally_m365::sandbox::browser::{self, post_form};
use rally_m365::sandbox::{
    BrowserAction, BrowserOutcome, ConsentMode, ManualClock, SandboxOptions,
};

#[tokio::test(flavor = "multi_thread")]
async fn form_post_sign_in_delivers_code_and_state_by_post() {
    let (base, control) = start(SandboxOptions::default()).await;
    let (port, received) = app_listener().await;
    let (_, challenge) = pkce();
    let url = authorize_url(
        &base,
        &format!("http://localhost:{port}"),
        &challenge,
        &[("response_mode", "form_post")],
    );
    let out = browser::sign_in(&url, BrowserAction::Approve)
        .await
        .unwrap();
    assert_eq!(
        out,
        BrowserOutcome::Delivered {
            status: 200,
            body: "got it by POST".into()
        }
    );
    let got = received.lock().unwrap()[0].clone();
    assert_eq!(got.0, "POST");
    assert_eq!(got.1["state"], "st-1");
    assert!(control.issued_secrets().contains(&got.1["code"]));
    assert!(control.issued_secrets().contains(&challenge));
}

#[tokio::test(flavor = "multi_thread")]
async fn code_redemption_is_single_use_and_tokens_are_shaped_like_microsofts() {
    let (base, control) = start(SandboxOptions::default()).await;
    let body = sign_in(&base).await;
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(
        body["scope"],
        "Calendars.ReadWrite Mail.Send User.Read profile openid email"
    );
    assert_eq!(body["expires_in"], 3599);
    assert!(!body["access_token"].as_str().unwrap().contains('.'));
    let id_token = body["id_token"].as_str().unwrap();
    let claims = id_token.split('.').nth(1).unwrap();
    use base64::Engine;
    let claims: serde_json::Value = serde_json::from_slice(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(claims)
            .unwrap(),
    )
    .unwrap();
    assert_eq!(claims["tid"], control.tenant_id());
    assert_eq!(claims["preferred_username"], control.default_user());
    assert_eq!(claims["aud"], CLIENT_ID);
    assert_eq!(control.token_requests(), 1);
    let me = graph_get(
        &base,
        body["access_token"].as_str().unwrap(),
        "/v1.0/me?$select=displayName,mail",
    )
    .await;
    assert_eq!(me.status(), 200);
    let me: serde_json::Value = me.json().await.unwrap();
    assert_eq!(me["displayName"], "Adele Vance");
    assert!(me.get("surname").is_none());
}

#[tokio::test(flavor = "multi_thread")]
async fn reused_code_wrong_verifier_and_wrong_redirect_are_refused() {
    let (base, _control) = start(SandboxOptions::default()).await;
    let (port, received) = app_listener().await;
    let redirect = format!("http://localhost:{port}");
    let (verifier, challenge) = pkce();
    let url = authorize_url(&base, &redirect, &challenge, &[]);
    // response_mode absent = query: the code arrives by GET.
    browser::sign_in(&url, BrowserAction::Approve)
        .await
        .unwrap();
    let code = received.lock().unwrap()[0].1["code"].clone();
    let form = |v: &'static str, r: String| {
        vec![
            ("client_id", CLIENT_ID.to_string()),
            ("grant_type", "authorization_code".into()),
            ("code", code.clone()),
            ("redirect_uri", r),
            ("code_verifier", v.to_string()),
        ]
    };
    let send = |f: Vec<(&'static str, String)>| {
        let base = base.clone();
        async move {
            let f: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
            post_token(&base, &f).await
        }
    };
    let (s, b) = send(form(
        "ThisIsntRandomButItNeedsToBe43CharactersLong",
        redirect.clone(),
    ))
    .await;
    assert_eq!((s, b["error"].as_str().unwrap()), (400, "invalid_grant"));
    assert_eq!(b["error_codes"][0], 501481);
    let (_, b) = send(form("x", format!("{redirect}/"))).await;
    assert_eq!(
        b["error_codes"][0], 70000,
        "redirect must be byte-identical"
    );
    let leaked: &'static str = Box::leak(verifier.into_boxed_str());
    let (s, _) = send(form(leaked, redirect.clone())).await;
    assert_eq!(s, 200);
    let (_, b) = send(form(leaked, redirect)).await;
    assert_eq!(b["error_codes"][0], 54005);
    assert!(
        b["error_description"]
            .as_str()
            .unwrap()
            .starts_with("AADSTS54005: ")
    );
    assert!(b["timestamp"].as_str().unwrap().contains(' '));
}

#[tokio::test(flavor = "multi_thread")]
async fn refresh_tokens_rotate_strictly_and_revocation_is_50173() {
    let (base, control) = start(SandboxOptions::default()).await;
    let first = sign_in(&base).await;
    let rt1 = first["refresh_token"].as_str().unwrap().to_string();
    let refresh = |rt: String, scope: Option<&'static str>| {
        let base = base.clone();
        async move {
            let mut f = vec![
                ("client_id", CLIENT_ID),
                ("grant_type", "refresh_token"),
                ("refresh_token", rt.as_str()),
            ];
            if let Some(s) = scope {
                f.push(("scope", s));
            }
            post_token(&base, &f).await
        }
    };
    let (s, second) = refresh(rt1.clone(), Some("User.Read offline_access")).await;
    assert_eq!(s, 200, "{second}");
    let rt2 = second["refresh_token"].as_str().unwrap().to_string();
    assert_ne!(rt1, rt2);
    let (_, stale) = refresh(rt1, None).await;
    assert_eq!(
        (
            stale["error"].as_str().unwrap(),
            stale["error_codes"][0].as_i64().unwrap()
        ),
        ("invalid_grant", 70008)
    );
    let (_, wider) = refresh(rt2.clone(), Some("Mail.ReadWrite")).await;
    assert_eq!(wider["error"], "invalid_scope");
    control.revoke_refresh_tokens();
    let (_, revoked) = refresh(rt2, None).await;
    assert_eq!(revoked["error_codes"][0], 50173);
    assert_eq!(
        control.count(|r| r.grant_type.as_deref() == Some("refresh_token")),
        4
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_redirect_and_unknown_client_stay_on_microsofts_page() {
    let (base, _c) = start(SandboxOptions::default()).await;
    let (_, challenge) = pkce();
    let url = authorize_url(&base, "http://127.0.0.1:5000/", &challenge, &[]);
    match browser::sign_in(&url, BrowserAction::Approve)
        .await
        .unwrap()
    {
        BrowserOutcome::ErrorShownOnPage(t) => assert!(t.contains("AADSTS50011"), "{t}"),
        other => panic!("{other:?}"),
    }
    let url = authorize_url(&base, "http://localhost:5000/", &challenge, &[])
        .replace(CLIENT_ID, "00000000-0000-0000-0000-000000000000");
    match browser::sign_in(&url, BrowserAction::Approve)
        .await
        .unwrap()
    {
        BrowserOutcome::ErrorShownOnPage(t) => assert!(t.contains("AADSTS700016"), "{t}"),
        other => panic!("{other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn tamper_state_and_use_get_misbehave_as_asked() {
    let (base, _c) = start(SandboxOptions::default()).await;
    let (port, received) = app_listener().await;
    let (_, challenge) = pkce();
    let url = authorize_url(
        &base,
        &format!("http://localhost:{port}/"),
        &challenge,
        &[("response_mode", "form_post")],
    );
    browser::sign_in(&url, BrowserAction::TamperState)
        .await
        .unwrap();
    browser::sign_in(&url, BrowserAction::UseGet).await.unwrap();
    let got = received.lock().unwrap().clone();
    assert_eq!(got[0].0, "POST");
    assert_ne!(got[0].1["state"], "st-1");
    assert_eq!(got[1].0, "GET");
    assert_eq!(got[1].1["state"], "st-1");
}

#[tokio::test(flavor = "multi_thread")]
async fn consent_outcomes_reach_the_app_or_the_token_endpoint() {
    let (base, control) = start(SandboxOptions::default()).await;
    let (port, received) = app_listener().await;
    let redirect = format!("http://localhost:{port}");
    let (verifier, challenge) = pkce();
    let url = authorize_url(
        &base,
        &redirect,
        &challenge,
        &[("response_mode", "form_post")],
    );

    control.set_consent(ConsentMode::AdminApprovalRequired);
    browser::sign_in(&url, BrowserAction::Approve)
        .await
        .unwrap();
    control.set_consent(ConsentMode::UserCancels);
    browser::sign_in(&url, BrowserAction::Approve)
        .await
        .unwrap();
    control.set_consent(ConsentMode::ConsentRequiredAtToken);
    browser::sign_in(&url, BrowserAction::Approve)
        .await
        .unwrap();
    let got = received.lock().unwrap().clone();
    assert_eq!(got[0].1["error"], "access_denied");
    assert!(got[0].1["error_description"].starts_with("AADSTS90094: "));
    assert_eq!(got[0].1["state"], "st-1");
    assert!(got[1].1["error_description"].starts_with("AADSTS65004: "));
    let code = got[2].1["code"].clone();
    let (_, b) = post_token(
        &base,
        &[
            ("client_id", CLIENT_ID),
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("redirect_uri", &redirect),
            ("code_verifier", &verifier),
        ],
    )
    .await;
    assert_eq!(
        (
            b["error_codes"][0].as_i64().unwrap(),
            b["suberror"].as_str().unwrap()
        ),
        (65001, "consent_required")
    );

    control.set_consent(ConsentMode::PartialGrant {
        granted: vec!["User.Read".into(), "Calendars.ReadWrite".into()],
    });
    let body = sign_in(&base).await;
    assert_eq!(
        body["scope"],
        "Calendars.ReadWrite User.Read profile openid email"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn admin_consent_lifts_admin_approval_for_every_user() {
    let (base, control) = start(SandboxOptions::default()).await;
    control.set_consent(ConsentMode::AdminApprovalRequired);
    let (port, received) = app_listener().await;
    let url = format!(
        "{base}/{}/v2.0/adminconsent?client_id={CLIENT_ID}&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default&redirect_uri=http%3A%2F%2Flocalhost%3A{port}&state=ac1",
        control.tenant_domain()
    );
    browser::sign_in(&url, BrowserAction::Approve)
        .await
        .unwrap();
    let got = received.lock().unwrap()[0].1.clone();
    assert_eq!(got["admin_consent"], "True");
    assert_eq!(got["tenant"], control.tenant_id());
    assert!(got["scope"].contains("https://graph.microsoft.com/Mail.Send"));
    assert_eq!(got["state"], "ac1");
    let body = sign_in(&base).await;
    assert!(body["scope"].as_str().unwrap().contains("Mail.Send"));
    let common = url.replace(&format!("/{}/", control.tenant_domain()), "/common/");
    assert!(matches!(
        browser::sign_in(&common, BrowserAction::Approve)
            .await
            .unwrap(),
        BrowserOutcome::ErrorShownOnPage(_)
    ));
}

#[tokio::test(flavor = "multi_thread")]
async fn device_code_flow_pending_slow_down_then_tokens() {
    // The tenant's time moves only when the test moves it: the polling interval is kept or
    // broken exactly, whatever the machine's load.
    let start_at: DateTime<Utc> = "2026-03-02T08:00:00Z".parse().unwrap();
    let clock = Arc::new(ManualClock::starting_at(start_at));
    let (base, control) = start(SandboxOptions {
        clock: clock.clone(),
        ..SandboxOptions::default()
    })
    .await;
    let (s, dc) = post_form(
        &format!("{base}/organizations/oauth2/v2.0/devicecode"),
        &[
            ("client_id".into(), CLIENT_ID.into()),
            ("scope".into(), SCOPES.into()),
        ],
    )
    .await
    .unwrap();
    assert_eq!(s, 200);
    let dc: serde_json::Value = serde_json::from_str(&dc).unwrap();
    let user_code = dc["user_code"].as_str().unwrap();
    assert_eq!(user_code.len(), 9);
    assert_eq!(dc["verification_uri"], format!("{base}/devicelogin"));
    assert!(dc["message"].as_str().unwrap().contains(user_code));
    let device_code = dc["device_code"].as_str().unwrap();
    let fields = [
        ("client_id", CLIENT_ID),
        ("grant_type", "urn:ietf:params:oauth:grant-type:device_code"),
        ("device_code", device_code),
    ];
    let poll = || post_token(&base, &fields);
    assert_eq!(poll().await.1["error"], "authorization_pending");
    assert_eq!(poll().await.1["error"], "slow_down");
    assert!(control.approve_device_code(user_code, None));
    // One polling interval (1 s) later, as a client that honours `interval` polls.
    clock.advance(TimeDelta::seconds(1));
    let (s, tokens) = poll().await;
    assert_eq!(s, 200, "{tokens}");
    assert!(tokens["refresh_token"].is_string());
    assert!(control.issued_secrets().contains(&device_code.to_string()));
}

#[tokio::test(flavor = "multi_thread")]
async fn malformed_token_requests_get_microsofts_errors() {
    let (base, _c) = start(SandboxOptions::default()).await;
    let r = reqwest::Client::new()
        .post(format!("{base}/organizations/oauth2/v2.0/token"))
        .json(&serde_json::json!({"grant_type": "refresh_token", "client_id": CLIENT_ID}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    let b: serde_json::Value = r.json().await.unwrap();
    assert_eq!(b["error_codes"][0], 900144);
    let (s, b) = post_token(
        &base,
        &[
            ("client_id", CLIENT_ID),
            ("grant_type", "refresh_token"),
            ("refresh_token", "x"),
            ("client_secret", "s"),
        ],
    )
    .await;
    assert_eq!((s, b["error"].as_str().unwrap()), (401, "invalid_client"));
    let r = reqwest::Client::new()
        .post(format!("{base}/consumers/oauth2/v2.0/token"))
        .form(&[("client_id", CLIENT_ID), ("grant_type", "refresh_token")])
        .send()
        .await
        .unwrap();
    let b: serde_json::Value = r.json().await.unwrap();
    assert_eq!(b["error_codes"][0], 9002332);
}

#[tokio::test(flavor = "multi_thread")]
async fn gcc_high_sandbox_refuses_tokens_for_the_global_graph() {
    let opts = SandboxOptions {
        graph_resource: "https://graph.microsoft.us".into(),
        ..SandboxOptions::default()
    };
    let (base, _c) = start(opts).await;
    let body = sign_in(&base).await; // unqualified scopes = graph.microsoft.com
    let r = graph_get(&base, body["access_token"].as_str().unwrap(), "/v1.0/me").await;
    assert_eq!(r.status(), 401);
    assert!(r.headers().contains_key("www-authenticate"));
    let b: serde_json::Value = r.json().await.unwrap();
    assert_eq!(b["error"]["code"], "InvalidAuthenticationToken");
    assert_eq!(
        b["error"]["message"],
        "Access token validation failure. Invalid audience."
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_held_token_request_waits_for_the_release_over_the_control_api() {
    let (base, control) = start(SandboxOptions::default()).await;
    let http = reqwest::Client::new();
    let armed = http
        .post(format!("{base}/_sandbox/faults"))
        .json(&serde_json::json!({
            "path_prefix": "/organizations/oauth2/v2.0/token",
            "kind": "hold",
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(armed.status(), 204);
    let held = tokio::spawn({
        let base = base.clone();
        async move {
            post_token(
                &base,
                &[
                    ("client_id", CLIENT_ID),
                    ("grant_type", "refresh_token"),
                    ("refresh_token", "x"),
                ],
            )
            .await
        }
    });
    tokio::time::timeout(std::time::Duration::from_secs(20), control.until_held(1))
        .await
        .expect("the token request is held");
    let count: serde_json::Value = http
        .get(format!("{base}/_sandbox/faults/held"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(count["held"], 1);
    assert!(!held.is_finished());
    let released = http
        .post(format!("{base}/_sandbox/faults/release"))
        .send()
        .await
        .unwrap();
    assert_eq!(released.status(), 204);
    // Answered normally once let go: an unknown refresh token is invalid_grant.
    let (status, body) = held.await.unwrap();
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("invalid_grant"))
    );
    assert_eq!(control.held(), 0);
}
