//! Small constructors shared by the schedule module's tests.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime, Weekday};

use super::custom_zone::TransitionRule;

/// A wall-clock date-time.
pub fn local(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(y, m, d)
        .unwrap()
        .and_hms_opt(h, min, 0)
        .unwrap()
}

/// A transition on the `occurrence`-th Sunday of `month` at `hour`:00.
pub fn sunday_rule(month: u32, occurrence: u32, hour: u32, bias: i32) -> TransitionRule {
    TransitionRule {
        month,
        day_occurrence: occurrence,
        day_of_week: Weekday::Sun,
        time: NaiveTime::from_hms_opt(hour, 0, 0).unwrap(),
        bias_minutes: bias,
    }
}
