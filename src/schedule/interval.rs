//! Half-open time intervals `[start, end)` in UTC, cutting a long window into chunks, and the
//! range of instants the scheduler accepts at all ([`CALENDAR_RANGE`]).

use chrono::{DateTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};

/// The instants the scheduler works with: the years 0001 to 9999, all that RFC 3339 and Graph's
/// `dateTime` can write. chrono reaches ±262,000 years, so a few days of slack around any instant
/// in this range never overflows; windows outside it are refused before any arithmetic.
pub const CALENDAR_RANGE: Interval = Interval {
    start: instant(-62_135_596_800), // 0001-01-01T00:00:00Z
    end: instant(253_402_300_800),   // 10000-01-01T00:00:00Z
};

const fn instant(unix_seconds: i64) -> DateTime<Utc> {
    match DateTime::from_timestamp(unix_seconds, 0) {
        Some(t) => t,
        None => panic!("a constant inside chrono's range"),
    }
}

/// A half-open interval `[start, end)`: intervals that only touch do not overlap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Interval {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
}

impl Interval {
    pub fn new(start: DateTime<Utc>, end: DateTime<Utc>) -> Self {
        Interval { start, end }
    }

    /// `end - start`; never overflows (a `TimeDelta` spans more than chrono's whole date range).
    pub fn duration(&self) -> TimeDelta {
        self.end.signed_duration_since(self.start)
    }

    /// True when the interval holds no instant (`end <= start`).
    pub fn is_empty(&self) -> bool {
        self.end <= self.start
    }

    /// Whether the two share time. An empty interval at `p` counts as overlapping an interval
    /// that has `p` strictly inside it, so a zero-length busy item still blocks a slot around it.
    pub fn overlaps(&self, other: &Interval) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// Grown by `margin` on both sides (saturating at the ends of the representable range).
    pub fn widened(&self, margin: TimeDelta) -> Interval {
        Interval::new(
            self.start
                .checked_sub_signed(margin)
                .unwrap_or(DateTime::<Utc>::MIN_UTC),
            self.end
                .checked_add_signed(margin)
                .unwrap_or(DateTime::<Utc>::MAX_UTC),
        )
    }

    /// Whether `other` lies wholly inside `self`.
    pub fn contains(&self, other: &Interval) -> bool {
        self.start <= other.start && other.end <= self.end
    }
}

/// Sorts and merges intervals that overlap or touch: the result is disjoint, ascending, and no
/// two of its intervals touch (so their ends ascend too, which the sweep cursors rely on).
pub fn merge_touching(mut intervals: Vec<Interval>) -> Vec<Interval> {
    intervals.sort_unstable();
    let mut merged: Vec<Interval> = Vec::with_capacity(intervals.len());
    for interval in intervals {
        match merged.last_mut() {
            Some(last) if interval.start <= last.end => last.end = last.end.max(interval.end),
            _ => merged.push(interval),
        }
    }
    merged
}

/// Consecutive chunks `[a, b)` covering `window`, each at most `max` long (the CLI uses 61 days to
/// stay under getSchedule's "less than 62 days"). An empty window gives no chunks; a
/// non-positive `max` gives the whole window as one chunk rather than looping forever.
pub fn split_window(window: Interval, max: TimeDelta) -> Vec<Interval> {
    if window.is_empty() {
        return Vec::new();
    }
    if max <= TimeDelta::zero() {
        return vec![window];
    }
    let mut chunks = Vec::new();
    let mut start = window.start;
    while start < window.end {
        let end = start
            .checked_add_signed(max)
            .map_or(window.end, |end| end.min(window.end));
        chunks.push(Interval::new(start, end));
        start = end;
    }
    chunks
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn day(d: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap() + TimeDelta::days(i64::from(d))
    }

    #[test]
    fn calendar_range_is_the_years_1_to_9999() {
        use chrono::Datelike;
        assert_eq!(CALENDAR_RANGE.start.year(), 1);
        assert_eq!(CALENDAR_RANGE.start.ordinal0(), 0);
        assert_eq!(CALENDAR_RANGE.end.year(), 10_000);
        assert_eq!(CALENDAR_RANGE.end.ordinal0(), 0);
        assert_eq!(CALENDAR_RANGE.end.time(), chrono::NaiveTime::MIN);
    }

    #[test]
    fn widening_saturates_at_the_ends_of_time() {
        let all = Interval::new(DateTime::<Utc>::MIN_UTC, DateTime::<Utc>::MAX_UTC);
        assert_eq!(all.widened(TimeDelta::days(1)), all);
        assert_eq!(all.widened(TimeDelta::MAX), all);
        assert_eq!(
            all.duration(),
            DateTime::<Utc>::MAX_UTC - DateTime::<Utc>::MIN_UTC
        );
    }

    #[test]
    fn split_window_near_the_end_of_time_stops_at_the_window_end() {
        let end = DateTime::<Utc>::MAX_UTC;
        let window = Interval::new(end - TimeDelta::days(100), end);
        let chunks = split_window(window, TimeDelta::days(61));
        assert_eq!(chunks.len(), 2);
        assert_eq!(chunks[1].end, end);
        assert_eq!(split_window(window, TimeDelta::MAX), vec![window]);
    }

    #[test]
    fn touching_intervals_do_not_overlap() {
        let a = Interval::new(day(0), day(1));
        let b = Interval::new(day(1), day(2));
        assert!(!a.overlaps(&b));
        assert!(!b.overlaps(&a));
        assert!(a.overlaps(&Interval::new(day(0), day(2))));
    }

    #[test]
    fn merge_touching_joins_overlapping_and_touching_intervals() {
        let merged = merge_touching(vec![
            Interval::new(day(5), day(6)),
            Interval::new(day(0), day(2)),
            Interval::new(day(2), day(3)),
            Interval::new(day(1), day(2)),
        ]);
        assert_eq!(
            merged,
            vec![Interval::new(day(0), day(3)), Interval::new(day(5), day(6))]
        );
    }

    #[test]
    fn split_window_covers_in_chunks_of_at_most_max() {
        let window = Interval::new(day(0), day(150));
        let chunks = split_window(window, TimeDelta::days(61));
        assert_eq!(
            chunks,
            vec![
                Interval::new(day(0), day(61)),
                Interval::new(day(61), day(122)),
                Interval::new(day(122), day(150)),
            ]
        );
    }

    #[test]
    fn split_window_exact_multiple_has_no_empty_tail() {
        let chunks = split_window(Interval::new(day(0), day(122)), TimeDelta::days(61));
        assert_eq!(chunks.len(), 2);
        assert_eq!(chunks[1].end, day(122));
    }

    #[test]
    fn split_window_of_short_or_empty_window() {
        assert_eq!(
            split_window(Interval::new(day(0), day(7)), TimeDelta::days(61)),
            vec![Interval::new(day(0), day(7))]
        );
        assert!(split_window(Interval::new(day(3), day(3)), TimeDelta::days(61)).is_empty());
        assert_eq!(
            split_window(Interval::new(day(0), day(7)), TimeDelta::zero()),
            vec![Interval::new(day(0), day(7))]
        );
    }
}
