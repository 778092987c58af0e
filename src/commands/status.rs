//! `status`: who is connected, where the sign-in lives, when it expires, and which permissions
//! are granted versus required, with the command that fixes anything missing. Exit 3 when not
//! connected or when the sign-in has expired; exit 4 when a required permission is missing.
//!
//! Offline by default, as the sign-in is known locally: no request while the cached access
//! token is fresh (an expired one is renewed, one request). `--check` asks Microsoft: one
//! token request, the only kind that proves the sign-in itself, since an access token stays
//! valid until it expires even after the sign-in was revoked ("Refresh tokens in the Microsoft
//! identity platform": revocation applies to refresh tokens). `--all` is `profiles`.

pub mod report;

pub use report::{AccountView, Connected, NotConnected, relative};

use chrono::{DateTime, Utc};

use crate::auth::permissions;
use crate::auth::session;
use crate::cli::StatusArgs;
use crate::commands::Context;
use crate::error::{AppError, ErrorKind};
use crate::hints;
use crate::store::tokens::{StoredGrant, TokenVault};

pub async fn run(ctx: &Context, args: &StatusArgs) -> Result<(), AppError> {
    if args.all {
        return crate::commands::profiles::run(ctx).await;
    }
    let vault = ctx.vault()?;
    // No grant, or a dead one, is "not connected". A fresh cached token costs no request; an
    // expired one is refreshed once, which also proves the sign-in is still alive.
    let answer = if args.check {
        session::verify_online(&ctx.settings, &vault, &ctx.http, &ctx.out).await
    } else {
        session::access_token(&ctx.settings, &vault, &ctx.http, &ctx.out).await
    };
    match answer {
        Ok(active) => {
            if args.check {
                ctx.out.say(format!(
                    "Microsoft accepted the sign-in of {} just now.",
                    active.grant.account.username
                ));
            }
            let checked = args.check.then_some(true);
            report_with(ctx, &vault, &active.grant, Some(active.expires_at), checked)
        }
        Err(e) if e.is(ErrorKind::NotConnected) => {
            // A stored sign-in that no longer works still says whose it was.
            let grant = vault.load_grant().ok().flatten();
            let e = match &grant {
                Some(grant) => {
                    let message = format!("{e} (signed in as {})", grant.account.username);
                    e.with_message(message)
                }
                None => e,
            };
            ctx.out.print(
                &NotConnected::new(ctx.settings.profile.as_str(), e.to_string())
                    .with_account(grant.as_ref()),
            )?;
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
    report_with(ctx, vault, grant, expires_at, None)
}

fn report_with(
    ctx: &Context,
    vault: &TokenVault,
    grant: &StoredGrant,
    expires_at: Option<DateTime<Utc>>,
    checked: Option<bool>,
) -> Result<(), AppError> {
    let mut report = Connected::new(
        ctx.settings.profile.as_str(),
        grant,
        vault.store(),
        expires_at,
        Utc::now(),
    );
    report.checked = checked;
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
