//! `slots` as people use it, end to end through the binary against the sandbox: the display
//! zone (`--tz`, config, `TZ`, system) shared by every command, zone names refused with a
//! suggestion, durations as typed, `--to` alone and `--from --days`, `--max-per-day` per working
//! day with `--no-overlap`, why no slot was found, and the demo's zone and wording.
//!
//! Dates are computed from now (a Monday at least two weeks ahead) and offsets from the zone
//! rules, so the suite passes whatever today is.

mod support;

use chrono::{
    DateTime, Datelike, Duration, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc,
    Weekday,
};
use chrono_tz::Tz;
use rally_m365::sandbox::{SandboxEvent, ShowAs};
use support::cli::{Outcome, World};

const ADELE: &str = "adele.vance@contoso.example";
const ALEX: &str = "alex.wilber@contoso.example";
const LA: Tz = chrono_tz::America::Los_Angeles;

/// A Monday at least two weeks ahead, so "now" never cuts into the test window.
fn test_monday() -> NaiveDate {
    let mut day = Utc::now().date_naive() + Duration::days(14);
    while day.weekday() != Weekday::Mon {
        day += Duration::days(1);
    }
    day
}

fn at(day: NaiveDate, h: u32, m: u32) -> NaiveDateTime {
    day.and_time(NaiveTime::from_hms_opt(h, m, 0).unwrap())
}

/// Adele (working hours 09:00–17:00 Pacific) is busy from `from` to `to`, Pacific wall clock.
fn busy(world: &World, day: NaiveDate, from: (u32, u32), to: (u32, u32), show_as: ShowAs) {
    world.control().add_event(
        ADELE,
        SandboxEvent {
            show_as,
            ..SandboxEvent::busy(
                "Busy",
                at(day, from.0, from.1),
                at(day, to.0, to.1),
                "Pacific Standard Time",
            )
        },
    );
}

fn connected_world() -> World {
    let world = World::start();
    world.connected();
    world
}

/// The binary with `TZ` set to `tz` in its environment.
fn run_with_tz(world: &World, tz: &str, args: &[&str]) -> Outcome {
    let output = world
        .command()
        .env("TZ", tz)
        .args(args)
        .output()
        .expect("binary runs");
    Outcome {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        args: args.iter().map(|a| a.to_string()).collect(),
    }
}

fn parse_time(text: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(text).unwrap_or_else(|e| panic!("{text}: {e}"))
}

/// The slots of a `--json` answer as (date, start time) on the Pacific wall clock.
fn pacific_starts(outcome: &Outcome) -> Vec<(NaiveDate, String)> {
    outcome.json()["slots"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let t = parse_time(s["start"].as_str().unwrap()).with_timezone(&LA);
            (t.date_naive(), t.format("%H:%M").to_string())
        })
        .collect()
}

fn write_config(world: &World, text: &str) {
    let dir = world.home().join(".config/rally-m365");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("config.toml"), text).unwrap();
}

fn getschedule_requests(world: &World) -> usize {
    world.control().count(|r| r.path.ends_with("/getSchedule"))
}

// ---------------------------------------------------------------------------------------------
// The display zone.

#[test]
fn tz_names_the_display_zone_of_slots_in_both_of_its_forms() {
    let world = connected_world();
    for tz in ["America/New_York", ":America/New_York"] {
        let outcome = run_with_tz(&world, tz, &["slots", "--json", "--days", "3"]);
        assert_eq!(outcome.code, 0, "{outcome:#?}");
        let json = outcome.json();
        assert_eq!(json["time_zone"], "America/New_York", "TZ={tz}");
        // The offsets are New York's, from its rules at the window's start.
        let start = parse_time(json["window"]["start"].as_str().unwrap());
        let ny = chrono_tz::America::New_York.offset_from_utc_datetime(&start.naive_utc());
        assert_eq!(
            start.offset().local_minus_utc(),
            chrono::Offset::fix(&ny).local_minus_utc(),
            "TZ={tz}"
        );
    }
}

#[test]
fn the_flag_and_the_config_key_beat_tz() {
    let world = connected_world();
    let flag = run_with_tz(
        &world,
        "America/New_York",
        &["slots", "--json", "--days", "2", "--tz", "Asia/Tokyo"],
    );
    assert_eq!(flag.json()["time_zone"], "Asia/Tokyo", "{flag:#?}");
    write_config(&world, "[profiles.default.slots]\ntz = \"Europe/Berlin\"\n");
    let config = run_with_tz(
        &world,
        "America/New_York",
        &["slots", "--json", "--days", "2"],
    );
    assert_eq!(config.json()["time_zone"], "Europe/Berlin", "{config:#?}");
}

#[test]
fn a_tz_that_names_no_zone_is_passed_over_without_a_crash() {
    let world = connected_world();
    for tz in [
        "CET-1CEST,M3.5.0,M10.5.0/3",
        "EST5EDT",
        "",
        "Mars/Olympus_Mons",
    ] {
        let outcome = run_with_tz(&world, tz, &["slots", "--json", "--days", "2"]);
        assert_eq!(outcome.code, 0, "TZ={tz:?}: {outcome:#?}");
        let zone = outcome.json()["time_zone"].as_str().unwrap().to_owned();
        assert!(
            zone.parse::<Tz>().is_ok() && zone != tz && zone != "EST5EDT",
            "TZ={tz:?} gave {zone}"
        );
    }
}

#[test]
fn interviews_use_the_same_display_zone_as_slots() {
    let world = connected_world();
    let interviews = run_with_tz(&world, ":America/New_York", &["interviews", "--json"]);
    assert_eq!(interviews.code, 0, "{interviews:#?}");
    assert_eq!(interviews.json()["time_zone"], "America/New_York");
    let slots = run_with_tz(
        &world,
        ":America/New_York",
        &["slots", "--json", "--days", "1"],
    );
    assert_eq!(slots.json()["time_zone"], "America/New_York");
}

// ---------------------------------------------------------------------------------------------
// Zone names.

#[test]
fn an_abbreviation_is_exit_2_with_the_iana_name_and_no_request() {
    let world = connected_world();
    let before = getschedule_requests(&world);
    let outcome = world.run(&["slots", "--tz", "EST"]);
    assert_eq!(outcome.code, 2, "{outcome:#?}");
    assert!(
        outcome
            .stderr
            .contains("--tz: `EST` is an abbreviation, not a zone: did you mean America/New_York?"),
        "{}",
        outcome.stderr
    );
    let cet = world.run(&["slots", "--tz", "cet"]);
    assert_eq!(cet.code, 2);
    assert!(
        cet.stderr.contains("did you mean Europe/Berlin"),
        "{}",
        cet.stderr
    );
    let offset = world.run(&["slots", "--tz", "UTC+2"]);
    assert_eq!(offset.code, 2);
    assert!(
        offset
            .stderr
            .contains("`UTC+2` is a UTC offset, not a zone")
            && offset.stderr.contains("Etc/GMT-2"),
        "{}",
        offset.stderr
    );
    assert_eq!(getschedule_requests(&world), before);
}

#[test]
fn a_city_or_a_typo_gets_the_closest_zone_name() {
    let world = connected_world();
    for (typed, suggestion) in [
        ("Berlin", "Europe/Berlin"),
        ("Europe/Berln", "Europe/Berlin"),
    ] {
        let outcome = world.run(&["slots", "--tz", typed]);
        assert_eq!(outcome.code, 2, "{outcome:#?}");
        assert!(
            outcome.stderr.contains(&format!(
                "unknown time zone `{typed}`: did you mean {suggestion}?"
            )),
            "{}",
            outcome.stderr
        );
    }
    // Case alone is no mistake.
    let lower = world.run(&["slots", "--json", "--days", "1", "--tz", "europe/berlin"]);
    assert_eq!(lower.code, 0, "{lower:#?}");
    assert_eq!(lower.json()["time_zone"], "Europe/Berlin");
}

#[test]
fn the_config_key_and_participant_tz_follow_the_same_rules() {
    let world = connected_world();
    write_config(&world, "[profiles.default.slots]\ntz = \"PST\"\n");
    let config = world.run(&["slots", "--days", "1"]);
    assert_eq!(config.code, 2, "{config:#?}");
    assert!(
        config.stderr.contains("slots.tz") && config.stderr.contains("America/Los_Angeles"),
        "{}",
        config.stderr
    );
    write_config(&world, "");
    let start = format!("{}T10:00", test_monday());
    let book = world.run(&[
        "book",
        "--start",
        &start,
        "--tz",
        "America/Los_Angeles",
        "--participant-tz",
        "CET",
        "ada@example.com",
    ]);
    assert_eq!(book.code, 2, "{book:#?}");
    assert!(
        book.stderr
            .contains("--participant-tz: `CET` is an abbreviation, not a zone"),
        "{}",
        book.stderr
    );
    assert!(world.control().events(ADELE).is_empty(), "nothing booked");
}

// ---------------------------------------------------------------------------------------------
// Durations and windows.

#[test]
fn durations_are_read_as_people_type_them() {
    let world = connected_world();
    let date = test_monday().to_string();
    for (typed, minutes) in [("1h30", 90), ("1.5h", 90), ("45min", 45), ("1h 30m", 90)] {
        let outcome = world.run(&[
            "slots",
            "--json",
            "--tz",
            "America/Los_Angeles",
            "--from",
            &date,
            "--to",
            &date,
            "--duration",
            typed,
        ]);
        assert_eq!(outcome.code, 0, "{typed}: {outcome:#?}");
        assert_eq!(outcome.json()["duration_minutes"], minutes, "{typed}");
    }
    for bad in ["1h30x", "1m30", "1.51h", "90"] {
        let outcome = world.run(&["slots", "--duration", bad]);
        assert_eq!(outcome.code, 2, "{bad}: {outcome:#?}");
        assert!(outcome.stderr.contains("--duration"), "{}", outcome.stderr);
        assert!(!outcome.stderr.contains("``"), "{}", outcome.stderr);
    }
}

#[test]
fn to_alone_runs_from_now_and_from_with_days_counts_days_from_that_date() {
    let world = connected_world();
    let monday = test_monday();
    let before = Utc::now();
    let to = world.run(&[
        "slots",
        "--json",
        "--tz",
        "America/Los_Angeles",
        "--to",
        &monday.to_string(),
    ]);
    assert_eq!(to.code, 0, "{to:#?}");
    let window = &to.json()["window"];
    let start = parse_time(window["start"].as_str().unwrap()).with_timezone(&Utc);
    assert!(
        start >= before - Duration::seconds(1) && start <= Utc::now(),
        "{start}"
    );
    let end = parse_time(window["end"].as_str().unwrap()).with_timezone(&LA);
    assert_eq!(end.naive_local(), at(monday + Duration::days(1), 0, 0));

    let days = world.run(&[
        "slots",
        "--json",
        "--tz",
        "America/Los_Angeles",
        "--from",
        &monday.to_string(),
        "--days",
        "2",
    ]);
    assert_eq!(days.code, 0, "{days:#?}");
    let window = &days.json()["window"];
    let start = parse_time(window["start"].as_str().unwrap()).with_timezone(&LA);
    let end = parse_time(window["end"].as_str().unwrap()).with_timezone(&LA);
    assert_eq!(start.naive_local(), at(monday, 0, 0));
    assert_eq!(end.naive_local(), at(monday + Duration::days(2), 0, 0));
    // Monday and Tuesday, 15 slots each.
    assert_eq!(days.json()["slots"].as_array().unwrap().len(), 30);
}

#[test]
fn days_with_to_or_week_with_to_is_refused_naming_both() {
    let world = connected_world();
    let date = test_monday().to_string();
    for args in [
        vec!["slots", "--days", "3", "--to", &date],
        vec!["slots", "--from", &date, "--days", "3", "--to", &date],
        vec!["slots", "--week", "--to", &date],
    ] {
        let outcome = world.run(&args);
        assert_eq!(outcome.code, 2, "{args:?}: {outcome:#?}");
        assert!(
            outcome.stderr.contains("--to")
                && (outcome.stderr.contains("--days") || outcome.stderr.contains("--week")),
            "{args:?}: {}",
            outcome.stderr
        );
    }
}

// ---------------------------------------------------------------------------------------------
// --max-per-day and --no-overlap.

/// Adele busy 09:00–15:00 Pacific on Monday and Tuesday: 60-minute slots start at 15:00, 15:30
/// and 16:00 Pacific, which in UTC straddle midnight. Shown in `zone` (UTC or Pacific), from
/// Monday 00:00 to Wednesday 02:00: both afternoons, before Wednesday's working hours.
fn afternoons_free(world: &World, zone: &str) -> (NaiveDate, Vec<String>) {
    let monday = test_monday();
    for day in [monday, monday + Duration::days(1)] {
        busy(world, day, (9, 0), (15, 0), ShowAs::Busy);
    }
    let from = monday.to_string();
    let to = format!("{}T02:00", monday + Duration::days(2));
    let args = [
        "slots", "--json", "--tz", zone, "--from", &from, "--to", &to,
    ];
    (monday, args.iter().map(|s| s.to_string()).collect())
}

fn run_owned(world: &World, args: &[String], extra: &[&str]) -> Outcome {
    let mut all: Vec<&str> = args.iter().map(String::as_str).collect();
    all.extend_from_slice(extra);
    world.run(&all)
}

#[test]
fn max_per_day_counts_per_working_day_not_per_display_date() {
    let world = connected_world();
    let (monday, args) = afternoons_free(&world, "UTC");
    let tuesday = monday + Duration::days(1);
    let all = run_owned(&world, &args, &[]);
    assert_eq!(all.code, 0, "{all:#?}");
    assert_eq!(pacific_starts(&all).len(), 6);
    let capped = run_owned(&world, &args, &["--max-per-day", "2"]);
    assert_eq!(
        pacific_starts(&capped),
        vec![
            (monday, "15:00".to_owned()),
            (monday, "15:30".to_owned()),
            (tuesday, "15:00".to_owned()),
            (tuesday, "15:30".to_owned()),
        ],
        "two per Pacific working day, although the UTC dates split each afternoon"
    );
}

#[test]
fn no_overlap_and_max_per_day_together_give_slots_that_do_not_overlap() {
    let world = connected_world();
    // Shown in Pacific time, so display dates and working days agree: what is tested is that
    // the cap keeps two slots that do not overlap, not one left after thinning two that did.
    let (monday, args) = afternoons_free(&world, "America/Los_Angeles");
    let tuesday = monday + Duration::days(1);
    let outcome = run_owned(&world, &args, &["--max-per-day", "2", "--no-overlap"]);
    assert_eq!(outcome.code, 0, "{outcome:#?}");
    assert_eq!(
        pacific_starts(&outcome),
        vec![
            (monday, "15:00".to_owned()),
            (monday, "16:00".to_owned()),
            (tuesday, "15:00".to_owned()),
            (tuesday, "16:00".to_owned()),
        ]
    );
}

#[test]
fn a_slot_ending_on_the_next_day_is_marked_in_the_table() {
    let world = connected_world();
    let (_, args) = afternoons_free(&world, "UTC");
    let json_args: Vec<String> = args.into_iter().filter(|a| a != "--json").collect();
    let table = run_owned(&world, &json_args, &[]);
    assert_eq!(table.code, 0, "{table:#?}");
    // 16:00–17:00 Pacific ends at midnight UTC or later: the next UTC day.
    assert!(table.stdout.contains("(+1)"), "{}", table.stdout);
}

// ---------------------------------------------------------------------------------------------
// Why no slot.

fn no_slot(world: &World, args: &[&str]) -> String {
    let mut all = vec!["slots", "--tz", "America/Los_Angeles"];
    all.extend_from_slice(args);
    let human = world.run(&all);
    assert_eq!(human.code, 0, "{human:#?}");
    assert!(human.stdout.trim().is_empty(), "{}", human.stdout);
    all.push("--json");
    let json = world.run(&all);
    assert_eq!(json.code, 0, "{json:#?}");
    assert_eq!(json.json()["slots"], serde_json::json!([]));
    let line = human
        .stderr
        .lines()
        .find(|l| l.starts_with("No free"))
        .unwrap_or_else(|| panic!("no \"No free\" line: {}", human.stderr));
    line.to_owned()
}

#[test]
fn no_slot_says_the_window_lies_outside_the_working_hours() {
    let world = connected_world();
    let saturday = (test_monday() - Duration::days(2)).to_string();
    let sunday = (test_monday() - Duration::days(1)).to_string();
    let line = no_slot(&world, &["--from", &saturday, "--to", &sunday]);
    assert!(
        line.ends_with("the window lies outside your working hours."),
        "{line}"
    );
}

#[test]
fn no_slot_says_the_slot_is_longer_than_the_working_day() {
    let world = connected_world();
    let line = no_slot(&world, &["--days", "7", "--duration", "9h"]);
    assert!(
        line.ends_with("a 9h slot is longer than your working day (8h)."),
        "{line}"
    );
}

#[test]
fn no_slot_says_how_many_hours_the_working_hours_share() {
    let world = connected_world();
    let monday = test_monday();
    // Alex works 09:30–18:00 in London: the hours shared with Adele's 09:00–17:00 Pacific that
    // Monday, from the zone rules (1h most of the year, 2h while only one side is on summer time).
    let london = chrono_tz::Europe::London;
    let utc = |zone: Tz, h: u32, m: u32| {
        zone.from_local_datetime(&at(monday, h, m))
            .single()
            .unwrap()
            .with_timezone(&Utc)
    };
    let shared = utc(london, 18, 0).min(utc(LA, 17, 0)) - utc(london, 9, 30).max(utc(LA, 9, 0));
    let shared = format!("{}h", shared.num_hours());
    let date = monday.to_string();
    let line = no_slot(
        &world,
        &[
            "--from",
            &date,
            "--to",
            &date,
            "--duration",
            "3h",
            "--with",
            ALEX,
        ],
    );
    assert!(
        line.ends_with(&format!(
            "your working hours and those of {ALEX} share at most {shared} a day."
        )),
        "{line}"
    );
}

#[test]
fn no_slot_says_everything_is_busy_or_the_notice_is_too_long() {
    let world = connected_world();
    let monday = test_monday();
    busy(&world, monday, (0, 0), (23, 0), ShowAs::Oof);
    let date = monday.to_string();
    let line = no_slot(&world, &["--from", &date, "--to", &date]);
    assert!(
        line.ends_with("your calendar is busy throughout your working hours."),
        "{line}"
    );
    let tuesday = (monday + Duration::days(1)).to_string();
    let line = no_slot(
        &world,
        &["--from", &tuesday, "--to", &tuesday, "--notice", "60d"],
    );
    assert!(
        line.contains("the notice (60d) puts the earliest start at")
            && line.ends_with("which leaves no working hours in the window."),
        "{line}"
    );
}

// ---------------------------------------------------------------------------------------------
// The demo.

#[test]
fn the_demo_shows_the_sandbox_users_zone_and_promises_no_browser() {
    let world = World::without_keychain();
    let output = world
        .command()
        .env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus")
        .env("TZ", "Asia/Tokyo")
        .arg("demo")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stdout}\n{stderr}");
    assert!(
        stderr.contains("Times below are in America/Los_Angeles, the zone of adele.vance@contoso.example's working hours"),
        "{stderr}"
    );
    assert!(stdout.contains("Start (America/Los_Angeles)"), "{stdout}");
    assert!(
        !stdout.contains("Asia/Tokyo") && !stderr.contains("Asia/Tokyo"),
        "{stdout}\n{stderr}"
    );
    assert!(!stderr.contains("Opening your browser"), "{stderr}");
    assert!(stderr.contains("no browser window opens"), "{stderr}");
}
