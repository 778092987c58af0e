//! `slots` with numbers and dates at and past their bounds, end to end: the real binary against
//! the sandbox tenant. An overflowing value is exit 2 with a one-line error naming the flag, and
//! the tenant sees no request at all; the largest allowed request costs at most seven
//! getSchedule windows. Dates are computed from the clock, never written in.

mod support;

use chrono::{TimeDelta, Utc};
use rally_m365::commands::slots::options::MAX_WINDOW_REQUESTS;
use rally_m365::sandbox::Control;
use support::cli::{Outcome, World};

fn connected_world() -> World {
    let world = World::start();
    world.connected();
    world
}

fn get_schedule_requests(control: &Control) -> usize {
    control.count(|r| r.path.ends_with("/getSchedule"))
}

/// A date `days` from today in UTC (the display zone of these runs), as `--from`/`--to` take it.
fn date_in(days: i64) -> String {
    (Utc::now() + TimeDelta::days(days))
        .date_naive()
        .to_string()
}

/// Runs `slots ARGS` and checks it was refused as bad input without reaching the tenant.
fn refused(world: &World, args: &[&str]) -> Outcome {
    let before = world.control().requests().len();
    let mut full = vec!["slots", "--json", "--tz", "UTC"];
    full.extend_from_slice(args);
    let outcome = world.run(&full);
    assert_eq!(outcome.code, 2, "{args:?} should be exit 2: {outcome:#?}");
    assert!(
        !outcome.stderr.contains("panicked"),
        "{args:?}: {}",
        outcome.stderr
    );
    assert!(outcome.stdout.is_empty(), "{args:?}: {}", outcome.stdout);
    assert_eq!(
        world.control().requests().len(),
        before,
        "{args:?} reached the tenant: {:#?}",
        world.control().requests()
    );
    outcome
}

#[test]
fn every_overflowing_flag_exits_2_naming_the_flag_and_sends_no_request() {
    let world = connected_world();
    let (tomorrow, in_400_days) = (date_in(1), date_in(400));
    let cases: &[(&[&str], &str)] = &[
        (
            &["--days", "99999999"],
            "--days: at most 366 (got 99999999)",
        ),
        (&["--days", "367"], "--days: at most 366"),
        (&["--days", "4294967296"], "--days"),
        (
            &["--buffer", "150000000000m"],
            "--buffer: at most 24h (got 150000000000m)",
        ),
        (
            &["--buffer", "1000000d"],
            "--buffer: at most 24h (got 1000000d)",
        ),
        (
            &["--buffer", "2500000h"],
            "--buffer: at most 24h (got 2500000h)",
        ),
        (
            &["--buffer", "99999999999999999999999m"],
            "--buffer: at most 24h",
        ),
        (&["--notice", "367d"], "--notice: at most 366d (got 367d)"),
        (
            &["--notice", "9223372036854775807d"],
            "--notice: at most 366d",
        ),
        (&["--duration", "25h"], "--duration: at most 24h (got 25h)"),
        (&["--step", "0m"], "--step: at least 1m (got 0m)"),
        (&["--step", "2d"], "--step: at most 24h (got 2d)"),
        (
            &["--max-per-day", "99999999"],
            "--max-per-day: at most 1440",
        ),
        (&["--from", "262143-01-01"], "--from"),
        (&["--from", "+262142-12-31T00:00"], "--from"),
        (&["--from", "9999-12-30"], "before the year 10000"),
        (&["--from", "1999-01-01", "--to", "1999-01-02"], "--to"),
        (&["--from", &tomorrow, "--to", &in_400_days], "--from/--to"),
        (&["--with", "a@b.com\r\nBcc: x@y.com"], "--with"),
    ];
    for (args, needle) in cases {
        let outcome = refused(&world, args);
        assert!(
            outcome.stderr.contains(needle),
            "{args:?} should say {needle:?}: {}",
            outcome.stderr
        );
    }
    assert_eq!(get_schedule_requests(&world.control()), 0);
}

#[test]
fn a_header_in_a_with_address_is_shown_escaped_on_one_line() {
    let world = connected_world();
    let outcome = refused(&world, &["--with", "a@b.com\r\nBcc: x@y.com"]);
    let errors: Vec<&str> = outcome
        .stderr
        .lines()
        .filter(|l| l.contains("--with"))
        .collect();
    assert_eq!(errors.len(), 1, "{}", outcome.stderr);
    assert!(
        errors[0].contains(r"a@b.com\r\nBcc: x@y.com"),
        "{}",
        errors[0]
    );
    assert!(!outcome.stderr.contains('\r'), "{:?}", outcome.stderr);
}

#[test]
fn config_file_values_are_bounded_like_flags_and_named_by_file_line_and_key() {
    let world = connected_world();
    let dir = world.home().join(".config/rally-m365");
    std::fs::create_dir_all(&dir).unwrap();
    let write = |slots: &str| {
        std::fs::write(
            dir.join("config.toml"),
            format!("[profiles.default.slots]\n{slots}\n"),
        )
        .unwrap()
    };
    for (slots, needle) in [
        (
            "buffer = \"1000000d\"",
            "config.toml:2: slots.buffer: at most 24h (got 1000000d)",
        ),
        (
            "notice = \"150000000000m\"",
            "config.toml:2: slots.notice: at most 366d",
        ),
        (
            "max_per_day = 99999999",
            "config.toml:2: slots.max_per_day: at most 1440",
        ),
    ] {
        write(slots);
        let outcome = refused(&world, &[]);
        assert!(
            outcome.stderr.contains(needle),
            "{slots}: {}",
            outcome.stderr
        );
    }
}

#[test]
fn a_year_with_a_day_of_buffer_works_and_costs_at_most_seven_requests() {
    let world = connected_world();
    let control = world.control();

    let before = get_schedule_requests(&control);
    let year = world.run(&["slots", "--json", "--tz", "UTC", "--days", "366"]);
    assert_eq!(year.code, 0, "{year:#?}");
    // 366 days are exactly six windows of 61 days.
    assert_eq!(get_schedule_requests(&control) - before, 6);

    let before = get_schedule_requests(&control);
    let widest = world.run(&[
        "slots", "--json", "--tz", "UTC", "--days", "366", "--buffer", "24h",
    ]);
    assert_eq!(widest.code, 0, "{widest:#?}");
    // Widened by a day on each side: 368 days, the most any command may ask for.
    let sent = get_schedule_requests(&control) - before;
    assert_eq!(sent, 7);
    assert!(sent <= MAX_WINDOW_REQUESTS);
    let slots = widest.json()["slots"].as_array().unwrap().len();
    assert!(
        slots > 200,
        "a year of free working days has slots; got {slots}"
    );
}
