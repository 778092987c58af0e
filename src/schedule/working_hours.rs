//! Working hours (Graph `workingHours`) turned into shifts: UTC intervals, one per working day.
//!
//! A shift starts on a working day at `start` on that person's wall clock and ends at `end`, on
//! the next day when `end <= start` (a night shift; `end == start` is a 24-hour shift). A start
//! or end that the clocks skip moves to the first instant after the gap; one they repeat means
//! its earlier instant. Shifts are computed in each person's own zone, custom zones included.
//! A shift whose instants chrono cannot represent (the ends of its range) does not exist.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, Utc, Weekday};

use super::interval::{Interval, merge_touching};
use super::local_time::{local_date, resolve_local_forward};
use super::zone::WorkZone;

/// Monday to Friday.
pub const WEEKDAYS: [Weekday; 5] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
];

/// Every day, Monday first.
pub const WEEK: [Weekday; 7] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
    Weekday::Sat,
    Weekday::Sun,
];

/// One person's working hours.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkingHours {
    /// Days a shift starts on; empty means never working.
    pub days: Vec<Weekday>,
    pub start: NaiveTime,
    /// `end <= start` means the shift ends on the next day.
    pub end: NaiveTime,
    pub zone: WorkZone,
}

impl WorkingHours {
    /// 09:00–17:00, Monday to Friday: what is assumed for a calendar without working hours.
    pub fn office_hours(zone: WorkZone) -> WorkingHours {
        WorkingHours {
            days: WEEKDAYS.to_vec(),
            start: NaiveTime::MIN + Duration::hours(9),
            end: NaiveTime::MIN + Duration::hours(17),
            zone,
        }
    }

    /// Whether the shift crosses midnight on this person's wall clock.
    pub fn crosses_midnight(&self) -> bool {
        self.end <= self.start
    }

    /// The shift that starts on `day` (a date in `self.zone`), if `day` is a working day and the
    /// shift is not swallowed whole by a gap.
    pub fn shift_on(&self, day: NaiveDate) -> Option<Interval> {
        if !self.days.contains(&day.weekday()) {
            return None;
        }
        let end_day = if self.crosses_midnight() {
            day.succ_opt()?
        } else {
            day
        };
        let shift = Interval::new(
            resolve_local_forward(&self.zone, day.and_time(self.start))?,
            resolve_local_forward(&self.zone, end_day.and_time(self.end))?,
        );
        (!shift.is_empty()).then_some(shift)
    }

    /// Every shift that overlaps `range`, whole (not clipped), in start order.
    pub fn shifts_overlapping(&self, range: Interval) -> Vec<Interval> {
        let date_of = |t: DateTime<Utc>| local_date(&self.zone, t);
        // A night shift from the day before can reach into the range; one day of slack on each
        // side also covers readings moved by a DST change (saturating at chrono's first and
        // last dates, where the shifts that would need them do not exist anyway).
        let first = date_of(range.start)
            .checked_sub_signed(Duration::days(1))
            .unwrap_or(NaiveDate::MIN);
        let last = date_of(range.end)
            .checked_add_signed(Duration::days(1))
            .unwrap_or(NaiveDate::MAX);
        first
            .iter_days()
            .take_while(|day| *day <= last)
            .filter_map(|day| self.shift_on(day))
            .filter(|shift| shift.overlaps(&range))
            .collect()
    }
}

/// Answers "does one span hold this slot?" for slots in non-decreasing order, amortised O(1).
#[derive(Debug, Clone)]
pub struct SpanCursor {
    /// Disjoint, sorted, not touching.
    spans: Vec<Interval>,
    /// Every span before `next` ends before the last slot asked about.
    next: usize,
}

impl SpanCursor {
    pub fn new(spans: Vec<Interval>) -> Self {
        SpanCursor {
            spans: merge_touching(spans),
            next: 0,
        }
    }

    pub fn holds(&mut self, slot: &Interval) -> bool {
        let ends_too_soon = |span: &Interval| span.end < slot.end;
        if self.next > 0 && !ends_too_soon(&self.spans[self.next - 1]) {
            // Asked out of order: find the place again instead of answering wrongly.
            self.next = self.spans.partition_point(ends_too_soon);
        }
        while self.spans.get(self.next).is_some_and(ends_too_soon) {
            self.next += 1;
        }
        self.spans
            .get(self.next)
            .is_some_and(|span| span.contains(slot))
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;
    use chrono_tz::Tz;

    use super::*;

    fn utc(m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, m, d, h, min, 0).unwrap()
    }

    fn hours(zone: Tz, start: u32, end: u32) -> WorkingHours {
        WorkingHours {
            days: WEEKDAYS.to_vec(),
            start: NaiveTime::from_hms_opt(start, 0, 0).unwrap(),
            end: NaiveTime::from_hms_opt(end, 0, 0).unwrap(),
            zone: WorkZone::Tz(zone),
        }
    }

    #[test]
    fn shifts_skip_weekends_and_are_in_local_time() {
        let berlin = hours(Tz::Europe__Berlin, 9, 17);
        // Friday 2026-06-05 to Tuesday 2026-06-09 (UTC midnight to midnight).
        let shifts = berlin.shifts_overlapping(Interval::new(utc(6, 5, 0, 0), utc(6, 9, 0, 0)));
        assert_eq!(
            shifts,
            vec![
                Interval::new(utc(6, 5, 7, 0), utc(6, 5, 15, 0)),
                Interval::new(utc(6, 8, 7, 0), utc(6, 8, 15, 0)),
            ]
        );
    }

    #[test]
    fn night_shift_ends_next_day_and_reaches_into_range() {
        let night = hours(Tz::UTC, 22, 6);
        let shifts = night.shifts_overlapping(Interval::new(utc(6, 2, 0, 0), utc(6, 2, 12, 0)));
        assert_eq!(
            shifts,
            vec![Interval::new(utc(6, 1, 22, 0), utc(6, 2, 6, 0))]
        );
    }

    #[test]
    fn shift_start_in_gap_moves_after_gap() {
        // Sunday 2026-03-29 in Berlin: 02:00–03:00 does not exist.
        let mut early = hours(Tz::Europe__Berlin, 2, 10);
        early.start = NaiveTime::from_hms_opt(2, 30, 0).unwrap();
        early.days = vec![Weekday::Sun];
        let shift = early
            .shift_on(NaiveDate::from_ymd_opt(2026, 3, 29).unwrap())
            .unwrap();
        assert_eq!(shift, Interval::new(utc(3, 29, 1, 0), utc(3, 29, 8, 0)));
    }

    #[test]
    fn empty_days_means_no_shifts() {
        let mut never = hours(Tz::UTC, 9, 17);
        never.days.clear();
        assert!(
            never
                .shifts_overlapping(Interval::new(utc(6, 1, 0, 0), utc(6, 30, 0, 0)))
                .is_empty()
        );
    }

    #[test]
    fn span_cursor_joins_back_to_back_shifts() {
        let mut cursor = SpanCursor::new(vec![
            Interval::new(utc(6, 2, 9, 0), utc(6, 3, 9, 0)),
            Interval::new(utc(6, 1, 9, 0), utc(6, 2, 9, 0)),
        ]);
        assert!(cursor.holds(&Interval::new(utc(6, 2, 8, 30), utc(6, 2, 9, 30))));
        assert!(!cursor.holds(&Interval::new(utc(6, 3, 8, 30), utc(6, 3, 9, 30))));
        assert!(cursor.holds(&Interval::new(utc(6, 1, 9, 0), utc(6, 1, 10, 0))));
    }

    #[test]
    fn shifts_at_the_ends_of_time_do_not_panic() {
        let every_day = |zone| WorkingHours {
            days: WEEK.to_vec(),
            ..hours(zone, 22, 6)
        };
        let last = DateTime::<Utc>::MAX_UTC;
        let first = DateTime::<Utc>::MIN_UTC;
        for zone in [Tz::America__Los_Angeles, Tz::Australia__Sydney, Tz::UTC] {
            let night = every_day(zone);
            for range in [
                Interval::new(last - Duration::days(3), last),
                Interval::new(first, first + Duration::days(3)),
            ] {
                for shift in night.shifts_overlapping(range) {
                    assert!(!shift.is_empty() && shift.overlaps(&range));
                }
            }
            assert_eq!(night.shift_on(NaiveDate::MAX), None);
        }
    }
}
