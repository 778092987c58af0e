//! Where a sign-in lives and what `status`, `status --check`, `profiles` and `disconnect` say
//! about it; config errors that name the file, the line and the key. End to end: the real
//! binary against the sandbox tenant.

mod support;

use rally_m365::sandbox::{BrowserAction, Fault, FaultKind};
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

const ADELE: &str = "adele.vance@contoso.example";

fn token_file(world: &World) -> std::path::PathBuf {
    world
        .home()
        .join(".local/share/rally-m365/tokens/default.json")
}

fn record_file(world: &World) -> std::path::PathBuf {
    world
        .home()
        .join(".local/share/rally-m365/profiles/default.json")
}

#[test]
fn after_connect_with_the_file_store_plain_status_and_disconnect_find_it() {
    let world = World::with_keychain();
    let (outcome, _) = world.connect(&["--token-store", "file"], BrowserAction::Approve);
    assert_eq!(outcome.code, 0, "{outcome:#?}");
    // The record says where the sign-in lives, and holds nothing secret.
    let record = std::fs::read_to_string(record_file(&world)).expect("a profile record");
    assert!(record.contains("\"token_store\":\"file\""), "{record}");
    for secret in world.control().issued_secrets() {
        assert!(!record.contains(&secret), "a secret in the record");
    }

    let status = world.run(&["status", "--json"]);
    assert_eq!(status.code, 0, "{status:#?}");
    assert_eq!(status.json()["token_store"], "file");
    assert_eq!(status.json()["account"]["username"], ADELE);

    let disconnect = world.run(&["disconnect"]);
    assert_eq!(disconnect.code, 0, "{disconnect:#?}");
    let expected = format!(
        "Removed the sign-in of {ADELE} (profile default) from the token file {}.",
        token_file(&world).display()
    );
    assert!(
        disconnect.stderr.contains(&expected),
        "{}",
        disconnect.stderr
    );
    assert!(!token_file(&world).exists());
    assert!(!record_file(&world).exists());
    assert_eq!(world.run(&["status"]).code, 3);
    let again = world.run(&["disconnect"]);
    assert!(
        again.stderr.contains("nothing to remove"),
        "{}",
        again.stderr
    );
}

#[test]
fn disconnect_says_whose_sign_in_it_removed_from_the_keychain_or_from_both() {
    let world = World::with_keychain();
    world.connected();
    let out = world.run(&["disconnect", "--json"]);
    assert_eq!(out.code, 0, "{out:#?}");
    assert!(
        out.stderr.contains(&format!(
            "Removed the sign-in of {ADELE} (profile default) from the keychain."
        )),
        "{}",
        out.stderr
    );
    assert_eq!(out.json()["removed_from"], serde_json::json!(["keychain"]));
    assert_eq!(out.json()["account"], ADELE);

    // A sign-in in both stores (an older copy left in the file) goes from both.
    world.connected();
    let grant = world.keychain().lookup("rally-m365", "default").unwrap();
    std::fs::create_dir_all(token_file(&world).parent().unwrap()).unwrap();
    std::fs::write(token_file(&world), grant).unwrap();
    let out = world.run(&["disconnect", "--json"]);
    assert_eq!(out.code, 0, "{out:#?}");
    assert!(out.stderr.contains(" and the keychain."), "{}", out.stderr);
    assert_eq!(
        out.json()["removed_from"],
        serde_json::json!(["file", "keychain"])
    );
    assert!(!token_file(&world).exists());
    assert_eq!(world.keychain().lookup("rally-m365", "default"), None);
}

#[test]
fn switching_stores_moves_the_sign_in_and_the_flag_still_wins() {
    let world = World::with_keychain();
    let (outcome, _) = world.connect(&["--token-store", "file"], BrowserAction::Approve);
    assert_eq!(outcome.code, 0, "{outcome:#?}");
    // Asking for the keychain on purpose looks there only.
    let keychain = world.run(&["--token-store", "keychain", "status"]);
    assert_eq!(keychain.code, 3, "{keychain:#?}");
    // Connecting to the keychain removes the older sign-in from the file.
    let (outcome, _) = world.connect(&["--token-store", "keychain"], BrowserAction::Approve);
    assert_eq!(outcome.code, 0, "{outcome:#?}");
    assert!(!token_file(&world).exists());
    let status = world.run(&["status", "--json"]);
    assert_eq!(status.json()["token_store"], "keychain", "{status:#?}");
}

#[test]
fn without_a_keychain_a_file_sign_in_is_found_and_the_error_points_at_the_file_store() {
    let world = World::without_keychain();
    let nothing = world.run(&["status"]);
    assert_eq!(nothing.code, 1, "{nothing:#?}");
    assert!(
        nothing.stderr.contains("--token-store file")
            && nothing.stderr.contains("token_store = \"file\""),
        "{}",
        nothing.stderr
    );

    let (outcome, _) = world.connect(&["--token-store", "file"], BrowserAction::Approve);
    assert_eq!(outcome.code, 0, "{outcome:#?}");
    assert_eq!(world.run(&["status"]).code, 0);
    // A file sign-in without a record (made by an older version) is found all the same.
    std::fs::remove_file(record_file(&world)).unwrap();
    let status = world.run(&["status", "--json"]);
    assert_eq!(status.code, 0, "{status:#?}");
    assert_eq!(status.json()["token_store"], "file");
    // Asking for the unreachable keychain on purpose fails, and says where the sign-in is.
    let keychain = world.run(&["--token-store", "keychain", "status"]);
    assert_eq!(keychain.code, 1, "{keychain:#?}");
    assert!(
        keychain
            .stderr
            .contains("has a sign-in in the token file store"),
        "{}",
        keychain.stderr
    );
    let disconnect = world.run(&["disconnect"]);
    assert_eq!(disconnect.code, 0, "{disconnect:#?}");
    assert!(disconnect.stderr.contains(ADELE), "{}", disconnect.stderr);
    assert!(!token_file(&world).exists());
}

#[test]
fn status_names_tenant_domain_and_id_app_sign_in_store_and_expiry_in_words() {
    let world = World::start();
    world.connected();
    let outcome = world.run(&["status"]);
    assert_eq!(outcome.code, 0, "{outcome:#?}");
    let json = world.run(&["status", "--json"]).json();
    let tenant_id = json["account"]["tenant_id"].as_str().expect("a tenant id");
    assert_eq!(json["account"]["tenant_domain"], "contoso.example");
    assert_eq!(json["sign_in"], "browser");
    assert_eq!(json["client_id"], "1c7e3be3-dd7d-4f67-88ca-c9ea85f16092");
    assert_eq!(json["token_file"], token_file(&world).display().to_string());
    let row = |label: &str| {
        outcome
            .stdout
            .lines()
            .find(|l| l.starts_with(&format!("| {label} ")))
            .unwrap_or_else(|| panic!("no {label} row in:\n{}", outcome.stdout))
            .to_owned()
    };
    assert!(
        row("Tenant").contains(&format!("contoso.example ({tenant_id})")),
        "{}",
        row("Tenant")
    );
    assert!(row("App (client) id").contains("1c7e3be3-dd7d-4f67-88ca-c9ea85f16092"));
    assert!(
        row("Signed in with").contains("| browser, "),
        "{}",
        row("Signed in with")
    );
    assert!(
        row("Token store").contains(&token_file(&world).display().to_string()),
        "{}",
        row("Token store")
    );
    // The sandbox issues tokens for 3599 s: "in 59 minutes" (or 58 on a slow machine).
    let expires = row("Access token expires");
    assert!(
        expires.contains("(in 59 minutes)") || expires.contains("(in 58 minutes)"),
        "{expires}"
    );
    // Endpoints other than the cloud's own are still shown.
    assert!(row("Sign-in endpoint").contains("127.0.0.1"));
}

#[test]
fn a_device_code_sign_in_says_so() {
    let world = World::start();
    let mut running = world.spawn(&["connect", "--device-code", "--timeout", "60"]);
    let message = running.wait_for_line(|l| l.contains("enter the code"));
    let code = support::cli::user_code(&message);
    assert!(world.control().approve_device_code(&code, None));
    assert_eq!(running.finish().code, 0);
    let status = world.run(&["status", "--json"]);
    assert_eq!(status.json()["sign_in"], "device_code", "{status:#?}");
}

#[test]
fn a_revoked_sign_in_still_says_whose_it_was() {
    let world = World::start();
    world.control().set_access_token_lifetime(60);
    world.connected();
    world.control().revoke_refresh_tokens();
    let outcome = world.run(&["status", "--json"]);
    assert_eq!(outcome.code, 3, "{outcome:#?}");
    let json = outcome.json();
    assert_eq!(json["connected"], false);
    assert_eq!(json["account"]["username"], ADELE);
    assert!(
        error_line(&outcome.stderr).contains(&format!("(signed in as {ADELE})")),
        "{}",
        outcome.stderr
    );
    // And the listing knows it without asking Microsoft again.
    let before = world.control().requests().len();
    let profiles = world.run(&["profiles", "--json"]);
    assert_eq!(profiles.code, 0, "{profiles:#?}");
    assert_eq!(profiles.json()["profiles"][0]["state"], "expired");
    assert_eq!(world.control().requests().len(), before);
}

#[test]
fn status_check_is_exactly_one_token_request_and_offline_status_none() {
    let world = World::start();
    world.connected();
    let control = world.control();
    let before = control.requests().len();
    assert_eq!(world.run(&["status"]).code, 0);
    assert_eq!(
        control.requests().len(),
        before,
        "plain status stays offline"
    );

    let tokens = control.token_requests();
    let check = world.run(&["status", "--check", "--json"]);
    assert_eq!(check.code, 0, "{check:#?}");
    assert_eq!(check.json()["checked"], true);
    assert_eq!(control.requests().len(), before + 1, "exactly one request");
    assert_eq!(
        control.token_requests(),
        tokens + 1,
        "and it is a token request"
    );
    assert!(
        check.stderr.contains("Microsoft accepted the sign-in"),
        "{}",
        check.stderr
    );
    check.assert_no_secret(&control);
    // The check renewed the cached token: plain status still costs nothing.
    let after = control.requests().len();
    assert_eq!(world.run(&["status"]).code, 0);
    assert_eq!(control.requests().len(), after);
}

#[test]
fn status_check_sees_a_revocation_that_the_cached_token_hides() {
    let world = World::start();
    world.connected();
    world.control().revoke_refresh_tokens();
    // The cached access token is still valid, so offline status cannot know.
    assert_eq!(world.run(&["status"]).code, 0);
    let check = world.run(&["status", "--check"]);
    assert_eq!(check.code, 3, "{check:#?}");
    assert!(
        error_line(&check.stderr).contains(ADELE),
        "{}",
        check.stderr
    );
}

#[test]
fn status_check_when_microsoft_is_unreachable_is_exit_6() {
    let world = World::start();
    world.connected();
    world.control().inject_fault(Fault {
        path_prefix: "/".into(),
        kind: FaultKind::DropConnection,
        times: 10,
    });
    let check = world.run(&["status", "--check"]);
    assert_eq!(check.code, 6, "{check:#?}");
    world.control().clear_faults();
    assert_eq!(world.run(&["status", "--check"]).code, 0);
}

#[test]
fn profiles_lists_config_and_stored_sign_ins_with_account_and_state() {
    let world = World::start();
    write_config(
        &world,
        "[profiles.gcc]\ncloud = \"usgov\"\n[profiles.work]\ntenant = \"contoso.example\"\n",
    );
    world.connected();
    assert_eq!(world.run(&["--profile", "work", "status"]).code, 3);
    let listing = world.run(&["profiles", "--json"]);
    assert_eq!(listing.code, 0, "{listing:#?}");
    let rows = listing.json()["profiles"].as_array().unwrap().clone();
    let names: Vec<&str> = rows
        .iter()
        .map(|r| r["profile"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["default", "gcc", "work"]);
    assert_eq!(rows[0]["account"], ADELE);
    assert_eq!(rows[0]["state"], "connected");
    assert_eq!(rows[0]["token_store"], "file");
    assert_eq!(rows[0]["current"], true);
    assert_eq!(rows[1]["state"], "not_connected");
    assert_eq!(rows[1]["account"], serde_json::Value::Null);
    // The table, and `status --all` is the same listing.
    let table = world.run(&["status", "--all"]);
    assert_eq!(table.code, 0, "{table:#?}");
    let line = table
        .stdout
        .lines()
        .find(|l| l.contains("| default "))
        .expect("a row for default");
    assert!(
        line.contains(ADELE) && line.contains("| connected "),
        "{line}"
    );
    assert!(table.stdout.contains("not connected"), "{}", table.stdout);
}

#[test]
fn a_keychain_sign_in_is_listed_and_a_new_connect_goes_where_the_profile_keeps_it() {
    let world = World::with_keychain();
    world.connected();
    let listing = world.run(&["profiles", "--json"]);
    assert_eq!(listing.code, 0, "{listing:#?}");
    let row = &listing.json()["profiles"][0];
    assert_eq!(row["profile"], "default");
    assert_eq!(row["state"], "connected");
    assert_eq!(row["token_store"], "keychain");
    assert!(row["expires_at"].is_string(), "{row}");

    // A profile kept in the file store is signed in there again without the flag.
    let (outcome, _) = world.connect(
        &["--profile", "files", "--token-store", "file"],
        BrowserAction::Approve,
    );
    assert_eq!(outcome.code, 0, "{outcome:#?}");
    let (again, _) = world.connect(&["--profile", "files"], BrowserAction::Approve);
    assert_eq!(again.code, 0, "{again:#?}");
    assert_eq!(world.keychain().lookup("rally-m365", "files"), None);
    let status = world.run(&["--profile", "files", "status", "--json"]);
    assert_eq!(status.json()["token_store"], "file", "{status:#?}");
    let names: Vec<String> = world.run(&["profiles", "--json"]).json()["profiles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            format!(
                "{}:{}",
                r["profile"].as_str().unwrap(),
                r["token_store"].as_str().unwrap_or("-")
            )
        })
        .collect();
    assert_eq!(names, ["default:keychain", "files:file"]);
}

#[test]
fn without_a_record_a_keychain_sign_in_wins_over_an_older_copy_in_the_file() {
    let world = World::with_keychain();
    world.connected();
    let grant = world.keychain().lookup("rally-m365", "default").unwrap();
    std::fs::create_dir_all(token_file(&world).parent().unwrap()).unwrap();
    std::fs::write(token_file(&world), grant).unwrap();
    std::fs::remove_file(record_file(&world)).unwrap();
    let status = world.run(&["status", "--json"]);
    assert_eq!(status.code, 0, "{status:#?}");
    assert_eq!(status.json()["token_store"], "keychain");
    let listing = world.run(&["profiles", "--json"]);
    assert_eq!(
        listing.json()["profiles"][0]["token_store"],
        "keychain",
        "{listing:#?}"
    );
    // Once the keychain holds none, the file's is found.
    world.keychain().clear("rally-m365", "default");
    let status = world.run(&["status", "--json"]);
    assert_eq!(status.json()["token_store"], "file", "{status:#?}");
}
