//! "Give me a valid access token": the cached one while it is fresh (no identity request),
//! else exactly one refresh under the profile lock. A refresh goes only to the authority that
//! issued the sign-in, and its rotated refresh token is saved before anything uses the new
//! access token; when the store refuses it, it is kept in a rescue file that the next command
//! imports, so a sign-in is never lost.

use std::time::Duration;

use chrono::Utc;
use url::Url;

use crate::auth::consent;
use crate::auth::flow::{Endpoints, OAuthClient, TokenError, TokenSet};
use crate::auth::permissions;
use crate::cloud::Cloud;
use crate::error::{AppError, ErrorKind};
use crate::hints;
use crate::http::LazyClient;
use crate::output::Output;
use crate::redact::Secret;
use crate::store::config::Settings;
use crate::store::keychain::SecretStore;
use crate::store::lock::ProfileLock;
use crate::store::profile_record;
use crate::store::rescue;
use crate::store::tokens::{CachedAccessToken, StoredGrant, TokenVault};

/// How long a command waits for another one that holds the profile lock.
pub const LOCK_PATIENCE: Duration = Duration::from_secs(60);

/// A usable access token, the grant it belongs to, and where that grant may be used.
pub struct ActiveSession {
    pub access_token: Secret,
    pub grant: StoredGrant,
    pub endpoints: GrantEndpoints,
    pub expires_at: chrono::DateTime<Utc>,
}

/// The endpoints a stored sign-in was made against, and the only ones its tokens go to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GrantEndpoints {
    pub cloud: Cloud,
    pub authority_host: Url,
    pub graph_url: Url,
}

/// The profile lock, except for the in-memory store of the demo (one process, no file).
pub async fn lock_profile(vault: &TokenVault) -> Result<Option<ProfileLock>, AppError> {
    match vault.store() {
        SecretStore::Memory(_) => Ok(None),
        _ => Ok(Some(
            ProfileLock::acquire(vault.profile(), LOCK_PATIENCE).await?,
        )),
    }
}

/// The grant of the profile, or "not connected" (exit 3) with the command that fixes it.
pub fn require_grant(vault: &TokenVault) -> Result<StoredGrant, AppError> {
    vault.load_grant()?.ok_or_else(|| not_connected(vault))
}

fn not_connected(vault: &TokenVault) -> AppError {
    AppError::not_connected(format!("profile `{}` is not connected", vault.profile()))
        .with_hint(hints::connect_first(vault.profile()))
}

/// The endpoints of the grant, checked against the settings in force: an endpoint set on
/// purpose (environment or config) that differs from the grant's is refused, so a token never
/// goes to an authority or a Graph that did not issue it.
pub fn grant_endpoints(
    settings: &Settings,
    grant: &StoredGrant,
) -> Result<GrantEndpoints, AppError> {
    let unreadable = |what: &str| {
        AppError::store(format!(
            "the stored sign-in of profile `{}` has an unreadable {what}",
            settings.profile
        ))
        .with_hint(hints::reconnect(&settings.profile))
    };
    let endpoints = GrantEndpoints {
        cloud: grant.cloud.parse().map_err(|_| unreadable("cloud"))?,
        authority_host: Url::parse(&grant.authority_host)
            .map_err(|_| unreadable("authority host"))?,
        graph_url: Url::parse(&grant.graph_url).map_err(|_| unreadable("Graph URL"))?,
    };
    let clash = |setting: &str, now: &str| {
        AppError::not_connected(format!(
            "this profile was signed in against {} (cloud {}, Graph {}), but {setting} names {now}; its tokens are not sent there",
            shown_base(&endpoints.authority_host),
            endpoints.cloud,
            shown_base(&endpoints.graph_url),
        ))
        .with_hint(hints::reconnect_here(&settings.profile))
    };
    if settings.explicit.cloud && settings.cloud != endpoints.cloud {
        return Err(clash("RALLY_M365_CLOUD", settings.cloud.name()));
    }
    if settings.explicit.authority_host
        && !same_base(&settings.authority_host, endpoints.authority_host.as_str())
    {
        return Err(clash(
            "RALLY_M365_AUTHORITY_HOST",
            &shown_base(&settings.authority_host),
        ));
    }
    if settings.explicit.graph_url && !same_base(&settings.graph_url, endpoints.graph_url.as_str())
    {
        return Err(clash(
            "RALLY_M365_GRAPH_URL",
            &shown_base(&settings.graph_url),
        ));
    }
    Ok(endpoints)
}

fn shown_base(url: &Url) -> String {
    url.as_str().trim_end_matches('/').to_owned()
}

fn same_base(a: &Url, b: &str) -> bool {
    match Url::parse(b) {
        Ok(b) => shown_base(a).eq_ignore_ascii_case(&shown_base(&b)),
        Err(_) => false,
    }
}

/// A valid access token for Graph.
pub async fn access_token(
    settings: &Settings,
    vault: &TokenVault,
    http: &LazyClient,
    out: &Output,
) -> Result<ActiveSession, AppError> {
    import_rescued(vault, out).await?;
    // Both entries in one read of the store: a cached token costs no second trip to it.
    let (grant, cached) = vault.load_grant_and_access()?;
    let grant = grant.ok_or_else(|| not_connected(vault))?;
    let endpoints = grant_endpoints(settings, &grant)?;
    if let Some(cached) = cached.filter(|t| t.is_fresh(Utc::now())) {
        return Ok(ActiveSession {
            access_token: cached.access_token,
            expires_at: cached.expires_at,
            grant,
            endpoints,
        });
    }
    refresh_under_lock(settings, vault, http, out, None).await
}

/// Asks Microsoft whether the sign-in is still good: one refresh, whatever the cache holds (an
/// access token outlives a revoked sign-in; a refresh token does not). The answer is stored as
/// any refresh is, so the check also renews the cached token.
pub async fn verify_online(
    settings: &Settings,
    vault: &TokenVault,
    http: &LazyClient,
    out: &Output,
) -> Result<ActiveSession, AppError> {
    import_rescued(vault, out).await?;
    let _lock = lock_profile(vault).await?;
    let grant = require_grant(vault)?;
    let endpoints = grant_endpoints(settings, &grant)?;
    refresh(vault, http, out, grant, endpoints).await
}

/// A new access token after Graph refused `rejected` with 401 although the sign-in looked
/// valid (a revoked session, a clock skew): one refresh, ignoring the cache unless another
/// process already replaced the rejected token.
pub async fn renew_after_rejection(
    settings: &Settings,
    vault: &TokenVault,
    http: &LazyClient,
    out: &Output,
    rejected: &Secret,
) -> Result<ActiveSession, AppError> {
    refresh_under_lock(settings, vault, http, out, Some(rejected)).await
}

async fn refresh_under_lock(
    settings: &Settings,
    vault: &TokenVault,
    http: &LazyClient,
    out: &Output,
    rejected: Option<&Secret>,
) -> Result<ActiveSession, AppError> {
    // Another process may be refreshing: wait for it, then look again before refreshing.
    let _lock = lock_profile(vault).await?;
    let grant = require_grant(vault)?;
    let endpoints = grant_endpoints(settings, &grant)?;
    if let Some(cached) = vault
        .load_access()?
        .filter(|t| t.is_fresh(Utc::now()))
        .filter(|t| rejected.is_none_or(|r| r != &t.access_token))
    {
        tracing::debug!("another process refreshed the token meanwhile");
        return Ok(ActiveSession {
            access_token: cached.access_token,
            expires_at: cached.expires_at,
            grant,
            endpoints,
        });
    }
    refresh(vault, http, out, grant, endpoints).await
}

async fn refresh(
    vault: &TokenVault,
    http: &LazyClient,
    out: &Output,
    grant: StoredGrant,
    endpoints: GrantEndpoints,
) -> Result<ActiveSession, AppError> {
    let oauth_endpoints = Endpoints::new(&endpoints.authority_host, &grant.tenant);
    let client = OAuthClient::new(&grant.client_id, &oauth_endpoints, http.get().clone());
    let scopes = permissions::refresh_scopes(endpoints.cloud, &grant.scopes_granted);
    tracing::info!(
        "refreshing the access token of profile `{}`",
        vault.profile()
    );
    let answer = client.refresh(&grant.refresh_token, &scopes).await;
    let tokens = match answer {
        Ok(tokens) => tokens,
        Err(TokenError::Unreadable(reason, Some(rotated))) => {
            // The answer could not be read, but it carried a new refresh token, and the one we
            // sent may be spent: keep the new one so the next command can try again.
            let mut rescued = grant.clone();
            rescued.refresh_token = rotated;
            rescued.refreshed_at = Utc::now();
            save_refreshed_grant(vault, out, &grant, &rescued).await?;
            return Err(consent::refresh_error(
                TokenError::Unreadable(reason, None),
                vault.profile(),
            ));
        }
        Err(e) => {
            let error = consent::refresh_error(e, vault.profile());
            if error.is(ErrorKind::NotConnected) && vault.store().kind().is_some() {
                // Remembered, so `profiles` can say "expired" without asking Microsoft.
                profile_record::mark_refused(vault.profile(), Utc::now());
            }
            return Err(error);
        }
    };
    let mut refreshed = grant.clone();
    apply_refresh(&mut refreshed, &tokens);
    // The rotated refresh token is persisted first: the old one may already be dead.
    save_refreshed_grant(vault, out, &grant, &refreshed).await?;
    let cached = CachedAccessToken {
        access_token: tokens.access_token.clone(),
        expires_at: tokens.expires_at,
        scopes: refreshed.scopes_granted.clone(),
    };
    if let Err(e) = vault.save_access(&cached) {
        // Only a cache: the next command refreshes again.
        out.warn(format!("the new access token was not cached: {e}"));
    }
    Ok(ActiveSession {
        access_token: tokens.access_token,
        expires_at: tokens.expires_at,
        grant: refreshed,
        endpoints,
    })
}

fn apply_refresh(grant: &mut StoredGrant, tokens: &TokenSet) {
    // Microsoft does not always rotate: without a new refresh token the old one stays valid.
    if let Some(rotated) = &tokens.refresh_token {
        grant.refresh_token = rotated.clone();
    }
    if let Some(scopes) = &tokens.scopes {
        grant.scopes_granted = permissions::normalise_granted(scopes);
    }
    grant.refreshed_at = Utc::now();
}

/// How often a refused write is tried before the grant goes to the rescue file.
const SAVE_ATTEMPTS: u32 = 3;

/// Saves a refreshed grant. The stored grant is read again first (under the lock): if the
/// profile was disconnected, or signed in anew, meanwhile, that newer state wins and nothing
/// is written. A refused write is retried, then kept in a rescue file (announced loudly);
/// only when both fail is this an error of its own.
async fn save_refreshed_grant(
    vault: &TokenVault,
    out: &Output,
    used: &StoredGrant,
    refreshed: &StoredGrant,
) -> Result<(), AppError> {
    match vault.load_grant() {
        Ok(None) => {
            return Err(AppError::not_connected(format!(
                "profile `{}` was disconnected while its sign-in was being refreshed",
                vault.profile()
            ))
            .with_hint(hints::connect_first(vault.profile())));
        }
        Ok(Some(current)) if current.refresh_token != used.refresh_token => {
            return Err(AppError::unexpected(format!(
                "profile `{}` was signed in again while its sign-in was being refreshed; the newer sign-in was kept",
                vault.profile()
            ))
            .with_hint("run the command again"));
        }
        // Unreadable now: the write below says what is wrong with the store.
        Ok(Some(_)) | Err(_) => {}
    }
    let mut last_error = None;
    for attempt in 0..SAVE_ATTEMPTS {
        if attempt > 0 {
            tokio::time::sleep(Duration::from_millis(100 << (2 * (attempt - 1)))).await;
        }
        match vault.save_grant(refreshed) {
            Ok(()) => return Ok(()),
            Err(e) => {
                tracing::info!(
                    "saving the refreshed sign-in failed (attempt {}): {e}",
                    attempt + 1
                );
                last_error = Some(e);
            }
        }
    }
    let store_error = last_error.map(|e| e.to_string()).unwrap_or_default();
    let text = serde_json::to_string(refreshed).map_err(AppError::unexpected)?;
    match rescue::write(vault.profile(), &text) {
        Ok(path) => {
            out.warn(format!(
                "Microsoft rotated the sign-in of profile `{}`, but {} refused to save it ({store_error}). \
It is kept, readable by you only, in {} until the next rally-m365 command moves it into the store and deletes the file.",
                vault.profile(),
                vault.store().describe(),
                path.display()
            ));
            Ok(())
        }
        Err(rescue_error) => Err(AppError::new(
            ErrorKind::Store,
            format!(
                "Microsoft rotated the sign-in of profile `{}`, but it could not be saved: {} refused it ({store_error}), and so did the rescue file ({rescue_error})",
                vault.profile(),
                vault.store().describe()
            ),
        )
        .with_hint(format!(
            "fix the store (unlock the keychain, free disk space), then {}",
            hints::reconnect(vault.profile())
        ))),
    }
}

/// Moves a grant left in a rescue file by an earlier command into the store, then deletes the
/// file. If the store still refuses, the file stays and the command goes on with the rescued
/// grant in memory only after saying so.
async fn import_rescued(vault: &TokenVault, out: &Output) -> Result<(), AppError> {
    let Some((path, text)) = rescue::find(vault.profile()) else {
        return Ok(());
    };
    let Ok(rescued) = serde_json::from_str::<StoredGrant>(&text) else {
        out.warn(format!(
            "ignoring the unreadable rescued sign-in {}",
            path.display()
        ));
        return Ok(());
    };
    let _lock = lock_profile(vault).await?;
    // The rescue file may be older than a connect made since: the newer sign-in wins.
    if let Ok(Some(current)) = vault.load_grant()
        && (current.connected_at > rescued.connected_at
            || current.refreshed_at > rescued.refreshed_at)
    {
        rescue::remove_all(vault.profile());
        return Ok(());
    }
    match vault.save_grant(&rescued) {
        Ok(()) => {
            rescue::remove_all(vault.profile());
            out.warn(format!(
                "recovered the sign-in of profile `{}` that an earlier command could not save, from {} (now deleted)",
                vault.profile(),
                path.display()
            ));
            Ok(())
        }
        Err(e) => Err(e.with_message(format!(
            "a refreshed sign-in of profile `{}` waits in {}, and the store still refuses it",
            vault.profile(),
            path.display()
        ))),
    }
}
