//! `GET /v1.0/me/calendarView`: the caller's events in a window, recurring series expanded into
//! occurrences, cancelled ones kept with `isCancelled`, paged by `$top`/`$skip` with
//! `@odata.nextLink`, dateTimes in the `Prefer: outlook.timezone` zone.

use std::sync::Arc;

use axum::Extension;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, Uri};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE;
use chrono::{DateTime, FixedOffset, NaiveDateTime, Utc};
use serde_json::{Map, Value, json};

use super::super::expand::occurrences;
use super::super::state::Shared;
use super::errors::bad_request;
use super::gate::Caller;
use super::output_zone::OutputZone;
use super::query::Query;
use super::schedule::CALENDAR_READ_SCOPES;

const EVENT_PROPERTIES: &[&str] = &[
    "id",
    "subject",
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
    "showAs",
    "type",
    "seriesMasterId",
    "webLink",
    "location",
    "locations",
    "organizer",
    "attendees",
    "responseStatus",
    "iCalUId",
    "recurrence",
    "isOnlineMeeting",
    "onlineMeeting",
    "categories",
];

const WINDOW_MISSING: &str = "This request requires a time window specified by the query string parameters StartDateTime and EndDateTime.";

pub(super) async fn calendar_view(
    State(shared): State<Arc<Shared>>,
    Extension(caller): Extension<Caller>,
    headers: HeaderMap,
    uri: Uri,
    RawQuery(raw): RawQuery,
) -> Response {
    let crid = caller.client_request_id.as_deref();
    if let Err(r) = caller.require(CALENDAR_READ_SCOPES) {
        return r;
    }
    let q = match Query::parse(
        raw.as_deref(),
        &["$select", "$top", "$skip", "$orderby"],
        crid,
    ) {
        Ok(q) => q,
        Err(r) => return r,
    };
    let (Some(start_raw), Some(end_raw)) = (q.get("startDateTime"), q.get("endDateTime")) else {
        return bad_request("ErrorInvalidParameter", WINDOW_MISSING, crid);
    };
    let (Some(from), Some(to)) = (parse_instant(start_raw), parse_instant(end_raw)) else {
        return bad_request(
            "ErrorInvalidParameter",
            "startDateTime and endDateTime must be ISO 8601 date-times (an offset such as +01:00 must be URL-encoded as %2B01:00).",
            crid,
        );
    };
    if to <= from {
        return bad_request(
            "ErrorInvalidParameter",
            "endDateTime must be later than startDateTime.",
            crid,
        );
    }
    let top = match q.get("$top").map(str::parse::<usize>) {
        None => 10,
        Some(Ok(n)) if (1..=1000).contains(&n) => n,
        Some(_) => {
            return bad_request(
                "ErrorInvalidParameter",
                "$top must be an integer from 1 to 1000.",
                crid,
            );
        }
    };
    let skip = match q.get("$skip").map(str::parse::<usize>) {
        None => 0,
        Some(Ok(n)) => n,
        Some(Err(_)) => {
            return bad_request(
                "ErrorInvalidParameter",
                "$skip must be a non-negative integer.",
                crid,
            );
        }
    };
    if let Some(order) = q.get("$orderby") {
        let o = order.trim();
        if !(o.eq_ignore_ascii_case("start/dateTime")
            || o.eq_ignore_ascii_case("start/dateTime asc"))
        {
            return bad_request(
                "BadRequest",
                "The sandbox tenant orders calendarView by start/dateTime only.",
                crid,
            );
        }
    }
    let select = match q.select(EVENT_PROPERTIES, "microsoft.graph.event", crid) {
        Ok(s) => s,
        Err(r) => return r,
    };
    let zone = OutputZone::from_headers(&headers);
    let (user_id, mut events) = {
        let st = shared.lock();
        let Some(user) = st.user_by_id(&caller.user_id) else {
            return bad_request("ErrorItemNotFound", "The mailbox no longer exists.", crid);
        };
        let organizer =
            json!({"emailAddress": {"name": user.user.display_name, "address": user.user.email}});
        let mut all = Vec::new();
        for stored in &user.events {
            for o in occurrences(&stored.event, from, to) {
                let e = &stored.event;
                let id = if o.in_series {
                    URL_SAFE.encode(format!("{}|{}", stored.id, o.local_start))
                } else {
                    stored.id.clone()
                };
                let mut m = Map::new();
                m.insert(
                    "@odata.etag".into(),
                    json!(format!("W/\"{}\"", &id[..id.len().min(16)])),
                );
                m.insert("id".into(), json!(id));
                m.insert("subject".into(), json!(e.subject));
                m.insert("bodyPreview".into(), json!(""));
                m.insert("importance".into(), json!("normal"));
                m.insert("sensitivity".into(), json!("normal"));
                m.insert("start".into(), json!(zone.format(o.start)));
                m.insert("end".into(), json!(zone.format(o.end)));
                m.insert("originalStartTimeZone".into(), json!(e.time_zone));
                m.insert("originalEndTimeZone".into(), json!(e.time_zone));
                m.insert("isAllDay".into(), json!(false));
                m.insert("isCancelled".into(), json!(e.is_cancelled));
                m.insert("isOrganizer".into(), json!(true));
                m.insert("showAs".into(), json!(e.show_as.wire_name()));
                m.insert(
                    "type".into(),
                    json!(if o.in_series {
                        "occurrence"
                    } else {
                        "singleInstance"
                    }),
                );
                m.insert(
                    "seriesMasterId".into(),
                    if o.in_series {
                        json!(stored.id)
                    } else {
                        Value::Null
                    },
                );
                m.insert("webLink".into(), json!(format!("https://outlook.office365.com/owa/?itemid={}&exvsurl=1&path=/calendar/item", stored.id)));
                m.insert("location".into(), json!({"displayName": "", "locationType": "default", "uniqueIdType": "unknown", "address": {}, "coordinates": {}}));
                m.insert("locations".into(), json!([]));
                m.insert("organizer".into(), organizer.clone());
                m.insert("attendees".into(), json!([]));
                m.insert(
                    "responseStatus".into(),
                    json!({"response": "organizer", "time": "0001-01-01T00:00:00Z"}),
                );
                m.insert(
                    "iCalUId".into(),
                    json!(format!(
                        "040000008200E00074C5B7101A82E008{}",
                        &stored.id.len()
                    )),
                );
                m.insert("recurrence".into(), Value::Null);
                m.insert("isOnlineMeeting".into(), json!(false));
                m.insert("onlineMeeting".into(), Value::Null);
                m.insert("categories".into(), json!([]));
                all.push((o.start, m));
            }
        }
        (user.id.clone(), all)
    };
    events.sort_by_key(|(start, _)| *start);
    let total = events.len();
    let page: Vec<Value> = events
        .into_iter()
        .skip(skip)
        .take(top)
        .map(|(_, m)| Value::Object(project(m, select.as_deref())))
        .collect();
    let context = match &select {
        Some(s) => format!(
            "{}/v1.0/$metadata#users('{user_id}')/calendarView({})",
            shared.base_url,
            s.join(",")
        ),
        None => format!(
            "{}/v1.0/$metadata#users('{user_id}')/calendarView",
            shared.base_url
        ),
    };
    let mut body = Map::new();
    body.insert("@odata.context".into(), json!(context));
    body.insert("value".into(), Value::Array(page));
    if skip + top < total {
        let mut link = url::form_urlencoded::Serializer::new(String::new());
        link.append_pair("startDateTime", start_raw)
            .append_pair("endDateTime", end_raw);
        for key in ["$select", "$top", "$orderby"] {
            if let Some(v) = q.get(key) {
                link.append_pair(key, v);
            }
        }
        link.append_pair("$skip", &(skip + top).to_string());
        body.insert(
            "@odata.nextLink".into(),
            json!(format!(
                "{}{}?{}",
                shared.base_url,
                uri.path(),
                link.finish()
            )),
        );
    }
    let mut response = axum::Json(Value::Object(body)).into_response();
    zone.mark(&mut response);
    response
}

/// Keeps the selected properties (plus `id` and `@odata.etag`, which Graph always returns).
fn project(mut m: Map<String, Value>, select: Option<&[String]>) -> Map<String, Value> {
    let Some(select) = select else {
        return m;
    };
    m.retain(|k, _| k == "id" || k == "@odata.etag" || select.iter().any(|s| s == k));
    m
}

/// An ISO 8601 date-time; without an offset it means UTC (G-CV).
fn parse_instant(s: &str) -> Option<DateTime<Utc>> {
    if let Ok(t) = DateTime::<FixedOffset>::parse_from_rfc3339(s) {
        return Some(t.with_timezone(&Utc));
    }
    NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f")
        .ok()
        .map(|n| n.and_utc())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn window_bounds_take_offsets_or_mean_utc() {
        assert_eq!(
            parse_instant("2020-01-01T19:00:00-08:00")
                .unwrap()
                .to_rfc3339(),
            "2020-01-02T03:00:00+00:00"
        );
        assert_eq!(
            parse_instant("2020-01-01T19:00:00.0000000")
                .unwrap()
                .to_rfc3339(),
            "2020-01-01T19:00:00+00:00"
        );
        // An unencoded '+' arrives as a space and is refused.
        assert!(parse_instant("2020-01-01T19:00:00 01:00").is_none());
    }

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
}
