//! Human durations on the command line, as people type them: `45m`, `45min`, `90 minutes`,
//! `1h`, `1h30m`, `1h30`, `1h 30m`, `1.5h`, `2 hours`, `2d`, `1d 2h`.
//!
//! Units (any case, spaces allowed anywhere between parts): `d`/`day(s)`, `h`/`hr(s)`/
//! `hour(s)`, `m`/`min(s)`/`minute(s)`, and, for [`parse_duration_with_seconds`] only,
//! `s`/`sec(s)`/`second(s)`. Each unit at most once, largest first. A number with a decimal
//! point (`1.5h`, `0,75h`) must come to whole minutes (whole seconds). A number after hours with
//! no unit is minutes (`1h30`), as people write clock-like durations. A bare number is refused
//! rather than guessed, with a hint that names the unit most people mean (`90` → `90m`).
//! Every number is bounded before any arithmetic and every step is checked.

use chrono::TimeDelta;
use thiserror::Error;

/// Why a duration string was refused. No message ever shows an empty unit.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum DurationError {
    #[error("empty duration: use e.g. 45m, 1h or 1h30m")]
    Empty,
    #[error("`{input}` needs a unit: {number}m (or {number}h, {number}d)")]
    MissingUnit { input: String, number: String },
    #[error("`{input}`: `{number}` needs a unit (e.g. {number}m)")]
    TrailingNumber { input: String, number: String },
    #[error("`{input}`: unknown unit `{unit}` (use {units}, e.g. 1h30m)")]
    UnknownUnit {
        input: String,
        unit: String,
        units: &'static str,
    },
    #[error("`{input}`: units must appear once each, largest first (e.g. 1d2h30m)")]
    UnitOrder { input: String },
    #[error("`{input}` is not a whole number of {resolution}s (e.g. 1.5h = 1h30m)")]
    NotWhole {
        input: String,
        resolution: &'static str,
    },
    #[error("`{input}` is not a duration: use numbers with d, h or m, e.g. 45m, 1h30m or 1.5h")]
    Malformed { input: String },
    #[error("`{input}` is too long a duration")]
    TooLarge { input: String },
}

/// Parses a duration at minute resolution (`45min`, `1h30`, `1.5h`, `90m`, `1h 30m`, `2 hours`);
/// see the module doc. This is the parser of every duration flag and config key.
pub fn parse_duration(s: &str) -> Result<TimeDelta, DurationError> {
    parse(s, Resolution::Minutes)
}

/// [`parse_duration`] that also takes seconds (`90s`, `1m30s`, `2.5m`): for timeouts.
pub fn parse_duration_with_seconds(s: &str) -> Result<TimeDelta, DurationError> {
    parse(s, Resolution::Seconds)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Resolution {
    Minutes,
    Seconds,
}

impl Resolution {
    fn units(self) -> &'static str {
        match self {
            Resolution::Minutes => "d, h or m",
            Resolution::Seconds => "d, h, m or s",
        }
    }

    fn name(self) -> &'static str {
        match self {
            Resolution::Minutes => "minute",
            Resolution::Seconds => "second",
        }
    }
}

/// Rank (larger unit, larger rank) and seconds per unit of a unit word.
fn unit(word: &str, resolution: Resolution) -> Option<(u8, i64)> {
    match word {
        "d" | "day" | "days" => Some((4, 86_400)),
        "h" | "hr" | "hrs" | "hour" | "hours" => Some((3, 3_600)),
        "m" | "min" | "mins" | "minute" | "minutes" => Some((2, 60)),
        "s" | "sec" | "secs" | "second" | "seconds" if resolution == Resolution::Seconds => {
            Some((1, 1))
        }
        _ => None,
    }
}

/// Most digits read on either side of a decimal point: beyond i64 before it, beyond any
/// useful precision after it.
const MAX_INTEGER_DIGITS: usize = 18;
const MAX_FRACTION_DIGITS: usize = 9;

fn parse(s: &str, resolution: Resolution) -> Result<TimeDelta, DurationError> {
    let input = s.trim();
    if input.is_empty() {
        return Err(DurationError::Empty);
    }
    let owned = || input.to_owned();
    let malformed = || DurationError::Malformed { input: owned() };
    let too_large = || DurationError::TooLarge { input: owned() };
    let text = input.to_ascii_lowercase();
    if text.chars().all(|c| c.is_ascii_digit()) {
        return Err(DurationError::MissingUnit {
            input: owned(),
            number: text,
        });
    }

    let mut total_seconds: i64 = 0;
    let mut last_rank = u8::MAX;
    let mut rest = text.trim_start();
    while !rest.is_empty() {
        let integer_len = rest
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(rest.len());
        if integer_len == 0 {
            return Err(malformed());
        }
        let (integer, after) = rest.split_at(integer_len);
        let (fraction, after) = match after.strip_prefix(['.', ',']) {
            Some(tail) => {
                let len = tail
                    .find(|c: char| !c.is_ascii_digit())
                    .unwrap_or(tail.len());
                if len == 0 || len > MAX_FRACTION_DIGITS {
                    return Err(malformed());
                }
                tail.split_at(len)
            }
            None => ("", after),
        };
        let after = after.trim_start();
        let word_len = after
            .find(|c: char| !c.is_ascii_alphabetic())
            .unwrap_or(after.len());
        let (word, next) = after.split_at(word_len);
        let number = if fraction.is_empty() {
            integer.to_owned()
        } else {
            format!("{integer}.{fraction}")
        };
        let (rank, unit_seconds) = if word.is_empty() {
            // `1h30`: minutes after hours, and only at the end.
            if last_rank == 3 && fraction.is_empty() && next.trim().is_empty() {
                (2, 60)
            } else if next.trim().is_empty()
                || next.trim_start().starts_with(|c: char| c.is_ascii_digit())
            {
                return Err(DurationError::TrailingNumber {
                    input: owned(),
                    number,
                });
            } else {
                return Err(malformed());
            }
        } else {
            unit(word, resolution).ok_or_else(|| DurationError::UnknownUnit {
                input: owned(),
                unit: word.to_owned(),
                units: resolution.units(),
            })?
        };
        if rank >= last_rank {
            return Err(DurationError::UnitOrder { input: owned() });
        }
        last_rank = rank;
        if integer.len() > MAX_INTEGER_DIGITS {
            return Err(too_large());
        }
        let whole: i64 = integer.parse().map_err(|_| too_large())?;
        let mut seconds = whole.checked_mul(unit_seconds).ok_or_else(too_large)?;
        if !fraction.is_empty() {
            // Both factors are below 10^9 and 86,400: the product fits an i64.
            let scale = 10_i64.pow(fraction.len() as u32);
            let part: i64 = fraction.parse().map_err(|_| malformed())?;
            let scaled = part * unit_seconds;
            if scaled % scale != 0 {
                return Err(DurationError::NotWhole {
                    input: owned(),
                    resolution: resolution.name(),
                });
            }
            seconds = seconds.checked_add(scaled / scale).ok_or_else(too_large)?;
        }
        total_seconds = total_seconds.checked_add(seconds).ok_or_else(too_large)?;
        rest = next.trim_start();
    }
    if resolution == Resolution::Minutes && total_seconds % 60 != 0 {
        return Err(DurationError::NotWhole {
            input: owned(),
            resolution: resolution.name(),
        });
    }
    TimeDelta::try_seconds(total_seconds).ok_or_else(too_large)
}

/// Formats whole minutes the way [`parse_duration`] reads them: `1h30m`, `45m`, `2d`, `0m`.
///
/// Seconds are dropped (truncated toward zero); a negative duration gets a leading `-`.
pub fn format_duration(d: TimeDelta) -> String {
    let minutes = d.num_minutes();
    if minutes == 0 {
        return "0m".to_owned();
    }
    let sign = if minutes < 0 { "-" } else { "" };
    let abs = minutes.unsigned_abs();
    let (days, hours, mins) = (abs / (24 * 60), abs / 60 % 24, abs % 60);
    let mut out = String::from(sign);
    for (value, unit) in [(days, 'd'), (hours, 'h'), (mins, 'm')] {
        if value > 0 {
            out.push_str(&value.to_string());
            out.push(unit);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn minutes(m: i64) -> TimeDelta {
        TimeDelta::minutes(m)
    }

    #[test]
    fn parses_single_units() {
        assert_eq!(parse_duration("45m"), Ok(minutes(45)));
        assert_eq!(parse_duration("1h"), Ok(minutes(60)));
        assert_eq!(parse_duration("90m"), Ok(minutes(90)));
        assert_eq!(parse_duration("2d"), Ok(minutes(2 * 24 * 60)));
    }

    #[test]
    fn parses_combinations_with_and_without_spaces() {
        assert_eq!(parse_duration("1h30m"), Ok(minutes(90)));
        assert_eq!(parse_duration("1d 2h"), Ok(minutes(26 * 60)));
        assert_eq!(parse_duration(" 1H 30M "), Ok(minutes(90)));
    }

    #[test]
    fn zero_is_a_valid_duration() {
        assert_eq!(parse_duration("0m"), Ok(TimeDelta::zero()));
    }

    #[test]
    fn bare_number_suggests_minutes() {
        let err = parse_duration("90").unwrap_err();
        assert!(matches!(err, DurationError::MissingUnit { .. }));
        assert!(err.to_string().contains("`90` needs a unit: 90m"), "{err}");
    }

    #[test]
    fn seconds_are_an_unknown_unit() {
        let err = parse_duration("30s").unwrap_err();
        assert!(err.to_string().contains("unknown unit `s`"), "{err}");
    }

    #[test]
    fn durations_as_people_type_them() {
        for (typed, m) in [
            ("45min", 45),
            ("45 mins", 45),
            ("90 minutes", 90),
            ("1h30", 90),
            ("1h 30", 90),
            ("1.5h", 90),
            ("1,5h", 90),
            ("0.75 hours", 45),
            ("90m", 90),
            ("1h 30m", 90),
            ("1 hour 30 minutes", 90),
            ("2 hours", 120),
            ("2hrs", 120),
            ("1 day", 24 * 60),
            ("1.5d", 36 * 60),
            ("1d 2h 5", 26 * 60 + 5),
        ] {
            assert_eq!(parse_duration(typed), Ok(minutes(m)), "{typed}");
        }
    }

    #[test]
    fn a_number_with_no_unit_is_minutes_only_after_hours_and_at_the_end() {
        for typed in ["1m30", "1d2", "1h30 2m", "30 1h"] {
            let err = parse_duration(typed).unwrap_err();
            assert!(
                matches!(
                    err,
                    DurationError::TrailingNumber { .. } | DurationError::UnitOrder { .. }
                ),
                "{typed}: {err:?}"
            );
            assert!(!err.to_string().contains("``"), "{err}");
        }
        let err = parse_duration("1m30").unwrap_err();
        assert_eq!(err.to_string(), "`1m30`: `30` needs a unit (e.g. 30m)");
    }

    #[test]
    fn fractions_must_come_to_whole_minutes() {
        assert_eq!(parse_duration("1.25h"), Ok(minutes(75)));
        let err = parse_duration("1.51h").unwrap_err();
        assert!(matches!(err, DurationError::NotWhole { .. }), "{err:?}");
        assert_eq!(
            err.to_string(),
            "`1.51h` is not a whole number of minutes (e.g. 1.5h = 1h30m)"
        );
        assert!(parse_duration("1.5m").is_err());
        assert!(parse_duration("1.h").is_err());
        assert!(parse_duration(".5h").is_err());
        assert!(parse_duration("1.1234567891h").is_err());
    }

    #[test]
    fn no_error_shows_an_empty_unit() {
        for typed in [
            "1h30", "1h30m15", "1h 30 ", "5 m 3", "1.5", "2 3h", "h5", "1h-", "1h+30", "45 min!",
            "1h30m5", "١h",
        ] {
            if let Err(err) = parse_duration(typed) {
                let text = err.to_string();
                assert!(!text.contains("``"), "{typed:?}: {text}");
                assert!(!text.contains('\n'), "{typed:?}: {text}");
            }
        }
    }

    #[test]
    fn seconds_are_read_for_timeouts_only() {
        assert_eq!(
            parse_duration_with_seconds("90s"),
            Ok(TimeDelta::seconds(90))
        );
        assert_eq!(parse_duration_with_seconds("5m"), Ok(TimeDelta::minutes(5)));
        assert_eq!(
            parse_duration_with_seconds("1m 30 seconds"),
            Ok(TimeDelta::seconds(90))
        );
        assert_eq!(
            parse_duration_with_seconds("2.5m"),
            Ok(TimeDelta::seconds(150))
        );
        assert!(matches!(
            parse_duration_with_seconds("0.5s"),
            Err(DurationError::NotWhole { .. })
        ));
        assert!(matches!(
            parse_duration_with_seconds("90"),
            Err(DurationError::MissingUnit { .. })
        ));
    }

    #[test]
    fn refuses_repeated_or_reversed_units() {
        assert!(matches!(
            parse_duration("30m1h"),
            Err(DurationError::UnitOrder { .. })
        ));
        assert!(matches!(
            parse_duration("1h1h"),
            Err(DurationError::UnitOrder { .. })
        ));
    }

    #[test]
    fn refuses_malformed_and_empty_input() {
        assert_eq!(parse_duration("  "), Err(DurationError::Empty));
        assert!(matches!(
            parse_duration("h"),
            Err(DurationError::Malformed { .. })
        ));
        assert!(matches!(
            parse_duration("-5m"),
            Err(DurationError::UnknownUnit { .. }) | Err(DurationError::Malformed { .. })
        ));
        assert!(matches!(
            parse_duration("1.5x"),
            Err(DurationError::UnknownUnit { .. })
        ));
    }

    #[test]
    fn refuses_overflowing_numbers() {
        assert!(matches!(
            parse_duration("99999999999999999999m"),
            Err(DurationError::TooLarge { .. })
        ));
        assert!(matches!(
            parse_duration("9999999999999999d"),
            Err(DurationError::TooLarge { .. })
        ));
    }

    #[test]
    fn formats_compactly() {
        assert_eq!(format_duration(minutes(90)), "1h30m");
        assert_eq!(format_duration(minutes(45)), "45m");
        assert_eq!(format_duration(TimeDelta::zero()), "0m");
        assert_eq!(format_duration(minutes(12 * 60)), "12h");
        assert_eq!(format_duration(minutes(2 * 24 * 60 + 5)), "2d5m");
        assert_eq!(format_duration(-minutes(30)), "-30m");
        assert_eq!(format_duration(TimeDelta::seconds(59)), "0m");
    }

    #[test]
    fn format_then_parse_round_trips() {
        for m in [1, 15, 59, 60, 61, 1439, 1440, 1441, 10_000] {
            assert_eq!(parse_duration(&format_duration(minutes(m))), Ok(minutes(m)));
        }
    }
}
