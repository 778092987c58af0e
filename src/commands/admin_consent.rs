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
use crate::output::{Block, Render, TableStyle};
use crate::redact::Secret;

/// `admin-consent --json`: `{"granted", "tenant", "scopes", "url"}`.
#[derive(Debug, Serialize)]
pub struct AdminConsentReport {
    /// False when the link was only printed (`--print-only`).
    pub granted: bool,
    /// The tenant that granted consent; `null` until one has.
    pub tenant: Option<String>,
    /// The scopes asked for, or those granted.
    pub scopes: Vec<String>,
    pub url: String,
}

impl AdminConsentReport {
    /// The link alone, for IT to open later: it is on stderr already.
    pub fn link(scopes: Vec<String>, url: &url::Url) -> AdminConsentReport {
        AdminConsentReport {
            granted: false,
            tenant: None,
            scopes,
            url: url.to_string(),
        }
    }

    pub fn granted(
        tenant: Option<String>,
        scopes: Vec<String>,
        url: &url::Url,
    ) -> AdminConsentReport {
        AdminConsentReport {
            granted: true,
            tenant,
            scopes,
            url: url.to_string(),
        }
    }
}

impl Render for AdminConsentReport {
    fn table(&self, _: TableStyle) -> Vec<Block> {
        if !self.granted {
            return Vec::new();
        }
        vec![Block::Line(format!(
            "Consent granted for the organisation (tenant {}): {}",
            self.tenant.as_deref().unwrap_or("unknown"),
            self.scopes.join(" ")
        ))]
    }
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
        return ctx.out.print(&AdminConsentReport::link(scopes, &url));
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
            ctx.out
                .print(&AdminConsentReport::granted(granted_tenant, granted, &url))?;
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
            "no answer from the administrator within {}",
            crate::output::count(secs, "second")
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::{OutputFormat, Printer};
    use serde_json::json;

    fn url() -> url::Url {
        "https://login.microsoftonline.com/contoso.example/v2.0/adminconsent?client_id=x"
            .parse()
            .unwrap()
    }

    fn render(format: OutputFormat, report: &AdminConsentReport) -> String {
        Printer::new(format, TableStyle::Plain)
            .render(report)
            .unwrap()
    }

    #[test]
    fn the_link_alone_is_not_granted_with_a_null_tenant() {
        let report =
            AdminConsentReport::link(vec!["https://graph.microsoft.com/User.Read".into()], &url());
        assert_eq!(
            serde_json::to_value(&report).unwrap(),
            json!({
                "granted": false,
                "tenant": null,
                "scopes": ["https://graph.microsoft.com/User.Read"],
                "url": "https://login.microsoftonline.com/contoso.example/v2.0/adminconsent?client_id=x",
            })
        );
        // The link went to stderr already; stdout has nothing for people.
        assert_eq!(render(OutputFormat::Table, &report), "");
    }

    #[test]
    fn a_grant_names_the_tenant_and_scopes() {
        let report = AdminConsentReport::granted(
            Some("9f3c1d2e".into()),
            vec!["A.Read".into(), "B.Send".into()],
            &url(),
        );
        let text = render(OutputFormat::Json, &report);
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(value["granted"], true);
        assert_eq!(value["tenant"], "9f3c1d2e");
        assert_eq!(value["scopes"], json!(["A.Read", "B.Send"]));
        let order: Vec<usize> = ["granted", "tenant", "scopes", "url"]
            .iter()
            .map(|k| text.find(&format!("\"{k}\"")).unwrap())
            .collect();
        assert!(order.is_sorted(), "{text}");
        assert_eq!(
            render(OutputFormat::Table, &report),
            "Consent granted for the organisation (tenant 9f3c1d2e): A.Read B.Send\n"
        );
    }
}
