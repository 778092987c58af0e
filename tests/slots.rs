//! `slots`, end to end: calendars in the sandbox tenant, the real binary, JSON/CSV/table.

mod support;

use chrono::{
    DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeDelta, TimeZone,
    Utc, Weekday,
};
use chrono_tz::Tz;
use rally_m365::sandbox::{Recurrence, RecurrencePattern, RecurrenceRange, SandboxEvent, ShowAs};
use support::cli::{Outcome, World};

const ADELE: &str = "adele.vance@contoso.example";
const MEGAN: &str = "megan.bowen@contoso.example";
const LA: &str = "America/Los_Angeles";

/// A Monday at least two weeks ahead, so "now" never cuts into the test window.
fn test_monday() -> NaiveDate {
    let mut day = Utc::now().date_naive() + Duration::days(14);
    while day.weekday() != Weekday::Mon {
        day += Duration::days(1);
    }
    day
}

/// The UTC offset (`-08:00`) the rules of `zone` give the wall-clock time `local`.
fn offset_at(zone: Tz, local: NaiveDateTime) -> String {
    zone.offset_from_local_datetime(&local)
        .single()
        .unwrap_or_else(|| panic!("{local} is not one instant in {zone}"))
        .fix()
        .to_string()
}

/// The next instant, at least two days from now, at which `zone` moves its clocks forward
/// (from the zone rules), so a test can ask for slots on that day whatever today is.
fn next_spring_forward(zone: Tz) -> DateTime<Utc> {
    let seconds_east = |t: DateTime<Utc>| {
        zone.offset_from_utc_datetime(&t.naive_utc())
            .fix()
            .local_minus_utc()
    };
    let first_day = (Utc::now() + Duration::days(2)).date_naive();
    let mut before = first_day.and_time(NaiveTime::MIN).and_utc();
    // Hour by hour for at most 400 days, then to the second inside the hour of the change.
    for _ in 0..400 * 24 {
        let after = before + Duration::hours(1);
        if seconds_east(after) > seconds_east(before) {
            let (mut lo, mut hi) = (before, after);
            while hi - lo > Duration::seconds(1) {
                let mid = lo + (hi - lo) / 2;
                if seconds_east(mid) > seconds_east(lo) {
                    hi = mid;
                } else {
                    lo = mid;
                }
            }
            return hi;
        }
        before = after;
    }
    panic!("{zone} does not spring forward in the next 400 days");
}

fn at(day: NaiveDate, h: u32, m: u32) -> NaiveDateTime {
    day.and_time(NaiveTime::from_hms_opt(h, m, 0).unwrap())
}

fn event(
    subject: &str,
    day: NaiveDate,
    from: (u32, u32),
    to: (u32, u32),
    show_as: ShowAs,
) -> SandboxEvent {
    SandboxEvent {
        show_as,
        ..SandboxEvent::busy(
            subject,
            at(day, from.0, from.1),
            at(day, to.0, to.1),
            "Pacific Standard Time",
        )
    }
}

/// Local start times ("09:00") of the slots in a `slots --json` answer.
fn starts(outcome: &Outcome) -> Vec<String> {
    outcome.json()["slots"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["start"].as_str().unwrap()[11..16].to_owned())
        .collect()
}

fn slots_on(world: &World, day: NaiveDate, extra: &[&str]) -> Outcome {
    let date = day.to_string();
    let mut args = vec![
        "slots", "--json", "--tz", LA, "--from", &date, "--to", &date,
    ];
    args.extend_from_slice(extra);
    world.run(&args)
}

fn connected_world() -> World {
    let world = World::start();
    world.connected();
    world
}

#[test]
fn slots_lie_on_the_grid_inside_working_hours_and_around_busy_time() {
    let world = connected_world();
    let day = test_monday();
    world.control().add_event(
        ADELE,
        event("Research sync", day, (10, 0), (11, 0), ShowAs::Busy),
    );
    let outcome = slots_on(&world, day, &[]);
    assert_eq!(outcome.code, 0, "{outcome:#?}");
    let json = outcome.json();
    assert_eq!(json["time_zone"], LA);
    assert_eq!(json["duration_minutes"], 60);
    let expected: Vec<String> = [
        "09:00", "11:00", "11:30", "12:00", "12:30", "13:00", "13:30", "14:00", "14:30", "15:00",
        "15:30", "16:00",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    assert_eq!(starts(&outcome), expected);
    let first = json["slots"][0]["start"].as_str().unwrap();
    // -08:00 in winter, -07:00 in summer: whatever the rules say for that morning.
    let offset = offset_at(chrono_tz::America::Los_Angeles, at(day, 9, 0));
    assert!(
        first.ends_with(&offset),
        "offset of the display zone: {first}"
    );
    assert_eq!(
        json["slots"][0]["end"].as_str().unwrap()[11..16].to_owned(),
        "10:00"
    );
}

#[test]
fn one_slots_call_is_one_graph_request_and_no_token_request() {
    let world = connected_world();
    let before_tokens = world.control().token_requests();
    let before_graph = world.control().graph_requests();
    let outcome = slots_on(&world, test_monday(), &[]);
    assert_eq!(outcome.code, 0, "{outcome:#?}");
    assert_eq!(world.control().graph_requests(), before_graph + 1);
    assert_eq!(world.control().token_requests(), before_tokens);
}

#[test]
fn a_window_longer_than_61_days_is_split_into_several_requests() {
    let world = connected_world();
    let before = world.control().count(|r| r.path.ends_with("/getSchedule"));
    let outcome = world.run(&["slots", "--json", "--days", "100", "--tz", LA]);
    assert_eq!(outcome.code, 0, "{outcome:#?}");
    assert_eq!(
        world.control().count(|r| r.path.ends_with("/getSchedule")),
        before + 2
    );
    let slots = outcome.json()["slots"].as_array().unwrap().len();
    assert!(
        slots > 60 * 14,
        "about 100 days of free weekdays expected, got {slots}"
    );
}

#[test]
fn buffer_keeps_free_time_around_busy_items() {
    let world = connected_world();
    let day = test_monday();
    world
        .control()
        .add_event(ADELE, event("Sync", day, (10, 0), (11, 0), ShowAs::Busy));
    let outcome = slots_on(&world, day, &["--buffer", "15m"]);
    assert_eq!(outcome.code, 0, "{outcome:#?}");
    let s = starts(&outcome);
    assert_eq!(s.first().map(String::as_str), Some("11:30"), "{s:?}");
}

#[test]
fn tentative_blocks_unless_tentative_free_and_free_never_blocks() {
    let world = connected_world();
    let day = test_monday();
    world.control().add_event(
        ADELE,
        event("Maybe", day, (9, 0), (10, 0), ShowAs::Tentative),
    );
    world.control().add_event(
        ADELE,
        event("Focus (free)", day, (10, 0), (11, 0), ShowAs::Free),
    );
    world.control().add_event(
        ADELE,
        event("Elsewhere", day, (11, 0), (12, 0), ShowAs::WorkingElsewhere),
    );
    let strict = starts(&slots_on(&world, day, &[]));
    assert_eq!(
        strict.first().map(String::as_str),
        Some("10:00"),
        "{strict:?}"
    );
    let relaxed = starts(&slots_on(&world, day, &["--tentative-free"]));
    assert_eq!(
        relaxed.first().map(String::as_str),
        Some("09:00"),
        "{relaxed:?}"
    );
}

#[test]
fn recurring_events_are_expanded() {
    let world = connected_world();
    let day = test_monday();
    let mut standup = event(
        "Standup",
        day - Duration::days(7),
        (9, 0),
        (9, 15),
        ShowAs::Busy,
    );
    standup.recurrence = Some(Recurrence {
        pattern: RecurrencePattern::Daily { interval: 1 },
        range: RecurrenceRange::NoEnd,
    });
    world.control().add_event(ADELE, standup);
    let s = starts(&slots_on(&world, day, &[]));
    assert_eq!(s.first().map(String::as_str), Some("09:30"), "{s:?}");
}

#[test]
fn with_adds_a_colleague_in_a_custom_time_zone() {
    let world = connected_world();
    let day = test_monday();
    world.control().add_event(
        MEGAN,
        event("Megan busy", day, (10, 0), (11, 0), ShowAs::Busy),
    );
    let outcome = slots_on(&world, day, &["--with", MEGAN]);
    assert_eq!(outcome.code, 0, "{outcome:#?}");
    // Megan works 08:00-16:30 US Eastern (a custom zone) = 05:00-13:30 Pacific.
    assert_eq!(
        starts(&outcome),
        vec!["09:00", "11:00", "11:30", "12:00", "12:30"]
    );
    let request = world.control().count(|r| r.path.ends_with("/getSchedule"));
    assert_eq!(request, 1, "both calendars in one request");
}

#[test]
fn an_unknown_colleague_is_exit_2_naming_the_address() {
    let world = connected_world();
    let outcome = slots_on(&world, test_monday(), &["--with", "nobody@contoso.example"]);
    assert_eq!(outcome.code, 2, "{outcome:#?}");
    assert!(
        outcome.stderr.contains("nobody@contoso.example"),
        "{}",
        outcome.stderr
    );
}

#[test]
fn hours_override_the_calendar() {
    let world = connected_world();
    let day = test_monday();
    let outcome = slots_on(
        &world,
        day,
        &["--hours", "18:00-20:00", "--days-of-week", "mon-fri"],
    );
    assert_eq!(outcome.code, 0, "{outcome:#?}");
    assert_eq!(starts(&outcome), vec!["18:00", "18:30", "19:00"]);
}

#[test]
fn max_per_day_and_notice_limit_the_offer() {
    let world = connected_world();
    let day = test_monday();
    let outcome = slots_on(&world, day, &["--max-per-day", "2"]);
    assert_eq!(starts(&outcome), vec!["09:00", "09:30"]);
    // The test day is 14 to 20 days ahead: a 30-day notice leaves nothing on it.
    let outcome = slots_on(&world, day, &["--notice", "30d"]);
    assert_eq!(outcome.code, 0, "{outcome:#?}");
    assert!(starts(&outcome).is_empty());
    let outcome = slots_on(&world, day, &["--notice", "1d"]);
    assert_eq!(starts(&outcome).len(), 15);
}

#[test]
fn no_free_slot_is_not_an_error() {
    let world = connected_world();
    let day = test_monday();
    world
        .control()
        .add_event(ADELE, event("Offsite", day, (0, 0), (23, 0), ShowAs::Oof));
    let json = slots_on(&world, day, &[]);
    assert_eq!(json.code, 0, "{json:#?}");
    assert_eq!(json.json()["slots"].as_array().unwrap().len(), 0);
    let date = day.to_string();
    let human = world.run(&["slots", "--tz", LA, "--from", &date, "--to", &date]);
    assert_eq!(human.code, 0, "{human:#?}");
    assert!(human.stderr.contains("No free"), "{}", human.stderr);
    assert!(human.stdout.trim().is_empty(), "{}", human.stdout);
}

#[test]
fn csv_and_table_outputs() {
    let world = connected_world();
    let day = test_monday();
    let date = day.to_string();
    let csv = world.run(&[
        "slots", "--output", "csv", "--tz", LA, "--from", &date, "--to", &date,
    ]);
    assert_eq!(csv.code, 0, "{csv:#?}");
    let lines: Vec<&str> = csv.stdout.lines().collect();
    assert_eq!(
        lines[0],
        "start,end,date,weekday,start_time,end_time,time_zone"
    );
    assert_eq!(lines.len(), 1 + 15);
    assert!(
        lines[1].ends_with(",Mon,09:00,10:00,America/Los_Angeles"),
        "{}",
        lines[1]
    );
    let table = world.run(&["slots", "--tz", LA, "--from", &date, "--to", &date]);
    assert!(
        table.stdout.contains("Start (America/Los_Angeles)"),
        "{}",
        table.stdout
    );
    assert!(table.stdout.contains(&date), "{}", table.stdout);
}

#[test]
fn bad_input_is_exit_2_with_the_flag_named_and_no_request() {
    let world = connected_world();
    let before = world.control().requests().len();
    let today = Utc::now().date_naive();
    let (later, sooner) = (
        (today + Duration::days(9)).to_string(),
        (today + Duration::days(2)).to_string(),
    );
    let cases: [(&[&str], &str); 8] = [
        (&["--duration", "banana"], "--duration"),
        (&["--step", "0m"], "--step"),
        (&["--tz", "Mars/Olympus_Mons"], "--tz"),
        (&["--from", &later, "--to", &sooner], "--from"),
        (&["--from", "2020-01-01", "--to", "2020-01-02"], "past"),
        (&["--with", "not-an-address"], "--with"),
        (&["--hours", "9-5"], "--hours"),
        (&["--from", "next tuesday"], "--from"),
    ];
    for (args, flag) in cases {
        let mut full = vec!["slots"];
        full.extend_from_slice(args);
        let outcome = world.run(&full);
        assert_eq!(outcome.code, 2, "{args:?}: {outcome:#?}");
        assert!(
            outcome.stderr.contains(flag),
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
    assert_eq!(
        world.control().requests().len(),
        before,
        "bad input must not reach Microsoft"
    );
}

#[test]
fn slots_when_not_connected_is_exit_3() {
    let world = World::start();
    let outcome = world.run(&["slots", "--week"]);
    assert_eq!(outcome.code, 3, "{outcome:#?}");
}

#[test]
fn slots_across_a_dst_change_keep_elapsed_time_and_skip_the_gap() {
    let world = connected_world();
    // The next day Europe/Berlin jumps from 02:00 to 03:00 (the last Sunday of March, 01:00
    // UTC), from the zone rules.
    let berlin = chrono_tz::Europe::Berlin;
    let jump = next_spring_forward(berlin);
    let day = jump.with_timezone(&berlin).date_naive();
    let (date, weekday) = (day.to_string(), day.weekday().to_string().to_lowercase());
    let outcome = world.run(&[
        "slots",
        "--json",
        "--tz",
        "Europe/Berlin",
        "--from",
        &date,
        "--to",
        &date,
        "--hours",
        "00:00-06:00",
        "--days-of-week",
        &weekday,
    ]);
    assert_eq!(outcome.code, 0, "{outcome:#?}");
    let (winter, summer) = (
        offset_at(berlin, at(day, 1, 0)),
        offset_at(berlin, at(day, 4, 0)),
    );
    let slots = outcome.json()["slots"].as_array().unwrap().clone();
    assert!(!slots.is_empty());
    for slot in &slots {
        let start = DateTime::parse_from_rfc3339(slot["start"].as_str().unwrap())
            .unwrap()
            .with_timezone(&Utc);
        let end = DateTime::parse_from_rfc3339(slot["end"].as_str().unwrap())
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(end - start, TimeDelta::hours(1), "{slot}");
        assert!(
            !(start < jump && jump < end),
            "a slot crosses the DST gap: {slot}"
        );
    }
    assert!(
        slots
            .iter()
            .any(|s| s["start"].as_str().unwrap().ends_with(&winter))
    );
    assert!(
        slots
            .iter()
            .any(|s| s["start"].as_str().unwrap().ends_with(&summer))
    );
}

#[test]
fn the_demo_runs_with_no_account_and_no_keychain() {
    let world = World::without_keychain();
    let mut cmd = world.command();
    // No keychain at all: the demo keeps its tokens in memory.
    cmd.env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus")
        .arg("demo");
    let output = cmd.output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stdout}\n{stderr}");
    assert!(stdout.contains("Calendars.ReadWrite"), "{stdout}");
    assert!(
        stdout.contains("Start ("),
        "slots table expected:\n{stdout}"
    );
    assert!(stderr.contains("memory"), "{stderr}");
}
