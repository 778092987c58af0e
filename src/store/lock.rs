//! A per-profile lock file, held while a refresh runs, so that several commands started at
//! once refresh once between them and none sends a refresh token another has already used.
//!
//! The lock files are 0600 in a 0700 directory of the user's own, whatever the umask, and are
//! never reached through a symbolic link. They live in the data directory; when that cannot be
//! written (a read-only home, a full disk) they live in `$XDG_RUNTIME_DIR` instead, so the
//! command still runs: every process meets the same failure and makes the same choice.

use std::fs::{self, File, OpenOptions};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::error::AppError;
use crate::hints;
use crate::store::config::{ProcessEnv, ProfileName};
use crate::store::paths;
use crate::store::private_dir::{self, FILE_MODE, PrivateDir, PrivatePathError};

/// Held until dropped (the OS releases it if the process dies).
pub struct ProfileLock {
    _file: File,
}

impl ProfileLock {
    /// Waits up to `patience` for the lock.
    pub async fn acquire(
        profile: &ProfileName,
        patience: Duration,
    ) -> Result<ProfileLock, AppError> {
        let dirs = lock_dirs(paths::data_dir(), paths::runtime_dir(&ProcessEnv))?;
        Self::acquire_in(&dirs, profile, patience).await
    }

    /// Waits up to `patience` for the lock, kept in the first of `dirs` that can hold it.
    pub async fn acquire_in(
        dirs: &[PathBuf],
        profile: &ProfileName,
        patience: Duration,
    ) -> Result<ProfileLock, AppError> {
        let (file, path) = open_lock_file(dirs, profile)?;
        let started = Instant::now();
        loop {
            match file.try_lock() {
                Ok(()) => return Ok(ProfileLock { _file: file }),
                Err(fs::TryLockError::WouldBlock) if started.elapsed() < patience => {
                    tokio::time::sleep(Duration::from_millis(25)).await;
                }
                Err(fs::TryLockError::WouldBlock) => {
                    return Err(AppError::store(format!(
                        "another rally-m365 process has held the lock {} for {}s",
                        path.display(),
                        patience.as_secs()
                    ))
                    .with_hint(hints::wait_for_other_process()));
                }
                Err(fs::TryLockError::Error(e)) => {
                    return Err(AppError::store(format!(
                        "cannot lock {}: {e}",
                        path.display()
                    )));
                }
            }
        }
    }
}

/// The directories a lock may live in, preferred first: `DATA_DIR/locks`, then
/// `RUNTIME_DIR/locks`. Without a home there is still the runtime directory.
pub fn lock_dirs(
    data_dir: Result<PathBuf, AppError>,
    runtime_dir: Option<PathBuf>,
) -> Result<Vec<PathBuf>, AppError> {
    let runtime = runtime_dir.map(|d| d.join("locks"));
    match data_dir {
        Ok(data) => Ok(std::iter::once(data.join("locks")).chain(runtime).collect()),
        Err(e) => runtime.map(|r| vec![r]).ok_or(e),
    }
}

/// Opens (creating if needed) `PROFILE.lock` in the first of `dirs` where that works.
fn open_lock_file(dirs: &[PathBuf], profile: &ProfileName) -> Result<(File, PathBuf), AppError> {
    let mut failures = Vec::new();
    for dir in dirs {
        let path = dir.join(format!("{profile}.lock"));
        match open_in(dir, &path) {
            Ok(file) => {
                if !failures.is_empty() {
                    tracing::warn!("lock: using {} ({})", path.display(), failures.join("; "));
                }
                return Ok((file, path));
            }
            Err(e) => failures.push(e.to_string()),
        }
    }
    Err(AppError::store(format!(
        "cannot create a lock file: {}",
        failures.join("; ")
    ))
    .with_hint(hints::make_lock_dir_usable()))
}

fn open_in(dir: &Path, path: &Path) -> Result<File, PrivatePathError> {
    PrivateDir::create(dir)?;
    let mut options = OpenOptions::new();
    options.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(FILE_MODE);
    }
    let file = private_dir::open_no_follow(&mut options, path)?;
    private_dir::make_private_file(&file, path, FILE_MODE)?;
    Ok(file)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn profile() -> ProfileName {
        ProfileName::parse("work").unwrap()
    }

    #[test]
    fn lock_dirs_prefer_the_data_dir_then_the_runtime_dir() {
        let data = PathBuf::from("/home/u/.local/share/rally-m365");
        let runtime = PathBuf::from("/run/user/1000/rally-m365");
        assert_eq!(
            lock_dirs(Ok(data.clone()), Some(runtime.clone())).unwrap(),
            [data.join("locks"), runtime.join("locks")]
        );
        assert_eq!(
            lock_dirs(Ok(data.clone()), None).unwrap(),
            [data.join("locks")]
        );
        assert_eq!(
            lock_dirs(Err(AppError::store("no home")), Some(runtime.clone())).unwrap(),
            [runtime.join("locks")]
        );
        assert!(lock_dirs(Err(AppError::store("no home")), None).is_err());
    }

    #[tokio::test]
    async fn a_held_lock_makes_another_acquire_wait_then_give_up() {
        let root = tempfile::tempdir().unwrap();
        let dirs = [root.path().join("locks")];
        let held = ProfileLock::acquire_in(&dirs, &profile(), Duration::ZERO)
            .await
            .unwrap();
        let e = ProfileLock::acquire_in(&dirs, &profile(), Duration::from_millis(60))
            .await
            .err()
            .expect("a second holder got the lock");
        assert!(e.to_string().contains("another rally-m365 process"), "{e}");
        drop(held);
        ProfileLock::acquire_in(&dirs, &profile(), Duration::ZERO)
            .await
            .unwrap();
    }

    #[tokio::test]
    async fn an_uncreatable_data_dir_falls_back_to_the_runtime_dir() {
        let root = tempfile::tempdir().unwrap();
        // A file where the data directory should be: nothing can be created under it, for
        // root too (a read-only mode would not stop root, who runs this suite in CI).
        let data = root.path().join("data");
        fs::write(&data, "").unwrap();
        let runtime = root.path().join("run/rally-m365");
        let dirs = lock_dirs(Ok(data), Some(runtime.clone())).unwrap();
        let held = ProfileLock::acquire_in(&dirs, &profile(), Duration::ZERO)
            .await
            .unwrap();
        assert!(runtime.join("locks/work.lock").is_file());
        // The fallback is a real lock: a second process (a second open file) must wait.
        let second = ProfileLock::acquire_in(&dirs, &profile(), Duration::ZERO).await;
        assert!(second.is_err());
        drop(held);
    }

    #[tokio::test]
    async fn without_any_usable_dir_the_error_names_each_path() {
        let root = tempfile::tempdir().unwrap();
        let blocker = root.path().join("blocker");
        fs::write(&blocker, "").unwrap();
        let dirs = [blocker.join("a/locks"), blocker.join("b/locks")];
        let e = ProfileLock::acquire_in(&dirs, &profile(), Duration::ZERO)
            .await
            .err()
            .expect("a lock was created under a file");
        let text = e.to_string();
        assert!(
            text.contains(&blocker.join("a").display().to_string()),
            "{text}"
        );
        assert!(
            text.contains(&blocker.join("b").display().to_string()),
            "{text}"
        );
        assert_eq!(e.hint(), Some(hints::make_lock_dir_usable()));
    }

    #[cfg(unix)]
    mod unix {
        use std::os::unix::fs::{PermissionsExt, symlink};
        use std::process::Command;

        use super::*;
        use crate::store::file_store;

        fn mode(path: &Path) -> u32 {
            fs::symlink_metadata(path).unwrap().permissions().mode() & 0o7777
        }

        #[tokio::test]
        async fn a_looser_lock_dir_and_file_are_tightened() {
            let root = tempfile::tempdir().unwrap();
            let dir = root.path().join("locks");
            fs::create_dir(&dir).unwrap();
            fs::set_permissions(&dir, fs::Permissions::from_mode(0o755)).unwrap();
            let file = dir.join("work.lock");
            fs::write(&file, "").unwrap();
            fs::set_permissions(&file, fs::Permissions::from_mode(0o666)).unwrap();
            let _held =
                ProfileLock::acquire_in(std::slice::from_ref(&dir), &profile(), Duration::ZERO)
                    .await
                    .unwrap();
            assert_eq!(mode(&dir), 0o700);
            assert_eq!(mode(&file), 0o600);
        }

        #[tokio::test]
        async fn a_symlink_at_the_lock_path_is_not_followed() {
            let root = tempfile::tempdir().unwrap();
            let dir = root.path().join("locks");
            PrivateDir::create(&dir).unwrap();
            let victim = root.path().join("victim");
            fs::write(&victim, "precious").unwrap();
            fs::set_permissions(&victim, fs::Permissions::from_mode(0o644)).unwrap();
            symlink(&victim, dir.join("work.lock")).unwrap();
            let e = ProfileLock::acquire_in(&[dir], &profile(), Duration::ZERO)
                .await
                .err()
                .expect("the lock followed a link");
            assert!(e.to_string().contains("symbolic link"), "{e}");
            assert_eq!(fs::read_to_string(&victim).unwrap(), "precious");
            assert_eq!(mode(&victim), 0o644);
        }

        /// The umask is per process, so each case runs in a child process: the test binary
        /// itself, running only `child_creates_private_files_under_the_given_umask`.
        #[test]
        fn lock_and_token_files_are_private_whatever_the_umask() {
            for umask in ["000", "277"] {
                let root = tempfile::tempdir().unwrap();
                let status = Command::new(std::env::current_exe().unwrap())
                    .args([
                        "store::lock::tests::unix::child_creates_private_files_under_the_given_umask",
                        "--exact",
                        "--ignored",
                        "--test-threads=1",
                        "--quiet",
                    ])
                    .env("RALLY_M365_TEST_UMASK", umask)
                    .env("RALLY_M365_TEST_DIR", root.path())
                    .status()
                    .unwrap();
                assert!(status.success(), "the child failed under umask {umask}");
                let r = root.path();
                assert_eq!(mode(&r.join("locks")), 0o700, "umask {umask}");
                assert_eq!(mode(&r.join("locks/work.lock")), 0o600, "umask {umask}");
                assert_eq!(mode(&r.join("tokens")), 0o700, "umask {umask}");
                assert_eq!(mode(&r.join("tokens/work.json")), 0o600, "umask {umask}");
            }
        }

        #[tokio::test]
        #[ignore = "run by lock_and_token_files_are_private_whatever_the_umask, in a child process"]
        async fn child_creates_private_files_under_the_given_umask() {
            const PARENT: &str = "set by lock_and_token_files_are_private_whatever_the_umask";
            let umask = std::env::var("RALLY_M365_TEST_UMASK").expect(PARENT);
            let root = PathBuf::from(std::env::var_os("RALLY_M365_TEST_DIR").expect(PARENT));
            let umask = libc::mode_t::from_str_radix(&umask, 8).unwrap();
            // SAFETY: umask only swaps the process's file-creation mask; this child process
            // runs this one test on one thread.
            unsafe { libc::umask(umask) };
            let _held = ProfileLock::acquire_in(&[root.join("locks")], &profile(), Duration::ZERO)
                .await
                .unwrap();
            file_store::set(&root.join("tokens"), "work", "v").unwrap();
            assert_eq!(
                file_store::get(&root.join("tokens"), "work")
                    .unwrap()
                    .as_deref(),
                Some("v")
            );
        }
    }
}
