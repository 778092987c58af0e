//! Where a sign-in lives and what `status`, `status --check`, `profiles` and `disconnect` say
//! about it; config errors that name the file, the line and the key. End to end: the real
//! binary against the sandbox tenant.

mod support;

use support::cli::World;

fn write_config(world: &World, text: &str) -> std::path::PathBuf {
    let dir = world.home().join(".config/rally-m365");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("config.toml");
    std::fs::write(&path, text).unwrap();
    path
}

/// The first line of stderr that is the error.
fn error_line(stderr: &str) -> &str {
    stderr
        .lines()
        .find(|l| l.starts_with("error: "))
        .unwrap_or_else(|| panic!("no error line in:\n{stderr}"))
}

#[test]
fn a_bad_config_value_names_the_file_the_line_and_the_key_not_a_flag() {
    let world = World::start();
    world.connected();
    let path = write_config(
        &world,
        "[profiles.default]\ntenant = \"contoso.example\"\n[profiles.default.slots]\nduration = \"banana\"\n",
    );
    let before = world.control().requests().len();
    let outcome = world.run(&["slots", "--tz", "UTC"]);
    assert_eq!(outcome.code, 2, "{outcome:#?}");
    let line = error_line(&outcome.stderr);
    assert!(
        line.starts_with(&format!("error: {}:4: slots.duration: ", path.display())),
        "{line}"
    );
    assert!(!outcome.stderr.contains("--duration"), "{}", outcome.stderr);
    assert_eq!(world.control().requests().len(), before, "nothing sent");
    // The flag still wins over the file, and a bad flag is named as the flag.
    let flag = world.run(&["slots", "--tz", "UTC", "--duration", "soon"]);
    assert_eq!(flag.code, 2);
    assert!(
        error_line(&flag.stderr).starts_with("error: --duration: "),
        "{}",
        flag.stderr
    );
}

#[test]
fn config_keys_of_every_section_are_named_with_their_line() {
    let world = World::start();
    world.connected();
    for (text, args, expected) in [
        (
            "[profiles.default]\n\n[profiles.default.slots]\ntz = \"Mars/Olympus\"\n",
            vec!["slots"],
            ":4: slots.tz: ",
        ),
        (
            "[profiles.default.slots]\nhours = \"9-5\"\n",
            vec!["slots", "--tz", "UTC"],
            ":2: slots.hours: ",
        ),
        (
            "[profiles.default.mail]\n\nrate = \"fast\"\n",
            vec![
                "send",
                "--to",
                "p@example.com",
                "--subject",
                "s",
                "--body",
                "b",
                "--dry-run",
            ],
            ":3: mail.rate: ",
        ),
        (
            "[profiles.default]\ncloud = \"mars\"\n",
            vec!["status"],
            ":2: cloud: ",
        ),
    ] {
        let path = write_config(&world, text);
        let outcome = world.run(&args);
        assert_eq!(outcome.code, 2, "{text}: {outcome:#?}");
        let line = error_line(&outcome.stderr);
        assert!(
            line.starts_with(&format!("error: {}{expected}", path.display())),
            "{text}: {line}"
        );
    }
}

#[test]
fn a_bad_token_store_key_is_named_with_its_line() {
    // Without --token-store (the flag would override the key).
    let world = World::without_keychain();
    let path = write_config(
        &world,
        "[profiles.default]\n# which store\ntoken_store = \"disk\"\n",
    );
    let outcome = world.run(&["status"]);
    assert_eq!(outcome.code, 2, "{outcome:#?}");
    let line = error_line(&outcome.stderr);
    assert!(
        line.starts_with(&format!("error: {}:3: token_store: `disk`", path.display())),
        "{line}"
    );
}

#[test]
fn a_toml_syntax_error_gives_its_line_and_column() {
    let world = World::start();
    let path = write_config(&world, "[profiles.default]\ntenant = \"contoso.example\n");
    let outcome = world.run(&["status"]);
    assert_eq!(outcome.code, 2, "{outcome:#?}");
    let line = error_line(&outcome.stderr);
    assert!(
        line.starts_with(&format!("error: {}:2:", path.display())),
        "{line}"
    );
    let column: String = line[format!("error: {}:2:", path.display()).len()..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    assert!(!column.is_empty(), "no column in {line}");
}
