//! Requests and wall time per command, measured against the sandbox tenant with a real
//! Secret Service (the same set-up as the end-to-end tests).
//!
//! `cargo bench --bench commands` prints a markdown table for the README. Under `cargo test`
//! (no `--bench` argument) it runs each command twice as a smoke test.

#[path = "../tests/support/mod.rs"]
mod support;

use std::process::Command;
use std::time::{Duration, Instant};

use rally_m365::sandbox::Control;
use support::cli::World;

struct Row {
    command: String,
    identity: usize,
    graph: usize,
    mean: Duration,
    min: Duration,
    max_rss_mib: Option<f64>,
}

fn main() {
    let full = std::env::args().any(|a| a == "--bench");
    let runs = if full { 30 } else { 2 };
    let world = World::with_keychain();
    let control = world.control();
    let mut rows = Vec::new();

    let before = counts(&control);
    world.connected();
    let after = counts(&control);
    rows.push(Row {
        command: "connect (sign-in, /me)".into(),
        identity: after.0 - before.0,
        graph: after.1 - before.1,
        mean: Duration::ZERO,
        min: Duration::ZERO,
        max_rss_mib: None,
    });

    rows.push(measure(&world, &control, "--help", &["--help"], runs));
    rows.push(measure(
        &world,
        &control,
        "status (cached token)",
        &["status"],
        runs,
    ));
    // One refresh, whatever the cache holds: that is what --check asks Microsoft.
    rows.push(measure(
        &world,
        &control,
        "status --check",
        &["status", "--check"],
        runs,
    ));
    let (file_connect, _) = world.connect(
        &["--profile", "file", "--token-store", "file"],
        rally_m365::sandbox::BrowserAction::Approve,
    );
    assert_eq!(file_connect.code, 0, "{file_connect:#?}");
    rows.push(measure(
        &world,
        &control,
        "status (cached token, file store)",
        &["--profile", "file", "--token-store", "file", "status"],
        runs,
    ));
    rows.push(measure(
        &world,
        &control,
        "slots --week",
        &["slots", "--week", "--json"],
        runs,
    ));
    rows.push(measure(
        &world,
        &control,
        "slots --days 120",
        &["slots", "--days", "120", "--json"],
        runs,
    ));
    // Each run books its own slot (a slot booked by the run before is no longer free).
    rows.push(measure_each(
        &world,
        &control,
        "book (recheck + create)",
        runs,
        |i| book_args(i, false),
    ));
    rows.push(measure_each(
        &world,
        &control,
        "book --force (create only)",
        runs,
        |i| book_args(i + 1000, true),
    ));
    // A new subject each run: the same message again would be skipped by the journal.
    rows.push(measure_each(
        &world,
        &control,
        "send (one recipient)",
        runs,
        |i| {
            [
                "send",
                "--to",
                "participant@example.com",
                "--subject",
                &format!("Bench {i}"),
                "--body",
                "Thank you.",
                "--json",
            ]
            .iter()
            .map(|s| s.to_string())
            .collect()
        },
    ));
    rows.push(measure(
        &world,
        &control,
        "interviews (the events booked above, 50 a page)",
        &["interviews", "--days", "366", "--json"],
        runs,
    ));
    // Expired access token: every run refreshes once.
    control.set_access_token_lifetime(60);
    world.keychain().clear("rally-m365", "default/access-token");
    rows.push(measure(
        &world,
        &control,
        "status (refresh needed)",
        &["status"],
        runs,
    ));

    println!(
        "| command | identity requests | Graph requests | mean (ms) | min (ms) | max RSS (MiB) |"
    );
    println!("|---|---:|---:|---:|---:|---:|");
    for r in rows {
        let rss = r
            .max_rss_mib
            .map(|m| format!("{m:.1}"))
            .unwrap_or_else(|| "–".into());
        if r.mean.is_zero() {
            println!(
                "| `{}` | {} | {} | – | – | – |",
                r.command, r.identity, r.graph
            );
        } else {
            println!(
                "| `{}` | {} | {} | {:.1} | {:.1} | {rss} |",
                r.command,
                r.identity,
                r.graph,
                r.mean.as_secs_f64() * 1000.0,
                r.min.as_secs_f64() * 1000.0
            );
        }
    }
}

fn counts(control: &Control) -> (usize, usize) {
    let identity =
        control.count(|r| r.path.contains("/oauth2/") || r.path.contains("/adminconsent"));
    (identity, control.graph_requests())
}

/// Runs `args` `runs` times; requests are per run.
fn measure(world: &World, control: &Control, label: &str, args: &[&str], runs: u32) -> Row {
    let before = counts(control);
    let mut total = Duration::ZERO;
    let mut min = Duration::MAX;
    for _ in 0..runs {
        let started = Instant::now();
        let output = world.command().args(args).output().expect("binary runs");
        let elapsed = started.elapsed();
        assert!(
            output.status.success(),
            "{label}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        total += elapsed;
        min = min.min(elapsed);
        if label.contains("refresh") {
            world.keychain().clear("rally-m365", "default/access-token");
        }
    }
    let after = counts(control);
    Row {
        command: label.into(),
        identity: (after.0 - before.0) / runs as usize,
        graph: (after.1 - before.1) / runs as usize,
        mean: total / runs,
        min,
        max_rss_mib: max_rss(world, args),
    }
}

/// `book` of slot number `i`: 09:00–16:00 Pacific on weekdays from two weeks ahead, one slot
/// per hour, so no two runs ask for the same time.
fn book_args(i: u32, force: bool) -> Vec<String> {
    use chrono::{Datelike, Days, TimeZone, Utc, Weekday};
    let zone = chrono_tz::America::Los_Angeles;
    let mut day = Utc::now().with_timezone(&zone).date_naive() + Days::new(14);
    let mut remaining = i;
    loop {
        if !matches!(day.weekday(), Weekday::Sat | Weekday::Sun) {
            if remaining < 7 {
                break;
            }
            remaining -= 7;
        }
        day = day + Days::new(1);
    }
    let start = zone
        .from_local_datetime(&day.and_hms_opt(9 + remaining, 0, 0).expect("a valid time"))
        .earliest()
        .expect("a time that exists");
    let mut args: Vec<String> = ["book", "--json", "--duration", "30m", "--start"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    args.push(start.to_rfc3339());
    if force {
        args.push("--force".into());
    }
    args.push("participant@example.com".into());
    args
}

/// Like [`measure`], with other arguments for each run (and no memory figure, which would
/// take one more run).
fn measure_each(
    world: &World,
    control: &Control,
    label: &str,
    runs: u32,
    args: impl Fn(u32) -> Vec<String>,
) -> Row {
    let before = counts(control);
    let mut total = Duration::ZERO;
    let mut min = Duration::MAX;
    for i in 0..runs {
        let started = Instant::now();
        let output = world.command().args(args(i)).output().expect("binary runs");
        let elapsed = started.elapsed();
        assert!(
            output.status.success(),
            "{label}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        total += elapsed;
        min = min.min(elapsed);
    }
    let after = counts(control);
    Row {
        command: label.into(),
        identity: (after.0 - before.0) / runs as usize,
        graph: (after.1 - before.1) / runs as usize,
        mean: total / runs,
        min,
        max_rss_mib: None,
    }
}

/// Peak resident memory of one run, from GNU time when it is installed.
fn max_rss(world: &World, args: &[&str]) -> Option<f64> {
    if !std::path::Path::new("/usr/bin/time").exists() {
        return None;
    }
    // The same environment as the measured command, with GNU time in front.
    let base = world.command();
    let mut timed = Command::new("/usr/bin/time");
    for (key, value) in base.get_envs() {
        match value {
            Some(v) => timed.env(key, v),
            None => timed.env_remove(key),
        };
    }
    timed.arg("-f").arg("%M").arg(base.get_program()).args(args);
    let output = timed.output().ok()?;
    let text = String::from_utf8_lossy(&output.stderr);
    let kib: f64 = text.lines().last()?.trim().parse().ok()?;
    Some(kib / 1024.0)
}
