//! A bulk send paced to Exchange Online's limit, against the sandbox enforcing that limit: how
//! close to the ideal time it finishes, and how many requests were throttled.
//!
//! `cargo bench --bench bulk_send` sends 300 messages with the limit scaled to 30 per 2 s (the
//! shape of 30 per minute, 30 times faster); under `cargo test` it sends 20 at 10 per second as
//! a smoke test. Prints a markdown table for the README.

#[path = "../tests/support/mod.rs"]
mod support;

use std::time::{Duration, Instant};

use rally_m365::mail::rate::Rate;
use support::cli::World;

fn main() {
    let full = std::env::args().any(|a| a == "--bench");
    let (messages, per_window, window) = if full {
        (300usize, 30u32, Duration::from_secs(2))
    } else {
        (20, 10, Duration::from_secs(1))
    };
    let world = World::start();
    world.connected();
    world.control().set_send_limit(per_window, window);
    let mut csv = String::from("email,name\n");
    for i in 0..messages {
        csv.push_str(&format!("p{i}@example.com,Participant {i}\n"));
    }
    let path = world.home().join("participants.csv");
    std::fs::write(&path, csv).expect("csv written");
    let rate = format!("{per_window}/{}s", window.as_secs());
    let started = Instant::now();
    let outcome = world.run(&[
        "send",
        "--csv",
        &path.to_string_lossy(),
        "--subject",
        "Thank you, {{ participant.name }}",
        "--body",
        "Thank you for taking part.",
        "--rate",
        &rate,
        "--json",
    ]);
    let elapsed = started.elapsed();
    assert_eq!(outcome.code, 0, "{outcome:#?}");
    let control = world.control();
    let requests = control.count(|r| r.path == "/v1.0/me/sendMail");
    let throttled = control.count(|r| r.path == "/v1.0/me/sendMail" && r.status == 429);
    assert_eq!(control.outbox().len(), messages, "everyone mailed once");
    let ideal = Rate::new(per_window, window)
        .expect("a valid rate")
        .ideal_duration(messages as u32);
    println!("| messages | limit | ideal | measured | over ideal | requests | throttled |");
    println!("|---:|---|---:|---:|---:|---:|---:|");
    println!(
        "| {messages} | {per_window} per {} s | {:.1} s | {:.1} s | {:+.1} % | {requests} | {throttled} ({:.1} %) |",
        window.as_secs(),
        ideal.as_secs_f64(),
        elapsed.as_secs_f64(),
        (elapsed.as_secs_f64() / ideal.as_secs_f64().max(0.001) - 1.0) * 100.0,
        throttled as f64 * 100.0 / requests.max(1) as f64
    );
}
