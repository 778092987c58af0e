//! The Linux keychain client (`rally_m365::store::secret_service`) against a real gnome-keyring
//! in a private D-Bus session: several entries read at once, what `secret-tool` (libsecret)
//! writes is read and what we write is found by it, in both transfer sessions; writes replace in
//! place with the contract's attributes; delete is idempotent; a locked collection or a missing
//! service is a store error with the fix.

mod support;

use std::collections::BTreeMap;
use std::process::Command;
use std::time::{Duration, Instant};

use rally_m365::error::ErrorKind;
use rally_m365::hints;
use rally_m365::store::config::ProfileName;
use rally_m365::store::keychain::SecretStore;
use rally_m365::store::secret_service::{Algorithm, SecretService};
use rally_m365::store::tokens::TokenVault;
use support::cli::World;
use support::secret_service::SecretService as Keyring;

const SERVICE: &str = "rally-m365";

fn client(keyring: &Keyring, algorithm: Algorithm) -> SecretService {
    SecretService::connect_to(keyring.bus_address(), SERVICE, algorithm)
        .expect("the private bus is reachable")
}

fn some(values: &[&str]) -> Vec<Option<String>> {
    values.iter().map(|v| Some((*v).to_owned())).collect()
}

/// `secret-tool search --all SERVICE [username ACCOUNT]`: (stdout, stderr). It prints each
/// item's label, secret and dates on stdout, and its attributes on stderr.
fn search(keyring: &Keyring, account: Option<&str>) -> (String, String) {
    let mut cmd = keyring.command("secret-tool");
    cmd.args(["search", "--all", "--unlock", "service", SERVICE]);
    if let Some(account) = account {
        cmd.args(["username", account]);
    }
    let out = cmd.output().expect("secret-tool runs");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// How many items the service has.
fn items_count(keyring: &Keyring) -> usize {
    let (stdout, _) = search(keyring, None);
    stdout.lines().filter(|l| l.starts_with("label = ")).count()
}

/// The fields (`label`, `secret`, `attribute.service`, ...) of the one item of `account`.
fn item(keyring: &Keyring, account: &str) -> BTreeMap<String, String> {
    let (stdout, stderr) = search(keyring, Some(account));
    assert_eq!(
        stdout.lines().filter(|l| l.starts_with("label = ")).count(),
        1,
        "one item for {account}:\n{stdout}{stderr}"
    );
    stdout
        .lines()
        .chain(stderr.lines())
        .filter_map(|line| line.split_once(" = "))
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect()
}

/// Locks the login collection the way a screen locker would (Service.Lock on the session bus).
fn lock_login_collection(keyring: &Keyring) {
    let out = keyring
        .command("dbus-send")
        .args([
            "--session",
            "--dest=org.freedesktop.secrets",
            "--print-reply",
            "/org/freedesktop/secrets",
            "org.freedesktop.Secret.Service.Lock",
            "array:objpath:/org/freedesktop/secrets/collection/login",
        ])
        .output()
        .expect("dbus-send runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Stops the gnome-keyring this test started; the bus stays, and activates nothing.
fn stop_the_keyring_daemon(keyring: &Keyring) {
    let [_, daemon] = keyring.pids();
    let killed = Command::new("kill")
        .arg(daemon.to_string())
        .status()
        .unwrap();
    assert!(killed.success());
    let deadline = Instant::now() + Duration::from_secs(5);
    while secrets_has_owner(keyring) {
        assert!(Instant::now() < deadline, "gnome-keyring did not stop");
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn secrets_has_owner(keyring: &Keyring) -> bool {
    let out = keyring
        .command("dbus-send")
        .args([
            "--session",
            "--dest=org.freedesktop.DBus",
            "--print-reply",
            "/org/freedesktop/DBus",
            "org.freedesktop.DBus.NameHasOwner",
            "string:org.freedesktop.secrets",
        ])
        .output()
        .expect("dbus-send runs");
    String::from_utf8_lossy(&out.stdout).contains("boolean true")
}

#[test]
fn get_many_reads_both_entries_one_or_none_in_the_order_asked() {
    let keyring = Keyring::start();
    let client = client(&keyring, Algorithm::PlainFirst);
    let accounts = ["default", "default/access-token"];

    assert_eq!(client.get_many(&accounts).unwrap(), [None, None]);

    keyring.store(SERVICE, "default/access-token", "{\"access_token\":\"a\"}");
    assert_eq!(
        client.get_many(&accounts).unwrap(),
        [None, Some("{\"access_token\":\"a\"}".to_owned())]
    );

    keyring.store(SERVICE, "default", "{\"refresh_token\":\"r\"}");
    assert_eq!(
        client.get_many(&accounts).unwrap(),
        some(&["{\"refresh_token\":\"r\"}", "{\"access_token\":\"a\"}"])
    );
    assert_eq!(
        client
            .get_many(&["default/access-token", "other", "default"])
            .unwrap(),
        [
            Some("{\"access_token\":\"a\"}".to_owned()),
            None,
            Some("{\"refresh_token\":\"r\"}".to_owned())
        ]
    );
    assert_eq!(client.get_many(&[]).unwrap(), Vec::<Option<String>>::new());
}

#[test]
fn what_we_write_is_found_by_secret_tool_with_the_contracts_attributes() {
    let keyring = Keyring::start();
    let client = client(&keyring, Algorithm::PlainFirst);
    client.set("default", "grant ✓\n").unwrap();
    client.set("default/access-token", "token").unwrap();

    assert_eq!(
        keyring.lookup(SERVICE, "default").as_deref(),
        Some("grant ✓\n")
    );
    assert_eq!(
        keyring.lookup(SERVICE, "default/access-token").as_deref(),
        Some("token")
    );
    assert_eq!(items_count(&keyring), 2);
    for account in ["default", "default/access-token"] {
        let item = item(&keyring, account);
        let attributes: Vec<(&str, &str)> = item
            .iter()
            .filter_map(|(k, v)| Some((k.strip_prefix("attribute.")?, v.as_str())))
            .collect();
        // Exactly what keyring-core's store wrote, so entries from either are the same entry.
        assert_eq!(
            attributes,
            [("service", SERVICE), ("username", account)],
            "{item:#?}"
        );
        assert_eq!(item["label"], format!("rally-m365: {account}"));
    }
}

#[test]
fn what_secret_tool_or_the_old_store_wrote_is_read() {
    let keyring = Keyring::start();
    // The label keyring-core's store gave its items; the attributes are the lookup key.
    keyring.store(SERVICE, "default", "from secret-tool");
    for algorithm in [Algorithm::PlainFirst, Algorithm::Encrypted] {
        assert_eq!(
            client(&keyring, algorithm).get_many(&["default"]).unwrap(),
            some(&["from secret-tool"]),
            "{algorithm:?}"
        );
    }
}

#[test]
fn a_write_replaces_the_existing_item_in_place() {
    let keyring = Keyring::start();
    keyring.store(SERVICE, "default", "written by secret-tool");
    let client = client(&keyring, Algorithm::PlainFirst);
    client.set("default", "first").unwrap();
    client.set("default", "second").unwrap();
    assert_eq!(items_count(&keyring), 1);
    assert_eq!(item(&keyring, "default")["secret"], "second");
    assert_eq!(client.get_many(&["default"]).unwrap(), some(&["second"]));
    // Other accounts are untouched.
    client.set("other", "x").unwrap();
    client.set("default", "third").unwrap();
    assert_eq!(keyring.lookup(SERVICE, "other").as_deref(), Some("x"));
    assert_eq!(items_count(&keyring), 2);
}

#[test]
fn delete_removes_the_entry_and_is_idempotent() {
    let keyring = Keyring::start();
    let client = client(&keyring, Algorithm::PlainFirst);
    client.set("default", "v").unwrap();
    client.set("other", "w").unwrap();
    assert!(client.delete("default").unwrap());
    assert_eq!(keyring.lookup(SERVICE, "default"), None);
    assert_eq!(keyring.lookup(SERVICE, "other").as_deref(), Some("w"));
    assert!(!client.delete("default").unwrap());
    assert_eq!(client.get_many(&["default"]).unwrap(), [None]);
}

#[test]
fn the_encrypted_session_interoperates_with_secret_tool_both_ways() {
    let keyring = Keyring::start();
    let client = client(&keyring, Algorithm::Encrypted);
    // Lengths around the AES block size catch padding mistakes.
    for value in [
        "",
        "x",
        "0123456789abcde",
        "0123456789abcdef",
        "ünïcødé ✓ 0123456789abcdef0",
    ] {
        client.set("default", value).unwrap();
        assert_eq!(keyring.lookup(SERVICE, "default").as_deref(), Some(value));
        keyring.store(SERVICE, "default", &format!("{value}!"));
        assert_eq!(
            client.get_many(&["default"]).unwrap(),
            some(&[&format!("{value}!")])
        );
    }
}

#[test]
fn a_locked_collection_is_a_store_error_that_says_unlock() {
    let keyring = Keyring::start();
    keyring.store(SERVICE, "default", "v");
    let client = client(&keyring, Algorithm::PlainFirst);
    lock_login_collection(&keyring);
    // The private session has no prompter, so gnome-keyring cannot ask for the password: the
    // unlock prompt is dismissed at once, as when a user cancels the dialog.
    let read = client
        .get_many(&["default", "default/access-token"])
        .unwrap_err();
    let write = client.set("default", "new").unwrap_err();
    let delete = client.delete("default").unwrap_err();
    for e in [read, write, delete] {
        assert!(e.is(ErrorKind::Store), "{e:?}");
        assert_eq!(e.exit().code(), 1);
        assert!(e.to_string().contains("locked"), "{e}");
        assert_eq!(e.hint(), Some(hints::unlock_keychain().as_str()));
    }
}

#[test]
fn no_secret_service_on_the_bus_is_a_store_error_with_the_fix() {
    let keyring = Keyring::start();
    let client = client(&keyring, Algorithm::PlainFirst);
    stop_the_keyring_daemon(&keyring);
    let e = client.get_many(&["default"]).unwrap_err();
    assert!(e.is(ErrorKind::Store), "{e:?}");
    assert!(e.to_string().starts_with("no keychain"), "{e}");
    assert_eq!(e.hint(), Some(hints::no_keychain().as_str()));
}

#[test]
fn connect_without_a_secret_service_fails_before_signing_in() {
    let world = World::with_keychain();
    stop_the_keyring_daemon(world.keychain());
    let outcome = world.run(&["connect", "--no-browser", "--timeout", "5"]);
    assert_eq!(outcome.code, 1, "{outcome:#?}");
    assert!(outcome.stderr.contains("no keychain"), "{}", outcome.stderr);
    assert!(
        outcome.stderr.contains("--token-store file"),
        "{}",
        outcome.stderr
    );
    assert_eq!(
        world.control().requests().len(),
        0,
        "nothing may happen before the store works"
    );
}

#[test]
fn the_vault_loads_grant_and_cached_token_in_one_read() {
    let keyring = Keyring::start();
    let store =
        SecretStore::SecretService(std::sync::Arc::new(client(&keyring, Algorithm::PlainFirst)));
    let vault = TokenVault::new(store, ProfileName::parse("default").unwrap());
    let (grant, access) = vault.load_grant_and_access().unwrap();
    assert!(grant.is_none() && access.is_none());

    // A cache entry that does not parse is a miss; a grant that does not parse is an error.
    keyring.store(SERVICE, "default/access-token", "not json");
    let (grant, access) = vault.load_grant_and_access().unwrap();
    assert!(grant.is_none() && access.is_none());
    keyring.store(SERVICE, "default", "not json");
    let e = vault.load_grant_and_access().unwrap_err();
    assert!(e.is(ErrorKind::Store), "{e:?}");
    assert!(e.to_string().contains("unreadable"), "{e}");
}

#[test]
fn status_with_a_locked_keychain_exits_1_and_says_unlock() {
    let world = World::with_keychain();
    world.connected();
    lock_login_collection(world.keychain());
    let outcome = world.run(&["status"]);
    assert_eq!(outcome.code, 1, "{outcome:#?}");
    assert!(outcome.stderr.contains("locked"), "{}", outcome.stderr);
    assert!(
        outcome.stderr.contains(&hints::unlock_keychain()),
        "{}",
        outcome.stderr
    );
}
