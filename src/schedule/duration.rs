//! Human durations on the command line: `45m`, `1h`, `1h30m`, `90m`, `2d`, `1d 2h`.
//!
//! Minute resolution is all scheduling needs, so the units are `d`, `h` and `m` (case-insensitive),
//! each at most once and largest first. A bare number is refused rather than guessed, with a hint
//! that names the unit most people mean (`90` → `90m`).

use chrono::TimeDelta;
use thiserror::Error;

/// Why a duration string was refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum DurationError {
    #[error("empty duration: use e.g. 45m, 1h or 1h30m")]
    Empty,
    #[error("`{input}` needs a unit: {number}m (or {number}h, {number}d)")]
    MissingUnit { input: String, number: String },
    #[error("`{input}`: unknown unit `{unit}` (use d, h or m, e.g. 1h30m)")]
    UnknownUnit { input: String, unit: String },
    #[error("`{input}`: units must appear once each, largest first (e.g. 1d2h30m)")]
    UnitOrder { input: String },
    #[error("`{input}` is not a duration: use whole numbers with d, h or m, e.g. 45m or 1h30m")]
    Malformed { input: String },
    #[error("`{input}` is too long a duration")]
    TooLarge { input: String },
}

/// Parses `45m`, `1h`, `1h30m`, `90m`, `2d`, `1d 2h` (spaces between parts are allowed).
pub fn parse_duration(s: &str) -> Result<TimeDelta, DurationError> {
    let input = s.trim();
    if input.is_empty() {
        return Err(DurationError::Empty);
    }
    let compact: String = input
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase();
    if compact.chars().all(|c| c.is_ascii_digit()) {
        return Err(DurationError::MissingUnit {
            input: input.to_owned(),
            number: compact,
        });
    }

    let mut total_minutes: i64 = 0;
    // Rank of the last unit seen: days 3, hours 2, minutes 1; each must be smaller than the last.
    let mut last_rank = u8::MAX;
    let mut rest = compact.as_str();
    while !rest.is_empty() {
        let digits_len = rest
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(rest.len());
        if digits_len == 0 {
            return Err(DurationError::Malformed {
                input: input.to_owned(),
            });
        }
        let (digits, after) = rest.split_at(digits_len);
        let unit_len = after
            .find(|c: char| c.is_ascii_digit())
            .unwrap_or(after.len());
        let (unit, next) = after.split_at(unit_len);
        let (rank, minutes_per_unit) = match unit {
            "d" => (3, 24 * 60),
            "h" => (2, 60),
            "m" => (1, 1),
            _ => {
                return Err(DurationError::UnknownUnit {
                    input: input.to_owned(),
                    unit: unit.to_owned(),
                });
            }
        };
        if rank >= last_rank {
            return Err(DurationError::UnitOrder {
                input: input.to_owned(),
            });
        }
        last_rank = rank;
        let too_large = || DurationError::TooLarge {
            input: input.to_owned(),
        };
        let count: i64 = digits.parse().map_err(|_| too_large())?;
        total_minutes = count
            .checked_mul(minutes_per_unit)
            .and_then(|m| total_minutes.checked_add(m))
            .ok_or_else(too_large)?;
        rest = next;
    }
    TimeDelta::try_minutes(total_minutes).ok_or_else(|| DurationError::TooLarge {
        input: input.to_owned(),
    })
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
            parse_duration("1.5h"),
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
