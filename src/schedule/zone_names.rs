//! Zone names as people type them, and which zone times are shown in.
//!
//! Graph's names are read leniently by [`resolve_zone_name`]; a name a *person* types (`--tz`,
//! the `slots.tz` config key, `--participant-tz`, the `TZ` variable) goes through
//! [`parse_user_zone`], which is stricter and more helpful:
//! - an abbreviation (`EST`, `CET`, `PST`, `EST5EDT`...) is refused with the IANA name it most
//!   likely means: tzdb keeps some of them as fixed offsets or legacy rules (`EST` is UTC-5 all
//!   year, so it is an hour off in New York's summer) and does not know the others at all;
//! - an unknown name gets the closest real name as a suggestion: a bare city (`Berlin` →
//!   `Europe/Berlin`) or a typo (`Europe/Berln` → `Europe/Berlin`). Names differing only in case
//!   are accepted as they are (`europe/berlin`).
//!
//! [`choose_display_zone`] is the one order every command uses: the flag, else the config key,
//! else `TZ` when it names a zone (`America/New_York`, `:America/New_York`, or a path into a
//! zoneinfo directory; a POSIX rule such as `CET-1CEST,M3.5.0,M10.5.0/3` is not a name and is
//! ignored), else the system's zone, else UTC.

use chrono_tz::{TZ_VARIANTS, Tz};

use super::zone::{WorkZone, ZoneError, resolve_zone_name};

/// Abbreviations people type for a zone, and the IANA names they most often mean (the first is
/// the suggestion; the others are named when the abbreviation is used around the world).
const ABBREVIATIONS: &[(&str, &[&str])] = &[
    ("EST", &["America/New_York"]),
    ("EDT", &["America/New_York"]),
    ("EST5EDT", &["America/New_York"]),
    ("CST", &["America/Chicago", "Asia/Shanghai"]),
    ("CDT", &["America/Chicago"]),
    ("CST6CDT", &["America/Chicago"]),
    ("MST", &["America/Denver", "America/Phoenix"]),
    ("MDT", &["America/Denver"]),
    ("MST7MDT", &["America/Denver"]),
    ("PST", &["America/Los_Angeles"]),
    ("PDT", &["America/Los_Angeles"]),
    ("PST8PDT", &["America/Los_Angeles"]),
    ("AKST", &["America/Anchorage"]),
    ("AKDT", &["America/Anchorage"]),
    ("HST", &["Pacific/Honolulu"]),
    ("AST", &["America/Halifax", "Asia/Riyadh"]),
    ("ADT", &["America/Halifax"]),
    ("NST", &["America/St_Johns"]),
    ("NDT", &["America/St_Johns"]),
    ("BRT", &["America/Sao_Paulo"]),
    ("ART", &["America/Argentina/Buenos_Aires"]),
    ("WET", &["Europe/Lisbon"]),
    ("WEST", &["Europe/Lisbon"]),
    ("BST", &["Europe/London"]),
    ("IST", &["Asia/Kolkata", "Europe/Dublin", "Asia/Jerusalem"]),
    ("CET", &["Europe/Berlin", "Europe/Paris"]),
    ("CEST", &["Europe/Berlin", "Europe/Paris"]),
    ("MET", &["Europe/Berlin"]),
    ("MEST", &["Europe/Berlin"]),
    ("EET", &["Europe/Athens", "Europe/Helsinki"]),
    ("EEST", &["Europe/Athens", "Europe/Helsinki"]),
    ("MSK", &["Europe/Moscow"]),
    ("SAST", &["Africa/Johannesburg"]),
    ("WAT", &["Africa/Lagos"]),
    ("CAT", &["Africa/Maputo"]),
    ("EAT", &["Africa/Nairobi"]),
    ("PKT", &["Asia/Karachi"]),
    ("WIB", &["Asia/Jakarta"]),
    ("SGT", &["Asia/Singapore"]),
    ("HKT", &["Asia/Hong_Kong"]),
    ("PHT", &["Asia/Manila"]),
    ("JST", &["Asia/Tokyo"]),
    ("KST", &["Asia/Seoul"]),
    ("AWST", &["Australia/Perth"]),
    ("ACST", &["Australia/Adelaide"]),
    ("ACDT", &["Australia/Adelaide"]),
    ("AEST", &["Australia/Sydney", "Australia/Brisbane"]),
    ("AEDT", &["Australia/Sydney"]),
    ("NZST", &["Pacific/Auckland"]),
    ("NZDT", &["Pacific/Auckland"]),
];

/// The regions of tzdb's canonical names: a suggestion prefers them to legacy links
/// (`US/Eastern`, `Asia/Calcutta` is still a link but sorts after `Asia/Kolkata` by distance).
const REGIONS: &[&str] = &[
    "Africa/",
    "America/",
    "Antarctica/",
    "Asia/",
    "Atlantic/",
    "Australia/",
    "Europe/",
    "Indian/",
    "Pacific/",
];

/// A zone name typed by a person: IANA (any case) or Windows, never an abbreviation; see the
/// module doc. Custom zones cannot be named.
pub fn parse_user_zone(name: &str) -> Result<Tz, ZoneError> {
    let trimmed = name.trim();
    if let Some(hours) = utc_offset_hours(trimmed) {
        // tzdb has whole-hour fixed zones from Etc/GMT-14 to Etc/GMT+12, signs inverted.
        let etc_name = hours.filter(|h| (-12..=14).contains(h)).map(|h| match h {
            0 => "Etc/UTC".to_owned(),
            h if h > 0 => format!("Etc/GMT-{h}"),
            h => format!("Etc/GMT+{}", -h),
        });
        return Err(ZoneError::Offset {
            name: trimmed.to_owned(),
            etc_name,
        });
    }
    if let Some(suggestions) = abbreviation(trimmed) {
        return Err(ZoneError::Abbreviation {
            name: trimmed.to_owned(),
            suggestions: suggestions.iter().map(|s| (*s).to_owned()).collect(),
        });
    }
    match resolve_zone_name(trimmed) {
        Ok(WorkZone::Tz(tz)) => Ok(tz),
        // resolve_zone_name never builds a custom zone from a name alone.
        Ok(WorkZone::Custom(_)) => Err(ZoneError::CustomNeedsRules {
            name: trimmed.to_owned(),
        }),
        Err(ZoneError::Unknown { name, .. }) => {
            let suggestion = closest_zone_name(&name).map(str::to_owned);
            Err(ZoneError::Unknown { name, suggestion })
        }
        Err(other) => Err(other),
    }
}

/// An offset typed as a zone (`UTC+2`, `GMT-5`, `+02:00`, `UTC+05:30`): `Some`, holding its
/// hours east of UTC when they are whole (`Some(None)` for `UTC+05:30`).
fn utc_offset_hours(name: &str) -> Option<Option<i32>> {
    let upper = name.to_ascii_uppercase();
    let rest = upper
        .strip_prefix("UTC")
        .or_else(|| upper.strip_prefix("GMT"))
        .unwrap_or(&upper);
    let (sign, digits) = match rest.as_bytes().first()? {
        b'+' => (1, &rest[1..]),
        b'-' => (-1, &rest[1..]),
        _ => return None,
    };
    let (hours, minutes) = match digits.split_once(':') {
        Some((h, m)) => (h, m),
        None if digits.len() == 4 => digits.split_at(2),
        None => (digits, "00"),
    };
    let all_digits =
        |s: &str| !s.is_empty() && s.len() <= 2 && s.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(hours) || !all_digits(minutes) {
        return None;
    }
    let hours: i32 = hours.parse().ok()?;
    let whole = minutes.bytes().all(|b| b == b'0');
    Some(whole.then_some(sign * hours))
}

/// The IANA names an abbreviation stands for, when `name` is one (ignoring case).
fn abbreviation(name: &str) -> Option<&'static [&'static str]> {
    ABBREVIATIONS
        .iter()
        .find(|(abbr, _)| abbr.eq_ignore_ascii_case(name))
        .map(|(_, names)| *names)
}

/// The real zone name `typed` most likely means: the zone of a city typed alone (`berlin`,
/// `new york`), else the name (or city) at the smallest edit distance when that distance is
/// small for the length typed. `None` when nothing is close.
pub fn closest_zone_name(typed: &str) -> Option<&'static str> {
    // People write cities with spaces; tzdb writes them with underscores.
    let wanted = typed.trim().replace(' ', "_").to_ascii_lowercase();
    if wanted.is_empty() || wanted.len() > 64 {
        return None;
    }
    let names = || TZ_VARIANTS.iter().map(|tz| tz.name());
    let city = |name: &'static str| name.rsplit('/').next().unwrap_or(name);
    let canonical_first = |name: &&'static str| !REGIONS.iter().any(|r| name.starts_with(r));
    let mut same_city: Vec<&'static str> = names()
        .filter(|name| name.contains('/') && city(name).eq_ignore_ascii_case(&wanted))
        .collect();
    same_city.sort_by_key(canonical_first);
    if let Some(first) = same_city.first() {
        return Some(first);
    }
    // Too short to tell a typo from another name (`Z` is one slip from `NZ`).
    if wanted.chars().count() < 4 {
        return None;
    }
    // Allow about one slip in four characters, and at most three.
    let allowed = (wanted.chars().count() / 4).clamp(1, 3);
    names()
        .filter_map(|name| {
            let full = strsim::levenshtein(&wanted, &name.to_ascii_lowercase());
            let by_city = strsim::levenshtein(&wanted, &city(name).to_ascii_lowercase());
            let distance = full.min(by_city);
            (distance <= allowed).then_some((distance, canonical_first(&name), name))
        })
        .min()
        .map(|(_, _, name)| name)
}

/// The zone named by a `TZ` value, if it names one: `America/New_York`, `:America/New_York`, or
/// a path into a zoneinfo directory. Anything else (empty, a POSIX rule, an abbreviation, a
/// path that is not a zone) names no zone here.
pub fn zone_of_tz_variable(value: &str) -> Option<Tz> {
    let name = value.strip_prefix(':').unwrap_or(value);
    let name = match name.rfind("zoneinfo/") {
        Some(at) => &name[at + "zoneinfo/".len()..],
        None => name,
    };
    // A POSIX rule carries digits or signs in its offsets; zone names that do (Etc/GMT+5) have
    // a slash. Refusing here keeps `EST5EDT`-like rules out even when tzdb has a link by that name.
    let posix_like = !name.contains('/') && name.chars().any(|c| c.is_ascii_digit() || c == ',');
    if name.is_empty() || posix_like {
        return None;
    }
    parse_user_zone(name).ok()
}

/// Where the display zone came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ZoneOrigin {
    /// `--tz`.
    Flag,
    /// The profile's `slots.tz` key.
    Config,
    /// The `TZ` environment variable.
    TzVariable,
    /// The system's zone (`/etc/localtime` on Linux).
    System,
    /// Nothing named a zone: UTC.
    Fallback,
}

/// Everything the display zone may come from, as read by the command.
#[derive(Debug, Clone, Copy, Default)]
pub struct ZoneSources<'a> {
    pub flag: Option<&'a str>,
    pub config: Option<&'a str>,
    pub tz_variable: Option<&'a str>,
    pub system: Option<&'a str>,
}

/// The display zone: `--tz`, else the config key, else `TZ` when it names a zone, else the
/// system's zone, else UTC. A bad flag or config value is an error (with its origin, so the
/// caller names it); a `TZ` or system value that names no zone is passed over.
pub fn choose_display_zone(
    sources: ZoneSources<'_>,
) -> Result<(Tz, ZoneOrigin), (ZoneOrigin, ZoneError)> {
    if let Some(name) = sources.flag {
        return parse_user_zone(name)
            .map(|tz| (tz, ZoneOrigin::Flag))
            .map_err(|e| (ZoneOrigin::Flag, e));
    }
    if let Some(name) = sources.config {
        return parse_user_zone(name)
            .map(|tz| (tz, ZoneOrigin::Config))
            .map_err(|e| (ZoneOrigin::Config, e));
    }
    if let Some(tz) = sources.tz_variable.and_then(zone_of_tz_variable) {
        return Ok((tz, ZoneOrigin::TzVariable));
    }
    // The system's name comes from the OS; a legacy link such as `US/Eastern` is fine there.
    if let Some(Ok(WorkZone::Tz(tz))) = sources.system.map(resolve_zone_name) {
        return Ok((tz, ZoneOrigin::System));
    }
    Ok((Tz::UTC, ZoneOrigin::Fallback))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refusal(name: &str) -> String {
        parse_user_zone(name).unwrap_err().to_string()
    }

    #[test]
    fn abbreviations_are_refused_with_the_iana_name() {
        for (typed, suggestion) in [
            ("EST", "America/New_York"),
            ("est", "America/New_York"),
            ("PST", "America/Los_Angeles"),
            ("CET", "Europe/Berlin"),
            ("EDT", "America/New_York"),
            ("MST", "America/Denver"),
            ("EST5EDT", "America/New_York"),
            ("PST8PDT", "America/Los_Angeles"),
        ] {
            let err = parse_user_zone(typed).unwrap_err();
            assert!(matches!(err, ZoneError::Abbreviation { .. }), "{typed}");
            let text = err.to_string();
            assert!(
                text.starts_with(&format!("`{typed}` is an abbreviation, not a zone")),
                "{text}"
            );
            assert!(
                text.contains(&format!("did you mean {suggestion}")),
                "{text}"
            );
        }
    }

    #[test]
    fn an_abbreviation_used_around_the_world_names_every_zone_it_may_mean() {
        let text = refusal("IST");
        assert!(
            text.contains("Asia/Kolkata") && text.contains("Europe/Dublin"),
            "{text}"
        );
    }

    #[test]
    fn a_utc_offset_is_refused_with_its_etc_name() {
        assert_eq!(
            refusal("UTC+2"),
            "`UTC+2` is a UTC offset, not a zone: name the zone (e.g. Europe/Berlin), or Etc/GMT-2 for that offset all year (tzdb's signs are inverted)"
        );
        assert!(refusal("GMT-5").contains("Etc/GMT+5"));
        assert!(refusal("+01:00").contains("Etc/GMT-1"));
        let half = refusal("UTC+05:30");
        assert!(
            half.contains("not a zone") && !half.contains("Etc/"),
            "{half}"
        );
        assert!(refusal("UTC+99").contains("not a zone"));
        assert_eq!(parse_user_zone("Etc/GMT-2"), Ok(Tz::Etc__GMTMinus2));
        assert_eq!(closest_zone_name("Z"), None);
    }

    #[test]
    fn utc_and_gmt_are_not_refused() {
        for name in ["UTC", "GMT", "Etc/UTC", "Etc/GMT+5"] {
            assert!(parse_user_zone(name).is_ok(), "{name}");
        }
    }

    #[test]
    fn a_bare_city_suggests_its_zone() {
        assert_eq!(closest_zone_name("Berlin"), Some("Europe/Berlin"));
        assert_eq!(closest_zone_name("new york"), Some("America/New_York"));
        assert_eq!(closest_zone_name("kolkata"), Some("Asia/Kolkata"));
        let text = refusal("Berlin");
        assert_eq!(
            text,
            "unknown time zone `Berlin`: did you mean Europe/Berlin?"
        );
    }

    #[test]
    fn a_typo_suggests_the_closest_name() {
        assert_eq!(closest_zone_name("Europe/Berln"), Some("Europe/Berlin"));
        assert_eq!(
            closest_zone_name("America/New_Yrok"),
            Some("America/New_York")
        );
        assert_eq!(closest_zone_name("Amsterdm"), Some("Europe/Amsterdam"));
    }

    #[test]
    fn nothing_close_suggests_nothing() {
        assert_eq!(closest_zone_name("Mars/Olympus_Mons"), None);
        assert_eq!(closest_zone_name(""), None);
        assert_eq!(closest_zone_name(&"x".repeat(10_000)), None);
        let text = refusal("Mars/Olympus_Mons");
        assert!(text.contains("use an IANA name (Europe/Berlin)"), "{text}");
    }

    #[test]
    fn names_differing_only_in_case_are_accepted() {
        assert_eq!(parse_user_zone("europe/berlin"), Ok(Tz::Europe__Berlin));
        assert_eq!(
            parse_user_zone("W. Europe Standard Time"),
            Ok(Tz::Europe__Berlin)
        );
    }

    #[test]
    fn the_tz_variable_names_a_zone_in_its_usual_forms() {
        for value in [
            "America/New_York",
            ":America/New_York",
            ":/usr/share/zoneinfo/America/New_York",
            "/usr/share/zoneinfo/America/New_York",
        ] {
            assert_eq!(
                zone_of_tz_variable(value),
                Some(Tz::America__New_York),
                "{value}"
            );
        }
    }

    #[test]
    fn a_tz_variable_that_is_no_zone_name_is_passed_over() {
        for value in [
            "",
            ":",
            "EST",
            "EST5EDT",
            "CET-1CEST,M3.5.0,M10.5.0/3",
            "<+03>-3",
            "Mars/Olympus_Mons",
            ":/etc/localtime",
        ] {
            assert_eq!(zone_of_tz_variable(value), None, "{value:?}");
        }
    }

    #[test]
    fn the_display_zone_is_flag_then_config_then_tz_then_system() {
        let all = ZoneSources {
            flag: Some("Asia/Tokyo"),
            config: Some("Europe/Paris"),
            tz_variable: Some(":America/New_York"),
            system: Some("Europe/Berlin"),
        };
        let pick = |s: ZoneSources| choose_display_zone(s).unwrap();
        assert_eq!(pick(all), (Tz::Asia__Tokyo, ZoneOrigin::Flag));
        let no_flag = ZoneSources { flag: None, ..all };
        assert_eq!(pick(no_flag), (Tz::Europe__Paris, ZoneOrigin::Config));
        let no_config = ZoneSources {
            config: None,
            ..no_flag
        };
        assert_eq!(
            pick(no_config),
            (Tz::America__New_York, ZoneOrigin::TzVariable)
        );
        let posix_tz = ZoneSources {
            tz_variable: Some("CET-1CEST,M3.5.0,M10.5.0/3"),
            ..no_config
        };
        assert_eq!(pick(posix_tz), (Tz::Europe__Berlin, ZoneOrigin::System));
        let nothing = ZoneSources::default();
        assert_eq!(pick(nothing), (Tz::UTC, ZoneOrigin::Fallback));
    }

    #[test]
    fn a_bad_flag_or_config_value_is_an_error_with_its_origin() {
        let flag = ZoneSources {
            flag: Some("EST"),
            ..ZoneSources::default()
        };
        assert!(matches!(
            choose_display_zone(flag),
            Err((ZoneOrigin::Flag, ZoneError::Abbreviation { .. }))
        ));
        let config = ZoneSources {
            config: Some("Berln"),
            tz_variable: Some("Europe/Berlin"),
            ..ZoneSources::default()
        };
        assert!(matches!(
            choose_display_zone(config),
            Err((ZoneOrigin::Config, ZoneError::Unknown { .. }))
        ));
    }
}
