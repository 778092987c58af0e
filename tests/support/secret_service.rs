//! A real Secret Service (gnome-keyring) on a private D-Bus session bus, for end-to-end tests.
//!
//! Every [`SecretService`] owns a fresh [`TestHome`] (a temp dir with a fake `HOME` and all
//! `XDG_*` dirs) that also holds the bus socket, so tests can run in parallel threads and never
//! touch the developer's own keychain or config. Dropping it kills and reaps both daemons and
//! removes the temp dir. Only tests about the keychain need one: the others keep their tokens
//! in the file store of a plain [`TestHome`] (see `World`).
//!
//! ```ignore
//! let keychain = SecretService::start();
//! let out = keychain.command(env!("CARGO_BIN_EXE_rally-m365")).arg("status").output().unwrap();
//! assert_eq!(keychain.lookup("rally-m365", "bob").as_deref(), Some("tok-123"));
//! ```
//!
//! Layout of the temp dir (`root()`):
//! `bus` (socket), `dbus.conf`, `dbus-daemon.log`, `gnome-keyring.log`, `runtime/` (0700,
//! `XDG_RUNTIME_DIR`), `home/` (`HOME`) with `.config`, `.local/share`, `.cache`, `.local/state`.

use std::ffi::OsStr;
use std::fs;
use std::io::{BufRead, BufReader, Write};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

const INSTALL_HINT: &str = "run .ci/test, which installs gnome-keyring dbus libsecret-tools";
const REQUIRED_PROGRAMS: [&str; 4] = [
    "gnome-keyring-daemon",
    "dbus-daemon",
    "secret-tool",
    "dbus-send",
];
/// Upper bound for each of the two waits in `start()` (bus address, then the secrets bus name).
const START_TIMEOUT: Duration = Duration::from_secs(5);
const POLL_INTERVAL: Duration = Duration::from_millis(20);
/// Password of the throw-away login keyring (gnome-keyring needs a non-empty one to unlock).
const KEYRING_PASSWORD: &str = "rally-m365-test-keyring";
const SECRETS_BUS_NAME: &str = "org.freedesktop.secrets";

use super::home::TestHome;

/// A private dbus-daemon plus an unlocked gnome-keyring-daemon (secrets component only).
pub struct SecretService {
    dir: TestHome,
    bus_address: String,
    dbus: Option<Child>,
    keyring: Option<Child>,
}

impl SecretService {
    /// Starts a private dbus-daemon (session bus with its own unix socket in a temp dir) and a
    /// gnome-keyring-daemon (`--unlock --foreground --components=secrets`) on it, then waits
    /// (at most ~5 s per step) until `org.freedesktop.secrets` has an owner.
    ///
    /// The bus has no service directories, so nothing can be D-Bus-activated behind our back
    /// (an activated gnome-keyring would come up locked and outlive the test).
    ///
    /// Panics with a clear message if the programs are missing or a daemon fails to come up.
    pub fn start() -> SecretService {
        let missing: Vec<&str> = REQUIRED_PROGRAMS
            .into_iter()
            .filter(|p| find_in_path(p).is_none())
            .collect();
        if !missing.is_empty() {
            panic!(
                "SecretService: {} not found on PATH; {INSTALL_HINT}",
                missing.join(", ")
            );
        }

        let dir = TestHome::new("rally-ss-");
        let root = dir.root().to_path_buf();
        // Built before anything is spawned, so a panic further down still runs Drop.
        let mut ss = SecretService {
            dir,
            bus_address: String::new(),
            dbus: None,
            keyring: None,
        };

        // --- dbus-daemon -------------------------------------------------------------------
        let socket = root.join("bus");
        let config = root.join("dbus.conf");
        fs::write(&config, dbus_config(&socket)).expect("SecretService: cannot write dbus.conf");
        let mut dbus = Command::new("dbus-daemon");
        dbus.arg(format!("--config-file={}", config.display()))
            .args(["--nofork", "--print-address"])
            .env_clear()
            .envs(base_env())
            .envs(ss.dir.envs())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(ss.log_file("dbus-daemon.log"));
        let mut dbus = dbus.spawn().unwrap_or_else(|e| {
            panic!("SecretService: cannot spawn dbus-daemon: {e}; {INSTALL_HINT}")
        });
        let stdout = dbus.stdout.take().expect("piped stdout");
        ss.dbus = Some(dbus);

        let (tx, rx) = mpsc::channel();
        thread::spawn(move || {
            let mut line = String::new();
            let _ = BufReader::new(stdout).read_line(&mut line);
            let _ = tx.send(line);
        });
        let address = match rx.recv_timeout(START_TIMEOUT) {
            Ok(line) if !line.trim().is_empty() => line.trim().to_string(),
            Ok(_) => panic!(
                "SecretService: dbus-daemon exited without printing its address\n{}",
                ss.logs()
            ),
            Err(_) => panic!(
                "SecretService: dbus-daemon printed no address within {START_TIMEOUT:?}\n{}",
                ss.logs()
            ),
        };
        ss.bus_address = address;

        ss.spawn_keyring();
        ss
    }

    /// Starts gnome-keyring-daemon on the bus and waits until it owns the secrets name. With
    /// the same `HOME` and password, a restarted daemon opens the same login keyring, unlocked.
    fn spawn_keyring(&mut self) {
        // --- gnome-keyring-daemon ----------------------------------------------------------
        let mut keyring = Command::new("gnome-keyring-daemon");
        keyring
            .args(["--unlock", "--foreground", "--components=secrets"])
            .env_clear()
            .envs(base_env())
            .envs(self.envs())
            .stdin(Stdio::piped())
            .stdout(self.log_file("gnome-keyring.log"))
            .stderr(self.log_file("gnome-keyring.log"));
        let mut keyring = keyring.spawn().unwrap_or_else(|e| {
            panic!("SecretService: cannot spawn gnome-keyring-daemon: {e}; {INSTALL_HINT}")
        });
        let stdin = keyring.stdin.take();
        self.keyring = Some(keyring);
        // The password is read up to EOF, so the pipe is closed (dropped) right after. A write
        // error means the daemon already died, which the wait loop below reports with its log.
        let _ = stdin
            .expect("piped stdin")
            .write_all(KEYRING_PASSWORD.as_bytes());

        let deadline = Instant::now() + START_TIMEOUT;
        loop {
            if self.secrets_has_owner() {
                break;
            }
            if let Some(status) = self
                .keyring
                .as_mut()
                .and_then(|k| k.try_wait().ok().flatten())
            {
                panic!(
                    "SecretService: gnome-keyring-daemon exited early ({status})\n{}",
                    self.logs()
                );
            }
            if Instant::now() >= deadline {
                panic!(
                    "SecretService: {SECRETS_BUS_NAME} got no owner within {START_TIMEOUT:?}\n{}",
                    self.logs()
                );
            }
            thread::sleep(POLL_INTERVAL);
        }
    }

    /// Locks every collection (`org.freedesktop.Secret.Service.Lock`): reads and writes then
    /// need an unlock prompt, which this private session cannot show, so they fail.
    pub fn lock_all(&self) {
        let out = Command::new("dbus-send")
            .args([
                "--session",
                "--dest=org.freedesktop.secrets",
                "--type=method_call",
                "--print-reply",
                "/org/freedesktop/secrets",
                "org.freedesktop.Secret.Service.Lock",
                "array:objpath:/org/freedesktop/secrets/collection/login",
            ])
            .env_clear()
            .envs(base_env())
            .envs(self.envs())
            .stdin(Stdio::null())
            .output()
            .expect("dbus-send runs");
        assert!(
            out.status.success(),
            "locking the keyring failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// Stops gnome-keyring-daemon and starts it again, which unlocks the login keyring (what a
    /// user does by logging in again).
    pub fn restart_keyring(&mut self) {
        if let Some(mut old) = self.keyring.take() {
            let _ = old.kill();
            let _ = old.wait();
        }
        let deadline = Instant::now() + START_TIMEOUT;
        while self.secrets_has_owner() && Instant::now() < deadline {
            thread::sleep(POLL_INTERVAL);
        }
        self.spawn_keyring();
    }

    /// Environment for processes that must see this keychain: `DBUS_SESSION_BUS_ADDRESS`,
    /// `HOME` and the `XDG_*` base dirs, all pointing into the temp dir.
    pub fn envs(&self) -> Vec<(String, String)> {
        let mut envs = vec![(
            "DBUS_SESSION_BUS_ADDRESS".to_string(),
            self.bus_address.clone(),
        )];
        envs.extend(self.dir.envs());
        envs
    }

    /// The fake `HOME` (inside the temp dir).
    pub fn home(&self) -> &Path {
        self.dir.home()
    }

    /// The temp dir that holds everything (socket, logs, `home/`, `runtime/`).
    pub fn root(&self) -> &Path {
        self.dir.root()
    }

    /// The private bus address (also in `envs()`).
    pub fn bus_address(&self) -> &str {
        &self.bus_address
    }

    /// Process ids of `[dbus-daemon, gnome-keyring-daemon]`.
    pub fn pids(&self) -> [u32; 2] {
        [
            self.dbus.as_ref().map_or(0, Child::id),
            self.keyring.as_ref().map_or(0, Child::id),
        ]
    }

    /// `secret-tool lookup service <service> username <user>` in this session: `Some(secret)`
    /// (exactly as stored, no newline added) or `None` when there is no such item.
    /// Panics on any other failure (for example a locked keyring).
    pub fn lookup(&self, service: &str, user: &str) -> Option<String> {
        let out = self.secret_tool(&["lookup", "service", service, "username", user], None);
        if out.status.success() {
            Some(String::from_utf8(out.stdout).expect("secret-tool lookup: secret is not UTF-8"))
        } else if out.stderr.is_empty() {
            None
        } else {
            panic!(
                "secret-tool lookup service {service} username {user} failed ({}): {}",
                out.status,
                String::from_utf8_lossy(&out.stderr)
            )
        }
    }

    /// `secret-tool store` (secret passed on stdin, stored byte for byte). Replaces an
    /// existing item with the same attributes. The label matches the one keyring-core uses.
    pub fn store(&self, service: &str, user: &str, secret: &str) {
        let label = format!("--label=keyring:{user}@{service}");
        let args = ["store", &label, "service", service, "username", user];
        let out = self.secret_tool(&args, Some(secret));
        assert!(
            out.status.success(),
            "secret-tool store service {service} username {user} failed ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// `secret-tool clear service <service> username <user>`; no-op if there is no such item.
    pub fn clear(&self, service: &str, user: &str) {
        let out = self.secret_tool(&["clear", "service", service, "username", user], None);
        // Exit status 1 with nothing on stderr means "no matching item".
        assert!(
            out.status.success() || out.stderr.is_empty(),
            "secret-tool clear service {service} username {user} failed ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// A `Command` for the program under test: the caller's `HOME`, `DBUS_*`, `XDG_*`,
    /// `GNOME_KEYRING_*` and `RALLY_M365_*` variables are removed, then `envs()` is applied.
    /// Everything else (`PATH`, `RUST_LOG`, …) is inherited.
    pub fn command(&self, program: impl AsRef<OsStr>) -> Command {
        self.dir.command(program, &self.envs())
    }

    fn log_file(&self, name: &str) -> Stdio {
        fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(self.root().join(name))
            .map(Stdio::from)
            .unwrap_or_else(|_| Stdio::null())
    }

    fn logs(&self) -> String {
        ["dbus-daemon.log", "gnome-keyring.log"]
            .iter()
            .map(|name| {
                let text = fs::read_to_string(self.root().join(name)).unwrap_or_default();
                format!("--- {name} ---\n{}", text.trim_end())
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    fn secrets_has_owner(&self) -> bool {
        Command::new("dbus-send")
            .args([
                "--session",
                "--dest=org.freedesktop.DBus",
                "--type=method_call",
                "--print-reply",
                "/org/freedesktop/DBus",
                "org.freedesktop.DBus.NameHasOwner",
            ])
            .arg(format!("string:{SECRETS_BUS_NAME}"))
            .env_clear()
            .envs(base_env())
            .envs(self.envs())
            .stdin(Stdio::null())
            .stderr(Stdio::null())
            .output()
            .is_ok_and(|out| String::from_utf8_lossy(&out.stdout).contains("boolean true"))
    }

    fn secret_tool(&self, args: &[&str], stdin: Option<&str>) -> Output {
        let mut cmd = self.command("secret-tool");
        cmd.args(args)
            .stdin(if stdin.is_some() {
                Stdio::piped()
            } else {
                Stdio::null()
            })
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = cmd
            .spawn()
            .unwrap_or_else(|e| panic!("cannot run secret-tool: {e}; {INSTALL_HINT}"));
        if let Some(input) = stdin {
            let mut pipe = child.stdin.take().expect("piped stdin");
            pipe.write_all(input.as_bytes())
                .expect("cannot write the secret to secret-tool");
        }
        child
            .wait_with_output()
            .expect("cannot wait for secret-tool")
    }
}

impl Drop for SecretService {
    fn drop(&mut self) {
        // Keyring first, so it never sees its bus vanish; then the bus. The temp dir is removed
        // afterwards, when the `dir` field is dropped.
        for mut child in [self.keyring.take(), self.dbus.take()]
            .into_iter()
            .flatten()
        {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// The only caller variables the daemons get (besides `envs()`): a `PATH` to find helpers.
fn base_env() -> Vec<(String, String)> {
    let path = std::env::var("PATH").unwrap_or_else(|_| "/usr/bin:/bin".to_string());
    vec![("PATH".to_string(), path)]
}

fn find_in_path(program: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(program))
        .find(|candidate| {
            fs::metadata(candidate)
                .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
        })
}

/// A session-type bus listening on `socket` only, with no service dirs (no activation).
fn dbus_config(socket: &Path) -> String {
    let socket = socket
        .display()
        .to_string()
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    format!(
        r#"<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <keep_umask/>
  <listen>unix:path={socket}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"#
    )
}
