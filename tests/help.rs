//! Help as people bring it from gh and az: each command's own options first, the global ones
//! under "Global options", then examples that really parse; `login`/`logout` as aliases.

use clap::{CommandFactory, Parser};
use rally_m365::cli::Cli;

mod support;
use support::cli::BIN;

/// Every command path (`["connect"]`, `["sandbox", "serve"]`), with its clap command.
fn commands() -> Vec<(Vec<String>, clap::Command)> {
    fn walk(
        path: Vec<String>,
        command: &clap::Command,
        all: &mut Vec<(Vec<String>, clap::Command)>,
    ) {
        for sub in command.get_subcommands() {
            let mut path = path.clone();
            path.push(sub.get_name().to_owned());
            all.push((path.clone(), sub.clone()));
            walk(path, sub, all);
        }
    }
    let mut all = Vec::new();
    walk(Vec::new(), &Cli::command(), &mut all);
    assert!(all.len() > 10, "{} commands", all.len());
    all
}

/// The arguments of each example line of `help`: lines starting with `rally-m365`, split as a
/// shell would, cut at a pipe or a redirection.
fn example_lines(help: &str) -> Vec<Vec<String>> {
    let examples = help
        .split_once("Examples:")
        .map(|(_, rest)| rest)
        .unwrap_or("");
    examples
        .lines()
        .map(str::trim)
        .filter(|line| line.starts_with("rally-m365 "))
        .map(|line| {
            let words = shlex::split(line).unwrap_or_else(|| panic!("cannot split: {line}"));
            words
                .into_iter()
                .take_while(|w| !matches!(w.as_str(), "|" | ">" | "<" | ">>" | "&&"))
                .collect()
        })
        .collect()
}

/// The subcommand path clap finds in `args` (aliases resolved to the command's name).
fn parsed_path(args: &[String]) -> Result<Vec<String>, clap::Error> {
    let matches = Cli::command().try_get_matches_from(args)?;
    let mut path = Vec::new();
    let mut current = &matches;
    while let Some((name, sub)) = current.subcommand() {
        path.push(name.to_owned());
        current = sub;
    }
    Ok(path)
}

#[test]
fn every_command_ends_its_long_help_with_examples_that_parse_as_that_command() {
    for (path, command) in commands() {
        if path == ["help"] {
            continue;
        }
        let help = command
            .get_after_long_help()
            .map(|h| h.to_string())
            .unwrap_or_default();
        let examples = example_lines(&help);
        assert!(
            !examples.is_empty(),
            "`{}` has no Examples: section in its long help",
            path.join(" ")
        );
        for args in examples {
            // The real parser, the derive types included (value parsers, conflicts, requires).
            if let Err(e) = Cli::try_parse_from(&args) {
                panic!("example `{}` does not parse:\n{e}", args.join(" "));
            }
            let parsed = parsed_path(&args).unwrap();
            assert!(
                parsed.starts_with(&path),
                "example `{}` under `{}` runs `{}`",
                args.join(" "),
                path.join(" "),
                parsed.join(" ")
            );
        }
    }
}

#[test]
fn a_bad_example_would_be_caught() {
    // The check above must be able to fail: a flag that does not exist, a conflict.
    let bad = example_lines(
        "Examples:\n  rally-m365 slots --no-such-flag\n  rally-m365 book --start x --duration 1h --end y a@b.c\n",
    );
    assert_eq!(bad.len(), 2);
    for args in bad {
        assert!(Cli::try_parse_from(&args).is_err(), "{args:?}");
    }
}

fn run(args: &[&str]) -> std::process::Output {
    std::process::Command::new(BIN)
        .args(args)
        .env_remove("RALLY_M365_PROFILE")
        .output()
        .unwrap()
}

#[test]
fn each_command_lists_its_own_options_then_the_global_ones_then_examples() {
    let globals = [
        "--profile",
        "--output",
        "--json",
        "--jq",
        "--verbose",
        "--quiet",
        "--yes",
        "--token-store",
    ];
    for (path, _) in commands() {
        if path == ["help"] {
            continue;
        }
        let mut args: Vec<&str> = path.iter().map(String::as_str).collect();
        args.push("--help");
        let output = run(&args);
        assert!(output.status.success(), "{args:?}");
        let help = String::from_utf8(output.stdout).unwrap();
        let heading = help.find("\nGlobal options:\n").unwrap_or_else(|| {
            panic!("no Global options heading in `{}`:\n{help}", path.join(" "))
        });
        let examples = help.rfind("\nExamples:\n").expect("an Examples: section");
        assert!(heading < examples, "{help}");
        for flag in globals {
            let at = help
                .find(&format!("--{}", flag.trim_start_matches('-')))
                .unwrap_or_else(|| panic!("{flag} missing from `{}` help", path.join(" ")));
            assert!(
                at > heading,
                "{flag} is listed before the Global options heading:\n{help}"
            );
        }
        // The command's own options come first: whatever is under "Options:" precedes it.
        if let Some(own) = help.find("\nOptions:\n") {
            assert!(own < heading, "{help}");
            assert!(!help[own..heading].contains("--profile"), "{help}");
        }
    }
}

#[test]
fn the_own_options_of_slots_come_before_the_global_ones() {
    let help = String::from_utf8(run(&["slots", "--help"]).stdout).unwrap();
    let duration = help.find("--duration <DURATION>").unwrap();
    let heading = help.find("Global options:").unwrap();
    let output = help.find("-o, --output <FORMAT>").unwrap();
    assert!(duration < heading && heading < output, "{help}");
    assert!(
        help.trim_end().ends_with("--jq '.slots[0].start'"),
        "{help}"
    );
}

#[test]
fn login_and_logout_are_visible_aliases_of_connect_and_disconnect() {
    let help = String::from_utf8(run(&["--help"]).stdout).unwrap();
    let connect = help
        .lines()
        .find(|l| l.trim_start().starts_with("connect"))
        .unwrap();
    assert!(connect.contains("[alias: login]"), "{help}");
    let disconnect = help
        .lines()
        .find(|l| l.trim_start().starts_with("disconnect"))
        .unwrap();
    assert!(disconnect.contains("[alias: logout]"), "{help}");
    assert_eq!(
        run(&["login", "--help"]).stdout,
        run(&["connect", "--help"]).stdout
    );
    assert_eq!(
        run(&["logout", "--help"]).stdout,
        run(&["disconnect", "--help"]).stdout
    );
}
