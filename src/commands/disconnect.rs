//! `disconnect`: remove the profile's entries from the token store (idempotent), and say where
//! the app's access can also be revoked on Microsoft's side.

use serde::Serialize;

use crate::auth::session;
use crate::commands::Context;
use crate::error::AppError;
use crate::store::rescue;

#[derive(Serialize)]
struct DisconnectJson<'a> {
    profile: &'a str,
    removed: bool,
}

pub async fn run(ctx: &Context) -> Result<(), AppError> {
    let vault = ctx.vault()?;
    // Under the profile lock: a refresh in flight finishes first, so this removal sticks.
    let _lock = session::lock_profile(&vault).await?;
    let removed = vault.delete_all()?;
    // A sign-in left in a rescue file would otherwise come back with the next command.
    rescue::remove_all(vault.profile());
    let profile = ctx.settings.profile.as_str();
    if ctx.out.json {
        ctx.out.json(&DisconnectJson { profile, removed })?;
    }
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
