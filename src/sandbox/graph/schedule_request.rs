//! Reading a `getSchedule` body strictly: camelCase or PascalCase property names only, known
//! properties only, the documented limits (1–20 schedules, a period under 62 days, an interval of
//! 5–1440 minutes), and dateTimes in a zone the service accepts.
//!
//! Sources: "calendar: getSchedule" (the body, the interval's limits), "Get free/busy schedule
//! of Outlook calendar users and resources" (PascalCase names, `"availabilityViewInterval":
//! "15"` as a string, "less than 62 days"), microsoftgraph/microsoft-graph-docs pull request
//! 19703 (the refusal: `ErrorTimeIntervalTooBig`, "The requested time duration specified for
//! FreeBusyViewOptions.TimeWindow is too long. The allowed limit = 62 days; the actual limit =
//! 63 days."), "dateTimeTimeZone resource type" (the zone names).

use chrono::{DateTime, Datelike, Duration, NaiveDateTime, Utc};
use serde_json::{Map, Value};

use super::super::zones;

#[derive(Debug)]
pub(super) struct ScheduleRequest {
    pub(super) schedules: Vec<String>,
    pub(super) start: DateTime<Utc>,
    pub(super) end: DateTime<Utc>,
    pub(super) interval_minutes: i64,
}

/// A refusal: Graph error code and message (status 400).
pub(super) type Refusal = (&'static str, String);

fn invalid(message: impl Into<String>) -> Refusal {
    ("ErrorInvalidRequest", message.into())
}

fn body_read(message: impl Into<String>) -> Refusal {
    ("RequestBodyRead", message.into())
}

/// The value of `name` (camelCase) or its PascalCase spelling; refuses any other property.
fn take<'a>(
    obj: &'a Map<String, Value>,
    allowed: &[&str],
    context: &str,
) -> Result<Vec<Option<&'a Value>>, Refusal> {
    let pascal = |n: &str| {
        let mut c = n.chars();
        c.next()
            .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
            .unwrap_or_default()
    };
    for key in obj.keys() {
        if !allowed.iter().any(|a| key == a || *key == pascal(a)) {
            return Err(body_read(format!(
                "The property '{key}' does not exist on type '{context}'. Make sure to only use property names that are defined by the type or mark the type as open type."
            )));
        }
    }
    Ok(allowed
        .iter()
        .map(|a| obj.get(*a).or_else(|| obj.get(&pascal(a))))
        .collect())
}

pub(super) fn parse(body: &Value) -> Result<ScheduleRequest, Refusal> {
    let Some(obj) = body.as_object() else {
        return Err(body_read("The request body must be a JSON object."));
    };
    let v = take(
        obj,
        &[
            "schedules",
            "startTime",
            "endTime",
            "availabilityViewInterval",
        ],
        "microsoft.graph.getSchedule parameters",
    )?;
    let schedules = match v[0] {
        None | Some(Value::Null) => return Err(invalid("The parameter 'schedules' is required.")),
        Some(Value::Array(items)) => items
            .iter()
            .map(|i| {
                i.as_str().map(str::to_string).ok_or_else(|| {
                    body_read("Each entry of 'schedules' must be a string (an SMTP address).")
                })
            })
            .collect::<Result<Vec<_>, _>>()?,
        Some(_) => {
            return Err(body_read(
                "The parameter 'schedules' must be an array of strings.",
            ));
        }
    };
    if schedules.is_empty() {
        return Err(invalid(
            "The parameter 'schedules' must name at least one mailbox.",
        ));
    }
    if schedules.len() > 20 {
        return Err(invalid(format!(
            "Too many schedules: {} requested, the maximum is 20 per request.",
            schedules.len()
        )));
    }
    let start = date_time_time_zone(v[1], "startTime")?;
    let end = date_time_time_zone(v[2], "endTime")?;
    if end <= start {
        return Err(invalid("The endTime must be later than the startTime."));
    }
    if end - start >= Duration::days(62) {
        // The service counts whole days, rounding up.
        let span = end - start;
        let days = span.num_days() + i64::from(span > Duration::days(span.num_days()));
        return Err((
            "ErrorTimeIntervalTooBig",
            format!(
                "The requested time duration specified for FreeBusyViewOptions.TimeWindow is too long. The allowed limit = 62 days; the actual limit = {days} days."
            ),
        ));
    }
    // An Int32, also accepted as a numeric string (the concept page sends "15").
    let not_int = || body_read("'availabilityViewInterval' must be an integer.");
    let interval_minutes = match v[3] {
        None | Some(Value::Null) => 30,
        Some(Value::Number(n)) => n.as_i64().ok_or_else(not_int)?,
        Some(Value::String(text)) => text.trim().parse::<i64>().map_err(|_| not_int())?,
        Some(_) => return Err(not_int()),
    };
    if !(5..=1440).contains(&interval_minutes) {
        return Err(invalid(format!(
            "The availabilityViewInterval {interval_minutes} is out of range: it must be between 5 and 1440 minutes."
        )));
    }
    Ok(ScheduleRequest {
        schedules,
        start,
        end,
        interval_minutes,
    })
}

/// A `dateTimeTimeZone` object: wall-clock `dateTime` (no offset) in `timeZone`.
fn date_time_time_zone(v: Option<&Value>, name: &str) -> Result<DateTime<Utc>, Refusal> {
    let Some(Value::Object(obj)) = v else {
        return Err(invalid(format!(
            "The parameter '{name}' is required: a dateTimeTimeZone object."
        )));
    };
    let f = take(
        obj,
        &["dateTime", "timeZone"],
        "microsoft.graph.dateTimeTimeZone",
    )?;
    let (Some(Value::String(dt)), Some(Value::String(tz))) = (f[0], f[1]) else {
        return Err(invalid(format!(
            "'{name}' needs both dateTime and timeZone as strings."
        )));
    };
    let in_range = |t: &NaiveDateTime| (1..=9999).contains(&t.year());
    let zone = zones::resolve_accepted(tz).ok_or_else(|| {
        (
            "TimeZoneNotSupportedException",
            format!("A valid TimeZone value must be specified. The following TimeZone value is not supported: '{tz}'."),
        )
    })?;
    // A trailing `Z` names UTC itself, as in the dateTimes Graph writes ("...0000000Z"), so the
    // instant is read in UTC whatever `timeZone` says.
    if let Some(utc) = dt.strip_suffix('Z').or_else(|| dt.strip_suffix('z')) {
        let local = parse_wall_clock(utc)
            .ok()
            .filter(in_range)
            .ok_or_else(|| out_of_range(name, dt))?;
        return Ok(local.and_utc());
    }
    let local = parse_wall_clock(dt).map_err(|m| invalid(format!("{name}.dateTime: {m}")))?;
    // Bounded so that no later arithmetic on the instant can overflow.
    if !in_range(&local) {
        return Err(out_of_range(name, dt));
    }
    Ok(zones::to_utc(zone, local))
}

fn out_of_range(name: &str, dt: &str) -> Refusal {
    invalid(format!(
        "{name}.dateTime: '{dt}' is not a dateTime like 2019-03-15T09:00:00 in the supported range."
    ))
}

/// `2019-03-15T09:00:00` with up to 7 fractional digits; a numeric offset is refused because the
/// zone belongs in `timeZone`.
pub(super) fn parse_wall_clock(s: &str) -> Result<NaiveDateTime, String> {
    let time_part = s.split_once('T').map_or("", |(_, t)| t);
    if s.ends_with('Z') || s.ends_with('z') || time_part.contains('+') || time_part.contains('-') {
        return Err(format!(
            "'{s}' carries an offset; give a wall-clock time and name the zone in timeZone."
        ));
    }
    NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f")
        .map_err(|_| format!("'{s}' is not a dateTime like 2019-03-15T09:00:00."))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn body(extra: Value) -> Value {
        let mut b = json!({
            "schedules": ["a@contoso.example"],
            "startTime": {"dateTime": "2026-03-02T09:00:00", "timeZone": "Pacific Standard Time"},
            "endTime": {"dateTime": "2026-03-02T18:00:00", "timeZone": "Pacific Standard Time"},
        });
        for (k, v) in extra.as_object().unwrap() {
            b[k] = v.clone();
        }
        b
    }

    #[test]
    fn camel_case_body_parses_with_default_interval() {
        let r = parse(&body(json!({}))).unwrap();
        assert_eq!(r.interval_minutes, 30);
        assert_eq!(r.start.to_rfc3339(), "2026-03-02T17:00:00+00:00");
        assert_eq!(r.end - r.start, Duration::hours(9));
    }

    #[test]
    fn pascal_case_body_parses() {
        let b = json!({
            "Schedules": ["a@contoso.example"],
            "StartTime": {"DateTime": "2026-03-02T09:00:00.0000000", "TimeZone": "UTC"},
            "EndTime": {"DateTime": "2026-03-02T18:00:00", "TimeZone": "Europe/Berlin"},
            "AvailabilityViewInterval": 60
        });
        assert_eq!(parse(&b).unwrap().interval_minutes, 60);
    }

    #[test]
    fn strict_refusals() {
        let cases = [
            (json!({"schedules": null}), "ErrorInvalidRequest"),
            (json!({"schedules": []}), "ErrorInvalidRequest"),
            (
                json!({"schedules": (0..21).map(|i| format!("u{i}@x")).collect::<Vec<_>>()}),
                "ErrorInvalidRequest",
            ),
            (
                json!({"availabilityViewInterval": 4}),
                "ErrorInvalidRequest",
            ),
            (
                json!({"availabilityViewInterval": 1441}),
                "ErrorInvalidRequest",
            ),
            (
                json!({"availabilityViewInterval": "half"}),
                "RequestBodyRead",
            ),
            (json!({"availabilityViewInterval": true}), "RequestBodyRead"),
            (json!({"foo": 1}), "RequestBodyRead"),
            (json!({"SCHEDULES": ["a@x"]}), "RequestBodyRead"),
            (
                json!({"endTime": {"dateTime": "2026-03-02T09:00:00", "timeZone": "Pacific Standard Time"}}),
                "ErrorInvalidRequest",
            ),
            (
                json!({"endTime": {"dateTime": "2026-05-03T10:00:00", "timeZone": "Pacific Standard Time"}}),
                "ErrorTimeIntervalTooBig",
            ),
            (
                json!({"startTime": {"dateTime": "2026-03-02T09:00:00", "timeZone": "Europe/Zurich"}}),
                "TimeZoneNotSupportedException",
            ),
            (
                json!({"startTime": {"dateTime": "2026-03-02T09:00:00-08:00", "timeZone": "UTC"}}),
                "ErrorInvalidRequest",
            ),
            (
                json!({"startTime": {"dateTime": "+262000-03-02T09:00:00Z", "timeZone": "UTC"}}),
                "ErrorInvalidRequest",
            ),
            (
                json!({"startTime": {"dateTime": "+262000-03-02T09:00:00", "timeZone": "Pacific Standard Time"}}),
                "ErrorInvalidRequest",
            ),
            (
                json!({"startTime": {"dateTime": "2026-03-02T09:00:00", "timeZone": "Mars/Olympus"}}),
                "TimeZoneNotSupportedException",
            ),
        ];
        for (extra, code) in cases {
            let err = parse(&body(extra.clone())).unwrap_err();
            assert_eq!(err.0, code, "{extra}");
        }
    }

    #[test]
    fn a_string_interval_and_a_utc_date_time_are_read_as_the_service_reads_them() {
        let b = body(json!({
            "availabilityViewInterval": "15",
            "startTime": {"dateTime": "2026-03-02T17:00:00Z", "timeZone": "Pacific Standard Time"},
        }));
        let r = parse(&b).unwrap();
        assert_eq!(r.interval_minutes, 15);
        assert_eq!(r.start.to_rfc3339(), "2026-03-02T17:00:00+00:00");
    }

    #[test]
    fn sixty_two_days_is_too_big_with_the_services_message() {
        let b = body(
            json!({"endTime": {"dateTime": "2026-05-03T10:00:00", "timeZone": "Pacific Standard Time"}}),
        );
        let (code, message) = parse(&b).unwrap_err();
        assert_eq!(code, "ErrorTimeIntervalTooBig");
        assert_eq!(
            message,
            "The requested time duration specified for FreeBusyViewOptions.TimeWindow is too long. The allowed limit = 62 days; the actual limit = 62 days."
        );
    }

    #[test]
    fn sixty_one_days_is_allowed() {
        let b = body(
            json!({"endTime": {"dateTime": "2026-05-02T08:59:00", "timeZone": "Pacific Standard Time"}}),
        );
        assert!(parse(&b).is_ok());
    }
}
