//! Meetings made through Graph: what Outlook keeps beside an event's time and free/busy status
//! (body, location, attendees and their answers, organizer, Teams link, categories, single-value
//! extended properties, `transactionId`), the copies the service delivers to attendees who have a
//! mailbox in the tenant, and a record of the meeting messages it sent.
//!
//! The time and status stay in the calendar's `StoredEvent`, so getSchedule and calendarView see
//! a meeting exactly like any other event; this store only holds what a meeting adds on top.

use std::collections::HashMap;

use base64::Engine;
use chrono::{DateTime, Utc};

use super::ids;
use super::model::{SandboxEvent, ShowAs};
use super::state::{StoredEvent, TENANT_ID, TenantState, graph_item_id};
use super::zones;

/// A meeting message the service sent (the sandbox keeps them instead of delivering mail).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SandboxNotification {
    /// The attendee's address as the organizer wrote it.
    pub to: String,
    pub kind: NotificationKind,
    /// The organizer's event id: the one the client was given.
    pub event_id: String,
    pub subject: String,
    /// The organizer's message (cancellations only).
    pub comment: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotificationKind {
    /// A meeting request (a new meeting, or an attendee added to one).
    Request,
    /// A meeting update (the organizer changed the meeting).
    Update,
    /// A cancellation (the meeting was cancelled or deleted, or the attendee removed).
    Cancellation,
}

/// One item of a user's calendar, as a test sees it through `Control::events`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SandboxCalendarItem {
    pub id: String,
    pub subject: String,
    /// The first occurrence for a series.
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub is_cancelled: bool,
    /// False once its organizer cancelled it: Outlook moves it to Deleted Items.
    pub in_calendar: bool,
    pub is_organizer: bool,
    pub transaction_id: Option<String>,
    /// Each attendee's address and response, in Graph's spelling (`accepted`, `none`, ...).
    pub attendees: Vec<(String, String)>,
}

/// Graph `attendeeType`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum AttendeeType {
    Required,
    Optional,
    Resource,
}

impl AttendeeType {
    pub(super) fn wire_name(self) -> &'static str {
        match self {
            AttendeeType::Required => "required",
            AttendeeType::Optional => "optional",
            AttendeeType::Resource => "resource",
        }
    }

    /// Case-insensitive: Microsoft's own samples send `"Required"`.
    pub(super) fn from_wire(name: &str) -> Option<AttendeeType> {
        [
            AttendeeType::Required,
            AttendeeType::Optional,
            AttendeeType::Resource,
        ]
        .into_iter()
        .find(|t| t.wire_name().eq_ignore_ascii_case(name))
    }
}

/// Graph `responseType` ("responseStatus resource type").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Response {
    None,
    Organizer,
    TentativelyAccepted,
    Accepted,
    Declined,
    NotResponded,
}

impl Response {
    pub(super) fn wire_name(self) -> &'static str {
        match self {
            Response::None => "none",
            Response::Organizer => "organizer",
            Response::TentativelyAccepted => "tentativelyAccepted",
            Response::Accepted => "accepted",
            Response::Declined => "declined",
            Response::NotResponded => "notResponded",
        }
    }

    pub(super) fn from_wire(name: &str) -> Option<Response> {
        [
            Response::None,
            Response::Organizer,
            Response::TentativelyAccepted,
            Response::Accepted,
            Response::Declined,
            Response::NotResponded,
        ]
        .into_iter()
        .find(|r| r.wire_name().eq_ignore_ascii_case(name))
    }
}

#[derive(Debug, Clone, PartialEq)]
pub(super) struct Attendee {
    pub(super) address: String,
    pub(super) name: Option<String>,
    pub(super) kind: AttendeeType,
    pub(super) response: Response,
    /// `None` prints as Graph's "never answered" time, `0001-01-01T00:00:00Z`.
    pub(super) response_time: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq)]
pub(super) struct Person {
    pub(super) name: String,
    pub(super) address: String,
}

#[derive(Debug, Clone, PartialEq)]
pub(super) struct ItemBody {
    pub(super) html: bool,
    pub(super) content: String,
}

/// Graph `onlineMeetingProviderType`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Provider {
    Unknown,
    SkypeForBusiness,
    SkypeForConsumer,
    TeamsForBusiness,
}

impl Provider {
    pub(super) fn wire_name(self) -> &'static str {
        match self {
            Provider::Unknown => "unknown",
            Provider::SkypeForBusiness => "skypeForBusiness",
            Provider::SkypeForConsumer => "skypeForConsumer",
            Provider::TeamsForBusiness => "teamsForBusiness",
        }
    }

    pub(super) fn from_wire(name: &str) -> Option<Provider> {
        [
            Provider::Unknown,
            Provider::SkypeForBusiness,
            Provider::SkypeForConsumer,
            Provider::TeamsForBusiness,
        ]
        .into_iter()
        .find(|p| p.wire_name().eq_ignore_ascii_case(name))
    }
}

/// Graph `onlineMeetingInfo`, as "Create event" example 4 shows it for a Teams meeting.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct OnlineMeeting {
    pub(super) join_url: String,
    pub(super) conference_id: String,
    pub(super) toll_number: String,
}

/// A single-value extended property; `id` as the client spelled it.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct ExtendedProperty {
    pub(super) id: String,
    pub(super) value: String,
}

/// What a calendar item holds beyond its time and status.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Meeting {
    /// Shared by the organizer's item and the attendees' copies ("unique identifier for an event
    /// across calendars").
    pub(super) ical_uid: String,
    pub(super) change_key: String,
    pub(super) created: DateTime<Utc>,
    pub(super) modified: DateTime<Utc>,
    pub(super) original_start_zone: String,
    pub(super) original_end_zone: String,
    pub(super) body: ItemBody,
    pub(super) location: Option<String>,
    pub(super) attendees: Vec<Attendee>,
    pub(super) organizer: Person,
    pub(super) is_organizer: bool,
    /// The calendar owner's own answer: `Organizer` on the organizer's item.
    pub(super) own_response: Response,
    pub(super) own_response_time: Option<DateTime<Utc>>,
    pub(super) is_online_meeting: bool,
    pub(super) provider: Provider,
    pub(super) online_meeting: Option<OnlineMeeting>,
    pub(super) allow_new_time_proposals: bool,
    pub(super) response_requested: bool,
    pub(super) transaction_id: Option<String>,
    pub(super) categories: Vec<String>,
    pub(super) extended: Vec<ExtendedProperty>,
    /// Cancelled by its organizer: "The action moves the event to the Deleted Items folder"
    /// ("event: cancel"), so calendar listings no longer show it; it stays readable by id.
    pub(super) deleted: bool,
}

/// The tenant's meeting state, one field of `TenantState`.
pub(super) struct MeetingStore {
    /// By event id (the `StoredEvent` the details belong to).
    pub(super) details: HashMap<String, Meeting>,
    pub(super) notifications: Vec<SandboxNotification>,
    /// Whether the tenant has Teams: without it, online meetings get no join link.
    pub(super) teams_enabled: bool,
}

impl Default for MeetingStore {
    fn default() -> Self {
        MeetingStore {
            details: HashMap::new(),
            notifications: Vec::new(),
            teams_enabled: true,
        }
    }
}

/// A validated create request.
#[derive(Debug)]
pub(super) struct MeetingDraft {
    pub(super) subject: String,
    pub(super) body: ItemBody,
    pub(super) start: DateTime<Utc>,
    pub(super) start_zone: String,
    pub(super) end: DateTime<Utc>,
    pub(super) end_zone: String,
    pub(super) attendees: Vec<Attendee>,
    pub(super) location: Option<String>,
    pub(super) is_online_meeting: bool,
    pub(super) provider: Option<Provider>,
    pub(super) allow_new_time_proposals: bool,
    pub(super) response_requested: bool,
    pub(super) transaction_id: Option<String>,
    pub(super) categories: Vec<String>,
    pub(super) extended: Vec<ExtendedProperty>,
    pub(super) show_as: ShowAs,
}

/// A validated update request: `None` leaves a property as it is.
#[derive(Debug, Default)]
pub(super) struct MeetingChanges {
    pub(super) subject: Option<String>,
    pub(super) body: Option<ItemBody>,
    pub(super) start: Option<(DateTime<Utc>, String)>,
    pub(super) end: Option<(DateTime<Utc>, String)>,
    pub(super) attendees: Option<Vec<Attendee>>,
    pub(super) location: Option<Option<String>>,
    pub(super) is_online_meeting: Option<bool>,
    pub(super) provider: Option<Provider>,
    pub(super) allow_new_time_proposals: Option<bool>,
    pub(super) response_requested: Option<bool>,
    pub(super) transaction_id: Option<String>,
    pub(super) categories: Option<Vec<String>>,
    pub(super) extended: Option<Vec<ExtendedProperty>>,
    pub(super) show_as: Option<ShowAs>,
}

impl MeetingChanges {
    /// Only the attendee list: "An event update that includes only the attendees property in
    /// the request body sends a meeting update to only the attendees that have changed."
    fn attendees_only(&self) -> bool {
        self.attendees.is_some()
            && self.subject.is_none()
            && self.body.is_none()
            && self.start.is_none()
            && self.end.is_none()
            && self.location.is_none()
            && self.is_online_meeting.is_none()
            && self.provider.is_none()
            && self.allow_new_time_proposals.is_none()
            && self.response_requested.is_none()
            && !self.touches_private()
    }

    /// Categories, extended properties and showAs belong to the calendar owner: Outlook sends
    /// nothing when only they change (not documented for Graph; Outlook's own behaviour).
    fn only_private(&self) -> bool {
        self.subject.is_none()
            && self.body.is_none()
            && self.start.is_none()
            && self.end.is_none()
            && self.attendees.is_none()
            && self.location.is_none()
            && self.is_online_meeting.is_none()
            && self.provider.is_none()
            && self.allow_new_time_proposals.is_none()
            && self.response_requested.is_none()
    }

    fn touches_private(&self) -> bool {
        self.categories.is_some() || self.extended.is_some() || self.show_as.is_some()
    }
}

/// Why a meeting operation was refused.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum MeetingError {
    NotFound,
    NotOrganizer,
    Refused { code: &'static str, message: String },
}

fn refused(code: &'static str, message: impl Into<String>) -> MeetingError {
    MeetingError::Refused {
        code,
        message: message.into(),
    }
}

/// The one place meeting times are read from the clock.
pub(super) fn now() -> DateTime<Utc> {
    Utc::now()
}

/// An Outlook-looking iCalUId (the fixed Outlook class id, then random).
fn new_ical_uid() -> String {
    let hex = |n: usize| -> String {
        ids::random_bytes(n)
            .iter()
            .map(|b| format!("{b:02X}"))
            .collect()
    };
    format!(
        "040000008200E00074C5B7101A82E00800000000{}000000000000000010000000{}",
        hex(8),
        hex(16)
    )
}

fn new_change_key() -> String {
    base64::engine::general_purpose::STANDARD.encode(ids::random_bytes(20))
}

/// A Teams join link in the shape "Create event" example 4 shows.
fn new_teams_meeting(organizer_oid: &str) -> OnlineMeeting {
    let thread = base64::engine::general_purpose::STANDARD.encode(ids::guid());
    let digits: String = ids::random_bytes(9)
        .iter()
        .map(|b| char::from(b'0' + b % 10))
        .collect();
    OnlineMeeting {
        join_url: format!(
            "https://teams.microsoft.com/l/meetup-join/19%3ameeting_{thread}%40thread.v2/0?context=%7b%22Tid%22%3a%22{TENANT_ID}%22%2c%22Oid%22%3a%22{organizer_oid}%22%7d"
        ),
        conference_id: digits,
        // 555-01xx: a number reserved for fiction.
        toll_number: "+1 425 555 0123".to_string(),
    }
}

/// Where an event lives: (user index, event index).
type Spot = (usize, usize);

/// The free/busy block a wall-clock event covers, in UTC (first occurrence for a series).
pub(super) fn instant_span(event: &SandboxEvent) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
    let zone = zones::resolve(&event.time_zone)?;
    let start = zones::to_utc(zone, event.start);
    Some((start, start + (event.end - event.start)))
}

impl TenantState {
    fn spot(&self, user_id: &str, event_id: &str) -> Option<Spot> {
        let u = self.users.iter().position(|u| u.id == user_id)?;
        let e = self.users[u].events.iter().position(|e| e.id == event_id)?;
        Some((u, e))
    }

    /// The organizer's item with this id, in whichever calendar.
    fn organizer_spot(&self, event_id: &str) -> Option<Spot> {
        self.users.iter().enumerate().find_map(|(u, user)| {
            let e = user.events.iter().position(|e| e.id == event_id)?;
            let m = self.meetings.details.get(event_id)?;
            m.is_organizer.then_some((u, e))
        })
    }

    /// The details of an event, made up for an event that has none yet (one added through
    /// `Control::add_event`: organized by its owner, no attendees).
    fn details_mut(&mut self, (u, e): Spot) -> &mut Meeting {
        let user = &self.users[u];
        let stored = &user.events[e];
        let organizer = Person {
            name: user.user.display_name.clone(),
            address: user.user.email.clone(),
        };
        let zone = stored.event.time_zone.clone();
        let at = now();
        self.meetings
            .details
            .entry(stored.id.clone())
            .or_insert_with(|| Meeting {
                ical_uid: new_ical_uid(),
                change_key: new_change_key(),
                created: at,
                modified: at,
                original_start_zone: zone.clone(),
                original_end_zone: zone,
                body: ItemBody {
                    html: true,
                    content: String::new(),
                },
                location: None,
                attendees: Vec::new(),
                organizer,
                is_organizer: true,
                own_response: Response::Organizer,
                own_response_time: None,
                is_online_meeting: false,
                provider: Provider::Unknown,
                online_meeting: None,
                allow_new_time_proposals: true,
                response_requested: true,
                transaction_id: None,
                categories: Vec::new(),
                extended: Vec::new(),
                deleted: false,
            })
    }

    /// The online meeting Outlook initializes: a Teams link when the tenant has Teams and Teams
    /// (or no particular provider) was asked for; otherwise none, reported as provider
    /// `unknown` ("Create event" example 2 shows that shape).
    fn online_meeting_for(
        &self,
        requested: Option<Provider>,
        organizer_oid: &str,
    ) -> (Provider, Option<OnlineMeeting>) {
        match requested {
            None | Some(Provider::TeamsForBusiness) if self.meetings.teams_enabled => (
                Provider::TeamsForBusiness,
                Some(new_teams_meeting(organizer_oid)),
            ),
            _ => (Provider::Unknown, None),
        }
    }

    fn notify(
        &mut self,
        to: &str,
        kind: NotificationKind,
        event_id: &str,
        subject: &str,
        comment: Option<&str>,
    ) {
        self.meetings.notifications.push(SandboxNotification {
            to: to.to_string(),
            kind,
            event_id: event_id.to_string(),
            subject: subject.to_string(),
            comment: comment.map(str::to_string),
        });
    }

    /// Creates a meeting in the caller's calendar and sends the requests. With a transactionId
    /// the organizer already used, returns that event instead: per the event resource, the
    /// property exists "for the server to avoid redundant POST operations in case of client
    /// retries to create the same event". Returns the id and whether it is new.
    pub(super) fn create_meeting(
        &mut self,
        user_id: &str,
        draft: MeetingDraft,
    ) -> Result<(String, bool), MeetingError> {
        let u = self
            .users
            .iter()
            .position(|u| u.id == user_id)
            .ok_or(MeetingError::NotFound)?;
        if let Some(t) = &draft.transaction_id {
            // Only items still in the calendar: Microsoft documents no retention window, and an
            // item in Deleted Items is no longer a meeting the organizer holds.
            let existing = self.users[u].events.iter().find(|e| {
                self.meetings.details.get(&e.id).is_some_and(|m| {
                    m.is_organizer && !m.deleted && m.transaction_id.as_deref() == Some(t)
                })
            });
            if let Some(e) = existing {
                return Ok((e.id.clone(), false));
            }
        }
        let user = &self.users[u];
        let organizer = Person {
            name: user.user.display_name.clone(),
            address: user.user.email.clone(),
        };
        let (provider, online_meeting) = if draft.is_online_meeting {
            self.online_meeting_for(draft.provider, user_id)
        } else {
            (Provider::Unknown, None)
        };
        let id = graph_item_id();
        let at = now();
        let meeting = Meeting {
            ical_uid: new_ical_uid(),
            change_key: new_change_key(),
            created: at,
            modified: at,
            original_start_zone: draft.start_zone,
            original_end_zone: draft.end_zone,
            body: draft.body,
            location: draft.location,
            attendees: draft.attendees,
            organizer,
            is_organizer: true,
            own_response: Response::Organizer,
            own_response_time: None,
            is_online_meeting: draft.is_online_meeting,
            provider,
            online_meeting,
            allow_new_time_proposals: draft.allow_new_time_proposals,
            response_requested: draft.response_requested,
            transaction_id: draft.transaction_id,
            categories: draft.categories,
            extended: draft.extended,
            deleted: false,
        };
        // Kept in UTC: a meeting is a single instance, and UTC has no DST gap to trip over.
        self.users[u].events.push(StoredEvent {
            id: id.clone(),
            event: SandboxEvent {
                subject: draft.subject.clone(),
                start: draft.start.naive_utc(),
                end: draft.end.naive_utc(),
                time_zone: "UTC".to_string(),
                show_as: draft.show_as,
                is_cancelled: false,
                recurrence: None,
            },
        });
        let invited: Vec<String> = meeting
            .attendees
            .iter()
            .filter(|a| !a.address.eq_ignore_ascii_case(&meeting.organizer.address))
            .map(|a| a.address.clone())
            .collect();
        self.meetings.details.insert(id.clone(), meeting);
        // "When an event is sent, the server sends invitations to all the attendees."
        for to in &invited {
            self.notify(to, NotificationKind::Request, &id, &draft.subject, None);
        }
        self.sync_copies(&id, true);
        Ok((id, true))
    }

    /// Applies a PATCH. The organizer's changes reach the attendees; an attendee's only change
    /// their own copy.
    pub(super) fn update_meeting(
        &mut self,
        user_id: &str,
        event_id: &str,
        changes: MeetingChanges,
    ) -> Result<(), MeetingError> {
        let spot = self.spot(user_id, event_id).ok_or(MeetingError::NotFound)?;
        let recurring = self.users[spot.0].events[spot.1].event.recurrence.is_some();
        let meeting = self.details_mut(spot).clone();
        if meeting.deleted {
            // Not documented: the item sits in Deleted Items; updating a cancelled meeting
            // would send updates for a meeting that no longer takes place.
            return Err(refused(
                "ErrorInvalidRequest",
                "The meeting has been cancelled and can no longer be updated.",
            ));
        }
        if let Some(t) = &changes.transaction_id
            && meeting.transaction_id.as_deref() != Some(t.as_str())
        {
            // "After you set transactionId when creating an event, you cannot change
            // transactionId in a subsequent update." (event resource; the error is not documented).
            return Err(refused(
                "ErrorInvalidRequest",
                "The transactionId of an event can't be changed after the event is created.",
            ));
        }
        if recurring && (changes.start.is_some() || changes.end.is_some()) {
            return Err(refused(
                "BadRequest",
                "The sandbox tenant does not move recurring series.",
            ));
        }
        let stored = &self.users[spot.0].events[spot.1];
        let (old_start, old_end) = instant_span(&stored.event).ok_or(MeetingError::NotFound)?;
        let start = changes.start.as_ref().map_or(old_start, |(t, _)| *t);
        let end = changes.end.as_ref().map_or(old_end, |(t, _)| *t);
        if end <= start {
            // What Graph answers for an end before the start (seen in microsoft-graph-docs
            // issue 7919; the pair is not documented).
            return Err(refused(
                "ErrorPropertyValidationFailure",
                "At least one property failed validation.",
            ));
        }
        let times_changed = start != old_start || end != old_end;
        let old_attendees = meeting.attendees.clone();

        let stored = &mut self.users[spot.0].events[spot.1];
        if times_changed {
            stored.event.start = start.naive_utc();
            stored.event.end = end.naive_utc();
            stored.event.time_zone = "UTC".to_string();
        }
        if let Some(s) = &changes.subject {
            stored.event.subject = s.clone();
        }
        if let Some(s) = changes.show_as {
            stored.event.show_as = s;
        }
        let subject = stored.event.subject.clone();
        let wants_online = changes.is_online_meeting == Some(true) && !meeting.is_online_meeting;
        let online = wants_online.then(|| self.online_meeting_for(changes.provider, user_id));
        let m = self.details_mut(spot);
        if let Some((_, zone)) = &changes.start {
            m.original_start_zone = zone.clone();
        }
        if let Some((_, zone)) = &changes.end {
            m.original_end_zone = zone.clone();
        }
        if let Some(b) = changes.body.clone() {
            m.body = b;
        }
        if let Some(l) = changes.location.clone() {
            m.location = l;
        }
        if let Some(list) = changes.attendees.clone() {
            // Answers already given stay with the attendees who remain.
            m.attendees = list
                .into_iter()
                .map(|mut a| {
                    if let Some(old) = old_attendees
                        .iter()
                        .find(|o| o.address.eq_ignore_ascii_case(&a.address))
                    {
                        a.response = old.response;
                        a.response_time = old.response_time;
                    }
                    a
                })
                .collect();
        }
        // "After you set isOnlineMeeting to true, Microsoft Graph initializes onlineMeeting.
        // Subsequently, Outlook ignores any further changes to isOnlineMeeting, and the meeting
        // remains available online." (event resource)
        if let Some((provider, info)) = online {
            m.is_online_meeting = true;
            m.provider = provider;
            m.online_meeting = info;
        }
        if let Some(v) = changes.allow_new_time_proposals {
            m.allow_new_time_proposals = v;
        }
        if let Some(v) = changes.response_requested {
            m.response_requested = v;
        }
        if let Some(c) = changes.categories.clone() {
            m.categories = c;
        }
        if let Some(x) = changes.extended.clone() {
            for p in x {
                match m.extended.iter_mut().find(|e| e.id == p.id) {
                    Some(e) => e.value = p.value,
                    None => m.extended.push(p),
                }
            }
        }
        m.modified = now();
        m.change_key = new_change_key();
        let is_organizer = m.is_organizer;
        let organizer = m.organizer.address.clone();
        let new_attendees = m.attendees.clone();
        if !is_organizer || changes.only_private() {
            return Ok(());
        }
        let has = |list: &[Attendee], a: &Attendee| {
            list.iter()
                .any(|o| o.address.eq_ignore_ascii_case(&a.address))
        };
        let not_organizer = |a: &&Attendee| !a.address.eq_ignore_ascii_case(&organizer);
        let mut messages = Vec::new();
        for a in new_attendees.iter().filter(not_organizer) {
            if !has(&old_attendees, a) {
                messages.push((a.address.clone(), NotificationKind::Request));
            } else if !changes.attendees_only() {
                messages.push((a.address.clone(), NotificationKind::Update));
            }
        }
        for a in old_attendees.iter().filter(not_organizer) {
            if !has(&new_attendees, a) {
                messages.push((a.address.clone(), NotificationKind::Cancellation));
            }
        }
        for (to, kind) in messages {
            self.notify(&to, kind, event_id, &subject, None);
        }
        self.sync_copies(event_id, times_changed);
        Ok(())
    }

    /// The organizer cancels: attendees get the cancellation with the comment, the item leaves
    /// the calendar and no longer blocks free/busy. An attendee gets 400 ("event: cancel").
    pub(super) fn cancel_meeting(
        &mut self,
        user_id: &str,
        event_id: &str,
        comment: Option<&str>,
    ) -> Result<(), MeetingError> {
        let spot = self.spot(user_id, event_id).ok_or(MeetingError::NotFound)?;
        let m = self.details_mut(spot);
        if !m.is_organizer {
            return Err(MeetingError::NotOrganizer);
        }
        if m.deleted {
            // Not documented; a repeated cancel (a client retrying after a lost answer) changes
            // nothing and sends nothing.
            return Ok(());
        }
        m.deleted = true;
        m.modified = now();
        m.change_key = new_change_key();
        self.users[spot.0].events[spot.1].event.is_cancelled = true;
        self.send_cancellations(spot, comment);
        Ok(())
    }

    /// Deletes an item. "If the event is a meeting, deleting the event on the organizer's
    /// calendar sends a cancellation message to the meeting attendees." ("Delete event")
    pub(super) fn delete_event(
        &mut self,
        user_id: &str,
        event_id: &str,
    ) -> Result<(), MeetingError> {
        let spot = self.spot(user_id, event_id).ok_or(MeetingError::NotFound)?;
        let live_meeting = self
            .meetings
            .details
            .get(event_id)
            .is_some_and(|m| m.is_organizer && !m.deleted);
        if live_meeting {
            self.send_cancellations(spot, None);
        }
        self.users[spot.0].events.remove(spot.1);
        self.meetings.details.remove(event_id);
        Ok(())
    }

    fn send_cancellations(&mut self, spot: Spot, comment: Option<&str>) {
        let stored = &self.users[spot.0].events[spot.1];
        let (event_id, subject) = (stored.id.clone(), stored.event.subject.clone());
        let Some(m) = self.meetings.details.get(&event_id) else {
            return;
        };
        let organizer = m.organizer.address.clone();
        let ical_uid = m.ical_uid.clone();
        let to: Vec<String> = m
            .attendees
            .iter()
            .filter(|a| !a.address.eq_ignore_ascii_case(&organizer))
            .map(|a| a.address.clone())
            .collect();
        for address in to {
            self.notify(
                &address,
                NotificationKind::Cancellation,
                &event_id,
                &subject,
                comment,
            );
            self.cancel_copy(&address, &ical_uid);
        }
    }

    /// An attendee's copy once the meeting is off: kept, marked cancelled, "Canceled: " in front
    /// of the subject, as Outlook shows it; it no longer blocks free/busy.
    fn cancel_copy(&mut self, address: &str, ical_uid: &str) {
        let Some(u) = self
            .users
            .iter()
            .position(|u| u.user.email.eq_ignore_ascii_case(address))
        else {
            return;
        };
        let details = &self.meetings.details;
        for stored in &mut self.users[u].events {
            let is_copy = details
                .get(&stored.id)
                .is_some_and(|m| !m.is_organizer && m.ical_uid == ical_uid);
            if is_copy && !stored.event.is_cancelled {
                stored.event.is_cancelled = true;
                stored.event.subject = format!("Canceled: {}", stored.event.subject);
            }
        }
    }

    /// The index of the attendee copy of a meeting in one user's calendar.
    fn copy_index(&self, u: usize, ical_uid: &str) -> Option<usize> {
        self.users[u].events.iter().position(|e| {
            self.meetings
                .details
                .get(&e.id)
                .is_some_and(|m| !m.is_organizer && m.ical_uid == ical_uid)
        })
    }

    /// Brings the attendees' copies in line with the organizer's item: new tenant attendees
    /// get a tentative copy, existing copies follow the meeting, resources answer by their
    /// free/busy ("Create event": "On behalf of the resource, the server accepts or rejects the
    /// meeting request based on the free/busy schedule of the resource").
    fn sync_copies(&mut self, event_id: &str, times_changed: bool) {
        let Some((ou, oe)) = self.organizer_spot(event_id) else {
            return;
        };
        let organizer_event = self.users[ou].events[oe].event.clone();
        let Some(meeting) = self.meetings.details.get(event_id).cloned() else {
            return;
        };
        let Some((start, end)) = instant_span(&organizer_event) else {
            return;
        };
        let mut answers: Vec<(String, Response)> = Vec::new();
        for a in &meeting.attendees {
            if a.address.eq_ignore_ascii_case(&meeting.organizer.address) {
                continue;
            }
            let Some(u) = self
                .users
                .iter()
                .position(|u| u.user.email.eq_ignore_ascii_case(&a.address))
            else {
                continue;
            };
            let existing = self.copy_index(u, &meeting.ical_uid);
            let mut own = existing
                .and_then(|i| self.meetings.details.get(&self.users[u].events[i].id))
                .map_or((Response::NotResponded, None), |m| {
                    (m.own_response, m.own_response_time)
                });
            let mut show_as =
                existing.map_or(ShowAs::Tentative, |i| self.users[u].events[i].event.show_as);
            if a.kind == AttendeeType::Resource && (existing.is_none() || times_changed) {
                let busy = self.users[u].events.iter().enumerate().any(|(i, e)| {
                    Some(i) != existing
                        && !e.event.is_cancelled
                        && !matches!(e.event.show_as, ShowAs::Free | ShowAs::WorkingElsewhere)
                        && instant_span(&e.event).is_some_and(|(s, f)| s < end && f > start)
                });
                let answer = if busy {
                    Response::Declined
                } else {
                    Response::Accepted
                };
                answers.push((a.address.clone(), answer));
                own = (answer, Some(now()));
                show_as = ShowAs::Busy;
            } else if a.response == Response::Declined && existing.is_none() {
                continue;
            }
            if own.0 == Response::Declined {
                if let Some(i) = existing {
                    let removed = self.users[u].events.remove(i);
                    self.meetings.details.remove(&removed.id);
                }
                continue;
            }
            let mut copy = meeting.clone();
            copy.is_organizer = false;
            copy.own_response = own.0;
            copy.own_response_time = own.1;
            copy.transaction_id = None;
            copy.categories = Vec::new();
            copy.extended = Vec::new();
            let event = SandboxEvent {
                show_as,
                ..organizer_event.clone()
            };
            match existing {
                Some(i) => {
                    let stored = &mut self.users[u].events[i];
                    stored.event = event;
                    let id = stored.id.clone();
                    if let Some(old) = self.meetings.details.get(&id) {
                        copy.created = old.created;
                    }
                    self.meetings.details.insert(id, copy);
                }
                None => {
                    let id = graph_item_id();
                    self.users[u].events.push(StoredEvent {
                        id: id.clone(),
                        event,
                    });
                    self.meetings.details.insert(id, copy);
                }
            }
        }
        // Tenant users no longer invited: their copy shows the cancellation they were sent.
        let still: Vec<String> = meeting
            .attendees
            .iter()
            .map(|a| a.address.to_ascii_lowercase())
            .collect();
        let gone: Vec<String> = self
            .users
            .iter()
            .enumerate()
            .filter(|(u, user)| {
                !still.contains(&user.user.email.to_ascii_lowercase())
                    && self.copy_index(*u, &meeting.ical_uid).is_some()
            })
            .map(|(_, user)| user.user.email.clone())
            .collect();
        for address in gone {
            self.cancel_copy(&address, &meeting.ical_uid);
        }
        if let Some(m) = self.meetings.details.get_mut(event_id) {
            for (address, answer) in answers {
                if let Some(a) = m
                    .attendees
                    .iter_mut()
                    .find(|a| a.address.eq_ignore_ascii_case(&address))
                {
                    a.response = answer;
                    a.response_time = Some(now());
                }
            }
        }
    }

    /// An attendee answers (what the attendee would do in Outlook): the organizer's item shows
    /// the answer and the time, and a tenant attendee's copy follows (declining removes it).
    pub(super) fn set_attendee_response(
        &mut self,
        event_id: &str,
        email: &str,
        response: &str,
    ) -> Result<(), String> {
        let answer = match Response::from_wire(response) {
            Some(Response::Organizer) | None => {
                return Err(format!(
                    "unknown response '{response}': accepted, tentativelyAccepted, declined, none or notResponded"
                ));
            }
            Some(r) => r,
        };
        if self.organizer_spot(event_id).is_none() {
            return Err(format!("no meeting organized with id {event_id}"));
        }
        let at = now();
        let m = self
            .meetings
            .details
            .get_mut(event_id)
            .ok_or_else(|| format!("no meeting organized with id {event_id}"))?;
        let a = m
            .attendees
            .iter_mut()
            .find(|a| a.address.eq_ignore_ascii_case(email.trim()))
            .ok_or_else(|| format!("{email} is not an attendee of {event_id}"))?;
        a.response = answer;
        a.response_time = if matches!(answer, Response::None | Response::NotResponded) {
            None
        } else {
            Some(at)
        };
        let ical_uid = m.ical_uid.clone();
        let Some(u) = self
            .users
            .iter()
            .position(|u| u.user.email.eq_ignore_ascii_case(email.trim()))
        else {
            return Ok(());
        };
        if self.copy_index(u, &ical_uid).is_none() && answer != Response::Declined {
            self.sync_copies(event_id, false);
        }
        let Some(i) = self.copy_index(u, &ical_uid) else {
            return Ok(());
        };
        if answer == Response::Declined {
            let removed = self.users[u].events.remove(i);
            self.meetings.details.remove(&removed.id);
            return Ok(());
        }
        let stored = &mut self.users[u].events[i];
        stored.event.show_as = match answer {
            Response::Accepted => ShowAs::Busy,
            _ => ShowAs::Tentative,
        };
        if let Some(copy) = self.meetings.details.get_mut(&stored.id) {
            copy.own_response = match answer {
                Response::None => Response::NotResponded,
                other => other,
            };
            copy.own_response_time = (answer != Response::None).then_some(at);
        }
        Ok(())
    }

    /// A user's calendar as tests see it.
    pub(super) fn calendar_items(&self, email: &str) -> Vec<SandboxCalendarItem> {
        let Some(user) = self.user_by_email(email) else {
            return Vec::new();
        };
        user.events
            .iter()
            .filter_map(|stored| {
                let (start, end) = instant_span(&stored.event)?;
                let m = self.meetings.details.get(&stored.id);
                Some(SandboxCalendarItem {
                    id: stored.id.clone(),
                    subject: stored.event.subject.clone(),
                    start,
                    end,
                    is_cancelled: stored.event.is_cancelled,
                    in_calendar: !m.is_some_and(|m| m.deleted),
                    is_organizer: m.is_none_or(|m| m.is_organizer),
                    transaction_id: m.and_then(|m| m.transaction_id.clone()),
                    attendees: m.map_or_else(Vec::new, |m| {
                        m.attendees
                            .iter()
                            .map(|a| (a.address.clone(), a.response.wire_name().to_string()))
                            .collect()
                    }),
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::super::Seed;
    use super::super::seed::{self, ADELE, MEGAN, ROOM};
    use super::*;

    fn tenant() -> (TenantState, String) {
        let mut st = TenantState::new();
        seed::populate(&mut st, Seed::Empty, Utc::now());
        let adele = st.user_by_email(ADELE).map(|u| u.id.clone()).unwrap();
        (st, adele)
    }

    fn at(h: u32) -> DateTime<Utc> {
        chrono::NaiveDate::from_ymd_opt(2026, 12, 3)
            .unwrap()
            .and_hms_opt(h, 0, 0)
            .unwrap()
            .and_utc()
    }

    fn person(address: &str, kind: AttendeeType) -> Attendee {
        Attendee {
            address: address.into(),
            name: None,
            kind,
            response: Response::None,
            response_time: None,
        }
    }

    fn draft(attendees: Vec<Attendee>, transaction_id: Option<&str>) -> MeetingDraft {
        MeetingDraft {
            subject: "Interview".into(),
            body: ItemBody {
                html: false,
                content: String::new(),
            },
            start: at(10),
            start_zone: "UTC".into(),
            end: at(11),
            end_zone: "UTC".into(),
            attendees,
            location: None,
            is_online_meeting: true,
            provider: None,
            allow_new_time_proposals: true,
            response_requested: true,
            transaction_id: transaction_id.map(str::to_string),
            categories: Vec::new(),
            extended: Vec::new(),
            show_as: ShowAs::Busy,
        }
    }

    fn kinds(st: &TenantState) -> Vec<(String, NotificationKind)> {
        st.meetings
            .notifications
            .iter()
            .map(|n| (n.to.clone(), n.kind))
            .collect()
    }

    #[test]
    fn a_repeated_transaction_id_returns_the_same_event_and_sends_nothing_more() {
        let (mut st, adele) = tenant();
        let ext = person("p@example.com", AttendeeType::Required);
        let (id, new) = st
            .create_meeting(&adele, draft(vec![ext.clone()], Some("t-1")))
            .unwrap();
        assert!(new);
        let (again, new) = st
            .create_meeting(&adele, draft(vec![ext.clone()], Some("t-1")))
            .unwrap();
        assert_eq!((again.as_str(), new), (id.as_str(), false));
        let (other, new) = st
            .create_meeting(&adele, draft(vec![ext], Some("t-2")))
            .unwrap();
        assert!(new && other != id);
        assert_eq!(st.calendar_items(ADELE).len(), 2);
        assert_eq!(st.meetings.notifications.len(), 2);
        // The Teams link is there by default, gone in a tenant without Teams.
        assert!(st.meetings.details[&id].online_meeting.is_some());
        st.meetings.teams_enabled = false;
        let (plain, _) = st.create_meeting(&adele, draft(vec![], None)).unwrap();
        let m = &st.meetings.details[&plain];
        assert_eq!(
            (m.provider, m.online_meeting.is_none()),
            (Provider::Unknown, true)
        );
    }

    #[test]
    fn tenant_attendees_get_a_tentative_copy_and_rooms_answer_by_free_busy() {
        let (mut st, adele) = tenant();
        let attendees = vec![
            person(MEGAN, AttendeeType::Required),
            person(ROOM, AttendeeType::Resource),
        ];
        let (id, _) = st
            .create_meeting(&adele, draft(attendees.clone(), None))
            .unwrap();
        let megan = st.calendar_items(MEGAN);
        assert_eq!(megan.len(), 1);
        assert!(!megan[0].is_organizer);
        let copy = &st.user_by_email(MEGAN).unwrap().events[0];
        assert_eq!(copy.event.show_as, ShowAs::Tentative);
        let responses = &st.calendar_items(ADELE)[0].attendees;
        assert_eq!(responses[0].1, "none");
        assert_eq!(responses[1].1, "accepted");
        // The room is now busy at that time: a second meeting there is declined.
        let (second, _) = st
            .create_meeting(
                &adele,
                draft(vec![person(ROOM, AttendeeType::Resource)], None),
            )
            .unwrap();
        let m = &st.meetings.details[&second];
        assert_eq!(m.attendees[0].response, Response::Declined);
        assert_eq!(st.calendar_items(ROOM).len(), 1);
        // Megan accepts, then declines: her copy turns busy, then goes away.
        st.set_attendee_response(&id, MEGAN, "accepted").unwrap();
        assert_eq!(
            st.user_by_email(MEGAN).unwrap().events[0].event.show_as,
            ShowAs::Busy
        );
        st.set_attendee_response(&id, MEGAN, "declined").unwrap();
        assert!(st.calendar_items(MEGAN).is_empty());
        assert_eq!(st.calendar_items(ADELE)[0].attendees[0].1, "declined");
        assert!(
            st.set_attendee_response(&id, "nobody@example.com", "accepted")
                .is_err()
        );
        assert!(st.set_attendee_response(&id, MEGAN, "organizer").is_err());
        assert!(st.set_attendee_response("nope", MEGAN, "accepted").is_err());
    }

    #[test]
    fn updates_reach_everyone_but_an_attendee_list_change_only_the_changed() {
        let (mut st, adele) = tenant();
        let a = person("a@example.com", AttendeeType::Required);
        let b = person("b@example.com", AttendeeType::Required);
        let c = person("c@example.com", AttendeeType::Optional);
        let (id, _) = st
            .create_meeting(&adele, draft(vec![a.clone(), b.clone()], Some("t")))
            .unwrap();
        st.meetings.notifications.clear();
        let changes = MeetingChanges {
            attendees: Some(vec![a.clone(), c.clone()]),
            ..MeetingChanges::default()
        };
        st.update_meeting(&adele, &id, changes).unwrap();
        assert_eq!(
            kinds(&st),
            [
                ("c@example.com".into(), NotificationKind::Request),
                ("b@example.com".into(), NotificationKind::Cancellation)
            ]
        );
        st.meetings.notifications.clear();
        let changes = MeetingChanges {
            start: Some((at(12), "UTC".into())),
            end: Some((at(13), "UTC".into())),
            ..MeetingChanges::default()
        };
        st.update_meeting(&adele, &id, changes).unwrap();
        assert_eq!(
            kinds(&st),
            [
                ("a@example.com".into(), NotificationKind::Update),
                ("c@example.com".into(), NotificationKind::Update)
            ]
        );
        assert_eq!(st.calendar_items(ADELE)[0].start, at(12));
        st.meetings.notifications.clear();
        let changes = MeetingChanges {
            categories: Some(vec!["Rally".into()]),
            ..MeetingChanges::default()
        };
        st.update_meeting(&adele, &id, changes).unwrap();
        assert!(st.meetings.notifications.is_empty());
        let bad = MeetingChanges {
            transaction_id: Some("other".into()),
            ..MeetingChanges::default()
        };
        assert!(matches!(
            st.update_meeting(&adele, &id, bad),
            Err(MeetingError::Refused { .. })
        ));
        let backwards = MeetingChanges {
            end: Some((at(11), "UTC".into())),
            ..MeetingChanges::default()
        };
        assert!(matches!(
            st.update_meeting(&adele, &id, backwards),
            Err(MeetingError::Refused {
                code: "ErrorPropertyValidationFailure",
                ..
            })
        ));
    }

    #[test]
    fn only_the_organizer_cancels_and_the_copies_follow() {
        let (mut st, adele) = tenant();
        let (id, _) = st
            .create_meeting(
                &adele,
                draft(vec![person(MEGAN, AttendeeType::Required)], None),
            )
            .unwrap();
        let megan_id = st.user_by_email(MEGAN).unwrap().id.clone();
        let copy_id = st.calendar_items(MEGAN)[0].id.clone();
        assert_eq!(
            st.cancel_meeting(&megan_id, &copy_id, None),
            Err(MeetingError::NotOrganizer)
        );
        assert_eq!(
            st.cancel_meeting(&megan_id, &id, None),
            Err(MeetingError::NotFound)
        );
        st.cancel_meeting(&adele, &id, Some("Sorry")).unwrap();
        let mine = &st.calendar_items(ADELE)[0];
        assert!(mine.is_cancelled && !mine.in_calendar);
        let copy = &st.calendar_items(MEGAN)[0];
        assert!(copy.is_cancelled);
        assert_eq!(copy.subject, "Canceled: Interview");
        let last = st.meetings.notifications.last().unwrap();
        assert_eq!(
            (last.kind, last.comment.as_deref()),
            (NotificationKind::Cancellation, Some("Sorry"))
        );
        // Again: nothing more is sent.
        let sent = st.meetings.notifications.len();
        st.cancel_meeting(&adele, &id, None).unwrap();
        assert_eq!(st.meetings.notifications.len(), sent);
    }

    #[test]
    fn deleting_a_live_meeting_cancels_it_for_the_attendees() {
        let (mut st, adele) = tenant();
        let (id, _) = st
            .create_meeting(
                &adele,
                draft(vec![person("p@example.com", AttendeeType::Required)], None),
            )
            .unwrap();
        st.delete_event(&adele, &id).unwrap();
        assert!(st.calendar_items(ADELE).is_empty());
        assert_eq!(
            kinds(&st).last().unwrap(),
            &("p@example.com".into(), NotificationKind::Cancellation)
        );
        assert_eq!(st.delete_event(&adele, &id), Err(MeetingError::NotFound));
    }
}
