//! `status`, `disconnect`, token reuse, refresh with rotation, concurrent refresh, revocation,
//! and where tokens live, end to end.

mod support;

use rally_m365::sandbox::{BrowserAction, Fault, FaultKind};
use support::cli::World;

#[test]
fn status_when_not_connected_exits_3_with_json() {
    let world = World::start();
    let outcome = world.run(&["status", "--json"]);
    assert_eq!(outcome.code, 3, "{outcome:#?}");
    let json = outcome.json();
    assert_eq!(json["connected"], false);
    assert_eq!(json["profile"], "default");
    // The default profile is not named in the hint; any other is.
    assert!(
        outcome.stderr.contains("hint: run `rally-m365 connect`"),
        "{}",
        outcome.stderr
    );
    let other = world.run(&["--profile", "work", "status"]);
    assert_eq!(other.code, 3, "{other:#?}");
    assert!(
        other
            .stderr
            .contains("hint: run `rally-m365 --profile work connect`"),
        "{}",
        other.stderr
    );
}

#[test]
fn status_with_a_fresh_cached_token_makes_no_request() {
    let world = World::with_keychain();
    world.connected();
    let before = world.control().requests().len();
    let outcome = world.run(&["status", "--json"]);
    assert_eq!(outcome.code, 0, "{outcome:#?}");
    assert_eq!(
        world.control().requests().len(),
        before,
        "status must not call Microsoft"
    );
    let json = outcome.json();
    assert_eq!(json["connected"], true);
    assert_eq!(json["account"]["username"], "adele.vance@contoso.example");
    assert_eq!(json["token_store"], "keychain");
    assert!(
        json["scopes_granted"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s == "Calendars.ReadWrite")
    );
    let human = world.run(&["status"]);
    assert!(human.stdout.contains("Secret Service"), "{}", human.stdout);
    assert!(human.stdout.contains("Last refreshed"), "{}", human.stdout);
}

#[test]
fn an_expired_access_token_is_refreshed_once_and_the_rotated_refresh_token_is_stored() {
    let world = World::with_keychain();
    world.control().set_access_token_lifetime(60);
    world.connected();
    let first = world.stored_grant("default").unwrap()["refresh_token"]
        .as_str()
        .unwrap()
        .to_owned();
    world.control().set_access_token_lifetime(3599);
    let tokens_before = world.control().token_requests();
    let outcome = world.run(&["status"]);
    assert_eq!(outcome.code, 0, "{outcome:#?}");
    assert_eq!(
        world.control().token_requests(),
        tokens_before + 1,
        "exactly one refresh"
    );
    let second = world.stored_grant("default").unwrap()["refresh_token"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_ne!(
        first, second,
        "the rotated refresh token must replace the old one"
    );
    // The new access token is cached: the next command makes no request at all.
    let requests = world.control().requests().len();
    assert_eq!(world.run(&["status"]).code, 0);
    assert_eq!(world.control().requests().len(), requests);
}

#[test]
fn repeated_refreshes_always_send_the_latest_refresh_token() {
    // The sandbox refuses a superseded refresh token, so any reuse of a stale one fails.
    let world = World::start();
    world.control().set_access_token_lifetime(60);
    world.connected();
    for _ in 0..3 {
        let outcome = world.run(&["status"]);
        assert_eq!(outcome.code, 0, "{outcome:#?}");
    }
    assert_eq!(
        world
            .control()
            .count(|r| r.grant_type.as_deref() == Some("refresh_token") && r.status == 200),
        3
    );
}

#[test]
fn commands_started_at_once_refresh_once_between_them() {
    let world = World::start();
    world.control().set_access_token_lifetime(60);
    world.connected();
    world.control().set_access_token_lifetime(3599);
    let before = world.control().token_requests();
    let running: Vec<_> = (0..4).map(|_| world.spawn(&["status", "--json"])).collect();
    for r in running {
        let outcome = r.finish();
        assert_eq!(outcome.code, 0, "{outcome:#?}");
    }
    assert_eq!(
        world.control().token_requests(),
        before + 1,
        "one refresh for four commands"
    );
}

#[test]
fn a_revoked_sign_in_exits_3_and_says_connect() {
    let world = World::start();
    world.control().set_access_token_lifetime(60);
    world.connected();
    world.control().revoke_refresh_tokens();
    let outcome = world.run(&["status", "--json"]);
    assert_eq!(outcome.code, 3, "{outcome:#?}");
    assert_eq!(outcome.json()["connected"], false);
    assert!(
        outcome.stderr.contains("expired or was revoked"),
        "{}",
        outcome.stderr
    );
    assert!(outcome.stderr.contains("connect"), "{}", outcome.stderr);
}

#[test]
fn an_unreachable_identity_platform_is_exit_6() {
    let world = World::start();
    world.control().set_access_token_lifetime(60);
    world.connected();
    world.control().inject_fault(Fault {
        path_prefix: "/".into(),
        kind: FaultKind::DropConnection,
        times: 10,
    });
    let outcome = world.run(&["status"]);
    assert_eq!(outcome.code, 6, "{outcome:#?}");
    // Nothing was lost: once the network is back, the stored sign-in still works.
    world.control().clear_faults();
    assert_eq!(world.run(&["status"]).code, 0);
}

#[test]
fn disconnect_removes_both_entries_and_is_idempotent() {
    let world = World::with_keychain();
    world.connected();
    let outcome = world.run(&["disconnect"]);
    assert_eq!(outcome.code, 0, "{outcome:#?}");
    assert!(outcome.stderr.contains("Removed"), "{}", outcome.stderr);
    assert!(
        outcome.stderr.contains("myapps.microsoft.com"),
        "{}",
        outcome.stderr
    );
    assert_eq!(world.keychain().lookup("rally-m365", "default"), None);
    assert_eq!(
        world
            .keychain()
            .lookup("rally-m365", "default/access-token"),
        None
    );
    let again = world.run(&["disconnect", "--json"]);
    assert_eq!(again.code, 0, "{again:#?}");
    assert_eq!(again.json()["removed"], false);
    assert_eq!(world.run(&["status"]).code, 3);
}

#[test]
fn without_a_keychain_connect_fails_clearly_before_signing_in() {
    let world = World::without_keychain();
    let mut cmd = world.command();
    cmd.env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus")
        .args(["connect", "--no-browser", "--timeout", "5"]);
    let output = cmd.output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("no keychain"), "{stderr}");
    assert!(stderr.contains("--token-store file"), "{stderr}");
    assert_eq!(
        world.control().requests().len(),
        0,
        "nothing may happen before the store works"
    );
    // And no silent fallback to a file.
    assert!(!world.home().join(".local/share/rally-m365/tokens").exists());
}

#[test]
fn the_file_store_is_used_only_when_asked_and_is_private() {
    let world = World::with_keychain();
    let (outcome, _) = world.connect(&["--token-store", "file"], BrowserAction::Approve);
    assert_eq!(outcome.code, 0, "{outcome:#?}");
    assert_eq!(
        world.keychain().lookup("rally-m365", "default"),
        None,
        "nothing in the keychain"
    );
    let file = world
        .keychain()
        .home()
        .join(".local/share/rally-m365/tokens/default.json");
    let file = if file.exists() {
        file
    } else {
        // XDG_DATA_HOME may point elsewhere inside the test home.
        find_file(world.keychain().home(), "default.json").expect("token file written")
    };
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(
        std::fs::metadata(&file).unwrap().permissions().mode() & 0o777,
        0o600
    );
    let status = world.run(&["--token-store", "file", "status", "--json"]);
    assert_eq!(status.code, 0, "{status:#?}");
    assert_eq!(status.json()["token_store"], "file");
}

fn find_file(dir: &std::path::Path, name: &str) -> Option<std::path::PathBuf> {
    for entry in std::fs::read_dir(dir).ok()? {
        let path = entry.ok()?.path();
        if path.is_dir() {
            if let Some(found) = find_file(&path, name) {
                return Some(found);
            }
        } else if path.file_name().is_some_and(|n| n == name) {
            return Some(path);
        }
    }
    None
}

#[test]
fn admin_consent_prints_the_tenant_wide_link_and_reports_the_answer() {
    let world = World::start();
    world
        .control()
        .set_consent(rally_m365::sandbox::ConsentMode::AdminApprovalRequired);
    let mut running = world.spawn(&[
        "admin-consent",
        "--no-browser",
        "--tenant",
        "contoso.example",
        "--json",
    ]);
    let url = running.wait_for_line(|l| l.contains("/v2.0/adminconsent?"));
    assert!(url.contains("/contoso.example/v2.0/adminconsent?"), "{url}");
    assert!(
        url.contains("client_id=1c7e3be3-dd7d-4f67-88ca-c9ea85f16092"),
        "{url}"
    );
    world
        .sandbox
        .browser_sign_in(&url, BrowserAction::Approve)
        .unwrap();
    let outcome = running.finish();
    assert_eq!(outcome.code, 0, "{outcome:#?}");
    assert!(
        outcome
            .stderr
            .contains("Consent on behalf of your organization"),
        "{}",
        outcome.stderr
    );
    let json = outcome.json();
    assert_eq!(json["granted"], true);
    // The tenant asked for, and the id of the tenant that granted.
    assert_eq!(json["tenant"], "contoso.example");
    assert_eq!(json["tenant_id"], world.control().tenant_id());
    // The organisation-wide grant lifts the block: users can connect now.
    world.connected();
}

#[test]
fn admin_consent_refuses_common() {
    let world = World::start();
    let outcome = world.run(&["admin-consent", "--tenant", "common", "--no-browser"]);
    assert_eq!(outcome.code, 2, "{outcome:#?}");
    assert!(outcome.stderr.contains("common"), "{}", outcome.stderr);
}

#[test]
fn a_declining_admin_exits_4() {
    let world = World::start();
    world.control().set_admin_consent_outcome(false);
    let mut running = world.spawn(&["admin-consent", "--no-browser"]);
    let url = running.wait_for_line(|l| l.contains("/v2.0/adminconsent?"));
    world
        .sandbox
        .browser_sign_in(&url, BrowserAction::Approve)
        .unwrap();
    let outcome = running.finish();
    assert_eq!(outcome.code, 4, "{outcome:#?}");
    // Microsoft's answer (consent_required, AADSTS65004) is the admin's refusal, not a request
    // for admin approval, and it carries the ids support asks for.
    assert!(
        outcome
            .stderr
            .contains("the administrator did not grant consent"),
        "{}",
        outcome.stderr
    );
    assert!(
        outcome.stderr.contains("correlation id "),
        "{}",
        outcome.stderr
    );
}
