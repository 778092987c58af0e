//! `/v1.0/me/events` and `/v1.0/me/calendar/events` (the default calendar either way, "Create
//! event"): create (transactionId de-duplication, meeting requests sent), list (`$filter` on an
//! extended property or a category, `$expand`, `$select`, paging), get, update (meeting updates
//! sent), delete and the cancel action.

use std::sync::Arc;

use axum::Extension;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};

use super::super::meetings::{MeetingError, instant_span};
use super::super::state::{Shared, TenantState};
use super::errors::{bad_request, graph_error};
use super::event_body::{self, Refusal};
use super::event_json::{self, Instance, View};
use super::event_query::{self, EventFilter, ExpandProperty};
use super::gate::Caller;
use super::output_zone::OutputZone;
use super::query::Query;
use super::schedule::CALENDAR_READ_SCOPES;

/// Creating, updating, cancelling and deleting events: "Calendars.ReadWrite" is the only
/// delegated permission the pages list ("Create event", "Update event", "event: cancel").
const CALENDAR_WRITE_SCOPES: &[&str] = &["Calendars.ReadWrite"];

/// Outlook collections page at 10 items by default.
const DEFAULT_PAGE: usize = 10;

fn not_found(crid: Option<&str>) -> Response {
    graph_error(
        StatusCode::NOT_FOUND,
        "ErrorItemNotFound",
        "The specified object was not found in the store.",
        crid,
    )
}

fn refusal((code, message): Refusal, crid: Option<&str>) -> Response {
    bad_request(code, &message, crid)
}

fn meeting_error(e: MeetingError, crid: Option<&str>) -> Response {
    match e {
        MeetingError::NotFound => not_found(crid),
        // "An attendee calling this action gets an error (HTTP 400 Bad Request), with the
        // following error message: 'Your request can't be completed. You need to be an organizer
        // to cancel a meeting.'" ("event: cancel"; the code is not documented.)
        MeetingError::NotOrganizer => bad_request(
            "ErrorAccessDenied",
            "Your request can't be completed. You need to be an organizer to cancel a meeting.",
            crid,
        ),
        MeetingError::Refused { code, message } => bad_request(code, &message, crid),
    }
}

/// The JSON body of a write, refused like getSchedule refuses a body that is not JSON.
pub(super) fn json_body(
    headers: &HeaderMap,
    body: &Bytes,
    crid: Option<&str>,
) -> Result<Value, Response> {
    let is_json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("application/json"));
    if !is_json {
        return Err(graph_error(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "UnsupportedMediaType",
            "The request body must be JSON with Content-Type: application/json.",
            crid,
        ));
    }
    serde_json::from_slice(body)
        .map_err(|e| bad_request("RequestBodyRead", &format!("Invalid JSON: {e}"), crid))
}

/// `$select`, `$expand` and the preferences that shape how items are shown.
struct Shape {
    select: Option<Vec<String>>,
    expand: Option<ExpandProperty>,
    zone: OutputZone,
    body_preference: Option<bool>,
}

impl Shape {
    /// The shape asked for by a query string that may carry only `allowed` parameters.
    fn from_query(
        raw: Option<&str>,
        allowed: &[&str],
        headers: &HeaderMap,
        crid: Option<&str>,
    ) -> Result<Shape, Response> {
        Query::parse(raw, allowed, crid).and_then(|q| Shape::read(&q, headers, crid))
    }

    fn read(q: &Query, headers: &HeaderMap, crid: Option<&str>) -> Result<Shape, Response> {
        let select = q.select(event_json::SELECTABLE, "microsoft.graph.event", crid)?;
        let expand = q
            .get("$expand")
            .map(event_query::parse_expand)
            .transpose()
            .map_err(|r| refusal(r, crid))?;
        Ok(Shape {
            select,
            expand,
            zone: OutputZone::from_headers(headers),
            body_preference: event_json::body_preference(headers),
        })
    }

    fn view(&self) -> View<'_> {
        View {
            zone: &self.zone,
            text_body: self.body_preference == Some(true),
        }
    }

    fn finish(&self, mut response: Response) -> Response {
        self.zone.mark(&mut response);
        event_json::mark_body_preference(&mut response, self.body_preference);
        response
    }
}

/// One item of the caller's calendar as Graph shows it, or `None` when it has no such item.
fn item_json(
    st: &TenantState,
    user_id: &str,
    event_id: &str,
    shape: &Shape,
) -> Option<Map<String, Value>> {
    let user = st.user_by_id(user_id)?;
    let stored = user.events.iter().find(|e| e.id == event_id)?;
    let meeting = st.meetings.details.get(event_id);
    let (start, end) = instant_span(&stored.event)?;
    let instance = Instance {
        id: stored.id.clone(),
        start,
        end,
        kind: if stored.event.recurrence.is_some() {
            "seriesMaster"
        } else {
            "singleInstance"
        },
        series_master_id: None,
    };
    let mut m = event_json::project(
        event_json::render(user, stored, meeting, &instance, &shape.view()),
        shape.select.as_deref(),
    );
    event_json::add_expanded(&mut m, meeting, shape.expand.as_ref());
    Some(m)
}

fn entity_context(base: &str, user_id: &str, select: Option<&[String]>) -> String {
    match select {
        Some(s) => format!(
            "{base}/v1.0/$metadata#users('{user_id}')/events({})/$entity",
            s.join(",")
        ),
        None => format!("{base}/v1.0/$metadata#users('{user_id}')/events/$entity"),
    }
}

/// An item as the answer to a request.
fn item_response(
    shared: &Shared,
    caller: &Caller,
    event_id: &str,
    shape: &Shape,
    status: StatusCode,
) -> Response {
    let crid = caller.client_request_id.as_deref();
    let Some(item) = item_json(&shared.lock(), &caller.user_id, event_id, shape) else {
        return not_found(crid);
    };
    let mut body = Map::new();
    body.insert(
        "@odata.context".into(),
        json!(entity_context(
            &shared.base_url,
            &caller.user_id,
            shape.select.as_deref()
        )),
    );
    body.extend(item);
    shape.finish((status, axum::Json(Value::Object(body))).into_response())
}

/// `POST /me/events`: 201 and the event. A transactionId the organizer already used answers with
/// the existing event, still 201: Microsoft documents the de-duplication ("avoid redundant POST
/// operations in case of client retries") but not the status of a repeat.
pub(super) async fn create(
    State(shared): State<Arc<Shared>>,
    Extension(caller): Extension<Caller>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
    body: Bytes,
) -> Response {
    let crid = caller.client_request_id.as_deref();
    if let Err(r) = caller.require(CALENDAR_WRITE_SCOPES) {
        return r;
    }
    let shape = match Shape::from_query(raw.as_deref(), &["$select"], &headers, crid) {
        Ok(s) => s,
        Err(r) => return r,
    };
    let draft = match json_body(&headers, &body, crid)
        .and_then(|v| event_body::parse_create(&v).map_err(|r| refusal(r, crid)))
    {
        Ok(d) => d,
        Err(r) => return r,
    };
    let created = shared.lock().create_meeting(&caller.user_id, draft);
    match created {
        Ok((id, _)) => item_response(&shared, &caller, &id, &shape, StatusCode::CREATED),
        Err(e) => meeting_error(e, crid),
    }
}

/// `GET /me/events/{id}`, with `$select` and `$expand`.
pub(super) async fn get_one(
    State(shared): State<Arc<Shared>>,
    Extension(caller): Extension<Caller>,
    headers: HeaderMap,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Response {
    let crid = caller.client_request_id.as_deref();
    if let Err(r) = caller.require(CALENDAR_READ_SCOPES) {
        return r;
    }
    let shape = match Shape::from_query(raw.as_deref(), &["$select", "$expand"], &headers, crid) {
        Ok(s) => s,
        Err(r) => return r,
    };
    item_response(&shared, &caller, &id, &shape, StatusCode::OK)
}

/// `PATCH /me/events/{id}`: 200 and the updated event ("Update event").
pub(super) async fn update(
    State(shared): State<Arc<Shared>>,
    Extension(caller): Extension<Caller>,
    headers: HeaderMap,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
    body: Bytes,
) -> Response {
    let crid = caller.client_request_id.as_deref();
    if let Err(r) = caller.require(CALENDAR_WRITE_SCOPES) {
        return r;
    }
    let shape = match Shape::from_query(raw.as_deref(), &["$select"], &headers, crid) {
        Ok(s) => s,
        Err(r) => return r,
    };
    let changes = match json_body(&headers, &body, crid)
        .and_then(|v| event_body::parse_update(&v).map_err(|r| refusal(r, crid)))
    {
        Ok(c) => c,
        Err(r) => return r,
    };
    let updated = shared.lock().update_meeting(&caller.user_id, &id, changes);
    match updated {
        Ok(()) => item_response(&shared, &caller, &id, &shape, StatusCode::OK),
        Err(e) => meeting_error(e, crid),
    }
}

/// `DELETE /me/events/{id}`: 204 ("Delete event").
pub(super) async fn delete(
    State(shared): State<Arc<Shared>>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
) -> Response {
    let crid = caller.client_request_id.as_deref();
    if let Err(r) = caller.require(CALENDAR_WRITE_SCOPES) {
        return r;
    }
    let deleted = shared.lock().delete_event(&caller.user_id, &id);
    match deleted {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(e) => meeting_error(e, crid),
    }
}

/// `POST /me/events/{id}/cancel` with an optional `Comment`: 202 and no body ("event: cancel").
pub(super) async fn cancel(
    State(shared): State<Arc<Shared>>,
    Extension(caller): Extension<Caller>,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    let crid = caller.client_request_id.as_deref();
    if let Err(r) = caller.require(CALENDAR_WRITE_SCOPES) {
        return r;
    }
    if !body.iter().all(u8::is_ascii_whitespace)
        && let Err(r) = json_body(&headers, &body, crid)
    {
        return r;
    }
    let comment = match event_body::parse_cancel(&body) {
        Ok(c) => c,
        Err(r) => return refusal(r, crid),
    };
    let cancelled = shared
        .lock()
        .cancel_meeting(&caller.user_id, &id, comment.as_deref());
    match cancelled {
        Ok(()) => StatusCode::ACCEPTED.into_response(),
        Err(e) => meeting_error(e, crid),
    }
}

/// `$top` (1–1000, default 10) and `$skip`.
pub(super) fn paging(q: &Query, crid: Option<&str>) -> Result<(usize, usize), Response> {
    let top = match q.get("$top").map(str::parse::<usize>) {
        None => DEFAULT_PAGE,
        Some(Ok(n)) if (1..=1000).contains(&n) => n,
        Some(_) => {
            return Err(bad_request(
                "ErrorInvalidParameter",
                "$top must be an integer from 1 to 1000.",
                crid,
            ));
        }
    };
    let skip = match q.get("$skip").map(str::parse::<usize>) {
        None => 0,
        Some(Ok(n)) => n,
        Some(Err(_)) => {
            return Err(bad_request(
                "ErrorInvalidParameter",
                "$skip must be a non-negative integer.",
                crid,
            ));
        }
    };
    Ok((top, skip))
}

/// The sandbox orders by start only (ascending).
pub(super) fn check_order(q: &Query, crid: Option<&str>) -> Result<(), Response> {
    if let Some(order) = q.get("$orderby") {
        let o = order.trim();
        if !(o.eq_ignore_ascii_case("start/dateTime")
            || o.eq_ignore_ascii_case("start/dateTime asc"))
        {
            return Err(bad_request(
                "BadRequest",
                "The sandbox tenant orders events by start/dateTime only.",
                crid,
            ));
        }
    }
    Ok(())
}

/// The `$filter`, parsed.
pub(super) fn filter(q: &Query, crid: Option<&str>) -> Result<Option<EventFilter>, Response> {
    q.get("$filter")
        .map(event_query::parse_filter)
        .transpose()
        .map_err(|r| refusal(r, crid))
}

/// The link to the next page: the same query with `$skip` moved on.
pub(super) fn next_link(
    base: &str,
    uri: &Uri,
    q: &Query,
    keys: &[&str],
    next_skip: usize,
) -> String {
    let mut link = url::form_urlencoded::Serializer::new(String::new());
    for key in keys {
        if let Some(v) = q.get(key) {
            link.append_pair(key, v);
        }
    }
    link.append_pair("$skip", &next_skip.to_string());
    format!("{base}{}?{}", uri.path(), link.finish())
}

/// `GET /me/events`: single items and series masters of the calendar ("List events"), by start.
pub(super) async fn list(
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
    let (shape, (top, skip), wanted) = match Shape::read(&q, &headers, crid).and_then(|s| {
        let p = paging(&q, crid)?;
        check_order(&q, crid)?;
        Ok((s, p, filter(&q, crid)?))
    }) {
        Ok(v) => v,
        Err(r) => return r,
    };
    let mut items = {
        let st = shared.lock();
        let Some(user) = st.user_by_id(&caller.user_id) else {
            return not_found(crid);
        };
        user.events
            .iter()
            .filter_map(|stored| {
                let meeting = st.meetings.details.get(&stored.id);
                if meeting.is_some_and(|m| m.deleted) {
                    return None;
                }
                if let Some(f) = &wanted {
                    let (cats, ext) = meeting
                        .map_or((&[][..], &[][..]), |m| (&m.categories[..], &m.extended[..]));
                    if !f.matches(cats, ext) {
                        return None;
                    }
                }
                let start = instant_span(&stored.event)?.0;
                Some((start, item_json(&st, &caller.user_id, &stored.id, &shape)?))
            })
            .collect::<Vec<_>>()
    };
    items.sort_by_key(|(start, _)| *start);
    let total = items.len();
    let page: Vec<Value> = items
        .into_iter()
        .skip(skip)
        .take(top)
        .map(|(_, m)| Value::Object(m))
        .collect();
    let mut body = Map::new();
    body.insert(
        "@odata.context".into(),
        json!(format!(
            "{}/v1.0/$metadata#users('{}')/events",
            shared.base_url, caller.user_id
        )),
    );
    body.insert("value".into(), Value::Array(page));
    if skip.saturating_add(top) < total {
        body.insert(
            "@odata.nextLink".into(),
            json!(next_link(
                &shared.base_url,
                &uri,
                &q,
                &["$select", "$top", "$orderby", "$filter", "$expand"],
                skip.saturating_add(top),
            )),
        );
    }
    shape.finish(axum::Json(Value::Object(body)).into_response())
}
