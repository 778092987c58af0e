//! What `book`, `reschedule`, `cancel` and `interviews` share: the display zone, reading times
//! and event ids typed by the user, the recheck of a slot, and how times are shown.

use chrono::{DateTime, SecondsFormat, TimeDelta, Utc};
use chrono_tz::Tz;

use crate::booking::{self, Conflict};
use crate::email::EmailAddress;
use crate::error::AppError;
use crate::graph::GraphClient;
use crate::output::Output;
use crate::schedule::{self, Bound, Interval};
use crate::store::config::{ProfileName, SlotDefaults};

/// getSchedule answers for at most 20 addresses a request ("calendar: getSchedule").
const SCHEDULES_PER_REQUEST: usize = 20;
/// The longest interview or buffer we accept: anything longer is a typo.
pub const MAX_INTERVIEW: TimeDelta = TimeDelta::hours(24);

/// What the display zone falls back on when neither `--tz` nor the config key names one: the
/// `TZ` variable and the system's zone, read once by the command (tests build their own).
#[derive(Debug, Clone, Default)]
pub struct ZoneEnv {
    pub tz_variable: Option<String>,
    pub system: Option<String>,
}

impl ZoneEnv {
    /// `TZ` and the system's zone (`/etc/localtime` on Linux) of this process.
    pub fn read() -> ZoneEnv {
        ZoneEnv {
            tz_variable: std::env::var("TZ").ok(),
            system: iana_time_zone::get_timezone().ok(),
        }
    }
}

/// The display zone of every command: the flag, else the config key, else `TZ` when it names
/// a zone, else the system's zone, else UTC. A bad flag or key is exit 2 naming it.
pub fn display_zone(flag: Option<&str>, config: &SlotDefaults) -> Result<Tz, AppError> {
    display_zone_in(
        flag,
        config.tz.as_deref(),
        &config.origin.locate("slots.tz"),
        &ZoneEnv::read(),
    )
}

/// [`display_zone`] with the environment given.
pub fn display_zone_in(
    flag: Option<&str>,
    config: Option<&str>,
    config_label: &str,
    env: &ZoneEnv,
) -> Result<Tz, AppError> {
    let sources = schedule::ZoneSources {
        flag,
        config,
        tz_variable: env.tz_variable.as_deref(),
        system: env.system.as_deref(),
    };
    match schedule::choose_display_zone(sources) {
        Ok((zone, origin)) => {
            tracing::debug!(zone = zone.name(), ?origin, "display zone");
            Ok(zone)
        }
        Err((schedule::ZoneOrigin::Config, e)) => {
            Err(AppError::usage(format!("{config_label}: {e}")))
        }
        Err((_, e)) => Err(AppError::usage(format!("--tz: {e}"))),
    }
}

/// A zone typed for a flag other than `--tz` (`--participant-tz`), by the same rules.
pub fn user_zone(flag: &str, name: &str) -> Result<Tz, AppError> {
    schedule::parse_display_zone(name).map_err(|e| AppError::usage(format!("{flag}: {e}")))
}

/// A time typed by the user (RFC 3339, or a local time in the display zone).
pub fn user_time(flag: &str, text: &str, zone: Tz) -> Result<DateTime<Utc>, AppError> {
    schedule::parse_user_time(text, zone, Bound::From)
        .map_err(|e| AppError::usage(format!("{flag}: {e}")))
}

/// A duration flag, bounded: more than 0, at most 24h (or 0 allowed when `zero_ok`).
pub fn bounded_duration(flag: &str, text: &str, zero_ok: bool) -> Result<TimeDelta, AppError> {
    let value =
        schedule::parse_duration(text).map_err(|e| AppError::usage(format!("{flag}: {e}")))?;
    if value < TimeDelta::zero() || (!zero_ok && value == TimeDelta::zero()) {
        return Err(AppError::usage(format!("{flag}: must be longer than 0m")));
    }
    if value > MAX_INTERVIEW {
        return Err(AppError::usage(format!(
            "{flag}: at most 24h (got {})",
            schedule::format_duration(value)
        )));
    }
    Ok(value)
}

/// An e-mail address typed by the user, naming the flag when it is not one.
pub fn address(flag: &str, text: &str) -> Result<EmailAddress, AppError> {
    EmailAddress::parse(text.trim()).map_err(|e| AppError::usage(format!("{flag}: {e}")))
}

/// An event id as Graph issues them (base64 with `-`, `_`, `+`, `/`, `=`); anything else is a
/// typo, refused before a request.
pub fn event_id(text: &str) -> Result<String, AppError> {
    let id = text.trim();
    let ok = !id.is_empty()
        && id.len() <= 1024
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '+' | '/' | '='));
    if ok {
        Ok(id.to_owned())
    } else {
        Err(AppError::usage(format!(
            "EVENT_ID: `{}` is not an event id (copy it from `rally-m365 interviews`)",
            crate::redact::one_line(id, 80)
        )))
    }
}

/// What the recheck found.
#[derive(Debug, Default)]
pub struct Recheck {
    pub conflicts: Vec<Conflict>,
    /// Attendees whose free/busy the organizer cannot see, with Microsoft's reason.
    pub unseen: Vec<(String, String)>,
    /// The organizer's working hours do not hold the slot.
    pub outside_working_hours: bool,
    /// What was read in an unusual way (working hours that could not be read, a list's merged
    /// free/busy), for stderr.
    pub notes: Vec<String>,
}

impl Recheck {
    /// Exit 5: the slot, whose calendars block it and when; `outcome` says what did not happen
    /// ("nothing was booked") and `anyway` how to go ahead regardless ("book anyway").
    pub fn conflict(
        &self,
        slot: Interval,
        zone: Tz,
        profile: &ProfileName,
        outcome: &str,
        anyway: &str,
    ) -> AppError {
        AppError::conflict(format!(
            "the slot {} is not free: {}; {outcome}",
            time_range(slot.start, slot.end, zone),
            describe_conflicts(&self.conflicts, zone)
        ))
        .with_hint(format!(
            "pick another slot (`{}`), or {anyway} with --force",
            crate::hints::command(profile, "slots")
        ))
    }

    /// What people should know about a free slot: whose free/busy could not be seen, and a
    /// slot outside the organizer's working hours.
    pub fn tell(&self, out: &Output, slot: Interval, zone: Tz) {
        for note in &self.notes {
            out.warn(note);
        }
        for (who, why) in &self.unseen {
            out.say(format!(
                "Not checked: the free/busy of {who} is not visible to you ({why})."
            ));
        }
        if self.outside_working_hours {
            out.warn(format!(
                "{} is outside your working hours",
                time_range(slot.start, slot.end, zone)
            ));
        }
    }
}

/// One getSchedule (per 20 addresses) over the slot widened by the buffer: the organizer and
/// every attendee. `ignore` is the event's own current time (for `reschedule`): one item
/// exactly there, in anyone's calendar, is the event itself.
#[allow(clippy::too_many_arguments)]
pub async fn recheck(
    graph: &GraphClient,
    profile: &ProfileName,
    organizer: &EmailAddress,
    attendees: &[EmailAddress],
    slot: Interval,
    buffer: TimeDelta,
    tentative_free: bool,
    ignore: Option<Interval>,
) -> Result<Recheck, AppError> {
    let span = Interval::new(
        slot.start
            .checked_sub_signed(buffer)
            .ok_or_else(|| AppError::usage("--start: too far from today"))?,
        slot.end
            .checked_add_signed(buffer)
            .ok_or_else(|| AppError::usage("--start: too far from today"))?,
    );
    let mut addresses = vec![organizer.as_str().to_owned()];
    addresses.extend(
        attendees
            .iter()
            .filter(|a| *a != organizer)
            .map(|a| a.as_str().to_owned()),
    );
    let mut result = Recheck::default();
    for (chunk_index, chunk) in addresses.chunks(SCHEDULES_PER_REQUEST).enumerate() {
        let fetched = crate::graph::schedule::free_busy(graph, chunk, span, profile).await?;
        // An attendee asked for and left out of the answer is not "not visible": never free.
        if let Some(e) = fetched.missing_error(chunk) {
            return Err(e.with_hint(crate::hints::recheck_again_or_force()));
        }
        if chunk_index == 0
            && let Some(Some(why)) = fetched.hours_unreadable.first()
        {
            result.notes.push(format!(
                "cannot read your working hours ({why}); the slot is not checked against them"
            ));
        }
        result.notes.extend(fetched.warnings.iter().cloned());
        for (i, (person, why)) in fetched.people.into_iter().zip(fetched.unseen).enumerate() {
            let who = &chunk[i];
            let is_organizer = chunk_index == 0 && i == 0;
            if let Some(why) = why {
                if is_organizer {
                    return Err(AppError::unexpected(format!(
                        "Microsoft 365 has no free/busy for your own address {who} ({why})"
                    )));
                }
                result.unseen.push((who.clone(), why));
                continue;
            }
            let mut busy = person.busy;
            // The event itself, in the organizer's calendar and in the copies Exchange put in
            // the calendars of attendees of the organisation.
            if let Some(own) = ignore
                && let Some(pos) = busy.iter().position(|b| b.interval == own)
            {
                busy.remove(pos);
            }
            if is_organizer && let Some(hours) = &person.working_hours {
                result.outside_working_hours = booking::outside_working_hours(slot, hours);
            }
            result.conflicts.extend(booking::conflicts(
                slot,
                buffer,
                tentative_free,
                [(who.as_str(), &busy[..])],
            ));
        }
    }
    result
        .conflicts
        .sort_by(|a, b| (a.start, &a.who).cmp(&(b.start, &b.who)));
    Ok(result)
}

/// The conflicts as one line for the error: whose calendar and which time, never a subject.
fn describe_conflicts(conflicts: &[Conflict], zone: Tz) -> String {
    let shown: Vec<String> = conflicts
        .iter()
        .take(5)
        .map(|c| {
            format!(
                "{} is {} {}",
                c.who,
                status_words(c.status),
                time_range(c.start, c.end, zone)
            )
        })
        .collect();
    let more = conflicts.len().saturating_sub(shown.len());
    let mut text = shown.join("; ");
    if more > 0 {
        text.push_str(&format!("; and {more} more"));
    }
    text
}

fn status_words(status: schedule::BusyStatus) -> &'static str {
    use schedule::BusyStatus::*;
    match status {
        Busy => "busy",
        Oof => "out of office",
        Tentative => "tentatively busy",
        Unknown => "of unknown availability",
        Free => "free",
        WorkingElsewhere => "working elsewhere",
    }
}

/// `Thu 2026-12-03 10:00–10:45` in `zone` (the end's date shown when it differs).
pub fn time_range(start: DateTime<Utc>, end: DateTime<Utc>, zone: Tz) -> String {
    let s = start.with_timezone(&zone);
    let e = end.with_timezone(&zone);
    if s.date_naive() == e.date_naive() {
        format!("{}–{}", s.format("%a %Y-%m-%d %H:%M"), e.format("%H:%M"))
    } else {
        format!(
            "{}–{}",
            s.format("%a %Y-%m-%d %H:%M"),
            e.format("%a %Y-%m-%d %H:%M")
        )
    }
}

/// RFC 3339 with the zone's offset, as the JSON outputs give times.
pub fn rfc3339_in(t: DateTime<Utc>, zone: Tz) -> String {
    t.with_timezone(&zone)
        .to_rfc3339_opts(SecondsFormat::Secs, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_display_zone_names_the_flag_or_the_config_key_it_refuses() {
        let env = ZoneEnv {
            tz_variable: Some(":America/New_York".into()),
            system: Some("Europe/Berlin".into()),
        };
        let flag = display_zone_in(Some("EST"), None, "slots.tz", &env).unwrap_err();
        assert_eq!(flag.exit().code(), 2);
        assert_eq!(
            flag.to_string(),
            "--tz: `EST` is an abbreviation, not a zone: did you mean America/New_York?"
        );
        let config = display_zone_in(
            None,
            Some("Berlin"),
            "/home/ada/.config/rally-m365/config.toml:3: slots.tz",
            &env,
        )
        .unwrap_err();
        assert_eq!(
            config.to_string(),
            "/home/ada/.config/rally-m365/config.toml:3: slots.tz: unknown time zone `Berlin`: did you mean Europe/Berlin?"
        );
        assert_eq!(
            display_zone_in(None, None, "slots.tz", &env).unwrap(),
            chrono_tz::America::New_York
        );
        let participant = user_zone("--participant-tz", "PST").unwrap_err();
        assert!(
            participant
                .to_string()
                .starts_with("--participant-tz: `PST` is an abbreviation"),
            "{participant}"
        );
    }

    #[test]
    fn event_ids_are_checked_before_any_request() {
        assert!(event_id("AAMkAGI1AAAt9AHjAAA=").is_ok());
        assert!(event_id("AAMk-_+/=").is_ok());
        for bad in ["", "a b", "../me", "id?x=1", "id\r\nX", "é"] {
            let e = event_id(bad).unwrap_err();
            assert_eq!(e.exit().code(), 2, "{bad:?}");
        }
    }

    #[test]
    fn durations_are_bounded() {
        assert_eq!(
            bounded_duration("--duration", "45m", false).unwrap(),
            TimeDelta::minutes(45)
        );
        assert!(bounded_duration("--duration", "0m", false).is_err());
        assert_eq!(
            bounded_duration("--buffer", "0m", true).unwrap(),
            TimeDelta::zero()
        );
        let e = bounded_duration("--duration", "25h", false).unwrap_err();
        assert!(e.to_string().starts_with("--duration: at most 24h"), "{e}");
    }

    #[test]
    fn time_ranges_show_the_end_date_only_when_it_differs() {
        let t = |s: &str| s.parse::<DateTime<Utc>>().unwrap();
        assert_eq!(
            time_range(
                t("2026-12-03T09:00:00Z"),
                t("2026-12-03T09:45:00Z"),
                chrono_tz::Europe::Berlin
            ),
            "Thu 2026-12-03 10:00–10:45"
        );
        assert_eq!(
            time_range(
                t("2026-12-03T22:30:00Z"),
                t("2026-12-03T23:30:00Z"),
                chrono_tz::Europe::Berlin
            ),
            "Thu 2026-12-03 23:30–Fri 2026-12-04 00:30"
        );
    }
}
