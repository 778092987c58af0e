//! Property tests: `free_slots` against a slow, obviously-correct reference that checks every
//! grid candidate minute by minute, on random calendars around the 2026 DST changes of zones
//! with 60- and 30-minute shifts, midnight gaps, both hemispheres and Graph custom zones.

use chrono::{
    DateTime, Datelike, MappedLocalTime, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeDelta,
    TimeZone, Utc, Weekday,
};
use chrono_tz::Tz;
use proptest::prelude::*;

use super::custom_zone::CustomZone;
use super::duration::{format_duration, parse_duration};
use super::slots::*;
use super::test_fixtures::sunday_rule;
use super::zone::WorkZone;

// ---------------------------------------------------------------------------------------------
// The reference: direct transcription of the rules, no cleverness, minute resolution.

/// Earliest instant for a wall-clock reading, walking forward a minute at a time out of a gap.
fn reference_instant(zone: &WorkZone, local: NaiveDateTime) -> DateTime<Utc> {
    let mut probe = local;
    loop {
        match zone.from_local_datetime(&probe) {
            MappedLocalTime::Single(t) | MappedLocalTime::Ambiguous(t, _) => {
                return t.with_timezone(&Utc);
            }
            MappedLocalTime::None => probe += TimeDelta::minutes(1),
        }
    }
}

/// Every shift of a person starting on a local date near the window.
fn reference_shifts(hours: &WorkingHours, window: &Interval) -> Vec<Interval> {
    let first = window.start.with_timezone(&hours.zone).date_naive() - TimeDelta::days(2);
    let last = window.end.with_timezone(&hours.zone).date_naive() + TimeDelta::days(2);
    let mut shifts = Vec::new();
    let mut day = first;
    while day <= last {
        if hours.days.contains(&day.weekday()) {
            let end_day = if hours.end <= hours.start {
                day + TimeDelta::days(1)
            } else {
                day
            };
            let shift = Interval::new(
                reference_instant(&hours.zone, day.and_time(hours.start)),
                reference_instant(&hours.zone, end_day.and_time(hours.end)),
            );
            if shift.start < shift.end {
                shifts.push(shift);
            }
        }
        day += TimeDelta::days(1);
    }
    shifts
}

fn organizer_shifts(req: &SlotRequest) -> Vec<Interval> {
    match &req.organizer.working_hours {
        Some(hours) => reference_shifts(hours, &req.window),
        None => vec![req.window],
    }
}

fn minutes_of(slot: &Interval) -> impl Iterator<Item = DateTime<Utc>> {
    let slot = *slot;
    std::iter::successors(Some(slot.start), |m| Some(*m + TimeDelta::minutes(1)))
        .take_while(move |m| *m < slot.end)
}

fn offset_at(zone: &WorkZone, t: DateTime<Utc>) -> i32 {
    zone.offset_from_utc_datetime(&t.naive_utc())
        .fix()
        .local_minus_utc()
}

fn blocks(item: &BusyItem, tentative_free: bool) -> bool {
    match item.status {
        BusyStatus::Busy | BusyStatus::Oof | BusyStatus::Unknown => true,
        BusyStatus::Tentative => !tentative_free,
        BusyStatus::Free | BusyStatus::WorkingElsewhere => false,
    }
}

fn widened(item: &BusyItem, buffer: TimeDelta) -> Interval {
    let end = item.interval.end.max(item.interval.start);
    Interval::new(item.interval.start - buffer, end + buffer)
}

/// Every rule of the contract except the per-day cap, checked the slow way.
fn reference_allows(req: &SlotRequest, slot: &Interval) -> bool {
    let inside_window = req.window.start <= slot.start && slot.end <= req.window.end;
    let after_notice = slot.start >= req.now + req.notice;
    let steady_offset = req.organizer.working_hours.as_ref().is_none_or(|hours| {
        minutes_of(slot).all(|m| offset_at(&hours.zone, m) == offset_at(&hours.zone, slot.start))
    });
    let others_working = req
        .others
        .iter()
        .filter_map(|p| p.working_hours.as_ref())
        .all(|hours| {
            let shifts = reference_shifts(hours, &req.window);
            minutes_of(slot).all(|m| {
                shifts
                    .iter()
                    .any(|s| s.start <= m && m + TimeDelta::minutes(1) <= s.end)
            })
        });
    let clear = std::iter::once(&req.organizer)
        .chain(&req.others)
        .flat_map(|p| &p.busy)
        .filter(|item| blocks(item, req.tentative_free))
        .all(|item| {
            let w = widened(item, req.buffer);
            !(slot.start < w.end && w.start < slot.end)
        });
    inside_window && after_notice && steady_offset && others_working && clear
}

/// All grid candidates of all organizer shifts, filtered by the rules, then offered in start
/// order under `no_overlap` and the cap per organizer working day.
fn reference_slots(req: &SlotRequest) -> Vec<Interval> {
    let organizer_zone = req.organizer.working_hours.as_ref().map(|h| h.zone);
    let mut slots: Vec<(Interval, NaiveDate)> = Vec::new();
    for shift in organizer_shifts(req) {
        let mut start = shift.start;
        while start + req.duration <= shift.end {
            let slot = Interval::new(start, start + req.duration);
            if reference_allows(req, &slot) {
                let day = match organizer_zone {
                    Some(zone) => shift.start.with_timezone(&zone).date_naive(),
                    None => slot.start.with_timezone(&req.display_zone).date_naive(),
                };
                slots.push((slot, day));
            }
            start += req.step;
        }
    }
    slots.sort();
    slots.dedup_by_key(|(slot, _)| *slot);
    // In start order, a slot is offered when it overlaps no slot offered before it (with
    // `no_overlap`) and its working day has fewer than `max_per_day` offered.
    let mut per_day: std::collections::HashMap<NaiveDate, usize> = Default::default();
    let mut offered: Vec<(Interval, NaiveDate)> = Vec::new();
    for (slot, day) in slots {
        let overlaps = offered.iter().any(|(kept, _)| kept.overlaps(&slot));
        if req.no_overlap && overlaps {
            continue;
        }
        let count = per_day.entry(day).or_default();
        if req.max_per_day.is_some_and(|max| *count >= max) {
            continue;
        }
        *count += 1;
        offered.push((slot, day));
    }
    let slots = offered;
    slots.into_iter().map(|(slot, _)| slot).collect()
}

fn on_organizer_grid(req: &SlotRequest, slot: &Interval) -> bool {
    organizer_shifts(req).iter().any(|shift| {
        shift.contains(slot)
            && (slot.start - shift.start).num_seconds() % req.step.num_seconds() == 0
    })
}

// ---------------------------------------------------------------------------------------------
// Generators.

fn zones() -> Vec<WorkZone> {
    vec![
        WorkZone::Tz(Tz::UTC),
        WorkZone::Tz(Tz::America__Los_Angeles),
        WorkZone::Tz(Tz::Europe__Berlin),
        WorkZone::Tz(Tz::Asia__Kolkata),
        WorkZone::Tz(Tz::Australia__Sydney),
        WorkZone::Tz(Tz::Australia__Lord_Howe), // DST moves the clocks by 30 minutes
        WorkZone::Tz(Tz::America__Santiago),    // DST starts at midnight
        WorkZone::Custom(CustomZone {
            bias_minutes: 480,
            standard: Some(sunday_rule(11, 1, 2, 0)),
            daylight: Some(sunday_rule(3, 2, 2, -60)),
        }),
        WorkZone::Custom(CustomZone {
            bias_minutes: -600,
            standard: Some(sunday_rule(4, 1, 3, 0)),
            daylight: Some(sunday_rule(10, 1, 2, -60)),
        }),
    ]
}

fn display_zones() -> Vec<Tz> {
    vec![
        Tz::UTC,
        Tz::America__Los_Angeles,
        Tz::Europe__Berlin,
        Tz::Pacific__Auckland,
    ]
}

/// Days around each 2026 DST change of the zones above, plus an ordinary one.
fn anchor_days() -> Vec<NaiveDate> {
    [
        (3, 8),
        (11, 1),
        (3, 29),
        (10, 25),
        (4, 5),
        (10, 4),
        (9, 6),
        (6, 15),
    ]
    .into_iter()
    .map(|(m, d)| NaiveDate::from_ymd_opt(2026, m, d).unwrap())
    .collect()
}

/// Half the time every day of the week, otherwise any subset (the empty one included).
fn weekday_set() -> impl Strategy<Value = Vec<Weekday>> {
    prop_oneof![Just(127u8), 0u8..128].prop_map(|mask| {
        (0..7)
            .filter(|bit| mask & (1 << bit) != 0)
            .map(|bit| Weekday::try_from(bit).unwrap())
            .collect()
    })
}

fn quarter_hour_time() -> impl Strategy<Value = NaiveTime> {
    (0u32..24, prop::sample::select(vec![0u32, 15, 30, 45]))
        .prop_map(|(h, m)| NaiveTime::from_hms_opt(h, m, 0).unwrap())
}

/// Working hours of any length in quarter hours, biased to long days so that people overlap;
/// a length of 24 h gives `end == start` (round the clock, back-to-back shifts).
fn working_hours() -> impl Strategy<Value = WorkingHours> {
    (
        weekday_set(),
        quarter_hour_time(),
        prop_oneof![Just(96u32), 32u32..96, 1u32..96],
        prop::sample::select(zones()),
    )
        .prop_map(|(days, start, quarter_hours, zone)| WorkingHours {
            days,
            start,
            end: start + TimeDelta::minutes(15 * i64::from(quarter_hours)),
            zone,
        })
}

fn status() -> impl Strategy<Value = BusyStatus> {
    prop::sample::select(vec![
        BusyStatus::Busy,
        BusyStatus::Busy,
        BusyStatus::Tentative,
        BusyStatus::Oof,
        BusyStatus::Free,
        BusyStatus::WorkingElsewhere,
        BusyStatus::Unknown,
    ])
}

/// Busy items anywhere from a day before the window origin to five days after it.
fn busy_items(origin: DateTime<Utc>) -> impl Strategy<Value = Vec<BusyItem>> {
    prop::collection::vec((0i64..6 * 1440, 0i64..240, status()), 0..8).prop_map(move |items| {
        items
            .into_iter()
            .map(|(offset, length, status)| {
                let start = origin - TimeDelta::days(1) + TimeDelta::minutes(offset);
                BusyItem::new(start, start + TimeDelta::minutes(length), status)
            })
            .collect()
    })
}

fn person(origin: DateTime<Utc>) -> impl Strategy<Value = PersonSchedule> {
    (
        prop::option::weighted(0.9, working_hours()),
        busy_items(origin),
    )
        .prop_map(|(working_hours, busy)| PersonSchedule {
            busy,
            working_hours,
        })
}

fn request() -> impl Strategy<Value = SlotRequest> {
    (
        prop::sample::select(anchor_days()),
        0i64..2 * 1440,
        60i64..4 * 1440,
    )
        .prop_flat_map(|(anchor, start_offset, length)| {
            let origin = anchor.and_time(NaiveTime::MIN).and_utc() - TimeDelta::days(2);
            let window_start = origin + TimeDelta::minutes(start_offset);
            let window = Interval::new(window_start, window_start + TimeDelta::minutes(length));
            (
                Just(window),
                0i64..3 * 1440,
                5i64..=180,
                5i64..=120,
                0i64..=30,
                prop::sample::select(vec![0i64, 0, 0, 60, 12 * 60, 1440]),
                (any::<bool>(), any::<bool>()),
                prop::option::weighted(0.3, 1usize..5),
                prop::sample::select(display_zones()),
                person(origin),
                prop::collection::vec(person(origin), 0..3),
            )
        })
        .prop_map(
            |(
                window,
                now,
                duration,
                step,
                buffer,
                notice,
                (tentative_free, no_overlap),
                max_per_day,
                display_zone,
                organizer,
                others,
            )| {
                SlotRequest {
                    window,
                    now: window.start - TimeDelta::days(1) + TimeDelta::minutes(now),
                    duration: TimeDelta::minutes(duration),
                    step: TimeDelta::minutes(step),
                    buffer: TimeDelta::minutes(buffer),
                    notice: TimeDelta::minutes(notice),
                    tentative_free,
                    max_per_day,
                    no_overlap,
                    display_zone,
                    organizer,
                    others,
                }
            },
        )
}

// ---------------------------------------------------------------------------------------------
// Properties.

proptest! {
    #![proptest_config(ProptestConfig::with_cases(384))]

    #[test]
    fn offered_slots_obey_every_rule(req in request()) {
        let slots = free_slots(&req).unwrap();
        for pair in slots.windows(2) {
            prop_assert!(pair[0].start < pair[1].start, "ordered, no duplicates: {pair:?}");
            prop_assert!(!req.no_overlap || pair[0].end <= pair[1].start, "overlap: {pair:?}");
        }
        for slot in &slots {
            prop_assert_eq!(slot.duration(), req.duration);
            prop_assert!(req.window.contains(slot), "outside the window: {:?}", slot);
            prop_assert!(slot.start >= req.now + req.notice, "before now + notice: {:?}", slot);
            prop_assert!(on_organizer_grid(&req, slot), "off the organizer's grid/hours: {:?}", slot);
            prop_assert!(reference_allows(&req, slot), "breaks a rule: {:?}", slot);
        }
    }

    #[test]
    fn no_free_grid_candidate_is_missed(req in request()) {
        prop_assert_eq!(free_slots(&req).unwrap(), reference_slots(&req));
    }

    #[test]
    fn split_window_covers_the_window_in_bounded_chunks(
        start in 0i64..1_000_000,
        length in 1i64..1_000_000,
        max in 1i64..100_000,
    ) {
        let base = DateTime::<Utc>::UNIX_EPOCH + TimeDelta::minutes(start);
        let window = Interval::new(base, base + TimeDelta::minutes(length));
        let chunks = split_window(window, TimeDelta::minutes(max));
        prop_assert_eq!(chunks.first().map(|c| c.start), Some(window.start));
        prop_assert_eq!(chunks.last().map(|c| c.end), Some(window.end));
        for pair in chunks.windows(2) {
            prop_assert_eq!(pair[0].end, pair[1].start);
        }
        for chunk in &chunks {
            prop_assert!(!chunk.is_empty() && chunk.duration() <= TimeDelta::minutes(max));
        }
    }

    #[test]
    fn formatted_durations_parse_back(minutes in 0i64..10_000_000) {
        let d = TimeDelta::minutes(minutes);
        prop_assert_eq!(parse_duration(&format_duration(d)), Ok(d));
    }
}
