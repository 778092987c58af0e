//! What a profile remembers about its sign-in outside the secret store: which store holds it,
//! whose it is and how it was made. No token, code or secret: only what `status`, `disconnect`
//! and `profiles` need to find and name the sign-in. Written by `connect`, marked by a refresh
//! that Microsoft refused, removed by `disconnect`; one small 0600 file per profile in
//! `$XDG_DATA_HOME/rally-m365/profiles/`, written as the token files are (atomically, no link
//! followed). So a plain `status` finds a sign-in kept with `--token-store file`, and `profiles`
//! lists every sign-in without opening the keychain.

use std::path::PathBuf;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::store::TokenStoreKind;
use crate::store::config::ProfileName;
use crate::store::{file_store, paths};

/// The record of one profile's sign-in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileRecord {
    /// The store that holds the sign-in.
    pub token_store: TokenStoreKind,
    /// The account's sign-in name (userPrincipalName).
    pub account: String,
    #[serde(default)]
    pub tenant_id: Option<String>,
    pub connected_at: DateTime<Utc>,
    /// When Microsoft last refused the sign-in (expired or revoked), if it did since `connect`.
    #[serde(default)]
    pub refused_at: Option<DateTime<Utc>>,
}

fn dir() -> Result<PathBuf, AppError> {
    Ok(paths::data_dir()?.join("profiles"))
}

/// The profile's record; `None` when there is none or it cannot be read (it is only a memo:
/// without it the sign-in is looked for where it may be).
pub fn load(profile: &ProfileName) -> Option<ProfileRecord> {
    let text = file_store::get(&dir().ok()?, profile.as_str())
        .inspect_err(|e| tracing::debug!("profile record of `{profile}`: {e}"))
        .ok()??;
    serde_json::from_str(&text)
        .inspect_err(|e| tracing::debug!("profile record of `{profile}` is unreadable: {e}"))
        .ok()
}

pub fn save(profile: &ProfileName, record: &ProfileRecord) -> Result<(), AppError> {
    let text = serde_json::to_string(record).map_err(AppError::unexpected)?;
    file_store::set(&dir()?, profile.as_str(), &text)
}

/// Notes that Microsoft refused the sign-in, so listings can say "expired" without asking.
pub fn mark_refused(profile: &ProfileName, at: DateTime<Utc>) {
    if let Some(mut record) = load(profile) {
        record.refused_at = Some(at);
        if let Err(e) = save(profile, &record) {
            tracing::debug!("cannot update the profile record of `{profile}`: {e}");
        }
    }
}

/// Removes the record; `Ok(false)` when there was none.
pub fn remove(profile: &ProfileName) -> Result<bool, AppError> {
    file_store::delete(&dir()?, profile.as_str())
}

/// Every profile with a record, by name.
pub fn names() -> Vec<ProfileName> {
    dir().map(|dir| entry_names(&dir)).unwrap_or_default()
}

/// The profile names of the `NAME.json` entries of a store directory (the token file store and
/// the records share the layout). Temporary files and anything that is not a valid profile
/// name are skipped.
pub fn entry_names(dir: &std::path::Path) -> Vec<ProfileName> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut names: Vec<ProfileName> = entries
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().into_string().ok()?;
            ProfileName::parse(name.strip_suffix(".json")?).ok()
        })
        .collect();
    names.sort_by(|a, b| a.as_str().cmp(b.as_str()));
    names.dedup();
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entry_names_are_profiles_only() {
        let dir = tempfile::tempdir().unwrap();
        for name in [
            "work.json",
            "default.json",
            "default%2Faccess-token.json",
            ".default.json.tmp-1-ab",
            "notes.txt",
        ] {
            std::fs::write(dir.path().join(name), "{}").unwrap();
        }
        let names: Vec<String> = entry_names(dir.path())
            .iter()
            .map(|n| n.to_string())
            .collect();
        assert_eq!(names, ["default", "work"]);
    }

    #[test]
    fn a_record_holds_no_secret_field_and_reads_back() {
        let record = ProfileRecord {
            token_store: TokenStoreKind::File,
            account: "ada@contoso.example".into(),
            tenant_id: None,
            connected_at: "2026-12-06T12:00:00Z".parse().unwrap(),
            refused_at: None,
        };
        let text = serde_json::to_string(&record).unwrap();
        assert!(text.contains("\"token_store\":\"file\""), "{text}");
        assert!(!text.contains("token\":"), "{text}");
        assert_eq!(
            serde_json::from_str::<ProfileRecord>(&text).unwrap(),
            record
        );
    }
}
