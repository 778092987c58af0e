//! One `scheduleInformation` of a getSchedule answer read into one person's free/busy, as the
//! service really answers ("calendar: getSchedule", "scheduleInformation resource type",
//! "workingHours resource type", "customTimeZone resource type"):
//!
//! - an `error` ("Unable to resolve e-mail address ... to an Active Directory object.", with
//!   `responseCode` 5009; microsoftgraph/microsoft-graph-docs issue 11225) means this schedule
//!   could not be read: its message, then its code;
//! - no `scheduleItems` but an `availabilityView` (a distribution list, a mailbox shared only as
//!   merged free/busy): busy time is read from the view, one digit per requested interval:
//!   `0` free (working elsewhere is written `0` too, "for backward compatibility"), `1`
//!   tentative, `2` busy, `3` out of office, `4` working elsewhere; any other digit is unknown
//!   and blocks;
//! - an item that cannot be read (no times, a zone nobody knows) costs that item: its time is
//!   taken from the view when there is one; a null or unknown `status` blocks;
//! - working hours that cannot be read (a null `startTime`, `dayOccurrence` -1, an unknown
//!   zone) cost that person's working hours, with the reason, never the whole answer;
//! - neither items, nor view, nor error: nothing is known, so nothing is assumed free.
//!
//! Pure: no I/O; the window and the interval are those of the request.

use chrono::{DateTime, NaiveDateTime, NaiveTime, TimeDelta, Utc, Weekday};

use crate::graph::model::{
    DateTimeTimeZone, FreeBusyError, ScheduleInformation, ScheduleItem, WorkingHoursZone,
    ZoneTransition,
};
use crate::schedule::{
    self, BusyItem, BusyStatus, CustomZone, Interval, TransitionRule, WorkZone, WorkingHours,
};

/// What one schedule of the answer says about one person.
#[derive(Debug, Default)]
pub struct PersonAnswer {
    pub busy: Vec<BusyItem>,
    pub working_hours: Option<WorkingHours>,
    /// Why the working hours in the answer could not be used.
    pub hours_unreadable: Option<String>,
    /// Why this schedule could not be read at all (Microsoft's message and code).
    pub error: Option<String>,
    /// For people: what was read in an unusual way (a merged view, skipped items).
    pub warnings: Vec<String>,
}

/// Reads `info`, asked for over `window` with `interval` minutes per view digit.
pub fn read(info: &ScheduleInformation, window: Interval, interval: TimeDelta) -> PersonAnswer {
    let who = crate::redact::one_line(&info.schedule_id, 120);
    let mut person = PersonAnswer::default();
    if let Some(error) = &info.error {
        person.error = Some(describe_error(error));
        return person;
    }
    let (items, view) = (&info.schedule_items, &info.availability_view);
    if items.is_none() && view.is_none() {
        person.error = Some("the answer has neither calendar items nor free/busy for it".into());
        return person;
    }
    let mut unreadable = Vec::new();
    for raw in items.iter().flatten() {
        match item(raw) {
            Ok(b) => person.busy.push(b),
            Err(e) => unreadable.push(e),
        }
    }
    let minutes = interval.num_minutes();
    let from_view = view
        .as_deref()
        .map(|v| busy_from_view(v, window, interval))
        .unwrap_or_default();
    let no_items = items.as_ref().is_none_or(Vec::is_empty);
    if no_items && from_view.iter().any(|b| b.status != BusyStatus::Free) {
        person.warnings.push(format!(
            "{who}: only merged free/busy, no calendar items (a distribution list, or a mailbox shared only as merged free/busy); its busy time is read in {minutes}-minute steps"
        ));
        person.busy.extend(from_view);
    } else if let Some(first) = unreadable.first() {
        let n = unreadable.len();
        let what = if n == 1 {
            "a calendar item".to_owned()
        } else {
            format!("{n} calendar items")
        };
        if view.is_some() {
            person.warnings.push(format!(
                "{who}: could not read {what} ({first}); the time is taken from the merged free/busy in {minutes}-minute steps"
            ));
            person.busy.extend(from_view);
        } else {
            person.warnings.push(format!(
                "{who}: could not read {what} ({first}), and the answer has no merged free/busy: that time is not known"
            ));
        }
    }
    match info.working_hours.as_ref().filter(|v| !v.is_null()) {
        None => {}
        Some(raw) => match serde_json::from_value(raw.clone())
            .map_err(|e| e.to_string())
            .and_then(|h| working_hours(&h))
        {
            Ok(h) => person.working_hours = Some(h),
            Err(e) => person.hours_unreadable = Some(crate::redact::one_line(&e, 200)),
        },
    }
    person
}

/// Microsoft's `message`, then `responseCode` in brackets.
fn describe_error(error: &FreeBusyError) -> String {
    let clean = |t: &Option<String>| {
        t.as_deref()
            .map(|t| crate::redact::one_line(t.trim(), 300))
            .filter(|t| !t.is_empty())
    };
    match (clean(&error.message), clean(&error.response_code)) {
        (Some(m), Some(c)) => format!("{m} ({c})"),
        (Some(m), None) => m,
        (None, Some(c)) => format!("Microsoft 365 gave no free/busy ({c})"),
        (None, None) => "Microsoft 365 gave no free/busy information".into(),
    }
}

/// The status of one `availabilityView` digit ("scheduleInformation resource type"; 4 is
/// `freeBusyStatus.workingElsewhere`).
fn view_status(digit: char) -> BusyStatus {
    match digit {
        '0' => BusyStatus::Free,
        '1' => BusyStatus::Tentative,
        '2' => BusyStatus::Busy,
        '3' => BusyStatus::Oof,
        '4' => BusyStatus::WorkingElsewhere,
        _ => BusyStatus::Unknown,
    }
}

/// The view as items, one per run of equal digits; digit `i` covers `[start + i × interval,
/// start + (i+1) × interval)`, cut at the window's end. Digits past the window are ignored.
pub fn busy_from_view(view: &str, window: Interval, interval: TimeDelta) -> Vec<BusyItem> {
    let mut out: Vec<BusyItem> = Vec::new();
    if interval <= TimeDelta::zero() {
        return out;
    }
    let mut slot_start = window.start;
    for digit in view.chars() {
        if slot_start >= window.end {
            break;
        }
        let slot_end = slot_start
            .checked_add_signed(interval)
            .map_or(window.end, |e| e.min(window.end));
        let status = view_status(digit);
        match out.last_mut() {
            Some(last) if last.status == status && last.interval.end == slot_start => {
                last.interval.end = slot_end;
            }
            _ => out.push(BusyItem::new(slot_start, slot_end, status)),
        }
        slot_start = slot_end;
    }
    out
}

fn item(raw: &serde_json::Value) -> Result<BusyItem, String> {
    let item: ScheduleItem = serde_json::from_value(raw.clone())
        .map_err(|e| crate::redact::one_line(&e.to_string(), 200))?;
    let (start, end) = (instant(&item.start)?, instant(&item.end)?);
    if end < start {
        return Err("it ends before it starts".into());
    }
    // A null or unknown status blocks: BusyStatus::Unknown.
    let status = BusyStatus::from_graph(item.status.as_deref().unwrap_or(""));
    Ok(BusyItem::new(start, end, status))
}

/// A zone name as Graph writes it: Windows and IANA names, and Exchange's `tzone://Microsoft/`
/// ids: `tzone://Microsoft/Utc` is UTC (seen in answers, e.g. events' `originalStartTimeZone`),
/// `tzone://Microsoft/Custom` a legacy custom zone whose rules must come with it ("event
/// resource type", originalStartTimeZone), and any other `tzone://Microsoft/NAME` is NAME.
pub fn zone_by_name(name: &str) -> Result<WorkZone, String> {
    const PREFIX: &str = "tzone://microsoft/";
    let trimmed = name.trim();
    let rest = trimmed
        .get(..PREFIX.len())
        .filter(|p| p.eq_ignore_ascii_case(PREFIX))
        .map(|_| &trimmed[PREFIX.len()..]);
    let name = match rest {
        Some(r) if r.eq_ignore_ascii_case("utc") => "UTC",
        Some(r) if r.eq_ignore_ascii_case("custom") => "Customized Time Zone",
        Some(r) => r,
        None => trimmed,
    };
    schedule::resolve_zone_name(name).map_err(|e| match e {
        // Microsoft's data, not the user's input: no advice on what to type.
        schedule::ZoneError::Unknown { name, .. } => {
            format!("unknown time zone `{}`", crate::redact::one_line(&name, 60))
        }
        other => other.to_string(),
    })
}

/// A Graph dateTimeTimeZone (7 fractional digits, no offset, or a trailing `Z`) as an instant.
pub fn instant(value: &DateTimeTimeZone) -> Result<DateTime<Utc>, String> {
    let text = value.date_time.trim();
    let (text, utc) = match text.strip_suffix('Z') {
        Some(t) => (t, true),
        None => (text, false),
    };
    let local = NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f").map_err(|e| {
        format!(
            "bad dateTime `{}`: {e}",
            crate::redact::one_line(&value.date_time, 60)
        )
    })?;
    if utc || value.time_zone.trim().is_empty() || value.time_zone.eq_ignore_ascii_case("UTC") {
        return Ok(local.and_utc());
    }
    let zone = zone_by_name(&value.time_zone)?;
    schedule::local_time::resolve_local_forward(&zone, local)
        .ok_or_else(|| format!("dateTime `{text}` is out of range"))
}

fn working_hours(hours: &crate::graph::model::WorkingHours) -> Result<WorkingHours, String> {
    let days = hours
        .days_of_week
        .iter()
        .flatten()
        .map(|d| weekday(d.as_deref()))
        .collect::<Result<Vec<_>, _>>()?;
    let zone = match &hours.time_zone {
        None => WorkZone::Tz(chrono_tz::UTC),
        Some(zone) => work_zone(zone)?,
    };
    Ok(WorkingHours {
        days,
        start: time_of_day(hours.start_time.as_deref(), "startTime")?,
        end: time_of_day(hours.end_time.as_deref(), "endTime")?,
        zone,
    })
}

/// Minutes of a bias: within a day either way, or the zone is not one.
fn bias(value: Option<i64>, what: &str) -> Result<i32, String> {
    let v = value.unwrap_or(0);
    if v.abs() > 24 * 60 {
        return Err(format!("{what} {v} is not a time-zone bias in minutes"));
    }
    i32::try_from(v).map_err(|_| format!("{what} {v} is out of range"))
}

fn work_zone(zone: &WorkingHoursZone) -> Result<WorkZone, String> {
    let custom =
        zone.bias.is_some() || zone.standard_offset.is_some() || zone.daylight_offset.is_some();
    if custom {
        return Ok(WorkZone::Custom(CustomZone {
            bias_minutes: bias(zone.bias, "bias")?,
            standard: zone
                .standard_offset
                .as_ref()
                .map(|t| transition(t, t.standard_bias, "standardOffset"))
                .transpose()?,
            daylight: zone
                .daylight_offset
                .as_ref()
                .map(|t| transition(t, t.daylight_bias, "daylightOffset"))
                .transpose()?,
        }));
    }
    match zone.name.as_deref() {
        None => Err("the time zone has no name and no rules".into()),
        Some(name) => zone_by_name(name),
    }
}

fn transition(
    t: &ZoneTransition,
    extra_bias: Option<i64>,
    what: &str,
) -> Result<TransitionRule, String> {
    let month = t.month.unwrap_or(0);
    if !(0..=12).contains(&month) {
        return Err(format!("{what}.month {month} is not a month"));
    }
    let bias_minutes = bias(extra_bias, &format!("{what} bias"))?;
    if month == 0 {
        // Month 0: no daylight time (Windows' TIME_ZONE_INFORMATION); the rest is not read.
        return Ok(TransitionRule {
            month: 0,
            day_occurrence: 1,
            day_of_week: Weekday::Sun,
            time: NaiveTime::MIN,
            bias_minutes,
        });
    }
    let occurrence = t.day_occurrence.unwrap_or(-1);
    if !(0..=5).contains(&occurrence) {
        return Err(format!(
            "{what}.dayOccurrence {occurrence} is not 1 to 5 (5 = the last)"
        ));
    }
    Ok(TransitionRule {
        month: month.unsigned_abs() as u32,
        day_occurrence: occurrence.unsigned_abs() as u32,
        day_of_week: weekday(t.day_of_week.as_deref())?,
        time: time_of_day(t.time.as_deref(), &format!("{what}.time"))?,
        bias_minutes,
    })
}

fn weekday(name: Option<&str>) -> Result<Weekday, String> {
    let name = name.ok_or("a day of the week is null")?;
    name.parse::<Weekday>()
        .map_err(|_| format!("unknown day `{}`", crate::redact::one_line(name, 40)))
}

/// `Edm.TimeOfDay`: "08:00:00.0000000" (also "08:00:00" and "08:00").
fn time_of_day(text: Option<&str>, what: &str) -> Result<NaiveTime, String> {
    let text = text.ok_or_else(|| format!("{what} is null"))?;
    NaiveTime::parse_from_str(text.trim(), "%H:%M:%S%.f")
        .or_else(|_| NaiveTime::parse_from_str(text.trim(), "%H:%M"))
        .map_err(|_| {
            format!(
                "{what} `{}` is not a time of day",
                crate::redact::one_line(text, 40)
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn at(h: u32, m: u32) -> DateTime<Utc> {
        format!("2026-12-01T{h:02}:{m:02}:00Z").parse().unwrap()
    }

    fn window() -> Interval {
        Interval::new(at(9, 0), at(12, 0))
    }

    fn info(value: serde_json::Value) -> ScheduleInformation {
        serde_json::from_value(value).unwrap()
    }

    fn hours(extra: serde_json::Value) -> serde_json::Value {
        let mut h = json!({"daysOfWeek": ["monday"], "startTime": "08:00:00.0000000",
            "endTime": "17:00:00.0000000", "timeZone": {"name": "Pacific Standard Time"}});
        for (k, v) in extra.as_object().unwrap() {
            h[k] = v.clone();
        }
        h
    }

    #[test]
    fn graph_date_times_with_seven_digits_parse_as_utc() {
        let t = instant(&DateTimeTimeZone {
            date_time: "2026-12-01T08:30:00.0000000".into(),
            time_zone: "UTC".into(),
        })
        .unwrap();
        assert_eq!(t, at(8, 30));
    }

    #[test]
    fn a_windows_zone_and_a_tzone_id_in_an_item_are_converted() {
        let pst = DateTimeTimeZone {
            date_time: "2026-12-01T01:00:00.0000000".into(),
            time_zone: "Pacific Standard Time".into(),
        };
        assert_eq!(instant(&pst).unwrap(), at(9, 0));
        // Seen in Graph answers: {"dateTime": "...0000000Z", "timeZone": "tzone://Microsoft/Utc"}.
        for (dt, tz) in [
            ("2026-12-01T09:00:00.0000000", "tzone://Microsoft/Utc"),
            ("2026-12-01T09:00:00.0000000Z", "tzone://Microsoft/Utc"),
            ("2026-12-01T09:00:00", "tzone://Microsoft/UTC"),
        ] {
            let value = DateTimeTimeZone {
                date_time: dt.into(),
                time_zone: tz.into(),
            };
            assert_eq!(instant(&value).unwrap(), at(9, 0), "{dt} {tz}");
        }
    }

    #[test]
    fn tzone_ids_are_known_zones_and_custom_still_needs_rules() {
        assert_eq!(
            zone_by_name("tzone://Microsoft/Utc"),
            Ok(WorkZone::Tz(chrono_tz::UTC))
        );
        assert_eq!(
            zone_by_name("tzone://Microsoft/Pacific Standard Time"),
            zone_by_name("Pacific Standard Time")
        );
        let custom = zone_by_name("tzone://Microsoft/Custom").unwrap_err();
        assert!(custom.contains("custom zone"), "{custom}");
    }

    #[test]
    fn an_unknown_recipient_is_its_message_then_its_code() {
        let p = read(
            &info(json!({"scheduleId": "ghost@contoso.com", "error": {
                "message": "Unable to resolve e-mail address ghost@contoso.com to an Active Directory object.",
                "responseCode": "5009"}})),
            window(),
            TimeDelta::minutes(15),
        );
        assert_eq!(
            p.error.as_deref(),
            Some(
                "Unable to resolve e-mail address ghost@contoso.com to an Active Directory object. (5009)"
            )
        );
        assert!(p.busy.is_empty());
    }

    #[test]
    fn neither_items_nor_view_is_not_free() {
        let p = read(
            &info(json!({"scheduleId": "x@contoso.com"})),
            window(),
            TimeDelta::minutes(15),
        );
        assert!(p.error.is_some());
    }

    #[test]
    fn a_merged_view_without_items_becomes_busy_blocks_per_digit() {
        // 09:00-12:00 in 30-minute digits: free, tentative, busy, busy, oof, working elsewhere.
        let p = read(
            &info(
                json!({"scheduleId": "team@contoso.com", "availabilityView": "012234",
                "scheduleItems": []}),
            ),
            window(),
            TimeDelta::minutes(30),
        );
        let blocks: Vec<(DateTime<Utc>, DateTime<Utc>, BusyStatus)> = p
            .busy
            .iter()
            .map(|b| (b.interval.start, b.interval.end, b.status))
            .collect();
        assert_eq!(
            blocks,
            vec![
                (at(9, 0), at(9, 30), BusyStatus::Free),
                (at(9, 30), at(10, 0), BusyStatus::Tentative),
                (at(10, 0), at(11, 0), BusyStatus::Busy),
                (at(11, 0), at(11, 30), BusyStatus::Oof),
                (at(11, 30), at(12, 0), BusyStatus::WorkingElsewhere),
            ]
        );
        assert!(
            p.warnings[0].contains("30-minute steps"),
            "{:?}",
            p.warnings
        );
        // An all-free view says nothing more than an empty calendar: no warning.
        let free = read(
            &info(json!({"scheduleId": "t@c.com", "availabilityView": "000000"})),
            window(),
            TimeDelta::minutes(30),
        );
        assert!(free.warnings.is_empty() && free.busy.iter().all(|b| !b.status.blocks(false)));
    }

    #[test]
    fn odd_digits_block_and_digits_past_the_window_are_ignored() {
        let blocks = busy_from_view("09200", window(), TimeDelta::hours(1));
        assert_eq!(blocks.len(), 3);
        assert_eq!(blocks[1].status, BusyStatus::Unknown);
        assert!(blocks[1].status.blocks(true));
        assert_eq!(blocks[2].interval.end, at(12, 0));
        // A last digit covering part of an interval is cut at the window's end.
        let cut = busy_from_view("2", Interval::new(at(9, 0), at(9, 10)), TimeDelta::hours(1));
        assert_eq!(cut[0].interval.end, at(9, 10));
    }

    #[test]
    fn a_null_or_unknown_status_blocks_and_an_unreadable_item_falls_back_to_the_view() {
        let p = read(
            &info(json!({"scheduleId": "a@c.com", "availabilityView": "002",
            "scheduleItems": [
                {"status": null, "start": {"dateTime": "2026-12-01T09:00:00", "timeZone": "UTC"},
                 "end": {"dateTime": "2026-12-01T09:30:00", "timeZone": "UTC"}},
                {"status": "elsewhereish", "start": {"dateTime": "2026-12-01T10:00:00", "timeZone": "UTC"},
                 "end": {"dateTime": "2026-12-01T10:30:00", "timeZone": "UTC"}},
                {"status": "busy", "start": {"dateTime": "2026-12-01T11:00:00", "timeZone": "Mars/Olympus"},
                 "end": {"dateTime": "2026-12-01T12:00:00", "timeZone": "Mars/Olympus"}}
            ]})),
            window(),
            TimeDelta::hours(1),
        );
        assert_eq!(p.busy[0].status, BusyStatus::Unknown);
        assert_eq!(p.busy[1].status, BusyStatus::Unknown);
        // The unreadable third item: its hour comes from the view's `2`.
        assert!(
            p.busy.iter().any(|b| b.status == BusyStatus::Busy
                && b.interval == Interval::new(at(11, 0), at(12, 0)))
        );
        assert!(
            p.warnings[0].contains("could not read a calendar item"),
            "{:?}",
            p.warnings
        );
        assert!(p.error.is_none());
    }

    #[test]
    fn odd_working_hours_cost_the_working_hours_only() {
        let cases = [
            (json!({"startTime": null}), "startTime is null"),
            (json!({"endTime": null}), "endTime is null"),
            (json!({"daysOfWeek": ["monday", "someday"]}), "unknown day"),
            (
                json!({"timeZone": {"name": "Mars Standard Time"}}),
                "Mars Standard Time",
            ),
            (
                json!({"timeZone": {"@odata.type": "#microsoft.graph.customTimeZone", "bias": 480,
                    "name": "Customized Time Zone",
                    "standardOffset": {"time": "02:00:00.0000000", "dayOccurrence": -1, "dayOfWeek": "sunday", "month": 11, "year": 0},
                    "daylightOffset": {"daylightBias": -60, "time": "02:00:00.0000000", "dayOccurrence": 2, "dayOfWeek": "sunday", "month": 3, "year": 0}}}),
                "dayOccurrence -1",
            ),
        ];
        for (extra, why) in cases {
            let p = read(
                &info(json!({"scheduleId": "a@c.com", "availabilityView": "000",
                    "scheduleItems": [], "workingHours": hours(extra.clone())})),
                window(),
                TimeDelta::hours(1),
            );
            assert!(p.working_hours.is_none(), "{extra}");
            let reason = p.hours_unreadable.unwrap_or_default();
            assert!(reason.contains(why), "{extra}: {reason}");
            assert!(p.error.is_none());
        }
    }

    #[test]
    fn working_hours_in_a_tzone_zone_and_graphs_custom_sample_are_read() {
        let p = read(
            &info(
                json!({"scheduleId": "a@c.com", "availabilityView": "000", "scheduleItems": [],
                "workingHours": hours(json!({"timeZone": {"name": "tzone://Microsoft/Utc"}}))}),
            ),
            window(),
            TimeDelta::hours(1),
        );
        assert_eq!(p.working_hours.unwrap().zone, WorkZone::Tz(chrono_tz::UTC));
        // The custom zone of the "calendar: getSchedule" sample: US Pacific as rules.
        let sample = hours(
            json!({"timeZone": {"@odata.type": "#microsoft.graph.customTimeZone",
            "bias": 480, "name": "Customized Time Zone",
            "standardOffset": {"time": "02:00:00.0000000", "dayOccurrence": 1, "dayOfWeek": "sunday", "month": 11, "year": 0},
            "daylightOffset": {"daylightBias": -60, "time": "02:00:00.0000000", "dayOccurrence": 2, "dayOfWeek": "sunday", "month": 3, "year": 0}}}),
        );
        let wire: crate::graph::model::WorkingHours = serde_json::from_value(sample).unwrap();
        match working_hours(&wire).unwrap().zone {
            WorkZone::Custom(z) => {
                assert_eq!(z.bias_minutes, 480);
                assert_eq!(z.daylight.unwrap().bias_minutes, -60);
                assert_eq!(z.daylight.unwrap().month, 3);
            }
            other => panic!("expected a custom zone, got {other:?}"),
        }
    }
}
