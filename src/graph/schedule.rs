//! `POST /me/calendar/getSchedule` ("calendar: getSchedule" in the Graph v1.0 reference): the
//! free/busy of the organizer and of other people, one request per window of up to 61 days
//! (the service refuses 62 or more), mapped from wire types to the pure schedule types. Used by
//! `slots`, and by the booking recheck.

use chrono::{DateTime, TimeDelta, Utc};

use crate::error::AppError;
use crate::graph::GraphClient;
use crate::graph::model::{Collection, DateTimeTimeZone, GetScheduleRequest, ScheduleInformation};
use crate::graph::schedule_answer;
use crate::schedule::{self, Interval, PersonSchedule};

/// The longest window one getSchedule request may cover.
pub const MAX_REQUEST_SPAN: TimeDelta = TimeDelta::days(61);

/// The most getSchedule requests one command may send: a year and a day, widened by a day of
/// buffer on each side, fits in 7 windows of 61 days. A longer span is a bug upstream.
pub const MAX_WINDOW_REQUESTS: usize = 7;

/// The finest `availabilityViewInterval` whose view stays under this many digits per schedule:
/// the view is all there is for a distribution list, so it should be as exact as the answer's
/// size allows ("calendar: getSchedule": 5 to 1440 minutes).
const MAX_VIEW_DIGITS: i64 = 6000;
const VIEW_INTERVALS: [i64; 5] = [5, 10, 15, 30, 60];

/// The schedules in request order: the organizer first, then each other address.
pub struct Fetched {
    pub people: Vec<PersonSchedule>,
    /// Why someone's free/busy could not be seen (an address outside the organisation, a
    /// mailbox that is not shared), in request order; `None` for those seen.
    pub unseen: Vec<Option<String>>,
    /// Addresses asked for and left out of the answer: never read as free.
    pub missing: Vec<bool>,
    /// Why someone's working hours could not be read (they are left out), in request order.
    pub hours_unreadable: Vec<Option<String>>,
    pub warnings: Vec<String>,
}

impl Fetched {
    /// The first address asked for and not answered, as an error naming it.
    pub fn missing_error(&self, addresses: &[String]) -> Option<AppError> {
        let index = self.missing.iter().position(|m| *m)?;
        Some(
            AppError::unexpected(format!(
                "Microsoft 365 answered the free/busy request without {}: nothing is assumed free",
                addresses.get(index).map_or("an address", String::as_str)
            ))
            .with_hint(crate::hints::try_again_later()),
        )
    }
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
    if let Some(e) = fetched.missing_error(addresses) {
        return Err(e);
    }
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
            .with_hint(crate::hints::free_busy_unreadable())
        });
    }
    Ok(fetched)
}

/// The view interval for a request over `span` (see [`MAX_VIEW_DIGITS`]).
pub fn view_interval(span: TimeDelta) -> TimeDelta {
    let minutes = span.num_minutes().max(1);
    let chosen = VIEW_INTERVALS
        .iter()
        .copied()
        .find(|i| minutes / i <= MAX_VIEW_DIGITS)
        .unwrap_or(60);
    TimeDelta::minutes(chosen)
}

/// Free/busy of each address over `span`, recording rather than failing on those that cannot
/// be seen: the booking recheck looks at whoever it can.
pub async fn free_busy(
    graph: &GraphClient,
    addresses: &[String],
    span: Interval,
    profile: &crate::store::config::ProfileName,
) -> Result<Fetched, AppError> {
    let n = addresses.len();
    let mut fetched = Fetched {
        people: vec![PersonSchedule::default(); n],
        unseen: vec![None; n],
        missing: vec![false; n],
        hours_unreadable: vec![None; n],
        warnings: Vec::new(),
    };
    let windows = schedule::split_window(span, MAX_REQUEST_SPAN);
    if windows.len() > MAX_WINDOW_REQUESTS {
        return Err(AppError::usage(format!(
            "the window needs {} free/busy requests; at most {MAX_WINDOW_REQUESTS} are sent (a year at most)",
            windows.len()
        )));
    }
    for chunk in windows {
        let interval = view_interval(chunk.end - chunk.start);
        let request = GetScheduleRequest {
            schedules: addresses.to_vec(),
            start_time: utc_wall_time(chunk.start),
            end_time: utc_wall_time(chunk.end),
            availability_view_interval: u32::try_from(interval.num_minutes()).unwrap_or(60),
        };
        let answer: Collection<ScheduleInformation> = graph
            .post_read("me/calendar/getSchedule", &request)
            .await
            .map_err(|e| e.into_calendar_app_error(profile, "Calendars.ReadWrite"))?;
        let mut answered = vec![false; n];
        for info in answer.value {
            let Some(index) = addresses
                .iter()
                .position(|a| a.eq_ignore_ascii_case(info.schedule_id.trim()))
            else {
                continue;
            };
            answered[index] = true;
            let read = schedule_answer::read(&info, chunk, interval);
            if let Some(why) = read.error {
                fetched.unseen[index].get_or_insert(why);
                continue;
            }
            let person = &mut fetched.people[index];
            person.busy.extend(read.busy);
            for w in read.warnings {
                if !fetched.warnings.contains(&w) {
                    fetched.warnings.push(w);
                }
            }
            if person.working_hours.is_none() {
                person.working_hours = read.working_hours;
            }
            if let Some(why) = read.hours_unreadable {
                fetched.hours_unreadable[index].get_or_insert(why);
            }
        }
        // An address asked for and not answered is unknown, never free.
        for (index, seen) in answered.iter().enumerate() {
            if !seen {
                fetched.missing[index] = true;
            }
        }
    }
    Ok(fetched)
}

/// Graph's dateTimeTimeZone for an instant, in UTC.
fn utc_wall_time(t: DateTime<Utc>) -> DateTimeTimeZone {
    DateTimeTimeZone {
        date_time: t.naive_utc().format("%Y-%m-%dT%H:%M:%S").to_string(),
        time_zone: "UTC".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_view_interval_is_as_fine_as_the_answer_size_allows() {
        assert_eq!(view_interval(TimeDelta::hours(2)), TimeDelta::minutes(5));
        assert_eq!(view_interval(TimeDelta::days(7)), TimeDelta::minutes(5));
        assert_eq!(view_interval(TimeDelta::days(30)), TimeDelta::minutes(10));
        assert_eq!(view_interval(MAX_REQUEST_SPAN), TimeDelta::minutes(15));
        assert_eq!(view_interval(TimeDelta::zero()), TimeDelta::minutes(5));
    }
}
