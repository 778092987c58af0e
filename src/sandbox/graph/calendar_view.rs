//! `GET /v1.0/me/calendarView`: the caller's events in a window, recurring series expanded into
//! occurrences, cancelled ones kept with `isCancelled` (but not meetings their organizer
//! cancelled: those left the calendar), paged by `$top`/`$skip` with `@odata.nextLink`, dateTimes
//! in the `Prefer: outlook.timezone` zone, `$filter`/`$expand` on extended properties.

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
use super::event_json::{self, Instance, View};
use super::event_query;
use super::events::{check_order, filter, next_link, paging};
use super::gate::Caller;
use super::output_zone::OutputZone;
use super::query::Query;
use super::schedule::CALENDAR_READ_SCOPES;

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
        &["$select", "$top", "$skip", "$orderby", "$filter", "$expand"],
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
    let (top, skip) = match paging(&q, crid) {
        Ok(p) => p,
        Err(r) => return r,
    };
    if let Err(r) = check_order(&q, crid) {
        return r;
    }
    let wanted = match filter(&q, crid) {
        Ok(f) => f,
        Err(r) => return r,
    };
    let expand = match q.get("$expand").map(event_query::parse_expand).transpose() {
        Ok(e) => e,
        Err((code, message)) => return bad_request(code, &message, crid),
    };
    let select = match q.select(event_json::SELECTABLE, "microsoft.graph.event", crid) {
        Ok(s) => s,
        Err(r) => return r,
    };
    let zone = OutputZone::from_headers(&headers);
    let body_preference = event_json::body_preference(&headers);
    let view = View {
        zone: &zone,
        text_body: body_preference == Some(true),
    };
    let (user_id, mut events) = {
        let st = shared.lock();
        let Some(user) = st.user_by_id(&caller.user_id) else {
            return bad_request("ErrorItemNotFound", "The mailbox no longer exists.", crid);
        };
        let mut all = Vec::new();
        for stored in &user.events {
            let meeting = st.meetings.details.get(&stored.id);
            // A meeting its organizer cancelled sits in Deleted Items, outside the calendar.
            if meeting.is_some_and(|m| m.deleted) {
                continue;
            }
            if let Some(f) = &wanted {
                let (cats, ext) =
                    meeting.map_or((&[][..], &[][..]), |m| (&m.categories[..], &m.extended[..]));
                if !f.matches(cats, ext) {
                    continue;
                }
            }
            for o in occurrences(&stored.event, from, to) {
                let instance = Instance {
                    id: if o.in_series {
                        URL_SAFE.encode(format!("{}|{}", stored.id, o.local_start))
                    } else {
                        stored.id.clone()
                    },
                    start: o.start,
                    end: o.end,
                    kind: if o.in_series {
                        "occurrence"
                    } else {
                        "singleInstance"
                    },
                    series_master_id: o.in_series.then(|| stored.id.clone()),
                };
                let mut m = event_json::project(
                    event_json::render(user, stored, meeting, &instance, &view),
                    select.as_deref(),
                );
                event_json::add_expanded(&mut m, meeting, expand.as_ref());
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
        .map(|(_, m)| Value::Object(m))
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
    if skip.saturating_add(top) < total {
        body.insert(
            "@odata.nextLink".into(),
            json!(next_link(
                &shared.base_url,
                &uri,
                &q,
                &[
                    "startDateTime",
                    "endDateTime",
                    "$select",
                    "$top",
                    "$orderby",
                    "$filter",
                    "$expand"
                ],
                skip.saturating_add(top),
            )),
        );
    }
    let mut response = axum::Json(Value::Object(body)).into_response();
    zone.mark(&mut response);
    event_json::mark_body_preference(&mut response, body_preference);
    response
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
}
