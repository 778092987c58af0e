//! The conventions people bring from gh, az and the CLI for Microsoft 365, end to end through
//! the binary: `-o table|json|csv` on every command, `--json` as its short form, `--jq`, and
//! `login`/`logout`.

mod support;

use chrono::{Datelike, Duration, NaiveDate, Utc, Weekday};
use rally_m365::sandbox::BrowserAction;
use support::cli::World;

const LA: &str = "America/Los_Angeles";

/// A Monday at least two weeks ahead, so "now" never cuts into the window.
fn test_monday() -> NaiveDate {
    let mut day = Utc::now().date_naive() + Duration::days(14);
    while day.weekday() != Weekday::Mon {
        day += Duration::days(1);
    }
    day
}

fn connected_world() -> World {
    let world = World::start();
    world.connected();
    world
}

#[test]
fn output_json_before_or_after_the_command_is_what_json_prints() {
    let world = connected_world();
    let json = world.run(&["status", "--json"]);
    assert_eq!(json.code, 0, "{json:#?}");
    for args in [
        &["status", "-o", "json"][..],
        &["-o", "json", "status"][..],
        &["--output=json", "status"][..],
        &["status", "--output", "json", "--json"][..],
    ] {
        let outcome = world.run(args);
        assert_eq!(outcome.code, 0, "{args:?}: {outcome:#?}");
        assert_eq!(outcome.json(), json.json(), "{args:?}");
    }
    let table = world.run(&["-o", "table", "status"]);
    assert_eq!(table.code, 0, "{table:#?}");
    assert!(serde_json::from_str::<serde_json::Value>(&table.stdout).is_err());
}

#[test]
fn csv_where_the_data_is_a_list_and_exit_2_before_any_request_where_it_is_not() {
    let world = connected_world();
    let date = test_monday().to_string();
    let csv = world.run(&[
        "-o", "csv", "slots", "--tz", LA, "--from", &date, "--to", &date,
    ]);
    assert_eq!(csv.code, 0, "{csv:#?}");
    assert!(
        csv.stdout.starts_with("start,end,date,weekday,"),
        "{}",
        csv.stdout
    );
    let interviews = world.run(&["interviews", "-o", "csv"]);
    assert_eq!(interviews.code, 0, "{interviews:#?}");
    assert!(
        interviews.stdout.starts_with("start,end,subject,"),
        "{}",
        interviews.stdout
    );

    // A start a month ahead, whatever today is: only the output format is being refused.
    let next_month = (chrono::Utc::now() + chrono::TimeDelta::days(30))
        .format("%Y-%m-%dT10:00")
        .to_string();
    let before = world.control().requests().len();
    for args in [
        &["status", "-o", "csv"][..],
        &["disconnect", "-o", "csv"][..],
        &["book", "-o", "csv", "--start", &next_month, "p@example.com"][..],
    ] {
        let outcome = world.run(args);
        assert_eq!(outcome.code, 2, "{args:?}: {outcome:#?}");
        assert!(outcome.stdout.is_empty(), "{args:?}: {}", outcome.stdout);
        assert!(
            outcome
                .stderr
                .contains("--output csv: this command has no CSV form"),
            "{args:?}: {}",
            outcome.stderr
        );
    }
    assert_eq!(
        world.control().requests().len(),
        before,
        "a request was made"
    );
    // Still connected: the refused disconnect removed nothing.
    assert_eq!(world.run(&["status"]).code, 0);
}

#[test]
fn commands_that_print_text_refuse_json_and_csv() {
    let world = World::start();
    for args in [
        &["completions", "bash", "-o", "json"][..],
        &["man", "--json"][..],
        &["completions", "zsh", "--jq", "."][..],
    ] {
        let outcome = world.run(args);
        assert_eq!(outcome.code, 2, "{args:?}: {outcome:#?}");
        assert!(outcome.stdout.is_empty());
        assert!(
            outcome.stderr.contains("prints text, not data"),
            "{}",
            outcome.stderr
        );
    }
}

#[test]
fn json_or_jq_with_another_output_is_exit_2_naming_both() {
    let world = connected_world();
    let before = world.control().requests().len();
    let outcome = world.run(&["slots", "--json", "-o", "csv"]);
    assert_eq!(outcome.code, 2, "{outcome:#?}");
    assert!(
        outcome.stderr.contains("--json and --output csv disagree"),
        "{}",
        outcome.stderr
    );
    let outcome = world.run(&["-o", "table", "status", "--jq", ".profile"]);
    assert_eq!(outcome.code, 2, "{outcome:#?}");
    assert!(
        outcome.stderr.contains("--jq and --output table disagree"),
        "{}",
        outcome.stderr
    );
    assert_eq!(world.control().requests().len(), before);
}

#[test]
fn jq_filters_the_json_printing_strings_raw() {
    let world = connected_world();
    let date = test_monday().to_string();
    let window = ["slots", "--tz", LA, "--from", &date, "--to", &date];
    let json = world.run(&[&window[..], &["--json"]].concat()).json();
    let starts: Vec<String> = json["slots"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["start"].as_str().unwrap().to_owned())
        .collect();
    assert!(starts.len() > 3);

    let raw = world.run(&[&window[..], &["--jq", ".slots[].start"]].concat());
    assert_eq!(raw.code, 0, "{raw:#?}");
    assert_eq!(raw.stdout, format!("{}\n", starts.join("\n")));

    let count = world.run(&[&window[..], &["--jq", ".slots | length"]].concat());
    assert_eq!(count.stdout, format!("{}\n", starts.len()));

    let object = world.run(&["--jq", "{profile, connected}", "status"]);
    assert_eq!(object.code, 0, "{object:#?}");
    assert_eq!(
        object.stdout,
        "{\"profile\":\"default\",\"connected\":true}\n"
    );

    let account = world.run(&["status", "--jq", ".account.username"]);
    assert_eq!(
        account.stdout,
        format!("{}\n", world.control().default_user())
    );
}

#[test]
fn an_invalid_jq_expression_is_exit_2_before_any_request() {
    let world = connected_world();
    let before = world.control().requests().len();
    for expr in [".slots[", ".slots | frobnicate", "{"] {
        let outcome = world.run(&["slots", "--week", "--jq", expr]);
        assert_eq!(outcome.code, 2, "{expr}: {outcome:#?}");
        assert!(outcome.stdout.is_empty());
        assert!(
            outcome.stderr.contains("error: --jq: "),
            "{}",
            outcome.stderr
        );
    }
    assert_eq!(
        world.control().requests().len(),
        before,
        "a request was made"
    );
}

#[test]
fn a_jq_expression_that_fails_on_the_data_is_exit_1_and_says_the_command_completed() {
    let world = connected_world();
    let outcome = world.run(&["status", "--jq", ".profile | .[0]"]);
    assert_eq!(outcome.code, 1, "{outcome:#?}");
    assert!(
        outcome.stderr.contains("error: --jq: "),
        "{}",
        outcome.stderr
    );
    assert!(
        outcome.stderr.contains("the command itself completed"),
        "{}",
        outcome.stderr
    );
}

#[test]
fn login_and_logout_sign_in_and_out_as_connect_and_disconnect_do() {
    let world = World::start();
    let mut session = world.spawn(&["login", "--no-browser"]);
    let url = session.wait_for_line(|l| l.contains("/oauth2/v2.0/authorize?"));
    world
        .sandbox
        .browser_sign_in(&url, BrowserAction::Approve)
        .expect("browser reaches the sandbox");
    let login = session.finish();
    assert_eq!(login.code, 0, "{login:#?}");
    assert_eq!(
        world.run(&["status", "--jq", ".connected"]).stdout,
        "true\n"
    );

    let logout = world.run(&["logout", "--json"]);
    assert_eq!(logout.code, 0, "{logout:#?}");
    assert_eq!(logout.json()["removed"], true);
    assert_eq!(world.run(&["status"]).code, 3);
}

#[test]
fn counts_agree_with_their_noun() {
    let world = World::start();
    let outcome = world.run(&["connect", "--no-browser", "--timeout", "1"]);
    assert_eq!(outcome.code, 3, "{outcome:#?}");
    assert!(
        outcome.stderr.contains("within 1 second"),
        "{}",
        outcome.stderr
    );
    assert!(!outcome.stderr.contains("1 seconds"), "{}", outcome.stderr);
}
