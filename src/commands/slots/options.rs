//! `slots` flags and config keys → validated options. Everything the user typed is checked
//! here, before any request: a bad value is exit 2 with a one-line error naming the flag.

use chrono::{DateTime, NaiveTime, TimeDelta, Utc, Weekday};
use chrono_tz::Tz;

use crate::cli::{OutputFormat, SlotsArgs};
use crate::error::AppError;
use crate::schedule::{self, Bound, Interval, WorkZone, WorkingHours};
use crate::store::config::SlotDefaults;

/// getSchedule takes at most 20 schedules: the organizer and 19 others.
pub const MAX_WITH: usize = 19;
/// Windows longer than this are almost certainly a typo (and cost one request per 61 days).
const MAX_WINDOW_DAYS: i64 = 366;

#[derive(Debug, Clone)]
pub struct SlotOptions {
    pub window: Interval,
    pub now: DateTime<Utc>,
    pub duration: TimeDelta,
    pub step: TimeDelta,
    pub buffer: TimeDelta,
    pub notice: TimeDelta,
    pub display_zone: Tz,
    pub max_per_day: Option<usize>,
    pub tentative_free: bool,
    pub with: Vec<String>,
    pub hours_override: Option<WorkingHours>,
    pub format: OutputFormat,
}

impl SlotOptions {
    /// Flags beat config keys, which beat the defaults of the contract.
    pub fn resolve(
        args: &SlotsArgs,
        config: &SlotDefaults,
        json: bool,
        now: DateTime<Utc>,
        machine_zone: impl FnOnce() -> Option<String>,
    ) -> Result<SlotOptions, AppError> {
        let display_zone = match args.tz.as_ref().or(config.tz.as_ref()) {
            Some(name) => schedule::parse_display_zone(name).map_err(|e| flag_error("--tz", e))?,
            None => machine_zone()
                .and_then(|name| schedule::parse_display_zone(&name).ok())
                .unwrap_or(Tz::UTC),
        };
        let duration = parse_flag_duration("--duration", &args.duration, &config.duration, "60m")?;
        let step = parse_flag_duration("--step", &args.step, &config.step, "30m")?;
        let buffer = parse_flag_duration("--buffer", &args.buffer, &config.buffer, "0m")?;
        let notice = parse_flag_duration("--notice", &args.notice, &config.notice, "0m")?;
        if duration <= TimeDelta::zero() {
            return Err(AppError::usage("--duration: must be longer than 0m"));
        }
        if duration > TimeDelta::hours(24) {
            return Err(AppError::usage("--duration: at most 24h"));
        }
        if step <= TimeDelta::zero() {
            return Err(AppError::usage("--step: must be longer than 0m"));
        }
        let window = window(args, display_zone, now)?;
        let max_per_day = args.max_per_day.or(config.max_per_day);
        if max_per_day == Some(0) {
            return Err(AppError::usage("--max-per-day: must be at least 1"));
        }
        let with = with_addresses(&args.with)?;
        let hours_spec = args.hours.as_ref().or(config.hours.as_ref());
        let days_spec = args.days_of_week.as_ref().or(config.days_of_week.as_ref());
        let hours_override = match hours_spec {
            Some(hours) => Some(working_hours(
                hours,
                days_spec.map(String::as_str),
                display_zone,
            )?),
            None if args.days_of_week.is_some() => {
                return Err(AppError::usage("--days-of-week: needs --hours"));
            }
            None => None,
        };
        let format = match (args.output, json) {
            (Some(OutputFormat::Json), _) | (None, true) => OutputFormat::Json,
            (Some(other), true) => {
                return Err(AppError::usage(format!(
                    "--json and --output {} disagree: use one",
                    format!("{other:?}").to_lowercase()
                )));
            }
            (Some(other), false) => other,
            (None, false) => OutputFormat::Table,
        };
        Ok(SlotOptions {
            window,
            now,
            duration,
            step,
            buffer,
            notice,
            display_zone,
            max_per_day,
            tentative_free: args.tentative_free || config.tentative_free.unwrap_or(false),
            with,
            hours_override,
            format,
        })
    }
}

fn flag_error(flag: &str, e: impl std::fmt::Display) -> AppError {
    AppError::usage(format!("{flag}: {e}"))
}

fn parse_flag_duration(
    flag: &str,
    given: &Option<String>,
    config: &Option<String>,
    default: &str,
) -> Result<TimeDelta, AppError> {
    let text = given.as_deref().or(config.as_deref()).unwrap_or(default);
    let value = schedule::parse_duration(text).map_err(|e| flag_error(flag, e))?;
    if value < TimeDelta::zero() {
        return Err(flag_error(flag, "must not be negative"));
    }
    Ok(value)
}

/// The window of the contract: `--week` (default) = 7 days from now, `--days N`, or
/// `--from`/`--to` (a date-only `--to` includes that day; a time `--to` is exclusive).
fn window(args: &SlotsArgs, zone: Tz, now: DateTime<Utc>) -> Result<Interval, AppError> {
    let (start, end) = if let Some(days) = args.days {
        if days == 0 {
            return Err(AppError::usage("--days: must be at least 1"));
        }
        (now, now + TimeDelta::days(i64::from(days)))
    } else if let Some(from) = &args.from {
        let start = schedule::parse_user_time(from, zone, Bound::From)
            .map_err(|e| flag_error("--from", e))?;
        let end = match &args.to {
            Some(to) => {
                schedule::parse_user_time(to, zone, Bound::To).map_err(|e| flag_error("--to", e))?
            }
            None => start + TimeDelta::days(7),
        };
        if end <= start {
            return Err(AppError::usage(format!(
                "--from {from} is not before --to {}",
                args.to.as_deref().unwrap_or("")
            )));
        }
        (start.max(now), end)
    } else {
        (now, now + TimeDelta::days(7))
    };
    if end <= now {
        return Err(AppError::usage("--to: the window is in the past"));
    }
    if end - start > TimeDelta::days(MAX_WINDOW_DAYS) {
        return Err(AppError::usage(format!(
            "the window is longer than {MAX_WINDOW_DAYS} days"
        )));
    }
    Ok(Interval::new(start, end))
}

/// Checks `--with` addresses: plain SMTP addresses, no duplicates, at most 19.
fn with_addresses(given: &[String]) -> Result<Vec<String>, AppError> {
    let mut out: Vec<String> = Vec::new();
    for address in given {
        let address = address.trim();
        if !is_plain_email(address) {
            return Err(AppError::usage(format!(
                "--with: `{address}` is not an e-mail address"
            )));
        }
        if !out.iter().any(|a| a.eq_ignore_ascii_case(address)) {
            out.push(address.to_owned());
        }
    }
    if out.len() > MAX_WITH {
        return Err(AppError::usage(format!(
            "--with: at most {MAX_WITH} people or rooms (Microsoft's getSchedule takes 20 schedules, yours included)"
        )));
    }
    Ok(out)
}

/// `local@domain.tld`, no spaces or display names: what getSchedule accepts.
pub fn is_plain_email(text: &str) -> bool {
    let Some((local, domain)) = text.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && local.len() <= 64
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains('@')
        && text.len() <= 254
        && text
            .chars()
            .all(|c| c.is_ascii_graphic() && !matches!(c, '<' | '>' | '(' | ')' | ',' | ';' | '"'))
}

/// `--hours 09:00-17:00 --days-of-week mon-fri` in the display zone.
fn working_hours(hours: &str, days: Option<&str>, zone: Tz) -> Result<WorkingHours, AppError> {
    let bad = || {
        AppError::usage(format!(
            "--hours: `{hours}` is not HH:MM-HH:MM (e.g. 09:00-17:00)"
        ))
    };
    let (start, end) = hours.split_once('-').ok_or_else(bad)?;
    let parse = |t: &str| NaiveTime::parse_from_str(t.trim(), "%H:%M").map_err(|_| bad());
    let (start, end) = (parse(start)?, parse(end)?);
    if start == end {
        return Err(AppError::usage("--hours: start and end are the same"));
    }
    Ok(WorkingHours {
        days: weekdays(days.unwrap_or("mon-fri"))?,
        start,
        end,
        zone: WorkZone::Tz(zone),
    })
}

const WEEK: [Weekday; 7] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
    Weekday::Sat,
    Weekday::Sun,
];

/// `mon-fri`, `mon,wed,fri`, `sat-sun`, `fri-mon` (wrapping).
fn weekdays(spec: &str) -> Result<Vec<Weekday>, AppError> {
    let bad = |part: &str| {
        AppError::usage(format!(
            "--days-of-week: `{part}` is not a weekday or range (mon-fri, mon,wed,fri)"
        ))
    };
    let day = |name: &str| name.trim().parse::<Weekday>().map_err(|_| bad(name));
    let mut days: Vec<Weekday> = Vec::new();
    for part in spec.split(',') {
        match part.split_once('-') {
            Some((a, b)) => {
                let (a, b) = (day(a)?, day(b)?);
                let mut d = a;
                loop {
                    days.push(d);
                    if d == b {
                        break;
                    }
                    d = d.succ();
                }
            }
            None => days.push(day(part)?),
        }
    }
    days.sort_by_key(|d| WEEK.iter().position(|w| w == d));
    days.dedup();
    Ok(days)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<Utc> {
        "2026-11-30T08:00:00Z".parse().unwrap()
    }

    fn resolve(args: SlotsArgs) -> Result<SlotOptions, AppError> {
        SlotOptions::resolve(&args, &SlotDefaults::default(), false, now(), || {
            Some("Europe/Berlin".into())
        })
    }

    #[test]
    fn defaults_follow_the_contract() {
        let o = resolve(SlotsArgs::default()).unwrap();
        assert_eq!(o.duration, TimeDelta::minutes(60));
        assert_eq!(o.step, TimeDelta::minutes(30));
        assert_eq!(o.buffer, TimeDelta::zero());
        assert_eq!(o.window, Interval::new(now(), now() + TimeDelta::days(7)));
        assert_eq!(o.display_zone, chrono_tz::Europe::Berlin);
    }

    #[test]
    fn bad_values_name_their_flag() {
        let cases = [
            (
                SlotsArgs {
                    duration: Some("banana".into()),
                    ..Default::default()
                },
                "--duration",
            ),
            (
                SlotsArgs {
                    step: Some("0m".into()),
                    ..Default::default()
                },
                "--step",
            ),
            (
                SlotsArgs {
                    tz: Some("Mars/Olympus".into()),
                    ..Default::default()
                },
                "--tz",
            ),
            (
                SlotsArgs {
                    from: Some("2026-12-05".into()),
                    to: Some("2026-12-01".into()),
                    ..Default::default()
                },
                "--from",
            ),
            (
                SlotsArgs {
                    from: Some("2020-01-01".into()),
                    to: Some("2020-01-02".into()),
                    ..Default::default()
                },
                "past",
            ),
            (
                SlotsArgs {
                    with: vec!["not-an-address".into()],
                    ..Default::default()
                },
                "--with",
            ),
            (
                SlotsArgs {
                    hours: Some("9-5".into()),
                    ..Default::default()
                },
                "--hours",
            ),
        ];
        for (args, needle) in cases {
            let e = resolve(args).unwrap_err();
            assert_eq!(e.exit().code(), 2);
            assert!(
                e.to_string().contains(needle),
                "{e} should mention {needle}"
            );
        }
    }

    #[test]
    fn date_only_to_includes_that_day() {
        let o = resolve(SlotsArgs {
            from: Some("2026-12-01".into()),
            to: Some("2026-12-01".into()),
            ..Default::default()
        })
        .unwrap();
        assert_eq!(
            o.window.end,
            "2026-12-01T23:00:00Z".parse::<DateTime<Utc>>().unwrap()
        );
    }

    #[test]
    fn weekday_ranges_wrap_and_lists_work() {
        assert_eq!(weekdays("mon-fri").unwrap().len(), 5);
        assert_eq!(
            weekdays("fri-mon").unwrap(),
            vec![Weekday::Mon, Weekday::Fri, Weekday::Sat, Weekday::Sun]
        );
        assert_eq!(
            weekdays("mon,wed").unwrap(),
            vec![Weekday::Mon, Weekday::Wed]
        );
        assert!(weekdays("funday").is_err());
    }

    #[test]
    fn too_many_with_addresses_are_refused() {
        let with = (0..20).map(|i| format!("p{i}@contoso.example")).collect();
        assert!(
            resolve(SlotsArgs {
                with,
                ..Default::default()
            })
            .is_err()
        );
    }

    #[test]
    fn json_and_csv_output_conflict() {
        let args = SlotsArgs {
            output: Some(OutputFormat::Csv),
            ..Default::default()
        };
        assert!(
            SlotOptions::resolve(&args, &SlotDefaults::default(), true, now(), || None).is_err()
        );
    }
}
