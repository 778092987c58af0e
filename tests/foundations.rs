//! The foundations under every command, end to end through the binary: a sign-in is never lost
//! (a refused keychain write, an unreadable answer, a disconnect in the middle of a refresh),
//! tokens go only to the authority that issued them, Graph's retry rules (401, Retry-After),
//! exit codes of outages, and server text that cannot forge a line on the terminal.

mod support;

use std::time::{Duration, Instant};

use rally_m365::sandbox::{Fault, FaultKind, SandboxHandle, SandboxOptions, Seed};
use support::cli::World;

const GET_SCHEDULE: &str = "/v1.0/me/calendar/getSchedule";

/// The token endpoint a refresh uses (the grant's tenant is the tenant id once known).
fn refresh_path(world: &World) -> String {
    format!("/{}/oauth2/v2.0/token", world.control().tenant_id())
}

/// Every command must refresh: the access tokens issued live 60 s, under the 120 s margin.
fn connected_with_short_tokens() -> World {
    connected_with_short_tokens_in(World::start())
}

fn connected_with_short_tokens_in(world: World) -> World {
    world.control().set_access_token_lifetime(60);
    world.connected();
    world
}

fn stored_refresh_token(world: &World) -> String {
    world.stored_grant("default").expect("a stored grant")["refresh_token"]
        .as_str()
        .expect("a refresh token")
        .to_owned()
}

fn rescue_file(world: &World) -> std::path::PathBuf {
    world
        .home()
        .join(".local/share/rally-m365/rescued-sign-ins/default.json")
}

#[test]
fn a_refused_keychain_write_after_a_refresh_keeps_the_sign_in_for_the_next_command() {
    let mut world = connected_with_short_tokens_in(World::with_keychain());
    let before = stored_refresh_token(&world);
    world.control().inject_fault(Fault {
        path_prefix: refresh_path(&world),
        kind: FaultKind::Hold,
        times: 1,
    });
    let running = world.spawn(&["status", "--json"]);
    // The grant was read and the refresh is in flight: now the keychain locks.
    // The refresh is in flight.
    world.wait_until_held(1);
    world.keychain().lock_all();
    world.control().release_held();
    let outcome = running.finish();
    outcome.assert_no_secret(&world.control());
    assert_eq!(outcome.code, 0, "the command itself goes on: {outcome:#?}");
    let rescue = rescue_file(&world);
    assert!(
        outcome.stderr.contains("refused to save it")
            && outcome.stderr.contains(&rescue.display().to_string()),
        "the user is told loudly where the sign-in is: {}",
        outcome.stderr
    );
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&rescue)
            .expect("the rescue file exists")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    // The user unlocks the keychain (logs in again); the next command imports the rotated
    // grant. The sandbox revokes a used refresh token, so a lost rotation would be exit 3.
    world.keychain_mut().restart_keyring();
    let next = world.run(&["status", "--json"]);
    assert_eq!(next.code, 0, "{next:#?}");
    assert!(
        next.stderr.contains("recovered the sign-in"),
        "{}",
        next.stderr
    );
    assert!(!rescue.exists(), "the rescue file is deleted once imported");
    assert_ne!(stored_refresh_token(&world), before);
    assert_eq!(world.run(&["status"]).code, 0);
}

#[test]
fn disconnect_during_an_in_flight_refresh_sticks() {
    let world = connected_with_short_tokens();
    world.control().inject_fault(Fault {
        path_prefix: refresh_path(&world),
        kind: FaultKind::Hold,
        times: 1,
    });
    let status = world.spawn(&["status"]);
    // The refresh is in flight.
    world.wait_until_held(1);
    // disconnect waits for the profile lock that the refreshing command holds.
    let disconnect = world.spawn(&["disconnect"]);
    world.control().release_held();
    let status = status.finish();
    let disconnect = disconnect.finish();
    assert_eq!(disconnect.code, 0, "{disconnect:#?}");
    assert!(
        disconnect.stderr.contains("Removed the sign-in"),
        "{disconnect:#?}"
    );
    assert!(
        status.code == 0 || status.code == 3,
        "status either finished first or saw the disconnect: {status:#?}"
    );
    assert_eq!(
        world.stored_grant("default"),
        None,
        "the disconnect must stick"
    );
    assert_eq!(world.run(&["status"]).code, 3);
}

#[test]
fn an_absurd_token_lifetime_is_clamped_not_a_crash() {
    let world = World::start();
    world.control().inject_fault(Fault {
        path_prefix: "/organizations/oauth2/v2.0/token".into(),
        kind: FaultKind::RewriteJson {
            field: "expires_in".into(),
            value: serde_json::json!(9_000_000_000_000u64),
        },
        times: 1,
    });
    let outcome = world.connected();
    outcome.assert_no_secret(&world.control());
    let status = world.run(&["status", "--json"]);
    assert_eq!(status.code, 0, "{status:#?}");
    let expires: chrono::DateTime<chrono::Utc> = status.json()["expires_at"]
        .as_str()
        .expect("an expiry")
        .parse()
        .expect("RFC 3339");
    assert!(expires <= chrono::Utc::now() + chrono::TimeDelta::hours(24));
}

#[test]
fn an_unreadable_refresh_answer_is_never_shown_and_its_refresh_token_is_kept() {
    let world = connected_with_short_tokens();
    let before = stored_refresh_token(&world);
    world.control().inject_fault(Fault {
        path_prefix: refresh_path(&world),
        kind: FaultKind::RewriteJson {
            field: "expires_in".into(),
            value: serde_json::json!("soon"),
        },
        times: 1,
    });
    let outcome = world.run(&["status"]);
    outcome.assert_no_secret(&world.control());
    assert_eq!(outcome.code, 1, "{outcome:#?}");
    assert!(
        outcome.stderr.contains("could not be read") && outcome.stderr.contains("not shown"),
        "{}",
        outcome.stderr
    );
    let kept = stored_refresh_token(&world);
    assert_ne!(kept, before, "the rotated refresh token was kept");
    // The old one is spent (the sandbox revokes it); the kept one works.
    let next = world.run(&["status"]);
    assert_eq!(next.code, 0, "{next:#?}");
}

#[test]
fn tokens_are_never_sent_to_an_authority_or_graph_that_did_not_issue_them() {
    let mut world = connected_with_short_tokens();
    let other = SandboxHandle::start(SandboxOptions {
        seed: Seed::Empty,
        ..SandboxOptions::default()
    })
    .expect("a second sandbox");
    for variable in ["RALLY_M365_AUTHORITY_HOST", "RALLY_M365_GRAPH_URL"] {
        world.set_env(variable, &other.base_url());
        let outcome = world.run(&["slots", "--json"]);
        assert_eq!(outcome.code, 3, "{variable}: {outcome:#?}");
        assert!(
            outcome
                .stderr
                .contains("this profile was signed in against")
                && outcome.stderr.contains(variable)
                && outcome.stderr.contains("connect"),
            "{}",
            outcome.stderr
        );
        assert!(
            other.control().requests().is_empty(),
            "{variable}: nothing may reach the other tenant"
        );
        // Back to the profile's own endpoints for the next round.
        world.set_env(variable, &world.sandbox.base_url());
    }
    world.set_env("RALLY_M365_CLOUD", "usgov");
    let outcome = world.run(&["status"]);
    assert_eq!(outcome.code, 3, "{outcome:#?}");
    assert!(outcome.stderr.contains("RALLY_M365_CLOUD"), "{outcome:#?}");
}

#[test]
fn a_graph_error_with_control_characters_is_printed_on_one_clean_line() {
    let world = World::start();
    world.connected();
    world.control().inject_fault(Fault {
        path_prefix: GET_SCHEDULE.into(),
        kind: FaultKind::Raw {
            status: 400,
            headers: vec![("content-type".into(), "application/json".into())],
            body: r#"{"error":{"code":"ErrorInvalidRequest","message":"bad\u001b[2J\r\nerror: forged line"}}"#
                .into(),
        },
        times: 1,
    });
    let outcome = world.run(&["slots"]);
    assert_eq!(outcome.code, 1, "{outcome:#?}");
    assert!(!outcome.stderr.contains('\u{1b}'), "{:?}", outcome.stderr);
    assert!(
        !outcome
            .stderr
            .lines()
            .any(|l| l.starts_with("error: forged")),
        "{:?}",
        outcome.stderr
    );
    assert!(
        outcome
            .stderr
            .contains("ErrorInvalidRequest: bad [2J error: forged line"),
        "{:?}",
        outcome.stderr
    );
}

#[test]
fn a_401_from_graph_renews_the_token_once_and_retries() {
    let world = World::start();
    world.connected();
    world.control().inject_fault(Fault {
        path_prefix: GET_SCHEDULE.into(),
        kind: FaultKind::Raw {
            status: 401,
            headers: vec![("content-type".into(), "application/json".into())],
            body: r#"{"error":{"code":"InvalidAuthenticationToken","message":"Access token has expired or is not yet valid."}}"#.into(),
        },
        times: 1,
    });
    let tokens_before = world.control().token_requests();
    let outcome = world.run(&["slots", "--json"]);
    assert_eq!(outcome.code, 0, "{outcome:#?}");
    assert_eq!(world.control().token_requests(), tokens_before + 1);
    assert_eq!(
        world.control().count(|r| r.path == GET_SCHEDULE),
        2,
        "the refused request and its one retry"
    );
}

#[test]
fn a_long_retry_after_is_reported_with_the_time_to_come_back_and_exit_6() {
    let world = World::start();
    world.connected();
    world.control().inject_fault(Fault {
        path_prefix: GET_SCHEDULE.into(),
        kind: FaultKind::TooManyRequests {
            retry_after_secs: 3600,
        },
        times: 1,
    });
    let outcome = world.run(&["slots"]);
    assert_eq!(outcome.code, 6, "{outcome:#?}");
    assert!(
        outcome.stderr.contains("asked to wait 3600 s")
            && outcome.stderr.contains("try again after"),
        "{}",
        outcome.stderr
    );
    assert_eq!(world.control().count(|r| r.path == GET_SCHEDULE), 1);
}

#[test]
fn retry_after_as_an_http_date_is_honoured() {
    let world = World::start();
    world.connected();
    // A date already past: the wait is our own backoff, never a burst.
    world.control().inject_fault(Fault {
        path_prefix: GET_SCHEDULE.into(),
        kind: FaultKind::Raw {
            status: 503,
            headers: vec![("retry-after".into(), "Wed, 21 Oct 2015 07:28:00 GMT".into())],
            body: String::new(),
        },
        times: 1,
    });
    let started = Instant::now();
    let outcome = world.run(&["slots", "--json"]);
    assert_eq!(outcome.code, 0, "{outcome:#?}");
    assert_eq!(world.control().count(|r| r.path == GET_SCHEDULE), 2);
    assert!(started.elapsed() >= Duration::from_millis(500));
}

#[test]
fn identity_platform_outages_are_exit_6() {
    let world = connected_with_short_tokens();
    world.control().inject_fault(Fault {
        path_prefix: refresh_path(&world),
        kind: FaultKind::InternalError,
        times: 1,
    });
    let outcome = world.run(&["status"]);
    assert_eq!(outcome.code, 6, "server_error: {outcome:#?}");

    world.control().inject_fault(Fault {
        path_prefix: refresh_path(&world),
        kind: FaultKind::Raw {
            status: 502,
            headers: vec![("content-type".into(), "text/html".into())],
            body: "<html><body>\u{1b}[31m502 Bad Gateway\r\nerror: forged</body></html>".into(),
        },
        times: 1,
    });
    let outcome = world.run(&["status"]);
    assert_eq!(outcome.code, 6, "a 5xx page: {outcome:#?}");
    assert!(
        outcome.stderr.contains("502 Bad Gateway"),
        "{}",
        outcome.stderr
    );
    assert!(!outcome.stderr.contains('\u{1b}'));
    // Nothing was lost.
    assert_eq!(world.run(&["status"]).code, 0);
}
