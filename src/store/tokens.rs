//! The two entries a profile keeps: the grant (refresh token plus what is needed to use it;
//! account = the profile name) and the cached access token (account = `PROFILE/access-token`).
//! Two entries, because a Windows credential holds at most 2,560 bytes.

use chrono::{DateTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::hints;
use crate::redact::Secret;
use crate::store::config::ProfileName;
use crate::store::keychain::SecretStore;

/// Who signed in (from the id token and `/me`).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Account {
    /// The sign-in name (userPrincipalName / preferred_username).
    pub username: String,
    pub name: Option<String>,
    /// The SMTP address getSchedule needs (`mail`, else the UPN).
    pub email: String,
    pub tenant_id: Option<String>,
}

/// The keychain value of the contract: JSON with a `refresh_token` field.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StoredGrant {
    pub refresh_token: Secret,
    pub client_id: String,
    /// The authority segment to refresh against (the tenant id once known).
    pub tenant: String,
    pub cloud: String,
    pub authority_host: String,
    pub graph_url: String,
    pub account: Account,
    pub scopes_requested: Vec<String>,
    pub scopes_granted: Vec<String>,
    pub calendar_only: bool,
    pub connected_at: DateTime<Utc>,
    pub refreshed_at: DateTime<Utc>,
    /// How the user signed in; `None` for a sign-in stored before this was kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sign_in: Option<SignInMethod>,
}

/// How a sign-in was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SignInMethod {
    /// Authorization code with PKCE, in a browser, redirected to the loopback listener.
    Browser,
    /// The device code flow (a code entered on another device).
    DeviceCode,
}

impl SignInMethod {
    pub fn spoken(self) -> &'static str {
        match self {
            SignInMethod::Browser => "browser",
            SignInMethod::DeviceCode => "device code",
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CachedAccessToken {
    pub access_token: Secret,
    pub expires_at: DateTime<Utc>,
    pub scopes: Vec<String>,
}

impl CachedAccessToken {
    /// Kept clear of the expiry, so a request never starts with a token that dies in flight.
    const EXPIRY_MARGIN: TimeDelta = TimeDelta::seconds(120);
    /// An access token lives one day at most ("Configurable token lifetimes in the Microsoft
    /// identity platform": 10 minutes to 1 day); an entry that claims longer is corrupt.
    const MAX_LIFETIME: TimeDelta = TimeDelta::days(1);

    /// Reused until shortly before it expires. An entry whose expiry is absurd (beyond a day
    /// from now, or at the ends of chrono's range) is a cache miss, never a panic.
    pub fn is_fresh(&self, now: DateTime<Utc>) -> bool {
        let (Some(earliest), Some(latest)) = (
            now.checked_add_signed(Self::EXPIRY_MARGIN),
            now.checked_add_signed(Self::MAX_LIFETIME),
        ) else {
            return false;
        };
        earliest < self.expires_at && self.expires_at <= latest
    }
}

/// A profile's entries in a store.
#[derive(Clone)]
pub struct TokenVault {
    store: SecretStore,
    profile: ProfileName,
}

impl TokenVault {
    pub fn new(store: SecretStore, profile: ProfileName) -> Self {
        TokenVault { store, profile }
    }

    pub fn store(&self) -> &SecretStore {
        &self.store
    }

    pub fn profile(&self) -> &ProfileName {
        &self.profile
    }

    fn access_account(&self) -> String {
        format!("{}/access-token", self.profile)
    }

    pub fn load_grant(&self) -> Result<Option<StoredGrant>, AppError> {
        let text = self.store.get(self.profile.as_str())?;
        self.parse_grant(text)
    }

    /// Both entries at once: what a command with a cached token needs, in one read of the
    /// store (for the Secret Service, two round trips instead of four).
    pub fn load_grant_and_access(
        &self,
    ) -> Result<(Option<StoredGrant>, Option<CachedAccessToken>), AppError> {
        let access_account = self.access_account();
        let mut values = self
            .store
            .get_many(&[self.profile.as_str(), &access_account])?
            .into_iter();
        let grant = self.parse_grant(values.next().flatten())?;
        let access = parse_access(values.next().flatten());
        Ok((grant, access))
    }

    fn parse_grant(&self, text: Option<String>) -> Result<Option<StoredGrant>, AppError> {
        match text {
            None => Ok(None),
            Some(text) => serde_json::from_str(&text).map(Some).map_err(|e| {
                AppError::store(format!(
                    "the stored sign-in of profile `{}` is unreadable ({e})",
                    self.profile
                ))
                .with_hint(hints::reconnect(&self.profile))
            }),
        }
    }

    pub fn save_grant(&self, grant: &StoredGrant) -> Result<(), AppError> {
        let text = serde_json::to_string(grant).map_err(AppError::unexpected)?;
        self.store.set(self.profile.as_str(), &text)
    }

    pub fn load_access(&self) -> Result<Option<CachedAccessToken>, AppError> {
        Ok(parse_access(self.store.get(&self.access_account())?))
    }

    pub fn save_access(&self, token: &CachedAccessToken) -> Result<(), AppError> {
        let text = serde_json::to_string(token).map_err(AppError::unexpected)?;
        self.store.set(&self.access_account(), &text)
    }

    /// Removes both entries; returns whether anything was there.
    pub fn delete_all(&self) -> Result<bool, AppError> {
        let access = self.store.delete(&self.access_account())?;
        let grant = self.store.delete(self.profile.as_str())?;
        Ok(access || grant)
    }
}

/// A cache entry we cannot read is only a cache miss.
fn parse_access(text: Option<String>) -> Option<CachedAccessToken> {
    text.and_then(|text| serde_json::from_str(&text).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expiring_at(expires_at: DateTime<Utc>) -> CachedAccessToken {
        CachedAccessToken {
            access_token: Secret::new("token".to_owned()),
            expires_at,
            scopes: Vec::new(),
        }
    }

    fn now() -> DateTime<Utc> {
        "2026-06-01T12:00:00Z".parse().unwrap()
    }

    #[test]
    fn a_token_is_fresh_until_two_minutes_before_it_expires() {
        let at = |seconds| expiring_at(now() + TimeDelta::seconds(seconds));
        assert!(at(3599).is_fresh(now()));
        assert!(at(121).is_fresh(now()));
        assert!(!at(120).is_fresh(now()));
        assert!(!at(-1).is_fresh(now()));
    }

    #[test]
    fn an_absurd_expiry_is_a_cache_miss_not_a_panic() {
        for expires_at in [
            DateTime::<Utc>::MIN_UTC,
            DateTime::<Utc>::MAX_UTC,
            now() + TimeDelta::days(2),
        ] {
            assert!(!expiring_at(expires_at).is_fresh(now()), "{expires_at}");
        }
        // A clock at the ends of chrono's range does not panic either.
        let token = expiring_at(now());
        assert!(!token.is_fresh(DateTime::<Utc>::MAX_UTC));
        assert!(!token.is_fresh(DateTime::<Utc>::MIN_UTC));
    }
}
