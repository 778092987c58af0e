//! The journal's files: `STATE_DIR/rally-m365/journal/PROFILE/KEY.jsonl`, where `STATE_DIR` is
//! `$XDG_STATE_HOME` (`~/.local/state`) on Linux and the data directory elsewhere.
//!
//! The journal and profile directories are 0700 and the files 0600, the user's own, reached
//! without following a symbolic link (they list who was mailed). A run's file is locked while
//! the run holds it, so the same command started twice at once cannot send twice: the second
//! gets [`JournalError::Busy`]. Every record is written with one `write` and `fsync`ed
//! (`sync_data`) before [`RunJournal::append`] returns: the caller sends a request only after
//! its `sending` record is on disk. A torn last line left by a crash is cut off when the file is
//! opened again, so the next record starts on a line of its own.
//!
//! ```no_run
//! # use rally_m365::mail::journal::*;
//! # use rally_m365::mail::journal_store::*;
//! # fn f(profile: &rally_m365::store::config::ProfileName, key: &RunKey,
//! #      people: &[rally_m365::email::EmailAddress]) -> Result<(), JournalError> {
//! let store = JournalStore::default_location()?;
//! let mut journal = store.open_run(profile, key)?;         // locked until dropped
//! journal.append(&Record::Planned { at: chrono::Utc::now(), key: key.to_string(),
//!     profile: profile.to_string(), command: "invite".into(),
//!     recipients: people.len(), emails: people.to_vec() })?;
//! for email in people {
//!     if journal.state().decide(email, false) != Decision::Send { continue; }
//!     journal.append(&Record::Sending { at: chrono::Utc::now(), email: email.clone(),
//!         message: None, slots: vec![] })?;
//!     // ... POST /me/sendMail, then append Sent / Refused / Unknown ...
//! }
//! # Ok(()) }
//! ```

use std::fs::{self, File, OpenOptions};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use crate::mail::journal::{JournalError, JournalState, Record, RunDetail, RunKey, RunSummary};
use crate::store::config::ProfileName;
use crate::store::private_dir::{
    FILE_MODE, PrivateDir, PrivatePathError, make_private_file, open_no_follow,
};

/// A journal larger than this is not ours: 10,000 recipients with a few attempts each and
/// their offered slots take about 10 MB.
pub const MAX_JOURNAL_BYTES: u64 = 64 * 1024 * 1024;
/// How many times one run may be started afresh with `--new-run`.
pub const MAX_GENERATIONS: u32 = 1000;

const EXTENSION: &str = "jsonl";

/// Where the journals of every profile live.
#[derive(Debug, Clone)]
pub struct JournalStore {
    root: PathBuf,
}

/// A run's journal, open for appending and locked.
#[derive(Debug)]
pub struct RunJournal {
    file: File,
    path: PathBuf,
    state: JournalState,
}

impl JournalStore {
    /// `$XDG_STATE_HOME/rally-m365/journal` (the state directory), else the data directory's.
    pub fn default_location() -> Result<JournalStore, JournalError> {
        let base = dirs::state_dir()
            .or_else(dirs::data_dir)
            .ok_or(JournalError::NoStateDir)?;
        Ok(JournalStore::at(base.join("rally-m365").join("journal")))
    }

    /// A store rooted elsewhere (tests).
    pub fn at(root: impl Into<PathBuf>) -> JournalStore {
        JournalStore { root: root.into() }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    fn profile_dir(&self, profile: &ProfileName) -> PathBuf {
        self.root.join(profile.as_str())
    }

    /// The path of a run's journal (it may not exist yet).
    pub fn path_of(&self, profile: &ProfileName, key: &RunKey) -> PathBuf {
        self.profile_dir(profile)
            .join(format!("{}.{EXTENSION}", key.as_str()))
    }

    /// The latest generation of `base` that has a journal (0 when none has: the run itself),
    /// looking at most [`MAX_GENERATIONS`] far.
    pub fn latest_generation(&self, profile: &ProfileName, base: &RunKey) -> u32 {
        let mut latest = 0;
        for n in 1..=MAX_GENERATIONS {
            if !self.path_of(profile, &base.generation(n)).exists() {
                break;
            }
            latest = n;
        }
        latest
    }

    /// Opens (creating it if needed) and locks a run's journal, and replays it.
    pub fn open_run(
        &self,
        profile: &ProfileName,
        key: &RunKey,
    ) -> Result<RunJournal, JournalError> {
        PrivateDir::create(&self.root).map_err(private)?;
        let dir = PrivateDir::create(&self.profile_dir(profile)).map_err(private)?;
        let path = self.path_of(profile, key);
        let mut options = OpenOptions::new();
        options.read(true).append(true).create(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(FILE_MODE);
        }
        let mut file = open_no_follow(&mut options, &path).map_err(private)?;
        make_private_file(&file, &path, FILE_MODE).map_err(private)?;
        let shown = path.display().to_string();
        match file.try_lock() {
            Ok(()) => {}
            Err(fs::TryLockError::WouldBlock) => return Err(JournalError::Busy { file: shown }),
            Err(fs::TryLockError::Error(e)) => return Err(io(&path, &e)),
        }
        let text = read_bounded(&mut file, &path)?;
        if text.is_empty() {
            // A new file: make its name durable too, before anything is recorded in it.
            dir.sync().map_err(private)?;
        }
        let replayed = JournalState::replay(&shown, &text)?;
        if replayed.valid_len < text.len() {
            tracing::info!(
                "{shown}: dropping a torn last line ({})",
                crate::output::count(text.len() - replayed.valid_len, "byte")
            );
            file.set_len(replayed.valid_len as u64)
                .and_then(|()| file.sync_data())
                .map_err(|e| io(&path, &e))?;
        }
        Ok(RunJournal {
            file,
            path,
            state: replayed.state,
        })
    }

    /// Every run of a profile, newest first. A journal that cannot be read is listed with
    /// `damaged` set rather than hiding the others.
    pub fn list_runs(&self, profile: &ProfileName) -> Result<Vec<RunSummary>, JournalError> {
        let mut runs: Vec<RunSummary> = self
            .keys(profile)?
            .into_iter()
            .map(|key| match self.read_state(profile, &key) {
                Ok(state) => state.summary(&key),
                Err(e) => {
                    let mut summary = JournalState::default().summary(&key);
                    summary.damaged = Some(e.to_string());
                    summary
                }
            })
            .collect();
        runs.sort_by(|a, b| {
            b.started_at
                .cmp(&a.started_at)
                .then_with(|| a.key.cmp(&b.key))
        });
        Ok(runs)
    }

    /// One run in detail, found by its key or a unique prefix of it.
    pub fn run_detail(
        &self,
        profile: &ProfileName,
        key_prefix: &str,
    ) -> Result<RunDetail, JournalError> {
        let prefix = key_prefix.trim().to_ascii_lowercase();
        let matching: Vec<RunKey> = self
            .keys(profile)?
            .into_iter()
            .filter(|k| !prefix.is_empty() && k.as_str().starts_with(&prefix))
            .collect();
        match matching.as_slice() {
            [key] => Ok(self.read_state(profile, key)?.detail(key)),
            [] => Err(JournalError::NotFound(
                key_prefix.chars().take(64).collect(),
            )),
            _ => Err(JournalError::Ambiguous(key_prefix.to_owned())),
        }
    }

    /// The keys of a profile's journals (files named `KEY.jsonl`; anything else is ignored).
    fn keys(&self, profile: &ProfileName) -> Result<Vec<RunKey>, JournalError> {
        let dir_path = self.profile_dir(profile);
        let Some(dir) = PrivateDir::open(&dir_path).map_err(private)? else {
            return Ok(Vec::new());
        };
        let entries = fs::read_dir(dir.path()).map_err(|e| io(&dir_path, &e))?;
        let mut keys = Vec::new();
        for entry in entries {
            let entry = entry.map_err(|e| io(&dir_path, &e))?;
            let name = entry.file_name();
            let key = name
                .to_str()
                .and_then(|n| n.strip_suffix(&format!(".{EXTENSION}")))
                .and_then(RunKey::parse);
            if let Some(key) = key {
                keys.push(key);
            }
        }
        keys.sort();
        Ok(keys)
    }

    /// A journal replayed without locking it (a run in progress may be appending: its torn
    /// last line is ignored like any other).
    fn read_state(
        &self,
        profile: &ProfileName,
        key: &RunKey,
    ) -> Result<JournalState, JournalError> {
        let path = self.path_of(profile, key);
        let mut file = open_no_follow(OpenOptions::new().read(true), &path).map_err(private)?;
        let meta = file.metadata().map_err(|e| io(&path, &e))?;
        if !meta.is_file() {
            return Err(JournalError::Io {
                file: path.display().to_string(),
                detail: "not a regular file".into(),
            });
        }
        let text = read_bounded(&mut file, &path)?;
        Ok(JournalState::replay(&path.display().to_string(), &text)?.state)
    }
}

impl RunJournal {
    /// What the journal says so far (this run's records included).
    pub fn state(&self) -> &JournalState {
        &self.state
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Writes one record as one line and syncs it to disk before returning.
    pub fn append(&mut self, record: &Record) -> Result<(), JournalError> {
        let line = record.to_line();
        self.file
            .write_all(line.as_bytes())
            .and_then(|()| self.file.sync_data())
            .map_err(|e| io(&self.path, &e))?;
        self.state.apply(record);
        Ok(())
    }
}

fn read_bounded(file: &mut File, path: &Path) -> Result<String, JournalError> {
    let mut bytes = Vec::new();
    file.take(MAX_JOURNAL_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| io(path, &e))?;
    if bytes.len() as u64 > MAX_JOURNAL_BYTES {
        return Err(JournalError::TooLarge {
            file: path.display().to_string(),
            max: MAX_JOURNAL_BYTES,
        });
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(text),
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let mut bytes = e.into_bytes();
            // A torn write may have cut a character in two, in the last line only; bad bytes
            // before a line end mean the file was damaged.
            if bytes[valid..].contains(&b'\n') {
                return Err(JournalError::Damaged {
                    file: path.display().to_string(),
                    line: bytes[..valid].iter().filter(|b| **b == b'\n').count() + 1,
                    detail: "not UTF-8".into(),
                });
            }
            bytes.truncate(valid);
            Ok(String::from_utf8(bytes).unwrap_or_default())
        }
    }
}

fn io(path: &Path, e: &std::io::Error) -> JournalError {
    JournalError::Io {
        file: path.display().to_string(),
        detail: e.to_string(),
    }
}

fn private(e: PrivatePathError) -> JournalError {
    JournalError::Refused(e.to_string())
}
