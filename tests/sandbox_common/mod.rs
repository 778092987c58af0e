//! Helpers for driving the sandbox over HTTP like the CLI would.
#![allow(dead_code)]

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::extract::{Form, Query};
use axum::routing::get;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rally_m365::sandbox::{Control, Sandbox, SandboxOptions};
use serde_json::Value;
use sha2::{Digest, Sha256};

pub const CLIENT_ID: &str = "1c7e3be3-dd7d-4f67-88ca-c9ea85f16092";
pub const SCOPES: &str =
    "openid profile email offline_access User.Read Calendars.ReadWrite Mail.Send";

pub async fn start(opts: SandboxOptions) -> (String, Control) {
    let sandbox = Sandbox::bind(opts).await.expect("bind");
    let base = sandbox.base_url();
    let control = sandbox.control();
    tokio::spawn(sandbox.run());
    (base, control)
}

pub fn pkce() -> (String, String) {
    let verifier = URL_SAFE_NO_PAD.encode(rand::random::<[u8; 32]>());
    let challenge = URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()));
    (verifier, challenge)
}

/// What the app's loopback listener received: method and fields.
pub type Received = Arc<Mutex<Vec<(String, HashMap<String, String>)>>>;

/// A loopback listener like the CLI's: takes the answer by POST or GET.
pub async fn app_listener() -> (u16, Received) {
    let received: Received = Arc::default();
    let (r1, r2) = (received.clone(), received.clone());
    let app = Router::new().route(
        "/",
        get(move |Query(q): Query<HashMap<String, String>>| async move {
            r1.lock().unwrap().push(("GET".into(), q));
            "got it by GET"
        })
        .post(move |Form(f): Form<HashMap<String, String>>| async move {
            r2.lock().unwrap().push(("POST".into(), f));
            "got it by POST"
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move { axum::serve(listener, app).await });
    (port, received)
}

pub fn authorize_url(
    base: &str,
    redirect_uri: &str,
    challenge: &str,
    extra: &[(&str, &str)],
) -> String {
    let mut url = url::Url::parse(&format!("{base}/organizations/oauth2/v2.0/authorize")).unwrap();
    url.query_pairs_mut()
        .append_pair("client_id", CLIENT_ID)
        .append_pair("response_type", "code")
        .append_pair("redirect_uri", redirect_uri)
        .append_pair("scope", SCOPES)
        .append_pair("state", "st-1")
        .append_pair("code_challenge", challenge)
        .append_pair("code_challenge_method", "S256")
        .extend_pairs(extra);
    url.to_string()
}

pub async fn post_token(base: &str, fields: &[(&str, &str)]) -> (u16, Value) {
    let r = reqwest::Client::new()
        .post(format!("{base}/organizations/oauth2/v2.0/token"))
        .form(fields)
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap())
}

/// Signs in through the scripted browser (form_post) and redeems the code: the token response.
pub async fn sign_in(base: &str) -> Value {
    let (port, received) = app_listener().await;
    let redirect = format!("http://localhost:{port}");
    let (verifier, challenge) = pkce();
    let url = authorize_url(
        base,
        &redirect,
        &challenge,
        &[("response_mode", "form_post")],
    );
    rally_m365::sandbox::browser::sign_in(&url, rally_m365::sandbox::BrowserAction::Approve)
        .await
        .unwrap();
    let code = received.lock().unwrap()[0].1["code"].clone();
    let (status, body) = post_token(
        base,
        &[
            ("client_id", CLIENT_ID),
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("redirect_uri", &redirect),
            ("code_verifier", &verifier),
        ],
    )
    .await;
    assert_eq!(status, 200, "{body}");
    body
}

pub async fn graph_get(base: &str, token: &str, path: &str) -> reqwest::Response {
    reqwest::Client::new()
        .get(format!("{base}{path}"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
}

/// Signs in as another user of the tenant.
pub async fn token_as(base: &str, user: &str) -> String {
    let (port, received) = app_listener().await;
    let redirect = format!("http://localhost:{port}");
    let (verifier, challenge) = pkce();
    let url = authorize_url(
        base,
        &redirect,
        &challenge,
        &[("response_mode", "form_post")],
    );
    rally_m365::sandbox::browser::sign_in(
        &url,
        rally_m365::sandbox::BrowserAction::ApproveAs(user.to_string()),
    )
    .await
    .unwrap();
    let code = received.lock().unwrap()[0].1["code"].clone();
    let (status, body) = post_token(
        base,
        &[
            ("client_id", CLIENT_ID),
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("redirect_uri", &redirect),
            ("code_verifier", &verifier),
        ],
    )
    .await;
    assert_eq!(status, 200, "{body}");
    body["access_token"].as_str().unwrap().to_string()
}
