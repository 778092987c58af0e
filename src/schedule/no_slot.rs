//! Why [`free_slots`](super::free_slots) found nothing, when the inputs say so.
//!
//! Checked in this order, the first that holds being the reason (each is about stretches of
//! time at least one slot long, since a shorter stretch cannot hold a slot):
//! 1. the duration is longer than every one of the organizer's working days in the window;
//! 2. the window (as asked, from now on) holds no such stretch of the organizer's working hours;
//! 3. the notice moves the earliest start so late that what is left of the window holds none;
//! 4. the working hours of the others do not overlap the organizer's for that long (with how
//!    much they share on their best day);
//! 5. busy time (widened by the buffer) covers every such stretch.
//!
//! `None` when none holds: the grid, a DST change or the daily cap left nothing, and there is
//! nothing simpler to say.

use chrono::{DateTime, TimeDelta, Utc};

use super::busy::BlockedTimes;
use super::interval::{Interval, merge_touching};
use super::slots::SlotRequest;

/// The reason no slot was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoSlotReason {
    /// The slot is longer than the organizer's longest working day in the window.
    LongerThanWorkingDay { longest_day: TimeDelta },
    /// The window holds no stretch of the organizer's working hours as long as a slot.
    OutsideWorkingHours,
    /// With the notice, nothing is left: the earliest start allowed.
    NoticePastWindow { earliest_start: DateTime<Utc> },
    /// The others' working hours and the organizer's share at most this much on any one of the
    /// organizer's working days (zero: they never overlap).
    NoSharedHours { shared_per_day: TimeDelta },
    /// Busy time covers every stretch of shared working hours long enough for a slot.
    AllBusy,
}

/// The first reason that explains an empty answer to `req`; see the module doc.
pub fn why_no_slot(req: &SlotRequest) -> Option<NoSlotReason> {
    let window = req.window;
    let duration = req.duration;
    let organizer_days = match &req.organizer.working_hours {
        Some(hours) => hours.shifts_overlapping(window),
        None => vec![window],
    };
    let longest_day = organizer_days
        .iter()
        .map(Interval::duration)
        .max()
        .unwrap_or_else(TimeDelta::zero);
    if !organizer_days.is_empty() && longest_day < duration {
        return Some(NoSlotReason::LongerThanWorkingDay { longest_day });
    }
    let organizer_in_window = clip(&organizer_days, window);
    if longest(&organizer_in_window) < duration {
        return Some(NoSlotReason::OutsideWorkingHours);
    }
    let earliest_start = req
        .now
        .checked_add_signed(req.notice)
        .map_or(window.end, |t| t.max(window.start));
    let after_notice = Interval::new(earliest_start.min(window.end), window.end);
    let organizer_left = clip(&organizer_in_window, after_notice);
    if longest(&organizer_left) < duration {
        return Some(NoSlotReason::NoticePastWindow { earliest_start });
    }
    let others: Vec<Vec<Interval>> = req
        .others
        .iter()
        .filter_map(|person| person.working_hours.as_ref())
        .map(|hours| merge_touching(hours.shifts_overlapping(window)))
        .collect();
    let shared_with_all = |mine: Vec<Interval>| {
        others
            .iter()
            .fold(mine, |acc, spans| intersect(&acc, spans))
    };
    let shared = shared_with_all(merge_touching(organizer_left));
    if longest(&shared) < duration {
        let shared_per_day = organizer_days
            .iter()
            .map(|day| total(&shared_with_all(vec![*day])))
            .max()
            .unwrap_or_else(TimeDelta::zero);
        return Some(NoSlotReason::NoSharedHours { shared_per_day });
    }
    let blocked = BlockedTimes::build(
        std::iter::once(&req.organizer)
            .chain(&req.others)
            .flat_map(|person| &person.busy),
        req.buffer,
        req.tentative_free,
    );
    let free = subtract(&shared, blocked.intervals());
    if longest(&free) < duration {
        return Some(NoSlotReason::AllBusy);
    }
    None
}

fn longest(spans: &[Interval]) -> TimeDelta {
    spans
        .iter()
        .map(Interval::duration)
        .max()
        .unwrap_or_else(TimeDelta::zero)
}

fn total(spans: &[Interval]) -> TimeDelta {
    spans
        .iter()
        .map(Interval::duration)
        .fold(TimeDelta::zero(), |sum, d| {
            sum.checked_add(&d).unwrap_or(sum)
        })
}

/// The parts of `spans` inside `range`, empty parts dropped.
fn clip(spans: &[Interval], range: Interval) -> Vec<Interval> {
    spans
        .iter()
        .map(|s| Interval::new(s.start.max(range.start), s.end.min(range.end)))
        .filter(|s| !s.is_empty())
        .collect()
}

/// Where two lists of disjoint, sorted spans overlap.
fn intersect(a: &[Interval], b: &[Interval]) -> Vec<Interval> {
    let mut out = Vec::new();
    for x in a {
        out.extend(clip(b, *x));
    }
    merge_touching(out)
}

/// `spans` with the (sorted, disjoint) `blocked` intervals taken out.
fn subtract(spans: &[Interval], blocked: &[Interval]) -> Vec<Interval> {
    let mut out = Vec::new();
    for span in spans {
        let mut start = span.start;
        for b in blocked.iter().filter(|b| b.overlaps(span)) {
            if b.start > start {
                out.push(Interval::new(start, b.start));
            }
            start = start.max(b.end);
        }
        if start < span.end {
            out.push(Interval::new(start, span.end));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use chrono::{NaiveTime, TimeZone, Weekday};
    use chrono_tz::Tz;

    use super::super::busy::{BusyItem, BusyStatus};
    use super::super::slots::{PersonSchedule, free_slots};
    use super::super::working_hours::{WEEKDAYS, WorkingHours};
    use super::super::zone::WorkZone;
    use super::*;

    fn utc(d: u32, h: u32, m: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 6, d, h, m, 0).unwrap()
    }

    fn hours(zone: Tz, days: &[Weekday], start: u32, end: u32) -> WorkingHours {
        WorkingHours {
            days: days.to_vec(),
            start: NaiveTime::from_hms_opt(start, 0, 0).unwrap(),
            end: NaiveTime::from_hms_opt(end, 0, 0).unwrap(),
            zone: WorkZone::Tz(zone),
        }
    }

    /// Tue 2026-06-02 and Wed 06-03 in UTC, organizer 09:00–17:00 UTC, 60-minute slots.
    fn request() -> SlotRequest {
        SlotRequest {
            window: Interval::new(utc(2, 0, 0), utc(4, 0, 0)),
            now: utc(1, 0, 0),
            duration: TimeDelta::minutes(60),
            step: TimeDelta::minutes(30),
            buffer: TimeDelta::zero(),
            notice: TimeDelta::zero(),
            tentative_free: false,
            max_per_day: None,
            no_overlap: false,
            display_zone: Tz::UTC,
            organizer: PersonSchedule {
                busy: Vec::new(),
                working_hours: Some(hours(Tz::UTC, &WEEKDAYS, 9, 17)),
            },
            others: Vec::new(),
        }
    }

    /// The reason, after checking that the request indeed has no slot.
    fn reason(req: &SlotRequest) -> Option<NoSlotReason> {
        assert!(free_slots(req).unwrap().is_empty(), "{req:#?}");
        why_no_slot(req)
    }

    #[test]
    fn a_slot_longer_than_the_working_day() {
        let mut req = request();
        req.duration = TimeDelta::hours(9);
        assert_eq!(
            reason(&req),
            Some(NoSlotReason::LongerThanWorkingDay {
                longest_day: TimeDelta::hours(8)
            })
        );
    }

    #[test]
    fn a_window_outside_the_working_hours() {
        let mut req = request();
        req.window = Interval::new(utc(2, 18, 0), utc(2, 22, 0));
        assert_eq!(reason(&req), Some(NoSlotReason::OutsideWorkingHours));
        // A weekend: no working day at all.
        req.window = Interval::new(utc(6, 0, 0), utc(8, 0, 0));
        assert_eq!(reason(&req), Some(NoSlotReason::OutsideWorkingHours));
        // Only 30 minutes of working hours in the window.
        req.window = Interval::new(utc(2, 16, 30), utc(2, 20, 0));
        assert_eq!(reason(&req), Some(NoSlotReason::OutsideWorkingHours));
    }

    #[test]
    fn a_notice_that_pushes_past_the_window() {
        let mut req = request();
        req.notice = TimeDelta::days(3);
        assert_eq!(
            reason(&req),
            Some(NoSlotReason::NoticePastWindow {
                earliest_start: utc(4, 0, 0)
            })
        );
    }

    #[test]
    fn working_hours_that_do_not_overlap_say_how_much_they_share() {
        let mut req = request();
        // 16:30–20:00 UTC: shares 30 minutes a day with 09:00–17:00 UTC.
        let mut late = hours(Tz::UTC, &WEEKDAYS, 16, 20);
        late.start = NaiveTime::from_hms_opt(16, 30, 0).unwrap();
        req.others.push(PersonSchedule {
            busy: Vec::new(),
            working_hours: Some(late),
        });
        assert_eq!(
            reason(&req),
            Some(NoSlotReason::NoSharedHours {
                shared_per_day: TimeDelta::minutes(30)
            })
        );
        // Tokyo 09:00–17:00 is 00:00–08:00 UTC: nothing shared.
        req.others[0].working_hours = Some(hours(Tz::Asia__Tokyo, &WEEKDAYS, 9, 17));
        assert_eq!(
            reason(&req),
            Some(NoSlotReason::NoSharedHours {
                shared_per_day: TimeDelta::zero()
            })
        );
    }

    #[test]
    fn everything_busy() {
        let mut req = request();
        req.organizer.busy.push(BusyItem::new(
            utc(2, 9, 30),
            utc(3, 17, 0),
            BusyStatus::Busy,
        ));
        req.others.push(PersonSchedule {
            busy: vec![BusyItem::new(utc(2, 9, 0), utc(2, 9, 45), BusyStatus::Oof)],
            working_hours: None,
        });
        assert_eq!(reason(&req), Some(NoSlotReason::AllBusy));
    }

    #[test]
    fn no_reason_when_the_grid_alone_leaves_nothing() {
        let mut req = request();
        // Free 09:10–10:20 only: 70 minutes, but no 30-minute grid point has a free hour after it.
        req.organizer.busy = vec![
            BusyItem::new(utc(2, 0, 0), utc(2, 9, 10), BusyStatus::Busy),
            BusyItem::new(utc(2, 10, 20), utc(4, 0, 0), BusyStatus::Busy),
        ];
        assert_eq!(reason(&req), None);
    }
}
