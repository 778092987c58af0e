//! Where a refreshed sign-in waits when the token store refused it. Microsoft rotates the
//! refresh token on every refresh and the old one may die at once, so a grant that could not be
//! saved would otherwise be lost with the process. It is written here (a 0600 file in a 0700
//! folder of the data directory, or of `$XDG_RUNTIME_DIR` when the data directory is not
//! writable), announced loudly with its path, and moved into the store by the next command,
//! which then deletes the file.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::store::config::ProfileName;
use crate::store::paths;

const FOLDER: &str = "rescued-sign-ins";

/// The places a rescued grant of `profile` may be, most durable first.
pub fn candidates(profile: &ProfileName) -> Vec<PathBuf> {
    let name = format!("{profile}.json");
    let mut places = Vec::new();
    if let Ok(data) = paths::data_dir() {
        places.push(data.join(FOLDER).join(&name));
    }
    if let Some(runtime) = std::env::var_os("XDG_RUNTIME_DIR").filter(|v| !v.is_empty()) {
        places.push(
            PathBuf::from(runtime)
                .join("rally-m365")
                .join(FOLDER)
                .join(&name),
        );
    }
    places
}

/// Writes the grant's text to the first place that takes it; returns where.
pub fn write(profile: &ProfileName, text: &str) -> Result<PathBuf, String> {
    let mut failures = Vec::new();
    for path in candidates(profile) {
        match write_private(&path, text) {
            Ok(()) => return Ok(path),
            Err(e) => failures.push(format!("{}: {e}", path.display())),
        }
    }
    if failures.is_empty() {
        failures.push("no data directory (HOME is not set)".into());
    }
    Err(failures.join("; "))
}

/// The first rescued grant found: its path and text. A symlink or an unreadable file is
/// skipped (it is not ours to trust).
pub fn find(profile: &ProfileName) -> Option<(PathBuf, String)> {
    candidates(profile).into_iter().find_map(|path| {
        let meta = fs::symlink_metadata(&path).ok()?;
        if !meta.is_file() || meta.len() > 1024 * 1024 {
            return None;
        }
        let text = fs::read_to_string(&path).ok()?;
        Some((path, text))
    })
}

/// Removes every rescued grant of the profile (after an import, a new connect, a disconnect).
pub fn remove_all(profile: &ProfileName) {
    for path in candidates(profile) {
        let _ = fs::remove_file(path);
    }
}

fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    let dir = path.parent().ok_or(std::io::ErrorKind::InvalidInput)?;
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir)?;
    let tmp = dir.join(format!(
        ".{}.tmp-{}-{}",
        path.file_name().and_then(|n| n.to_str()).unwrap_or("grant"),
        std::process::id(),
        rand::random::<u32>()
    ));
    let mut options = fs::OpenOptions::new();
    // create_new: never follows or reuses a file someone planted at the temporary name.
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let result = (|| {
        let mut file = options.open(&tmp)?;
        file.write_all(text.as_bytes())?;
        file.sync_all()?;
        // rename replaces a symlink at the final name rather than writing through it.
        fs::rename(&tmp, path)?;
        if let Ok(d) = fs::File::open(dir) {
            let _ = d.sync_all();
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_written_grant_is_private_and_found_again() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("data").join(FOLDER).join("p.json");
        write_private(&path, "{\"refresh_token\":\"r\"}").unwrap();
        assert_eq!(
            fs::read_to_string(&path).unwrap(),
            "{\"refresh_token\":\"r\"}"
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
            let dir_mode = fs::metadata(path.parent().unwrap())
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(dir_mode & 0o777, 0o700);
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_at_the_target_is_replaced_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim");
        fs::write(&victim, "keep").unwrap();
        let folder = dir.path().join(FOLDER);
        fs::create_dir(&folder).unwrap();
        let path = folder.join("p.json");
        std::os::unix::fs::symlink(&victim, &path).unwrap();
        write_private(&path, "grant").unwrap();
        assert_eq!(fs::read_to_string(&victim).unwrap(), "keep");
        assert!(fs::symlink_metadata(&path).unwrap().is_file());
    }
}
