//! Property tests: no input panics. Duration strings of any shape and size, and slot requests
//! whose instants sit anywhere in chrono's range (its very ends, the edges of the years
//! 0001–9999, today's calendar) with absurd durations, steps, buffers and notices.

use chrono::{DateTime, NaiveTime, TimeDelta, Utc, Weekday};
use chrono_tz::Tz;
use proptest::prelude::*;

use super::custom_zone::CustomZone;
use super::duration::{DurationError, parse_duration};
use super::interval::CALENDAR_RANGE;
use super::slots::*;
use super::test_fixtures::sunday_rule;

const DAY: i64 = 86_400;

fn at(unix_seconds: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(unix_seconds, 0).expect("generated inside chrono's range")
}

/// An instant near one of the places where arithmetic could overflow, or anywhere at all.
fn instant() -> impl Strategy<Value = DateTime<Utc>> {
    let first = DateTime::<Utc>::MIN_UTC.timestamp();
    let last = DateTime::<Utc>::MAX_UTC.timestamp();
    let calendar_start = CALENDAR_RANGE.start.timestamp();
    let calendar_end = CALENDAR_RANGE.end.timestamp();
    let today = at(1_780_000_000).timestamp(); // mid-2026
    prop_oneof![
        (first..first + 5 * DAY).prop_map(at),
        (last - 5 * DAY..=last).prop_map(at),
        (calendar_start - 5 * DAY..calendar_start + 5 * DAY).prop_map(at),
        (calendar_end - 5 * DAY..calendar_end + 5 * DAY).prop_map(at),
        (today - 30 * DAY..today + 30 * DAY).prop_map(at),
        (first..=last).prop_map(at),
    ]
}

/// Ordinary lengths, and the absurd ones: zero, negative, the largest and smallest there are.
fn delta() -> impl Strategy<Value = TimeDelta> {
    prop_oneof![
        3 => (0i64..=2 * 1440).prop_map(TimeDelta::minutes),
        1 => Just(TimeDelta::zero()),
        1 => Just(TimeDelta::MAX),
        1 => Just(TimeDelta::MIN),
        1 => (-1440i64..0).prop_map(TimeDelta::minutes),
        1 => any::<i64>().prop_map(|ms| TimeDelta::try_milliseconds(ms).unwrap_or(TimeDelta::MAX)),
    ]
}

/// A step that keeps the grid small on a window of a few days (the grid is what takes time,
/// not what could overflow), or an absurd one.
fn step() -> impl Strategy<Value = TimeDelta> {
    prop_oneof![
        3 => (15i64..=1440).prop_map(TimeDelta::minutes),
        1 => Just(TimeDelta::MAX),
        1 => Just(TimeDelta::zero()),
        1 => Just(TimeDelta::MIN),
    ]
}

fn zone() -> impl Strategy<Value = WorkZone> {
    prop::sample::select(vec![
        WorkZone::Tz(Tz::UTC),
        WorkZone::Tz(Tz::America__Los_Angeles),
        WorkZone::Tz(Tz::Pacific__Kiritimati), // UTC+14
        WorkZone::Tz(Tz::Etc__GMTPlus12),      // UTC-12
        WorkZone::Tz(Tz::America__Santiago),
        WorkZone::Custom(CustomZone {
            bias_minutes: 480,
            standard: Some(sunday_rule(11, 1, 2, 0)),
            daylight: Some(sunday_rule(3, 2, 2, -60)),
        }),
        WorkZone::Custom(CustomZone {
            bias_minutes: i32::MIN,
            standard: Some(sunday_rule(12, 5, 23, i32::MAX)),
            daylight: Some(sunday_rule(1, 1, 0, i32::MIN)),
        }),
    ])
}

fn working_hours() -> impl Strategy<Value = WorkingHours> {
    (0u8..128, 0u32..24, 0u32..24, zone()).prop_map(|(mask, start, end, zone)| WorkingHours {
        days: (0..7)
            .filter(|bit| mask & (1 << bit) != 0)
            .filter_map(|bit| Weekday::try_from(bit).ok())
            .collect(),
        start: NaiveTime::from_hms_opt(start, 0, 0).unwrap_or(NaiveTime::MIN),
        end: NaiveTime::from_hms_opt(end, 0, 0).unwrap_or(NaiveTime::MIN),
        zone,
    })
}

fn person() -> impl Strategy<Value = PersonSchedule> {
    let item = (instant(), delta(), any::<bool>()).prop_map(|(start, length, busy)| {
        let end = start.checked_add_signed(length).unwrap_or(start);
        let status = if busy {
            BusyStatus::Busy
        } else {
            BusyStatus::Tentative
        };
        BusyItem::new(start, end, status)
    });
    (
        prop::option::of(working_hours()),
        prop::collection::vec(item, 0..6),
    )
        .prop_map(|(working_hours, busy)| PersonSchedule {
            busy,
            working_hours,
        })
}

/// A window of up to three days starting anywhere (reversed now and then), and everything else
/// as absurd as it gets.
fn extreme_request() -> impl Strategy<Value = SlotRequest> {
    (
        instant(),
        -60i64..3 * 1440,
        instant(),
        (delta(), step(), delta(), delta()),
        prop::option::of(0usize..3),
        prop::sample::select(vec![Tz::UTC, Tz::Pacific__Kiritimati, Tz::Etc__GMTPlus12]),
        person(),
        prop::collection::vec(person(), 0..2),
    )
        .prop_map(
            |(
                start,
                minutes,
                now,
                (duration, step, buffer, notice),
                max_per_day,
                display_zone,
                organizer,
                others,
            )| {
                let end = start
                    .checked_add_signed(TimeDelta::minutes(minutes))
                    .unwrap_or(DateTime::<Utc>::MAX_UTC);
                SlotRequest {
                    window: Interval::new(start, end),
                    now,
                    duration,
                    step,
                    buffer,
                    notice,
                    tentative_free: false,
                    max_per_day,
                    no_overlap: false,
                    display_zone,
                    organizer,
                    others,
                }
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn free_slots_with_extreme_inputs_answers_without_panicking(req in extreme_request()) {
        match free_slots(&req) {
            Ok(slots) => {
                prop_assert!(CALENDAR_RANGE.contains(&req.window));
                for slot in &slots {
                    prop_assert!(req.window.contains(slot) && slot.duration() == req.duration);
                }
                let _ = group_by_day(&slots, req.display_zone);
            }
            Err(SlotError::WindowOutOfRange { .. }) => {
                prop_assert!(!CALENDAR_RANGE.contains(&req.window));
            }
            Err(_) => {}
        }
    }

    #[test]
    fn shifts_anywhere_in_time_never_panic(hours in working_hours(), start in instant(), days in 0i64..4) {
        let end = start
            .checked_add_signed(TimeDelta::days(days))
            .unwrap_or(DateTime::<Utc>::MAX_UTC);
        let range = Interval::new(start, end);
        for shift in hours.shifts_overlapping(range) {
            prop_assert!(!shift.is_empty() && shift.overlaps(&range));
        }
    }

    #[test]
    fn grouping_any_instants_by_day_never_panics(
        starts in prop::collection::vec(instant(), 0..8),
        zone in prop::sample::select(vec![Tz::UTC, Tz::Pacific__Kiritimati, Tz::Etc__GMTPlus12]),
    ) {
        let slots: Vec<Interval> = starts.iter().map(|t| Interval::new(*t, *t)).collect();
        let days = group_by_day(&slots, zone);
        prop_assert_eq!(days.iter().map(|(_, s)| s.len()).sum::<usize>(), slots.len());
    }

    #[test]
    fn any_text_is_a_duration_or_an_error_never_a_panic(text in "\\PC{0,40}") {
        let _ = parse_duration(&text);
    }

    #[test]
    fn duration_like_text_is_a_duration_or_an_error_never_a_panic(
        text in "[0-9 ]{0,30}[dhmDHMs]?[0-9]{0,25}[dhm]?[0-9 ]{0,25}[m]?"
    ) {
        let _ = parse_duration(&text);
    }

    #[test]
    fn any_number_of_any_unit_is_exact_or_too_large(
        days in any::<u64>(),
        hours in any::<u64>(),
        minutes in any::<u64>(),
        which in 1u8..8,
    ) {
        let mut text = String::new();
        let mut total: i128 = 0;
        for (bit, count, unit, per) in [(4, days, 'd', 1440), (2, hours, 'h', 60), (1, minutes, 'm', 1)] {
            if which & bit != 0 {
                text.push_str(&format!("{count}{unit}"));
                total += i128::from(count) * per;
            }
        }
        match parse_duration(&text) {
            Ok(d) => prop_assert_eq!(i128::from(d.num_minutes()), total, "{}", text),
            Err(e) => {
                prop_assert!(matches!(e, DurationError::TooLarge { .. }), "{}: {:?}", text, e);
                prop_assert!(total > i128::from(TimeDelta::MAX.num_minutes()), "{}", text);
            }
        }
    }
}
