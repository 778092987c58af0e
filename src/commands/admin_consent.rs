//! `admin-consent`: the tenant-wide consent link for an IT admin ("Consent on behalf of your
//! organization"), and capture of the admin's answer on the loopback listener.

use schemars::JsonSchema;
use serde::Serialize;

use crate::auth::browser_page::Outcome;
use crate::auth::consent;
use crate::auth::flow::{Endpoints, MicrosoftError, TokenError};
use crate::auth::flow_choice::{self, Surroundings};
use crate::auth::loopback::{LoopbackError, LoopbackListener, Purpose, RedirectAnswer};
use crate::auth::permissions;
use crate::auth::tenant::Tenant;
use crate::auth::timeout::SignInTimeout;
use crate::cli::AdminConsentArgs;
use crate::commands::{Browser, Context, interrupted, open_in_browser};
use crate::error::AppError;
use crate::hints;
use crate::output::{Block, Render, TableStyle};
use crate::redact::Secret;

/// `admin-consent --json`: `{"granted", "tenant", "tenant_id", "scopes", "url"}`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct AdminConsentReport {
    /// False when the link was only printed (`--print-only`).
    pub granted: bool,
    /// The tenant the consent was asked for, as given (`--tenant`, `RALLY_M365_TENANT`, the
    /// config key, else `organizations`).
    pub tenant: String,
    /// The id of the tenant that granted consent, from Microsoft's answer; `null` until one has.
    pub tenant_id: Option<String>,
    /// The scopes asked for, or those granted.
    pub scopes: Vec<String>,
    /// The tenant-wide consent link an admin opens (Microsoft's adminconsent endpoint).
    pub url: String,
}

impl AdminConsentReport {
    /// The link alone, for IT to open later: it is on stderr already.
    pub fn link(tenant: &Tenant, scopes: Vec<String>, url: &url::Url) -> AdminConsentReport {
        AdminConsentReport {
            granted: false,
            tenant: tenant.to_string(),
            tenant_id: None,
            scopes,
            url: url.to_string(),
        }
    }

    pub fn granted(
        tenant: &Tenant,
        tenant_id: Option<String>,
        scopes: Vec<String>,
        url: &url::Url,
    ) -> AdminConsentReport {
        AdminConsentReport {
            granted: true,
            tenant: tenant.to_string(),
            tenant_id,
            scopes,
            url: url.to_string(),
        }
    }

    /// "contoso.example, id 9f3c...", or the one of them there is.
    fn tenant_shown(&self) -> String {
        match &self.tenant_id {
            Some(id) if *id != self.tenant => format!("{}, id {id}", self.tenant),
            _ => self.tenant.clone(),
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
            self.tenant_shown(),
            self.scopes.join(" ")
        ))]
    }
}

pub async fn run(ctx: &Context, args: &AdminConsentArgs, browser: Browser) -> Result<(), AppError> {
    let timeout = SignInTimeout::from_flag(&args.timeout)?;
    let settings = &ctx.settings;
    // Settings checked the tenant already; this names the source if it was not a tenant.
    let tenant =
        Tenant::parse(&settings.tenant).map_err(|e| AppError::usage(format!("--tenant: {e}")))?;
    if !tenant.allows_admin_consent() {
        return Err(AppError::usage(format!(
            "--tenant: admin consent needs your organisation's tenant id or domain, or `organizations`; Microsoft refuses `{tenant}`"
        )));
    }
    let endpoints = Endpoints::new(&settings.authority_host, tenant.as_str());
    // Admin consent takes resource-qualified scopes ("Admin consent on the Microsoft identity
    // platform": `scope=https://graph.microsoft.com/Calendars.ReadWrite ...`).
    let scopes: Vec<String> = [
        permissions::USER_READ,
        permissions::CALENDARS_READ_WRITE,
        permissions::MAIL_SEND,
    ]
    .into_iter()
    .filter(|p| permissions::is_required(p, args.calendar_only))
    .map(|p| format!("{}/{p}", settings.cloud.graph_root()))
    .collect();

    explain(ctx, tenant.as_str(), args.calendar_only);
    if args.print_only {
        let url = consent::admin_consent_url(
            &endpoints,
            &settings.client_id,
            &scopes,
            "http://localhost",
            None,
        );
        ctx.out.essential(url.as_str());
        return ctx
            .out
            .print(&AdminConsentReport::link(&tenant, scopes, &url));
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
    if browser != Browser::Sandbox && Surroundings::of_this_process().remote_without_display() {
        ctx.out.say(flow_choice::SSH_ADMIN_CONSENT_NOTE);
    }
    open_in_browser(&ctx.out, browser, &url);
    let spinner = ctx.out.spinner("Waiting for the administrator's answer");
    let answer = tokio::select! {
        a = listener.wait(&state, Purpose::AdminConsent, timeout.duration()) => a,
        _ = interrupted() => {
            spinner.finish_and_clear();
            return Err(AppError::sign_in_incomplete("cancelled"));
        }
    };
    spinner.finish_and_clear();
    let redirect = match answer {
        Ok(redirect) => redirect,
        Err(LoopbackError::TimedOut) => {
            return Err(AppError::sign_in_incomplete(format!(
                "no answer from the administrator within {} (--timeout)",
                timeout.describe()
            ))
            .with_hint(hints::admin_consent_timed_out(&settings.profile)));
        }
        Err(e) => return Err(AppError::unexpected(e.to_string())),
    };
    let (outcome, result) = match redirect.answer {
        RedirectAnswer::AdminConsent {
            tenant: granted_tenant,
            scope,
        } => {
            let granted: Vec<String> = scope
                .unwrap_or_default()
                .split_whitespace()
                .map(str::to_owned)
                .collect();
            let report = AdminConsentReport::granted(&tenant, granted_tenant, granted, &url);
            let outcome = Outcome::ConsentGranted {
                tenant: report.tenant_shown(),
            };
            (outcome, Ok(report))
        }
        RedirectAnswer::Error { error, description } => {
            let refused = MicrosoftError {
                error: error.clone(),
                error_description: description,
                ..Default::default()
            };
            // Declined: `access_denied`, or `consent_required` with AADSTS65004 as the admin
            // consent page's error response shows it.
            let error = if error == "access_denied" || refused.aadsts_codes().contains(&65004) {
                AppError::permission(format!(
                    "the administrator did not grant consent ({}){}",
                    refused.summary(),
                    refused.support_ids().map(|ids| format!(" ({ids})")).unwrap_or_default()
                ))
                .with_hint("an account with the Cloud Application Administrator or Global Administrator role must accept")
            } else {
                consent::sign_in_error(
                    TokenError::Refused(Box::new(refused)),
                    &settings.client_id,
                    tenant.as_str(),
                    &settings.profile,
                )
            };
            (Outcome::failed(&error), Err(error))
        }
        RedirectAnswer::Code(_) => {
            let error =
                AppError::unexpected("unexpected sign-in code on the admin-consent listener");
            (Outcome::failed(&error), Err(error))
        }
    };
    redirect.reply.send(outcome).await;
    ctx.out.print(&result?)?;
    ctx.out.say("Users can now run `rally-m365 connect`.");
    Ok(())
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

    fn contoso() -> Tenant {
        Tenant::parse("contoso.example").unwrap()
    }

    #[test]
    fn the_link_alone_is_not_granted_and_names_the_tenant_given() {
        let report = AdminConsentReport::link(
            &contoso(),
            vec!["https://graph.microsoft.com/User.Read".into()],
            &url(),
        );
        assert_eq!(
            serde_json::to_value(&report).unwrap(),
            json!({
                "granted": false,
                "tenant": "contoso.example",
                "tenant_id": null,
                "scopes": ["https://graph.microsoft.com/User.Read"],
                "url": "https://login.microsoftonline.com/contoso.example/v2.0/adminconsent?client_id=x",
            })
        );
        // The link went to stderr already; stdout has nothing for people.
        assert_eq!(render(OutputFormat::Table, &report), "");
    }

    #[test]
    fn a_grant_names_the_tenant_given_its_id_and_the_scopes() {
        let report = AdminConsentReport::granted(
            &contoso(),
            Some("9f3c1d2e".into()),
            vec!["A.Read".into(), "B.Send".into()],
            &url(),
        );
        let text = render(OutputFormat::Json, &report);
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(value["granted"], true);
        assert_eq!(value["tenant"], "contoso.example");
        assert_eq!(value["tenant_id"], "9f3c1d2e");
        assert_eq!(value["scopes"], json!(["A.Read", "B.Send"]));
        let order: Vec<usize> = ["granted", "tenant", "tenant_id", "scopes", "url"]
            .iter()
            .map(|k| text.find(&format!("\"{k}\"")).unwrap())
            .collect();
        assert!(order.is_sorted(), "{text}");
        assert_eq!(
            render(OutputFormat::Table, &report),
            "Consent granted for the organisation (tenant contoso.example, id 9f3c1d2e): A.Read B.Send\n"
        );
    }
}
