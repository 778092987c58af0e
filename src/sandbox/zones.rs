//! Time-zone names as Graph accepts them (Windows names, IANA names) and the conversions
//! between wall-clock times and instants, with Outlook's handling of DST gaps and overlaps.

use std::str::FromStr;

use chrono::{DateTime, Duration, LocalResult, NaiveDateTime, Offset, TimeZone, Utc};
use chrono_tz::Tz;
use windows_timezones::WindowsTimezone;

/// Resolves a Windows time-zone id ("Pacific Standard Time") or an IANA name
/// ("America/Los_Angeles"); both are matched exactly, as spelled by Microsoft and the tz database.
pub(super) fn resolve(name: &str) -> Option<Tz> {
    if let Ok(windows) = WindowsTimezone::from_str(name) {
        return Some(Tz::from(windows));
    }
    Tz::from_str(name).ok()
}

/// The instant of a wall-clock time. A time skipped by a DST jump moves forward by the jump
/// (as Outlook does); a repeated time takes its first occurrence.
pub(super) fn to_utc(zone: Tz, local: NaiveDateTime) -> DateTime<Utc> {
    match zone.from_local_datetime(&local) {
        LocalResult::Single(t) => t.with_timezone(&Utc),
        LocalResult::Ambiguous(first, _) => first.with_timezone(&Utc),
        LocalResult::None => {
            // Read the skipped time with the offset in force just before the gap:
            // 02:30 in a 02:00→03:00 jump becomes 03:30 of the new offset.
            let mut probe = local;
            for _ in 0..(24 * 60) {
                probe -= Duration::minutes(1);
                if let LocalResult::Single(t) | LocalResult::Ambiguous(t, _) =
                    zone.from_local_datetime(&probe)
                {
                    let offset = t.offset().fix().local_minus_utc();
                    return Utc.from_utc_datetime(&(local - Duration::seconds(offset.into())));
                }
            }
            Utc.from_utc_datetime(&local)
        }
    }
}

/// The wall-clock time of an instant in `zone`.
pub(super) fn to_local(zone: Tz, at: DateTime<Utc>) -> NaiveDateTime {
    at.with_timezone(&zone).naive_local()
}

/// `2019-03-15T12:00:00.0000000`: Graph's dateTime with 7 fractional digits and no offset.
pub(super) fn graph_date_time(local: NaiveDateTime) -> String {
    format!(
        "{}.{:07}",
        local.format("%Y-%m-%dT%H:%M:%S"),
        local.and_utc().timestamp_subsec_nanos() / 100
    )
}

/// The zone named by `Prefer: outlook.timezone="..."` among the request's Prefer headers.
pub(super) fn preferred_zone_name<'a>(
    prefer_values: impl Iterator<Item = &'a str>,
) -> Option<String> {
    for value in prefer_values {
        for part in value.split(',') {
            let part = part.trim();
            if let Some((key, val)) = part.split_once('=')
                && key.trim().eq_ignore_ascii_case("outlook.timezone")
            {
                return Some(val.trim().trim_matches('"').to_string());
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d)
            .unwrap()
            .and_hms_opt(h, min, 0)
            .unwrap()
    }

    #[test]
    fn windows_and_iana_names_resolve_to_the_same_zone() {
        assert_eq!(
            resolve("Pacific Standard Time"),
            Some(chrono_tz::America::Los_Angeles)
        );
        assert_eq!(
            resolve("America/Los_Angeles"),
            Some(chrono_tz::America::Los_Angeles)
        );
        assert_eq!(resolve("UTC"), Some(chrono_tz::Etc::UTC));
        assert!(resolve("Mars Standard Time").is_none());
        assert!(resolve("pacific standard time").is_none());
    }

    #[test]
    fn a_time_in_the_spring_gap_moves_forward() {
        let la = chrono_tz::America::Los_Angeles;
        // 2026-03-08 02:30 does not exist in Los Angeles; Outlook shows 03:30 PDT = 10:30Z.
        let t = to_utc(la, at(2026, 3, 8, 2, 30));
        assert_eq!(t.to_rfc3339(), "2026-03-08T10:30:00+00:00");
        // A repeated time in autumn takes the first (daylight) instance.
        let t = to_utc(la, at(2026, 11, 1, 1, 30));
        assert_eq!(t.to_rfc3339(), "2026-11-01T08:30:00+00:00");
    }

    #[test]
    fn graph_date_time_has_seven_fractional_digits() {
        assert_eq!(
            graph_date_time(at(2019, 3, 15, 12, 0)),
            "2019-03-15T12:00:00.0000000"
        );
    }

    #[test]
    fn prefer_header_yields_the_zone() {
        let v = ["outlook.body-content-type=\"text\", outlook.timezone=\"Pacific Standard Time\""];
        assert_eq!(
            preferred_zone_name(v.into_iter()).as_deref(),
            Some("Pacific Standard Time")
        );
        assert_eq!(preferred_zone_name(["return=minimal"].into_iter()), None);
    }
}
