//! `POST /v1.0/me/calendar/getSchedule`: free/busy of up to 20 mailboxes, an availabilityView
//! digit per interval (highest-severity status wins), the items and the working hours.

use std::sync::Arc;

use axum::Extension;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Duration, Utc, Weekday};
use serde_json::{Value, json};

use super::super::expand::occurrences;
use super::super::model::{SandboxWorkingHours, SandboxZone, ShowAs};
use super::super::odd_mailboxes::{MailboxKind, UNRESOLVED_CODE, unresolved_message};
use super::super::state::{Shared, TenantState, UserRecord};
use super::errors::{bad_request, graph_error};
use super::gate::Caller;
use super::output_zone::OutputZone;
use super::schedule_request::{self, ScheduleRequest};
use super::wire::{
    FreeBusyError, ScheduleCollection, ScheduleInformation, ScheduleItem, WorkingHours,
};

pub(super) const CALENDAR_READ_SCOPES: &[&str] = &[
    "Calendars.Read",
    "Calendars.ReadWrite",
    "Calendars.Read.Shared",
    "Calendars.ReadWrite.Shared",
];

pub(super) async fn get_schedule(
    State(shared): State<Arc<Shared>>,
    Extension(caller): Extension<Caller>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let crid = caller.client_request_id.as_deref();
    if let Err(r) = caller.require(CALENDAR_READ_SCOPES) {
        return r;
    }
    let is_json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("application/json"));
    if !is_json {
        return graph_error(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "UnsupportedMediaType",
            "The request body must be JSON with Content-Type: application/json.",
            crid,
        );
    }
    let parsed = serde_json::from_slice::<Value>(&body)
        .map_err(|e| ("RequestBodyRead", format!("Invalid JSON: {e}")))
        .and_then(|v| schedule_request::parse(&v));
    let request = match parsed {
        Ok(r) => r,
        Err((code, message)) => return bad_request(code, &message, crid),
    };
    let zone = OutputZone::from_headers(&headers);
    let value = {
        let st = shared.lock();
        request
            .schedules
            .iter()
            .map(|address| answer_for(&st, address, &request, &zone, &caller))
            .collect()
    };
    let body = ScheduleCollection {
        context: format!(
            "{}/v1.0/$metadata#Collection(microsoft.graph.scheduleInformation)",
            shared.base_url
        ),
        value,
    };
    let mut response = axum::Json(body).into_response();
    zone.mark(&mut response);
    response
}

/// One address's answer: an ordinary mailbox, a list, a merged-only mailbox, or one the
/// directory cannot resolve (see `odd_mailboxes` for the sources of each shape).
fn answer_for(
    st: &TenantState,
    address: &str,
    request: &ScheduleRequest,
    zone: &OutputZone,
    caller: &Caller,
) -> ScheduleInformation {
    match (st.mailbox_kind(address), st.user_by_email(address)) {
        (Some(MailboxKind::DistributionList { members }), _) => {
            let blocks: Vec<Block> = members
                .iter()
                .filter_map(|m| st.user_by_email(m))
                .flat_map(|u| blocks_of(u, request))
                .collect();
            merged_only(address, &blocks, request)
        }
        (Some(kind), Some(_)) if kind.mailbox_unreachable() => unresolved(address),
        (Some(MailboxKind::MergedOnly), Some(user)) => {
            merged_only(address, &blocks_of(user, request), request)
        }
        (_, Some(user)) => information(user, address, request, zone, user.id == caller.user_id),
        (_, None) => unresolved(address),
    }
}

/// An address the directory cannot resolve: `scheduleId` and `error` only.
fn unresolved(address: &str) -> ScheduleInformation {
    ScheduleInformation {
        schedule_id: address.to_string(),
        availability_view: None,
        schedule_items: None,
        working_hours: None,
        error: Some(FreeBusyError {
            message: unresolved_message(address),
            response_code: UNRESOLVED_CODE.to_string(),
        }),
    }
}

/// The merged view alone: no items, no working hours.
fn merged_only(address: &str, blocks: &[Block], request: &ScheduleRequest) -> ScheduleInformation {
    ScheduleInformation {
        schedule_id: address.to_string(),
        availability_view: Some(availability_view(
            blocks,
            request.start,
            request.end,
            request.interval_minutes,
        )),
        schedule_items: Some(Vec::new()),
        working_hours: None,
        error: None,
    }
}

/// A busy block of the mailbox, in UTC.
struct Block {
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    status: ShowAs,
    subject: String,
}

/// The mailbox's busy blocks that overlap the request, in start order.
fn blocks_of(user: &UserRecord, request: &ScheduleRequest) -> Vec<Block> {
    let mut blocks: Vec<Block> = user
        .events
        .iter()
        .filter(|e| !e.event.is_cancelled)
        .flat_map(|e| {
            occurrences(&e.event, request.start, request.end)
                .into_iter()
                .map(|o| Block {
                    start: o.start,
                    end: o.end,
                    status: e.event.show_as,
                    subject: e.event.subject.clone(),
                })
        })
        .collect();
    blocks.sort_by_key(|b| (b.start, b.end));
    blocks
}

fn information(
    user: &UserRecord,
    address: &str,
    request: &ScheduleRequest,
    zone: &OutputZone,
    own: bool,
) -> ScheduleInformation {
    let blocks = blocks_of(user, request);
    let view = availability_view(
        &blocks,
        request.start,
        request.end,
        request.interval_minutes,
    );
    let schedule_items = blocks
        .iter()
        .map(|b| ScheduleItem {
            // Details only for the caller's own calendar: other mailboxes share free/busy only.
            is_private: own.then_some(false),
            status: b.status.wire_name(),
            subject: own.then(|| b.subject.clone()),
            location: own.then(String::new),
            start: zone.format(b.start),
            end: zone.format(b.end),
        })
        .collect();
    ScheduleInformation {
        schedule_id: address.to_string(),
        availability_view: Some(view),
        schedule_items: Some(schedule_items),
        working_hours: user.user.working_hours.as_ref().map(working_hours),
        error: None,
    }
}

/// Severity for merging overlapping items into one digit; the digit itself is Graph's code.
/// Working elsewhere is written `0`, as the service does: "Working elsewhere is set to 0 instead
/// of 4 for backward compatibility" ("scheduleInformation resource type", availabilityView).
fn severity_and_digit(s: ShowAs) -> Option<(u8, char)> {
    match s {
        ShowAs::Free => Some((0, '0')),
        ShowAs::WorkingElsewhere => Some((1, '0')),
        ShowAs::Tentative => Some((2, '1')),
        ShowAs::Busy => Some((3, '2')),
        ShowAs::Oof => Some((4, '3')),
        ShowAs::Unknown => None,
    }
}

fn availability_view(
    blocks: &[Block],
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    interval_minutes: i64,
) -> String {
    let step = Duration::minutes(interval_minutes);
    let mut out = String::new();
    let mut slot = start;
    while slot < end {
        let slot_end = (slot + step).min(end);
        let digit = blocks
            .iter()
            .filter(|b| b.start < slot_end && b.end > slot)
            .filter_map(|b| severity_and_digit(b.status))
            .max_by_key(|(sev, _)| *sev)
            .map_or('0', |(_, d)| d);
        out.push(digit);
        slot = slot_end;
    }
    out
}

fn day_name(d: Weekday) -> &'static str {
    match d {
        Weekday::Mon => "monday",
        Weekday::Tue => "tuesday",
        Weekday::Wed => "wednesday",
        Weekday::Thu => "thursday",
        Weekday::Fri => "friday",
        Weekday::Sat => "saturday",
        Weekday::Sun => "sunday",
    }
}

fn time_of_day(t: chrono::NaiveTime) -> String {
    format!("{}.0000000", t.format("%H:%M:%S"))
}

fn working_hours(w: &SandboxWorkingHours) -> WorkingHours {
    let time_zone = match &w.zone {
        SandboxZone::Named(name) => json!({ "name": name }),
        SandboxZone::Custom {
            bias,
            standard,
            daylight,
        } => json!({
            "@odata.type": "#microsoft.graph.customTimeZone",
            "bias": bias,
            "name": "Customized Time Zone",
            "standardOffset": {
                "time": time_of_day(standard.time),
                "dayOccurrence": standard.day_occurrence,
                "dayOfWeek": day_name(standard.day_of_week),
                "month": standard.month,
                "year": 0
            },
            "daylightOffset": {
                "daylightBias": daylight.daylight_bias,
                "time": time_of_day(daylight.time),
                "dayOccurrence": daylight.day_occurrence,
                "dayOfWeek": day_name(daylight.day_of_week),
                "month": daylight.month,
                "year": 0
            }
        }),
    };
    WorkingHours {
        days_of_week: w.days.iter().copied().map(day_name).collect(),
        start_time: time_of_day(w.start),
        end_time: time_of_day(w.end),
        time_zone,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(h: u32, m: u32) -> DateTime<Utc> {
        chrono::NaiveDate::from_ymd_opt(2026, 3, 2)
            .unwrap()
            .and_hms_opt(h, m, 0)
            .unwrap()
            .and_utc()
    }

    fn block(a: DateTime<Utc>, b: DateTime<Utc>, status: ShowAs) -> Block {
        Block {
            start: a,
            end: b,
            status,
            subject: String::new(),
        }
    }

    #[test]
    fn view_takes_the_most_severe_status_per_interval() {
        let blocks = [
            block(t(9, 0), t(10, 0), ShowAs::Tentative),
            block(t(9, 30), t(10, 15), ShowAs::Busy),
            block(t(11, 0), t(12, 0), ShowAs::WorkingElsewhere),
            block(t(12, 0), t(13, 0), ShowAs::Oof),
            block(t(12, 0), t(13, 0), ShowAs::Free),
        ];
        // 09-10: busy wins; 10-11: busy until 10:15; 11-12: elsewhere, written 0 as the service
        // does; 12-13: oof; 13-14: free.
        assert_eq!(availability_view(&blocks, t(9, 0), t(14, 0), 60), "22030");
        // A trailing partial interval still gets a digit.
        assert_eq!(availability_view(&blocks, t(9, 0), t(9, 45), 30), "12");
    }

    #[test]
    fn custom_zone_working_hours_have_graphs_shape() {
        use super::super::super::model::{DaylightOffset, StandardOffset};
        let w = SandboxWorkingHours {
            days: vec![Weekday::Mon, Weekday::Fri],
            start: chrono::NaiveTime::from_hms_opt(8, 0, 0).unwrap(),
            end: chrono::NaiveTime::from_hms_opt(17, 0, 0).unwrap(),
            zone: SandboxZone::Custom {
                bias: 480,
                standard: StandardOffset {
                    month: 11,
                    day_occurrence: 1,
                    day_of_week: Weekday::Sun,
                    time: chrono::NaiveTime::from_hms_opt(2, 0, 0).unwrap(),
                },
                daylight: DaylightOffset {
                    month: 3,
                    day_occurrence: 2,
                    day_of_week: Weekday::Sun,
                    time: chrono::NaiveTime::from_hms_opt(2, 0, 0).unwrap(),
                    daylight_bias: -60,
                },
            },
        };
        let v = serde_json::to_value(working_hours(&w)).unwrap();
        assert_eq!(v["daysOfWeek"], json!(["monday", "friday"]));
        assert_eq!(v["startTime"], "08:00:00.0000000");
        assert_eq!(
            v["timeZone"]["@odata.type"],
            "#microsoft.graph.customTimeZone"
        );
        assert_eq!(v["timeZone"]["daylightOffset"]["daylightBias"], -60);
        assert_eq!(v["timeZone"]["standardOffset"]["dayOfWeek"], "sunday");
    }
}
