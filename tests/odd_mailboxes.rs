//! Free/busy and mailboxes as Microsoft really answers, end to end through the binary against
//! the sandbox: distribution lists (merged view, no items), a schedule left out of the answer,
//! Microsoft's per-schedule errors, odd fields that cost only themselves, `tzone://` zones, and
//! mailboxes Graph cannot reach. The source of each behaviour is named at its test.

mod support;

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, TimeZone, Utc, Weekday};
use rally_m365::sandbox::{
    Fault, FaultKind, MailboxKind, SandboxEvent, SandboxWorkingHours, SandboxZone, ShowAs,
};
use serde_json::json;
use support::cli::{Outcome, World};

const ADELE: &str = "adele.vance@contoso.example";
const MEGAN: &str = "megan.bowen@contoso.example";
const ALEX: &str = "alex.wilber@contoso.example";
const TEAM: &str = "research-team@contoso.example";
const LA: chrono_tz::Tz = chrono_tz::America::Los_Angeles;
const GET_SCHEDULE: &str = "/v1.0/me/calendar/getSchedule";

/// A Monday at least two weeks ahead, so "now" never cuts into the test window.
fn test_monday() -> NaiveDate {
    let mut day = Utc::now().date_naive() + Duration::days(14);
    while day.weekday() != Weekday::Mon {
        day += Duration::days(1);
    }
    day
}

fn pacific(day: NaiveDate, h: u32, m: u32) -> DateTime<Utc> {
    LA.from_local_datetime(&day.and_hms_opt(h, m, 0).unwrap())
        .single()
        .unwrap()
        .with_timezone(&Utc)
}

fn event(day: NaiveDate, from: u32, to: u32, show_as: ShowAs) -> SandboxEvent {
    let at = |h| day.and_time(NaiveTime::from_hms_opt(h, 0, 0).unwrap());
    SandboxEvent {
        show_as,
        ..SandboxEvent::busy("Meeting", at(from), at(to), "Pacific Standard Time")
    }
}

fn starts(outcome: &Outcome) -> Vec<String> {
    outcome.json()["slots"]
        .as_array()
        .unwrap_or_else(|| panic!("{outcome:#?}"))
        .iter()
        .map(|s| s["start"].as_str().unwrap()[11..16].to_owned())
        .collect()
}

fn slots_on(world: &World, day: NaiveDate, extra: &[&str]) -> Outcome {
    let date = day.to_string();
    let mut args = vec![
        "slots",
        "--json",
        "--tz",
        "America/Los_Angeles",
        "--from",
        &date,
        "--to",
        &date,
    ];
    args.extend_from_slice(extra);
    world.run(&args)
}

fn book(world: &World, start: DateTime<Utc>, extra: &[&str]) -> Outcome {
    let start = start.to_rfc3339();
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
    world.run(&args)
}

fn booked(world: &World) -> usize {
    world
        .control()
        .count(|r| r.method == "POST" && r.path == "/v1.0/me/events")
}

fn connected_world() -> World {
    let world = World::start();
    world.connected();
    world
}

/// The next getSchedule answers `body` verbatim (status 200).
fn answer_schedule_with(world: &World, body: serde_json::Value) {
    world.control().inject_fault(Fault {
        path_prefix: GET_SCHEDULE.into(),
        kind: FaultKind::Raw {
            status: 200,
            headers: vec![("content-type".into(), "application/json".into())],
            body: body.to_string(),
        },
        times: 1,
    });
}

fn utc_time(t: DateTime<Utc>) -> serde_json::Value {
    json!({"dateTime": t.format("%Y-%m-%dT%H:%M:%S.0000000").to_string(), "timeZone": "UTC"})
}

/// A list in `--with` ("scheduleInformation resource type": a merged view for users,
/// distribution lists or resources; the list has no items): its members' busy time blocks,
/// tentative unless `--tentative-free`, working elsewhere never.
#[test]
fn a_distribution_list_in_with_blocks_its_members_busy_time() {
    let world = connected_world();
    let day = test_monday();
    let control = world.control();
    control.add_event(MEGAN, event(day, 10, 11, ShowAs::Busy));
    control.add_event(MEGAN, event(day, 15, 16, ShowAs::WorkingElsewhere));
    control.add_event(ALEX, event(day, 13, 14, ShowAs::Tentative));
    control
        .set_mailbox_kind(
            TEAM,
            Some(MailboxKind::DistributionList {
                members: vec![MEGAN.into(), ALEX.into()],
            }),
        )
        .unwrap();
    let outcome = slots_on(&world, day, &["--with", TEAM]);
    assert_eq!(outcome.code, 0, "{outcome:#?}");
    assert_eq!(
        starts(&outcome),
        [
            "09:00", "11:00", "11:30", "12:00", "14:00", "14:30", "15:00", "15:30", "16:00"
        ]
    );
    assert!(
        outcome.stderr.contains(TEAM) && outcome.stderr.contains("only merged free/busy"),
        "{}",
        outcome.stderr
    );
    // One day asked: the view comes in 5-minute steps, and the warning says so.
    assert!(
        outcome.stderr.contains("5-minute steps"),
        "{}",
        outcome.stderr
    );
    let relaxed = slots_on(&world, day, &["--with", TEAM, "--tentative-free"]);
    assert_eq!(
        starts(&relaxed),
        [
            "09:00", "11:00", "11:30", "12:00", "12:30", "13:00", "13:30", "14:00", "14:30",
            "15:00", "15:30", "16:00"
        ]
    );
}

/// `book` with a list among the attendees: its merged busy time is a conflict (exit 5), nothing
/// is created.
#[test]
fn book_with_a_busy_distribution_list_is_a_conflict() {
    let world = connected_world();
    let day = test_monday();
    world
        .control()
        .add_event(MEGAN, event(day, 10, 11, ShowAs::Busy));
    world
        .control()
        .set_mailbox_kind(
            TEAM,
            Some(MailboxKind::DistributionList {
                members: vec![MEGAN.into()],
            }),
        )
        .unwrap();
    let outcome = book(&world, pacific(day, 10, 0), &[TEAM]);
    assert_eq!(outcome.code, 5, "{outcome:#?}");
    assert!(outcome.stderr.contains(TEAM), "{}", outcome.stderr);
    assert_eq!(booked(&world), 0);
    // Two hours later the list is free: booked.
    let outcome = book(&world, pacific(day, 12, 0), &[TEAM]);
    assert_eq!(outcome.code, 0, "{outcome:#?}");
}

/// "calendar: getSchedule" returns "a collection of scheduleInformation objects for each object
/// in the schedules parameter": one left out is never read as free.
#[test]
fn a_schedule_missing_from_the_answer_is_an_error_naming_the_address() {
    let world = connected_world();
    let day = test_monday();
    let only_adele = json!({"value": [{"scheduleId": ADELE, "availabilityView": "",
        "scheduleItems": []}]});
    answer_schedule_with(&world, only_adele.clone());
    let outcome = slots_on(&world, day, &["--with", MEGAN]);
    assert_eq!(outcome.code, 1, "{outcome:#?}");
    assert!(
        outcome.stderr.contains(MEGAN) && outcome.stderr.contains("nothing is assumed free"),
        "{}",
        outcome.stderr
    );
    assert!(outcome.stdout.is_empty());
    answer_schedule_with(&world, only_adele);
    let outcome = book(&world, pacific(day, 10, 0), &[MEGAN]);
    assert_eq!(outcome.code, 1, "{outcome:#?}");
    assert!(outcome.stderr.contains(MEGAN), "{}", outcome.stderr);
    assert!(outcome.stderr.contains("--force"), "{}", outcome.stderr);
    assert_eq!(booked(&world), 0);
}

/// An unknown recipient's answer is `error` only, "Unable to resolve e-mail address ... to an
/// Active Directory object." with responseCode 5009 (microsoftgraph/microsoft-graph-docs issue
/// 11225): shown as Microsoft words it, the code after it.
#[test]
fn an_unknown_recipient_shows_microsofts_message_then_its_code() {
    let world = connected_world();
    let day = test_monday();
    let ghost = "ghost@contoso.example";
    let expected =
        format!("Unable to resolve e-mail address {ghost} to an Active Directory object. (5009)");
    let outcome = slots_on(&world, day, &["--with", ghost]);
    assert_eq!(outcome.code, 2, "{outcome:#?}");
    assert!(outcome.stderr.contains(&expected), "{}", outcome.stderr);
    // book checks whom it can and names the others: the booking goes ahead.
    let outcome = book(&world, pacific(day, 10, 0), &[ghost]);
    assert_eq!(outcome.code, 0, "{outcome:#?}");
    assert!(
        outcome.stderr.contains("Not checked") && outcome.stderr.contains(&expected),
        "{}",
        outcome.stderr
    );
}

/// Odd fields cost only themselves ("workingHours", "customTimeZone", "scheduleItem" resource
/// types): a null start time and a dayOccurrence of -1 cost working hours (with a warning and
/// what is used instead), a null or unknown status blocks, an item in an unknown zone is taken
/// from the merged view. Never exit 1.
#[test]
fn odd_fields_cost_the_working_hours_or_the_item_never_the_command() {
    let world = connected_world();
    let day = test_monday();
    // The view of the request: one digit per 5 minutes from midnight Pacific, busy 10-11,
    // 13-14 and 15-16.
    let view: String = (0..288)
        .map(|i| match i / 12 {
            10 | 13 | 15 => '2',
            _ => '0',
        })
        .collect();
    let item = |status: serde_json::Value, from: u32, to: u32| {
        json!({"status": status, "start": utc_time(pacific(day, from, 0)),
            "end": utc_time(pacific(day, to, 0))})
    };
    let mars = json!({"status": "busy",
        "start": {"dateTime": pacific(day, 15, 0).format("%Y-%m-%dT%H:%M:%S").to_string(), "timeZone": "Mars/Olympus"},
        "end": {"dateTime": pacific(day, 16, 0).format("%Y-%m-%dT%H:%M:%S").to_string(), "timeZone": "Mars/Olympus"}});
    let answer = json!({"value": [
        {"scheduleId": ADELE, "availabilityView": view,
         "scheduleItems": [item(json!(null), 10, 11), item(json!("somethingNew"), 13, 14), mars],
         "workingHours": {"daysOfWeek": ["monday"], "startTime": "08:00:00.0000000",
            "endTime": "12:00:00.0000000",
            "timeZone": {"@odata.type": "#microsoft.graph.customTimeZone", "bias": 480,
                "name": "Customized Time Zone",
                "standardOffset": {"time": "02:00:00.0000000", "dayOccurrence": -1,
                    "dayOfWeek": "sunday", "month": 11, "year": 0},
                "daylightOffset": {"daylightBias": -60, "time": "02:00:00.0000000",
                    "dayOccurrence": 2, "dayOfWeek": "sunday", "month": 3, "year": 0}}}},
        {"scheduleId": MEGAN, "availabilityView": "0".repeat(288), "scheduleItems": [],
         "workingHours": {"daysOfWeek": ["monday"], "startTime": null,
            "endTime": "10:00:00.0000000", "timeZone": {"name": "Pacific Standard Time"}}}
    ]});
    answer_schedule_with(&world, answer);
    let outcome = slots_on(&world, day, &["--with", MEGAN]);
    assert_eq!(outcome.code, 0, "{outcome:#?}");
    // Adele's own hours (08-12) are unreadable: 09:00-17:00 is used; Megan adds no limit.
    assert_eq!(
        starts(&outcome),
        ["09:00", "11:00", "11:30", "12:00", "14:00", "16:00"]
    );
    let err = &outcome.stderr;
    assert!(
        err.contains("cannot read your working hours")
            && err.contains("dayOccurrence -1")
            && err.contains("using 09:00-17:00 Monday to Friday in America/Los_Angeles"),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "{MEGAN}: cannot read their working hours (startTime is null)"
        )) && err.contains("not limited to their working hours"),
        "{err}"
    );
    assert!(
        err.contains("could not read a calendar item") && err.contains("Mars/Olympus"),
        "{err}"
    );
}

/// `tzone://Microsoft/Utc` is Exchange's id for UTC (seen in Graph answers): working hours in it
/// are read as UTC, without a warning.
#[test]
fn working_hours_in_a_tzone_zone_are_read() {
    let world = connected_world();
    let day = test_monday();
    world.control().set_working_hours(
        ADELE,
        Some(SandboxWorkingHours {
            days: vec![Weekday::Mon],
            start: NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
            end: NaiveTime::from_hms_opt(12, 0, 0).unwrap(),
            zone: SandboxZone::Named("tzone://Microsoft/Utc".into()),
        }),
    );
    let date = day.to_string();
    let outcome = world.run(&[
        "slots", "--json", "--tz", "UTC", "--from", &date, "--to", &date,
    ]);
    assert_eq!(outcome.code, 0, "{outcome:#?}");
    assert_eq!(
        starts(&outcome),
        ["09:00", "09:30", "10:00", "10:30", "11:00"]
    );
    assert!(
        !outcome.stderr.contains("working hours"),
        "{}",
        outcome.stderr
    );
}

fn assert_mailbox_unreachable(outcome: &Outcome, code: &str) {
    assert_eq!(outcome.code, 4, "{outcome:#?}");
    assert!(
        outcome.stderr.contains("cannot reach your mailbox") && outcome.stderr.contains(code),
        "{}",
        outcome.stderr
    );
    assert!(
        outcome.stderr.contains("Exchange Online licence"),
        "{}",
        outcome.stderr
    );
    assert!(
        !outcome.stderr.contains("unexpected answer"),
        "{}",
        outcome.stderr
    );
}

/// A mailbox Graph cannot reach (on-premises, unlicensed, inactive, a guest): 404
/// MailboxNotEnabledForRESTAPI (microsoftgraph/microsoft-graph-docs-contrib issue 405;
/// microsoftgraph/msgraph-sdk-javascript issue 1756) is said in words with what to do, for
/// slots, book, interviews and send; nothing is created or sent.
#[test]
fn a_mailbox_graph_cannot_reach_is_said_in_words_for_every_command() {
    for kind in [MailboxKind::NotEnabledForRest, MailboxKind::Guest] {
        let world = connected_world();
        world.control().set_mailbox_kind(ADELE, Some(kind)).unwrap();
        let day = test_monday();
        let code = "MailboxNotEnabledForRESTAPI";
        assert_mailbox_unreachable(&slots_on(&world, day, &[]), code);
        assert_mailbox_unreachable(&book(&world, pacific(day, 10, 0), &[MEGAN]), code);
        assert_mailbox_unreachable(
            &book(&world, pacific(day, 10, 0), &["--force", MEGAN]),
            code,
        );
        assert_mailbox_unreachable(&world.run(&["interviews"]), code);
        let sent = world.run(&[
            "send",
            "--to",
            MEGAN,
            "--subject",
            "Hello",
            "--body",
            "Hi",
            "--yes",
        ]);
        assert_mailbox_unreachable(&sent, code);
        assert!(world.control().outbox().is_empty());
    }
}

/// Exchange's own spelling of the code, and a bare 404 on the calendar itself, read the same.
#[test]
fn error_mailbox_not_enabled_and_a_404_on_the_calendar_read_the_same() {
    let world = connected_world();
    world.control().inject_fault(Fault {
        path_prefix: GET_SCHEDULE.into(),
        kind: FaultKind::Raw {
            status: 404,
            headers: vec![("content-type".into(), "application/json".into())],
            body: r#"{"error":{"code":"ErrorMailboxNotEnabledForRESTAPI","message":"REST API is not yet supported for this mailbox."}}"#.into(),
        },
        times: 1,
    });
    assert_mailbox_unreachable(
        &slots_on(&world, test_monday(), &[]),
        "ErrorMailboxNotEnabledForRESTAPI",
    );
    world.control().inject_fault(Fault {
        path_prefix: "/v1.0/me/calendarView".into(),
        kind: FaultKind::Raw {
            status: 404,
            headers: vec![("content-type".into(), "application/json".into())],
            body: r#"{"error":{"code":"ResourceNotFound","message":"Resource could not be discovered."}}"#.into(),
        },
        times: 1,
    });
    assert_mailbox_unreachable(&world.run(&["interviews"]), "ResourceNotFound");
}

/// "user resource type": `mail` may be null. The signed-in user's address is then their user
/// principal name, and free/busy is asked for it; the seeded list research-team (Megan and
/// Alex) answers with its merged view.
#[test]
fn a_user_whose_mail_is_null_gets_slots_by_user_principal_name() {
    let world = World::start();
    world
        .control()
        .set_mailbox_kind(ADELE, Some(MailboxKind::NoMail))
        .unwrap();
    world.connected();
    let day = test_monday();
    world
        .control()
        .add_event(ALEX, event(day, 9, 10, ShowAs::Busy));
    let outcome = slots_on(&world, day, &["--with", TEAM]);
    assert_eq!(outcome.code, 0, "{outcome:#?}");
    assert_eq!(starts(&outcome)[0], "10:00");
}

/// `cancel` (and `reschedule`, which reads the event the same way) on a mailbox Graph cannot
/// reach: the 404 is the mailbox, not "no such event".
#[test]
fn cancel_on_a_mailbox_graph_cannot_reach_is_not_no_such_event() {
    let world = connected_world();
    let booked = book(&world, pacific(test_monday(), 10, 0), &[MEGAN]);
    assert_eq!(booked.code, 0, "{booked:#?}");
    let id = booked.json()["event_id"].as_str().unwrap().to_owned();
    world
        .control()
        .set_mailbox_kind(ADELE, Some(MailboxKind::NotEnabledForRest))
        .unwrap();
    assert_mailbox_unreachable(&world.run(&["cancel", &id]), "MailboxNotEnabledForRESTAPI");
}
