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

/// The IANA names the service accepts besides Windows names, as listed by "dateTimeTimeZone
/// resource type" (learn.microsoft.com/graph/api/resources/datetimetimezone). Where the page
/// gives two spellings ("Europe/Kyiv (Kiev)") both are here.
const ACCEPTED_IANA: &[&str] = &[
    "Etc/GMT+12",
    "Etc/GMT+11",
    "Pacific/Honolulu",
    "America/Anchorage",
    "America/Santa_Isabel",
    "America/Los_Angeles",
    "America/Phoenix",
    "America/Chihuahua",
    "America/Denver",
    "America/Guatemala",
    "America/Chicago",
    "America/Mexico_City",
    "America/Regina",
    "America/Bogota",
    "America/New_York",
    "America/Indiana/Indianapolis",
    "America/Caracas",
    "America/Asuncion",
    "America/Halifax",
    "America/Cuiaba",
    "America/La_Paz",
    "America/Santiago",
    "America/St_Johns",
    "America/Sao_Paulo",
    "America/Argentina/Buenos_Aires",
    "America/Cayenne",
    "America/Godthab",
    "America/Montevideo",
    "America/Bahia",
    "Etc/GMT+2",
    "Atlantic/Azores",
    "Atlantic/Cape_Verde",
    "Africa/Casablanca",
    "Etc/GMT",
    "Europe/London",
    "Atlantic/Reykjavik",
    "Europe/Berlin",
    "Europe/Budapest",
    "Europe/Paris",
    "Europe/Warsaw",
    "Africa/Lagos",
    "Africa/Windhoek",
    "Europe/Bucharest",
    "Asia/Beirut",
    "Africa/Cairo",
    "Asia/Damascus",
    "Africa/Johannesburg",
    "Europe/Kyiv",
    "Europe/Kiev",
    "Europe/Istanbul",
    "Asia/Jerusalem",
    "Asia/Amman",
    "Asia/Baghdad",
    "Europe/Kaliningrad",
    "Asia/Riyadh",
    "Africa/Nairobi",
    "Asia/Tehran",
    "Asia/Dubai",
    "Asia/Baku",
    "Europe/Moscow",
    "Indian/Mauritius",
    "Asia/Tbilisi",
    "Asia/Yerevan",
    "Asia/Kabul",
    "Asia/Karachi",
    "Asia/Toshkent",
    "Asia/Tashkent",
    "Asia/Kolkata",
    "Asia/Colombo",
    "Asia/Kathmandu",
    "Asia/Astana",
    "Asia/Almaty",
    "Asia/Dhaka",
    "Asia/Yekaterinburg",
    "Asia/Yangon",
    "Asia/Rangoon",
    "Asia/Bangkok",
    "Asia/Novosibirsk",
    "Asia/Shanghai",
    "Asia/Krasnoyarsk",
    "Asia/Singapore",
    "Australia/Perth",
    "Asia/Taipei",
    "Asia/Ulaanbaatar",
    "Asia/Irkutsk",
    "Asia/Tokyo",
    "Asia/Seoul",
    "Australia/Adelaide",
    "Australia/Darwin",
    "Australia/Brisbane",
    "Australia/Sydney",
    "Pacific/Port_Moresby",
    "Australia/Hobart",
    "Asia/Yakutsk",
    "Pacific/Guadalcanal",
    "Asia/Vladivostok",
    "Pacific/Auckland",
    "Etc/GMT-12",
    "Pacific/Fiji",
    "Asia/Magadan",
    "Pacific/Tongatapu",
    "Pacific/Apia",
    "Pacific/Kiritimati",
];

/// A zone name as the service accepts it in a request (`dateTimeTimeZone.timeZone`, `Prefer:
/// outlook.timezone`): "any of the time zones supported by Windows" (its id, exactly, `UTC`
/// included) or one of the IANA names the page lists. Other IANA names (`Europe/Zurich`) and
/// other spellings are refused, so a client cannot rely on more than the documented set.
pub(super) fn resolve_accepted(name: &str) -> Option<Tz> {
    if let Ok(windows) = WindowsTimezone::from_str(name) {
        return Some(Tz::from(windows));
    }
    if ACCEPTED_IANA.contains(&name) {
        return Tz::from_str(name).ok();
    }
    None
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
    fn requests_may_name_windows_zones_and_the_documented_iana_names_only() {
        assert_eq!(
            resolve_accepted("Pacific Standard Time"),
            Some(chrono_tz::America::Los_Angeles)
        );
        assert!(resolve_accepted("UTC").is_some());
        assert_eq!(
            resolve_accepted("Europe/Berlin"),
            Some(chrono_tz::Europe::Berlin)
        );
        assert!(resolve_accepted("Europe/Zurich").is_none());
        assert!(resolve_accepted("europe/berlin").is_none());
        assert!(resolve_accepted("tzone://Microsoft/Utc").is_none());
        // Every listed name resolves (a typo would not), except the page's two spellings that
        // the tz database does not have.
        for name in ACCEPTED_IANA {
            let not_in_tzdb = ["Asia/Toshkent", "Asia/Astana"].contains(name);
            assert_eq!(resolve_accepted(name).is_some(), !not_in_tzdb, "{name}");
        }
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
