//! Time zones as calendars describe them: IANA names, Windows names, and Graph custom zones.
//!
//! [`WorkZone`] implements [`chrono::TimeZone`], so `DateTime<WorkZone>` works for either kind.
//! Names resolve in this order: exact IANA (chrono-tz, CLDR's legacy aliases such as
//! `Asia/Calcutta` included), exact Windows name (`Pacific Standard Time`, mapped through CLDR's
//! territory-001 zone by the `windows-timezones` crate), then IANA ignoring ASCII case.
//! `"Customized Time Zone"` cannot be resolved by name: it needs the rules Graph sends with it.

use std::fmt;
use std::str::FromStr;

use chrono::{FixedOffset, MappedLocalTime, NaiveDate, NaiveDateTime, Offset, TimeZone};
use chrono_tz::{TZ_VARIANTS, Tz, TzOffset};
use thiserror::Error;
use windows_timezones::WindowsTimezone;

use super::custom_zone::CustomZone;

/// Why a zone name was refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ZoneError {
    #[error(
        "empty time-zone name: use an IANA name (Europe/Berlin) or a Windows name (W. Europe Standard Time)"
    )]
    Empty,
    #[error("unknown time zone `{name}`: {}", unknown_advice(suggestion.as_deref()))]
    Unknown {
        name: String,
        /// The closest real name, for a name typed by a person.
        suggestion: Option<String>,
    },
    #[error(
        "`{name}` is an abbreviation, not a zone: did you mean {}?",
        one_of(suggestions)
    )]
    Abbreviation {
        name: String,
        /// IANA names it may mean, the likeliest first.
        suggestions: Vec<String>,
    },
    #[error("`{name}` is a UTC offset, not a zone: name the zone (e.g. Europe/Berlin){}", etc_advice(etc_name.as_deref()))]
    Offset {
        name: String,
        /// tzdb's name for that fixed offset, when it has one (`Etc/GMT-2` for UTC+2).
        etc_name: Option<String>,
    },
    #[error(
        "time zone `{name}` is a custom zone and needs its rules (customTimeZone), not just its name"
    )]
    CustomNeedsRules { name: String },
}

fn unknown_advice(suggestion: Option<&str>) -> String {
    match suggestion {
        Some(name) => format!("did you mean {name}?"),
        None => {
            "use an IANA name (Europe/Berlin) or a Windows name (W. Europe Standard Time)".into()
        }
    }
}

fn etc_advice(etc_name: Option<&str>) -> String {
    match etc_name {
        Some(name) => format!(", or {name} for that offset all year (tzdb's signs are inverted)"),
        None => String::new(),
    }
}

/// `A`, `A or B`, `A, B or C`.
fn one_of(names: &[String]) -> String {
    match names {
        [] => "an IANA name such as Europe/Berlin".into(),
        [only] => only.clone(),
        [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
    }
}

/// The zone a working-hours definition is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum WorkZone {
    Tz(Tz),
    Custom(CustomZone),
}

/// The offset in force at some instant of a [`WorkZone`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WorkOffset {
    Tz(TzOffset),
    /// The zone travels with the offset because `TimeZone::from_offset` must rebuild it.
    Custom {
        zone: CustomZone,
        offset: FixedOffset,
    },
}

impl Offset for WorkOffset {
    fn fix(&self) -> FixedOffset {
        match self {
            WorkOffset::Tz(offset) => offset.fix(),
            WorkOffset::Custom { offset, .. } => *offset,
        }
    }
}

impl fmt::Display for WorkOffset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WorkOffset::Tz(offset) => fmt::Display::fmt(offset, f),
            WorkOffset::Custom { offset, .. } => fmt::Display::fmt(offset, f),
        }
    }
}

impl From<Tz> for WorkZone {
    fn from(tz: Tz) -> Self {
        WorkZone::Tz(tz)
    }
}

impl From<CustomZone> for WorkZone {
    fn from(zone: CustomZone) -> Self {
        WorkZone::Custom(zone)
    }
}

impl fmt::Display for WorkZone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WorkZone::Tz(tz) => f.write_str(tz.name()),
            WorkZone::Custom(zone) => write!(f, "custom zone (bias {} min)", zone.bias_minutes),
        }
    }
}

impl TimeZone for WorkZone {
    type Offset = WorkOffset;

    fn from_offset(offset: &WorkOffset) -> Self {
        match offset {
            WorkOffset::Tz(offset) => WorkZone::Tz(Tz::from_offset(offset)),
            WorkOffset::Custom { zone, .. } => WorkZone::Custom(*zone),
        }
    }

    fn offset_from_local_date(&self, local: &NaiveDate) -> MappedLocalTime<WorkOffset> {
        match self {
            WorkZone::Tz(tz) => tz.offset_from_local_date(local).map(WorkOffset::Tz),
            WorkZone::Custom(_) => {
                self.offset_from_local_datetime(&local.and_time(chrono::NaiveTime::MIN))
            }
        }
    }

    fn offset_from_local_datetime(&self, local: &NaiveDateTime) -> MappedLocalTime<WorkOffset> {
        match self {
            WorkZone::Tz(tz) => tz.offset_from_local_datetime(local).map(WorkOffset::Tz),
            WorkZone::Custom(zone) => custom_offset_from_local(zone, local),
        }
    }

    fn offset_from_utc_date(&self, utc: &NaiveDate) -> WorkOffset {
        self.offset_from_utc_datetime(&utc.and_time(chrono::NaiveTime::MIN))
    }

    fn offset_from_utc_datetime(&self, utc: &NaiveDateTime) -> WorkOffset {
        match self {
            WorkZone::Tz(tz) => WorkOffset::Tz(tz.offset_from_utc_datetime(utc)),
            WorkZone::Custom(zone) => WorkOffset::Custom {
                zone: *zone,
                offset: zone.offset_at_utc(utc),
            },
        }
    }
}

/// A local reading is valid under an offset when that offset is the one in force at the instant
/// it names; zero valid offsets is a gap, two is a fold (earlier instant first, as chrono expects).
fn custom_offset_from_local(
    zone: &CustomZone,
    local: &NaiveDateTime,
) -> MappedLocalTime<WorkOffset> {
    let (daylight, standard) = (zone.daylight_offset(), zone.standard_offset());
    // Larger offset = earlier instant for the same wall-clock reading.
    let candidates = match daylight.local_minus_utc().cmp(&standard.local_minus_utc()) {
        std::cmp::Ordering::Equal => vec![standard],
        std::cmp::Ordering::Greater => vec![daylight, standard],
        std::cmp::Ordering::Less => vec![standard, daylight],
    };
    let valid: Vec<WorkOffset> = candidates
        .into_iter()
        // A reading whose instant chrono cannot represent is valid under no offset.
        .filter(|offset| {
            local
                .checked_sub_offset(*offset)
                .is_some_and(|utc| zone.offset_at_utc(&utc) == *offset)
        })
        .map(|offset| WorkOffset::Custom {
            zone: *zone,
            offset,
        })
        .collect();
    match valid.as_slice() {
        [] => MappedLocalTime::None,
        [only] => MappedLocalTime::Single(*only),
        [earlier, later, ..] => MappedLocalTime::Ambiguous(*earlier, *later),
    }
}

/// Resolves a zone name as Graph or a user writes it: IANA, Windows, or `UTC`.
pub fn resolve_zone_name(name: &str) -> Result<WorkZone, ZoneError> {
    let trimmed = name.trim();
    if trimmed.is_empty() {
        return Err(ZoneError::Empty);
    }
    if is_custom_zone_name(trimmed) {
        return Err(ZoneError::CustomNeedsRules {
            name: trimmed.to_owned(),
        });
    }
    named_tz(trimmed)
        .map(WorkZone::Tz)
        .ok_or_else(|| ZoneError::Unknown {
            name: trimmed.to_owned(),
            suggestion: None,
        })
}

/// A zone typed by a person (`--tz`, `--participant-tz`, the config key): an IANA or Windows
/// name, never an abbreviation; see [`super::zone_names`].
pub fn parse_display_zone(name: &str) -> Result<Tz, ZoneError> {
    super::zone_names::parse_user_zone(name)
}

fn is_custom_zone_name(name: &str) -> bool {
    name.eq_ignore_ascii_case("Customized Time Zone") || name.starts_with("tzone://")
}

fn named_tz(name: &str) -> Option<Tz> {
    if let Ok(tz) = Tz::from_str(name) {
        return Some(tz);
    }
    if let Ok(windows) = WindowsTimezone::from_str(name) {
        return Some(Tz::from(windows));
    }
    TZ_VARIANTS
        .iter()
        .copied()
        .find(|tz| tz.name().eq_ignore_ascii_case(name))
}

#[cfg(test)]
mod tests {
    use super::super::test_fixtures::{local, sunday_rule};
    use super::*;

    /// Graph's own sample: US Pacific as a customTimeZone.
    fn graph_sample_pacific() -> CustomZone {
        CustomZone {
            bias_minutes: 480,
            standard: Some(sunday_rule(11, 1, 2, 0)),
            daylight: Some(sunday_rule(3, 2, 2, -60)),
        }
    }

    /// Australia/Sydney: +10:00, daylight +11:00 from the 1st Sunday of October 02:00
    /// (standard time) to the 1st Sunday of April 03:00 (daylight time).
    fn sydney_like() -> CustomZone {
        CustomZone {
            bias_minutes: -600,
            standard: Some(sunday_rule(4, 1, 3, 0)),
            daylight: Some(sunday_rule(10, 1, 2, -60)),
        }
    }

    /// Compares every half hour of 2026 (and New Year on both sides) against the IANA zone.
    fn assert_same_offsets_all_year(custom: CustomZone, iana: Tz) {
        let zone = WorkZone::Custom(custom);
        let mut t = local(2025, 12, 31, 0, 0);
        while t < local(2027, 1, 2, 0, 0) {
            assert_eq!(
                zone.offset_from_utc_datetime(&t).fix(),
                iana.offset_from_utc_datetime(&t).fix(),
                "at {t} UTC"
            );
            t += chrono::Duration::minutes(30);
        }
    }

    #[test]
    fn windows_zone_maps_to_iana() {
        assert_eq!(
            resolve_zone_name("Pacific Standard Time"),
            Ok(WorkZone::Tz(Tz::America__Los_Angeles))
        );
        assert_eq!(
            resolve_zone_name("W. Europe Standard Time"),
            Ok(WorkZone::Tz(Tz::Europe__Berlin))
        );
    }

    #[test]
    fn windows_zone_may_map_to_cldr_legacy_name() {
        let zone = parse_display_zone("India Standard Time").unwrap();
        assert!(
            matches!(zone.name(), "Asia/Calcutta" | "Asia/Kolkata"),
            "{}",
            zone.name()
        );
    }

    #[test]
    fn iana_names_resolve_exactly_and_ignoring_case() {
        assert_eq!(parse_display_zone("Europe/Berlin"), Ok(Tz::Europe__Berlin));
        assert_eq!(parse_display_zone("europe/berlin"), Ok(Tz::Europe__Berlin));
        assert_eq!(parse_display_zone(" Asia/Kolkata "), Ok(Tz::Asia__Kolkata));
    }

    #[test]
    fn utc_spellings_resolve() {
        for name in ["UTC", "Etc/UTC", "utc"] {
            let tz = parse_display_zone(name).unwrap();
            assert_eq!(
                tz.offset_from_utc_datetime(&local(2026, 7, 1, 0, 0))
                    .fix()
                    .local_minus_utc(),
                0
            );
        }
    }

    #[test]
    fn unknown_zone_error_names_the_zone() {
        let err = resolve_zone_name("Mars/Olympus_Mons").unwrap_err();
        assert_eq!(
            err,
            ZoneError::Unknown {
                name: "Mars/Olympus_Mons".into(),
                suggestion: None,
            }
        );
        assert!(err.to_string().contains("`Mars/Olympus_Mons`"));
    }

    #[test]
    fn customized_time_zone_name_needs_rules() {
        assert!(matches!(
            resolve_zone_name("Customized Time Zone"),
            Err(ZoneError::CustomNeedsRules { .. })
        ));
        assert!(matches!(
            parse_display_zone("tzone://Microsoft/Custom"),
            Err(ZoneError::CustomNeedsRules { .. })
        ));
        assert_eq!(resolve_zone_name("  "), Err(ZoneError::Empty));
    }

    #[test]
    fn custom_zone_northern_hemisphere_matches_los_angeles() {
        assert_same_offsets_all_year(graph_sample_pacific(), Tz::America__Los_Angeles);
    }

    #[test]
    fn custom_zone_southern_hemisphere_dst() {
        assert_same_offsets_all_year(sydney_like(), Tz::Australia__Sydney);
    }

    #[test]
    fn custom_zone_reports_gap_and_fold_like_iana() {
        let zone = WorkZone::Custom(graph_sample_pacific());
        let la = Tz::America__Los_Angeles;
        for reading in [
            local(2026, 3, 8, 2, 30),  // gap
            local(2026, 11, 1, 1, 30), // fold
            local(2026, 11, 1, 2, 0),  // just after the fold
            local(2026, 7, 1, 12, 0),
        ] {
            let ours = zone.from_local_datetime(&reading).map(|t| t.naive_utc());
            let theirs = la.from_local_datetime(&reading).map(|t| t.naive_utc());
            assert_eq!(ours, theirs, "reading {reading}");
        }
        assert!(matches!(
            zone.from_local_datetime(&local(2026, 3, 8, 2, 30)),
            MappedLocalTime::None
        ));
    }

    #[test]
    fn custom_zone_southern_fold_is_in_april() {
        let zone = WorkZone::Custom(sydney_like());
        let reading = local(2026, 4, 5, 2, 30);
        let ours = zone.from_local_datetime(&reading).map(|t| t.naive_utc());
        let theirs = Tz::Australia__Sydney
            .from_local_datetime(&reading)
            .map(|t| t.naive_utc());
        assert!(matches!(ours, MappedLocalTime::Ambiguous(..)));
        assert_eq!(ours, theirs);
    }

    #[test]
    fn datetime_in_work_zone_round_trips_through_from_offset() {
        let zone = WorkZone::Custom(graph_sample_pacific());
        let t = zone.from_utc_datetime(&local(2026, 7, 1, 19, 0));
        assert_eq!(t.naive_local(), local(2026, 7, 1, 12, 0));
        assert_eq!(t.timezone(), zone);
        assert_eq!(t.to_string(), "2026-07-01 12:00:00 -07:00");
    }

    #[test]
    fn custom_zone_readings_at_the_ends_of_time_do_not_panic() {
        let zone = WorkZone::Custom(graph_sample_pacific());
        // UTC-8: the last reading's instant is past chrono's range, so it names no instant.
        assert!(matches!(
            zone.from_local_datetime(&NaiveDateTime::MAX),
            MappedLocalTime::None
        ));
        assert!(matches!(
            zone.from_local_datetime(&NaiveDateTime::MIN),
            MappedLocalTime::Single(_)
        ));
    }
}
