//! `status`: who is connected, where the sign-in lives, when it expires, and which permissions
//! are granted versus required, with the command that fixes anything missing. Exit 3 when not
//! connected or when the sign-in has expired; exit 4 when a required permission is missing.

use chrono::{DateTime, SecondsFormat, Utc};
use serde::Serialize;

use crate::auth::permissions::{self, PermissionRow};
use crate::auth::session;
use crate::commands::Context;
use crate::error::{AppError, ErrorKind};
use crate::hints;
use crate::store::tokens::{StoredGrant, TokenVault};

#[derive(Serialize)]
struct StatusJson<'a> {
    connected: bool,
    profile: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    account: Option<AccountJson<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    cloud: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    token_store: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    scopes_granted: Option<&'a [String]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    permissions: Option<Vec<PermissionRow>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    calendar_only: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    expires_at: Option<Option<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    refreshed_at: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<String>,
}

#[derive(Serialize)]
struct AccountJson<'a> {
    username: &'a str,
    name: Option<&'a str>,
    email: &'a str,
    tenant_id: Option<&'a str>,
}

pub async fn run(ctx: &Context) -> Result<(), AppError> {
    let vault = ctx.vault()?;
    // No grant, or a dead one, is "not connected". A fresh cached token costs no request; an
    // expired one is refreshed once, which also proves the sign-in is still alive.
    match session::access_token(&ctx.settings, &vault, &ctx.http, &ctx.out).await {
        Ok(active) => report(ctx, &vault, &active.grant, Some(active.expires_at)),
        Err(e) if e.is(ErrorKind::NotConnected) => not_connected(ctx, e),
        Err(e) => Err(e),
    }
}

fn not_connected(ctx: &Context, error: AppError) -> Result<(), AppError> {
    if ctx.out.json {
        ctx.out.json(&StatusJson {
            connected: false,
            profile: ctx.settings.profile.as_str(),
            account: None,
            cloud: None,
            token_store: None,
            scopes_granted: None,
            permissions: None,
            calendar_only: None,
            expires_at: None,
            refreshed_at: None,
            reason: Some(error.to_string()),
        })?;
    }
    Err(error)
}

fn rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// Prints the account and the permission table (or JSON); shared with `connect`.
/// Returns exit 4 when a required permission is missing.
pub fn report(
    ctx: &Context,
    vault: &TokenVault,
    grant: &StoredGrant,
    expires_at: Option<DateTime<Utc>>,
) -> Result<(), AppError> {
    let rows = permissions::compare(&grant.scopes_granted, true, grant.calendar_only);
    let missing = permissions::missing(&rows);
    let profile = ctx.settings.profile.as_str();
    if ctx.out.json {
        ctx.out.json(&StatusJson {
            connected: true,
            profile,
            account: Some(AccountJson {
                username: &grant.account.username,
                name: grant.account.name.as_deref(),
                email: &grant.account.email,
                tenant_id: grant.account.tenant_id.as_deref(),
            }),
            cloud: Some(&grant.cloud),
            token_store: Some(vault.store().kind_name()),
            scopes_granted: Some(&grant.scopes_granted),
            permissions: Some(rows.clone()),
            calendar_only: Some(grant.calendar_only),
            expires_at: Some(expires_at.map(rfc3339)),
            refreshed_at: Some(rfc3339(grant.refreshed_at)),
            reason: None,
        })?;
    } else {
        let mut about = ctx.out.new_table(vec![]);
        let name = match &grant.account.name {
            Some(n) => format!("{n} <{}>", grant.account.username),
            None => grant.account.username.clone(),
        };
        about.add_row(vec!["Profile", profile]);
        about.add_row(vec!["Account", &name]);
        about.add_row(vec![
            "Tenant",
            grant.account.tenant_id.as_deref().unwrap_or("unknown"),
        ]);
        about.add_row(vec!["Cloud", &grant.cloud]);
        about.add_row(vec!["Token store", &vault.store().describe()]);
        about.add_row(vec![
            "Access token expires",
            &expires_at
                .map(rfc3339)
                .unwrap_or_else(|| "no cached token".into()),
        ]);
        about.add_row(vec!["Last refreshed", &rfc3339(grant.refreshed_at)]);
        about.add_row(vec![
            "Mode",
            if grant.calendar_only {
                "calendar only"
            } else {
                "calendar and mail"
            },
        ]);
        ctx.out.table(about)?;
        ctx.out.table(permission_table(ctx, &rows))?;
    }
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

fn permission_table(ctx: &Context, rows: &[PermissionRow]) -> comfy_table::Table {
    let mut table = ctx.out.new_table(vec![
        "Permission",
        "Description",
        "Why it is needed",
        "Microsoft permission",
        "Required",
        "Granted",
    ]);
    // Microsoft's permission names are identifiers: never break them across lines
    // ("Calendars.ReadWrite" plus the cell padding).
    if let Some(column) = table.column_mut(3) {
        column.set_constraint(comfy_table::ColumnConstraint::LowerBoundary(
            comfy_table::Width::Fixed(21),
        ));
    }
    for row in rows.iter().filter(|r| r.required || r.granted) {
        table.add_row(vec![
            row.name,
            row.description,
            row.reason,
            row.permission,
            if row.required { "yes" } else { "no" },
            if row.granted { "yes" } else { "NO" },
        ]);
    }
    table
}
