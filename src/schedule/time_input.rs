//! Times typed by the user (`--from`, `--to`, `--start`).
//!
//! Accepted: RFC 3339 with an offset (`2026-12-03T10:00:00+01:00`, `…Z`, also without seconds);
//! a local date-time (`2026-12-03T10:00`, `2026-12-03T10:00:00`, or with a space for the `T`),
//! read in the display zone; a date (`2026-12-03`). A date means the start of that day for
//! [`Bound::From`] and the start of the NEXT day for [`Bound::To`], so a date-only `--to`
//! includes the whole day. A local time the clocks skip is an error naming the zone; a local
//! time they repeat means its earlier instant. A day that starts inside a gap (some zones move
//! midnight) starts at the end of the gap. Times outside the years 0001–9999
//! ([`CALENDAR_RANGE`]) are refused, so nothing downstream works near chrono's limits.

use chrono::{DateTime, Datelike, MappedLocalTime, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;
use thiserror::Error;

use super::interval::CALENDAR_RANGE;
use super::local_time::resolve_local_forward;

/// Which end of a range a time is for; decides what a bare date means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bound {
    From,
    To,
}

/// Why a user-supplied time was refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum TimeInputError {
    #[error(
        "`{input}` is not a time: use 2026-12-03T10:00:00+01:00 (RFC 3339), 2026-12-03T10:00 (local) or 2026-12-03 (a date)"
    )]
    Unrecognized { input: String },
    #[error("`{input}` does not exist in {zone}: the clocks skip it for daylight saving time")]
    SkippedByClocks { input: String, zone: String },
    #[error("`{input}` is out of the supported date range (0001-01-01 to 9999-12-31 UTC)")]
    OutOfRange { input: String },
}

/// The years of [`CALENDAR_RANGE`].
const CALENDAR_YEARS: std::ops::RangeInclusive<i32> = 1..=9999;

const LOCAL_FORMATS: [&str; 4] = [
    "%Y-%m-%dT%H:%M:%S%.f",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d %H:%M:%S%.f",
    "%Y-%m-%d %H:%M",
];

const OFFSET_FORMATS_WITHOUT_SECONDS: [&str; 2] = ["%Y-%m-%dT%H:%M%#z", "%Y-%m-%d %H:%M%#z"];

/// Reads a user time as an instant; local readings use `zone`.
pub fn parse_user_time(s: &str, zone: Tz, bound: Bound) -> Result<DateTime<Utc>, TimeInputError> {
    let input = s.trim();
    let instant = parse_any(input, zone, bound)?;
    // A date-only `--to 9999-12-31` ends at the start of 10000-01-01: the range's own end.
    let in_range = CALENDAR_RANGE.start <= instant && instant <= CALENDAR_RANGE.end;
    if !in_range {
        return Err(TimeInputError::OutOfRange {
            input: input.to_owned(),
        });
    }
    Ok(instant)
}

fn parse_any(input: &str, zone: Tz, bound: Bound) -> Result<DateTime<Utc>, TimeInputError> {
    let out_of_range = || TimeInputError::OutOfRange {
        input: input.to_owned(),
    };
    if let Some(instant) = parse_with_offset(input) {
        return Ok(instant);
    }
    if let Some(reading) = parse_local_datetime(input) {
        // Checked first: near chrono's limits a reading has no instant, which chrono reports
        // like a skipped hour.
        if !CALENDAR_YEARS.contains(&reading.year()) {
            return Err(out_of_range());
        }
        return match zone.from_local_datetime(&reading) {
            MappedLocalTime::Single(t) | MappedLocalTime::Ambiguous(t, _) => {
                Ok(t.with_timezone(&Utc))
            }
            MappedLocalTime::None => Err(TimeInputError::SkippedByClocks {
                input: input.to_owned(),
                zone: zone.name().to_owned(),
            }),
        };
    }
    if let Ok(date) = NaiveDate::parse_from_str(input, "%Y-%m-%d") {
        if !CALENDAR_YEARS.contains(&date.year()) {
            return Err(out_of_range());
        }
        let day = match bound {
            Bound::From => Some(date),
            Bound::To => date.succ_opt(),
        };
        return day
            .and_then(|day| start_of_day(zone, day))
            .ok_or_else(out_of_range);
    }
    Err(TimeInputError::Unrecognized {
        input: input.to_owned(),
    })
}

/// The first instant of a calendar day in `zone` (`None` for days at the ends of chrono's range
/// whose first instant it cannot represent).
pub fn start_of_day(zone: Tz, day: NaiveDate) -> Option<DateTime<Utc>> {
    resolve_local_forward(&zone, day.and_time(chrono::NaiveTime::MIN))
}

fn parse_with_offset(input: &str) -> Option<DateTime<Utc>> {
    if let Ok(t) = DateTime::parse_from_rfc3339(input) {
        return Some(t.with_timezone(&Utc));
    }
    OFFSET_FORMATS_WITHOUT_SECONDS
        .iter()
        .find_map(|format| DateTime::parse_from_str(input, format).ok())
        .map(|t| t.with_timezone(&Utc))
}

fn parse_local_datetime(input: &str) -> Option<NaiveDateTime> {
    LOCAL_FORMATS
        .iter()
        .find_map(|format| NaiveDateTime::parse_from_str(input, format).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        NaiveDate::from_ymd_opt(y, m, d)
            .unwrap()
            .and_hms_opt(h, min, 0)
            .unwrap()
            .and_utc()
    }

    const BERLIN: Tz = Tz::Europe__Berlin;
    const LA: Tz = Tz::America__Los_Angeles;

    #[test]
    fn rfc3339_with_offset_is_that_instant() {
        assert_eq!(
            parse_user_time("2026-12-03T10:00:00+01:00", LA, Bound::From),
            Ok(utc(2026, 12, 3, 9, 0))
        );
        assert_eq!(
            parse_user_time("2026-12-03T10:00:00Z", BERLIN, Bound::To),
            Ok(utc(2026, 12, 3, 10, 0))
        );
        assert_eq!(
            parse_user_time("2026-12-03T10:00+01:00", LA, Bound::From),
            Ok(utc(2026, 12, 3, 9, 0))
        );
    }

    #[test]
    fn local_datetime_is_read_in_display_zone() {
        for input in [
            "2026-12-03T10:00",
            "2026-12-03T10:00:00",
            "2026-12-03 10:00",
            " 2026-12-03 10:00:00 ",
        ] {
            assert_eq!(
                parse_user_time(input, BERLIN, Bound::From),
                Ok(utc(2026, 12, 3, 9, 0)),
                "{input}"
            );
        }
    }

    #[test]
    fn date_only_from_is_start_of_day() {
        assert_eq!(
            parse_user_time("2026-12-03", BERLIN, Bound::From),
            Ok(utc(2026, 12, 2, 23, 0))
        );
    }

    #[test]
    fn date_only_to_includes_whole_day() {
        assert_eq!(
            parse_user_time("2026-12-03", BERLIN, Bound::To),
            Ok(utc(2026, 12, 3, 23, 0))
        );
        // The day after the US fall-back is 25 hours long in local terms; it still ends at midnight.
        assert_eq!(
            parse_user_time("2026-11-01", LA, Bound::To),
            Ok(utc(2026, 11, 2, 8, 0))
        );
    }

    #[test]
    fn time_to_is_taken_as_is() {
        assert_eq!(
            parse_user_time("2026-12-03T17:00", BERLIN, Bound::To),
            Ok(utc(2026, 12, 3, 16, 0))
        );
    }

    #[test]
    fn skipped_local_time_is_an_error_naming_the_zone() {
        let err = parse_user_time("2026-03-29T02:30", BERLIN, Bound::From).unwrap_err();
        assert_eq!(
            err,
            TimeInputError::SkippedByClocks {
                input: "2026-03-29T02:30".into(),
                zone: "Europe/Berlin".into()
            }
        );
        assert!(err.to_string().contains("Europe/Berlin"));
        assert!(parse_user_time("2026-03-08T02:15", LA, Bound::To).is_err());
    }

    #[test]
    fn repeated_local_time_takes_earlier_instant() {
        // 02:30 happens twice in Berlin on 2026-10-25: first in CEST (00:30 UTC).
        assert_eq!(
            parse_user_time("2026-10-25T02:30", BERLIN, Bound::From),
            Ok(utc(2026, 10, 25, 0, 30))
        );
        // 01:30 happens twice in Los Angeles on 2026-11-01: first in PDT (08:30 UTC).
        assert_eq!(
            parse_user_time("2026-11-01T01:30", LA, Bound::From),
            Ok(utc(2026, 11, 1, 8, 30))
        );
    }

    #[test]
    fn day_starting_in_a_gap_starts_after_it() {
        let santiago = Tz::America__Santiago;
        let start = parse_user_time("2026-09-06", santiago, Bound::From).unwrap();
        assert_eq!(
            start.with_timezone(&santiago).naive_local().to_string(),
            "2026-09-06 01:00:00"
        );
    }

    #[test]
    fn garbage_is_refused_with_the_input_in_the_message() {
        let err = parse_user_time("next tuesday", BERLIN, Bound::From).unwrap_err();
        assert!(err.to_string().contains("`next tuesday`"), "{err}");
        assert!(parse_user_time("2026-02-30", BERLIN, Bound::From).is_err());
        assert!(parse_user_time("2026-12-03T25:00", BERLIN, Bound::From).is_err());
    }

    #[test]
    fn times_outside_the_years_1_to_9999_are_out_of_range() {
        for (input, bound) in [
            ("10000-01-01", Bound::From),
            ("+10000-01-01", Bound::From),
            ("262142-12-31", Bound::From),
            ("262142-12-31", Bound::To),
            ("+262142-12-31T23:59", Bound::From),
            ("0000-12-31", Bound::From),
            ("-262143-01-01", Bound::From),
            ("9999-12-31T23:00:00-02:00", Bound::From),
        ] {
            let result = parse_user_time(input, LA, bound);
            assert!(
                matches!(
                    result,
                    Err(TimeInputError::OutOfRange { .. } | TimeInputError::Unrecognized { .. })
                ),
                "{input}: {result:?}"
            );
        }
        assert_eq!(
            parse_user_time("0000-06-01", BERLIN, Bound::From),
            Err(TimeInputError::OutOfRange {
                input: "0000-06-01".into()
            })
        );
        assert_eq!(
            parse_user_time("+10000-01-01T00:00", Tz::UTC, Bound::From),
            Err(TimeInputError::OutOfRange {
                input: "+10000-01-01T00:00".into()
            })
        );
    }

    #[test]
    fn the_first_and_last_days_of_the_range_are_accepted() {
        assert_eq!(
            parse_user_time("9999-12-31", Tz::UTC, Bound::To),
            Ok(CALENDAR_RANGE.end)
        );
        assert_eq!(
            parse_user_time("0001-01-01", Tz::UTC, Bound::From),
            Ok(CALENDAR_RANGE.start)
        );
        // Behind UTC, the last day ends past the range: refused rather than sent to Graph.
        assert!(parse_user_time("9999-12-31", LA, Bound::To).is_err());
    }
}
