//! The completion scripts in completions/ and the man pages in completions/man/ are generated
//! from the clap definitions; these tests fail when they are stale. Regenerate with:
//! UPDATE_COMPLETIONS=1 cargo test --test completions

use std::path::Path;

use clap_complete::Shell;
use rally_m365::commands::completions::{man_pages, script};

const FILES: [(Shell, &str); 5] = [
    (Shell::Bash, "rally-m365.bash"),
    (Shell::Zsh, "_rally-m365"),
    (Shell::Fish, "rally-m365.fish"),
    (Shell::PowerShell, "_rally-m365.ps1"),
    (Shell::Elvish, "rally-m365.elv"),
];

#[test]
fn committed_completions_match_the_cli() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("completions");
    let update = std::env::var_os("UPDATE_COMPLETIONS").is_some();
    let mut stale = Vec::new();
    for (shell, name) in FILES {
        let expected = script(shell);
        let path = dir.join(name);
        if update {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&path, &expected).unwrap();
        } else if std::fs::read(&path).ok().as_deref() != Some(expected.as_slice()) {
            stale.push(name);
        }
    }
    assert!(
        stale.is_empty(),
        "stale completions {stale:?}: run `UPDATE_COMPLETIONS=1 cargo test --test completions` and commit completions/"
    );
}

#[test]
fn completions_subcommand_prints_the_same_script() {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_rally-m365"))
        .args(["completions", "bash"])
        .output()
        .unwrap();
    assert!(output.status.success());
    assert_eq!(output.stdout, script(Shell::Bash));
}

#[test]
fn committed_man_pages_match_the_cli() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("completions/man");
    let update = std::env::var_os("UPDATE_COMPLETIONS").is_some();
    let pages = man_pages().unwrap();
    assert!(pages.iter().any(|(name, _)| name == "rally-m365.1"));
    assert!(
        pages
            .iter()
            .any(|(name, _)| name == "rally-m365-sandbox-serve.1")
    );
    let mut stale = Vec::new();
    if update {
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
    }
    for (name, page) in &pages {
        let path = dir.join(name);
        if update {
            std::fs::write(&path, page).unwrap();
        } else if std::fs::read(&path).ok().as_deref() != Some(page.as_slice()) {
            stale.push(name.clone());
        }
    }
    // A page of a command that no longer exists is stale too.
    for entry in std::fs::read_dir(&dir).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if !pages.iter().any(|(page, _)| *page == name) {
            stale.push(name);
        }
    }
    assert!(
        stale.is_empty(),
        "stale man pages {stale:?}: run `UPDATE_COMPLETIONS=1 cargo test --test completions` and commit completions/man/"
    );
}

fn run(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_rally-m365"))
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn man_prints_the_committed_pages_of_the_program_and_of_each_command() {
    let pages = man_pages().unwrap();
    let page = |name: &str| pages.iter().find(|(n, _)| n == name).unwrap().1.clone();
    let main = run(&["man"]);
    assert!(main.status.success());
    assert_eq!(main.stdout, page("rally-m365.1"));
    let text = String::from_utf8(main.stdout).unwrap();
    assert!(text.contains(".TH rally-m365 1"), "{text}");
    assert!(text.contains(".SH EXIT CODES"), "{text}");
    for (args, name) in [
        (&["man", "slots"][..], "rally-m365-slots.1"),
        (&["man", "login"][..], "rally-m365-connect.1"),
        (
            &["man", "sandbox", "serve"][..],
            "rally-m365-sandbox-serve.1",
        ),
    ] {
        let output = run(args);
        assert!(output.status.success(), "{args:?}");
        assert_eq!(output.stdout, page(name), "{args:?}");
    }
    let slots = String::from_utf8(page("rally-m365-slots.1")).unwrap();
    assert!(slots.contains("GLOBAL OPTIONS"), "{slots}");
    assert!(slots.contains(".SH EXAMPLES\n.nf\n"), "{slots}");
}

#[test]
fn man_of_an_unknown_command_is_a_usage_error_naming_the_known_ones() {
    let output = run(&["man", "frobnicate"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("no command `frobnicate`"), "{stderr}");
    assert!(stderr.contains("slots"), "{stderr}");
}
