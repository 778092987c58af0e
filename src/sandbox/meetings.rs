//! The data of meetings made through Graph: what Outlook keeps beside an event's time and
//! free/busy status (body, location, attendees and their answers, organizer, Teams link,
//! categories, single-value extended properties, `transactionId`), and the meeting messages the
//! service sent. The organizer's operations are in `meeting_lifecycle`, the attendees' copies in
//! `attendee_copies`.
//!
//! The time and status stay in the calendar's `StoredEvent`, so getSchedule and calendarView see
//! a meeting exactly like any other event; this store only holds what a meeting adds on top.

use std::collections::HashMap;

use base64::Engine;
use chrono::{DateTime, Utc};

use super::ids;
use super::model::{SandboxEvent, ShowAs};
use super::state::TENANT_ID;
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
    pub(super) fn attendees_only(&self) -> bool {
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
    pub(super) fn only_private(&self) -> bool {
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

pub(super) fn refused(code: &'static str, message: impl Into<String>) -> MeetingError {
    MeetingError::Refused {
        code,
        message: message.into(),
    }
}

/// An Outlook-looking iCalUId (the fixed Outlook class id, then random).
pub(super) fn new_ical_uid() -> String {
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

pub(super) fn new_change_key() -> String {
    base64::engine::general_purpose::STANDARD.encode(ids::random_bytes(20))
}

/// A Teams join link in the shape "Create event" example 4 shows.
pub(super) fn new_teams_meeting(organizer_oid: &str) -> OnlineMeeting {
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
pub(super) type Spot = (usize, usize);

/// The free/busy block a wall-clock event covers, in UTC (first occurrence for a series).
pub(super) fn instant_span(event: &SandboxEvent) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
    let zone = zones::resolve(&event.time_zone)?;
    let start = zones::to_utc(zone, event.start);
    Some((start, start + (event.end - event.start)))
}

/// Shared by the tests of the meeting modules.
#[cfg(test)]
pub(super) mod fixtures {
    use super::super::Seed;
    use super::super::seed::{self, ADELE};
    use super::super::state::TenantState;
    use super::*;

    pub(in super::super) fn tenant() -> (TenantState, String) {
        let mut st = TenantState::new(std::sync::Arc::new(super::super::SystemClock));
        seed::populate(&mut st, Seed::Empty, Utc::now());
        let adele = st.user_by_email(ADELE).map(|u| u.id.clone()).unwrap();
        (st, adele)
    }

    pub(in super::super) fn at(h: u32) -> DateTime<Utc> {
        chrono::NaiveDate::from_ymd_opt(2026, 12, 3)
            .unwrap()
            .and_hms_opt(h, 0, 0)
            .unwrap()
            .and_utc()
    }

    pub(in super::super) fn person(address: &str, kind: AttendeeType) -> Attendee {
        Attendee {
            address: address.into(),
            name: None,
            kind,
            response: Response::None,
            response_time: None,
        }
    }

    pub(in super::super) fn draft(
        attendees: Vec<Attendee>,
        transaction_id: Option<&str>,
    ) -> MeetingDraft {
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

    pub(in super::super) fn kinds(st: &TenantState) -> Vec<(String, NotificationKind)> {
        st.meetings
            .notifications
            .iter()
            .map(|n| (n.to.clone(), n.kind))
            .collect()
    }
}
