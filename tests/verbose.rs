//! `-v` and `-vv` end to end: `-v` one line per request with its time; `-vv` more: the
//! request and answer headers, the token requests' forms, bytes and timings, and the retry
//! decisions, with every credential redacted (nothing the sandbox issued ever shows).

mod support;

use rally_m365::sandbox::{BrowserAction, Fault, FaultKind};
use support::cli::World;

#[test]
fn vv_logs_headers_forms_and_timings_with_every_secret_redacted() {
    let world = World::start();
    let (connect, _) = world.connect(&["-vv"], BrowserAction::Approve);
    assert_eq!(connect.code, 0, "{connect:#?}");
    let log = &connect.stderr;
    // The token request: its form with the code and the verifier hidden.
    assert!(log.contains("grant_type=authorization_code"), "{log}");
    assert!(log.contains("code=[redacted]"), "{log}");
    assert!(log.contains("code_verifier=[redacted]"), "{log}");
    assert!(log.contains("answer headers: "), "{log}");
    connect.assert_no_secret(&world.control());

    let slots = world.run(&["slots", "--week", "-vv"]);
    assert_eq!(slots.code, 0, "{slots:#?}");
    let log = &slots.stderr;
    assert!(log.contains("request headers: "), "{log}");
    assert!(log.contains("authorization: [redacted]"), "{log}");
    assert!(log.contains("prefer: outlook.timezone"), "{log}");
    assert!(log.contains("answer headers: "), "{log}");
    assert!(log.contains("content-type: application/json"), "{log}");
    assert!(
        log.contains(" read in ") && log.contains(" ms in all)"),
        "{log}"
    );
    slots.assert_no_secret(&world.control());
    // Nothing of the access token, even outside the issued list's exact form.
    assert!(!log.contains("Bearer "), "{log}");
}

#[test]
fn v_logs_one_line_per_request_and_vv_logs_more() {
    let world = World::start();
    world.connected();
    let v = world.run(&["slots", "--week", "-v"]);
    let vv = world.run(&["slots", "--week", "-vv"]);
    assert_eq!((v.code, vv.code), (0, 0), "{v:#?} {vv:#?}");
    assert!(v.stderr.contains("getSchedule -> 200 ("), "{}", v.stderr);
    assert!(v.stderr.contains(" ms)"), "{}", v.stderr);
    assert!(!v.stderr.contains("headers: "), "{}", v.stderr);
    assert!(vv.stderr.lines().count() > v.stderr.lines().count());
    let quiet = world.run(&["slots", "--week"]);
    assert!(!quiet.stderr.contains("getSchedule"), "{}", quiet.stderr);
}

#[test]
fn retry_decisions_are_logged_with_the_answer_that_caused_them() {
    let world = World::start();
    world.connected();
    world.control().inject_fault(Fault {
        path_prefix: "/v1.0/me/calendar/getSchedule".into(),
        kind: FaultKind::Unavailable {
            retry_after_secs: Some(0),
        },
        times: 1,
    });
    let outcome = world.run(&["slots", "--week", "-vv"]);
    assert_eq!(outcome.code, 0, "{outcome:#?}");
    let log = &outcome.stderr;
    assert!(log.contains("getSchedule -> 503"), "{log}");
    assert!(log.contains("retry-after: 0"), "{log}");
    assert!(log.contains("503 from Graph: retrying in"), "{log}");
    assert!(log.contains("(attempt 2 of 4)"), "{log}");
    assert!(log.contains("getSchedule -> 200"), "{log}");
    outcome.assert_no_secret(&world.control());
}
