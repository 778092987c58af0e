//! `book`, `reschedule`, `cancel` and `interviews` end to end through the binary against the
//! sandbox tenant: the participant invited, the slot rechecked, never booked twice, faults on
//! the create, and bad input that sends nothing.

mod support;

use std::time::{Duration, Instant};

use chrono::{DateTime, Datelike, Days, Offset, TimeZone, Utc, Weekday};
use rally_m365::sandbox::{Fault, FaultKind, NotificationKind, SandboxEvent};
use support::cli::World;

const EVENTS: &str = "/v1.0/me/events";
const GET_SCHEDULE: &str = "/v1.0/me/calendar/getSchedule";
const ADELE: &str = "adele.vance@contoso.example";
const MEGAN: &str = "megan.bowen@contoso.example";
const PARTICIPANT: &str = "participant@example.com";
const PACIFIC: chrono_tz::Tz = chrono_tz::America::Los_Angeles;

/// `hour`:00 Pacific on the first weekday at least `days` days from today: inside Adele's
/// working hours (09:00–17:00 Pacific Standard Time, Monday to Friday) whatever today is.
fn slot(days: u64, hour: u32) -> DateTime<Utc> {
    let mut day = Utc::now().with_timezone(&PACIFIC).date_naive() + Days::new(days);
    while matches!(day.weekday(), Weekday::Sat | Weekday::Sun) {
        day = day + Days::new(1);
    }
    PACIFIC
        .from_local_datetime(&day.and_hms_opt(hour, 0, 0).expect("a valid time"))
        .earliest()
        .expect("10:00 exists on every day in Los Angeles")
        .with_timezone(&Utc)
}

fn rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339()
}

fn writes(world: &World) -> usize {
    world
        .control()
        .count(|r| r.method != "GET" && r.path.starts_with(EVENTS))
}

/// How many events the booking tests made are in Adele's calendar.
fn booked_in_calendar(world: &World) -> usize {
    world
        .control()
        .events(ADELE)
        .iter()
        .filter(|e| e.subject == "Research interview")
        .count()
}

/// The meeting requests Exchange sent attendees.
fn meeting_requests(world: &World) -> Vec<rally_m365::sandbox::SandboxNotification> {
    world
        .control()
        .notifications()
        .into_iter()
        .filter(|n| n.kind == NotificationKind::Request)
        .collect()
}

fn book(world: &World, start: DateTime<Utc>, extra: &[&str]) -> support::cli::Outcome {
    let start = rfc3339(start);
    let mut args = vec![
        "book",
        "--json",
        "--tz",
        "America/Los_Angeles",
        "--start",
        &start,
        "--duration",
        "45m",
    ];
    args.extend_from_slice(extra);
    if !extra.iter().any(|a| a.contains('@')) {
        args.push(PARTICIPANT);
    }
    world.run(&args)
}

#[test]
fn book_invites_the_participant_with_a_teams_link_in_two_requests() {
    let world = World::start();
    world.connected();
    let before_graph = world.control().graph_requests();
    let before_tokens = world.control().token_requests();
    let start = slot(3, 10);
    let outcome = book(&world, start, &["--teams", PARTICIPANT]);
    assert_eq!(outcome.code, 0, "{outcome:#?}");
    outcome.assert_no_secret(&world.control());
    let json = outcome.json();
    assert_eq!(json["created"], true);
    assert_eq!(json["attendees"], serde_json::json!([PARTICIPANT]));
    assert!(
        json["join_url"]
            .as_str()
            .is_some_and(|u| u.starts_with("https://teams.microsoft.com/")),
        "{json}"
    );
    assert!(
        json["transaction_id"]
            .as_str()
            .unwrap()
            .starts_with("rally-")
    );
    let shown_start: DateTime<chrono::FixedOffset> =
        json["start"].as_str().unwrap().parse().unwrap();
    assert_eq!(shown_start, start);
    assert_eq!(
        shown_start.offset().local_minus_utc(),
        PACIFIC
            .offset_from_utc_datetime(&start.naive_utc())
            .fix()
            .local_minus_utc(),
        "times are shown with the display zone's offset"
    );
    assert_eq!(
        world.control().graph_requests() - before_graph,
        2,
        "the recheck and the create"
    );
    assert_eq!(world.control().token_requests(), before_tokens);
    let invitations = meeting_requests(&world);
    assert_eq!(invitations.len(), 1, "{invitations:?}");
    assert_eq!(invitations[0].to, PARTICIPANT);
}

#[test]
fn a_conflict_is_exit_5_and_nothing_is_created() {
    let world = World::start();
    world.connected();
    let start = slot(3, 11);
    world.control().add_event(
        MEGAN,
        SandboxEvent::busy(
            "Megan's private dentist appointment",
            start.naive_utc(),
            (start + chrono::TimeDelta::minutes(30)).naive_utc(),
            "UTC",
        ),
    );
    let outcome = book(&world, start, &["--note-taker", MEGAN, PARTICIPANT]);
    assert_eq!(outcome.code, 5, "{outcome:#?}");
    assert!(outcome.stderr.contains(MEGAN), "{}", outcome.stderr);
    assert!(
        !outcome.stderr.contains("dentist"),
        "never the subject of someone else's item: {}",
        outcome.stderr
    );
    assert_eq!(writes(&world), 0);
}

#[test]
fn a_buffer_widens_the_recheck() {
    let world = World::start();
    world.connected();
    let start = slot(3, 13);
    world.control().add_event(
        ADELE,
        SandboxEvent::busy(
            "Standup",
            (start - chrono::TimeDelta::minutes(30)).naive_utc(),
            (start - chrono::TimeDelta::minutes(5)).naive_utc(),
            "UTC",
        ),
    );
    let outcome = book(&world, start, &["--buffer", "10m"]);
    assert_eq!(outcome.code, 5, "{outcome:#?}");
    assert_eq!(writes(&world), 0);
    // Without the buffer the 5 minutes between them are enough.
    let free = book(&world, start, &[]);
    assert_eq!(free.code, 0, "{free:#?}");
}

#[test]
fn the_same_command_twice_books_once() {
    let world = World::start();
    world.connected();
    let start = slot(4, 10);
    let first = book(&world, start, &[]);
    assert_eq!(first.code, 0, "{first:#?}");
    assert_eq!(first.json()["created"], true);
    let second = book(&world, start, &[]);
    assert_eq!(second.code, 0, "{second:#?}");
    assert_eq!(second.json()["created"], false);
    assert_eq!(second.json()["event_id"], first.json()["event_id"]);
    assert_eq!(
        world
            .control()
            .count(|r| r.method == "POST" && r.path == EVENTS),
        1,
        "the second run found the event instead of creating one"
    );
    assert_eq!(meeting_requests(&world).len(), 1);
}

#[test]
fn a_connection_dropped_after_the_commit_leaves_exactly_one_event() {
    let world = World::start();
    world.connected();
    world.control().inject_fault(Fault {
        path_prefix: EVENTS.into(),
        kind: FaultKind::DropAfterCommit,
        times: 1,
    });
    let outcome = book(&world, slot(5, 10), &[]);
    assert_eq!(outcome.code, 0, "{outcome:#?}");
    assert_eq!(outcome.json()["created"], true);
    assert_eq!(booked_in_calendar(&world), 1, "one event, not two");
    assert_eq!(meeting_requests(&world).len(), 1);
}

#[test]
fn throttling_on_the_create_honours_retry_after() {
    for kind in [
        FaultKind::TooManyRequests {
            retry_after_secs: 1,
        },
        FaultKind::Unavailable {
            retry_after_secs: Some(1),
        },
    ] {
        let world = World::start();
        world.connected();
        world.control().inject_fault(Fault {
            path_prefix: EVENTS.into(),
            kind: kind.clone(),
            times: 1,
        });
        let started = Instant::now();
        let outcome = book(&world, slot(5, 11), &[]);
        assert_eq!(outcome.code, 0, "{kind:?}: {outcome:#?}");
        assert!(
            started.elapsed() >= Duration::from_secs(1),
            "{kind:?}: Retry-After was not honoured"
        );
        assert_eq!(
            world
                .control()
                .count(|r| r.method == "POST" && r.path == EVENTS),
            2
        );
        assert_eq!(booked_in_calendar(&world), 1);
    }
}

#[test]
fn cancel_notifies_the_attendees_with_the_message() {
    let world = World::start();
    world.connected();
    let booked = book(&world, slot(6, 10), &[]);
    assert_eq!(booked.code, 0, "{booked:#?}");
    let id = booked.json()["event_id"].as_str().unwrap().to_owned();
    let outcome = world.run(&["cancel", &id, "--message", "Sorry, I am ill", "--json"]);
    assert_eq!(outcome.code, 0, "{outcome:#?}");
    assert_eq!(outcome.json()["cancelled"], true);
    let cancellations: Vec<_> = world
        .control()
        .notifications()
        .into_iter()
        .filter(|n| n.kind == NotificationKind::Cancellation)
        .collect();
    assert_eq!(cancellations.len(), 1);
    assert_eq!(cancellations[0].to, PARTICIPANT);
    assert_eq!(cancellations[0].comment.as_deref(), Some("Sorry, I am ill"));
    // Cancelling again is refused, and nothing more is sent.
    let again = world.run(&["cancel", &id]);
    assert_eq!(again.code, 2, "{again:#?}");
}

#[test]
fn reschedule_rechecks_then_moves_and_notifies() {
    let world = World::start();
    world.connected();
    let booked = book(&world, slot(6, 11), &[]);
    let id = booked.json()["event_id"].as_str().unwrap().to_owned();
    // A busy item at the first new time: refused, not moved.
    let blocked = slot(7, 14);
    world.control().add_event(
        ADELE,
        SandboxEvent::busy(
            "Design review",
            blocked.naive_utc(),
            (blocked + chrono::TimeDelta::hours(1)).naive_utc(),
            "UTC",
        ),
    );
    let refused = world.run(&["reschedule", &id, "--start", &rfc3339(blocked), "--json"]);
    assert_eq!(refused.code, 5, "{refused:#?}");
    assert_eq!(
        world.control().count(|r| r.method == "PATCH"),
        0,
        "no update after a conflict"
    );
    // Moving by half an hour overlaps only the event itself: allowed.
    let new_start = slot(6, 11) + chrono::TimeDelta::minutes(30);
    let outcome = world.run(&["reschedule", &id, "--start", &rfc3339(new_start), "--json"]);
    assert_eq!(outcome.code, 0, "{outcome:#?}");
    let start: DateTime<Utc> = outcome.json()["start"].as_str().unwrap().parse().unwrap();
    assert_eq!(start, new_start);
    assert!(
        world
            .control()
            .notifications()
            .iter()
            .any(|n| n.kind == NotificationKind::Update && n.to == PARTICIPANT)
    );
}

#[test]
fn interviews_lists_only_our_events_with_responses() {
    let world = World::start();
    world.connected();
    let start = slot(3, 15);
    let booked = book(&world, start, &[]);
    let id = booked.json()["event_id"].as_str().unwrap().to_owned();
    world.control().add_event(
        ADELE,
        SandboxEvent::busy(
            "Not an interview",
            (start + chrono::TimeDelta::days(1)).naive_utc(),
            (start + chrono::TimeDelta::days(1) + chrono::TimeDelta::hours(1)).naive_utc(),
            "UTC",
        ),
    );
    world
        .control()
        .set_attendee_response(&id, PARTICIPANT, "accepted")
        .expect("the participant answers");
    let outcome = world.run(&["interviews", "--days", "30", "--json"]);
    assert_eq!(outcome.code, 0, "{outcome:#?}");
    let json = outcome.json();
    let list = json["interviews"].as_array().unwrap();
    assert_eq!(list.len(), 1, "{json}");
    assert_eq!(list[0]["event_id"], id.as_str());
    assert_eq!(
        list[0]["attendees"],
        serde_json::json!([{"email": PARTICIPANT, "response": "accepted"}])
    );
    let table = world.run(&["interviews", "--days", "30"]);
    assert_eq!(table.code, 0, "{table:#?}");
    assert!(table.stdout.contains("(accepted)"), "{}", table.stdout);
}

#[test]
fn interviews_take_a_window_of_days_from_a_given_start() {
    let world = World::start();
    world.connected();
    let start = slot(3, 15);
    let booked = book(&world, start, &[]);
    assert_eq!(booked.code, 0, "{booked:#?}");
    let listed = |from: DateTime<Utc>| {
        let outcome = world.run(&[
            "interviews",
            "--from",
            &rfc3339(from),
            "--days",
            "1",
            "--json",
        ]);
        assert_eq!(outcome.code, 0, "{outcome:#?}");
        outcome.json()["interviews"].as_array().unwrap().len()
    };
    assert_eq!(listed(start - chrono::TimeDelta::hours(2)), 1);
    assert_eq!(
        listed(start - chrono::TimeDelta::days(2)),
        0,
        "the day before ends earlier"
    );
    let both = world.run(&["interviews", "--to", &rfc3339(start), "--days", "1"]);
    assert_eq!(both.code, 2, "{both:#?}");
}

#[test]
fn dry_run_sends_nothing() {
    let world = World::start();
    world.connected();
    let before = world.control().requests().len();
    let outcome = book(&world, slot(3, 10), &["--dry-run", "--teams", PARTICIPANT]);
    assert_eq!(outcome.code, 0, "{outcome:#?}");
    let json = outcome.json();
    assert!(
        json["transactionId"]
            .as_str()
            .unwrap()
            .starts_with("rally-")
    );
    assert_eq!(json["isOnlineMeeting"], true);
    assert_eq!(
        world.control().requests().len(),
        before,
        "no request at all"
    );
}

#[test]
fn bad_input_is_exit_2_and_nothing_is_written() {
    let world = World::start();
    world.connected();
    let start = rfc3339(slot(3, 10));
    let past = rfc3339(Utc::now() - chrono::TimeDelta::days(1));
    let many: Vec<String> = (0..501).map(|i| format!("p{i}@example.com")).collect();
    let mut too_many = vec!["book", "--start", start.as_str()];
    too_many.extend(many.iter().map(String::as_str));
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec!["book", "--start", &start, "not-an-address"],
            "PARTICIPANT_EMAIL",
        ),
        (
            vec!["book", "--start", &start, "--end", &start, PARTICIPANT],
            "--end",
        ),
        (
            vec!["book", "--start", &start, "--duration", "0m", PARTICIPANT],
            "--duration",
        ),
        (vec!["book", "--start", &past, PARTICIPANT], "in the past"),
        (
            vec!["book", "--start", &start, "--subject", "a\nb", PARTICIPANT],
            "--subject",
        ),
        (vec!["book", "--start", &start, ADELE], "you"),
        (too_many, "at most 500"),
        (vec!["cancel", "no such id!"], "EVENT_ID"),
        (vec!["cancel", "AAMkAGI1AAAt9AHjAAA="], "EVENT_ID"),
        (
            vec!["reschedule", "AAMkAGI1AAAt9AHjAAA=", "--start", &start],
            "EVENT_ID",
        ),
    ];
    for (args, needle) in cases {
        let outcome = world.run(&args);
        assert_eq!(outcome.code, 2, "{args:?}: {outcome:#?}");
        assert!(
            outcome.stderr.contains(needle),
            "{args:?}: {}",
            outcome.stderr
        );
        assert_eq!(
            outcome
                .stderr
                .lines()
                .filter(|l| l.starts_with("error:"))
                .count(),
            1
        );
    }
    assert_eq!(writes(&world), 0);
    assert_eq!(world.control().count(|r| r.path == GET_SCHEDULE), 0);
}

#[test]
fn a_tenant_without_teams_books_without_a_link_and_says_so() {
    let world = World::start();
    world.connected();
    world.control().set_teams_enabled(false);
    let outcome = book(&world, slot(3, 12), &["--teams", PARTICIPANT]);
    assert_eq!(outcome.code, 0, "{outcome:#?}");
    assert_eq!(outcome.json()["join_url"], serde_json::Value::Null);
    assert!(
        outcome.stderr.contains("no Teams meeting"),
        "{}",
        outcome.stderr
    );
}

#[test]
fn a_calendar_only_profile_can_book() {
    let world = World::start();
    let (connected, _) = world.connect(
        &["--calendar-only"],
        rally_m365::sandbox::BrowserAction::Approve,
    );
    assert_eq!(connected.code, 0, "{connected:#?}");
    let outcome = book(&world, slot(3, 14), &[]);
    assert_eq!(outcome.code, 0, "{outcome:#?}");
}

#[test]
fn force_skips_the_recheck_one_request() {
    let world = World::start();
    world.connected();
    let before = world.control().graph_requests();
    let outcome = book(&world, slot(4, 12), &["--force", PARTICIPANT]);
    assert_eq!(outcome.code, 0, "{outcome:#?}");
    assert_eq!(world.control().graph_requests() - before, 1);
    assert_eq!(world.control().count(|r| r.path == GET_SCHEDULE), 0);
}

#[test]
fn a_create_that_cannot_be_confirmed_is_reported_unknown_with_its_transaction() {
    let world = World::start();
    world.connected();
    // Every create is committed and then its connection dropped, and the lookup that would
    // confirm it fails too: the outcome cannot be known.
    world.control().inject_fault(Fault {
        path_prefix: EVENTS.into(),
        kind: FaultKind::DropAfterCommit,
        times: 10,
    });
    let outcome = book(&world, slot(5, 14), &[]);
    assert_eq!(outcome.code, 6, "{outcome:#?}");
    assert!(
        outcome.stderr.contains("outcome is unknown") && outcome.stderr.contains("rally-"),
        "{}",
        outcome.stderr
    );
    // Whatever happened, there is at most one event, and running the command again once
    // Microsoft answers reports it instead of booking a second.
    world.control().clear_faults();
    let again = book(&world, slot(5, 14), &[]);
    assert_eq!(again.code, 0, "{again:#?}");
    assert_eq!(again.json()["created"], false);
    assert_eq!(booked_in_calendar(&world), 1);
}
