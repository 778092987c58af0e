//! `Control`: what a test (or the person running `sandbox serve`) does to the tenant from
//! outside: consent behaviour, token lifetimes, faults, revocation, device-code approval,
//! directory and calendar changes, and reading the request log and the secrets handed out.

use std::collections::BTreeSet;
use std::sync::Arc;

use super::identity::device;
use super::meetings::{SandboxCalendarItem, SandboxNotification};
use super::model::{
    ConsentMode, Fault, RecordedRequest, SandboxEvent, SandboxUser, SandboxWorkingHours,
    SandboxZone,
};
use super::odd_mailboxes::MailboxKind;
use super::state::{RefreshStatus, Shared, TENANT_DOMAIN, TENANT_ID};

/// Cheap to clone; every method is synchronous and usable from any thread.
#[derive(Clone)]
pub struct Control {
    pub(super) shared: Arc<Shared>,
}

impl Control {
    pub(super) fn new(shared: Arc<Shared>) -> Control {
        Control { shared }
    }

    pub fn tenant_id(&self) -> String {
        TENANT_ID.to_string()
    }

    pub fn tenant_domain(&self) -> String {
        TENANT_DOMAIN.to_string()
    }

    /// The user `/authorize` signs in without a `login_hint`: the tenant's first user.
    pub fn default_user(&self) -> String {
        self.shared
            .lock()
            .users
            .first()
            .map(|u| u.user.email.clone())
            .unwrap_or_default()
    }

    /// The base URL (`http://127.0.0.1:PORT`).
    pub fn base_url(&self) -> String {
        self.shared.base_url.clone()
    }

    /// Sets how users answer the consent screen from now on. Consent users gave earlier is
    /// forgotten (as if revoked in My Apps), so the next sign-in shows the screen again; a
    /// tenant-wide admin grant stays.
    pub fn set_consent(&self, mode: ConsentMode) {
        let mut st = self.shared.lock();
        st.consent_mode = mode;
        st.user_grants.clear();
    }

    /// Whether the administrator approves on the admin consent endpoint (default true).
    pub fn set_admin_consent_outcome(&self, approve: bool) {
        self.shared.lock().admin_consent_approves = approve;
    }

    /// Scopes granted tenant-wide by an administrator so far.
    pub fn admin_granted_scopes(&self) -> Vec<String> {
        self.shared.lock().admin_grant.iter().cloned().collect()
    }

    /// Scopes `user_email` has consented to for the app (user consent and admin grant).
    pub fn granted_scopes(&self, user_email: &str) -> Vec<String> {
        let st = self.shared.lock();
        let Some(id) = st.user_by_email(user_email).map(|u| u.id.clone()) else {
            return Vec::new();
        };
        let all: BTreeSet<String> = st.granted_scopes(&id, super::state::CLIENT_ID);
        all.into_iter().collect()
    }

    /// Lifetime of access tokens issued from now on (default 3599 s); 0 or negative issues
    /// tokens that are already expired.
    pub fn set_access_token_lifetime(&self, secs: i64) {
        self.shared.lock().access_token_lifetime = secs;
    }

    /// Device-code polling interval for new device codes (default 1 s; Microsoft's is 5).
    pub fn set_device_code_interval(&self, secs: u64) {
        self.shared.lock().device_interval = secs;
    }

    /// Arms a fault; faults are tried in the order they were injected.
    pub fn inject_fault(&self, fault: Fault) {
        if fault.times > 0 {
            self.shared.lock().faults.push(fault);
        }
    }

    /// Disarms every fault.
    pub fn clear_faults(&self) {
        self.shared.lock().faults.clear();
    }

    /// Waits until at least `n` requests are held by [`FaultKind::Hold`] faults: the barrier a
    /// concurrency test waits at before its next step.
    ///
    /// [`FaultKind::Hold`]: super::FaultKind::Hold
    pub async fn until_held(&self, n: usize) {
        self.shared.holds.until_waiting(n).await;
    }

    /// How many requests a Hold fault is holding right now.
    pub fn held(&self) -> usize {
        self.shared.holds.waiting()
    }

    /// Lets every request held by a Hold fault go on (answered normally).
    pub fn release_held(&self) {
        self.shared.holds.release();
    }

    /// Revokes every live refresh token of every user: their next use gets AADSTS50173.
    pub fn revoke_refresh_tokens(&self) {
        let mut st = self.shared.lock();
        for t in st.refresh_tokens.values_mut() {
            if t.status == RefreshStatus::Active {
                t.status = RefreshStatus::Revoked;
            }
        }
    }

    /// What a person does on the device login page: signs in (as `user`, default the first user)
    /// and answers consent per the ConsentMode. False if the code is unknown, used or expired.
    pub fn approve_device_code(&self, user_code: &str, user: Option<&str>) -> bool {
        device::approve(&mut self.shared.lock(), user_code, user)
    }

    /// The person cancels on the device login page: polling answers `authorization_declined`.
    pub fn decline_device_code(&self, user_code: &str) -> bool {
        device::decline(&mut self.shared.lock(), user_code)
    }

    /// The user codes of device flows still waiting for a person.
    pub fn pending_user_codes(&self) -> Vec<String> {
        self.shared
            .lock()
            .device_codes
            .iter()
            .filter(|d| matches!(d.state, super::state::DeviceState::Pending))
            .map(|d| d.user_code.clone())
            .collect()
    }

    /// Every request so far (control API excluded), in order of completion.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.shared.lock().requests.clone()
    }

    pub fn count(&self, pred: impl Fn(&RecordedRequest) -> bool) -> usize {
        self.shared
            .lock()
            .requests
            .iter()
            .filter(|r| pred(r))
            .count()
    }

    /// POSTs to any `.../oauth2/v2.0/token`.
    pub fn token_requests(&self) -> usize {
        self.count(|r| r.method == "POST" && r.path.ends_with("/oauth2/v2.0/token"))
    }

    /// Requests under `/v1.0/`.
    pub fn graph_requests(&self) -> usize {
        self.count(|r| r.path.starts_with("/v1.0/"))
    }

    /// Every auth code, access token, refresh token, id_token and device_code issued, and every
    /// code_challenge and code_verifier received; tests look for them in the CLI's output.
    pub fn issued_secrets(&self) -> Vec<String> {
        self.shared.lock().secrets.clone()
    }

    /// Adds a user, or updates the directory entry of the user with that address.
    pub fn add_user(&self, user: SandboxUser) {
        self.shared.lock().add_user(user);
    }

    /// Adds an event. Panics on an unknown user or an event Outlook could not hold (unknown
    /// zone, end before start, empty recurrence): a test bug, better loud.
    pub fn add_event(&self, user_email: &str, event: SandboxEvent) {
        if let Err(e) = self.try_add_event(user_email, event) {
            panic!("sandbox add_event: {e}");
        }
    }

    /// [`Control::add_event`] without the panic.
    pub fn try_add_event(&self, user_email: &str, event: SandboxEvent) -> Result<(), String> {
        self.shared.lock().add_event(user_email, event)
    }

    /// Makes `email` a distribution list, or marks the user `email` as a guest, a mailbox not
    /// enabled for REST, a merged-only mailbox or a user without `mail` (see [`MailboxKind`]
    /// for the shape of each answer). A user kind needs the user to exist; a list must not be a
    /// user. `None` makes the address ordinary again.
    pub fn set_mailbox_kind(&self, email: &str, kind: Option<MailboxKind>) -> Result<(), String> {
        let mut st = self.shared.lock();
        let is_user = st.user_by_email(email).is_some();
        let key = email.trim().to_ascii_lowercase();
        match kind {
            None => {
                st.odd_mailboxes.remove(&key);
            }
            Some(kind) => {
                if kind.is_user() && !is_user {
                    return Err(format!("no sandbox user {email}"));
                }
                if !kind.is_user() && is_user {
                    return Err(format!(
                        "{email} is a user; a distribution list needs its own address"
                    ));
                }
                st.odd_mailboxes.insert(key, kind);
            }
        }
        Ok(())
    }

    /// Sets or clears a user's working hours; false if there is no such user.
    pub fn set_working_hours(&self, user_email: &str, hours: Option<SandboxWorkingHours>) -> bool {
        let mut st = self.shared.lock();
        match st
            .users
            .iter_mut()
            .find(|u| u.user.email.eq_ignore_ascii_case(user_email))
        {
            Some(u) => {
                u.user.working_hours = hours;
                true
            }
            None => false,
        }
    }

    /// The name of the zone a user's working hours are written in (IANA or Windows), when they
    /// have working hours in a named zone; the demo shows times in it.
    pub fn working_hours_zone(&self, user_email: &str) -> Option<String> {
        let st = self.shared.lock();
        let user = st
            .users
            .iter()
            .find(|u| u.user.email.eq_ignore_ascii_case(user_email))?;
        match &user.user.working_hours.as_ref()?.zone {
            SandboxZone::Named(name) => Some(name.clone()),
            SandboxZone::Custom { .. } => None,
        }
    }

    /// Whether the tenant has Microsoft Teams (default true). Without it, an event created with
    /// `isOnlineMeeting` gets `onlineMeeting: null` and provider `unknown`.
    pub fn set_teams_enabled(&self, enabled: bool) {
        self.shared.lock().meetings.teams_enabled = enabled;
    }

    /// Every meeting request, update and cancellation the tenant sent, in order.
    pub fn notifications(&self) -> Vec<SandboxNotification> {
        self.shared.lock().meetings.notifications.clone()
    }

    /// An attendee answers the meeting `event_id` (the organizer's event id): `response` is
    /// `accepted`, `tentativelyAccepted`, `declined`, `none` or `notResponded` (any case). The
    /// organizer's event shows the answer and its time; an attendee with a mailbox in the tenant
    /// sees their copy follow (declining removes it). Errors name what was not found.
    pub fn set_attendee_response(
        &self,
        event_id: &str,
        email: &str,
        response: &str,
    ) -> Result<(), String> {
        self.shared
            .lock()
            .set_attendee_response(event_id, email, response)
    }

    /// The items of a user's calendar (empty for an unknown user), including meetings cancelled
    /// by their organizer (`in_calendar: false`).
    pub fn events(&self, user_email: &str) -> Vec<SandboxCalendarItem> {
        self.shared.lock().calendar_items(user_email)
    }
}
