//! The opt-in token file store (`--token-store file`): one file per entry, mode 0600, in a
//! directory of the user's own with mode 0700. A write goes to a fresh temporary file that is
//! renamed over the entry, then the directory is flushed, so a crash leaves the old token or the
//! new one, never a torn one; no symbolic link is followed on the way in or out.

use std::fs::{self, File, OpenOptions};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use crate::error::AppError;
use crate::hints;
use crate::store::private_dir::{self, FILE_MODE, PrivateDir, PrivatePathError};

/// A grant is a few kilobytes; anything near this is not one of our files.
const MAX_ENTRY_BYTES: u64 = 1024 * 1024;

/// A temporary file older than this is the leftover of a crash, not a write in progress (a
/// write takes milliseconds, and writes of one profile are serialised by its lock).
const LEFTOVER_AGE: Duration = Duration::from_secs(60);

/// The entry `account` of the store in `dir`; `None` when there is none.
pub fn get(dir: &Path, account: &str) -> Result<Option<String>, AppError> {
    let Some(dir) = PrivateDir::open(dir).map_err(store_error)? else {
        return Ok(None);
    };
    let path = entry_path(&dir, account);
    let file = match private_dir::open_no_follow(OpenOptions::new().read(true), &path) {
        Ok(file) => file,
        Err(e) if e.is_not_found() => return Ok(None),
        Err(e) => return Err(store_error(e)),
    };
    private_dir::make_private_file(&file, &path, FILE_MODE).map_err(store_error)?;
    read_capped(file, &path).map(Some)
}

/// Replaces the entry `account` with `value`, atomically.
pub fn set(dir: &Path, account: &str, value: &str) -> Result<(), AppError> {
    let dir = PrivateDir::create(dir).map_err(store_error)?;
    let target = entry_path(&dir, account);
    let temp = dir.path().join(temp_name(&file_name(account)));
    let written = write_new_file(&temp, value).and_then(|written_at| {
        fs::rename(&temp, &target).map_err(|e| io_error(&target, e))?;
        dir.sync()?;
        Ok(written_at)
    });
    match written {
        Ok(written_at) => {
            remove_leftovers(&dir, written_at);
            Ok(())
        }
        Err(e) => {
            let _ = fs::remove_file(&temp);
            Err(store_error(e))
        }
    }
}

/// Removes the entry `account`; `Ok(false)` when there was none.
pub fn delete(dir: &Path, account: &str) -> Result<bool, AppError> {
    let Some(dir) = PrivateDir::open(dir).map_err(store_error)? else {
        return Ok(false);
    };
    let path = entry_path(&dir, account);
    // Unlinking removes a link itself, never its target.
    match fs::remove_file(&path) {
        Ok(()) => {
            dir.sync().map_err(store_error)?;
            Ok(true)
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(store_error(io_error(&path, e))),
    }
}

/// One file per entry; `/` (in `PROFILE/access-token`) is escaped, and profile names cannot
/// contain `%`, so two entries never share a file.
fn file_name(account: &str) -> String {
    format!("{}.json", account.replace('/', "%2F"))
}

/// The file of the entry `account` in the store in `dir` (for people: where a sign-in lives).
pub fn entry_file(dir: &Path, account: &str) -> PathBuf {
    dir.join(file_name(account))
}

fn entry_path(dir: &PrivateDir, account: &str) -> PathBuf {
    dir.path().join(file_name(account))
}

/// `.NAME.tmp-PID-RANDOM`: unique among processes (the pid) and within one (64 random bits),
/// and not guessable ahead of time. The leading dot keeps it out of a plain `ls`.
fn temp_name(file_name: &str) -> String {
    format!(
        ".{file_name}.tmp-{}-{:016x}",
        std::process::id(),
        rand::random::<u64>()
    )
}

fn is_temp_name(name: &str) -> bool {
    let Some((entry, suffix)) = name.rsplit_once(".tmp-") else {
        return false;
    };
    let Some((pid, random)) = suffix.split_once('-') else {
        return false;
    };
    entry.starts_with('.')
        && entry.ends_with(".json")
        && !pid.is_empty()
        && pid.bytes().all(|b| b.is_ascii_digit())
        && !random.is_empty()
        && random.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Creates `path` (it must not exist, and a link there is not followed), mode 0600 whatever the
/// umask, writes `value` and flushes it. Returns the file's modification time, which is the
/// file system's idea of "now".
fn write_new_file(path: &Path, value: &str) -> Result<SystemTime, PrivatePathError> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(FILE_MODE);
    }
    let mut file = private_dir::open_no_follow(&mut options, path)?;
    private_dir::make_private_file(&file, path, FILE_MODE)?;
    let written = (|| {
        file.write_all(value.as_bytes())?;
        file.sync_all()?;
        file.metadata()?.modified()
    })();
    written.map_err(|e| io_error(path, e))
}

/// Removes the temporary files a crashed write left behind. Their age is measured against
/// `now` as the file system stamped it, so a clock moved by hand (or by libfaketime) cannot make
/// a write in progress look old.
fn remove_leftovers(dir: &PrivateDir, now: SystemTime) {
    let Ok(entries) = fs::read_dir(dir.path()) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        if !name.to_str().is_some_and(is_temp_name) {
            continue;
        }
        // `DirEntry::metadata` does not follow links: only a leftover file of ours qualifies.
        let old = entry.metadata().is_ok_and(|meta| {
            meta.is_file()
                && meta
                    .modified()
                    .ok()
                    .and_then(|at| now.duration_since(at).ok())
                    .is_some_and(|age| age >= LEFTOVER_AGE)
        });
        if old {
            match fs::remove_file(entry.path()) {
                Ok(()) => tracing::info!(
                    "removed {}, left by a write that did not finish",
                    entry.path().display()
                ),
                Err(e) => tracing::debug!("cannot remove {}: {e}", entry.path().display()),
            }
        }
    }
}

fn read_capped(file: File, path: &Path) -> Result<String, AppError> {
    let too_big = || {
        AppError::store(format!(
            "token file store: {} is larger than {} KiB; it is not a token file",
            path.display(),
            MAX_ENTRY_BYTES / 1024
        ))
    };
    let len = file
        .metadata()
        .map_err(|e| store_error(io_error(path, e)))?
        .len();
    if len > MAX_ENTRY_BYTES {
        return Err(too_big());
    }
    let mut text = String::new();
    file.take(MAX_ENTRY_BYTES + 1)
        .read_to_string(&mut text)
        .map_err(|e| store_error(io_error(path, e)))?;
    if text.len() as u64 > MAX_ENTRY_BYTES {
        return Err(too_big());
    }
    Ok(text)
}

fn io_error(path: &Path, e: std::io::Error) -> PrivatePathError {
    PrivatePathError {
        path: path.to_owned(),
        problem: private_dir::Problem::Io(e),
    }
}

fn store_error(e: PrivatePathError) -> AppError {
    let refused = e.is_refusal();
    let error = AppError::store(format!("token file store: {e}"));
    if refused {
        error.with_hint(hints::fix_private_path())
    } else {
        error
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store_dir() -> (tempfile::TempDir, PathBuf) {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("tokens");
        (root, dir)
    }

    #[test]
    fn entries_round_trip_and_delete() {
        let (_root, dir) = store_dir();
        assert_eq!(get(&dir, "default").unwrap(), None);
        assert!(!delete(&dir, "default").unwrap());
        set(&dir, "default", "{\"refresh_token\":\"x\"}").unwrap();
        set(&dir, "default/access-token", "a").unwrap();
        set(&dir, "default/access-token", "b").unwrap();
        assert_eq!(
            get(&dir, "default/access-token").unwrap().as_deref(),
            Some("b")
        );
        assert_eq!(
            get(&dir, "default").unwrap().as_deref(),
            Some("{\"refresh_token\":\"x\"}")
        );
        assert!(delete(&dir, "default").unwrap());
        assert!(!delete(&dir, "default").unwrap());
        assert_eq!(get(&dir, "default").unwrap(), None);
        // Only the two entries' files ever existed: no temporary file is left behind.
        let names: Vec<_> = fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        assert_eq!(names, ["default%2Faccess-token.json"]);
    }

    #[test]
    fn temp_names_are_unique_and_recognised() {
        let a = temp_name("default.json");
        let b = temp_name("default.json");
        assert_ne!(a, b);
        assert!(a.starts_with(&format!(".default.json.tmp-{}-", std::process::id())));
        assert!(is_temp_name(&a));
        assert!(!is_temp_name("default.json"));
        assert!(!is_temp_name(".default.json.tmp-"));
        assert!(!is_temp_name(".default.json.tmp-12-"));
        assert!(!is_temp_name(".default.json.tmp-x-ab"));
        assert!(!is_temp_name("notes.tmp-1-ab"));
    }

    #[test]
    fn an_oversized_entry_is_refused_without_reading_it_all() {
        let (_root, dir) = store_dir();
        set(&dir, "default", "x").unwrap();
        let file = File::options()
            .write(true)
            .open(dir.join("default.json"))
            .unwrap();
        file.set_len(MAX_ENTRY_BYTES * 64).unwrap();
        let e = get(&dir, "default").unwrap_err();
        assert!(e.to_string().contains("larger than 1024 KiB"), "{e}");
    }

    #[cfg(unix)]
    mod unix {
        use std::os::unix::fs::{PermissionsExt, symlink};

        use super::*;

        fn mode(path: &Path) -> u32 {
            fs::symlink_metadata(path).unwrap().permissions().mode() & 0o7777
        }

        #[test]
        fn files_are_0600_in_a_0700_directory() {
            let (_root, dir) = store_dir();
            set(&dir, "default", "v").unwrap();
            assert_eq!(mode(&dir), 0o700);
            assert_eq!(mode(&dir.join("default.json")), 0o600);
        }

        #[test]
        fn a_0755_tokens_directory_is_tightened_to_0700() {
            let (_root, dir) = store_dir();
            fs::create_dir(&dir).unwrap();
            fs::set_permissions(&dir, fs::Permissions::from_mode(0o755)).unwrap();
            set(&dir, "default", "v").unwrap();
            assert_eq!(mode(&dir), 0o700);
        }

        #[test]
        fn a_symlink_at_the_entry_path_is_replaced_not_followed() {
            let (root, dir) = store_dir();
            set(&dir, "default", "old").unwrap();
            let victim = root.path().join("victim");
            fs::write(&victim, "precious").unwrap();
            let entry = dir.join("default.json");
            fs::remove_file(&entry).unwrap();
            symlink(&victim, &entry).unwrap();

            // Reading refuses the link rather than showing what it points to.
            let e = get(&dir, "default").unwrap_err();
            assert!(e.to_string().contains("symbolic link"), "{e}");
            assert!(e.hint().is_some());

            // Writing replaces the link with a file of ours; the victim is untouched.
            set(&dir, "default", "new").unwrap();
            assert_eq!(fs::read_to_string(&victim).unwrap(), "precious");
            assert!(
                !fs::symlink_metadata(&entry)
                    .unwrap()
                    .file_type()
                    .is_symlink()
            );
            assert_eq!(get(&dir, "default").unwrap().as_deref(), Some("new"));

            // Deleting removes a link, not its target.
            fs::remove_file(&entry).unwrap();
            symlink(&victim, &entry).unwrap();
            assert!(delete(&dir, "default").unwrap());
            assert_eq!(fs::read_to_string(&victim).unwrap(), "precious");
        }

        #[test]
        fn a_symlink_at_the_temporary_path_is_not_followed() {
            let (root, dir) = store_dir();
            PrivateDir::create(&dir).unwrap();
            let victim = root.path().join("victim");
            fs::write(&victim, "precious").unwrap();
            let temp = dir.join(temp_name("default.json"));
            symlink(&victim, &temp).unwrap();
            let e = write_new_file(&temp, "secret").unwrap_err();
            assert!(matches!(e.problem, private_dir::Problem::Symlink), "{e}");
            assert_eq!(fs::read_to_string(&victim).unwrap(), "precious");
        }

        #[test]
        fn a_symlinked_tokens_directory_is_refused() {
            let (root, dir) = store_dir();
            let elsewhere = root.path().join("elsewhere");
            fs::create_dir(&elsewhere).unwrap();
            symlink(&elsewhere, &dir).unwrap();
            for e in [
                set(&dir, "default", "secret").unwrap_err(),
                get(&dir, "default").unwrap_err(),
                delete(&dir, "default").unwrap_err(),
            ] {
                assert!(e.to_string().contains("symbolic link"), "{e}");
            }
            assert_eq!(fs::read_dir(&elsewhere).unwrap().count(), 0);
        }

        #[test]
        fn a_token_file_that_is_a_fifo_is_refused_without_hanging() {
            let (_root, dir) = store_dir();
            PrivateDir::create(&dir).unwrap();
            private_dir::make_fifo(&dir.join("default.json"));
            let e = get(&dir, "default").unwrap_err();
            assert!(e.to_string().contains("not a regular file"), "{e}");
        }

        #[test]
        fn a_crash_leftover_is_removed_on_the_next_write_and_a_fresh_one_kept() {
            let (_root, dir) = store_dir();
            set(&dir, "default", "v").unwrap();
            let old = dir.join(".default.json.tmp-4242-00000000deadbeef");
            let fresh = dir.join(".work.json.tmp-4243-00000000cafebabe");
            let unrelated = dir.join(".notes.tmp-1-ab");
            for path in [&old, &fresh, &unrelated] {
                fs::write(path, "stale secret").unwrap();
            }
            let an_hour_ago =
                fs::metadata(&fresh).unwrap().modified().unwrap() - Duration::from_secs(3600);
            for path in [&old, &unrelated] {
                File::options()
                    .write(true)
                    .open(path)
                    .unwrap()
                    .set_modified(an_hour_ago)
                    .unwrap();
            }
            set(&dir, "default", "w").unwrap();
            assert!(!old.exists(), "the crash leftover was not removed");
            assert!(
                fresh.exists(),
                "a write that may be in progress lost its file"
            );
            assert!(unrelated.exists(), "a file that is not ours was removed");
        }
    }
}
