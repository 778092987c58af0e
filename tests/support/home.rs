//! A private HOME for one test: a temp dir holding `home/` (HOME and the XDG base dirs) and
//! `runtime/` (XDG_RUNTIME_DIR, 0700), so the binary under test never reads or writes the
//! developer's own config, tokens or locks. Removed on drop.
//!
//! Layout of `root()`: `home/` with `.config`, `.local/share`, `.cache`, `.local/state`, and
//! `runtime/`. [`super::secret_service::SecretService`] adds its bus socket and logs next to them.

use std::ffi::OsStr;
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;

pub struct TestHome {
    dir: tempfile::TempDir,
    home: PathBuf,
}

impl TestHome {
    /// A fresh temp dir named `<prefix>XXXXXX` with the layout above.
    pub fn new(prefix: &str) -> TestHome {
        let dir = tempfile::Builder::new()
            .prefix(prefix)
            .tempdir()
            .expect("TestHome: cannot create temp dir");
        let home = dir.path().join("home");
        for sub in [".config", ".local/share", ".cache", ".local/state"] {
            fs::create_dir_all(home.join(sub)).expect("TestHome: cannot create HOME");
        }
        let test_home = TestHome { dir, home };
        let runtime = test_home.runtime_dir();
        fs::create_dir(&runtime).expect("TestHome: cannot create XDG_RUNTIME_DIR");
        fs::set_permissions(&runtime, fs::Permissions::from_mode(0o700))
            .expect("TestHome: cannot chmod XDG_RUNTIME_DIR");
        test_home
    }

    /// The temp dir that holds everything.
    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// The fake `HOME` (inside the temp dir).
    pub fn home(&self) -> &Path {
        &self.home
    }

    pub fn runtime_dir(&self) -> PathBuf {
        self.root().join("runtime")
    }

    /// `$XDG_DATA_HOME`, where the file token store keeps `rally-m365/tokens/`.
    pub fn data_dir(&self) -> PathBuf {
        self.home.join(".local/share")
    }

    /// `HOME` and every `XDG_*` base dir, all pointing into the temp dir.
    pub fn envs(&self) -> Vec<(String, String)> {
        let s = |p: PathBuf| {
            p.into_os_string()
                .into_string()
                .expect("TestHome: temp dir path is not UTF-8")
        };
        vec![
            ("HOME".into(), s(self.home.clone())),
            ("XDG_CONFIG_HOME".into(), s(self.home.join(".config"))),
            ("XDG_DATA_HOME".into(), s(self.data_dir())),
            ("XDG_CACHE_HOME".into(), s(self.home.join(".cache"))),
            ("XDG_STATE_HOME".into(), s(self.home.join(".local/state"))),
            ("XDG_RUNTIME_DIR".into(), s(self.runtime_dir())),
        ]
    }

    /// A `Command` that sees this HOME: the caller's `HOME`, `DBUS_*`, `XDG_*`,
    /// `GNOME_KEYRING_*` and `RALLY_M365_*` variables are removed, then `envs` is applied.
    /// Everything else (`PATH`, `RUST_LOG`, `LD_PRELOAD` for faketime, …) is inherited.
    pub fn command(&self, program: impl AsRef<OsStr>, envs: &[(String, String)]) -> Command {
        let mut cmd = Command::new(program);
        for (key, _) in std::env::vars_os() {
            if is_session_var(&key.to_string_lossy()) {
                cmd.env_remove(&key);
            }
        }
        cmd.envs(envs.iter().map(|(k, v)| (k, v)));
        cmd
    }
}

fn is_session_var(key: &str) -> bool {
    key == "HOME"
        || ["DBUS_", "XDG_", "GNOME_KEYRING_", "RALLY_M365_"]
            .iter()
            .any(|prefix| key.starts_with(prefix))
}
