//! `admin-consent`: the tenant-wide consent link for an IT admin ("Consent on behalf of your
//! organization"), and capture of the admin's answer on the loopback listener.

use std::time::Duration;

use serde::Serialize;

use crate::auth::consent;
use crate::auth::flow::{Endpoints, MicrosoftError, TokenError};
use crate::auth::loopback::{LoopbackError, LoopbackListener, Purpose, RedirectAnswer};
use crate::auth::permissions;
use crate::cli::AdminConsentArgs;
use crate::commands::{Browser, Context, interrupted, open_in_browser};
use crate::error::AppError;
use crate::redact::Secret;

#[derive(Serialize)]
struct ConsentJson {
    granted: bool,
    tenant: Option<String>,
    scopes: Vec<String>,
    url: String,
}

pub async fn run(ctx: &Context, args: &AdminConsentArgs, browser: Browser) -> Result<(), AppError> {
    let settings = &ctx.settings;
    let tenant = args
        .tenant
        .clone()
        .unwrap_or_else(|| settings.tenant.clone());
    if tenant.eq_ignore_ascii_case("common") || tenant.eq_ignore_ascii_case("consumers") {
        return Err(AppError::usage(format!(
            "--tenant: admin consent needs your organisation's tenant id or domain, or `organizations`; Microsoft refuses `{tenant}`"
        )));
    }
    let endpoints = Endpoints::new(&settings.authority_host, &tenant);
    // Admin consent takes resource-qualified scopes (protocol.md §1.13).
    let scopes: Vec<String> = [
        permissions::USER_READ,
        permissions::CALENDARS_READ_WRITE,
        permissions::MAIL_SEND,
    ]
    .into_iter()
    .filter(|p| permissions::is_required(p, args.calendar_only))
    .map(|p| format!("{}/{p}", settings.cloud.graph_root()))
    .collect();

    explain(ctx, &tenant, args.calendar_only);
    if args.print_only {
        let url = consent::admin_consent_url(
            &endpoints,
            &settings.client_id,
            &scopes,
            "http://localhost",
            None,
        );
        ctx.out.essential(url.as_str());
        if ctx.out.json {
            ctx.out.json(&ConsentJson {
                granted: false,
                tenant: None,
                scopes,
                url: url.to_string(),
            })?;
        }
        return Ok(());
    }

    let listener = LoopbackListener::bind()
        .await
        .map_err(|e| AppError::unexpected(e.to_string()))?;
    let state = Secret::new(oauth2::CsrfToken::new_random().secret().clone());
    let url = consent::admin_consent_url(
        &endpoints,
        &settings.client_id,
        &scopes,
        &listener.redirect_uri(),
        Some(state.expose()),
    );
    ctx.out
        .say("An administrator opens this link, signs in and accepts:");
    ctx.out.essential(url.as_str());
    open_in_browser(&ctx.out, browser, &url);
    let spinner = ctx.out.spinner("Waiting for the administrator's answer");
    let answer = tokio::select! {
        a = listener.wait(&state, Purpose::AdminConsent, Duration::from_secs(args.timeout)) => a,
        _ = interrupted() => {
            spinner.finish_and_clear();
            return Err(AppError::sign_in_incomplete("cancelled"));
        }
    };
    spinner.finish_and_clear();
    match answer {
        Ok(RedirectAnswer::AdminConsent {
            tenant: granted_tenant,
            scope,
        }) => {
            let granted: Vec<String> = scope
                .unwrap_or_default()
                .split_whitespace()
                .map(str::to_owned)
                .collect();
            if ctx.out.json {
                ctx.out.json(&ConsentJson {
                    granted: true,
                    tenant: granted_tenant.clone(),
                    scopes: granted.clone(),
                    url: url.to_string(),
                })?;
            } else {
                ctx.out.data(&format!(
                    "Consent granted for the organisation (tenant {}): {}",
                    granted_tenant.as_deref().unwrap_or("unknown"),
                    granted.join(" ")
                ))?;
            }
            ctx.out.say("Users can now run `rally-m365 connect`.");
            Ok(())
        }
        Ok(RedirectAnswer::Error { error, description }) => {
            let refused = MicrosoftError {
                error: error.clone(),
                error_description: description,
                ..Default::default()
            };
            if error == "access_denied" {
                Err(AppError::permission(format!(
                    "the administrator did not grant consent ({})",
                    refused.summary()
                ))
                .with_hint("an account with the Cloud Application Administrator or Global Administrator role must accept"))
            } else {
                Err(consent::sign_in_error(
                    TokenError::Refused(Box::new(refused)),
                    &settings.client_id,
                    &tenant,
                    &settings.profile,
                ))
            }
        }
        Ok(RedirectAnswer::Code(_)) => Err(AppError::unexpected(
            "unexpected sign-in code on the admin-consent listener",
        )),
        Err(LoopbackError::TimedOut(secs)) => Err(AppError::sign_in_incomplete(format!(
            "no answer from the administrator within {secs} seconds"
        ))
        .with_hint(format!(
            "the link stays valid: send it to IT (`{}`)",
            crate::hints::command(&settings.profile, "admin-consent --print-only")
        ))),
        Err(e) => Err(AppError::unexpected(e.to_string())),
    }
}

fn explain(ctx: &Context, tenant: &str, calendar_only: bool) {
    let perms = if calendar_only {
        "Calendars.ReadWrite and User.Read"
    } else {
        "Mail.Send, Calendars.ReadWrite and User.Read"
    };
    ctx.out.say(format!(
        "Admin consent approves rally-m365 (app id {}) for everyone in tenant `{tenant}` at once: the same as ticking \
\"Consent on behalf of your organization\" on the sign-in page. It grants the delegated permissions {perms}: \
each user still signs in as themself, and the app acts only on their own mailbox and calendar. \
Afterwards IT can limit who may use the app in the Entra admin center (Enterprise applications).",
        ctx.settings.client_id
    ));
}
