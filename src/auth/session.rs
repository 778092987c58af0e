//! "Give me a valid access token": the cached one while it is fresh (no identity request),
//! else exactly one refresh under the profile lock, persisting the rotated refresh token
//! before anything uses the new access token.

use std::time::Duration;

use chrono::Utc;

use crate::auth::consent;
use crate::auth::flow::{Endpoints, OAuthClient, TokenSet};
use crate::auth::permissions;
use crate::error::AppError;
use crate::hints;
use crate::http::LazyClient;
use crate::redact::Secret;
use crate::store::config::Settings;
use crate::store::keychain::SecretStore;
use crate::store::lock::ProfileLock;
use crate::store::tokens::{CachedAccessToken, StoredGrant, TokenVault};

/// A usable access token and the grant it belongs to.
pub struct ActiveSession {
    pub access_token: Secret,
    pub grant: StoredGrant,
    pub expires_at: chrono::DateTime<Utc>,
}

/// The grant of the profile, or "not connected" (exit 3) with the command that fixes it.
pub fn require_grant(vault: &TokenVault) -> Result<StoredGrant, AppError> {
    vault.load_grant()?.ok_or_else(|| not_connected(vault))
}

fn not_connected(vault: &TokenVault) -> AppError {
    AppError::not_connected(format!("profile `{}` is not connected", vault.profile()))
        .with_hint(hints::connect_first(vault.profile()))
}

/// A valid access token for Graph.
pub async fn access_token(
    settings: &Settings,
    vault: &TokenVault,
    http: &LazyClient,
) -> Result<ActiveSession, AppError> {
    // Both entries in one read of the store: a cached token costs no second trip to it.
    let (grant, cached) = vault.load_grant_and_access()?;
    let grant = grant.ok_or_else(|| not_connected(vault))?;
    if let Some(cached) = cached.filter(|t| t.is_fresh(Utc::now())) {
        return Ok(ActiveSession {
            access_token: cached.access_token,
            expires_at: cached.expires_at,
            grant,
        });
    }
    // Another process may be refreshing: wait for it, then look again before refreshing.
    let _lock = match vault.store() {
        SecretStore::Memory(_) => None,
        _ => Some(ProfileLock::acquire(vault.profile(), Duration::from_secs(60)).await?),
    };
    let grant = require_grant(vault)?;
    if let Some(cached) = vault.load_access()?.filter(|t| t.is_fresh(Utc::now())) {
        tracing::debug!("another process refreshed the token meanwhile");
        return Ok(ActiveSession {
            access_token: cached.access_token,
            expires_at: cached.expires_at,
            grant,
        });
    }
    refresh(settings, vault, http, grant).await
}

async fn refresh(
    settings: &Settings,
    vault: &TokenVault,
    http: &LazyClient,
    mut grant: StoredGrant,
) -> Result<ActiveSession, AppError> {
    let endpoints = Endpoints::new(&settings.authority_host, &grant.tenant);
    let client = OAuthClient::new(&grant.client_id, &endpoints, http.get().clone());
    let scopes = permissions::refresh_scopes(settings.cloud, &grant.scopes_granted);
    tracing::info!(
        "refreshing the access token of profile `{}`",
        vault.profile()
    );
    let tokens = client
        .refresh(&grant.refresh_token, &scopes)
        .await
        .map_err(|e| consent::refresh_error(e, vault.profile()))?;
    apply_refresh(&mut grant, &tokens);
    // The rotated refresh token is persisted first: the old one may already be dead.
    vault.save_grant(&grant)?;
    let cached = CachedAccessToken {
        access_token: tokens.access_token.clone(),
        expires_at: tokens.expires_at,
        scopes: grant.scopes_granted.clone(),
    };
    vault.save_access(&cached)?;
    Ok(ActiveSession {
        access_token: tokens.access_token,
        expires_at: tokens.expires_at,
        grant,
    })
}

fn apply_refresh(grant: &mut StoredGrant, tokens: &TokenSet) {
    if let Some(rotated) = &tokens.refresh_token {
        grant.refresh_token = rotated.clone();
    }
    if let Some(scopes) = &tokens.scopes {
        grant.scopes_granted = permissions::normalise_granted(scopes);
    }
    grant.refreshed_at = Utc::now();
}
