//! `disconnect`: remove the profile's entries from the token store (idempotent), and say where
//! the app's access can also be revoked on Microsoft's side.

use schemars::JsonSchema;
use serde::Serialize;

use crate::auth::session;
use crate::commands::Context;
use crate::error::AppError;
use crate::output::{Block, Render, TableStyle};
use crate::store::rescue;

/// `disconnect --json`: `{"profile", "removed"}`; `removed` is false when nothing was stored.
#[derive(Debug, Serialize, JsonSchema)]
pub struct DisconnectReport {
    /// The profile whose sign-in was looked for.
    pub profile: String,
    /// False when there was nothing to remove (running it twice is safe).
    pub removed: bool,
}

impl Render for DisconnectReport {
    /// What happened is a sentence for people, on stderr.
    fn table(&self, _: TableStyle) -> Vec<Block> {
        Vec::new()
    }
}

pub async fn run(ctx: &Context) -> Result<(), AppError> {
    let vault = ctx.vault()?;
    // Under the profile lock: a refresh in flight finishes first, so this removal sticks.
    let _lock = session::lock_profile(&vault).await?;
    let removed = vault.delete_all()?;
    // A sign-in left in a rescue file would otherwise come back with the next command.
    rescue::remove_all(vault.profile());
    let profile = ctx.settings.profile.as_str();
    ctx.out.print(&DisconnectReport {
        profile: profile.to_owned(),
        removed,
    })?;
    if removed {
        ctx.out.say(format!(
            "Removed the sign-in of profile `{profile}` from: {}.",
            vault.store().describe()
        ));
    } else {
        ctx.out.say(format!(
            "Profile `{profile}` was not connected; nothing to remove."
        ));
    }
    ctx.out.say(format!(
        "To also revoke rally-m365's access on Microsoft's side, open {} (Apps) or ask IT to remove the app in the Entra admin center.",
        ctx.settings.cloud.my_apps_url()
    ));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::{OutputFormat, Printer};
    use serde_json::json;

    #[test]
    fn json_is_profile_and_removed() {
        let report = DisconnectReport {
            profile: "work".into(),
            removed: false,
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
    }

    #[test]
    fn nothing_goes_to_stdout_for_people() {
        let report = DisconnectReport {
            profile: "default".into(),
            removed: true,
        };
        let text = Printer::new(OutputFormat::Table, TableStyle::Plain)
            .render(&report)
            .unwrap();
        assert_eq!(text, "");
    }
}
