//! The Graph sendMail emulation over HTTP: the documented request accepted with 202 and kept in
//! the outbox, every strict refusal, Mail.Send required, Exchange's sending limits with 429 and
//! Retry-After, the mailbox concurrency gate, faults before and after acceptance, the control
//! API over HTTP, and `rally-m365 sandbox outbox` run against `rally-m365 sandbox serve`.

#[path = "sandbox_common/mod.rs"]
mod common;
mod support;

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use chrono::Utc;
use common::*;
use rally_m365::sandbox::{
    ConsentMode, Control, Fault, FaultKind, SandboxContentType, SandboxOptions, SandboxRecipient,
    Seed,
};
use serde_json::{Value, json};

const ADELE: &str = "adele.vance@contoso.example";
const PATH: &str = "/v1.0/me/sendMail";
const BIN: &str = env!("CARGO_BIN_EXE_rally-m365");

fn empty() -> SandboxOptions {
    SandboxOptions {
        seed: Seed::Empty,
        ..SandboxOptions::default()
    }
}

async fn access_token(base: &str) -> String {
    sign_in(base).await["access_token"]
        .as_str()
        .unwrap()
        .to_string()
}

/// The request of "user: sendMail", example 1, as the page writes it (with its string boolean).
fn documented_example() -> Value {
    json!({
        "message": {
            "subject": "Meet for lunch?",
            "body": {
                "contentType": "Text",
                "content": "The new cafeteria is open."
            },
            "toRecipients": [
                {"emailAddress": {"address": "frannis@contoso.com"}}
            ],
            "ccRecipients": [
                {"emailAddress": {"address": "danas@contoso.com"}}
            ]
        },
        "saveToSentItems": "false"
    })
}

fn invitation(to: &str) -> Value {
    json!({
        "message": {
            "subject": "Research interview",
            "body": {"contentType": "HTML", "content": "<p>Pick a time</p>"},
            "toRecipients": [{"emailAddress": {"address": to, "name": "Pat Participant"}}]
        }
    })
}

struct Answer {
    status: u16,
    retry_after: Option<String>,
    body: String,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or(Value::Null)
    }

    fn code(&self) -> String {
        self.json()["error"]["code"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    }
}

async fn post_raw(
    base: &str,
    token: &str,
    content_type: &str,
    body: Vec<u8>,
) -> Result<Answer, reqwest::Error> {
    let r = reqwest::Client::new()
        .post(format!("{base}{PATH}"))
        .bearer_auth(token)
        .header("Content-Type", content_type)
        .body(body)
        .send()
        .await?;
    let status = r.status().as_u16();
    let retry_after = r
        .headers()
        .get("retry-after")
        .map(|v| v.to_str().unwrap().to_string());
    let body = r.text().await?;
    Ok(Answer {
        status,
        retry_after,
        body,
    })
}

async fn try_send(base: &str, token: &str, body: &Value) -> Result<Answer, reqwest::Error> {
    post_raw(
        base,
        token,
        "application/json",
        body.to_string().into_bytes(),
    )
    .await
}

async fn send(base: &str, token: &str, body: &Value) -> Answer {
    try_send(base, token, body).await.unwrap()
}

fn recipient(address: &str) -> SandboxRecipient {
    SandboxRecipient {
        address: address.into(),
        name: None,
    }
}

fn statuses(control: &Control) -> Vec<u16> {
    control
        .requests()
        .iter()
        .filter(|r| r.path == PATH)
        .map(|r| r.status)
        .collect()
}

/// The outbox stamps a message with the tenant's clock (a test's manual one), not the machine's.
#[tokio::test(flavor = "multi_thread")]
async fn the_outbox_reads_the_tenants_clock() {
    let at: chrono::DateTime<Utc> = "2027-09-14T07:30:00Z".parse().unwrap();
    let clock = std::sync::Arc::new(rally_m365::sandbox::ManualClock::starting_at(at));
    let (base, control) = start(SandboxOptions {
        clock: clock.clone(),
        ..empty()
    })
    .await;
    let token = access_token(&base).await;
    clock.advance(chrono::TimeDelta::minutes(5));
    let answer = send(&base, &token, &documented_example()).await;
    assert_eq!(answer.status, 202, "{}", answer.body);
    assert_eq!(
        control.outbox()[0].accepted_at,
        at + chrono::TimeDelta::minutes(5)
    );
}

// "user: sendMail", example 1: "If successful, this method returns 202 Accepted response code.
// It doesn't return anything in the response body."
#[tokio::test(flavor = "multi_thread")]
async fn the_documented_example_is_accepted_with_202_and_no_body_and_lands_in_the_outbox() {
    let (base, control) = start(empty()).await;
    let token = access_token(&base).await;
    let before = Utc::now();
    let answer = send(&base, &token, &documented_example()).await;
    let after = Utc::now();
    assert_eq!(answer.status, 202, "{}", answer.body);
    assert_eq!(answer.body, "");
    let outbox = control.outbox();
    assert_eq!(outbox.len(), 1);
    let mail = &outbox[0];
    assert_eq!(mail.from.address, ADELE);
    assert_eq!(mail.from.name.as_deref(), Some("Adele Vance"));
    assert_eq!(mail.to, [recipient("frannis@contoso.com")]);
    assert_eq!(mail.cc, [recipient("danas@contoso.com")]);
    assert!(mail.bcc.is_empty() && mail.reply_to.is_empty());
    assert_eq!(mail.subject, "Meet for lunch?");
    assert_eq!(mail.content_type, SandboxContentType::Text);
    assert_eq!(mail.content, "The new cafeteria is open.");
    assert!(!mail.save_to_sent_items);
    assert!(before <= mail.accepted_at && mail.accepted_at <= after);
    assert_eq!(
        mail.recipients(),
        ["frannis@contoso.com", "danas@contoso.com"]
    );
    // PascalCase parameters (the metadata's spelling), HTML in any case, Bcc and replyTo.
    let answer = send(
        &base,
        &token,
        &json!({
            "Message": {
                "Subject": "Research interview",
                "Body": {"ContentType": "html", "Content": "<p>Pick a time</p>"},
                "BccRecipients": [{"EmailAddress": {"Address": "pat@example.com", "Name": "Pat"}}],
                "ReplyTo": [{"emailAddress": {"address": "study@contoso.example"}}]
            },
            "SaveToSentItems": true
        }),
    )
    .await;
    assert_eq!(answer.status, 202, "{}", answer.body);
    let outbox = control.outbox();
    assert_eq!(outbox.len(), 2, "kept in the order accepted");
    assert_eq!(outbox[1].content_type, SandboxContentType::Html);
    assert_eq!(outbox[1].bcc[0].name.as_deref(), Some("Pat"));
    assert_eq!(outbox[1].reply_to, [recipient("study@contoso.example")]);
    assert!(outbox[1].save_to_sent_items);
    assert!(outbox[0].accepted_at <= outbox[1].accepted_at);
}

fn many(n: usize) -> Vec<Value> {
    (0..n)
        .map(|i| json!({"emailAddress": {"address": format!("p{i}@example.com")}}))
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn every_strict_refusal_answers_in_graphs_error_shape_and_sends_nothing() {
    let (base, control) = start(empty()).await;
    let token = access_token(&base).await;
    let to = json!([{"emailAddress": {"address": "pat@example.com"}}]);
    let cases: Vec<(&str, Value, &str)> = vec![
        (
            "a parameter sendMail does not have",
            json!({"message": {"toRecipients": to}, "sendNow": true}),
            "RequestBodyRead",
        ),
        (
            "a property message does not have",
            json!({"message": {"toRecipient": to}}),
            "RequestBodyRead",
        ),
        (
            "a property the sandbox does not model",
            json!({"message": {"toRecipients": to, "attachments": []}}),
            "BadRequest",
        ),
        (
            "a property recipient does not have",
            json!({"message": {"toRecipients": [{"emailAddress": {"address": "pat@example.com"}, "type": "to"}]}}),
            "RequestBodyRead",
        ),
        (
            "no message",
            json!({"saveToSentItems": false}),
            "ErrorInvalidParameter",
        ),
        (
            "no recipient at all",
            json!({"message": {"subject": "Hi"}}),
            "ErrorInvalidRecipients",
        ),
        (
            "a reply-to address only",
            json!({"message": {"replyTo": to}}),
            "ErrorInvalidRecipients",
        ),
        (
            "an address that is not one",
            json!({"message": {"toRecipients": [{"emailAddress": {"address": "pat.example.com"}}]}}),
            "ErrorInvalidRecipients",
        ),
        (
            "an invalid Bcc address",
            json!({"message": {"toRecipients": to, "bccRecipients": [{"emailAddress": {"address": "pat@"}}]}}),
            "ErrorInvalidRecipients",
        ),
        (
            "a line feed in the subject",
            json!({"message": {"subject": "Hi\nBcc: victim@example.com", "toRecipients": to}}),
            "ErrorInvalidRequest",
        ),
        (
            "a carriage return in a recipient's name",
            json!({"message": {"toRecipients": [{"emailAddress": {"address": "pat@example.com", "name": "Pat\rBcc: victim@example.com"}}]}}),
            "ErrorInvalidRequest",
        ),
        (
            "501 recipients",
            json!({"message": {"toRecipients": many(300), "bccRecipients": many(201)}}),
            "ErrorInvalidRequest",
        ),
        (
            "saveToSentItems that is no boolean",
            json!({"message": {"toRecipients": to}, "saveToSentItems": "nope"}),
            "RequestBodyRead",
        ),
        (
            "a contentType Graph does not have",
            json!({"message": {"toRecipients": to, "body": {"contentType": "markdown", "content": "x"}}}),
            "RequestBodyRead",
        ),
    ];
    for (what, body, code) in cases {
        let answer = send(&base, &token, &body).await;
        assert_eq!(answer.status, 400, "{what}: {}", answer.body);
        let v = answer.json();
        assert_eq!(v["error"]["code"], code, "{what}: {}", answer.body);
        assert!(
            v["error"]["message"]
                .as_str()
                .is_some_and(|m| !m.is_empty())
        );
        assert!(v["error"]["innerError"]["request-id"].is_string(), "{what}");
        assert!(v["error"]["innerError"]["date"].is_string(), "{what}");
    }
    let answer = send(
        &base,
        &token,
        &json!({"message": {"toRecipients": [{"emailAddress": {"address": "bad"}}]}}),
    )
    .await;
    // Graph's words for an address it cannot resolve (ruby-connect-rest-sample#15).
    assert_eq!(
        answer.json()["error"]["message"],
        "At least one recipient isn't valid., Recipient \"bad\" isn't resolved. All recipients must be resolved before a message can be submitted."
    );
    let answer = send(&base, &token, &json!({"message": {}})).await;
    assert_eq!(
        answer.json()["error"]["message"],
        "At least one recipient is not valid., A message can't be sent because it contains no recipients."
    );
    // Not JSON, MIME (documented, not emulated), no content type.
    let bad_json = post_raw(&base, &token, "application/json", b"{\"message\":".to_vec())
        .await
        .unwrap();
    assert_eq!(
        (bad_json.status, bad_json.code().as_str()),
        (400, "RequestBodyRead")
    );
    let mime = post_raw(&base, &token, "text/plain", b"RnJvbTogQWRlbGU=".to_vec())
        .await
        .unwrap();
    assert_eq!(mime.status, 400);
    assert!(mime.body.contains("MIME"), "{}", mime.body);
    let untyped = post_raw(&base, &token, "application/octet-stream", b"{}".to_vec())
        .await
        .unwrap();
    assert_eq!(untyped.status, 415);
    assert!(control.outbox().is_empty());
    // 500 recipients is the limit itself.
    let answer = send(
        &base,
        &token,
        &json!({"message": {"toRecipients": many(300), "ccRecipients": many(100), "bccRecipients": many(100)}}),
    )
    .await;
    assert_eq!(answer.status, 202, "{}", answer.body);
    assert_eq!(control.outbox()[0].recipients().len(), 500);
}

/// A request body of exactly `size` bytes.
fn body_of_size(size: usize) -> Vec<u8> {
    let skeleton = |content: &str| {
        json!({"message": {"toRecipients": [{"emailAddress": {"address": "pat@example.com"}}],
                            "body": {"contentType": "text", "content": content}}})
        .to_string()
    };
    let overhead = skeleton("").len();
    let body = skeleton(&"a".repeat(size - overhead));
    assert_eq!(body.len(), size);
    body.into_bytes()
}

// Graph's request limit of 4 MB: "The maximum request length supported is 4MB."
// (microsoft-graph-docs-contrib#682).
#[tokio::test(flavor = "multi_thread")]
async fn a_request_over_4_mb_is_refused_and_one_of_4_mb_is_accepted() {
    let (base, control) = start(empty()).await;
    let token = access_token(&base).await;
    const LIMIT: usize = 4 * 1024 * 1024;
    let over = post_raw(&base, &token, "application/json", body_of_size(LIMIT + 1))
        .await
        .unwrap();
    assert_eq!(over.status, 400, "{}", over.body);
    assert_eq!(
        over.json()["error"]["message"],
        "The maximum request length supported is 4MB."
    );
    assert!(control.outbox().is_empty());
    let at = post_raw(&base, &token, "application/json", body_of_size(LIMIT))
        .await
        .unwrap();
    assert_eq!(at.status, 202, "{}", at.body);
    assert_eq!(control.outbox().len(), 1);
}

// "user: sendMail", permissions: Mail.Send (delegated and application).
#[tokio::test(flavor = "multi_thread")]
async fn a_token_without_mail_send_gets_403_and_sends_nothing() {
    let (base, control) = start(empty()).await;
    control.set_consent(ConsentMode::PartialGrant {
        granted: vec!["User.Read".into(), "Calendars.ReadWrite".into()],
    });
    let token = access_token(&base).await;
    let answer = send(&base, &token, &documented_example()).await;
    assert_eq!(
        (answer.status, answer.code().as_str()),
        (403, "ErrorAccessDenied")
    );
    // No token at all: 401, as for every Graph request.
    let answer = send(&base, "", &documented_example()).await;
    assert_eq!(answer.status, 401);
    assert!(control.outbox().is_empty());
}

// Exchange Online's message rate per mailbox ("Exchange Online limits": 30 messages per
// minute), scaled down: 5 per 3 s.
#[tokio::test(flavor = "multi_thread")]
async fn the_send_limit_accepts_n_then_429_with_retry_after_then_accepts_after_the_window() {
    let (base, control) = start(empty()).await;
    let token = access_token(&base).await;
    let megan = token_as(&base, "megan.bowen@contoso.example").await;
    control.set_send_limit(5, Duration::from_secs(3));
    let first = Instant::now();
    for i in 0..5 {
        let answer = send(&base, &token, &invitation(&format!("p{i}@example.com"))).await;
        assert_eq!(answer.status, 202, "message {i}: {}", answer.body);
    }
    let over = send(&base, &token, &invitation("p5@example.com")).await;
    let elapsed = first.elapsed().as_secs_f64();
    assert_eq!(over.status, 429, "{}", over.body);
    // "Microsoft Graph throttling guidance", sample response.
    assert_eq!(over.code(), "TooManyRequests");
    assert_eq!(over.json()["error"]["message"], "Please retry again later.");
    let wait: u64 = over.retry_after.as_deref().unwrap().parse().unwrap();
    assert!(
        (1..=3).contains(&wait) && wait as f64 >= 3.0 - elapsed,
        "Retry-After {wait} after {elapsed:.2} s"
    );
    // Another mailbox has its own count.
    assert_eq!(
        send(&base, &megan, &invitation("q@example.com"))
            .await
            .status,
        202
    );
    assert_eq!(control.outbox().len(), 6);
    tokio::time::sleep(Duration::from_secs(wait)).await;
    let again = send(&base, &token, &invitation("p5@example.com")).await;
    assert_eq!(again.status, 202, "{}", again.body);
    let sent: Vec<String> = control
        .outbox()
        .iter()
        .filter(|m| m.from.address == ADELE)
        .map(|m| m.to[0].address.clone())
        .collect();
    assert_eq!(
        sent,
        (0..6)
            .map(|i| format!("p{i}@example.com"))
            .collect::<Vec<_>>(),
        "the refused message was not kept"
    );
}

// Exchange Online's recipient rate ("10,000 recipients per day"), scaled down: every recipient
// of every message counts.
#[tokio::test(flavor = "multi_thread")]
async fn the_recipient_limit_counts_every_recipient_and_refuses_with_retry_after() {
    let (base, control) = start(empty()).await;
    let token = access_token(&base).await;
    control.set_recipient_limit(3, Duration::from_secs(3600));
    let two = json!({"message": {"toRecipients": many(1), "ccRecipients": many(1)}});
    assert_eq!(send(&base, &token, &two).await.status, 202);
    let over = send(&base, &token, &two).await;
    assert_eq!(
        (over.status, over.code().as_str()),
        (429, "ErrorSubmissionQuotaExceeded")
    );
    let wait: u64 = over.retry_after.as_deref().unwrap().parse().unwrap();
    assert!((3590..=3600).contains(&wait), "{wait}");
    assert_eq!(
        send(&base, &token, &invitation("pat@example.com"))
            .await
            .status,
        202
    );
    assert_eq!(control.outbox().len(), 2);
}

// Outlook service limits ("Microsoft Graph service-specific throttling limits"): 4 concurrent
// requests per app and mailbox; sendMail is a mailbox request like any other.
#[tokio::test(flavor = "multi_thread")]
async fn a_fifth_concurrent_send_is_throttled_by_the_mailbox_gate() {
    let (base, control) = start(empty()).await;
    let token = access_token(&base).await;
    control.inject_fault(Fault {
        path_prefix: PATH.into(),
        kind: FaultKind::Delay { ms: 800 },
        times: 5,
    });
    let tasks: Vec<_> = (0..5)
        .map(|i| {
            let (base, token) = (base.clone(), token.clone());
            tokio::spawn(async move {
                let a = send(&base, &token, &invitation(&format!("p{i}@example.com"))).await;
                (a.status, a.code(), a.retry_after)
            })
        })
        .collect();
    let mut answers = Vec::new();
    for t in tasks {
        answers.push(t.await.unwrap());
    }
    answers.sort();
    let codes: Vec<u16> = answers.iter().map(|a| a.0).collect();
    assert_eq!(codes, [202, 202, 202, 202, 429]);
    assert_eq!(answers[4].1, "ApplicationThrottled");
    assert_eq!(answers[4].2.as_deref(), Some("1"));
    assert_eq!(control.outbox().len(), 4);
}

#[tokio::test(flavor = "multi_thread")]
async fn faults_refuse_before_acceptance_or_drop_the_answer_after_it() {
    let (base, control) = start(empty()).await;
    let token = access_token(&base).await;
    let fault = |kind| Fault {
        path_prefix: PATH.into(),
        kind,
        times: 1,
    };
    control.inject_fault(fault(FaultKind::TooManyRequests {
        retry_after_secs: 4,
    }));
    let answer = send(&base, &token, &invitation("a@example.com")).await;
    assert_eq!(answer.status, 429);
    assert_eq!(answer.retry_after.as_deref(), Some("4"));
    assert!(control.outbox().is_empty(), "refused before acceptance");

    control.inject_fault(fault(FaultKind::Unavailable {
        retry_after_secs: Some(2),
    }));
    let answer = send(&base, &token, &invitation("b@example.com")).await;
    assert_eq!(answer.status, 503);
    assert_eq!(answer.retry_after.as_deref(), Some("2"));
    assert!(control.outbox().is_empty(), "refused before acceptance");

    control.inject_fault(fault(FaultKind::DropConnection));
    let dropped = try_send(&base, &token, &invitation("c@example.com")).await;
    assert!(dropped.is_err(), "no answer");
    assert!(control.outbox().is_empty(), "dropped before processing");

    control.inject_fault(fault(FaultKind::DropAfterCommit));
    let dropped = try_send(&base, &token, &invitation("d@example.com")).await;
    assert!(dropped.is_err(), "no answer");
    let outbox = control.outbox();
    assert_eq!(outbox.len(), 1, "accepted, though the client cannot know");
    assert_eq!(outbox[0].to[0].address, "d@example.com");

    control.inject_fault(fault(FaultKind::Delay { ms: 400 }));
    let started = Instant::now();
    let answer = send(&base, &token, &invitation("e@example.com")).await;
    assert_eq!(answer.status, 202);
    assert!(started.elapsed() >= Duration::from_millis(400));
    assert_eq!(control.outbox().len(), 2);
    assert_eq!(statuses(&control), [429, 503, 0, 0, 202]);
}

// The same powers over /_sandbox for scripts driving `rally-m365 sandbox serve`.
#[tokio::test(flavor = "multi_thread")]
async fn the_http_control_api_lists_and_clears_the_outbox_and_sets_the_limits() {
    let (base, control) = start(empty()).await;
    let token = access_token(&base).await;
    let http = reqwest::Client::new();
    let post = |path: &str, body: Value| http.post(format!("{base}{path}")).json(&body).send();
    let r = post(
        "/_sandbox/send-limit",
        json!({"per_window": 1, "window_ms": 60000}),
    )
    .await
    .unwrap();
    assert_eq!(r.status(), 204);
    let before = Utc::now();
    assert_eq!(
        send(&base, &token, &invitation("pat@example.com"))
            .await
            .status,
        202
    );
    assert_eq!(
        send(&base, &token, &invitation("pat@example.com"))
            .await
            .status,
        429
    );
    let list: Value = http
        .get(format!("{base}/_sandbox/outbox"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let accepted_at = list[0]["accepted_at"].as_str().unwrap().to_string();
    let at = chrono::DateTime::parse_from_rfc3339(&accepted_at).unwrap();
    assert!(
        at >= before - chrono::Duration::milliseconds(1),
        "{accepted_at}"
    );
    assert!(accepted_at.ends_with('Z'), "{accepted_at}");
    assert_eq!(
        list,
        json!([{
            "from": {"address": ADELE, "name": "Adele Vance"},
            "to": [{"address": "pat@example.com", "name": "Pat Participant"}],
            "cc": [], "bcc": [], "reply_to": [],
            "subject": "Research interview",
            "content_type": "html",
            "content": "<p>Pick a time</p>",
            "save_to_sent_items": true,
            "accepted_at": accepted_at,
        }])
    );
    let r = post("/_sandbox/outbox/clear", json!({})).await.unwrap();
    assert_eq!(r.status(), 204);
    assert!(control.outbox().is_empty());
    let r = post(
        "/_sandbox/send-limit",
        json!({"per_window": 30, "window_ms": 60000}),
    )
    .await
    .unwrap();
    assert_eq!(r.status(), 204);
    let r = post(
        "/_sandbox/recipient-limit",
        json!({"per_window": 1, "window_ms": 60000}),
    )
    .await
    .unwrap();
    assert_eq!(r.status(), 204);
    // One recipient went out already (before the clear): the recipient rate still counts it.
    let over = send(&base, &token, &invitation("pat@example.com")).await;
    assert_eq!(over.code(), "ErrorSubmissionQuotaExceeded");
    let r = post("/_sandbox/send-limit", json!({"per_window": "many"}))
        .await
        .unwrap();
    assert!(r.status().is_client_error());
}

/// `rally-m365 sandbox serve`, killed when the test ends however it ends.
struct Served(Child);

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn outbox_command(args: &[&str], graph_url: Option<&str>) -> std::process::Output {
    let mut command = Command::new(BIN);
    command
        .args(["sandbox", "outbox"])
        .args(args)
        .env_remove("RALLY_M365_GRAPH_URL")
        .stdin(Stdio::null());
    if let Some(url) = graph_url {
        command.env("RALLY_M365_GRAPH_URL", url);
    }
    command.output().unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn sandbox_outbox_prints_what_a_running_sandbox_serve_accepted() {
    let mut child = Command::new(BIN)
        .args(["sandbox", "serve", "--port", "0"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let served = Served(child);
    let mut lines = BufReader::new(stdout).lines();
    let mut base = String::new();
    for _ in 0..2 {
        let line = lines.next().unwrap().unwrap();
        if let Some(url) = line.strip_prefix("export RALLY_M365_GRAPH_URL=") {
            base = url.to_string();
        }
    }
    assert!(base.starts_with("http://127.0.0.1:"), "{base}");

    let token = access_token(&base).await;
    assert_eq!(send(&base, &token, &documented_example()).await.status, 202);
    assert_eq!(
        send(&base, &token, &invitation("pat@example.com"))
            .await
            .status,
        202
    );

    // The URL from the environment `sandbox serve` printed; --json after the subcommand.
    let out = outbox_command(&["--json"], Some(&base));
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    support::schema::assert_valid("sandbox outbox", &v);
    let messages = v["messages"].as_array().unwrap();
    assert_eq!(messages.len(), 2);
    assert_eq!(messages[0]["subject"], "Meet for lunch?");
    assert_eq!(messages[0]["from"]["address"], ADELE);
    assert_eq!(messages[0]["to"][0]["address"], "frannis@contoso.com");
    assert_eq!(messages[0]["cc"][0]["address"], "danas@contoso.com");
    assert_eq!(messages[0]["content_type"], "text");
    assert_eq!(messages[0]["save_to_sent_items"], false);
    assert_eq!(messages[1]["to"][0]["name"], "Pat Participant");
    assert_eq!(messages[1]["content_type"], "html");
    assert!(messages[1]["accepted_at"].as_str().unwrap().ends_with('Z'));

    // --url, for people.
    let out = outbox_command(&["--url", &base], None);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("Subject:  Meet for lunch?"), "{text}");
    assert!(
        text.contains("To:       Pat Participant <pat@example.com>"),
        "{text}"
    );
    assert!(text.contains("     <p>Pick a time</p>"), "{text}");

    // No URL at all: bad usage. The sandbox gone: unavailable.
    let out = outbox_command(&[], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--url"));
    drop(served);
    let out = outbox_command(&["--json"], Some(&base));
    assert_eq!(
        out.status.code(),
        Some(6),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stdout.is_empty());
}
