//! `POST /me/calendar/getSchedule` ("calendar: getSchedule" in the Graph v1.0 reference): the
//! free/busy of the organizer and of other people, one request per window of up to 61 days
//! (the service refuses 62 or more), mapped from wire types to the pure schedule types. Used by
//! `slots`, and by the booking recheck.

use chrono::{DateTime, NaiveDateTime, NaiveTime, TimeDelta, Utc, Weekday};

use crate::error::AppError;
use crate::graph::GraphClient;
use crate::graph::model::{
    Collection, DateTimeTimeZone, GetScheduleRequest, ScheduleInformation, WorkingHoursZone,
    ZoneTransition,
};
use crate::schedule::{
    self, BusyItem, BusyStatus, CustomZone, Interval, PersonSchedule, TransitionRule, WorkZone,
    WorkingHours,
};

/// The longest window one getSchedule request may cover.
pub const MAX_REQUEST_SPAN: TimeDelta = TimeDelta::days(61);

/// The most getSchedule requests one command may send: a year and a day, widened by a day of
/// buffer on each side, fits in 7 windows of 61 days. A longer span is a bug upstream.
pub const MAX_WINDOW_REQUESTS: usize = 7;

/// The schedules in request order: the organizer first, then each other address.
pub struct Fetched {
    pub people: Vec<PersonSchedule>,
    /// Why someone's free/busy could not be seen (an address outside the organisation, a
    /// mailbox that is not shared), in request order; `None` for those seen.
    pub unseen: Vec<Option<String>>,
    pub warnings: Vec<String>,
}

/// Free/busy for `slots`: everyone asked for must be seen. The organizer's own calendar
/// missing is unexpected; a `--with` address that cannot be seen is the user's to fix.
pub async fn schedules(
    graph: &GraphClient,
    addresses: &[String],
    span: Interval,
    profile: &crate::store::config::ProfileName,
) -> Result<Fetched, AppError> {
    let fetched = free_busy(graph, addresses, span, profile).await?;
    for (index, why) in fetched.unseen.iter().enumerate() {
        let Some(why) = why else { continue };
        return Err(if index == 0 {
            AppError::unexpected(format!(
                "Microsoft 365 has no free/busy for your own address {} ({why})",
                addresses[index]
            ))
        } else {
            AppError::usage(format!(
                "--with: cannot see the calendar of {} ({why})",
                addresses[index]
            ))
        });
    }
    Ok(fetched)
}

/// Free/busy of each address over `span`, recording rather than failing on those that cannot
/// be seen: the booking recheck looks at whoever it can.
pub async fn free_busy(
    graph: &GraphClient,
    addresses: &[String],
    span: Interval,
    profile: &crate::store::config::ProfileName,
) -> Result<Fetched, AppError> {
    let mut people: Vec<PersonSchedule> = addresses
        .iter()
        .map(|_| PersonSchedule::default())
        .collect();
    let mut unseen: Vec<Option<String>> = vec![None; addresses.len()];
    let mut warnings = Vec::new();
    let windows = schedule::split_window(span, MAX_REQUEST_SPAN);
    if windows.len() > MAX_WINDOW_REQUESTS {
        return Err(AppError::usage(format!(
            "the window needs {} free/busy requests; at most {MAX_WINDOW_REQUESTS} are sent (a year at most)",
            windows.len()
        )));
    }
    for chunk in windows {
        let request = GetScheduleRequest {
            schedules: addresses.to_vec(),
            start_time: utc_wall_time(chunk.start),
            end_time: utc_wall_time(chunk.end),
            availability_view_interval: 60,
        };
        let answer: Collection<ScheduleInformation> = graph
            .post_read("me/calendar/getSchedule", &request)
            .await
            .map_err(|e| e.into_app_error(profile, "Calendars.ReadWrite"))?;
        let mut answered = vec![false; addresses.len()];
        for info in answer.value {
            let Some(index) = addresses
                .iter()
                .position(|a| a.eq_ignore_ascii_case(&info.schedule_id))
            else {
                continue;
            };
            answered[index] = true;
            if let Some(error) = &info.error {
                let why = error
                    .message
                    .clone()
                    .or_else(|| error.response_code.clone())
                    .unwrap_or_else(|| "no free/busy information".into());
                unseen[index].get_or_insert(why);
                continue;
            }
            let person = &mut people[index];
            for item in &info.schedule_items {
                match busy_item(item.status.as_str(), &item.start, &item.end) {
                    Ok(b) => person.busy.push(b),
                    Err(e) => warnings.push(format!(
                        "{}: skipped a calendar item: {e}",
                        info.schedule_id
                    )),
                }
            }
            if let (None, Some(hours)) = (&person.working_hours, &info.working_hours) {
                match working_hours(hours) {
                    Ok(h) => person.working_hours = Some(h),
                    Err(e) => {
                        warnings.push(format!("{}: working hours ignored: {e}", info.schedule_id))
                    }
                }
            }
        }
        // An address asked for and not answered is unknown, never free.
        for (index, seen) in answered.iter().enumerate() {
            if !seen {
                unseen[index].get_or_insert_with(|| "Microsoft 365 did not answer for it".into());
            }
        }
    }
    Ok(Fetched {
        people,
        unseen,
        warnings,
    })
}

/// Graph's dateTimeTimeZone for an instant, in UTC.
fn utc_wall_time(t: DateTime<Utc>) -> DateTimeTimeZone {
    DateTimeTimeZone {
        date_time: t.naive_utc().format("%Y-%m-%dT%H:%M:%S").to_string(),
        time_zone: "UTC".into(),
    }
}

/// A Graph dateTimeTimeZone (7 fractional digits, no offset) as an instant.
fn instant(value: &DateTimeTimeZone) -> Result<DateTime<Utc>, String> {
    let local = NaiveDateTime::parse_from_str(value.date_time.trim(), "%Y-%m-%dT%H:%M:%S%.f")
        .map_err(|e| format!("bad dateTime `{}`: {e}", value.date_time))?;
    if value.time_zone.eq_ignore_ascii_case("UTC") || value.time_zone.is_empty() {
        return Ok(local.and_utc());
    }
    let zone = schedule::resolve_zone_name(&value.time_zone).map_err(|e| e.to_string())?;
    schedule::local_time::resolve_local_forward(&zone, local)
        .ok_or_else(|| format!("dateTime `{}` is out of range", value.date_time))
}

fn busy_item(
    status: &str,
    start: &DateTimeTimeZone,
    end: &DateTimeTimeZone,
) -> Result<BusyItem, String> {
    let (start, end) = (instant(start)?, instant(end)?);
    if end < start {
        return Err("ends before it starts".into());
    }
    Ok(BusyItem::new(start, end, BusyStatus::from_graph(status)))
}

fn working_hours(hours: &crate::graph::model::WorkingHours) -> Result<WorkingHours, String> {
    let days = hours
        .days_of_week
        .iter()
        .map(|d| weekday(d))
        .collect::<Result<Vec<_>, _>>()?;
    let zone = match &hours.time_zone {
        None => WorkZone::Tz(chrono_tz::UTC),
        Some(zone) => work_zone(zone)?,
    };
    Ok(WorkingHours {
        days,
        start: time_of_day(&hours.start_time)?,
        end: time_of_day(&hours.end_time)?,
        zone,
    })
}

fn work_zone(zone: &WorkingHoursZone) -> Result<WorkZone, String> {
    let custom =
        zone.bias.is_some() || zone.standard_offset.is_some() || zone.daylight_offset.is_some();
    if custom {
        return Ok(WorkZone::Custom(CustomZone {
            bias_minutes: zone.bias.unwrap_or(0),
            standard: zone
                .standard_offset
                .as_ref()
                .map(|t| transition(t, t.standard_bias.unwrap_or(0)))
                .transpose()?,
            daylight: zone
                .daylight_offset
                .as_ref()
                .map(|t| transition(t, t.daylight_bias.unwrap_or(0)))
                .transpose()?,
        }));
    }
    let name = zone.name.as_deref().unwrap_or("UTC");
    schedule::resolve_zone_name(name).map_err(|e| e.to_string())
}

fn transition(t: &ZoneTransition, bias_minutes: i32) -> Result<TransitionRule, String> {
    Ok(TransitionRule {
        month: t.month,
        day_occurrence: t.day_occurrence,
        day_of_week: weekday(&t.day_of_week)?,
        time: time_of_day(&t.time)?,
        bias_minutes,
    })
}

fn weekday(name: &str) -> Result<Weekday, String> {
    name.parse::<Weekday>()
        .map_err(|_| format!("unknown day `{name}`"))
}

/// `Edm.TimeOfDay`: "08:00:00.0000000" (also "08:00:00" and "08:00").
fn time_of_day(text: &str) -> Result<NaiveTime, String> {
    NaiveTime::parse_from_str(text.trim(), "%H:%M:%S%.f")
        .or_else(|_| NaiveTime::parse_from_str(text.trim(), "%H:%M"))
        .map_err(|_| format!("bad time of day `{text}`"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn graph_date_times_with_seven_digits_parse_as_utc() {
        let t = instant(&DateTimeTimeZone {
            date_time: "2026-12-01T08:30:00.0000000".into(),
            time_zone: "UTC".into(),
        })
        .unwrap();
        assert_eq!(t, "2026-12-01T08:30:00Z".parse::<DateTime<Utc>>().unwrap());
    }

    #[test]
    fn a_windows_zone_in_an_item_is_converted() {
        let t = instant(&DateTimeTimeZone {
            date_time: "2026-12-01T09:00:00.0000000".into(),
            time_zone: "Pacific Standard Time".into(),
        })
        .unwrap();
        assert_eq!(t, "2026-12-01T17:00:00Z".parse::<DateTime<Utc>>().unwrap());
    }

    #[test]
    fn custom_zone_working_hours_map_to_rules() {
        let json = r##"{"daysOfWeek":["monday","friday"],"startTime":"08:00:00.0000000","endTime":"17:00:00.0000000",
          "timeZone":{"@odata.type":"#microsoft.graph.customTimeZone","bias":480,"name":"Customized Time Zone",
          "standardOffset":{"time":"02:00:00.0000000","dayOccurrence":1,"dayOfWeek":"sunday","month":11,"year":0},
          "daylightOffset":{"daylightBias":-60,"time":"02:00:00.0000000","dayOccurrence":2,"dayOfWeek":"sunday","month":3,"year":0}}}"##;
        let wire: crate::graph::model::WorkingHours = serde_json::from_str(json).unwrap();
        let hours = working_hours(&wire).unwrap();
        assert_eq!(hours.days, vec![Weekday::Mon, Weekday::Fri]);
        match hours.zone {
            WorkZone::Custom(z) => {
                assert_eq!(z.bias_minutes, 480);
                assert_eq!(z.daylight.unwrap().bias_minutes, -60);
                assert_eq!(z.daylight.unwrap().month, 3);
            }
            other => panic!("expected a custom zone, got {other:?}"),
        }
    }
}
