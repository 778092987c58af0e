//! `status`: who is connected, where the sign-in lives, when it expires, and which permissions
//! are granted versus required, with the command that fixes anything missing. Exit 3 when not
//! connected or when the sign-in has expired; exit 4 when a required permission is missing.

pub mod report;

pub use report::{AccountView, Connected, NotConnected};

use chrono::{DateTime, Utc};

use crate::auth::permissions;
use crate::auth::session;
use crate::commands::Context;
use crate::error::{AppError, ErrorKind};
use crate::hints;
use crate::store::tokens::{StoredGrant, TokenVault};

pub async fn run(ctx: &Context) -> Result<(), AppError> {
    let vault = ctx.vault()?;
    // No grant, or a dead one, is "not connected". A fresh cached token costs no request; an
    // expired one is refreshed once, which also proves the sign-in is still alive.
    match session::access_token(&ctx.settings, &vault, &ctx.http, &ctx.out).await {
        Ok(active) => report(ctx, &vault, &active.grant, Some(active.expires_at)),
        Err(e) if e.is(ErrorKind::NotConnected) => {
            ctx.out.print(&NotConnected::new(
                ctx.settings.profile.as_str(),
                e.to_string(),
            ))?;
            Err(e)
        }
        Err(e) => Err(e),
    }
}

/// Prints the account and the permission table (or JSON); shared with `connect`.
/// Returns exit 4 when a required permission is missing.
pub fn report(
    ctx: &Context,
    vault: &TokenVault,
    grant: &StoredGrant,
    expires_at: Option<DateTime<Utc>>,
) -> Result<(), AppError> {
    let report = Connected::new(
        ctx.settings.profile.as_str(),
        grant,
        vault.store(),
        expires_at,
    );
    ctx.out.print(&report)?;
    let missing = report.missing();
    if missing.is_empty() {
        return Ok(());
    }
    let list = missing.join(", ");
    Err(AppError::permission(format!(
        "signed in, but {list} {} not granted; what was granted still works",
        if missing.len() == 1 { "was" } else { "were" }
    ))
    .with_hint(hints::missing_permissions(
        &ctx.settings.profile,
        missing == [permissions::MAIL_SEND],
    )))
}
