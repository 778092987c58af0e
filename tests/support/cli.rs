//! Running the real binary against a sandbox tenant in a private HOME, with its tokens in the
//! file store or a private keychain: the user's view.

use std::ffi::OsStr;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use rally_m365::sandbox::{
    BrowserAction, BrowserOutcome, Control, SandboxHandle, SandboxOptions, Seed,
};

use super::home::TestHome;
use super::secret_service::SecretService;

pub const BIN: &str = env!("CARGO_BIN_EXE_rally-m365");

/// The binary under test: this build's, or `RALLY_M365_BIN` (benchmarks measure a release
/// binary built once, without rebuilding the harness in release mode).
pub fn bin() -> String {
    std::env::var("RALLY_M365_BIN").unwrap_or_else(|_| BIN.to_owned())
}

/// What a finished command left behind.
#[derive(Debug)]
pub struct Outcome {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
    /// The arguments the test gave the binary (after the world's own).
    pub args: Vec<String>,
}

impl Outcome {
    /// stdout as JSON, checked against the schema `rally-m365 schema` publishes for the
    /// command that ran (not for a `--jq` filter's output, which is the user's own shape).
    pub fn json(&self) -> serde_json::Value {
        let json = serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", self.stdout));
        if !self
            .args
            .iter()
            .any(|a| a == "--jq" || a.starts_with("--jq="))
        {
            let command = super::schema::command_of(&self.args)
                .unwrap_or_else(|| panic!("which command printed JSON? {:?}", self.args));
            super::schema::assert_valid(&command, &json);
        }
        json
    }

    /// The row of `permission` in a `status --json` / `connect --json` answer.
    pub fn permission(&self, permission: &str) -> serde_json::Value {
        self.json()["permissions"]
            .as_array()
            .expect("a permissions array")
            .iter()
            .find(|p| p["permission"] == permission)
            .unwrap_or_else(|| panic!("no {permission} row in:\n{}", self.stdout))
            .clone()
    }

    /// Fails the test if any secret the sandbox issued or received shows up in the output:
    /// codes, access and refresh tokens, device codes, PKCE verifiers. The PKCE challenge is
    /// public by design (it travels in the sign-in URL), so it is the one value let through.
    pub fn assert_no_secret(&self, control: &Control) {
        let printed_challenges: Vec<String> = self
            .stderr
            .lines()
            .filter_map(|l| url::Url::parse(l.trim()).ok())
            .flat_map(|u| {
                u.query_pairs()
                    .filter(|(k, _)| k == "code_challenge")
                    .map(|(_, v)| v.into_owned())
                    .collect::<Vec<_>>()
            })
            .collect();
        for secret in control.issued_secrets() {
            if printed_challenges.contains(&secret) {
                continue;
            }
            assert!(
                !self.stdout.contains(&secret) && !self.stderr.contains(&secret),
                "a secret ({}…) leaked into the output:\nstdout:\n{}\nstderr:\n{}",
                &secret[..secret.len().min(6)],
                self.stdout,
                self.stderr
            );
        }
    }
}

/// The user code in Microsoft's device-code message ("... enter the code ABCD12345 to ...").
pub fn user_code(message: &str) -> String {
    message
        .split_whitespace()
        .skip_while(|w| *w != "code")
        .nth(1)
        .unwrap_or_else(|| panic!("no user code in: {message}"))
        .to_owned()
}

/// Where the binary under test keeps its tokens in a [`World`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tokens {
    /// `--token-store file` in the world's private HOME, and no D-Bus at all: for every test
    /// whose subject is not the keychain (no daemons to start, no Secret Service round trips).
    File,
    /// The default store, the keychain: a real Secret Service (a private dbus-daemon and
    /// gnome-keyring), for the tests about the keychain.
    Keychain,
    /// The default store on a machine with no Secret Service: the session bus points nowhere.
    NoKeychain,
}

/// A private HOME, a sandbox tenant, the binary pointed at both, and its token store.
pub struct World {
    pub sandbox: SandboxHandle,
    tokens: Tokens,
    place: Place,
    extra_env: Vec<(String, String)>,
}

enum Place {
    Home(TestHome),
    Keychain(SecretService),
}

impl World {
    /// An empty tenant; tokens in the file store.
    pub fn start() -> World {
        Self::new(Tokens::File, empty_tenant())
    }

    /// An empty tenant; tokens in a real, private Secret Service.
    pub fn with_keychain() -> World {
        Self::new(Tokens::Keychain, empty_tenant())
    }

    /// An empty tenant; the default (keychain) store, but no Secret Service on the bus.
    pub fn without_keychain() -> World {
        Self::new(Tokens::NoKeychain, empty_tenant())
    }

    /// The tenant `options` describe; tokens in the file store.
    pub fn with_options(options: SandboxOptions) -> World {
        Self::new(Tokens::File, options)
    }

    pub fn new(tokens: Tokens, options: SandboxOptions) -> World {
        let place = match tokens {
            Tokens::Keychain => Place::Keychain(SecretService::start()),
            Tokens::File | Tokens::NoKeychain => Place::Home(TestHome::new("rally-home-")),
        };
        World {
            sandbox: SandboxHandle::start(options).expect("sandbox starts"),
            tokens,
            place,
            extra_env: Vec::new(),
        }
    }

    pub fn control(&self) -> Control {
        self.sandbox.control()
    }

    /// Waits until a `Hold` fault holds `n` requests (another process's request is in flight):
    /// a barrier, failing only if it never happens within 20 s.
    pub fn wait_until_held(&self, n: usize) {
        let deadline = std::time::Instant::now() + Duration::from_secs(20);
        while self.control().held() < n {
            assert!(
                std::time::Instant::now() < deadline,
                "no request was held within 20 s"
            );
            thread::sleep(Duration::from_millis(10));
        }
    }

    pub fn set_env(&mut self, key: &str, value: &str) {
        self.extra_env.push((key.to_owned(), value.to_owned()));
    }

    /// The private Secret Service. Panics in a world without one: such a test must start
    /// with [`World::with_keychain`].
    pub fn keychain(&self) -> &SecretService {
        match &self.place {
            Place::Keychain(keychain) => keychain,
            Place::Home(_) => {
                panic!("this World has no keychain: start it with World::with_keychain()")
            }
        }
    }

    /// The private Secret Service, to lock or restart it.
    pub fn keychain_mut(&mut self) -> &mut SecretService {
        match &mut self.place {
            Place::Keychain(keychain) => keychain,
            Place::Home(_) => {
                panic!("this World has no keychain: start it with World::with_keychain()")
            }
        }
    }

    /// The private `HOME` the binary runs with.
    pub fn home(&self) -> &Path {
        match &self.place {
            Place::Keychain(keychain) => keychain.home(),
            Place::Home(home) => home.home(),
        }
    }

    /// The binary, with the world's HOME and token store and the sandbox's URLs.
    pub fn command(&self) -> Command {
        let mut cmd = self.plain_command(bin());
        let base = self.sandbox.base_url();
        cmd.env("RALLY_M365_AUTHORITY_HOST", &base)
            .env("RALLY_M365_GRAPH_URL", &base)
            .env("NO_COLOR", "1")
            .env_remove("BROWSER")
            .stdin(Stdio::null());
        for (k, v) in &self.extra_env {
            cmd.env(k, v);
        }
        cmd
    }

    /// `program` with the world's HOME and token store only (no sandbox URLs), e.g. for a
    /// `sandbox serve` of a test's own.
    pub fn plain_command(&self, program: impl AsRef<OsStr>) -> Command {
        let mut cmd = match &self.place {
            Place::Keychain(keychain) => keychain.command(program),
            Place::Home(home) => {
                let mut envs = home.envs();
                // A bus that does not exist: nothing can reach the developer's own keychain.
                let nowhere = home.root().join("no-bus");
                envs.push((
                    "DBUS_SESSION_BUS_ADDRESS".into(),
                    format!("unix:path={}", nowhere.display()),
                ));
                home.command(program, &envs)
            }
        };
        if self.tokens == Tokens::File {
            // A global flag: valid before any subcommand.
            cmd.args(["--token-store", "file"]);
        }
        cmd
    }

    pub fn run(&self, args: &[&str]) -> Outcome {
        let output = self.command().args(args).output().expect("binary runs");
        Outcome {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
            args: owned(args),
        }
    }

    /// `connect --no-browser ARGS`, acting as the user's browser on the printed URL.
    pub fn connect(&self, args: &[&str], action: BrowserAction) -> (Outcome, BrowserOutcome) {
        let mut full = vec!["connect", "--no-browser"];
        full.extend_from_slice(args);
        let mut session = self.spawn(&full);
        let url = session.wait_for_line(|l| l.contains("/oauth2/v2.0/authorize?"));
        let browser = self
            .sandbox
            .browser_sign_in(&url, action)
            .expect("browser reaches the sandbox");
        (session.finish(), browser)
    }

    /// Connects the default way and checks it worked.
    pub fn connected(&self) -> Outcome {
        let (outcome, _) = self.connect(&[], BrowserAction::Approve);
        assert_eq!(outcome.code, 0, "connect failed: {outcome:#?}");
        outcome
    }

    pub fn spawn(&self, args: &[&str]) -> Running {
        let mut child = self
            .command()
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("binary starts");
        let (tx, rx) = mpsc::channel();
        let stderr = child.stderr.take().expect("piped");
        let reader = thread::spawn(move || {
            let mut all = String::new();
            for line in BufReader::new(stderr).lines() {
                let Ok(line) = line else { break };
                all.push_str(&line);
                all.push('\n');
                let _ = tx.send(line);
            }
            all
        });
        Running {
            child,
            lines: rx,
            reader: Some(reader),
            args: owned(args),
        }
    }

    /// What the world's token store holds under `account` (`default`, `default/access-token`):
    /// read with secret-tool from the keychain (what a user would see), or the token file.
    pub fn stored(&self, account: &str) -> Option<String> {
        match self.tokens {
            Tokens::Keychain => self.keychain().lookup("rally-m365", account),
            Tokens::File | Tokens::NoKeychain => {
                let file = format!("{}.json", account.replace('/', "%2F"));
                let path = self
                    .home()
                    .join(".local/share/rally-m365/tokens")
                    .join(file);
                match std::fs::read_to_string(&path) {
                    Ok(text) => Some(text),
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
                    Err(e) => panic!("cannot read {}: {e}", path.display()),
                }
            }
        }
    }

    /// The stored grant of a profile, as JSON.
    pub fn stored_grant(&self, profile: &str) -> Option<serde_json::Value> {
        self.stored(profile)
            .map(|text| serde_json::from_str(&text).expect("the stored grant is JSON"))
    }
}

/// `args` as the strings an [`Outcome`] keeps.
pub fn owned(args: &[&str]) -> Vec<String> {
    args.iter().map(|a| (*a).to_owned()).collect()
}

fn empty_tenant() -> SandboxOptions {
    SandboxOptions {
        seed: Seed::Empty,
        ..SandboxOptions::default()
    }
}

/// A command still running, whose stderr is read line by line.
pub struct Running {
    child: Child,
    lines: mpsc::Receiver<String>,
    reader: Option<thread::JoinHandle<String>>,
    args: Vec<String>,
}

impl Running {
    /// The first stderr line matching `pred` (panics after 20 s).
    pub fn wait_for_line(&mut self, pred: impl Fn(&str) -> bool) -> String {
        loop {
            match self.lines.recv_timeout(Duration::from_secs(20)) {
                Ok(line) if pred(&line) => return line.trim().to_owned(),
                Ok(_) => continue,
                Err(_) => {
                    let _ = self.child.kill();
                    panic!("the expected line never appeared on stderr");
                }
            }
        }
    }

    /// The process id (to send it a signal).
    pub fn id(&self) -> u32 {
        self.child.id()
    }

    /// SIGKILL: the process dies wherever it is, as on a power loss.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    pub fn finish(mut self) -> Outcome {
        let mut stdout = String::new();
        if let Some(mut out) = self.child.stdout.take() {
            let _ = out.read_to_string(&mut stdout);
        }
        let status = self.child.wait().expect("wait");
        let stderr = self
            .reader
            .take()
            .map(|r| r.join().unwrap_or_default())
            .unwrap_or_default();
        Outcome {
            code: status.code().unwrap_or(-1),
            stdout,
            stderr,
            args: std::mem::take(&mut self.args),
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
