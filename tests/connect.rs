//! `connect`, end to end: the real binary and the sandbox tenant; a real Secret Service where
//! the keychain is the subject, the file store elsewhere.

mod support;

use rally_m365::sandbox::{BrowserAction, BrowserOutcome, ConsentMode, Fault, FaultKind};
use support::cli::World;

#[test]
fn connect_stores_the_refresh_token_in_the_keychain_and_prints_the_permission_table() {
    let world = World::with_keychain();
    let (outcome, browser) = world.connect(&[], BrowserAction::Approve);
    assert_eq!(outcome.code, 0, "{outcome:#?}");
    match browser {
        BrowserOutcome::Delivered { status, body } => {
            assert_eq!(status, 200);
            assert!(body.contains("close this tab"), "{body}");
        }
        other => panic!("the answer did not reach the listener: {other:?}"),
    }
    for needle in [
        "Mail.Send",
        "Calendars.ReadWrite",
        "User.Read",
        "offline_access",
        "Email Sending",
    ] {
        assert!(
            outcome.stdout.contains(needle),
            "table lacks {needle}:\n{}",
            outcome.stdout
        );
    }
    assert!(!outcome.stdout.contains("| NO "), "{}", outcome.stdout);
    let grant = world
        .stored_grant("default")
        .expect("the grant is in the keychain");
    let refresh = grant["refresh_token"]
        .as_str()
        .expect("refresh_token field");
    assert!(
        world
            .control()
            .issued_secrets()
            .iter()
            .any(|s| s == refresh)
    );
    assert_eq!(grant["account"]["username"], "adele.vance@contoso.example");
    assert!(
        world
            .keychain()
            .lookup("rally-m365", "default/access-token")
            .is_some()
    );
    outcome.assert_no_secret(&world.control());
}

#[test]
fn the_sign_in_url_is_alone_on_its_line_and_asks_for_s256_form_post() {
    let world = World::start();
    let mut running = world.spawn(&["connect", "--no-browser", "--timeout", "30"]);
    let url = running.wait_for_line(|l| l.contains("/oauth2/v2.0/authorize?"));
    assert!(
        url.starts_with("http://127.0.0.1:"),
        "the URL is not alone on its line: {url}"
    );
    let parsed = url::Url::parse(&url).unwrap();
    let q: std::collections::HashMap<_, _> = parsed.query_pairs().into_owned().collect();
    assert_eq!(q["code_challenge_method"], "S256");
    assert_eq!(q["response_mode"], "form_post");
    assert!(q["redirect_uri"].starts_with("http://localhost:"));
    assert!(q["redirect_uri"].ends_with('/'));
    assert!(q["scope"].split(' ').any(|s| s == "Mail.Send"));
    assert!(!q.contains_key("code_verifier"));
    world
        .sandbox
        .browser_sign_in(&url, BrowserAction::Approve)
        .unwrap();
    assert_eq!(running.finish().code, 0);
}

#[test]
fn an_answer_with_a_wrong_state_is_ignored_and_the_listener_keeps_waiting() {
    let world = World::start();
    let mut running = world.spawn(&["connect", "--no-browser", "--timeout", "30"]);
    let url = running.wait_for_line(|l| l.contains("/oauth2/v2.0/authorize?"));
    match world
        .sandbox
        .browser_sign_in(&url, BrowserAction::TamperState)
        .unwrap()
    {
        BrowserOutcome::Delivered { status, body } => {
            assert_eq!(status, 400);
            assert!(body.contains("ignored"), "{body}");
        }
        other => panic!("unexpected: {other:?}"),
    }
    // Still waiting: the genuine answer completes the sign-in.
    world
        .sandbox
        .browser_sign_in(&url, BrowserAction::Approve)
        .unwrap();
    let outcome = running.finish();
    assert_eq!(outcome.code, 0, "{outcome:#?}");
    // Exactly one code was redeemed.
    assert_eq!(world.control().token_requests(), 1);
}

#[test]
fn a_code_delivered_by_get_is_accepted_too() {
    let world = World::start();
    let (outcome, _) = world.connect(&[], BrowserAction::UseGet);
    assert_eq!(outcome.code, 0, "{outcome:#?}");
}

#[test]
fn admin_approval_required_exits_4_says_what_to_ask_it_and_stores_nothing() {
    for mode in [
        ConsentMode::AdminApprovalRequired,
        ConsentMode::AdminApprovalWorkflow,
        ConsentMode::ConsentRequiredAtToken,
    ] {
        let world = World::start();
        world.control().set_consent(mode.clone());
        let (outcome, _) = world.connect(&[], BrowserAction::Approve);
        assert_eq!(outcome.code, 4, "{mode:?}: {outcome:#?}");
        assert!(
            outcome.stderr.contains("administrator"),
            "{}",
            outcome.stderr
        );
        assert!(
            outcome.stderr.contains("rally-m365 admin-consent"),
            "{}",
            outcome.stderr
        );
        assert!(
            outcome
                .stderr
                .contains("Consent on behalf of your organization"),
            "{}",
            outcome.stderr
        );
        assert!(
            outcome
                .stderr
                .contains("1c7e3be3-dd7d-4f67-88ca-c9ea85f16092"),
            "{}",
            outcome.stderr
        );
        assert_eq!(
            world.stored_grant("default"),
            None,
            "{mode:?}: something was stored"
        );
        assert_eq!(world.stored("default/access-token"), None);
    }
}

#[test]
fn a_cancelled_sign_in_exits_3_and_stores_nothing() {
    let world = World::start();
    world.control().set_consent(ConsentMode::UserCancels);
    let (outcome, _) = world.connect(&[], BrowserAction::Approve);
    assert_eq!(outcome.code, 3, "{outcome:#?}");
    assert!(
        outcome.stderr.contains("cancelled") || outcome.stderr.contains("declined"),
        "{}",
        outcome.stderr
    );
    assert_eq!(world.stored_grant("default"), None);
}

#[test]
fn a_partial_grant_exits_4_but_keeps_what_was_granted() {
    let world = World::start();
    world.control().set_consent(ConsentMode::PartialGrant {
        granted: vec!["User.Read".into(), "Calendars.ReadWrite".into()],
    });
    let (outcome, _) = world.connect(&[], BrowserAction::Approve);
    assert_eq!(outcome.code, 4, "{outcome:#?}");
    assert!(outcome.stderr.contains("Mail.Send"), "{}", outcome.stderr);
    assert!(
        outcome.stderr.contains("--calendar-only"),
        "{}",
        outcome.stderr
    );
    assert!(
        world.stored_grant("default").is_some(),
        "the granted part must be stored"
    );
    let status = world.run(&["status", "--json"]);
    assert_eq!(status.code, 4, "{status:#?}");
    let mail = status.permission("Mail.Send");
    assert_eq!(mail["granted"], false);
    assert_eq!(mail["required"], true);
}

#[test]
fn calendar_only_neither_asks_for_nor_misses_mail_send() {
    let world = World::start();
    world.control().set_consent(ConsentMode::PartialGrant {
        granted: vec!["User.Read".into(), "Calendars.ReadWrite".into()],
    });
    let mut running = world.spawn(&["connect", "--no-browser", "--calendar-only"]);
    let url = running.wait_for_line(|l| l.contains("/oauth2/v2.0/authorize?"));
    assert!(!url.contains("Mail.Send"), "{url}");
    world
        .sandbox
        .browser_sign_in(&url, BrowserAction::Approve)
        .unwrap();
    let outcome = running.finish();
    assert_eq!(outcome.code, 0, "{outcome:#?}");
    assert!(!outcome.stdout.contains("Mail.Send"), "{}", outcome.stdout);
    let status = world.run(&["status", "--json"]);
    assert_eq!(status.code, 0, "{status:#?}");
    let mail = status.permission("Mail.Send");
    assert_eq!(mail["required"], false);
}

#[test]
fn connect_json_is_the_status_shape() {
    let world = World::start();
    let (outcome, _) = world.connect(&["--json"], BrowserAction::Approve);
    assert_eq!(outcome.code, 0, "{outcome:#?}");
    let json = outcome.json();
    assert_eq!(json["connected"], true);
    assert_eq!(json["profile"], "default");
    assert_eq!(json["account"]["tenant_id"], world.control().tenant_id());
    assert!(json["expires_at"].as_str().is_some());
}

#[test]
fn no_answer_times_out_with_exit_3_and_says_what_to_check() {
    let world = World::start();
    let outcome = world.run(&["connect", "--no-browser", "--timeout", "1"]);
    assert_eq!(outcome.code, 3, "{outcome:#?}");
    assert!(
        outcome.stderr.contains("AADSTS700016"),
        "{}",
        outcome.stderr
    );
    assert!(outcome.stderr.contains("AADSTS50011"), "{}", outcome.stderr);
}

#[test]
fn device_code_flow_signs_in_without_a_local_browser() {
    let world = World::start();
    let mut running = world.spawn(&["connect", "--device-code", "--timeout", "60"]);
    let message = running.wait_for_line(|l| l.contains("enter the code"));
    let code = support::cli::user_code(&message);
    assert!(
        world.control().approve_device_code(&code, None),
        "unknown user code {code}"
    );
    let outcome = running.finish();
    assert_eq!(outcome.code, 0, "{outcome:#?}");
    assert!(world.stored_grant("default").is_some());
    outcome.assert_no_secret(&world.control());
}

/// A front door's 502 page and a 429 while the device code is polled are passing trouble: the
/// poll backs off and goes on, and the sign-in completes once the user approves.
#[test]
fn device_code_polling_rides_out_a_gateway_page_and_throttling() {
    let world = World::start();
    world.control().inject_fault(Fault {
        path_prefix: "/organizations/oauth2/v2.0/token".into(),
        kind: FaultKind::Raw {
            status: 502,
            headers: vec![("content-type".into(), "text/html".into())],
            body: "<html><body>502 Bad Gateway</body></html>".into(),
        },
        times: 1,
    });
    world.control().inject_fault(Fault {
        path_prefix: "/organizations/oauth2/v2.0/token".into(),
        kind: FaultKind::TooManyRequests {
            retry_after_secs: 1,
        },
        times: 1,
    });
    let mut running = world.spawn(&["connect", "--device-code", "--timeout", "60"]);
    let message = running.wait_for_line(|l| l.contains("enter the code"));
    let code = support::cli::user_code(&message);
    assert!(world.control().approve_device_code(&code, None));
    let outcome = running.finish();
    assert_eq!(outcome.code, 0, "{outcome:#?}");
    assert!(world.stored_grant("default").is_some());
    let statuses: Vec<u16> = world
        .control()
        .requests()
        .iter()
        .filter(|r| r.path == "/organizations/oauth2/v2.0/token")
        .map(|r| r.status)
        .collect();
    assert!(
        statuses.contains(&502) && statuses.contains(&429) && statuses.last() == Some(&200),
        "{statuses:?}"
    );
}

#[test]
fn an_unfinished_device_code_sign_in_times_out_with_exit_3() {
    let world = World::start();
    let outcome = world.run(&["connect", "--device-code", "--timeout", "2"]);
    assert_eq!(outcome.code, 3, "{outcome:#?}");
    // Our own --timeout ran out, not the code's lifetime.
    assert!(
        outcome
            .stderr
            .contains("no sign-in within 2 seconds (--timeout)"),
        "{}",
        outcome.stderr
    );
    assert_eq!(world.stored_grant("default"), None);
}

#[test]
fn a_declined_device_code_exits_3() {
    let world = World::start();
    let mut running = world.spawn(&["connect", "--device-code", "--timeout", "60"]);
    let message = running.wait_for_line(|l| l.contains("enter the code"));
    let code = support::cli::user_code(&message);
    assert!(world.control().decline_device_code(&code));
    let outcome = running.finish();
    assert_eq!(outcome.code, 3, "{outcome:#?}");
    assert_eq!(world.stored_grant("default"), None);
}

#[test]
fn a_throttled_me_is_retried_after_retry_after() {
    let world = World::start();
    world.control().inject_fault(Fault {
        path_prefix: "/v1.0/me".into(),
        kind: FaultKind::TooManyRequests {
            retry_after_secs: 1,
        },
        times: 1,
    });
    let outcome = world.connected();
    assert!(outcome.stdout.contains("Calendars.ReadWrite"));
    let me_calls = world.control().count(|r| r.path == "/v1.0/me");
    assert_eq!(me_calls, 2, "one throttled call and one retry");
}

#[test]
fn profiles_keep_separate_keychain_entries() {
    let world = World::with_keychain();
    let (outcome, _) = world.connect(&["--profile", "work"], BrowserAction::Approve);
    assert_eq!(outcome.code, 0, "{outcome:#?}");
    assert!(world.stored_grant("work").is_some());
    assert_eq!(world.stored_grant("default"), None);
    assert_eq!(world.run(&["status"]).code, 3);
    assert_eq!(world.run(&["--profile", "work", "status"]).code, 0);
    let mut env_profile = world.command();
    env_profile.env("RALLY_M365_PROFILE", "work").arg("status");
    assert_eq!(env_profile.output().unwrap().status.code(), Some(0));
}

#[test]
fn a_national_cloud_gets_scopes_qualified_with_its_graph_host() {
    let mut world = World::with_options(rally_m365::sandbox::SandboxOptions {
        seed: rally_m365::sandbox::Seed::Empty,
        graph_resource: "https://graph.microsoft.us".into(),
        ..Default::default()
    });
    world.set_env("RALLY_M365_CLOUD", "usgov");
    let mut running = world.spawn(&["connect", "--no-browser"]);
    let url = running.wait_for_line(|l| l.contains("/oauth2/v2.0/authorize?"));
    assert!(
        url.contains("https%3A%2F%2Fgraph.microsoft.us%2FMail.Send"),
        "{url}"
    );
    world
        .sandbox
        .browser_sign_in(&url, BrowserAction::Approve)
        .unwrap();
    let outcome = running.finish();
    assert_eq!(outcome.code, 0, "{outcome:#?}");
    let status = world.run(&["status", "--json"]);
    assert_eq!(status.json()["cloud"], "usgov");
}

#[test]
fn plain_http_overrides_are_refused_for_non_loopback_hosts() {
    let mut world = World::start();
    world.set_env("RALLY_M365_AUTHORITY_HOST", "http://login.example.com");
    let outcome = world.run(&["connect", "--no-browser", "--timeout", "1"]);
    assert_eq!(outcome.code, 2, "{outcome:#?}");
    assert!(outcome.stderr.contains("loopback"), "{}", outcome.stderr);
    assert_eq!(world.control().requests().len(), 0);
}

#[test]
fn verbose_logs_redact_every_secret() {
    let world = World::with_keychain();
    let (outcome, _) = world.connect(&["-vv"], BrowserAction::Approve);
    assert_eq!(outcome.code, 0, "{outcome:#?}");
    assert!(
        outcome.stderr.contains("/oauth2/v2.0/token"),
        "-vv should log requests:\n{}",
        outcome.stderr
    );
    outcome.assert_no_secret(&world.control());
    world.control().set_access_token_lifetime(3599);
    let refreshed = {
        // Force a refresh: drop the cached access token.
        world.keychain().clear("rally-m365", "default/access-token");
        world.run(&["-vv", "status"])
    };
    assert_eq!(refreshed.code, 0, "{refreshed:#?}");
    refreshed.assert_no_secret(&world.control());
}

#[test]
fn without_no_browser_the_url_goes_to_the_browser_in_browser_env() {
    let world = World::start();
    let dir = tempfile::tempdir().unwrap();
    let seen = dir.path().join("url.txt");
    let script = dir.path().join("fake-browser");
    std::fs::write(
        &script,
        format!("#!/bin/sh\nprintf '%s' \"$1\" > '{}'\n", seen.display()),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    let mut cmd = world.command();
    cmd.env("BROWSER", &script)
        .args(["connect", "--timeout", "30"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let child = cmd.spawn().unwrap();
    let url = (0..200)
        .find_map(|_| {
            std::thread::sleep(std::time::Duration::from_millis(50));
            std::fs::read_to_string(&seen)
                .ok()
                .filter(|u| !u.is_empty())
        })
        .expect("the browser was given the sign-in URL");
    assert!(url.contains("/oauth2/v2.0/authorize?"), "{url}");
    world
        .sandbox
        .browser_sign_in(&url, BrowserAction::Approve)
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    // The URL is printed too, for when no browser opens.
    assert!(String::from_utf8_lossy(&output.stderr).contains(&url));
}

#[test]
fn signing_in_as_someone_else_says_it_replaced_the_old_sign_in() {
    let world = World::start();
    world.connected();
    let (outcome, _) = world.connect(
        &[],
        BrowserAction::ApproveAs("megan.bowen@contoso.example".into()),
    );
    assert_eq!(outcome.code, 0, "{outcome:#?}");
    assert!(
        outcome
            .stderr
            .contains("replaced the sign-in of adele.vance@contoso.example"),
        "{}",
        outcome.stderr
    );
    let grant = world.stored_grant("default").unwrap();
    assert_eq!(grant["account"]["username"], "megan.bowen@contoso.example");
}
