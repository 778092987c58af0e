//! Recurrence expansion: the occurrences of an event that overlap a window, computed on the
//! event's own wall clock (a 09:00 weekly meeting stays at 09:00 local across DST changes).

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, Utc};

use super::model::{RecurrencePattern, RecurrenceRange, SandboxEvent};
use super::zones;

/// One instance of an event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Occurrence {
    pub(super) start: DateTime<Utc>,
    pub(super) end: DateTime<Utc>,
    /// Wall-clock start in the event's zone (identifies an occurrence of a series).
    pub(super) local_start: NaiveDateTime,
    /// Part of a recurring series (Graph `type: occurrence`).
    pub(super) in_series: bool,
}

/// Safety bound on days walked through a series (about 270 years).
const MAX_DAYS: i64 = 100_000;

/// The occurrences of `event` overlapping `[from, to)`, by start.
pub(super) fn occurrences(
    event: &SandboxEvent,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Vec<Occurrence> {
    let Some(zone) = zones::resolve(&event.time_zone) else {
        return Vec::new();
    };
    let duration = event.end - event.start;
    let make = |local: NaiveDateTime, in_series: bool| {
        let start = zones::to_utc(zone, local);
        Occurrence {
            start,
            end: start + duration,
            local_start: local,
            in_series,
        }
    };
    let overlaps = |o: &Occurrence| o.start < to && o.end > from;
    let Some(rec) = &event.recurrence else {
        let o = make(event.start, false);
        return if overlaps(&o) { vec![o] } else { Vec::new() };
    };
    let first = event.start.date();
    let time = event.start.time();
    // No occurrence starting after the window's last local day (plus one for zone skew) overlaps it.
    let last_day = zones::to_local(zone, to).date() + Duration::days(1);
    let mut out = Vec::new();
    let mut count = 0u32;
    let mut day = first;
    for _ in 0..MAX_DAYS {
        if day > last_day {
            break;
        }
        if let RecurrenceRange::EndDate(end) = rec.range
            && day > end
        {
            break;
        }
        if on_pattern(&rec.pattern, first, day) {
            count += 1;
            if let RecurrenceRange::Numbered(n) = rec.range
                && count > n
            {
                break;
            }
            let o = make(day.and_time(time), true);
            if overlaps(&o) {
                out.push(o);
            }
        }
        let Some(next) = day.succ_opt() else { break };
        day = next;
    }
    out
}

/// Whether `day` carries an occurrence of a series starting on `first`.
fn on_pattern(pattern: &RecurrencePattern, first: NaiveDate, day: NaiveDate) -> bool {
    match pattern {
        RecurrencePattern::Daily { interval } => {
            (day - first).num_days() % i64::from((*interval).max(1)) == 0
        }
        RecurrencePattern::Weekly {
            interval,
            days_of_week,
        } => {
            let week_start =
                |d: NaiveDate| d - Duration::days(d.weekday().num_days_from_sunday().into());
            let weeks = (week_start(day) - week_start(first)).num_days() / 7;
            days_of_week.contains(&day.weekday()) && weeks % i64::from((*interval).max(1)) == 0
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate_free_helpers::*;

    mod crate_free_helpers {
        use super::super::super::model::{Recurrence, ShowAs};
        use super::*;

        pub(super) fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
            NaiveDate::from_ymd_opt(y, m, d)
                .unwrap()
                .and_hms_opt(h, min, 0)
                .unwrap()
        }

        pub(super) fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
            at(y, m, d, h, min).and_utc()
        }

        pub(super) fn series(
            start: NaiveDateTime,
            minutes: i64,
            zone: &str,
            pattern: RecurrencePattern,
            range: RecurrenceRange,
        ) -> SandboxEvent {
            SandboxEvent {
                subject: "s".into(),
                start,
                end: start + Duration::minutes(minutes),
                time_zone: zone.into(),
                show_as: ShowAs::Busy,
                is_cancelled: false,
                recurrence: Some(Recurrence { pattern, range }),
            }
        }
    }

    #[test]
    fn weekly_meeting_keeps_local_time_across_dst() {
        use chrono::Weekday::Mon;
        let e = series(
            at(2026, 2, 23, 9, 0),
            30,
            "Pacific Standard Time",
            RecurrencePattern::Weekly {
                interval: 1,
                days_of_week: vec![Mon],
            },
            RecurrenceRange::NoEnd,
        );
        let occ = occurrences(&e, utc(2026, 3, 1, 0, 0), utc(2026, 3, 17, 0, 0));
        let starts: Vec<String> = occ.iter().map(|o| o.start.to_rfc3339()).collect();
        // 09:00 PST = 17:00Z before 8 March, 09:00 PDT = 16:00Z after.
        assert_eq!(
            starts,
            [
                "2026-03-02T17:00:00+00:00",
                "2026-03-09T16:00:00+00:00",
                "2026-03-16T16:00:00+00:00"
            ]
        );
        assert!(
            occ.iter()
                .all(|o| o.in_series && o.end - o.start == Duration::minutes(30))
        );
    }

    #[test]
    fn numbered_range_counts_from_the_series_start() {
        let e = series(
            at(2026, 1, 5, 10, 0),
            15,
            "UTC",
            RecurrencePattern::Daily { interval: 2 },
            RecurrenceRange::Numbered(3),
        );
        let occ = occurrences(&e, utc(2026, 1, 1, 0, 0), utc(2026, 2, 1, 0, 0));
        let days: Vec<u32> = occ.iter().map(|o| o.local_start.day()).collect();
        assert_eq!(days, [5, 7, 9]);
        // A window after the third occurrence sees nothing, though it lies on the pattern.
        assert!(occurrences(&e, utc(2026, 1, 10, 0, 0), utc(2026, 1, 12, 0, 0)).is_empty());
    }

    #[test]
    fn biweekly_on_two_days_with_end_date() {
        use chrono::Weekday::{Thu, Tue};
        // Starts on a Wednesday: the first occurrence is that week's Thursday.
        let e = series(
            at(2026, 6, 3, 14, 0),
            60,
            "Europe/Berlin",
            RecurrencePattern::Weekly {
                interval: 2,
                days_of_week: vec![Tue, Thu],
            },
            RecurrenceRange::EndDate(NaiveDate::from_ymd_opt(2026, 6, 30).unwrap()),
        );
        let occ = occurrences(&e, utc(2026, 5, 1, 0, 0), utc(2026, 8, 1, 0, 0));
        let days: Vec<u32> = occ.iter().map(|o| o.local_start.day()).collect();
        assert_eq!(days, [4, 16, 18, 30]);
        assert_eq!(occ[0].start, utc(2026, 6, 4, 12, 0));
    }

    #[test]
    fn single_event_overlap_is_half_open() {
        let mut e = series(
            at(2026, 1, 5, 10, 0),
            60,
            "UTC",
            RecurrencePattern::Daily { interval: 1 },
            RecurrenceRange::NoEnd,
        );
        e.recurrence = None;
        assert_eq!(
            occurrences(&e, utc(2026, 1, 5, 11, 0), utc(2026, 1, 5, 12, 0)).len(),
            0
        );
        assert_eq!(
            occurrences(&e, utc(2026, 1, 5, 10, 59), utc(2026, 1, 5, 12, 0)).len(),
            1
        );
        assert!(!occurrences(&e, utc(2026, 1, 5, 9, 0), utc(2026, 1, 5, 12, 0))[0].in_series);
    }
}
