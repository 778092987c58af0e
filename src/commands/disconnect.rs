//! `disconnect`: remove the profile's sign-in from wherever it is (the keychain, the token
//! file, or both), say whose it was, and where the app's access can also be revoked on
//! Microsoft's side. Idempotent.

use schemars::JsonSchema;
use serde::Serialize;

use crate::auth::session;
use crate::commands::Context;
use crate::error::AppError;
use crate::output::{Block, Render, TableStyle};
use crate::store::TokenStoreKind;
use crate::store::keychain::SecretStore;
use crate::store::tokens::TokenVault;
use crate::store::{profile_record, rescue};

/// `disconnect --json`: `{"profile", "removed"}`; `removed` is false when nothing was stored.
/// `account` (the sign-in name, when it could be read) and `removed_from` (`keychain`, `file`)
/// are added.
#[derive(Debug, Serialize, JsonSchema)]
pub struct DisconnectReport {
    /// The profile whose sign-in was looked for.
    pub profile: String,
    /// False when there was nothing to remove (running it twice is safe).
    pub removed: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub removed_from: Vec<TokenStoreKind>,
}

impl Render for DisconnectReport {
    /// What happened is a sentence for people, on stderr.
    fn table(&self, _: TableStyle) -> Vec<Block> {
        Vec::new()
    }
}

pub async fn run(ctx: &Context) -> Result<(), AppError> {
    let profile = &ctx.settings.profile;
    let record = profile_record::load(profile);
    // The store asked for, else every store the sign-in may be in: the file store is always
    // looked at; the keychain too, and it must answer unless the sign-in is known to be in the
    // file (the record says so, or, without a record, the file holds one).
    let stores: Vec<(TokenStoreKind, bool)> = match &ctx.preset_store {
        Some(_) => vec![],
        None if ctx.settings.token_store_explicit => vec![(ctx.settings.token_store, true)],
        None => vec![
            (TokenStoreKind::File, false),
            (
                TokenStoreKind::Keychain,
                match &record {
                    Some(r) => r.token_store == TokenStoreKind::Keychain,
                    None => !crate::commands::file_store_has_sign_in(profile),
                },
            ),
        ],
    };
    let mut vaults: Vec<TokenVault> = Vec::new();
    if let Some(store) = &ctx.preset_store {
        vaults.push(TokenVault::new(store.clone(), profile.clone()));
    }
    let mut unreachable = None;
    for (kind, must_answer) in stores {
        match SecretStore::open(kind).and_then(|s| s.check_usable().map(|()| s)) {
            Ok(store) => vaults.push(TokenVault::new(store, profile.clone())),
            Err(e) if must_answer => return Err(e),
            Err(e) => unreachable = Some(e),
        }
    }

    let mut account = record.as_ref().map(|r| r.account.clone());
    let mut removed_from = Vec::new();
    let mut removed = false;
    for vault in &vaults {
        // Under the profile lock: a refresh in flight finishes first, so this removal sticks.
        let _lock = session::lock_profile(vault).await?;
        if let Ok(Some(grant)) = vault.load_grant() {
            account = Some(grant.account.username);
        }
        if vault.delete_all()? {
            removed = true;
            removed_from.extend(vault.store().kind());
        }
    }
    // A sign-in left in a rescue file would otherwise come back with the next command.
    rescue::remove_all(profile);
    if ctx.preset_store.is_none() {
        profile_record::remove(profile)?;
    }
    let report = DisconnectReport {
        profile: profile.to_string(),
        removed,
        account,
        removed_from,
    };
    ctx.out.print(&report)?;
    ctx.out.say(sentence(&report, &vaults));
    if let Some(e) = unreachable {
        ctx.out.warn(format!(
            "the keychain could not be reached ({e}); a sign-in of profile `{profile}` there, if any, was not removed"
        ));
    }
    ctx.out.say(format!(
        "To also revoke rally-m365's access on Microsoft's side, open {} (Apps) or ask IT to remove the app in the Entra admin center.",
        ctx.settings.cloud.my_apps_url()
    ));
    Ok(())
}

/// "Removed the sign-in of ada@contoso.example (profile default) from the keychain."
fn sentence(report: &DisconnectReport, vaults: &[TokenVault]) -> String {
    let profile = &report.profile;
    if !report.removed {
        return format!("Profile `{profile}` was not connected; nothing to remove.");
    }
    let whose = match &report.account {
        Some(account) => format!("the sign-in of {account} (profile {profile})"),
        None => format!("the sign-in of profile {profile}"),
    };
    let places: Vec<String> = vaults
        .iter()
        .filter(|v| {
            v.store()
                .kind()
                .is_none_or(|k| report.removed_from.contains(&k))
        })
        .map(|v| match v.store() {
            SecretStore::File(_) => format!(
                "the token file {}",
                v.store()
                    .entry_file(v.profile().as_str())
                    .map(|p| p.display().to_string())
                    .unwrap_or_default()
            ),
            SecretStore::Memory(_) => "memory".to_owned(),
            _ => "the keychain".to_owned(),
        })
        .collect();
    format!("Removed {whose} from {}.", places.join(" and "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::{OutputFormat, Printer};
    use serde_json::json;

    #[test]
    fn json_is_profile_and_removed_then_what_was_removed() {
        let report = DisconnectReport {
            profile: "work".into(),
            removed: false,
            account: None,
            removed_from: vec![],
        };
        assert_eq!(
            serde_json::to_value(&report).unwrap(),
            json!({"profile": "work", "removed": false})
        );
        let text = Printer::new(OutputFormat::Json, TableStyle::Plain)
            .render(&report)
            .unwrap();
        assert!(
            text.find("\"profile\"") < text.find("\"removed\""),
            "{text}"
        );
        let report = DisconnectReport {
            profile: "work".into(),
            removed: true,
            account: Some("ada@contoso.example".into()),
            removed_from: vec![TokenStoreKind::File, TokenStoreKind::Keychain],
        };
        assert_eq!(
            serde_json::to_value(&report).unwrap(),
            json!({"profile": "work", "removed": true, "account": "ada@contoso.example",
                   "removed_from": ["file", "keychain"]})
        );
    }

    #[test]
    fn nothing_goes_to_stdout_for_people() {
        let report = DisconnectReport {
            profile: "default".into(),
            removed: true,
            account: None,
            removed_from: vec![],
        };
        let text = Printer::new(OutputFormat::Table, TableStyle::Plain)
            .render(&report)
            .unwrap();
        assert_eq!(text, "");
    }

    #[test]
    fn the_sentence_names_the_account_the_profile_and_the_store() {
        let report = DisconnectReport {
            profile: "default".into(),
            removed: true,
            account: Some("ada@contoso.example".into()),
            removed_from: vec![],
        };
        let vaults = [TokenVault::new(
            SecretStore::memory(),
            crate::store::config::ProfileName::parse("default").unwrap(),
        )];
        assert_eq!(
            sentence(&report, &vaults),
            "Removed the sign-in of ada@contoso.example (profile default) from memory."
        );
    }
}
