//! `invite`, `send` and `journal` end to end through the binary against the sandbox tenant:
//! invitations with slots in the participant's zone, dry runs, bad input that sends nothing,
//! bulk runs with throttling and dropped connections, a run killed mid-way and started again,
//! calendar-only profiles.

mod support;

use std::collections::HashMap;
use std::time::{Duration, Instant};

use rally_m365::sandbox::{BrowserAction, Fault, FaultKind};
use support::cli::World;

const SEND_MAIL: &str = "/v1.0/me/sendMail";

fn sends(world: &World) -> usize {
    world
        .control()
        .count(|r| r.method == "POST" && r.path == SEND_MAIL)
}

/// How many messages each address received.
fn received(world: &World) -> HashMap<String, usize> {
    let mut counts = HashMap::new();
    for mail in world.control().outbox() {
        for to in mail.to {
            *counts.entry(to.address.to_ascii_lowercase()).or_insert(0) += 1;
        }
    }
    counts
}

fn write_csv(world: &World, name: &str, text: &str) -> String {
    let path = world.home().join(name);
    std::fs::write(&path, text).expect("csv written");
    path.to_string_lossy().into_owned()
}

/// `send` to everyone in `csv`, one request at a time, fast.
fn one_at_a_time(csv: &str) -> Vec<String> {
    [
        "send",
        "--csv",
        csv,
        "--subject",
        "Hi",
        "--body",
        "Body",
        "--rate",
        "100/s",
        "--concurrency",
        "1",
        "--json",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

fn participants_csv(n: usize) -> String {
    let mut text = String::from("email,name,company\n");
    for i in 0..n {
        text.push_str(&format!("p{i}@example.com,Person {i},Acme {i}\n"));
    }
    text
}

#[test]
fn one_invitation_offers_slots_in_the_participants_zone() {
    let world = World::start();
    world.connected();
    let outcome = world.run(&[
        "invite",
        "ada@example.com",
        "--name",
        "Ada",
        "--slots",
        "3",
        "--days",
        "14",
        "--study",
        "Checkout study",
        "--participant-tz",
        "Asia/Tokyo",
        "--json",
    ]);
    assert_eq!(outcome.code, 0, "{outcome:#?}");
    outcome.assert_no_secret(&world.control());
    let json = outcome.json();
    assert_eq!(json["sent"], serde_json::json!(["ada@example.com"]));
    let outbox = world.control().outbox();
    assert_eq!(outbox.len(), 1);
    let mail = &outbox[0];
    assert_eq!(mail.to[0].address, "ada@example.com");
    assert_eq!(mail.to[0].name.as_deref(), Some("Ada"));
    assert!(mail.subject.contains("Checkout study"), "{}", mail.subject);
    assert!(mail.content.contains("Ada"), "{}", mail.content);
    assert!(
        mail.content.contains("Tokyo"),
        "slots are shown in the participant's zone: {}",
        mail.content
    );
    assert_eq!(sends(&world), 1, "exactly one sendMail");
}

#[test]
fn dry_run_renders_and_sends_nothing() {
    let world = World::start();
    world.connected();
    let csv = write_csv(&world, "p.csv", &participants_csv(3));
    let outcome = world.run(&["invite", "--csv", &csv, "--dry-run", "--json"]);
    assert_eq!(outcome.code, 0, "{outcome:#?}");
    assert_eq!(outcome.json()["dry_run"].as_array().unwrap().len(), 3);
    let text = world.run(&["invite", "--csv", &csv, "--dry-run"]);
    assert_eq!(text.code, 0, "{text:#?}");
    assert!(
        text.stdout.contains("To: p1@example.com"),
        "{}",
        text.stdout
    );
    assert_eq!(sends(&world), 0);
    assert!(world.control().outbox().is_empty());
}

#[test]
fn an_invitation_with_no_slot_to_offer_says_why() {
    let world = World::start();
    world.connected();
    let outcome = world.run(&[
        "invite",
        "p1@example.com",
        "--duration",
        "10h",
        "--dry-run",
        "--json",
    ]);
    assert!(
        outcome.stderr.contains("is longer than your working day")
            && outcome.stderr.contains("nobody can be invited"),
        "{outcome:#?}"
    );
    assert_eq!(sends(&world), 0);
}

#[test]
fn bad_input_is_exit_2_and_nothing_is_sent() {
    let world = World::start();
    world.connected();
    let duplicate = write_csv(
        &world,
        "dup.csv",
        "email,name\na@example.com,A\nb@example.com,B\nA@example.com,Again\n",
    );
    let injected = write_csv(
        &world,
        "inj.csv",
        "email,name\na@example.com,\"A\r\nBcc: x@evil.example\"\n",
    );
    let template = world.home().join("t.txt");
    std::fs::write(
        &template,
        "Subject: Hi {{ participant.name }}\n\nDear {{ participant.nmae }}\n",
    )
    .unwrap();
    let template = template.to_string_lossy().into_owned();
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (vec!["invite", "not-an-address"], "PARTICIPANT_EMAIL"),
        (vec!["invite", "--csv", &duplicate], "row 4"),
        (vec!["invite", "--csv", &injected], "row 2"),
        (
            vec![
                "invite",
                "a@example.com",
                "--name",
                "Ann",
                "--template",
                &template,
            ],
            "nmae",
        ),
        (
            vec![
                "send",
                "--to",
                "a@example.com",
                "--subject",
                "a\r\nBcc: x@y.com",
                "--body",
                "hi",
            ],
            "subject",
        ),
        (
            vec![
                "send",
                "--to",
                "a@example.com",
                "--subject",
                "s",
                "--body",
                " ",
            ],
            "empty",
        ),
        (
            vec!["send", "--to", "bad", "--subject", "s", "--body", "b"],
            "--to",
        ),
        (vec!["invite", "a@example.com", "--rate", "0/min"], "--rate"),
    ];
    for (args, needle) in cases {
        let outcome = world.run(&args);
        assert_eq!(outcome.code, 2, "{args:?}: {outcome:#?}");
        assert!(
            outcome
                .stderr
                .to_lowercase()
                .contains(&needle.to_lowercase()),
            "{args:?}: {}",
            outcome.stderr
        );
    }
    assert_eq!(sends(&world), 0);
}

/// The same command weeks later finds everyone mailed and says how to mail them again;
/// `--new-run` does, and running it again without `--new-run` resumes that new run rather than
/// going back to the old one (nobody is mailed twice by a retry).
#[test]
fn new_run_mails_everyone_again_and_a_retry_resumes_it() {
    let world = World::start();
    world.connected();
    let thanks = |extra: &[&str]| {
        let mut args = vec![
            "send",
            "--to",
            "a@example.com",
            "--to",
            "b@example.com",
            "--subject",
            "Thank you",
            "--body",
            "Thank you for your time.",
            "--json",
        ];
        args.extend_from_slice(extra);
        world.run(&args)
    };
    let first = thanks(&[]);
    assert_eq!(first.code, 0, "{first:#?}");
    assert_eq!(sends(&world), 2);

    let again = thanks(&[]);
    assert_eq!(again.code, 0, "{again:#?}");
    assert_eq!(again.json()["skipped"].as_array().unwrap().len(), 2);
    assert!(again.stderr.contains("--new-run"), "{}", again.stderr);
    assert_eq!(sends(&world), 2, "nobody mailed twice without --new-run");

    let fresh = thanks(&["--new-run"]);
    assert_eq!(fresh.code, 0, "{fresh:#?}");
    assert_eq!(fresh.json()["sent"].as_array().unwrap().len(), 2);
    assert_eq!(sends(&world), 4);

    let retry = thanks(&[]);
    assert_eq!(retry.json()["skipped"].as_array().unwrap().len(), 2);
    assert_eq!(sends(&world), 4, "the retry resumed the new run");

    let runs = world.run(&["journal", "--json"]);
    assert_eq!(runs.code, 0, "{runs:#?}");
    assert_eq!(
        runs.json()["runs"].as_array().unwrap().len(),
        2,
        "{}",
        runs.stdout
    );
}

#[test]
fn send_mails_each_recipient_separately_unless_together() {
    let world = World::start();
    world.connected();
    let outcome = world.run(&[
        "send",
        "--to",
        "a@example.com",
        "--to",
        "b@example.com",
        "--subject",
        "Thanks {{ participant.email }}",
        "--body",
        "Thank you for your time.",
        "--json",
    ]);
    assert_eq!(outcome.code, 0, "{outcome:#?}");
    let outbox = world.control().outbox();
    assert_eq!(outbox.len(), 2);
    assert!(outbox.iter().all(|m| m.to.len() == 1));
    assert!(outbox.iter().any(|m| m.subject == "Thanks a@example.com"));
    let together = world.run(&[
        "send",
        "--to",
        "c@example.com",
        "--to",
        "d@example.com",
        "--subject",
        "Update",
        "--body",
        "All of you",
        "--together",
    ]);
    assert_eq!(together.code, 0, "{together:#?}");
    let outbox = world.control().outbox();
    assert_eq!(outbox.len(), 3);
    assert_eq!(outbox[2].to.len(), 2);
}

#[test]
fn a_bulk_run_with_throttling_and_a_dropped_connection_mails_each_once() {
    let world = World::start();
    world.connected();
    let csv = write_csv(&world, "p.csv", &participants_csv(8));
    for kind in [
        FaultKind::TooManyRequests {
            retry_after_secs: 1,
        },
        FaultKind::Unavailable {
            retry_after_secs: Some(1),
        },
        FaultKind::DropAfterCommit,
    ] {
        world.control().inject_fault(Fault {
            path_prefix: SEND_MAIL.into(),
            kind,
            times: 1,
        });
    }
    let send_to_all = || {
        world.run(&[
            "send",
            "--csv",
            &csv,
            "--subject",
            "Hello {{ participant.name }}",
            "--body",
            "From {{ company }}",
            "--rate",
            "100/s",
            "--json",
        ])
    };
    let started = Instant::now();
    let outcome = send_to_all();
    assert_eq!(outcome.code, 7, "one outcome is unknown: {outcome:#?}");
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "Retry-After honoured"
    );
    let json = outcome.json();
    let sent = json["sent"].as_array().unwrap().len();
    let failed = json["failed"].as_array().unwrap();
    assert_eq!(failed.len(), 1, "{json}");
    assert!(failed[0]["error"].as_str().unwrap().starts_with("unknown"));
    assert_eq!(sent, 7, "{json}");
    // Each address appears once in the report.
    let mut all: Vec<String> = json["sent"]
        .as_array()
        .unwrap()
        .iter()
        .chain(failed.iter().map(|f| &f["email"]))
        .map(|v| v.as_str().unwrap().to_owned())
        .collect();
    all.sort();
    all.dedup();
    assert_eq!(all.len(), 8);
    // The dropped one was accepted by the server: everyone received exactly one message.
    let counts = received(&world);
    assert_eq!(counts.len(), 8, "{counts:?}");
    assert!(counts.values().all(|&n| n == 1), "{counts:?}");
    // Running it again sends nothing new: sent are skipped, the unknown is reported again.
    let again = send_to_all();
    assert_eq!(again.code, 7, "{again:#?}");
    assert_eq!(again.json()["skipped"].as_array().unwrap().len(), 7);
    assert!(received(&world).values().all(|&n| n == 1));
}

#[test]
fn a_run_killed_mid_way_and_started_again_mails_nobody_twice() {
    let world = World::start();
    world.connected();
    let csv = write_csv(&world, "p.csv", &participants_csv(5));
    let args = one_at_a_time(&csv);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    world.control().inject_fault(Fault {
        path_prefix: SEND_MAIL.into(),
        kind: FaultKind::Hold,
        times: 1,
    });
    let mut running = world.spawn(&args);
    world.wait_until_held(1);
    // SIGKILL while the first message is in flight: whether the server took it, the client
    // cannot know.
    running.kill();
    world.control().release_held();
    let again = world.run(&args);
    assert_eq!(again.code, 7, "{again:#?}");
    let json = again.json();
    assert_eq!(json["sent"].as_array().unwrap().len(), 4, "{json}");
    let failed = json["failed"].as_array().unwrap();
    assert_eq!(failed.len(), 1);
    assert_eq!(failed[0]["email"], "p0@example.com");
    let counts = received(&world);
    for i in 1..5 {
        assert_eq!(
            counts[&format!("p{i}@example.com")],
            1,
            "nobody missed, nobody twice: {counts:?}"
        );
    }
    let first = counts.get("p0@example.com").copied().unwrap_or(0);
    assert!(
        first <= 1,
        "the unknown one is not sent again blindly: {counts:?}"
    );
    // The journal says what is unknown.
    let journal = world.run(&["journal", "--json"]);
    assert_eq!(journal.code, 0, "{journal:#?}");
    assert_eq!(journal.json()["runs"][0]["unknown"], 1);
    // One run, recipient by recipient: the unknown one says so (its own JSON shape).
    let key = journal.json()["runs"][0]["key"]
        .as_str()
        .unwrap()
        .to_owned();
    let run = world.run(&["journal", &key, "--json"]);
    assert_eq!(run.code, 0, "{run:#?}");
    let recipients = run.json()["recipients"].clone();
    assert!(
        recipients
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["email"] == "p0@example.com" && r["state"] == "unknown"),
        "{recipients}"
    );
    // On purpose, --retry-unknown sends it again.
    let mut retry = args.to_vec();
    retry.push("--retry-unknown");
    let retried = world.run(&retry);
    assert_eq!(retried.code, 0, "{retried:#?}");
    assert_eq!(received(&world)["p0@example.com"], first + 1);
}

#[test]
fn a_calendar_only_profile_does_not_send_but_can_dry_run() {
    let world = World::start();
    let (connected, _) = world.connect(&["--calendar-only"], BrowserAction::Approve);
    assert_eq!(connected.code, 0, "{connected:#?}");
    let outcome = world.run(&["invite", "a@example.com"]);
    assert_eq!(outcome.code, 4, "{outcome:#?}");
    assert!(outcome.stderr.contains("own domain"), "{}", outcome.stderr);
    assert!(outcome.stderr.contains("--dry-run"), "{}", outcome.stderr);
    let dry = world.run(&["invite", "a@example.com", "--dry-run"]);
    assert_eq!(dry.code, 0, "{dry:#?}");
    assert_eq!(sends(&world), 0);
}

#[test]
fn per_slot_caps_how_often_a_slot_is_offered() {
    let world = World::start();
    world.connected();
    let csv = write_csv(&world, "p.csv", &participants_csv(4));
    let outcome = world.run(&[
        "invite",
        "--csv",
        &csv,
        "--slots",
        "2",
        "--per-slot",
        "1",
        "--days",
        "14",
        "--no-overlap",
        "--rate",
        "100/s",
        "--json",
    ]);
    assert_eq!(outcome.code, 0, "{outcome:#?}");
    // Every offered slot line appears in at most one message.
    let mut seen = HashMap::new();
    for mail in world.control().outbox() {
        for line in mail
            .content
            .lines()
            .filter(|l| l.trim_start().starts_with("<li>"))
        {
            *seen.entry(line.trim().to_owned()).or_insert(0) += 1;
        }
    }
    assert_eq!(seen.len(), 8, "4 participants, 2 slots each: {seen:?}");
    assert!(seen.values().all(|&n| n == 1), "{seen:?}");
}

/// Runs the binary on a pseudo-terminal (util-linux `script`), typing `input`.
fn on_a_terminal(world: &World, args: &[&str], input: &str) -> support::cli::Outcome {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let base = world.command();
    let quote = |s: &str| format!("'{}'", s.replace('\'', r"'\''"));
    let mut words = vec![quote(&base.get_program().to_string_lossy())];
    words.extend(base.get_args().map(|a| quote(&a.to_string_lossy())));
    words.extend(args.iter().map(|a| quote(a)));
    let mut cmd = Command::new("script");
    for (key, value) in base.get_envs() {
        match value {
            Some(v) => cmd.env(key, v),
            None => cmd.env_remove(key),
        };
    }
    let mut child = cmd
        .args(["-qec", &words.join(" "), "/dev/null"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("script runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    support::cli::Outcome {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        args: support::cli::owned(args),
    }
}

#[test]
fn a_bulk_send_asks_first_on_a_terminal_and_never_off_one() {
    let world = World::start();
    world.connected();
    let args = [
        "send",
        "--to",
        "a@example.com",
        "--to",
        "b@example.com",
        "--subject",
        "S",
        "--body",
        "B",
        "--rate",
        "100/s",
    ];
    let refused = on_a_terminal(&world, &args, "n\n");
    assert!(
        refused
            .stdout
            .contains("send 2 messages as adele.vance@contoso.example? [y/N]"),
        "{refused:#?}"
    );
    assert_eq!(refused.code, 2, "{refused:#?}");
    assert_eq!(sends(&world), 0, "nothing sent without a yes");
    let mut yes = args.to_vec();
    yes.push("--yes");
    let confirmed = on_a_terminal(&world, &yes, "");
    assert_eq!(confirmed.code, 0, "{confirmed:#?}");
    assert!(!confirmed.stdout.contains("[y/N]"));
    assert_eq!(sends(&world), 2);
    // Off a terminal (stdin is not one) nothing prompts: the script has decided.
    let scripted = world.run(&[
        "send",
        "--to",
        "c@example.com",
        "--to",
        "d@example.com",
        "--subject",
        "S2",
        "--body",
        "B",
        "--rate",
        "100/s",
    ]);
    assert_eq!(scripted.code, 0, "{scripted:#?}");
    assert!(!scripted.stderr.contains("[y/N]"));
    assert_eq!(sends(&world), 4);
}

#[test]
fn the_rate_comes_from_the_config_and_a_bad_one_is_refused_naming_the_key() {
    let world = World::start();
    world.connected();
    let dir = world.home().join(".config/rally-m365");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("config.toml"),
        "[profiles.default.mail]\nrate = \"0/min\"\n",
    )
    .unwrap();
    let outcome = world.run(&[
        "send",
        "--to",
        "a@example.com",
        "--subject",
        "S",
        "--body",
        "B",
    ]);
    assert_eq!(outcome.code, 2, "{outcome:#?}");
    assert!(outcome.stderr.contains("mail.rate"), "{}", outcome.stderr);
    // The flag wins over the config key.
    let flagged = world.run(&[
        "send",
        "--to",
        "a@example.com",
        "--subject",
        "S",
        "--body",
        "B",
        "--rate",
        "10/s",
    ]);
    assert_eq!(flagged.code, 0, "{flagged:#?}");
    assert_eq!(sends(&world), 1);
}

#[test]
fn ctrl_c_stops_after_the_messages_in_flight() {
    let world = World::start();
    world.connected();
    let csv = write_csv(&world, "p.csv", &participants_csv(6));
    world.control().inject_fault(Fault {
        path_prefix: SEND_MAIL.into(),
        kind: FaultKind::Hold,
        times: 1,
    });
    let args = one_at_a_time(&csv);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let mut running = world.spawn(&args);
    world.wait_until_held(1);
    let status = std::process::Command::new("kill")
        .args(["-INT", &running.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(status.success());
    // Once the command has taken the interruption, the message in flight completes and
    // nothing after it starts.
    running.wait_for_line(|l| l.contains("Interrupted"));
    world.control().release_held();
    let outcome = running.finish();
    assert_eq!(outcome.code, 7, "{outcome:#?}");
    assert!(outcome.stderr.contains("Interrupted"), "{}", outcome.stderr);
    let json = outcome.json();
    assert_eq!(json["sent"], serde_json::json!(["p0@example.com"]));
    assert_eq!(json["failed"].as_array().unwrap().len(), 5);
    assert_eq!(world.control().outbox().len(), 1);
    // Started again, the run sends the other five and nobody twice.
    let again = world.run(&args);
    assert_eq!(again.code, 0, "{again:#?}");
    assert_eq!(again.json()["sent"].as_array().unwrap().len(), 5);
    assert!(received(&world).values().all(|&n| n == 1));
}
