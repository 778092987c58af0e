//! What a terminal shows, end to end through the binary in a pseudo-terminal (util-linux
//! `script`): tables folded to 80 columns without a word broken, piped output not wrapped,
//! and no colour or escape with `TERM=dumb` or `NO_COLOR`.

mod support;

use std::process::Command;

use support::cli::{Outcome, World};

/// `args` run by the world's binary inside a pseudo-terminal `cols` columns wide (stdout and
/// stderr both the terminal, as in an interactive shell), with `env` set on top of the world's.
fn in_terminal(world: &World, cols: u16, env: &[(&str, Option<&str>)], args: &[&str]) -> Outcome {
    let binary = world.command();
    let mut words = vec![binary.get_program().to_string_lossy().into_owned()];
    words.extend(binary.get_args().map(|a| a.to_string_lossy().into_owned()));
    words.extend(args.iter().map(|a| a.to_string()));
    let quoted: Vec<String> = words
        .iter()
        .map(|w| format!("'{}'", w.replace('\'', "'\\''")))
        .collect();
    let mut script = Command::new("script");
    script.args([
        "-qec",
        &format!("stty cols {cols} rows 60 && exec {}", quoted.join(" ")),
        "/dev/null",
    ]);
    for (key, value) in binary.get_envs() {
        match value {
            Some(value) => script.env(key, value),
            None => script.env_remove(key),
        };
    }
    script.env("TERM", "xterm-256color");
    for (key, value) in env {
        match value {
            Some(value) => script.env(key, value),
            None => script.env_remove(key),
        };
    }
    let output = script
        .stdin(std::process::Stdio::null())
        .output()
        .expect("util-linux script runs");
    Outcome {
        code: output.status.code().unwrap_or(-1),
        // The terminal's line discipline turns each \n into \r\n.
        stdout: String::from_utf8_lossy(&output.stdout).replace("\r\n", "\n"),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        args: args.iter().map(|a| a.to_string()).collect(),
    }
}

fn connected_world() -> World {
    let world = World::start();
    world.connected();
    world
}

/// The permission table: from its header line to the end of the output.
fn permission_table(text: &str) -> Vec<&str> {
    let lines: Vec<&str> = text.lines().collect();
    let start = lines
        .iter()
        .position(|l| l.contains("Permission"))
        .unwrap_or_else(|| panic!("no permission table:\n{text}"));
    // The border line above the header belongs to it too.
    lines[start.saturating_sub(1)..].to_vec()
}

#[test]
fn at_80_columns_the_permission_table_fits_without_breaking_a_word() {
    let world = connected_world();
    let outcome = in_terminal(&world, 80, &[], &["status"]);
    assert_eq!(outcome.code, 0, "{outcome:#?}");
    let text = &outcome.stdout;
    for line in text.lines() {
        assert!(
            line.chars().count() <= 80,
            "wider than 80 columns: {line:?}\n{text}"
        );
    }
    let table = permission_table(text);
    // 47 lines before this was fixed; one header, four rows of a few lines each now.
    assert!(
        table.len() <= 24,
        "{} lines:\n{}",
        table.len(),
        table.join("\n")
    );
    for word in [
        "Permission",
        "Calendars.ReadWrite",
        "offline_access",
        "Mail.Send",
        "User.Read",
    ] {
        assert!(
            table.iter().any(|l| l.contains(word)),
            "`{word}` is broken or missing:\n{}",
            table.join("\n")
        );
    }
    // A long column gave way, and the table says so.
    assert!(text.contains("Not shown: Why it is needed"), "{text}");
}

#[test]
fn a_wide_terminal_shows_every_column_and_a_pipe_is_not_wrapped() {
    let world = connected_world();
    let wide = in_terminal(&world, 250, &[], &["status"]);
    assert_eq!(wide.code, 0, "{wide:#?}");
    assert!(wide.stdout.contains("Why it is needed"), "{}", wide.stdout);
    assert!(!wide.stdout.contains("Not shown"), "{}", wide.stdout);

    let piped = world.run(&["status"]);
    assert_eq!(piped.code, 0, "{piped:#?}");
    let row = piped
        .stdout
        .lines()
        .find(|l| l.contains("Calendars.ReadWrite"))
        .unwrap_or_else(|| panic!("{}", piped.stdout));
    // One line per row, every column in it, however long: a pipe is for programs.
    assert!(row.chars().count() > 120, "{row}");
    assert!(
        row.starts_with('|') && row.contains("availability"),
        "{row}"
    );
    assert!(!piped.stdout.contains('\x1b'));
}

#[test]
fn term_dumb_and_no_color_give_no_escape_sequence_on_a_terminal() {
    let world = World::start();
    // Not connected: exit 3 with an error and a hint, which are coloured on a terminal.
    let coloured = in_terminal(&world, 80, &[("NO_COLOR", None)], &["status"]);
    assert_eq!(coloured.code, 3, "{coloured:#?}");
    assert!(
        coloured.stdout.contains("\x1b["),
        "the check must be able to fail: {coloured:#?}"
    );
    for env in [
        &[("NO_COLOR", None), ("TERM", Some("dumb"))][..],
        &[("NO_COLOR", Some("1"))][..],
    ] {
        let plain = in_terminal(&world, 80, env, &["status"]);
        assert_eq!(plain.code, 3, "{env:?}: {plain:#?}");
        assert!(plain.stdout.contains("error: "), "{env:?}: {plain:#?}");
        assert!(
            !plain.stdout.contains('\x1b'),
            "{env:?}: {:?}",
            plain.stdout
        );
    }
}

#[test]
fn term_dumb_has_no_spinner_while_a_terminal_that_can_redraw_has_one() {
    let world = World::start();
    let args = ["connect", "--no-browser", "--timeout", "1"];
    let xterm = in_terminal(&world, 80, &[("NO_COLOR", Some("1"))], &args);
    assert_eq!(xterm.code, 3, "{xterm:#?}");
    assert!(
        xterm.stdout.contains("Waiting for the sign-in"),
        "{xterm:#?}"
    );
    assert!(
        xterm.stdout.contains('\x1b'),
        "the spinner redraws its line: {xterm:#?}"
    );

    let dumb = in_terminal(
        &world,
        80,
        &[("NO_COLOR", None), ("TERM", Some("dumb"))],
        &args,
    );
    assert_eq!(dumb.code, 3, "{dumb:#?}");
    assert!(dumb.stdout.contains("error: "), "{dumb:#?}");
    assert!(!dumb.stdout.contains('\x1b'), "{:?}", dumb.stdout);
}
