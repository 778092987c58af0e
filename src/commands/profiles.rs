//! `profiles` (and `status --all`): every profile, from the config file and from the sign-ins
//! kept on this machine, with its account and state. Offline: the state is what is known
//! locally (a sign-in Microsoft refused since `connect`, or one unused for longer than a
//! refresh token lives, is `expired`); `status --check` asks Microsoft about one profile.
//!
//! Sign-ins are found through the profiles' records (written by `connect`) and the token file
//! store; a keychain sign-in made before records were kept is found when its profile is in the
//! config file or is the current one.

use chrono::{DateTime, TimeDelta, Utc};
use schemars::JsonSchema;
use serde::Serialize;

use crate::commands::Context;
use crate::error::AppError;
use crate::output::{Block, Render, TableStyle, json};
use crate::store::TokenStoreKind;
use crate::store::config::{self, ProfileName};
use crate::store::keychain::SecretStore;
use crate::store::paths;
use crate::store::profile_record::{self, ProfileRecord};
use crate::store::tokens::{StoredGrant, TokenVault};

/// A refresh token unused for this long has expired: "The default lifetime for the refresh
/// tokens is ... 90 days for all other scenarios" ("Refresh tokens in the Microsoft identity
/// platform"); each use renews it.
pub const REFRESH_TOKEN_LIFETIME: TimeDelta = TimeDelta::days(90);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum State {
    Connected,
    /// Stored, but Microsoft refused it, or it went unused past a refresh token's lifetime.
    Expired,
    NotConnected,
    /// The store that would hold it cannot be reached (no keychain).
    Unknown,
}

impl State {
    fn spoken(self) -> &'static str {
        match self {
            State::Connected => "connected",
            State::Expired => "expired",
            State::NotConnected => "not connected",
            State::Unknown => "unknown (store unreachable)",
        }
    }
}

/// One row of `profiles --json`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct ProfileRow {
    pub profile: String,
    /// Whether this is the profile the command ran with (`--profile`, `RALLY_M365_PROFILE`).
    pub current: bool,
    pub account: Option<String>,
    pub tenant_id: Option<String>,
    pub state: State,
    pub token_store: Option<TokenStoreKind>,
    /// When the cached access token expires; `null` when none is cached.
    #[serde(serialize_with = "json::utc_or_null")]
    pub expires_at: Option<DateTime<Utc>>,
}

/// `profiles --json`: `{"profiles": [...]}`, ordered by name.
#[derive(Debug, Serialize, JsonSchema)]
pub struct ProfilesReport {
    pub profiles: Vec<ProfileRow>,
}

impl Render for ProfilesReport {
    fn table(&self, style: TableStyle) -> Vec<Block> {
        let mut table = style.table(&["", "Profile", "Account", "State", "Token store"]);
        for row in &self.profiles {
            table.add_row(vec![
                if row.current { "*" } else { "" },
                &row.profile,
                row.account.as_deref().unwrap_or("-"),
                row.state.spoken(),
                row.token_store.map_or("-", |k| match k {
                    TokenStoreKind::Keychain => "keychain",
                    TokenStoreKind::File => "file",
                }),
            ]);
        }
        vec![table.into()]
    }
}

pub async fn run(ctx: &Context) -> Result<(), AppError> {
    let current = &ctx.settings.profile;
    let mut names: Vec<ProfileName> = config::profiles_in_config()
        .iter()
        .filter_map(|name| ProfileName::parse(name).ok())
        .chain(profile_record::names())
        .chain(profile_record::entry_names(
            &paths::data_dir()?.join("tokens"),
        ))
        .chain(std::iter::once(current.clone()))
        .collect();
    names.sort_by(|a, b| a.as_str().cmp(b.as_str()));
    names.dedup();

    let mut stores = Stores::default();
    let now = Utc::now();
    let mut rows = Vec::new();
    for name in names {
        let record = profile_record::load(&name);
        // Where to look, in order: the recorded store, else the one asked for (`--token-store`),
        // else the keychain and then the file store, as commands do for an unrecorded sign-in.
        let kinds = match (&record, ctx.settings.token_store_explicit) {
            (Some(record), _) => vec![record.token_store],
            (None, true) => vec![ctx.settings.token_store],
            (None, false) => vec![TokenStoreKind::Keychain, TokenStoreKind::File],
        };
        let mut kind = kinds[0];
        let (mut state, mut grant, mut expires_at) = (State::NotConnected, None, None);
        let mut unreachable = false;
        for candidate in kinds {
            let store = match (&ctx.preset_store, name == *current) {
                (Some(preset), true) => Some(preset.clone()),
                _ => stores.get(candidate),
            };
            let found =
                store.map(|store| TokenVault::new(store, name.clone()).load_grant_and_access());
            match found {
                None | Some(Err(_)) => unreachable = true,
                Some(Ok((None, _))) => {}
                Some(Ok((Some(g), access))) => {
                    kind = candidate;
                    state = state_of(&g, record.as_ref(), now);
                    expires_at = access.map(|a| a.expires_at);
                    grant = Some(g);
                    break;
                }
            }
        }
        if grant.is_none() && unreachable {
            state = State::Unknown;
        }
        rows.push(ProfileRow {
            current: name == *current,
            profile: name.to_string(),
            account: grant
                .as_ref()
                .map(|g| g.account.username.clone())
                .or_else(|| record.as_ref().map(|r| r.account.clone())),
            tenant_id: grant
                .as_ref()
                .and_then(|g| g.account.tenant_id.clone())
                .or_else(|| record.as_ref().and_then(|r| r.tenant_id.clone())),
            state,
            token_store: (state != State::NotConnected).then_some(kind),
            expires_at,
        });
    }
    ctx.out.print(&ProfilesReport { profiles: rows })
}

/// What is known offline about a stored sign-in.
pub fn state_of(grant: &StoredGrant, record: Option<&ProfileRecord>, now: DateTime<Utc>) -> State {
    let refused = record
        .and_then(|r| r.refused_at)
        .is_some_and(|at| at >= grant.refreshed_at);
    let unused_too_long = grant
        .refreshed_at
        .checked_add_signed(REFRESH_TOKEN_LIFETIME)
        .is_some_and(|end| end <= now);
    if refused || unused_too_long {
        State::Expired
    } else {
        State::Connected
    }
}

/// Each store opened at most once for the whole listing; the keychain only if some profile
/// needs it.
#[derive(Default)]
struct Stores {
    file: Option<Option<SecretStore>>,
    keychain: Option<Option<SecretStore>>,
}

impl Stores {
    fn get(&mut self, kind: TokenStoreKind) -> Option<SecretStore> {
        let slot = match kind {
            TokenStoreKind::File => &mut self.file,
            TokenStoreKind::Keychain => &mut self.keychain,
        };
        slot.get_or_insert_with(|| SecretStore::open(kind).ok())
            .clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::redact::Secret;
    use crate::store::tokens::Account;

    fn grant(refreshed_at: &str) -> StoredGrant {
        let at: DateTime<Utc> = refreshed_at.parse().unwrap();
        StoredGrant {
            refresh_token: Secret::new("rt"),
            client_id: "c".into(),
            tenant: "t".into(),
            cloud: "global".into(),
            authority_host: "https://login.microsoftonline.com".into(),
            graph_url: "https://graph.microsoft.com".into(),
            account: Account {
                username: "ada@contoso.example".into(),
                name: None,
                email: "ada@contoso.example".into(),
                tenant_id: None,
            },
            scopes_requested: vec![],
            scopes_granted: vec![],
            calendar_only: false,
            connected_at: at,
            refreshed_at: at,
            sign_in: None,
        }
    }

    #[test]
    fn a_sign_in_is_expired_when_refused_since_its_last_refresh_or_unused_for_90_days() {
        let now: DateTime<Utc> = "2026-12-06T12:00:00Z".parse().unwrap();
        let g = grant("2026-12-06T11:00:00Z");
        assert_eq!(state_of(&g, None, now), State::Connected);
        let record = |refused_at: &str| ProfileRecord {
            token_store: TokenStoreKind::File,
            account: "ada@contoso.example".into(),
            tenant_id: None,
            connected_at: g.connected_at,
            refused_at: Some(refused_at.parse().unwrap()),
        };
        assert_eq!(
            state_of(&g, Some(&record("2026-12-06T11:30:00Z")), now),
            State::Expired
        );
        // Refused before a later successful refresh: connected again.
        assert_eq!(
            state_of(&g, Some(&record("2026-12-06T10:00:00Z")), now),
            State::Connected
        );
        assert_eq!(
            state_of(&grant("2026-09-07T11:59:00Z"), None, now),
            State::Expired
        );
        assert_eq!(
            state_of(&grant("2026-09-07T12:01:00Z"), None, now),
            State::Connected
        );
    }
}
