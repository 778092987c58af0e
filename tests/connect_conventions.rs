//! `connect` and `admin-consent` as people use them, end to end (the real binary, the sandbox
//! tenant): our own `--timeout` said as such and typed as a duration, the browser page telling
//! the same outcome as the terminal, the tenant validated and reported, the device code flow on
//! an SSH session without a display, and the demo not claiming a browser it does not open.

mod support;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use rally_m365::sandbox::{
    BrowserAction, BrowserOutcome, ConsentMode, ManualClock, SandboxOptions, Seed,
};
use support::cli::{Outcome, World};

/// The `error:` line of a failed command, without its label.
fn error_line(outcome: &Outcome) -> String {
    outcome
        .stderr
        .lines()
        .find_map(|l| l.strip_prefix("error: "))
        .unwrap_or_else(|| panic!("no error line:\n{}", outcome.stderr))
        .to_owned()
}

/// The page's text as a person reads it (tags and the usual entities undone).
fn page_text(body: &str) -> String {
    let mut text = String::new();
    let mut in_tag = false;
    for c in body.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                text.push(' ');
            }
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

fn delivered(browser: BrowserOutcome) -> (u16, String) {
    match browser {
        BrowserOutcome::Delivered { status, body } => (status, page_text(&body)),
        other => panic!("the answer did not reach the listener: {other:?}"),
    }
}

/// Neither the page nor anything the command printed has a doubled full stop.
fn assert_no_doubled_full_stop(page: &str, outcome: &Outcome) {
    assert!(!page.contains(".."), "page: {page}");
    assert!(!outcome.stderr.contains(".."), "stderr: {}", outcome.stderr);
    assert!(!outcome.stdout.contains(".."), "stdout: {}", outcome.stdout);
}

/// Whether `text` contains `needle`, ignoring case (the page starts its sentences capitalised).
fn contains_ignoring_case(text: &str, needle: &str) -> bool {
    text.to_lowercase().contains(&needle.to_lowercase())
}

/// A `$BROWSER` that records the URL it is given, and where it records it.
fn fake_browser(dir: &Path, name: &str) -> (PathBuf, PathBuf) {
    use std::os::unix::fs::PermissionsExt;
    let seen = dir.join(format!("{name}.url"));
    let script = dir.join(name);
    std::fs::write(
        &script,
        format!("#!/bin/sh\nprintf '%s' \"$1\" > '{}'\n", seen.display()),
    )
    .unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    (script, seen)
}

/// Waits up to 10 s for the fake browser to have been given a URL.
fn url_given_to(seen: &Path) -> Option<String> {
    (0..200).find_map(|_| {
        std::thread::sleep(Duration::from_millis(50));
        std::fs::read_to_string(seen).ok().filter(|u| !u.is_empty())
    })
}

/// A world whose binary looks like it runs on an SSH session with no display.
fn over_ssh(world: &mut World) {
    world.set_env("SSH_CONNECTION", "192.0.2.10 52114 192.0.2.20 22");
    // Empty is unset: the test runner's own desktop must not count as a display.
    world.set_env("DISPLAY", "");
    world.set_env("WAYLAND_DISPLAY", "");
}

// --- 1. Our own --timeout, said as such, typed as a duration ------------------------------

#[test]
fn a_browser_sign_in_that_outlasts_the_timeout_says_it_was_our_timeout() {
    let world = World::start();
    let outcome = world.run(&["connect", "--no-browser", "--timeout", "1s"]);
    assert_eq!(outcome.code, 3, "{outcome:#?}");
    assert_eq!(
        error_line(&outcome),
        "no sign-in within 1 second (--timeout)"
    );
    assert!(!outcome.stderr.contains("expired"), "{}", outcome.stderr);
    assert!(
        outcome.stderr.contains("--timeout 10m"),
        "{}",
        outcome.stderr
    );
    assert_no_doubled_full_stop("", &outcome);
    assert_eq!(world.stored_grant("default"), None);
}

#[test]
fn a_device_code_sign_in_that_outlasts_the_timeout_says_it_was_our_timeout() {
    let world = World::start();
    let outcome = world.run(&["connect", "--device-code", "--timeout", "2s"]);
    assert_eq!(outcome.code, 3, "{outcome:#?}");
    assert_eq!(
        error_line(&outcome),
        "no sign-in within 2 seconds (--timeout)"
    );
    assert!(!outcome.stderr.contains("expired"), "{}", outcome.stderr);
    assert_eq!(world.stored_grant("default"), None);
    // The sandbox still holds the code as pending: it was our clock, not the code's.
    assert_eq!(world.control().pending_user_codes().len(), 1);
}

#[test]
fn a_device_code_that_expires_at_microsoft_says_the_code_expired() {
    // The tenant's clock moves only when the test moves it.
    let clock = Arc::new(ManualClock::starting_at(chrono::Utc::now()));
    let world = World::with_options(SandboxOptions {
        seed: Seed::Empty,
        clock: clock.clone(),
        ..SandboxOptions::default()
    });
    let mut running = world.spawn(&["connect", "--device-code", "--timeout", "5m"]);
    running.wait_for_line(|l| l.contains("enter the code"));
    // The code lives 15 minutes at the identity platform.
    clock.advance(chrono::TimeDelta::minutes(16));
    let outcome = running.finish();
    assert_eq!(outcome.code, 3, "{outcome:#?}");
    assert_eq!(
        error_line(&outcome),
        "the sign-in code expired before the sign-in finished"
    );
    assert!(
        !outcome.stderr.contains("(--timeout)"),
        "{}",
        outcome.stderr
    );
}

#[test]
fn timeout_takes_seconds_or_a_duration_and_refuses_the_rest_naming_the_flag() {
    let world = World::start();
    for (args, needle) in [
        (
            &["connect", "--timeout", "banana"][..],
            "--timeout: `banana` is not a duration",
        ),
        (
            &["connect", "--timeout", "0"][..],
            "--timeout: `0` is too short",
        ),
        (
            &["connect", "--timeout", "2h"][..],
            "--timeout: `2h` is too long",
        ),
        (
            &[
                "admin-consent",
                "--tenant",
                "contoso.example",
                "--timeout",
                "5x",
            ][..],
            "--timeout: `5x` is not a duration",
        ),
    ] {
        let outcome = world.run(args);
        assert_eq!(outcome.code, 2, "{args:?}: {outcome:#?}");
        assert!(
            outcome.stderr.contains(needle),
            "{args:?}: {}",
            outcome.stderr
        );
        assert!(
            !outcome.stderr.contains("http://127.0.0.1"),
            "{args:?}: a URL was printed"
        );
    }
    assert_eq!(world.control().requests().len(), 0, "something was sent");
    // A minute and a half: the sign-in still works within it.
    let (outcome, _) = world.connect(&["--timeout", "1m30s"], BrowserAction::Approve);
    assert_eq!(outcome.code, 0, "{outcome:#?}");
}

#[test]
fn admin_consent_outlasting_its_timeout_says_so() {
    let world = World::start();
    let outcome = world.run(&["admin-consent", "--no-browser", "--timeout", "1"]);
    assert_eq!(outcome.code, 3, "{outcome:#?}");
    assert_eq!(
        error_line(&outcome),
        "no answer from the administrator within 1 second (--timeout)"
    );
}

#[test]
fn admin_consent_on_ssh_says_where_the_answer_can_come_from() {
    let mut world = World::start();
    world.set_env("SSH_CONNECTION", "192.0.2.10 52114 192.0.2.20 22");
    let outcome = world.run(&["admin-consent", "--no-browser", "--timeout", "1"]);
    assert_eq!(outcome.code, 3, "{outcome:#?}");
    assert!(
        outcome.stderr.contains("This is an SSH session")
            && outcome.stderr.contains("--print-only"),
        "{}",
        outcome.stderr
    );
    // Not on a desktop: no such note.
    let mut desktop = World::start();
    desktop.set_env("DISPLAY", ":0");
    let outcome = desktop.run(&["admin-consent", "--no-browser", "--timeout", "1"]);
    assert!(!outcome.stderr.contains("SSH"), "{}", outcome.stderr);
}

// --- 2. The browser page and the terminal agree -------------------------------------------

#[test]
fn the_browser_page_comes_after_the_code_is_redeemed_and_names_the_account() {
    let world = World::start();
    let mut running = world.spawn(&["connect", "--no-browser"]);
    let url = running.wait_for_line(|l| l.contains("/oauth2/v2.0/authorize?"));
    let browser = world
        .sandbox
        .browser_sign_in(&url, BrowserAction::Approve)
        .unwrap();
    // The page arrived: the code had been redeemed and the account read before it.
    assert_eq!(world.control().token_requests(), 1);
    assert_eq!(
        world.control().count(|r| r.path == "/v1.0/me"),
        1,
        "the page came before the account was read"
    );
    let (status, page) = delivered(browser);
    let outcome = running.finish();
    assert_eq!(outcome.code, 0, "{outcome:#?}");
    assert_eq!(status, 200);
    assert!(page.contains("You're signed in"), "{page}");
    assert!(page.contains("adele.vance@contoso.example"), "{page}");
    assert!(page.contains("close this tab"), "{page}");
    assert_no_doubled_full_stop(&page, &outcome);
}

#[test]
fn when_admin_approval_is_required_the_page_says_so_with_the_terminals_reason() {
    for mode in [
        ConsentMode::AdminApprovalRequired,
        ConsentMode::AdminApprovalWorkflow,
        // Refused only when the code is redeemed: the page must wait for it.
        ConsentMode::ConsentRequiredAtToken,
    ] {
        let world = World::start();
        world.control().set_consent(mode.clone());
        let (outcome, browser) = world.connect(&[], BrowserAction::Approve);
        assert_eq!(outcome.code, 4, "{mode:?}: {outcome:#?}");
        let (_, page) = delivered(browser);
        assert!(page.contains("Admin approval required"), "{mode:?}: {page}");
        assert!(
            !contains_ignoring_case(&page, "signed in"),
            "{mode:?}: {page}"
        );
        let reason = error_line(&outcome);
        assert!(
            contains_ignoring_case(&page, &reason),
            "{mode:?}: the page lacks the terminal's reason `{reason}`:\n{page}"
        );
        // What to ask IT, as on the terminal.
        assert!(
            page.contains("rally-m365 admin-consent"),
            "{mode:?}: {page}"
        );
        assert!(
            page.contains("Consent on behalf of your organization"),
            "{page}"
        );
        assert_no_doubled_full_stop(&page, &outcome);
        assert_eq!(world.stored_grant("default"), None);
    }
}

#[test]
fn a_cancelled_sign_in_shows_the_same_reason_in_the_browser_and_the_terminal() {
    let world = World::start();
    world.control().set_consent(ConsentMode::UserCancels);
    let (outcome, browser) = world.connect(&[], BrowserAction::Approve);
    assert_eq!(outcome.code, 3, "{outcome:#?}");
    let (_, page) = delivered(browser);
    assert!(page.contains("The sign-in did not complete"), "{page}");
    let reason = error_line(&outcome);
    assert!(
        contains_ignoring_case(&page, &reason),
        "`{reason}`:\n{page}"
    );
    assert!(!contains_ignoring_case(&page, "signed in"), "{page}");
    assert_no_doubled_full_stop(&page, &outcome);
}

#[test]
fn a_partial_grant_is_signed_in_with_the_missing_permission_on_the_page() {
    let world = World::start();
    world.control().set_consent(ConsentMode::PartialGrant {
        granted: vec!["User.Read".into(), "Calendars.ReadWrite".into()],
    });
    let (outcome, browser) = world.connect(&[], BrowserAction::Approve);
    assert_eq!(outcome.code, 4, "{outcome:#?}");
    let (_, page) = delivered(browser);
    assert!(page.contains("adele.vance@contoso.example"), "{page}");
    assert!(page.contains("Mail.Send"), "{page}");
    assert!(!page.contains("You're signed in"), "{page}");
    assert_no_doubled_full_stop(&page, &outcome);
}

// --- 3. The tenant: validated, and reported by admin-consent ------------------------------

#[test]
fn admin_consent_json_reports_the_tenant_given_and_the_id_that_granted() {
    let world = World::start();
    world
        .control()
        .set_consent(ConsentMode::AdminApprovalRequired);
    let mut running = world.spawn(&[
        "admin-consent",
        "--no-browser",
        "--tenant",
        "contoso.example",
        "--json",
    ]);
    let url = running.wait_for_line(|l| l.contains("/v2.0/adminconsent?"));
    let browser = world
        .sandbox
        .browser_sign_in(&url, BrowserAction::Approve)
        .unwrap();
    let outcome = running.finish();
    assert_eq!(outcome.code, 0, "{outcome:#?}");
    let json = outcome.json();
    assert_eq!(json["granted"], true);
    assert_eq!(json["tenant"], "contoso.example");
    assert_eq!(json["tenant_id"], world.control().tenant_id());
    let (_, page) = delivered(browser);
    assert!(page.contains("Approval granted"), "{page}");
    assert!(page.contains("contoso.example"), "{page}");
    assert_no_doubled_full_stop(&page, &outcome);

    let printed = world.run(&[
        "admin-consent",
        "--print-only",
        "--tenant",
        "contoso.example",
        "--json",
    ]);
    assert_eq!(printed.code, 0, "{printed:#?}");
    assert_eq!(printed.json()["tenant"], "contoso.example");
    assert_eq!(printed.json()["granted"], false);
}

#[test]
fn admin_consent_refuses_what_is_not_a_tenant_and_opens_nothing() {
    let mut world = World::start();
    let dir = tempfile::tempdir().unwrap();
    let (script, seen) = fake_browser(dir.path(), "browser");
    world.set_env("BROWSER", script.to_str().unwrap());
    for tenant in ["not a tenant", "contoso", "common", "consumers"] {
        let outcome = world.run(&["admin-consent", "--tenant", tenant, "--timeout", "5"]);
        assert_eq!(outcome.code, 2, "{tenant}: {outcome:#?}");
        assert!(
            error_line(&outcome).starts_with("--tenant: "),
            "{tenant}: {}",
            outcome.stderr
        );
        assert!(
            !outcome.stderr.contains("adminconsent?"),
            "{}",
            outcome.stderr
        );
    }
    assert!(!seen.exists(), "a browser was opened");
    assert_eq!(world.control().requests().len(), 0, "something was sent");
}

#[test]
fn connect_refuses_a_bad_tenant_from_the_flag_the_environment_or_the_config() {
    let world = World::start();
    let outcome = world.run(&["connect", "--no-browser", "--tenant", "not a tenant"]);
    assert_eq!(outcome.code, 2, "{outcome:#?}");
    assert!(
        error_line(&outcome).starts_with("--tenant: `not a tenant` is not a tenant"),
        "{}",
        outcome.stderr
    );

    let mut from_env = World::start();
    from_env.set_env("RALLY_M365_TENANT", "contoso..example");
    let outcome = from_env.run(&["connect", "--no-browser"]);
    assert_eq!(outcome.code, 2, "{outcome:#?}");
    assert!(
        error_line(&outcome).starts_with("RALLY_M365_TENANT: "),
        "{}",
        outcome.stderr
    );

    let from_file = World::start();
    let config = from_file.home().join(".config/rally-m365");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(
        config.join("config.toml"),
        "[profiles.default]\ntenant = \"9f3c1d2e-0a4b-4c5d-8e6f\"\n",
    )
    .unwrap();
    let outcome = from_file.run(&["connect", "--no-browser"]);
    assert_eq!(outcome.code, 2, "{outcome:#?}");
    assert!(
        error_line(&outcome).contains("tenant"),
        "{}",
        outcome.stderr
    );
    assert!(
        error_line(&outcome).contains("is not a tenant id"),
        "{}",
        outcome.stderr
    );
    for world in [&world, &from_env, &from_file] {
        assert_eq!(world.control().requests().len(), 0, "something was sent");
    }
}

// --- 4. SSH without a display ---------------------------------------------------------------

#[test]
fn on_ssh_without_a_display_connect_signs_in_with_a_device_code_and_says_why() {
    let mut world = World::start();
    over_ssh(&mut world);
    let mut running = world.spawn(&["connect", "--timeout", "60"]);
    let message = running.wait_for_line(|l| l.contains("enter the code"));
    let code = support::cli::user_code(&message);
    assert!(
        world.control().approve_device_code(&code, None),
        "unknown user code {code}"
    );
    let outcome = running.finish();
    assert_eq!(outcome.code, 0, "{outcome:#?}");
    assert!(
        outcome.stderr.contains("SSH session without a display"),
        "{}",
        outcome.stderr
    );
    assert!(outcome.stderr.contains("--browser"), "{}", outcome.stderr);
    assert!(
        !outcome.stderr.contains("/oauth2/v2.0/authorize?"),
        "a browser sign-in URL was printed:\n{}",
        outcome.stderr
    );
    let control = world.control();
    assert_eq!(
        control.count(|r| r.path.ends_with("/oauth2/v2.0/devicecode")),
        1
    );
    assert_eq!(
        control.count(|r| r.path.ends_with("/oauth2/v2.0/authorize")),
        0
    );
    assert!(world.stored_grant("default").is_some());
    outcome.assert_no_secret(&control);
}

#[test]
fn browser_forces_the_loopback_sign_in_on_ssh() {
    let mut world = World::start();
    over_ssh(&mut world);
    // No BROWSER (that would count as a display): the system's last resort, x-www-browser,
    // is a fake one, and nothing else that opens browsers is on PATH.
    let dir = tempfile::tempdir().unwrap();
    let (_, seen) = fake_browser(dir.path(), "x-www-browser");
    world.set_env("PATH", dir.path().to_str().unwrap());
    let mut running = world.spawn(&["connect", "--browser", "--timeout", "60"]);
    let url = running.wait_for_line(|l| l.contains("/oauth2/v2.0/authorize?"));
    assert_eq!(url_given_to(&seen).as_deref(), Some(url.as_str()));
    world
        .sandbox
        .browser_sign_in(&url, BrowserAction::Approve)
        .unwrap();
    let outcome = running.finish();
    assert_eq!(outcome.code, 0, "{outcome:#?}");
    assert!(
        !outcome.stderr.contains("SSH session"),
        "{}",
        outcome.stderr
    );
    assert_eq!(
        world
            .control()
            .count(|r| r.path.ends_with("/oauth2/v2.0/devicecode")),
        0
    );
}

#[test]
fn no_browser_keeps_the_loopback_sign_in_on_ssh_and_says_where_to_open_it() {
    let mut world = World::start();
    over_ssh(&mut world);
    let (outcome, browser) = world.connect(&[], BrowserAction::Approve);
    assert_eq!(outcome.code, 0, "{outcome:#?}");
    assert!(matches!(
        browser,
        BrowserOutcome::Delivered { status: 200, .. }
    ));
    assert!(
        outcome.stderr.contains("--device-code"),
        "{}",
        outcome.stderr
    );
}

#[test]
fn browser_conflicts_with_device_code_and_no_browser() {
    let world = World::start();
    for other in ["--device-code", "--no-browser"] {
        let outcome = world.run(&["connect", "--browser", other]);
        assert_eq!(outcome.code, 2, "{other}: {outcome:#?}");
        assert!(outcome.stderr.contains("--browser"), "{}", outcome.stderr);
    }
}

// --- 5. The demo ------------------------------------------------------------------------------

#[test]
fn the_demo_does_not_claim_to_open_a_browser() {
    let world = World::without_keychain();
    let output = world.command().arg("demo").output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(!stderr.contains("Opening your browser"), "{stderr}");
    assert!(stderr.contains("no browser window opens"), "{stderr}");
}
