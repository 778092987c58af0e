//! Reading wall-clock times in a zone, the way working hours need it.
//!
//! A reading in a fold (the repeated hour) means its earlier instant; a reading in a gap (the
//! skipped hour) means the first instant after the gap, i.e. the transition itself. Works for
//! any [`chrono::TimeZone`], named or custom.
//!
//! Every step on an instant is checked: a reading within a couple of days of chrono's range ends
//! (which only a corrupt calendar or a typo can produce) has no instant (`None`), never a panic.

use chrono::{
    DateTime, MappedLocalTime, NaiveDate, NaiveDateTime, Offset, TimeDelta, TimeZone, Utc,
};

use super::interval::Interval;

/// The instant a wall-clock reading names: earlier one in a fold, end of the gap in a gap.
/// `None` when the instant lies beyond chrono's range (a reading near the year ±262,000).
pub fn resolve_local_forward<Z: TimeZone>(zone: &Z, local: NaiveDateTime) -> Option<DateTime<Utc>> {
    match zone.from_local_datetime(&local) {
        MappedLocalTime::Single(t) | MappedLocalTime::Ambiguous(t, _) => {
            Some(t.with_timezone(&Utc))
        }
        // chrono also answers None when the reading's instant would be out of range.
        MappedLocalTime::None => end_of_gap(zone, local),
    }
}

/// Local-minus-UTC seconds in force at `utc`.
pub fn offset_seconds_at<Z: TimeZone>(zone: &Z, utc: DateTime<Utc>) -> i32 {
    zone.offset_from_utc_datetime(&utc.naive_utc())
        .fix()
        .local_minus_utc()
}

/// The calendar date of `utc` on `zone`'s wall clock. At the very ends of chrono's range, where
/// the local reading is not representable (chrono's own `date_naive` panics there), the UTC date.
pub fn local_date<Z: TimeZone>(zone: &Z, utc: DateTime<Utc>) -> NaiveDate {
    let offset = zone.offset_from_utc_datetime(&utc.naive_utc()).fix();
    utc.naive_utc()
        .checked_add_offset(offset)
        .map_or_else(|| utc.date_naive(), |reading| reading.date())
}

/// The instant inside `span` where the zone's UTC offset changes, if it does: found by bisection
/// when the offsets at the two ends differ. Assumes at most one change per span, which holds for
/// spans up to a day or two in every real zone.
pub fn offset_change_within<Z: TimeZone>(zone: &Z, span: Interval) -> Option<DateTime<Utc>> {
    if span.is_empty() {
        return None;
    }
    let nanosecond = TimeDelta::nanoseconds(1);
    let last_instant = span.end.checked_sub_signed(nanosecond)?;
    let offset_at_start = offset_seconds_at(zone, span.start);
    if offset_seconds_at(zone, last_instant) == offset_at_start {
        return None;
    }
    // Invariant: the offset at `lo` is the starting one, the offset at `hi` is not.
    let (mut lo, mut hi) = (span.start, last_instant);
    while hi.signed_duration_since(lo) > nanosecond {
        let mid = lo.checked_add_signed(hi.signed_duration_since(lo) / 2)?;
        if offset_seconds_at(zone, mid) == offset_at_start {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    Some(hi)
}

/// The transition instant of the gap that swallows `local`: the first instant whose reading is at
/// or after `local`. Found by bisection between the readings under the offsets of the day
/// before and the day after, which bracket it whenever one transition causes the gap. `None`
/// within two days of chrono's range ends, where the bracket itself is not representable.
fn end_of_gap<Z: TimeZone>(zone: &Z, local: NaiveDateTime) -> Option<DateTime<Utc>> {
    let naive_as_utc = local.and_utc();
    // Offsets stay under a day, so with two days of room every step below stays in range.
    naive_as_utc.checked_sub_signed(TimeDelta::days(2))?;
    naive_as_utc.checked_add_signed(TimeDelta::days(2))?;
    let shifted =
        |t: DateTime<Utc>, seconds: i32| t.checked_sub_signed(TimeDelta::seconds(seconds.into()));
    let offset_before =
        offset_seconds_at(zone, naive_as_utc.checked_sub_signed(TimeDelta::days(1))?);
    let offset_after =
        offset_seconds_at(zone, naive_as_utc.checked_add_signed(TimeDelta::days(1))?);
    let reading_reaches = |t: DateTime<Utc>| {
        t.naive_utc()
            .checked_add_signed(TimeDelta::seconds(offset_seconds_at(zone, t).into()))
            .is_some_and(|reading| reading >= local)
    };
    let mut lo = shifted(naive_as_utc, offset_after)?;
    let mut hi = shifted(naive_as_utc, offset_before)?;
    if lo < hi && !reading_reaches(lo) && reading_reaches(hi) {
        // Invariant: reading_reaches(lo) is false, reading_reaches(hi) is true.
        while hi.signed_duration_since(lo) > TimeDelta::seconds(1) {
            let mid = lo.checked_add_signed(hi.signed_duration_since(lo) / 2)?;
            if reading_reaches(mid) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return Some(hi);
    }
    // Not one simple transition (never seen in real zones): walk forward to a valid reading.
    let mut probe = local;
    for _ in 0..(48 * 60) {
        probe = probe.checked_add_signed(TimeDelta::minutes(1))?;
        if let MappedLocalTime::Single(t) | MappedLocalTime::Ambiguous(t, _) =
            zone.from_local_datetime(&probe)
        {
            return Some(t.with_timezone(&Utc));
        }
    }
    shifted(naive_as_utc, offset_after)
}

#[cfg(test)]
mod tests {
    use super::super::test_fixtures::local;
    use chrono_tz::Tz;

    use super::*;

    fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        local(y, m, d, h, min).and_utc()
    }

    #[test]
    fn gap_reading_moves_to_end_of_gap() {
        // Los Angeles skips 02:00–03:00 on 2026-03-08; 03:00 PDT is 10:00 UTC.
        let la = Tz::America__Los_Angeles;
        assert_eq!(
            resolve_local_forward(&la, local(2026, 3, 8, 2, 30)),
            Some(utc(2026, 3, 8, 10, 0))
        );
        // Berlin skips 02:00–03:00 on 2026-03-29; 03:00 CEST is 01:00 UTC.
        let berlin = Tz::Europe__Berlin;
        assert_eq!(
            resolve_local_forward(&berlin, local(2026, 3, 29, 2, 0)),
            Some(utc(2026, 3, 29, 1, 0))
        );
    }

    #[test]
    fn fold_reading_takes_earlier_instant() {
        // Berlin repeats 02:00–03:00 on 2026-10-25; the first 02:30 is CEST, 00:30 UTC.
        assert_eq!(
            resolve_local_forward(&Tz::Europe__Berlin, local(2026, 10, 25, 2, 30)),
            Some(utc(2026, 10, 25, 0, 30))
        );
        // Los Angeles repeats 01:00–02:00 on 2026-11-01; the first 01:30 is PDT, 08:30 UTC.
        assert_eq!(
            resolve_local_forward(&Tz::America__Los_Angeles, local(2026, 11, 1, 1, 30)),
            Some(utc(2026, 11, 1, 8, 30))
        );
    }

    #[test]
    fn offset_change_is_found_inside_a_span() {
        let berlin = Tz::Europe__Berlin;
        let spring_day = Interval::new(utc(2026, 3, 28, 23, 0), utc(2026, 3, 29, 22, 0));
        assert_eq!(
            offset_change_within(&berlin, spring_day),
            Some(utc(2026, 3, 29, 1, 0))
        );
        let autumn_day = Interval::new(utc(2026, 10, 24, 22, 0), utc(2026, 10, 25, 23, 0));
        assert_eq!(
            offset_change_within(&berlin, autumn_day),
            Some(utc(2026, 10, 25, 1, 0))
        );
        let ordinary_day = Interval::new(utc(2026, 6, 1, 0, 0), utc(2026, 6, 2, 0, 0));
        assert_eq!(offset_change_within(&berlin, ordinary_day), None);
        // A span ending exactly at the change does not contain it.
        let before = Interval::new(utc(2026, 3, 29, 0, 0), utc(2026, 3, 29, 1, 0));
        assert_eq!(offset_change_within(&berlin, before), None);
    }

    #[test]
    fn midnight_gap_moves_to_one_oclock() {
        // America/Santiago springs forward at 24:00 on 2026-09-05: 00:00 on the 6th does not exist.
        let santiago = Tz::America__Santiago;
        let midnight = local(2026, 9, 6, 0, 0);
        assert!(matches!(
            santiago.from_local_datetime(&midnight),
            MappedLocalTime::None
        ));
        let t = resolve_local_forward(&santiago, midnight).unwrap();
        assert_eq!(
            t.with_timezone(&santiago).naive_local(),
            local(2026, 9, 6, 1, 0)
        );
    }

    #[test]
    fn readings_at_the_ends_of_time_have_no_instant_instead_of_panicking() {
        let la = Tz::America__Los_Angeles;
        let sydney = Tz::Australia__Sydney;
        // The last reading chrono has, in a zone behind UTC: its instant is past the range.
        assert_eq!(resolve_local_forward(&la, NaiveDateTime::MAX), None);
        // The first reading, in a zone ahead of UTC: its instant is before the range.
        assert_eq!(resolve_local_forward(&sydney, NaiveDateTime::MIN), None);
        // The same readings are fine where the offset keeps them in range.
        assert!(resolve_local_forward(&sydney, NaiveDateTime::MAX).is_some());
        assert!(resolve_local_forward(&la, NaiveDateTime::MIN).is_some());
    }

    #[test]
    fn local_date_at_the_ends_of_time_does_not_panic() {
        let sydney = Tz::Australia__Sydney;
        let last = DateTime::<Utc>::MAX_UTC;
        assert_eq!(local_date(&sydney, last), last.date_naive());
        assert_eq!(
            local_date(&Tz::America__Los_Angeles, DateTime::<Utc>::MIN_UTC),
            DateTime::<Utc>::MIN_UTC.date_naive()
        );
        let evening = utc(2026, 6, 1, 20, 0);
        assert_eq!(local_date(&sydney, evening), local(2026, 6, 2, 0, 0).date());
    }

    #[test]
    fn offset_change_at_the_ends_of_time_does_not_panic() {
        let all = Interval::new(DateTime::<Utc>::MIN_UTC, DateTime::<Utc>::MAX_UTC);
        for zone in [Tz::UTC, Tz::Europe__Berlin, Tz::America__Santiago] {
            // Whatever it finds over the whole range, it must not panic.
            let _ = offset_change_within(&zone, all);
        }
    }
}
