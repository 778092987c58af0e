//! `slots` flags and config keys → validated options. Everything the user typed is checked
//! here, before any request: a bad value is exit 2 with a one-line error naming the flag.
//!
//! Every number is bounded before it takes part in any arithmetic (see the `MAX_*` constants),
//! and every step on an instant is checked, so no input can overflow a date or make the command
//! send more than [`MAX_WINDOW_REQUESTS`] getSchedule requests.

use chrono::{DateTime, Days, NaiveTime, TimeDelta, Utc, Weekday};
use chrono_tz::Tz;

use crate::cli::SlotsArgs;
use crate::commands::interview_common::{ZoneEnv, display_zone_in};
use crate::email::EmailAddress;
use crate::error::AppError;
use crate::graph::schedule::MAX_REQUEST_SPAN;
use crate::schedule::local_time::resolve_local_forward;
use crate::schedule::{
    self, Bound, CALENDAR_RANGE, DurationError, Interval, WorkZone, WorkingHours, format_duration,
    split_window,
};
use crate::store::config::SlotDefaults;

/// getSchedule takes at most 20 schedules: the organizer and 19 others.
pub const MAX_WITH: usize = 19;
/// The longest window, in days: a year, leap day included. Longer is almost certainly a typo.
pub const MAX_WINDOW_DAYS: u32 = 366;
pub const MAX_WINDOW: TimeDelta = TimeDelta::days(MAX_WINDOW_DAYS as i64);
/// The shortest and longest interview.
pub const MIN_DURATION: TimeDelta = TimeDelta::minutes(1);
pub const MAX_DURATION: TimeDelta = TimeDelta::hours(24);
/// The grid's finest and coarsest spacing (durations have minute resolution).
pub const MIN_STEP: TimeDelta = TimeDelta::minutes(1);
pub const MAX_STEP: TimeDelta = TimeDelta::hours(24);
/// The most free time kept on each side of a busy item.
pub const MAX_BUFFER: TimeDelta = TimeDelta::hours(24);
/// The longest notice: as far ahead as the longest window reaches.
pub const MAX_NOTICE: TimeDelta = MAX_WINDOW;
/// One slot a minute all day.
pub const MAX_PER_DAY: usize = 24 * 60;
/// The most getSchedule requests one `slots` sends: the longest window widened by the largest
/// buffer on both sides (368 days), cut in chunks of 61 days.
pub use crate::graph::schedule::MAX_WINDOW_REQUESTS;

/// How many chunks of [`MAX_REQUEST_SPAN`] cover a positive `span` (compile-time check only).
const fn requests_for(span: TimeDelta) -> usize {
    let chunk = MAX_REQUEST_SPAN.num_seconds() as u64;
    (span.num_seconds() as u64).div_ceil(chunk) as usize
}

const _: () = assert!(
    requests_for(TimeDelta::seconds(
        MAX_WINDOW.num_seconds() + 2 * MAX_BUFFER.num_seconds()
    )) <= MAX_WINDOW_REQUESTS,
    "the bounds allow more getSchedule requests than MAX_WINDOW_REQUESTS"
);

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
    /// Keep only slots that do not overlap each other.
    pub no_overlap: bool,
    pub with: Vec<EmailAddress>,
    pub hours_override: Option<WorkingHours>,
}

impl SlotOptions {
    /// Flags beat config keys, which beat the defaults of the contract.
    pub fn resolve(
        args: &SlotsArgs,
        config: &SlotDefaults,
        now: DateTime<Utc>,
        zone_env: &ZoneEnv,
    ) -> Result<SlotOptions, AppError> {
        let display_zone = display_zone_in(
            args.tz.as_deref(),
            config.tz.as_deref(),
            &config.origin.locate("slots.tz"),
            zone_env,
        )?;
        let pick =
            |flag, key, given, from_config| Setting::pick(flag, key, given, from_config, config);
        let duration = pick("--duration", "duration", &args.duration, &config.duration).duration(
            "60m",
            MIN_DURATION,
            MAX_DURATION,
        )?;
        let step =
            pick("--step", "step", &args.step, &config.step).duration("30m", MIN_STEP, MAX_STEP)?;
        let buffer = pick("--buffer", "buffer", &args.buffer, &config.buffer).duration(
            "0m",
            TimeDelta::zero(),
            MAX_BUFFER,
        )?;
        let notice = pick("--notice", "notice", &args.notice, &config.notice).duration(
            "0m",
            TimeDelta::zero(),
            MAX_NOTICE,
        )?;
        let max_per_day = max_per_day(args.max_per_day, config)?;
        let window = window(args, display_zone, now)?;
        // The busy items just outside the window matter once widened by the buffer, so the
        // requests cover the widened window: it must stay where Graph can write dates.
        if !CALENDAR_RANGE.contains(&window.widened(buffer)) {
            return Err(AppError::usage(
                "--from/--to: the window must end before the year 10000",
            ));
        }
        let with = with_addresses(&args.with)?;
        let hours_spec = args.hours.as_ref().or(config.hours.as_ref());
        let days_spec = args.days_of_week.as_ref().or(config.days_of_week.as_ref());
        let hours_override = match hours_spec {
            Some(hours) => Some(
                working_hours(hours, days_spec.map(String::as_str), display_zone)
                    .map_err(|e| from_config_key(e, args, config))?,
            ),
            None if args.days_of_week.is_some() => {
                return Err(AppError::usage("--days-of-week: needs --hours"));
            }
            None => None,
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
            no_overlap: args.no_overlap,
            with,
            hours_override,
        })
    }

    /// The time getSchedule must cover: the window widened by the buffer on both sides, since
    /// a busy item just outside the window still blocks a slot at its edge.
    pub fn request_span(&self) -> Interval {
        self.window.widened(self.buffer)
    }

    /// How many getSchedule requests these options cost; never more than
    /// [`MAX_WINDOW_REQUESTS`].
    pub fn window_requests(&self) -> usize {
        split_window(self.request_span(), MAX_REQUEST_SPAN).len()
    }
}

fn flag_error(flag: &str, e: impl std::fmt::Display) -> AppError {
    AppError::usage(format!("{flag}: {e}"))
}

/// A value the user gave, and where: errors name the flag, and the config key when the value
/// came from the config file.
struct Setting<'a> {
    flag: &'static str,
    key: &'static str,
    text: Option<&'a str>,
    /// The config's keys when the value came from the file.
    from_config: Option<&'a SlotDefaults>,
}

impl<'a> Setting<'a> {
    fn pick(
        flag: &'static str,
        key: &'static str,
        given: &'a Option<String>,
        config: &'a Option<String>,
        defaults: &'a SlotDefaults,
    ) -> Self {
        Setting {
            flag,
            key,
            text: given.as_deref().or(config.as_deref()),
            from_config: (given.is_none() && config.is_some()).then_some(defaults),
        }
    }

    /// Names the flag, or the file, line and key the value came from.
    fn error(&self, what: impl std::fmt::Display) -> AppError {
        match self.from_config {
            Some(defaults) => AppError::usage(format!(
                "{}: {what}",
                defaults.origin.locate(&format!("slots.{}", self.key))
            )),
            None => AppError::usage(format!("{}: {what}", self.flag)),
        }
    }

    /// The duration given (or `default`), refused outside `min..=max`. A number too large for
    /// any duration is refused the same way, so the message always says what is allowed.
    fn duration(
        &self,
        default: &str,
        min: TimeDelta,
        max: TimeDelta,
    ) -> Result<TimeDelta, AppError> {
        let text = self.text.unwrap_or(default);
        // On one line whatever the config file holds (the parser allows spaces between parts).
        let got = text.split_whitespace().collect::<Vec<_>>().join(" ");
        let too_large = || self.error(format!("at most {} (got {got})", bound_text(max)));
        let value = match schedule::parse_duration(text) {
            Ok(value) => value,
            Err(DurationError::TooLarge { .. }) => return Err(too_large()),
            Err(e) => return Err(self.error(e)),
        };
        if value > max {
            return Err(too_large());
        }
        if value < min {
            return Err(self.error(format!("at least {} (got {got})", bound_text(min))));
        }
        Ok(value)
    }
}

/// An error about `--hours`/`--days-of-week` whose value came from the config file names the
/// file, line and key instead.
fn from_config_key(e: AppError, args: &SlotsArgs, config: &SlotDefaults) -> AppError {
    let text = e.to_string();
    for (flag, given, key) in [
        ("--hours: ", args.hours.is_some(), "slots.hours"),
        (
            "--days-of-week: ",
            args.days_of_week.is_some(),
            "slots.days_of_week",
        ),
    ] {
        if let Some(rest) = text.strip_prefix(flag)
            && !given
        {
            let message = format!("{}: {rest}", config.origin.locate(key));
            return e.with_message(message);
        }
    }
    e
}

/// A bound as people say it: `24h` rather than `1d`, `366d`, `1m`.
fn bound_text(bound: TimeDelta) -> String {
    let whole_hours = bound.num_minutes() % 60 == 0;
    if whole_hours && bound <= TimeDelta::hours(24) && bound >= TimeDelta::hours(1) {
        format!("{}h", bound.num_hours())
    } else {
        format_duration(bound)
    }
}

fn max_per_day(given: Option<usize>, config: &SlotDefaults) -> Result<Option<usize>, AppError> {
    let label = if given.is_none() && config.max_per_day.is_some() {
        config.origin.locate("slots.max_per_day")
    } else {
        "--max-per-day".to_owned()
    };
    match given.or(config.max_per_day) {
        Some(0) => Err(AppError::usage(format!("{label}: must be at least 1"))),
        Some(n) if n > MAX_PER_DAY => Err(AppError::usage(format!(
            "{label}: at most {MAX_PER_DAY} (got {n})"
        ))),
        other => Ok(other),
    }
}

/// The window of the contract: `--week` (default) = the 7 days from now; `--from` (default now)
/// to `--to` (a date-only `--to` includes that day; a time `--to` is exclusive), or `--days N`
/// from `--from` (N calendar days on the display zone's clock) or from now; `--from` alone is 7
/// days. Bounded to [`MAX_WINDOW`]; every step on an instant is checked.
fn window(args: &SlotsArgs, zone: Tz, now: DateTime<Utc>) -> Result<Interval, AppError> {
    let days = match args.days {
        Some(0) => return Err(AppError::usage("--days: must be at least 1")),
        Some(days) if days > MAX_WINDOW_DAYS => {
            return Err(AppError::usage(format!(
                "--days: at most {MAX_WINDOW_DAYS} (got {days})"
            )));
        }
        days => days,
    };
    if let (Some(_), Some(_)) = (days, &args.to) {
        return Err(AppError::usage(
            "--days and --to both end the window: use one of them",
        ));
    }
    let past_end = |flag: &str| flag_error(flag, "the window ends past the supported dates");
    let start = match &args.from {
        Some(from) => schedule::parse_user_time(from, zone, Bound::From)
            .map_err(|e| flag_error("--from", e))?,
        None => now,
    };
    let (end, end_flag) = match (&args.to, days) {
        (Some(to), _) => (
            schedule::parse_user_time(to, zone, Bound::To).map_err(|e| flag_error("--to", e))?,
            "--to",
        ),
        (None, Some(days)) if args.from.is_some() => {
            // Calendar days: `--from 2026-03-02 --days 7` ends at midnight of the 9th, even
            // across a change of the clocks.
            let reading = start
                .with_timezone(&zone)
                .naive_local()
                .checked_add_days(Days::new(u64::from(days)))
                .ok_or_else(|| past_end("--days"))?;
            let end = resolve_local_forward(&zone, reading).ok_or_else(|| past_end("--days"))?;
            (end, "--from/--days")
        }
        (None, Some(days)) => (
            now.checked_add_signed(TimeDelta::days(i64::from(days)))
                .ok_or_else(|| past_end("--days"))?,
            "--days",
        ),
        (None, None) => {
            let flag = if args.from.is_some() {
                "--from"
            } else {
                "--week"
            };
            let end = start
                .checked_add_signed(TimeDelta::days(7))
                .ok_or_else(|| past_end(flag))?;
            (end, flag)
        }
    };
    if end <= start {
        return Err(AppError::usage(match (&args.from, &args.to) {
            (Some(from), Some(to)) => format!("--from {from} is not before --to {to}"),
            _ => format!("{end_flag}: the window is in the past"),
        }));
    }
    if end <= now {
        return Err(AppError::usage(format!(
            "{end_flag}: the window is in the past"
        )));
    }
    let start = start.max(now);
    // Both ends are representable instants, so their difference is too.
    let length = end.signed_duration_since(start);
    if length > MAX_WINDOW {
        return Err(AppError::usage(format!(
            "--from/--to: the window is longer than {MAX_WINDOW_DAYS} days (got {} days)",
            length.num_days()
        )));
    }
    Ok(Interval::new(start, end))
}

/// Checks `--with` addresses: plain SMTP addresses, no duplicates (ignoring case), at most 19.
fn with_addresses(given: &[String]) -> Result<Vec<EmailAddress>, AppError> {
    let mut out: Vec<EmailAddress> = Vec::new();
    for text in given {
        let address = EmailAddress::parse(text.trim()).map_err(|e| flag_error("--with", e))?;
        if !out.contains(&address) {
            out.push(address);
        }
    }
    if out.len() > MAX_WITH {
        return Err(AppError::usage(format!(
            "--with: at most {MAX_WITH} people or rooms (Microsoft's getSchedule takes 20 schedules, yours included)"
        )));
    }
    Ok(out)
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

use crate::schedule::working_hours::WEEK;

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

    /// A machine in Berlin with no `TZ`.
    fn berlin_machine() -> ZoneEnv {
        ZoneEnv {
            tz_variable: None,
            system: Some("Europe/Berlin".into()),
        }
    }

    fn resolve(args: SlotsArgs) -> Result<SlotOptions, AppError> {
        SlotOptions::resolve(&args, &SlotDefaults::default(), now(), &berlin_machine())
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
    fn to_alone_runs_from_now() {
        let o = resolve(args(&[("--to", "2026-12-02")])).unwrap();
        // The 2nd, whole, in Berlin: until midnight of the 3rd, 23:00 UTC.
        let end: DateTime<Utc> = "2026-12-02T23:00:00Z".parse().unwrap();
        assert_eq!(o.window, Interval::new(now(), end));
        let past = refusal(&[("--to", "2026-11-29")]);
        assert_eq!(past, "--to: the window is in the past");
    }

    #[test]
    fn from_and_days_is_n_calendar_days_from_that_date() {
        let o = resolve(args(&[("--from", "2026-12-07"), ("--days", "3")])).unwrap();
        let at = |s: &str| s.parse::<DateTime<Utc>>().unwrap();
        assert_eq!(
            o.window,
            Interval::new(at("2026-12-06T23:00:00Z"), at("2026-12-09T23:00:00Z"))
        );
        // Across Berlin's change to summer time (2027-03-28): still midnight to midnight.
        let o = SlotOptions::resolve(
            &args(&[("--from", "2027-03-27"), ("--days", "2")]),
            &SlotDefaults::default(),
            "2027-03-01T00:00:00Z".parse().unwrap(),
            &berlin_machine(),
        )
        .unwrap();
        assert_eq!(
            o.window,
            Interval::new(at("2027-03-26T23:00:00Z"), at("2027-03-28T22:00:00Z"))
        );
        let past = refusal(&[("--from", "2026-11-01"), ("--days", "3")]);
        assert_eq!(past, "--from/--days: the window is in the past");
    }

    #[test]
    fn days_and_to_together_are_refused_naming_both() {
        let line = refusal(&[
            ("--from", "2026-12-07"),
            ("--days", "3"),
            ("--to", "2026-12-09"),
        ]);
        assert!(line.contains("--days") && line.contains("--to"), "{line}");
    }

    #[test]
    fn the_display_zone_follows_tz_then_the_system() {
        let tz = ZoneEnv {
            tz_variable: Some("America/New_York".into()),
            system: Some("Europe/Berlin".into()),
        };
        let o = SlotOptions::resolve(&SlotsArgs::default(), &SlotDefaults::default(), now(), &tz)
            .unwrap();
        assert_eq!(o.display_zone, chrono_tz::America::New_York);
        let line = refusal(&[("--tz", "CET")]);
        assert_eq!(
            line,
            "--tz: `CET` is an abbreviation, not a zone: did you mean Europe/Berlin or Europe/Paris?"
        );
        let config = SlotOptions::resolve(
            &SlotsArgs::default(),
            &SlotDefaults {
                tz: Some("Europe/Berln".into()),
                ..SlotDefaults::default()
            },
            now(),
            &tz,
        )
        .map(|o| o.window)
        .unwrap_err();
        assert_eq!(
            config.to_string(),
            "config key slots.tz: unknown time zone `Europe/Berln`: did you mean Europe/Berlin?"
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

    fn args(flags: &[(&str, &str)]) -> SlotsArgs {
        let mut args = SlotsArgs::default();
        for (flag, value) in flags {
            let value = value.to_string();
            match *flag {
                "--days" => args.days = Some(value.parse().unwrap()),
                "--from" => args.from = Some(value),
                "--to" => args.to = Some(value),
                "--duration" => args.duration = Some(value),
                "--step" => args.step = Some(value),
                "--buffer" => args.buffer = Some(value),
                "--notice" => args.notice = Some(value),
                "--max-per-day" => args.max_per_day = Some(value.parse().unwrap()),
                "--with" => args.with.push(value),
                "--tz" => args.tz = Some(value),
                other => panic!("no such flag in this helper: {other}"),
            }
        }
        args
    }

    /// The one-line usage error `flags` get, or a panic if they are accepted.
    fn refusal(flags: &[(&str, &str)]) -> String {
        let e = resolve(args(flags)).map(|o| o.window).unwrap_err();
        assert_eq!(e.exit().code(), 2, "{e}");
        let line = e.to_string();
        assert!(!line.contains('\n'), "one line: {line:?}");
        line
    }

    #[test]
    fn every_number_is_bounded_and_the_error_names_the_flag_and_the_bound() {
        let cases: &[(&[(&str, &str)], &str)] = &[
            (
                &[("--days", "99999999")],
                "--days: at most 366 (got 99999999)",
            ),
            (&[("--days", "367")], "--days: at most 366 (got 367)"),
            (&[("--days", "0")], "--days: must be at least 1"),
            (
                &[("--buffer", "2500000h")],
                "--buffer: at most 24h (got 2500000h)",
            ),
            (
                &[("--buffer", "150000000000m")],
                "--buffer: at most 24h (got 150000000000m)",
            ),
            (
                &[("--buffer", "1000000d")],
                "--buffer: at most 24h (got 1000000d)",
            ),
            (
                &[("--buffer", "24h1m")],
                "--buffer: at most 24h (got 24h1m)",
            ),
            (&[("--notice", "367d")], "--notice: at most 366d (got 367d)"),
            (
                &[("--notice", "99999999999999999999m")],
                "--notice: at most 366d",
            ),
            (
                &[("--duration", "24h1m")],
                "--duration: at most 24h (got 24h1m)",
            ),
            (&[("--duration", "0m")], "--duration: at least 1m (got 0m)"),
            (&[("--step", "0m")], "--step: at least 1m (got 0m)"),
            (&[("--step", "1d1m")], "--step: at most 24h (got 1d1m)"),
            (&[("--step", "9223372036854775807d")], "--step: at most 24h"),
            (
                &[("--max-per-day", "0")],
                "--max-per-day: must be at least 1",
            ),
            (
                &[("--max-per-day", "1441")],
                "--max-per-day: at most 1440 (got 1441)",
            ),
            (
                &[("--max-per-day", &usize::MAX.to_string())],
                "--max-per-day: at most 1440",
            ),
        ];
        for (flags, expected) in cases {
            let line = refusal(flags);
            assert!(line.contains(expected), "{flags:?}: {line}");
        }
    }

    #[test]
    fn the_largest_allowed_values_are_accepted() {
        let o = resolve(args(&[
            ("--days", "366"),
            ("--buffer", "24h"),
            ("--notice", "366d"),
            ("--duration", "24h"),
            ("--step", "24h"),
            ("--max-per-day", "1440"),
        ]))
        .unwrap();
        assert_eq!(o.window.duration(), MAX_WINDOW);
        assert_eq!(o.buffer, MAX_BUFFER);
        assert_eq!(o.notice, MAX_NOTICE);
        assert_eq!((o.duration, o.step), (MAX_DURATION, MAX_STEP));
        assert_eq!(o.max_per_day, Some(MAX_PER_DAY));
        let shortest = resolve(args(&[("--duration", "1m"), ("--step", "1m")])).unwrap();
        assert_eq!((shortest.duration, shortest.step), (MIN_DURATION, MIN_STEP));
    }

    #[test]
    fn the_largest_request_costs_at_most_seven_get_schedule_windows() {
        let largest = resolve(args(&[("--days", "366"), ("--buffer", "24h")])).unwrap();
        assert_eq!(largest.request_span().duration(), TimeDelta::days(368));
        assert_eq!(largest.window_requests(), MAX_WINDOW_REQUESTS);
        let year = resolve(args(&[("--days", "366")])).unwrap();
        assert_eq!(year.window_requests(), 6);
        assert_eq!(resolve(SlotsArgs::default()).unwrap().window_requests(), 1);
        // The same bound through --from/--to: 366 days, widened by a day on each side.
        let dates = resolve(args(&[
            ("--from", "2026-12-01"),
            ("--to", "2027-12-01"),
            ("--buffer", "24h"),
        ]))
        .unwrap();
        assert!(dates.window_requests() <= MAX_WINDOW_REQUESTS);
    }

    #[test]
    fn windows_longer_than_a_year_or_in_the_past_are_refused() {
        let long = refusal(&[("--from", "2026-12-01"), ("--to", "2027-12-02")]);
        assert!(
            long.contains("--from/--to") && long.contains("366 days"),
            "{long}"
        );
        let past = refusal(&[("--from", "1999-01-01"), ("--to", "2000-01-01")]);
        assert!(past.contains("--to: the window is in the past"), "{past}");
        // From the start of the calendar to its end: refused for its length, without overflow.
        let all = refusal(&[("--from", "0001-01-02"), ("--to", "9999-12-30")]);
        assert!(all.contains("366 days"), "{all}");
    }

    #[test]
    fn dates_near_the_limits_are_refused_without_overflow() {
        let cases: &[(&[(&str, &str)], &str)] = &[
            (&[("--from", "262143-01-01")], "--from"),
            (&[("--from", "262142-12-31")], "--from"),
            (&[("--from", "+262142-12-31T23:59")], "--from"),
            (&[("--from", "10000-01-01")], "--from"),
            (
                &[("--from", "2026-12-01"), ("--to", "262142-12-31")],
                "--to",
            ),
            (
                &[("--from", "2026-12-01"), ("--to", "-262143-01-01")],
                "--to",
            ),
            (
                &[("--from", "-262143-01-01"), ("--to", "2026-12-01")],
                "--from",
            ),
            (
                &[("--from", "0000-01-01"), ("--to", "2026-12-01")],
                "--from",
            ),
            // Berlin's first day of year 1 starts in year 0, UTC.
            (
                &[("--from", "0001-01-01"), ("--to", "2026-12-01")],
                "0001-01-01 to 9999-12-31 UTC",
            ),
            (&[("--from", "9999-12-28")], "before the year 10000"),
            (
                &[
                    ("--from", "9999-12-30"),
                    ("--to", "9999-12-31"),
                    ("--buffer", "24h"),
                ],
                "before the year 10000",
            ),
        ];
        for (flags, needle) in cases {
            let line = refusal(flags);
            assert!(line.contains(needle), "{flags:?}: {line}");
        }
        // The last representable week is still a window (Graph can write 9999-12-31).
        let last = resolve(args(&[("--from", "9999-12-20"), ("--to", "9999-12-26")])).unwrap();
        assert!(CALENDAR_RANGE.contains(&last.request_span()));
    }

    #[test]
    fn now_at_the_ends_of_time_is_refused_not_a_panic() {
        for now in [DateTime::<Utc>::MAX_UTC, DateTime::<Utc>::MIN_UTC] {
            for flags in [vec![], vec![("--days", "366")], vec![("--buffer", "24h")]] {
                let result = SlotOptions::resolve(
                    &args(&flags),
                    &SlotDefaults::default(),
                    now,
                    &ZoneEnv::default(),
                );
                assert!(result.is_err(), "{now} {flags:?}");
            }
        }
    }

    #[test]
    fn config_values_are_bounded_and_named_by_key() {
        let config = |edit: fn(&mut SlotDefaults)| {
            let mut defaults = SlotDefaults::default();
            edit(&mut defaults);
            SlotOptions::resolve(&SlotsArgs::default(), &defaults, now(), &ZoneEnv::default())
                .map(|o| o.window)
                .unwrap_err()
                .to_string()
        };
        let buffer = config(|c| c.buffer = Some("1000000d".into()));
        assert_eq!(
            buffer,
            "config key slots.buffer: at most 24h (got 1000000d)"
        );
        let notice = config(|c| c.notice = Some("99999999999999999999m".into()));
        assert!(notice.starts_with("config key slots.notice: at most 366d"));
        let step = config(|c| c.step = Some("1 d\n 2h".into()));
        assert_eq!(step, "config key slots.step: at most 24h (got 1 d 2h)");
        let cap = config(|c| c.max_per_day = Some(100_000));
        assert!(cap.starts_with("config key slots.max_per_day: at most"));
        // A flag overrides the config value, and a bad flag is named as the flag.
        let flag_wins = SlotOptions::resolve(
            &args(&[("--buffer", "10m")]),
            &SlotDefaults {
                buffer: Some("1000000d".into()),
                ..SlotDefaults::default()
            },
            now(),
            &ZoneEnv::default(),
        )
        .unwrap();
        assert_eq!(flag_wins.buffer, TimeDelta::minutes(10));
    }

    #[test]
    fn with_addresses_are_parsed_deduplicated_ignoring_case_and_keep_their_spelling() {
        let o = resolve(args(&[
            ("--with", " Megan.Bowen@contoso.example "),
            ("--with", "megan.bowen@CONTOSO.example"),
            ("--with", "room.4@contoso.example"),
        ]))
        .unwrap();
        let with: Vec<&str> = o.with.iter().map(EmailAddress::as_str).collect();
        assert_eq!(
            with,
            ["Megan.Bowen@contoso.example", "room.4@contoso.example"]
        );
    }

    #[test]
    fn a_with_address_carrying_a_header_is_refused_naming_the_flag_and_value() {
        let line = refusal(&[("--with", "a@b.com\r\nBcc: x@y.com")]);
        assert!(line.starts_with("--with: "), "{line}");
        assert!(line.contains(r"a@b.com\r\nBcc: x@y.com"), "{line}");
        let line = refusal(&[("--with", "Eve <eve@evil.example>")]);
        assert!(
            line.starts_with("--with: `Eve <eve@evil.example>`"),
            "{line}"
        );
    }

    mod properties {
        use proptest::prelude::*;

        use super::*;

        /// Durations as a user might type them, from sensible to absurd.
        fn duration_text() -> impl Strategy<Value = Option<String>> {
            prop::option::of(prop_oneof![
                "[0-9]{1,4}[dhm]",
                "[0-9]{1,25}[dhm]",
                "[0-9]{1,3}d[0-9]{1,3}h[0-9]{1,3}m",
                "\\PC{0,12}",
            ])
        }

        /// Dates anywhere from chrono's first year to its last, or not a date at all.
        fn date_text() -> impl Strategy<Value = Option<String>> {
            prop::option::of(prop_oneof![
                (-262_143i32..=262_142, 1u32..=12, 1u32..=28)
                    .prop_map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}")),
                (2020i32..=2030, 1u32..=12, 1u32..=28)
                    .prop_map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}")),
                "\\PC{0,12}",
            ])
        }

        fn slots_args() -> impl Strategy<Value = SlotsArgs> {
            (
                prop::option::of(any::<u32>()),
                date_text(),
                date_text(),
                (
                    duration_text(),
                    duration_text(),
                    duration_text(),
                    duration_text(),
                ),
                prop::option::of(any::<usize>()),
            )
                .prop_map(
                    |(days, from, to, (duration, step, buffer, notice), max_per_day)| {
                        // --days goes with --from but not with --to (clap refuses that pair).
                        let to = if days.is_some() { None } else { to };
                        SlotsArgs {
                            days,
                            to,
                            from,
                            duration,
                            step,
                            buffer,
                            notice,
                            max_per_day,
                            ..SlotsArgs::default()
                        }
                    },
                )
        }

        proptest! {
            #[test]
            fn any_flags_resolve_or_are_refused_and_never_cost_more_than_seven_requests(
                args in slots_args(),
                now_offset_days in -400i64..4000,
            ) {
                let now = now().checked_add_signed(TimeDelta::days(now_offset_days)).unwrap();
                match SlotOptions::resolve(&args, &SlotDefaults::default(), now, &ZoneEnv::default()) {
                    Ok(o) => {
                        prop_assert!(o.window_requests() <= MAX_WINDOW_REQUESTS);
                        prop_assert!(o.window.duration() <= MAX_WINDOW);
                        prop_assert!(CALENDAR_RANGE.contains(&o.request_span()));
                        prop_assert!(o.buffer <= MAX_BUFFER && o.notice <= MAX_NOTICE);
                        prop_assert!(o.duration <= MAX_DURATION && o.step <= MAX_STEP);
                    }
                    Err(e) => {
                        prop_assert_eq!(e.exit().code(), 2);
                        prop_assert!(!e.to_string().contains('\n'), "{}", e);
                    }
                }
            }
        }
    }
}
