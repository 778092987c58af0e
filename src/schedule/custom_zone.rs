//! Graph's `customTimeZone`: a base bias plus optional yearly standard/daylight transition rules.
//!
//! Semantics (Graph / Windows `TIME_ZONE_INFORMATION`): biases are minutes to ADD to local time to
//! get UTC, so US Pacific is `bias 480, daylightBias -60`:
//! `UTC = local + bias + (daylightBias during daylight time, standardBias otherwise)`.
//! A rule fires each year on the `day_occurrence`-th `day_of_week` of `month` (5 = the last one)
//! at `time`, read on the wall clock in force just before the change. Daylight time runs from the
//! daylight rule to the standard rule; when the daylight rule comes later in the year (southern
//! hemisphere) it wraps over New Year. Graph's `year` field (a one-off rule) is not modelled: every
//! rule is treated as recurring. No daylight time at all when either rule is missing, a month is
//! outside 1–12 (Windows uses month 0 for "no DST"), or both rules fall on the same instant.

use chrono::{
    Datelike, Duration, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, Offset, Utc, Weekday,
};

/// One yearly transition of a [`CustomZone`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TransitionRule {
    pub month: u32,
    /// 1–4 = that occurrence of `day_of_week` in the month, 5 = the last one.
    pub day_occurrence: u32,
    pub day_of_week: Weekday,
    /// Local wall-clock time of the change, in the time in force before it.
    pub time: NaiveTime,
    /// `standardBias` for the standard rule, `daylightBias` for the daylight rule.
    pub bias_minutes: i32,
}

/// A zone described by rules rather than by name (Graph `"Customized Time Zone"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CustomZone {
    pub bias_minutes: i32,
    /// When daylight time ends (and `standardBias` applies).
    pub standard: Option<TransitionRule>,
    /// When daylight time starts (and `daylightBias` applies).
    pub daylight: Option<TransitionRule>,
}

/// Offsets are kept strictly inside one day, the range chrono's `FixedOffset` accepts.
const MAX_OFFSET_SECONDS: i32 = 24 * 3600 - 1;

impl CustomZone {
    /// A zone without daylight time: `UTC = local + bias`.
    pub fn fixed(bias_minutes: i32) -> Self {
        CustomZone {
            bias_minutes,
            standard: None,
            daylight: None,
        }
    }

    fn standard_bias(&self) -> i32 {
        self.standard.map_or(0, |rule| rule.bias_minutes)
    }

    /// Local-minus-UTC offset for standard time.
    pub fn standard_offset(&self) -> FixedOffset {
        offset_from_biases(self.bias_minutes, self.standard_bias())
    }

    /// Local-minus-UTC offset for daylight time (equal to standard when there is no DST).
    pub fn daylight_offset(&self) -> FixedOffset {
        match self.dst_rules() {
            Some((_, daylight)) => offset_from_biases(self.bias_minutes, daylight.bias_minutes),
            None => self.standard_offset(),
        }
    }

    /// Whether daylight time is in force at this UTC instant.
    pub fn is_daylight_at(&self, utc: &NaiveDateTime) -> bool {
        let Some((standard, daylight)) = self.dst_rules() else {
            return false;
        };
        // The year of the local standard-time reading decides which year's rules apply; it
        // differs from the UTC year only around New Year, where no real rule fires (and at the
        // ends of chrono's range, where the reading does not exist: the UTC year then).
        let year = utc
            .checked_add_offset(self.standard_offset())
            .map_or_else(|| utc.year(), |reading| reading.year());
        let (Some(starts), Some(ends)) = (
            self.daylight_start_utc(year, &daylight),
            self.daylight_end_utc(year, &standard),
        ) else {
            return false;
        };
        if starts < ends {
            starts <= *utc && *utc < ends
        } else if ends < starts {
            *utc < ends || starts <= *utc
        } else {
            false
        }
    }

    /// The offset in force at this UTC instant.
    pub fn offset_at_utc(&self, utc: &NaiveDateTime) -> FixedOffset {
        if self.is_daylight_at(utc) {
            self.daylight_offset()
        } else {
            self.standard_offset()
        }
    }

    /// Both rules, if this zone observes daylight time at all.
    fn dst_rules(&self) -> Option<(TransitionRule, TransitionRule)> {
        let (standard, daylight) = (self.standard?, self.daylight?);
        let valid_month = |rule: &TransitionRule| (1..=12).contains(&rule.month);
        (valid_month(&standard) && valid_month(&daylight)).then_some((standard, daylight))
    }

    /// The instant daylight time starts in `year`; its wall-clock time is read in standard time.
    fn daylight_start_utc(&self, year: i32, daylight: &TransitionRule) -> Option<NaiveDateTime> {
        daylight
            .local_datetime(year)?
            .checked_sub_offset(self.standard_offset())
    }

    /// The instant daylight time ends in `year`; its wall-clock time is read in daylight time.
    fn daylight_end_utc(&self, year: i32, standard: &TransitionRule) -> Option<NaiveDateTime> {
        standard
            .local_datetime(year)?
            .checked_sub_offset(self.daylight_offset())
    }
}

impl TransitionRule {
    /// The wall-clock date-time at which this rule fires in `year`.
    pub fn local_datetime(&self, year: i32) -> Option<NaiveDateTime> {
        let date = nth_weekday_of_month(year, self.month, self.day_of_week, self.day_occurrence)?;
        Some(date.and_time(self.time))
    }
}

/// Local-minus-UTC from Graph biases (minutes to add to local time to get UTC).
fn offset_from_biases(bias_minutes: i32, extra_bias_minutes: i32) -> FixedOffset {
    let seconds = bias_minutes
        .saturating_add(extra_bias_minutes)
        .saturating_mul(-60)
        .clamp(-MAX_OFFSET_SECONDS, MAX_OFFSET_SECONDS);
    // Clamped into FixedOffset's range above, so the fallback is never taken.
    FixedOffset::east_opt(seconds).unwrap_or_else(|| Utc.fix())
}

/// The `occurrence`-th `weekday` of the month; 5 (or more) means the last one, 0 is read as 1.
fn nth_weekday_of_month(
    year: i32,
    month: u32,
    weekday: Weekday,
    occurrence: u32,
) -> Option<NaiveDate> {
    let first = NaiveDate::from_ymd_opt(year, month, 1)?;
    let days_to_first_match =
        (7 + weekday.num_days_from_monday() - first.weekday().num_days_from_monday()) % 7;
    let wanted = occurrence.clamp(1, 5);
    let mut date = first.checked_add_signed(Duration::days(
        i64::from(days_to_first_match) + 7 * i64::from(wanted - 1),
    ))?;
    // Past the month's end (a 5th occurrence that does not exist): step back to the last one.
    while date.month() != month {
        date = date.checked_sub_signed(Duration::days(7))?;
    }
    Some(date)
}

#[cfg(test)]
mod tests {
    use super::super::test_fixtures::{local, sunday_rule};
    use super::*;

    #[test]
    fn nth_weekday_handles_first_and_last() {
        // March 2026 starts on a Sunday.
        assert_eq!(
            nth_weekday_of_month(2026, 3, Weekday::Sun, 2),
            NaiveDate::from_ymd_opt(2026, 3, 8)
        );
        assert_eq!(
            nth_weekday_of_month(2026, 3, Weekday::Sun, 5),
            NaiveDate::from_ymd_opt(2026, 3, 29)
        );
        // October 2026 has only four Sundays after the 4th: the 5th occurrence is the last one.
        assert_eq!(
            nth_weekday_of_month(2026, 10, Weekday::Sun, 5),
            NaiveDate::from_ymd_opt(2026, 10, 25)
        );
        assert_eq!(nth_weekday_of_month(2026, 13, Weekday::Sun, 1), None);
    }

    #[test]
    fn fixed_zone_has_no_daylight_time() {
        let zone = CustomZone::fixed(-330);
        assert_eq!(
            zone.offset_at_utc(&local(2026, 7, 1, 0, 0))
                .local_minus_utc(),
            330 * 60
        );
    }

    #[test]
    fn month_zero_means_no_daylight_time() {
        let zone = CustomZone {
            bias_minutes: 480,
            standard: Some(sunday_rule(0, 1, 2, 0)),
            daylight: Some(sunday_rule(0, 2, 2, -60)),
        };
        assert_eq!(
            zone.offset_at_utc(&local(2026, 7, 1, 0, 0))
                .local_minus_utc(),
            -8 * 3600
        );
    }

    #[test]
    fn daylight_rules_at_the_ends_of_time_do_not_panic() {
        let pacific = CustomZone {
            bias_minutes: 480,
            standard: Some(sunday_rule(11, 1, 2, 0)),
            daylight: Some(sunday_rule(3, 2, 2, -60)),
        };
        let extreme = CustomZone {
            bias_minutes: i32::MAX,
            standard: Some(sunday_rule(12, 5, 23, i32::MIN)),
            daylight: Some(sunday_rule(1, 1, 0, i32::MAX)),
        };
        for zone in [pacific, extreme] {
            for t in [NaiveDateTime::MIN, NaiveDateTime::MAX] {
                let offset = zone.offset_at_utc(&t).local_minus_utc();
                assert!(offset.abs() < 24 * 3600);
            }
        }
        // chrono's last year still has its last Sunday of December; the year after has none.
        let last = nth_weekday_of_month(NaiveDate::MAX.year(), 12, Weekday::Sun, 5).unwrap();
        assert_eq!((last.month(), last.weekday()), (12, Weekday::Sun));
        assert_eq!(
            nth_weekday_of_month(NaiveDate::MAX.year() + 1, 1, Weekday::Sun, 1),
            None
        );
    }
}
