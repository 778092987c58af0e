//! The tenant's in-memory state behind one mutex: directory and calendars, consent, issued codes
//! and tokens, device codes, faults, the request log and every secret handed out or received.

use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, Mutex, MutexGuard};

use chrono::{DateTime, Utc};

use super::clock::Clock;
use super::hold::HoldGate;
use super::ids;
use super::meetings::MeetingStore;
use super::model::{
    ConsentMode, Fault, RecordedRequest, RecurrencePattern, SandboxEvent, SandboxUser,
};
use super::odd_mailboxes::MailboxKind;
use super::outbox::MailStore;
use super::zones;

/// The sandbox tenant's fixed identity.
pub(super) const TENANT_ID: &str = "9f3c1d2e-0a4b-4c5d-8e6f-7a8b9c0d1e2f";
pub(super) const TENANT_DOMAIN: &str = "contoso.example";
/// The registered app: Rally UXR, a public client with `http://localhost` under
/// "Mobile and desktop applications" and public client flows allowed.
pub(super) const CLIENT_ID: &str = "1c7e3be3-dd7d-4f67-88ca-c9ea85f16092";
pub(super) const APP_NAME: &str = "Rally UXR";
/// Microsoft Graph's application id (the `resource` named in some AADSTS texts).
pub(super) const GRAPH_APP_ID: &str = "00000003-0000-0000-c000-000000000000";
/// The Graph resource that unqualified scopes mean (E-SC).
pub(super) const GLOBAL_GRAPH: &str = "https://graph.microsoft.com";

/// Immutable configuration plus the locked mutable state.
pub(super) struct Shared {
    pub(super) base_url: String,
    /// The Graph resource this sandbox serves, lower-case, without a trailing slash.
    pub(super) graph_resource: String,
    /// Requests parked by the Hold fault (outside the state lock: they wait).
    pub(super) holds: HoldGate,
    state: Mutex<TenantState>,
}

impl Shared {
    pub(super) fn new(base_url: String, graph_resource: &str, state: TenantState) -> Shared {
        Shared {
            base_url,
            graph_resource: graph_resource.trim_end_matches('/').to_ascii_lowercase(),
            holds: HoldGate::new(),
            state: Mutex::new(state),
        }
    }

    /// The state; a panic in another holder does not make the sandbox unusable.
    pub(super) fn lock(&self) -> MutexGuard<'_, TenantState> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }
}

pub(super) struct UserRecord {
    /// The directory object id (`oid`, `/me` `id`).
    pub(super) id: String,
    pub(super) user: SandboxUser,
    pub(super) events: Vec<StoredEvent>,
}

pub(super) struct StoredEvent {
    pub(super) id: String,
    pub(super) event: SandboxEvent,
}

/// Scopes for one resource plus the OpenID Connect scopes, as requested or granted.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(super) struct Grant {
    /// The resource the access token is for (e.g. `https://graph.microsoft.com`).
    pub(super) audience: String,
    /// Graph permission names in Microsoft's spelling (`Calendars.ReadWrite`).
    pub(super) scopes: BTreeSet<String>,
    pub(super) openid: bool,
    pub(super) profile: bool,
    pub(super) email: bool,
    pub(super) offline_access: bool,
}

pub(super) struct AuthCode {
    pub(super) client_id: String,
    pub(super) redirect_uri: String,
    pub(super) code_challenge: String,
    pub(super) user_id: String,
    pub(super) grant: Grant,
    pub(super) nonce: Option<String>,
    pub(super) issued_at: DateTime<Utc>,
    pub(super) redeemed: bool,
    /// ConsentMode::ConsentRequiredAtToken was in force when the code was issued.
    pub(super) consent_missing: bool,
}

pub(super) struct AccessTokenRecord {
    pub(super) user_id: String,
    pub(super) audience: String,
    pub(super) scopes: BTreeSet<String>,
    pub(super) expires_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum RefreshStatus {
    Active,
    /// Used once; the sandbox rotates strictly.
    Rotated,
    Revoked,
}

pub(super) struct RefreshTokenRecord {
    pub(super) user_id: String,
    pub(super) client_id: String,
    pub(super) grant: Grant,
    pub(super) issued_at: DateTime<Utc>,
    pub(super) status: RefreshStatus,
}

#[derive(Debug, Clone)]
pub(super) enum DeviceState {
    Pending,
    Approved {
        user_id: String,
        grant: Grant,
    },
    /// Approved under ConsentMode::ConsentRequiredAtToken.
    ConsentMissing,
    Declined {
        code: u32,
        description: String,
    },
    Redeemed,
}

pub(super) struct DeviceCodeRecord {
    pub(super) device_code: String,
    pub(super) user_code: String,
    pub(super) client_id: String,
    pub(super) requested: Grant,
    pub(super) expires_at: DateTime<Utc>,
    pub(super) interval_secs: u64,
    pub(super) last_poll: Option<DateTime<Utc>>,
    pub(super) state: DeviceState,
}

pub(super) struct TenantState {
    /// Read through [`TenantState::now`].
    clock: Arc<dyn Clock>,
    pub(super) users: Vec<UserRecord>,
    pub(super) consent_mode: ConsentMode,
    pub(super) admin_consent_approves: bool,
    /// Scopes an administrator granted tenant-wide to the app (admin consent endpoint).
    pub(super) admin_grant: BTreeSet<String>,
    /// Scopes each user consented to, per (user id, client id).
    pub(super) user_grants: HashMap<(String, String), BTreeSet<String>>,
    pub(super) codes: HashMap<String, AuthCode>,
    pub(super) access_tokens: HashMap<String, AccessTokenRecord>,
    pub(super) refresh_tokens: HashMap<String, RefreshTokenRecord>,
    pub(super) device_codes: Vec<DeviceCodeRecord>,
    pub(super) access_token_lifetime: i64,
    pub(super) device_interval: u64,
    pub(super) faults: Vec<Fault>,
    pub(super) requests: Vec<RecordedRequest>,
    pub(super) secrets: Vec<String>,
    /// Graph requests in flight per mailbox (Outlook allows 4 per app and mailbox).
    pub(super) mailbox_inflight: HashMap<String, u32>,
    /// Meeting details, attendee copies and the meeting messages sent.
    pub(super) meetings: MeetingStore,
    /// The mail accepted through sendMail and the sending limits it counts against.
    pub(super) mail: MailStore,
    /// How successful token answers are worded (rotation, `scope`).
    pub(super) token_answers: super::model::TokenAnswers,
    /// Addresses that are not ordinary mailboxes (lists, guests, ...), keyed in lower case.
    pub(super) odd_mailboxes: HashMap<String, MailboxKind>,
}

impl TenantState {
    pub(super) fn new(clock: Arc<dyn Clock>) -> TenantState {
        TenantState {
            clock,
            users: Vec::new(),
            consent_mode: ConsentMode::Approve,
            admin_consent_approves: true,
            admin_grant: BTreeSet::new(),
            user_grants: HashMap::new(),
            codes: HashMap::new(),
            access_tokens: HashMap::new(),
            refresh_tokens: HashMap::new(),
            device_codes: Vec::new(),
            access_token_lifetime: 3599,
            device_interval: 1,
            faults: Vec::new(),
            requests: Vec::new(),
            secrets: Vec::new(),
            mailbox_inflight: HashMap::new(),
            meetings: MeetingStore::default(),
            mail: MailStore::default(),
            token_answers: super::model::TokenAnswers::default(),
            odd_mailboxes: HashMap::new(),
        }
    }

    /// An empty tenant on a clock standing at 2026-03-02 08:00 UTC, for unit tests.
    #[cfg(test)]
    pub(super) fn for_test() -> TenantState {
        let start = DateTime::parse_from_rfc3339("2026-03-02T08:00:00Z")
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_default();
        TenantState::new(Arc::new(super::clock::ManualClock::starting_at(start)))
    }

    /// The tenant's current time (see [`Clock`]).
    pub(super) fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// Remembers a secret so tests can look for leaks of it.
    pub(super) fn note_secret(&mut self, secret: &str) {
        if !secret.is_empty() && !self.secrets.iter().any(|s| s == secret) {
            self.secrets.push(secret.to_string());
        }
    }

    pub(super) fn user_by_email(&self, email: &str) -> Option<&UserRecord> {
        self.users
            .iter()
            .find(|u| u.user.email.eq_ignore_ascii_case(email.trim()))
    }

    /// What kind of address `email` is, when it is not an ordinary mailbox.
    pub(super) fn mailbox_kind(&self, email: &str) -> Option<&MailboxKind> {
        self.odd_mailboxes.get(&email.trim().to_ascii_lowercase())
    }

    pub(super) fn user_by_id(&self, id: &str) -> Option<&UserRecord> {
        self.users.iter().find(|u| u.id == id)
    }

    /// Adds a user, or replaces the directory entry of one with the same address (keeping its
    /// id and calendar).
    pub(super) fn add_user(&mut self, user: SandboxUser) {
        if let Some(existing) = self
            .users
            .iter_mut()
            .find(|u| u.user.email.eq_ignore_ascii_case(&user.email))
        {
            existing.user = user;
        } else {
            self.users.push(UserRecord {
                id: ids::guid(),
                user,
                events: Vec::new(),
            });
        }
    }

    /// Adds an event to a user's calendar after checking it is one Outlook could hold.
    pub(super) fn add_event(&mut self, email: &str, event: SandboxEvent) -> Result<(), String> {
        validate_event(&event)?;
        let user = self
            .users
            .iter_mut()
            .find(|u| u.user.email.eq_ignore_ascii_case(email.trim()))
            .ok_or_else(|| format!("no sandbox user {email}"))?;
        user.events.push(StoredEvent {
            id: graph_item_id(),
            event,
        });
        Ok(())
    }

    /// Everything the user or an admin has granted the client, for one resource's scopes.
    pub(super) fn granted_scopes(&self, user_id: &str, client_id: &str) -> BTreeSet<String> {
        let mut all = self.admin_grant.clone();
        if let Some(g) = self
            .user_grants
            .get(&(user_id.to_string(), client_id.to_string()))
        {
            all.extend(g.iter().cloned());
        }
        all
    }
}

fn validate_event(event: &SandboxEvent) -> Result<(), String> {
    if zones::resolve(&event.time_zone).is_none() {
        return Err(format!("unknown time zone '{}'", event.time_zone));
    }
    if event.end <= event.start {
        return Err(format!("event '{}' ends before it starts", event.subject));
    }
    if let Some(r) = &event.recurrence {
        match &r.pattern {
            RecurrencePattern::Daily { interval } if *interval == 0 => {
                return Err("a daily recurrence needs an interval of at least 1".into());
            }
            RecurrencePattern::Weekly {
                interval,
                days_of_week,
            } if *interval == 0 || days_of_week.is_empty() => {
                return Err(
                    "a weekly recurrence needs an interval ≥ 1 and at least one day".into(),
                );
            }
            _ => {}
        }
    }
    Ok(())
}

/// An Outlook-looking item id (`AAMkAG...=`).
pub(super) fn graph_item_id() -> String {
    use base64::Engine;
    let mut raw = b"\x00\x00\x32\x40\x06".to_vec();
    raw.extend(ids::random_bytes(40));
    base64::engine::general_purpose::URL_SAFE.encode(raw)
}
