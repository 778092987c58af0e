//! Tests of the test harness itself: `support::secret_service::SecretService` must give a real,
//! working Secret Service that is private to one test and leaves nothing behind.

mod support;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::process::Command;
use std::thread;
use std::time::Instant;

use support::secret_service::SecretService;

const SERVICE: &str = "rally-m365-harness-test";

#[test]
fn store_then_lookup_in_the_same_session() {
    let started = Instant::now();
    let ss = SecretService::start();
    eprintln!("SecretService::start() took {:?}", started.elapsed());

    assert_eq!(ss.lookup(SERVICE, "alice"), None);
    ss.store(SERVICE, "alice", "tok-123");
    assert_eq!(ss.lookup(SERVICE, "alice").as_deref(), Some("tok-123"));

    // Overwrite in place, other users untouched, exact bytes (no newline added or removed).
    ss.store(SERVICE, "alice", "line 1\nline 2 ✓\n");
    ss.store(SERVICE, "bob", "tok-bob");
    assert_eq!(
        ss.lookup(SERVICE, "alice").as_deref(),
        Some("line 1\nline 2 ✓\n")
    );
    assert_eq!(ss.lookup(SERVICE, "bob").as_deref(), Some("tok-bob"));
    assert_eq!(ss.lookup("other-service", "alice"), None);

    ss.clear(SERVICE, "alice");
    assert_eq!(ss.lookup(SERVICE, "alice"), None);
    assert_eq!(ss.lookup(SERVICE, "bob").as_deref(), Some("tok-bob"));
    ss.clear(SERVICE, "alice"); // clearing a missing item is a no-op

    // The keyring file lives in the sandbox HOME (XDG_DATA_HOME), nowhere else.
    assert!(ss.home().join(".local/share/keyrings").is_dir());
}

#[test]
fn two_simultaneous_sessions_do_not_see_each_other() {
    // Start both at the same time to exercise parallel start-up as well.
    let a = thread::spawn(SecretService::start);
    let b = thread::spawn(SecretService::start);
    let (a, b) = (a.join().unwrap(), b.join().unwrap());

    assert_ne!(a.bus_address(), b.bus_address());
    assert_ne!(a.home(), b.home());

    a.store(SERVICE, "carol", "from-a");
    assert_eq!(b.lookup(SERVICE, "carol"), None);
    b.store(SERVICE, "carol", "from-b");
    assert_eq!(a.lookup(SERVICE, "carol").as_deref(), Some("from-a"));
    assert_eq!(b.lookup(SERVICE, "carol").as_deref(), Some("from-b"));

    b.clear(SERVICE, "carol");
    assert_eq!(a.lookup(SERVICE, "carol").as_deref(), Some("from-a"));
    assert_eq!(b.lookup(SERVICE, "carol"), None);
}

#[test]
fn drop_stops_both_daemons_and_removes_the_temp_dir() {
    let ss = SecretService::start();
    ss.store(SERVICE, "dave", "x");
    let pids = ss.pids();
    let root = ss.root().to_path_buf();
    let names = ["dbus-daemon", "gnome-keyring-daemon"];
    for (pid, name) in pids.iter().zip(names) {
        assert!(
            process_cmdline(*pid).is_some_and(|c| c.contains(name)),
            "pid {pid} should be a running {name}"
        );
    }
    assert!(
        !processes_mentioning(&root).is_empty(),
        "the /proc scan should find the running daemons"
    );

    drop(ss);

    for (pid, name) in pids.iter().zip(names) {
        // The pid is reaped; if the number was already reused, it is not our daemon.
        assert!(
            !process_cmdline(*pid).is_some_and(|c| c.contains(name)),
            "{name} (pid {pid}) is still running after drop"
        );
    }
    assert_eq!(
        processes_mentioning(&root),
        Vec::<u32>::new(),
        "processes still refer to {}",
        root.display()
    );
    assert!(!root.exists(), "{} was not removed", root.display());
}

#[test]
fn env_points_into_the_sandbox_only() {
    let ss = SecretService::start();
    let root = ss.root();
    let real_home = std::env::var("HOME")
        .ok()
        .filter(|h| !h.is_empty() && h != "/");

    let envs: BTreeMap<String, String> = ss.envs().into_iter().collect();
    for key in [
        "DBUS_SESSION_BUS_ADDRESS",
        "HOME",
        "XDG_CONFIG_HOME",
        "XDG_DATA_HOME",
        "XDG_CACHE_HOME",
        "XDG_STATE_HOME",
        "XDG_RUNTIME_DIR",
    ] {
        let value = envs
            .get(key)
            .unwrap_or_else(|| panic!("envs() lacks {key}"));
        if key == "DBUS_SESSION_BUS_ADDRESS" {
            let socket = root.join("bus");
            assert!(
                value.starts_with(&format!("unix:path={},", socket.display())),
                "{key}={value}"
            );
        } else {
            assert!(Path::new(value).starts_with(root), "{key}={value}");
            assert!(Path::new(value).is_dir(), "{key}={value} does not exist");
        }
    }
    assert_eq!(Path::new(&envs["HOME"]), ss.home());

    // What a child process really sees.
    let child = child_env(&ss);
    for (key, value) in &child {
        if !(key == "HOME" || key.starts_with("XDG_") || key.starts_with("DBUS_")) {
            continue;
        }
        assert_eq!(envs.get(key), Some(value), "child sees {key}={value}");
        if let Some(home) = &real_home {
            assert!(
                !Path::new(value).starts_with(home) || root.starts_with(home),
                "child env refers to the real HOME: {key}={value}"
            );
        }
    }
    assert!(!child.keys().any(|k| k.starts_with("RALLY_M365_")));
}

/// Runs itself again with a polluted environment (a fake session bus, XDG dirs and
/// `RALLY_M365_*` settings); in that child process the harness must still work and
/// `command()` must hide all of it.
#[test]
fn command_hides_the_callers_session_variables() {
    const CHILD_MARK: &str = "SECRET_SERVICE_SUPPORT_CHILD";
    const LEAK: &str = "/leaked-from-caller";
    if std::env::var_os(CHILD_MARK).is_none() {
        let out = Command::new(std::env::current_exe().unwrap())
            .args([
                "command_hides_the_callers_session_variables",
                "--exact",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(CHILD_MARK, "1")
            .env("DBUS_SESSION_BUS_ADDRESS", format!("unix:path={LEAK}/bus"))
            .env("XDG_CONFIG_HOME", format!("{LEAK}/config"))
            .env("XDG_DATA_HOME", format!("{LEAK}/data"))
            .env("XDG_RUNTIME_DIR", format!("{LEAK}/run"))
            .env("GNOME_KEYRING_CONTROL", format!("{LEAK}/keyring"))
            .env("RALLY_M365_CLIENT_ID", LEAK)
            .env("RALLY_M365_CONFIG", format!("{LEAK}/config.toml"))
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success() && stdout.contains("1 passed"),
            "child run failed ({}):\n{stdout}\n{}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
        return;
    }

    let ss = SecretService::start();
    ss.store(SERVICE, "erin", "seeded");
    assert_eq!(ss.lookup(SERVICE, "erin").as_deref(), Some("seeded"));
    let child = child_env(&ss);
    for (key, value) in &child {
        assert!(
            !value.contains(LEAK) && !key.starts_with("RALLY_M365_"),
            "command() leaks {key}={value}"
        );
    }
    assert_eq!(child.get(CHILD_MARK).map(String::as_str), Some("1"));
}

/// The environment that `ss.command(..)` gives a child, as printed by `env -0`.
fn child_env(ss: &SecretService) -> BTreeMap<String, String> {
    let out = ss.command("env").arg("-0").output().unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout)
        .unwrap()
        .split('\0')
        .filter_map(|kv| kv.split_once('='))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn process_cmdline(pid: u32) -> Option<String> {
    let raw = fs::read(format!("/proc/{pid}/cmdline")).ok()?;
    Some(String::from_utf8_lossy(&raw).replace('\0', " "))
}

/// Pids of live processes whose command line or environment mentions `path`.
fn processes_mentioning(path: &Path) -> Vec<u32> {
    let needle = path.to_string_lossy().into_owned();
    let mut pids: Vec<u32> = fs::read_dir("/proc")
        .unwrap()
        .filter_map(|entry| entry.ok()?.file_name().to_str()?.parse().ok())
        .filter(|pid: &u32| {
            ["cmdline", "environ"].iter().any(|file| {
                fs::read(format!("/proc/{pid}/{file}"))
                    .is_ok_and(|raw| String::from_utf8_lossy(&raw).contains(&needle))
            })
        })
        .collect();
    pids.sort_unstable();
    pids
}
