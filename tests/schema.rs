//! `rally-m365 schema`: one schema per command that prints JSON, none forgotten, each a valid
//! draft 2020-12 schema; and the check the other end-to-end tests run on every JSON output
//! (tests/support/schema.rs) catches an output that drifted from its type.

mod support;

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use clap::CommandFactory;
use rally_m365::commands::schema::WITHOUT_JSON;
use serde_json::{Value, json};
use support::cli::bin;
use support::schema::{assert_valid, published};

fn schema(args: &[&str]) -> std::process::Output {
    Command::new(bin())
        .arg("schema")
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("the binary runs")
}

fn json_of(output: &std::process::Output) -> Value {
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("schema prints JSON")
}

/// Every command a user can type, nested ones as `sandbox outbox`.
fn leaf_commands(command: &clap::Command, prefix: &str, into: &mut BTreeSet<String>) {
    // clap's own `help` subcommands print no data.
    for sub in command.get_subcommands().filter(|s| s.get_name() != "help") {
        let name = format!("{prefix}{}", sub.get_name());
        if sub.has_subcommands() {
            leaf_commands(sub, &format!("{name} "), into);
        } else {
            into.insert(name);
        }
    }
}

#[test]
fn schema_without_a_command_covers_every_command_except_those_without_json() {
    let mut commands = BTreeSet::new();
    leaf_commands(&rally_m365::cli::Cli::command(), "", &mut commands);
    let with_schema: BTreeSet<String> = published().keys().cloned().collect();
    for command in &commands {
        assert!(
            with_schema.contains(command) != WITHOUT_JSON.contains(&command.as_str()),
            "`{command}` must be either in the schema registry (src/commands/schema.rs, \
             COMMANDS) or in WITHOUT_JSON, not both and not neither"
        );
    }
    // And no schema for a command that does not exist.
    for name in &with_schema {
        assert!(commands.contains(name), "a schema for no command: `{name}`");
    }
    for expected in [
        "connect",
        "status",
        "disconnect",
        "admin-consent",
        "slots",
        "book",
        "reschedule",
        "cancel",
        "interviews",
        "invite",
        "send",
        "journal",
        "sandbox serve",
        "sandbox outbox",
    ] {
        assert!(with_schema.contains(expected), "no schema for {expected}");
    }
}

#[test]
fn every_published_schema_is_a_valid_draft_2020_12_schema() {
    for (name, schema) in published() {
        assert_eq!(
            schema["$schema"],
            "https://json-schema.org/draft/2020-12/schema"
        );
        if let Err(e) = jsonschema::meta::validate(schema) {
            panic!("the schema of `{name}` is not a valid schema: {e}");
        }
        assert!(
            jsonschema::draft202012::new(schema).is_ok(),
            "the schema of `{name}` does not compile"
        );
    }
}

#[test]
fn schema_of_one_command_is_its_member_of_the_whole_list() {
    assert_eq!(&json_of(&schema(&["status"])), &published()["status"]);
    // A nested command, its words apart or quoted together.
    let outbox = &published()["sandbox outbox"];
    assert_eq!(&json_of(&schema(&["sandbox", "outbox"])), outbox);
    assert_eq!(&json_of(&schema(&["sandbox outbox"])), outbox);
    // JSON whatever the output format asked.
    assert_eq!(
        &json_of(&schema(&["--json", "slots"])),
        &published()["slots"]
    );
}

#[test]
fn an_alias_has_the_schema_of_its_command() {
    assert_eq!(json_of(&schema(&["login"])), json_of(&schema(&["connect"])));
    assert_eq!(
        json_of(&schema(&["logout"])),
        json_of(&schema(&["disconnect"]))
    );
}

#[test]
fn an_unknown_command_is_exit_2_naming_the_commands_with_a_schema() {
    for args in [&["nope"][..], &["demo"], &["sandbox"], &["sandbox", "nope"]] {
        let output = schema(args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(output.stdout.is_empty());
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            stderr.contains("is not a command with JSON output"),
            "{stderr}"
        );
        assert!(
            stderr.contains("connect, status, disconnect") && stderr.contains("sandbox outbox"),
            "{stderr}"
        );
    }
}

#[test]
fn the_schema_names_what_is_always_printed_and_leaves_room_for_new_fields() {
    let slots = &published()["slots"];
    assert_eq!(
        slots["required"],
        json!(["time_zone", "duration_minutes", "window", "slots"])
    );
    // Published open: a later version may add fields.
    assert!(!slots.to_string().contains("\"additionalProperties\":false"));
    assert!(!slots.to_string().contains("unevaluatedProperties"));
}

/// Whether `assert_valid` passes `json` as `command`'s output.
fn passes(command: &str, json: &Value) -> bool {
    let (command, json) = (command.to_owned(), json.clone());
    std::thread::spawn(move || assert_valid(&command, &json))
        .join()
        .is_ok()
}

#[test]
fn the_check_refuses_an_undeclared_field_a_missing_one_and_a_bad_time() {
    let not_connected = json!({"connected": false, "profile": "work", "reason": "not connected"});
    assert!(passes("status", &not_connected));
    let mut extra = not_connected.clone();
    extra["account"] = json!("someone");
    assert!(!passes("status", &extra), "an undeclared field");
    let mut missing = not_connected.clone();
    missing.as_object_mut().unwrap().remove("reason");
    assert!(!passes("status", &missing), "a required field missing");
    let mut wrong = not_connected.clone();
    wrong["connected"] = json!(true);
    assert!(
        !passes("status", &wrong),
        "connected: true is the other shape"
    );

    let slots = json!({
        "time_zone": "Europe/London",
        "duration_minutes": 30,
        "window": {"start": "2026-12-07T09:00:00+00:00", "end": "2026-12-07T17:00:00+00:00"},
        "slots": [{"start": "2026-12-07T09:00:00+00:00", "end": "2026-12-07T09:30:00+00:00"}],
    });
    assert!(passes("slots", &slots));
    let mut bad_time = slots.clone();
    bad_time["slots"][0]["start"] = json!("7 Dec 2026 9:00");
    assert!(!passes("slots", &bad_time), "not an RFC 3339 time");
    let mut nested_extra = slots.clone();
    nested_extra["slots"][0]["weekday"] = json!("Mon");
    assert!(
        !passes("slots", &nested_extra),
        "an undeclared nested field"
    );

    // A flattened enum: the fields of the branch that matched count as declared, no others.
    let run = json!({
        "key": "k", "started_at": null, "last_activity": null, "command": "send", "starts": 1,
        "sent": 1, "refused": 0, "unknown": 0, "pending": 0,
        "recipients": [{"email": "a@example.com", "state": "sent", "at": "2026-12-07T09:00:00Z", "attempts": 1}],
    });
    assert!(passes("journal", &run));
    let mut other_branch = run.clone();
    other_branch["recipients"][0]["since"] = json!("2026-12-07T09:00:00Z");
    assert!(
        !passes("journal", &other_branch),
        "a field of another state"
    );
}

#[test]
fn sandbox_serve_json_matches_its_schema() {
    let mut child = Command::new(bin())
        .args(["sandbox", "serve", "--port", "0", "--json"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the binary starts");
    let stdout = child.stdout.take().expect("piped");
    // The report, then the server keeps running: read up to the end of the JSON document.
    let mut text = String::new();
    let mut json = None;
    for line in BufReader::new(stdout).lines() {
        let Ok(line) = line else { break };
        text.push_str(&line);
        text.push('\n');
        if let Ok(value) = serde_json::from_str::<Value>(&text) {
            json = Some(value);
            break;
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    let json = json.unwrap_or_else(|| panic!("no JSON document on stdout:\n{text}"));
    assert_valid("sandbox serve", &json);
    assert!(
        json["base_url"]
            .as_str()
            .unwrap()
            .starts_with("http://127.0.0.1:")
    );
}
