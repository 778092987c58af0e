//! The identity platform as it really answers, end to end through the binary: consent-policy
//! refusals wherever they arrive, the ids Microsoft support asks for, refresh tokens that are
//! not rotated, and `scope` answers in every documented form.
//!
//! Sources: "Unexpected error when performing consent to an application" (AADSTS90093,
//! 900941), "Microsoft Entra authentication and authorization error codes" (the error body:
//! `error_codes`, `trace_id`, `correlation_id`), "Microsoft identity platform and OAuth 2.0
//! authorization code flow" (`scope` optional and percent-encoded in its examples; refresh
//! tokens "aren't revoked when used"), and the device authorization grant page.

mod support;

use rally_m365::sandbox::{
    BrowserAction, ConsentMode, ConsentRefusal, Fault, FaultKind, ScopeStyle, TokenAnswers,
};
use support::cli::{Outcome, World};

/// `connect --device-code`, the user approving on the other device.
fn connect_with_device_code(world: &World, approve: bool) -> Outcome {
    let mut running = world.spawn(&["connect", "--device-code", "--timeout", "60"]);
    let message = running.wait_for_line(|l| l.contains("enter the code"));
    if approve {
        let code = support::cli::user_code(&message);
        assert!(world.control().approve_device_code(&code, None));
    }
    running.finish()
}

/// Exit 4, the admin-consent instructions, the code named, the ids shown, nothing stored.
fn assert_admin_approval(world: &World, outcome: &Outcome, code: &str, what: &str) {
    assert_eq!(outcome.code, 4, "{what}: {outcome:#?}");
    for needle in [
        "rally-m365 admin-consent",
        "Consent on behalf of your organization",
        code,
        "correlation id ",
        "trace id ",
    ] {
        assert!(
            outcome.stderr.contains(needle),
            "{what}: no {needle:?} in:\n{}",
            outcome.stderr
        );
    }
    assert_eq!(
        world.stored_grant("default"),
        None,
        "{what}: something was stored"
    );
    outcome.assert_no_secret(&world.control());
}

/// The correlation id shown after `correlation id ` (a GUID).
fn correlation_id(text: &str) -> String {
    let at = text.find("correlation id ").expect("a correlation id") + "correlation id ".len();
    text[at..].chars().take(36).collect()
}

#[test]
fn user_consent_turned_off_or_a_risky_app_is_admin_approval_on_the_redirect_and_at_the_token_endpoint()
 {
    for (refusal, code) in [
        (ConsentRefusal::UserConsentDisabled, "AADSTS90093"),
        (ConsentRefusal::RiskyApp, "AADSTS900941"),
    ] {
        for mode in [
            ConsentMode::Refused(refusal),
            ConsentMode::RefusedAtToken(refusal),
        ] {
            let world = World::start();
            world.control().set_consent(mode.clone());
            let (outcome, _) = world.connect(&[], BrowserAction::Approve);
            assert_admin_approval(&world, &outcome, code, &format!("{mode:?}"));
        }
    }
}

#[test]
fn the_risky_app_refusal_says_so_in_words() {
    let world = World::start();
    world
        .control()
        .set_consent(ConsentMode::Refused(ConsentRefusal::RiskyApp));
    let (outcome, _) = world.connect(&[], BrowserAction::Approve);
    assert!(outcome.stderr.contains("risky"), "{}", outcome.stderr);
}

#[test]
fn consent_policy_refusals_reach_device_code_sign_ins_as_admin_approval() {
    for (mode, code) in [
        (
            ConsentMode::Refused(ConsentRefusal::UserConsentDisabled),
            "AADSTS90093",
        ),
        (
            ConsentMode::RefusedAtToken(ConsentRefusal::RiskyApp),
            "AADSTS900941",
        ),
    ] {
        let world = World::start();
        world.control().set_consent(mode.clone());
        let outcome = connect_with_device_code(&world, true);
        assert_admin_approval(&world, &outcome, code, &format!("{mode:?}"));
    }
}

#[test]
fn device_code_polling_classifies_by_error_codes_and_suberror_not_by_the_description() {
    // Descriptions without any AADSTS number: only `error_codes` or `suberror` can tell.
    for (body, what) in [
        (
            r#"{"error":"authorization_declined","error_description":"Declined.","error_codes":[900941],"timestamp":"2026-01-09 02:02:12Z","trace_id":"0000aaaa-11bb-cccc-dd33-eeeeee333333","correlation_id":"aaaa0000-bb11-2222-33cc-444444dddddd"}"#,
            "error_codes",
        ),
        (
            r#"{"error":"invalid_grant","error_description":"Not consented.","suberror":"consent_required","trace_id":"0000aaaa-11bb-cccc-dd33-eeeeee333333","correlation_id":"aaaa0000-bb11-2222-33cc-444444dddddd"}"#,
            "suberror",
        ),
    ] {
        let world = World::start();
        world.control().inject_fault(Fault {
            path_prefix: "/organizations/oauth2/v2.0/token".into(),
            kind: FaultKind::Raw {
                status: 400,
                headers: vec![("content-type".into(), "application/json".into())],
                body: body.into(),
            },
            times: 1,
        });
        let outcome = connect_with_device_code(&world, false);
        assert_eq!(outcome.code, 4, "{what}: {outcome:#?}");
        assert!(
            outcome.stderr.contains("rally-m365 admin-consent"),
            "{what}: {}",
            outcome.stderr
        );
        assert!(
            outcome
                .stderr
                .contains("correlation id aaaa0000-bb11-2222-33cc-444444dddddd, trace id 0000aaaa-11bb-cccc-dd33-eeeeee333333"),
            "{what}: {}",
            outcome.stderr
        );
        assert_eq!(world.stored_grant("default"), None);
    }
}

#[test]
fn a_refresh_refused_by_the_consent_policy_is_exit_4_with_the_admin_consent_instructions() {
    let world = World::start();
    world.control().set_access_token_lifetime(60);
    world.connected();
    world.control().set_consent(ConsentMode::RefusedAtToken(
        ConsentRefusal::UserConsentDisabled,
    ));
    let outcome = world.run(&["status"]);
    assert_eq!(outcome.code, 4, "{outcome:#?}");
    for needle in ["AADSTS90093", "rally-m365 admin-consent", "correlation id "] {
        assert!(
            outcome.stderr.contains(needle),
            "{needle}: {}",
            outcome.stderr
        );
    }
    // The sign-in is kept: once IT approves, it works again.
    assert!(world.stored_grant("default").is_some());
    world.control().set_consent(ConsentMode::Approve);
    assert_eq!(world.run(&["status"]).code, 0);
}

#[test]
fn identity_errors_show_the_correlation_and_trace_ids_and_log_them_at_v() {
    let world = World::start();
    world.control().set_access_token_lifetime(60);
    world.connected();
    world.control().revoke_refresh_tokens();
    let outcome = world.run(&["-v", "status"]);
    assert_eq!(outcome.code, 3, "{outcome:#?}");
    let error_line = outcome
        .stderr
        .lines()
        .find(|l| l.starts_with("error:"))
        .expect("an error line");
    assert!(error_line.contains("AADSTS50173"), "{error_line}");
    assert!(error_line.contains(" trace id "), "{error_line}");
    let id = correlation_id(error_line);
    assert_eq!(id.len(), 36, "{error_line}");
    // The -v log names the same ids, with the codes.
    let logged = outcome
        .stderr
        .lines()
        .find(|l| l.contains("refused by the identity platform"))
        .unwrap_or_else(|| panic!("no log line in:\n{}", outcome.stderr));
    assert!(logged.contains(&id), "{logged}");
    assert!(logged.contains("50173"), "{logged}");
    outcome.assert_no_secret(&world.control());
}

#[test]
fn a_refresh_without_a_new_refresh_token_keeps_the_old_one_and_is_no_failure() {
    let world = World::with_keychain();
    world.control().set_access_token_lifetime(60);
    world.connected();
    let first = world.stored_grant("default").unwrap()["refresh_token"].clone();
    world.control().set_token_answers(TokenAnswers {
        rotate_refresh_tokens: false,
        scope_style: ScopeStyle::Qualified,
    });
    // Two refreshes with the same refresh token, in two commands.
    for command in [["status", "--json"], ["status", "--json"]] {
        let outcome = world.run(&command);
        assert_eq!(outcome.code, 0, "{outcome:#?}");
        assert_eq!(
            world.stored_grant("default").unwrap()["refresh_token"],
            first,
            "the old refresh token must be kept"
        );
        let json = outcome.json();
        for p in [
            "Mail.Send",
            "Calendars.ReadWrite",
            "User.Read",
            "offline_access",
        ] {
            assert_eq!(outcome.permission(p)["granted"], true, "{p}: {json}");
        }
    }
    assert_eq!(
        world
            .control()
            .count(|r| r.grant_type.as_deref() == Some("refresh_token") && r.status == 200),
        2
    );
}

#[test]
fn connect_reads_the_granted_scopes_in_every_form_microsoft_gives_them() {
    for style in [
        ScopeStyle::Qualified,
        ScopeStyle::PercentEncoded,
        ScopeStyle::Omitted,
    ] {
        let world = World::start();
        world.control().set_token_answers(TokenAnswers {
            scope_style: style,
            ..TokenAnswers::default()
        });
        let (outcome, _) = world.connect(&["--json"], BrowserAction::Approve);
        assert_eq!(outcome.code, 0, "{style:?}: {outcome:#?}");
        let granted: Vec<String> = outcome.json()["scopes_granted"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap().to_owned())
            .collect();
        for p in ["Mail.Send", "Calendars.ReadWrite", "User.Read"] {
            assert!(granted.iter().any(|g| g == p), "{style:?}: {granted:?}");
        }
    }
}

#[test]
fn a_device_code_sign_in_reads_qualified_scopes_too() {
    let world = World::start();
    world.control().set_token_answers(TokenAnswers {
        scope_style: ScopeStyle::Qualified,
        ..TokenAnswers::default()
    });
    let outcome = connect_with_device_code(&world, true);
    assert_eq!(outcome.code, 0, "{outcome:#?}");
    let status = world.run(&["status", "--json"]);
    assert_eq!(status.code, 0, "{status:#?}");
    assert_eq!(status.permission("Calendars.ReadWrite")["granted"], true);
}
