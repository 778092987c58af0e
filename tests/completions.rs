//! The completion scripts in completions/ are generated from the clap definitions; this test
//! fails when they are stale. Regenerate with: UPDATE_COMPLETIONS=1 cargo test --test completions

use std::path::Path;

use clap_complete::Shell;
use rally_m365::commands::completions::script;

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
