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
pub mod profiles;
pub mod reschedule;
pub mod sandbox;
pub mod schema;
pub mod send;
pub mod slots;
pub mod status;

use crate::error::AppError;
use crate::output::Output;
use crate::store::TokenStoreKind;
use crate::store::config::{ProfileName, Settings};
use crate::store::keychain::SecretStore;
use crate::store::profile_record;
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
    ///
    /// The store is the one asked for (`--token-store`, the config key), else the one the
    /// profile's record names (`connect` writes it), else, for a sign-in made before records
    /// were kept, the keychain when it holds one and the file store when only it does.
    pub fn vault(&self) -> Result<TokenVault, AppError> {
        let profile = &self.settings.profile;
        let store = match &self.preset_store {
            Some(store) => store.clone(),
            None => match self.recorded_store_kind() {
                Some(kind) => open_store(profile, kind)?,
                None if file_store_has_sign_in(profile) => {
                    let in_keychain = SecretStore::open(TokenStoreKind::Keychain)
                        .ok()
                        .filter(|store| store.get(profile.as_str()).is_ok_and(|v| v.is_some()));
                    match in_keychain {
                        Some(store) => store,
                        None => SecretStore::open(TokenStoreKind::File)?,
                    }
                }
                None => open_store(profile, TokenStoreKind::Keychain)?,
            },
        };
        Ok(TokenVault::new(store, profile.clone()))
    }

    /// The store asked for, else the one the profile's record names; `None` when neither says.
    pub fn recorded_store_kind(&self) -> Option<TokenStoreKind> {
        let settings = &self.settings;
        if settings.token_store_explicit {
            return Some(settings.token_store);
        }
        profile_record::load(&settings.profile).map(|record| record.token_store)
    }
}

/// Opens `kind`. A keychain that cannot be reached while the file store holds a sign-in of
/// the profile says so: that sign-in is never silently passed over.
pub fn open_store(profile: &ProfileName, kind: TokenStoreKind) -> Result<SecretStore, AppError> {
    SecretStore::open(kind).map_err(|e| {
        if kind == TokenStoreKind::Keychain && file_store_has_sign_in(profile) {
            e.with_hint(crate::hints::use_file_store_sign_in(profile))
        } else {
            e
        }
    })
}

/// Whether the token file store holds a sign-in of `profile` (a store that cannot be read
/// holds none).
pub fn file_store_has_sign_in(profile: &ProfileName) -> bool {
    SecretStore::open(TokenStoreKind::File)
        .and_then(|store| store.get(profile.as_str()))
        .is_ok_and(|v| v.is_some())
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
