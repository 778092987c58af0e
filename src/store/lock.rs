//! A per-profile lock file, held while a refresh runs, so that several commands started at
//! once refresh once between them and none sends a refresh token another has already used.

use std::fs::{self, File};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::error::AppError;
use crate::hints;
use crate::store::config::ProfileName;
use crate::store::paths;

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
        let path = lock_path(profile)?;
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).map_err(|e| lock_error(&path, e))?;
        }
        let file = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|e| lock_error(&path, e))?;
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
                Err(fs::TryLockError::Error(e)) => return Err(lock_error(&path, e)),
            }
        }
    }
}

fn lock_path(profile: &ProfileName) -> Result<PathBuf, AppError> {
    Ok(paths::data_dir()?
        .join("locks")
        .join(format!("{profile}.lock")))
}

fn lock_error(path: &std::path::Path, e: std::io::Error) -> AppError {
    AppError::store(format!("cannot use the lock file {}: {e}", path.display()))
}
