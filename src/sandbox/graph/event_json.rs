//! One calendar item as Graph returns it (`microsoft.graph.event`), shared by the events
//! endpoints and calendarView so both show the same fields: times in the `Prefer:
//! outlook.timezone` zone, the body as HTML unless `Prefer: outlook.body-content-type="text"`,
//! `transactionId` only when set, `$select` projection and one expanded extended property.

use axum::http::{HeaderMap, HeaderValue};
use axum::response::Response;
use chrono::{DateTime, Utc};
use serde_json::{Map, Value, json};
use sha2::{Digest, Sha256};

use super::super::meetings::{Meeting, Response as Answer};
use super::super::state::{StoredEvent, UserRecord};
use super::event_query::ExpandProperty;
use super::output_zone::OutputZone;

/// Properties `$select` may name (`createdDateTime` and `lastModifiedDateTime` "do not support
/// `$select`", "List calendarView").
pub(super) const SELECTABLE: &[&str] = &[
    "id",
    "subject",
    "body",
    "bodyPreview",
    "importance",
    "sensitivity",
    "start",
    "end",
    "originalStartTimeZone",
    "originalEndTimeZone",
    "isAllDay",
    "isCancelled",
    "isOrganizer",
    "isDraft",
    "isReminderOn",
    "reminderMinutesBeforeStart",
    "hasAttachments",
    "hideAttendees",
    "showAs",
    "type",
    "seriesMasterId",
    "webLink",
    "location",
    "locations",
    "organizer",
    "attendees",
    "responseStatus",
    "responseRequested",
    "allowNewTimeProposals",
    "iCalUId",
    "changeKey",
    "recurrence",
    "isOnlineMeeting",
    "onlineMeetingProvider",
    "onlineMeeting",
    "onlineMeetingUrl",
    "categories",
    "transactionId",
];

/// One instance of a calendar item: the item itself, or an occurrence of a series.
pub(super) struct Instance {
    pub(super) id: String,
    pub(super) start: DateTime<Utc>,
    pub(super) end: DateTime<Utc>,
    /// Graph `eventType`.
    pub(super) kind: &'static str,
    pub(super) series_master_id: Option<String>,
}

/// How the caller asked to see items.
pub(super) struct View<'a> {
    pub(super) zone: &'a OutputZone,
    /// `Prefer: outlook.body-content-type="text"`.
    pub(super) text_body: bool,
}

/// `Prefer: outlook.body-content-type`: `Some(true)` for text, `Some(false)` for html ("Get
/// event": "If the header is not specified, the body property is returned in HTML format").
pub(super) fn body_preference(headers: &HeaderMap) -> Option<bool> {
    for value in headers
        .get_all("prefer")
        .iter()
        .filter_map(|v| v.to_str().ok())
    {
        for part in value.split(',') {
            if let Some((key, val)) = part.trim().split_once('=')
                && key.trim().eq_ignore_ascii_case("outlook.body-content-type")
            {
                let val = val.trim().trim_matches('"');
                if val.eq_ignore_ascii_case("text") {
                    return Some(true);
                }
                if val.eq_ignore_ascii_case("html") {
                    return Some(false);
                }
            }
        }
    }
    None
}

/// "A `Preference-Applied` header is returned as confirmation if this `Prefer` header is
/// specified." ("Get event")
pub(super) fn mark_body_preference(response: &mut Response, preference: Option<bool>) {
    if let Some(text) = preference {
        let value = if text {
            "outlook.body-content-type=\"text\""
        } else {
            "outlook.body-content-type=\"html\""
        };
        response
            .headers_mut()
            .append("preference-applied", HeaderValue::from_static(value));
    }
}

/// Graph's timestamp: UTC, seven fractional digits, `Z`.
pub(super) fn timestamp(at: Option<DateTime<Utc>>) -> String {
    match at {
        None => "0001-01-01T00:00:00Z".to_string(),
        Some(t) => format!(
            "{}.{:07}Z",
            t.format("%Y-%m-%dT%H:%M:%S"),
            t.timestamp_subsec_nanos() / 100
        ),
    }
}

fn escape_html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\n', "<br>")
}

/// A rough text rendering of HTML: tags dropped, the common entities decoded.
fn html_to_text(html: &str) -> String {
    let body = match (html.find("<body"), html.rfind("</body>")) {
        (Some(b), Some(e)) if b < e => html[b..e].find('>').map_or(html, |o| &html[b + o + 1..e]),
        _ => html,
    };
    let mut out = String::new();
    let mut in_tag = false;
    for c in body.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
}

fn body_json(meeting: Option<&Meeting>, text: bool) -> (Value, String) {
    let (html, content) = meeting.map_or((true, ""), |m| (m.body.html, m.body.content.as_str()));
    let plain = if html {
        html_to_text(content)
    } else {
        content.to_string()
    };
    let preview: String = plain
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .take(255)
        .collect();
    let body = if text {
        json!({"contentType": "text", "content": plain})
    } else {
        let inner = if html {
            content.to_string()
        } else {
            escape_html(content)
        };
        let document = if inner.trim_start().to_ascii_lowercase().starts_with("<html") {
            inner
        } else {
            format!("<html><head></head><body>{inner}</body></html>")
        };
        json!({"contentType": "html", "content": document})
    };
    (body, preview)
}

/// "The URL to open the event in Outlook on the web", with the id URL-encoded (event resource).
fn web_link(id: &str) -> String {
    let encoded: String = url::form_urlencoded::byte_serialize(id.as_bytes()).collect();
    format!("https://outlook.office365.com/owa/?itemid={encoded}&exvsurl=1&path=/calendar/item")
}

/// A stable iCalUId for an item that has no meeting details (added through the control API).
fn derived_ical_uid(id: &str) -> String {
    let digest = Sha256::digest(id.as_bytes());
    let hex: String = digest[..16].iter().map(|b| format!("{b:02X}")).collect();
    format!("040000008200E00074C5B7101A82E00800000000000000000000000000000000100000000{hex}")
}

/// The whole item.
pub(super) fn render(
    user: &UserRecord,
    stored: &StoredEvent,
    meeting: Option<&Meeting>,
    instance: &Instance,
    view: &View,
) -> Map<String, Value> {
    let e = &stored.event;
    let (body, preview) = body_json(meeting, view.text_body);
    let mut m = Map::new();
    let etag = meeting.map_or_else(
        || stored.id[..stored.id.len().min(16)].to_string(),
        |d| d.change_key.clone(),
    );
    m.insert("@odata.etag".into(), json!(format!("W/\"{etag}\"")));
    m.insert("id".into(), json!(instance.id));
    if let Some(d) = meeting {
        // Items added through the control API have no creation time to report.
        m.insert("createdDateTime".into(), json!(timestamp(Some(d.created))));
        m.insert(
            "lastModifiedDateTime".into(),
            json!(timestamp(Some(d.modified))),
        );
    }
    m.insert("changeKey".into(), json!(etag));
    m.insert(
        "categories".into(),
        json!(meeting.map_or(&[][..], |d| &d.categories[..])),
    );
    // "This property is only returned in a response payload if an app has set it." (event
    // resource, transactionId)
    if let Some(t) = meeting.and_then(|d| d.transaction_id.as_ref()) {
        m.insert("transactionId".into(), json!(t));
    }
    let (start_zone, end_zone) = meeting
        .map_or((e.time_zone.as_str(), e.time_zone.as_str()), |d| {
            (d.original_start_zone.as_str(), d.original_end_zone.as_str())
        });
    m.insert("originalStartTimeZone".into(), json!(start_zone));
    m.insert("originalEndTimeZone".into(), json!(end_zone));
    m.insert(
        "iCalUId".into(),
        json!(meeting.map_or_else(|| derived_ical_uid(&stored.id), |d| d.ical_uid.clone())),
    );
    m.insert("reminderMinutesBeforeStart".into(), json!(15));
    m.insert("isReminderOn".into(), json!(true));
    m.insert("hasAttachments".into(), json!(false));
    m.insert("subject".into(), json!(e.subject));
    m.insert("bodyPreview".into(), json!(preview));
    m.insert("importance".into(), json!("normal"));
    m.insert("sensitivity".into(), json!("normal"));
    m.insert("isAllDay".into(), json!(false));
    m.insert("isCancelled".into(), json!(e.is_cancelled));
    m.insert(
        "isOrganizer".into(),
        json!(meeting.is_none_or(|d| d.is_organizer)),
    );
    m.insert(
        "responseRequested".into(),
        json!(meeting.is_none_or(|d| d.response_requested)),
    );
    m.insert(
        "seriesMasterId".into(),
        instance
            .series_master_id
            .as_ref()
            .map_or(Value::Null, |s| json!(s)),
    );
    m.insert("showAs".into(), json!(e.show_as.wire_name()));
    m.insert("type".into(), json!(instance.kind));
    m.insert("webLink".into(), json!(web_link(&stored.id)));
    m.insert("onlineMeetingUrl".into(), Value::Null);
    m.insert(
        "isOnlineMeeting".into(),
        json!(meeting.is_some_and(|d| d.is_online_meeting)),
    );
    m.insert(
        "onlineMeetingProvider".into(),
        json!(meeting.map_or("unknown", |d| d.provider.wire_name())),
    );
    m.insert(
        "allowNewTimeProposals".into(),
        json!(meeting.is_none_or(|d| d.allow_new_time_proposals)),
    );
    m.insert("isDraft".into(), json!(false));
    m.insert("hideAttendees".into(), json!(false));
    m.insert("recurrence".into(), Value::Null);
    let (response, time) = meeting.map_or((Answer::Organizer, None), |d| {
        (d.own_response, d.own_response_time)
    });
    m.insert(
        "responseStatus".into(),
        json!({"response": response.wire_name(), "time": timestamp(time)}),
    );
    m.insert("body".into(), body);
    m.insert("start".into(), json!(view.zone.format(instance.start)));
    m.insert("end".into(), json!(view.zone.format(instance.end)));
    match meeting.and_then(|d| d.location.as_ref()) {
        // The shapes "Create event" example 1 returns.
        Some(name) => {
            m.insert(
                "location".into(),
                json!({"displayName": name, "locationType": "default", "uniqueId": name, "uniqueIdType": "private"}),
            );
            m.insert(
                "locations".into(),
                json!([{"displayName": name, "locationType": "default", "uniqueIdType": "unknown"}]),
            );
        }
        None => {
            m.insert(
                "location".into(),
                json!({"displayName": "", "locationType": "default", "uniqueIdType": "unknown", "address": {}, "coordinates": {}}),
            );
            m.insert("locations".into(), json!([]));
        }
    }
    let attendees: Vec<Value> = meeting.map_or_else(Vec::new, |d| {
        d.attendees
            .iter()
            .map(|a| {
                json!({
                    "type": a.kind.wire_name(),
                    "status": {"response": a.response.wire_name(), "time": timestamp(a.response_time)},
                    "emailAddress": {"name": a.name.as_deref().unwrap_or(&a.address), "address": a.address},
                })
            })
            .collect()
    });
    m.insert("attendees".into(), Value::Array(attendees));
    let (name, address) = meeting.map_or(
        (user.user.display_name.as_str(), user.user.email.as_str()),
        |d| (d.organizer.name.as_str(), d.organizer.address.as_str()),
    );
    m.insert(
        "organizer".into(),
        json!({"emailAddress": {"name": name, "address": address}}),
    );
    m.insert(
        "onlineMeeting".into(),
        meeting
            .and_then(|d| d.online_meeting.as_ref())
            .map_or(Value::Null, |o| {
                json!({"joinUrl": o.join_url, "conferenceId": o.conference_id, "tollNumber": o.toll_number})
            }),
    );
    m
}

/// Keeps the selected properties (plus `id` and `@odata.etag`, which Graph always returns).
pub(super) fn project(mut m: Map<String, Value>, select: Option<&[String]>) -> Map<String, Value> {
    let Some(select) = select else {
        return m;
    };
    m.retain(|k, _| k == "id" || k == "@odata.etag" || select.iter().any(|s| s == k));
    m
}

/// Adds the expanded extended property, on the items that have it only ("Get
/// singleValueLegacyExtendedProperty", response 1).
pub(super) fn add_expanded(
    m: &mut Map<String, Value>,
    meeting: Option<&Meeting>,
    expand: Option<&ExpandProperty>,
) {
    let (Some(expand), Some(d)) = (expand, meeting) else {
        return;
    };
    if let Some(p) = expand.pick(&d.extended) {
        m.insert(
            "singleValueExtendedProperties".into(),
            json!([{"id": p.id, "value": p.value}]),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn projection_keeps_id_and_etag() {
        let mut m = Map::new();
        for k in ["@odata.etag", "id", "subject", "start"] {
            m.insert(k.into(), json!(1));
        }
        let p = project(m, Some(&["subject".to_string()]));
        let keys: Vec<&str> = p.keys().map(String::as_str).collect();
        assert_eq!(keys, ["@odata.etag", "id", "subject"]);
    }

    #[test]
    fn text_bodies_are_escaped_into_html_and_html_reads_back_as_text() {
        assert_eq!(
            escape_html("Hi <team> & co\nsee you"),
            "Hi &lt;team&gt; &amp; co<br>see you"
        );
        assert_eq!(
            html_to_text("<html><head><title>t</title></head><body><p>a &amp; b</p></body></html>"),
            "a & b"
        );
    }

    #[test]
    fn timestamps_have_seven_digits_and_never_answered_is_year_one() {
        let t = DateTime::parse_from_rfc3339("2017-04-15T03:00:50.7579581Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(timestamp(Some(t)), "2017-04-15T03:00:50.7579581Z");
        assert_eq!(timestamp(None), "0001-01-01T00:00:00Z");
    }

    #[test]
    fn web_link_encodes_the_id() {
        assert_eq!(
            web_link("AAMkAGI1AAAt9AHjAAA="),
            "https://outlook.office365.com/owa/?itemid=AAMkAGI1AAAt9AHjAAA%3D&exvsurl=1&path=/calendar/item"
        );
    }
}
