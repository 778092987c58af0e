//! Calendar events: create ("Create event", `POST /me/events`), read ("Get event"), move
//! ("Update event", `PATCH /me/events/{id}`), cancel ("event: cancel", which notifies the
//! attendees, unlike a delete), find by our marker ("Get singleValueLegacyExtendedProperty":
//! `$filter=singleValueExtendedProperties/Any(...)`), and list a window ("List calendarView"),
//! following `@odata.nextLink`. The wire types are the client's own.

use chrono::{DateTime, NaiveDateTime, SecondsFormat, Utc};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use reqwest::Method;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::booking::MARKER_PROPERTY_ID;
use crate::graph::model::DateTimeTimeZone;
use crate::graph::{GraphClient, GraphError, RequestKind};

/// Graph's limit on attendees of one event ("event resource type": at most 500).
pub const MAX_ATTENDEES: usize = 500;

/// The fields of an event we read back.
const EVENT_SELECT: &str = "id,subject,start,end,attendees,organizer,isOrganizer,isCancelled,\
webLink,onlineMeeting,isOnlineMeeting,transactionId,categories";

/// Characters kept as they are in a query value or a path segment (RFC 3986 unreserved).
const QUERY_VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// A query string with every value percent-encoded (spaces as `%20`, never `+`).
pub fn query(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| {
            format!(
                "{}={}",
                utf8_percent_encode(k, QUERY_VALUE),
                utf8_percent_encode(v, QUERY_VALUE)
            )
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// An event id as one path segment, whatever characters it holds.
pub fn event_path(id: &str) -> String {
    format!("me/events/{}", utf8_percent_encode(id, QUERY_VALUE))
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ItemBody {
    pub content_type: &'static str,
    pub content: String,
}

#[derive(Debug, Clone, Serialize, JsonSchema, Deserialize, PartialEq, Eq)]
pub struct EmailAddressField {
    pub address: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct NewAttendee {
    #[serde(rename = "emailAddress")]
    pub email_address: EmailAddressField,
    /// `required` or `optional`.
    #[serde(rename = "type")]
    pub kind: &'static str,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Location {
    pub display_name: String,
}

#[derive(Debug, Clone, Serialize, JsonSchema, Deserialize, PartialEq, Eq)]
pub struct ExtendedProperty {
    pub id: String,
    pub value: String,
}

/// The body of `POST /me/events`.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct NewEvent {
    pub subject: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<ItemBody>,
    pub start: DateTimeTimeZone,
    pub end: DateTimeTimeZone,
    pub attendees: Vec<NewAttendee>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    pub is_online_meeting: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub online_meeting_provider: Option<&'static str>,
    /// A participant who wants another time replies; a counter-proposal would bypass the
    /// recheck of free/busy.
    pub allow_new_time_proposals: bool,
    pub transaction_id: String,
    pub single_value_extended_properties: Vec<ExtendedProperty>,
}

/// The body of `PATCH /me/events/{id}` when an interview moves.
#[derive(Debug, Clone, Serialize)]
pub struct MovedEvent {
    pub start: DateTimeTimeZone,
    pub end: DateTimeTimeZone,
}

#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
pub struct ResponseStatus {
    #[serde(default)]
    pub response: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct AttendeeState {
    #[serde(rename = "emailAddress")]
    pub email_address: EmailAddressField,
    #[serde(default, rename = "type")]
    pub kind: Option<String>,
    #[serde(default)]
    pub status: Option<ResponseStatus>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct OnlineMeeting {
    #[serde(default, rename = "joinUrl")]
    pub join_url: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Organizer {
    #[serde(rename = "emailAddress")]
    pub email_address: EmailAddressField,
}

/// An event as Graph returns it (the fields we select).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Event {
    pub id: String,
    #[serde(default)]
    pub subject: Option<String>,
    pub start: DateTimeTimeZone,
    pub end: DateTimeTimeZone,
    #[serde(default)]
    pub attendees: Vec<AttendeeState>,
    #[serde(default)]
    pub organizer: Option<Organizer>,
    #[serde(default)]
    pub is_organizer: Option<bool>,
    #[serde(default)]
    pub is_cancelled: Option<bool>,
    #[serde(default)]
    pub web_link: Option<String>,
    #[serde(default)]
    pub online_meeting: Option<OnlineMeeting>,
    #[serde(default)]
    pub transaction_id: Option<String>,
    #[serde(default)]
    pub single_value_extended_properties: Vec<ExtendedProperty>,
}

impl Event {
    /// The Teams join link, when the service made one (a tenant without Teams leaves
    /// `onlineMeeting` null).
    pub fn join_url(&self) -> Option<&str> {
        self.online_meeting
            .as_ref()
            .and_then(|m| m.join_url.as_deref())
            .filter(|u| !u.trim().is_empty())
    }

    /// The transaction id in our marker property, if the event carries it.
    pub fn marker(&self) -> Option<&str> {
        self.single_value_extended_properties
            .iter()
            .find(|p| p.id.eq_ignore_ascii_case(MARKER_PROPERTY_ID))
            .map(|p| p.value.as_str())
    }

    pub fn start_utc(&self) -> Result<DateTime<Utc>, GraphError> {
        utc_instant(&self.start)
    }

    pub fn end_utc(&self) -> Result<DateTime<Utc>, GraphError> {
        utc_instant(&self.end)
    }
}

#[derive(Debug, Deserialize)]
struct Page<T> {
    value: Vec<T>,
    #[serde(default, rename = "@odata.nextLink")]
    next_link: Option<String>,
}

/// Graph's dateTimeTimeZone in UTC, as we send it.
pub fn utc_wall_time(t: DateTime<Utc>) -> DateTimeTimeZone {
    DateTimeTimeZone {
        date_time: t.naive_utc().format("%Y-%m-%dT%H:%M:%S").to_string(),
        time_zone: "UTC".into(),
    }
}

/// An event time as an instant. We ask for UTC (`Prefer: outlook.timezone="UTC"`); any other
/// zone in an answer is a misunderstanding we refuse rather than guess.
fn utc_instant(value: &DateTimeTimeZone) -> Result<DateTime<Utc>, GraphError> {
    if !value.time_zone.eq_ignore_ascii_case("UTC") {
        return Err(GraphError::Decode(format!(
            "an event time in `{}` where UTC was asked for",
            value.time_zone
        )));
    }
    NaiveDateTime::parse_from_str(value.date_time.trim(), "%Y-%m-%dT%H:%M:%S%.f")
        .map(|t| t.and_utc())
        .map_err(|e| GraphError::Decode(format!("bad event time `{}`: {e}", value.date_time)))
}

/// `POST /me/events`: may be sent again, since the transaction id makes a repeat return the
/// event the first one made.
pub async fn create(graph: &GraphClient, event: &NewEvent) -> Result<Event, GraphError> {
    graph
        .write::<_, Event>(
            Method::POST,
            "me/events",
            event,
            RequestKind::KeyedWrite,
            &[],
        )
        .await?
        .ok_or_else(|| GraphError::Decode("the created event came back empty".into()))
}

/// The event this tool made with `transaction_id`, if any (one request).
pub async fn find_by_transaction(
    graph: &GraphClient,
    transaction_id: &str,
) -> Result<Option<Event>, GraphError> {
    let filter = format!(
        "singleValueExtendedProperties/Any(ep: ep/id eq '{MARKER_PROPERTY_ID}' and ep/value eq '{}')",
        transaction_id.replace('\'', "''")
    );
    let expand = format!("singleValueExtendedProperties($filter=id eq '{MARKER_PROPERTY_ID}')");
    let path = format!(
        "me/events?{}",
        query(&[
            ("$filter", &filter),
            ("$expand", &expand),
            ("$select", EVENT_SELECT)
        ])
    );
    let page: Page<Event> = graph.get(&path).await?;
    Ok(page
        .value
        .into_iter()
        .find(|e| e.marker() == Some(transaction_id)))
}

/// `GET /me/events/{id}` with our fields and marker.
pub async fn get(graph: &GraphClient, id: &str) -> Result<Event, GraphError> {
    let expand = format!("singleValueExtendedProperties($filter=id eq '{MARKER_PROPERTY_ID}')");
    let path = format!(
        "{}?{}",
        event_path(id),
        query(&[("$select", EVENT_SELECT), ("$expand", &expand)])
    );
    graph.get(&path).await
}

/// `PATCH /me/events/{id}` to a new time; attendees get the update. Setting the same times
/// twice has the same effect as once, so it may be sent again.
pub async fn move_to(
    graph: &GraphClient,
    id: &str,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
) -> Result<Event, GraphError> {
    let body = MovedEvent {
        start: utc_wall_time(start),
        end: utc_wall_time(end),
    };
    graph
        .write::<_, Event>(
            Method::PATCH,
            &event_path(id),
            &body,
            RequestKind::KeyedWrite,
            &[],
        )
        .await?
        .ok_or_else(|| GraphError::Decode("the updated event came back empty".into()))
}

#[derive(Serialize)]
struct CancelBody<'a> {
    #[serde(rename = "Comment", skip_serializing_if = "Option::is_none")]
    comment: Option<&'a str>,
}

/// `POST /me/events/{id}/cancel`: the attendees get a cancellation with the comment. Not
/// repeated after it may have arrived: a second cancellation message would confuse.
pub async fn cancel(
    graph: &GraphClient,
    id: &str,
    comment: Option<&str>,
) -> Result<(), GraphError> {
    graph
        .write::<_, serde_json::Value>(
            Method::POST,
            &format!("{}/cancel", event_path(id)),
            &CancelBody { comment },
            RequestKind::UnkeyedWrite,
            &[],
        )
        .await
        .map(|_| ())
}

/// The most pages `interviews` follows (50 events a page).
pub const MAX_PAGES: usize = 40;

/// Every event of the window (`GET /me/calendarView`, 50 a page, by start), with our marker
/// property expanded where present.
pub async fn calendar_view(
    graph: &GraphClient,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<Event>, GraphError> {
    let expand = format!("singleValueExtendedProperties($filter=id eq '{MARKER_PROPERTY_ID}')");
    let first = format!(
        "me/calendarView?{}",
        query(&[
            (
                "startDateTime",
                &from.to_rfc3339_opts(SecondsFormat::Secs, true)
            ),
            (
                "endDateTime",
                &to.to_rfc3339_opts(SecondsFormat::Secs, true)
            ),
            ("$select", EVENT_SELECT),
            ("$expand", &expand),
            ("$orderby", "start/dateTime"),
            ("$top", "50"),
        ])
    );
    let mut events = Vec::new();
    let mut page: Page<Event> = graph.get(&first).await?;
    for _ in 0..MAX_PAGES {
        events.append(&mut page.value);
        let Some(next) = page.next_link.take() else {
            return Ok(events);
        };
        page = graph.get_next_page(&next).await?;
    }
    Err(GraphError::Decode(format!(
        "more than {MAX_PAGES} pages of events; narrow the window"
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_values_are_percent_encoded_without_plus_signs() {
        assert_eq!(
            query(&[("$filter", "a eq 'b c'"), ("$top", "5")]),
            "%24filter=a%20eq%20%27b%20c%27&%24top=5"
        );
    }

    #[test]
    fn an_event_id_cannot_escape_its_path_segment() {
        assert_eq!(
            event_path("AAMk/../../me/sendMail?x=1"),
            "me/events/AAMk%2F..%2F..%2Fme%2FsendMail%3Fx%3D1"
        );
    }

    #[test]
    fn the_create_body_has_the_documented_shape() {
        let event = NewEvent {
            subject: "Research interview".into(),
            body: None,
            start: utc_wall_time("2026-12-03T09:00:00Z".parse().unwrap()),
            end: utc_wall_time("2026-12-03T09:45:00Z".parse().unwrap()),
            attendees: vec![NewAttendee {
                email_address: EmailAddressField {
                    address: "p@x.com".into(),
                    name: None,
                },
                kind: "required",
            }],
            location: None,
            is_online_meeting: true,
            online_meeting_provider: Some("teamsForBusiness"),
            allow_new_time_proposals: false,
            transaction_id: "rally-0".into(),
            single_value_extended_properties: vec![ExtendedProperty {
                id: MARKER_PROPERTY_ID.into(),
                value: "rally-0".into(),
            }],
        };
        let json = serde_json::to_value(&event).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "subject": "Research interview",
                "start": {"dateTime": "2026-12-03T09:00:00", "timeZone": "UTC"},
                "end": {"dateTime": "2026-12-03T09:45:00", "timeZone": "UTC"},
                "attendees": [{"emailAddress": {"address": "p@x.com"}, "type": "required"}],
                "isOnlineMeeting": true,
                "onlineMeetingProvider": "teamsForBusiness",
                "allowNewTimeProposals": false,
                "transactionId": "rally-0",
                "singleValueExtendedProperties": [{"id": MARKER_PROPERTY_ID, "value": "rally-0"}]
            })
        );
    }
}
