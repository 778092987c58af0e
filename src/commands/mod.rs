//! One file per subcommand: read options, call services, hand results to `output`.

pub mod admin_consent;
pub mod book;
pub mod cancel;
pub mod completions;
pub mod connect;
pub mod demo;
pub mod disconnect;
pub mod interview_common;
pub mod interviews;
pub mod invite;
pub mod journal;
pub mod mail_delivery;
pub mod reschedule;
pub mod sandbox;
pub mod schema;
pub mod send;
pub mod slots;
pub mod status;

use crate::error::AppError;
use crate::output::Output;
use crate::store::config::Settings;
use crate::store::keychain::SecretStore;
use crate::store::tokens::TokenVault;

/// How a sign-in URL reaches a browser.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Browser {
    /// The user's browser (`webbrowser`, honouring `$BROWSER`).
    System,
    /// Print the URL only.
    None,
    /// The sandbox's scripted browser approves the sign-in (the demo).
    Sandbox,
}

/// What every command that talks to Microsoft 365 gets.
pub struct Context {
    pub settings: Settings,
    pub out: Output,
    pub http: crate::http::LazyClient,
    /// A store chosen by the caller (the demo's memory store); else the settings' store.
    pub preset_store: Option<SecretStore>,
    /// Where bulk-run journals go instead of the state directory (the demo's temporary one).
    pub preset_journal: Option<std::path::PathBuf>,
}

impl Context {
    /// The profile's token entries; opening the keychain happens here, only when needed.
    pub fn vault(&self) -> Result<TokenVault, AppError> {
        let store = match &self.preset_store {
            Some(store) => store.clone(),
            None => SecretStore::open(self.settings.token_store)?,
        };
        Ok(TokenVault::new(store, self.settings.profile.clone()))
    }
}

/// Renews the access token through the profile's session after Graph refused it with 401.
struct SessionRenewer {
    settings: Settings,
    vault: TokenVault,
    http: crate::http::LazyClient,
    out: Output,
}

impl crate::graph::Renew for SessionRenewer {
    fn renew<'a>(
        &'a self,
        rejected: &'a crate::redact::Secret,
    ) -> std::pin::Pin<
        Box<dyn std::future::Future<Output = Result<crate::redact::Secret, AppError>> + 'a>,
    > {
        Box::pin(async move {
            crate::auth::session::renew_after_rejection(
                &self.settings,
                &self.vault,
                &self.http,
                &self.out,
                rejected,
            )
            .await
            .map(|active| active.access_token)
        })
    }
}

impl Context {
    /// A Graph client for the signed-in profile: the grant's own Graph URL, and one renewal of
    /// the access token if Graph refuses it with 401.
    pub fn graph(
        &self,
        vault: &TokenVault,
        active: &crate::auth::session::ActiveSession,
    ) -> crate::graph::GraphClient {
        let http = self.http.get().clone();
        crate::graph::GraphClient::new(
            http.clone(),
            &active.endpoints.graph_url,
            active.access_token.clone(),
        )
        .with_renewer(Box::new(SessionRenewer {
            settings: self.settings.clone(),
            vault: vault.clone(),
            http: crate::http::LazyClient::with(http),
            out: self.out.clone(),
        }))
    }
}

/// Opens the URL in a browser; a failure is a warning, since the URL is printed too.
pub fn open_in_browser(out: &Output, browser: Browser, url: &url::Url) {
    match browser {
        Browser::None => {}
        Browser::System => {
            if let Err(e) = webbrowser::open(url.as_str()) {
                out.warn(format!(
                    "could not open a browser ({e}); open the URL above yourself"
                ));
            }
        }
        Browser::Sandbox => {
            let url = url.to_string();
            tokio::spawn(async move {
                if let Err(e) =
                    crate::sandbox::browser::sign_in(&url, crate::sandbox::BrowserAction::Approve)
                        .await
                {
                    eprintln!("sandbox browser: {e}");
                }
            });
        }
    }
}

/// Waits for Ctrl-C, for racing against a long wait.
pub async fn interrupted() {
    if tokio::signal::ctrl_c().await.is_err() {
        std::future::pending::<()>().await;
    }
}
