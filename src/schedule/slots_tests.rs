//! Behaviour of `free_slots`, case by case (the property tests live in `slots_proptest`).

use chrono::{DateTime, NaiveTime, TimeDelta, TimeZone, Utc, Weekday};
use chrono_tz::Tz;

use super::custom_zone::{CustomZone, TransitionRule};
use super::slots::*;
use super::zone::WorkZone;

use super::working_hours::{WEEK as ALL_DAYS, WEEKDAYS};

fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, min, 0).unwrap()
}

fn minutes(m: i64) -> TimeDelta {
    TimeDelta::minutes(m)
}

fn hours(
    zone: impl Into<WorkZone>,
    days: &[Weekday],
    start: (u32, u32),
    end: (u32, u32),
) -> WorkingHours {
    WorkingHours {
        days: days.to_vec(),
        start: NaiveTime::from_hms_opt(start.0, start.1, 0).unwrap(),
        end: NaiveTime::from_hms_opt(end.0, end.1, 0).unwrap(),
        zone: zone.into(),
    }
}

fn person(working_hours: Option<WorkingHours>, busy: Vec<BusyItem>) -> PersonSchedule {
    PersonSchedule {
        busy,
        working_hours,
    }
}

/// Defaults as in the contract (60m, step 30m, no buffer, no notice), "now" long before.
fn request(window: Interval, organizer_hours: Option<WorkingHours>) -> SlotRequest {
    SlotRequest {
        window,
        now: window.start - TimeDelta::days(30),
        duration: minutes(60),
        step: minutes(30),
        buffer: TimeDelta::zero(),
        notice: TimeDelta::zero(),
        tentative_free: false,
        max_per_day: None,
        no_overlap: false,
        display_zone: Tz::UTC,
        organizer: person(organizer_hours, Vec::new()),
        others: Vec::new(),
    }
}

fn starts(req: &SlotRequest) -> Vec<DateTime<Utc>> {
    free_slots(req)
        .unwrap()
        .into_iter()
        .map(|slot| {
            assert_eq!(slot.duration(), req.duration);
            slot.start
        })
        .collect()
}

fn local_starts(req: &SlotRequest, zone: Tz) -> Vec<String> {
    starts(req)
        .into_iter()
        .map(|t| t.with_timezone(&zone).format("%m-%d %H:%M").to_string())
        .collect()
}

/// Tuesday 2026-06-02 in UTC, 09:00–17:00 UTC working hours.
fn utc_day_request() -> SlotRequest {
    request(
        Interval::new(utc(2026, 6, 2, 0, 0), utc(2026, 6, 3, 0, 0)),
        Some(hours(Tz::UTC, &WEEKDAYS, (9, 0), (17, 0))),
    )
}

fn busy(start: DateTime<Utc>, end: DateTime<Utc>) -> BusyItem {
    BusyItem::new(start, end, BusyStatus::Busy)
}

#[test]
fn slots_lie_on_the_step_grid_inside_working_hours() {
    let got = starts(&utc_day_request());
    let expected: Vec<_> = (0..15)
        .map(|k| utc(2026, 6, 2, 9, 0) + minutes(30 * k))
        .collect();
    assert_eq!(got, expected);
}

#[test]
fn slot_respects_buffer_after_busy_event() {
    let mut req = utc_day_request();
    req.buffer = minutes(10);
    req.organizer.busy = vec![busy(utc(2026, 6, 2, 10, 0), utc(2026, 6, 2, 11, 0))];
    let got = starts(&req);
    // 09:00–10:00 touches 09:50 (blocked); 11:00–12:00 starts before 11:10 (blocked).
    assert_eq!(got[0], utc(2026, 6, 2, 11, 30));
}

#[test]
fn slot_touching_busy_event_is_offered_without_buffer() {
    let mut req = utc_day_request();
    req.organizer.busy = vec![busy(utc(2026, 6, 2, 10, 0), utc(2026, 6, 2, 11, 0))];
    let got = starts(&req);
    assert!(got.contains(&utc(2026, 6, 2, 9, 0)));
    assert!(!got.contains(&utc(2026, 6, 2, 9, 30)));
    assert!(!got.contains(&utc(2026, 6, 2, 10, 30)));
    assert!(got.contains(&utc(2026, 6, 2, 11, 0)));
}

#[test]
fn free_and_working_elsewhere_do_not_block() {
    let mut req = utc_day_request();
    let all_day = |status| BusyItem::new(utc(2026, 6, 2, 0, 0), utc(2026, 6, 3, 0, 0), status);
    req.organizer.busy = vec![
        all_day(BusyStatus::Free),
        all_day(BusyStatus::WorkingElsewhere),
    ];
    assert_eq!(starts(&req).len(), 15);
}

#[test]
fn busy_oof_and_unknown_always_block() {
    for status in [BusyStatus::Busy, BusyStatus::Oof, BusyStatus::Unknown] {
        let mut req = utc_day_request();
        req.tentative_free = true;
        req.organizer.busy = vec![BusyItem::new(
            utc(2026, 6, 2, 9, 0),
            utc(2026, 6, 2, 16, 0),
            status,
        )];
        assert_eq!(starts(&req), vec![utc(2026, 6, 2, 16, 0)], "{status:?}");
    }
}

#[test]
fn tentative_blocks_unless_tentative_free() {
    let mut req = utc_day_request();
    req.organizer.busy = vec![BusyItem::new(
        utc(2026, 6, 2, 9, 0),
        utc(2026, 6, 2, 16, 0),
        BusyStatus::Tentative,
    )];
    assert_eq!(starts(&req).len(), 1);
    req.tentative_free = true;
    assert_eq!(starts(&req).len(), 15);
}

#[test]
fn other_persons_busy_time_blocks_with_buffer() {
    let mut req = utc_day_request();
    req.buffer = minutes(15);
    req.others = vec![person(
        None,
        vec![busy(utc(2026, 6, 2, 12, 0), utc(2026, 6, 2, 12, 30))],
    )];
    let got = starts(&req);
    // Blocked 11:45–12:45: 11:00–12:00 and 12:30+ overlap it; 10:30–11:30 is fine, 13:00 is fine.
    assert!(got.contains(&utc(2026, 6, 2, 10, 30)));
    assert!(!got.contains(&utc(2026, 6, 2, 11, 0)));
    assert!(!got.contains(&utc(2026, 6, 2, 12, 30)));
    assert!(got.contains(&utc(2026, 6, 2, 13, 0)));
}

#[test]
fn zero_length_busy_item_blocks_slots_containing_it() {
    let mut req = utc_day_request();
    req.organizer.busy = vec![busy(utc(2026, 6, 2, 10, 0), utc(2026, 6, 2, 10, 0))];
    let got = starts(&req);
    assert!(got.contains(&utc(2026, 6, 2, 9, 0)));
    assert!(!got.contains(&utc(2026, 6, 2, 9, 30)));
    assert!(got.contains(&utc(2026, 6, 2, 10, 0)));
}

#[test]
fn notice_moves_first_slot_to_next_grid_point() {
    let mut req = utc_day_request();
    req.now = utc(2026, 6, 2, 9, 10);
    req.notice = minutes(60);
    assert_eq!(starts(&req)[0], utc(2026, 6, 2, 10, 30));
    req.notice = TimeDelta::zero();
    req.now = utc(2026, 6, 2, 10, 0);
    assert_eq!(starts(&req)[0], utc(2026, 6, 2, 10, 0));
}

#[test]
fn slots_stay_inside_window_but_keep_the_working_day_grid() {
    let mut req = utc_day_request();
    req.window = Interval::new(utc(2026, 6, 2, 10, 15), utc(2026, 6, 2, 13, 0));
    assert_eq!(
        starts(&req),
        vec![
            utc(2026, 6, 2, 10, 30),
            utc(2026, 6, 2, 11, 0),
            utc(2026, 6, 2, 11, 30),
            utc(2026, 6, 2, 12, 0),
        ]
    );
}

#[test]
fn weekends_have_no_slots() {
    let req = request(
        Interval::new(utc(2026, 6, 6, 0, 0), utc(2026, 6, 8, 0, 0)),
        Some(hours(Tz::Europe__Berlin, &WEEKDAYS, (9, 0), (17, 0))),
    );
    assert!(starts(&req).is_empty());
}

#[test]
fn dst_spring_forward_day_keeps_elapsed_grid() {
    // Sunday 2026-03-08, Los Angeles skips 02:00–03:00 (10:00 UTC).
    let la = Tz::America__Los_Angeles;
    let mut req = request(
        Interval::new(utc(2026, 3, 8, 0, 0), utc(2026, 3, 9, 0, 0)),
        Some(hours(la, &[Weekday::Sun], (0, 0), (8, 0))),
    );
    req.step = minutes(90);
    // Elapsed grid from 00:00 PST: +0h, +1h30 (01:30 PST, crosses the gap: dropped),
    // +3h (04:00 PDT, not 03:00), +4h30 (05:30 PDT), +6h (07:00 PDT).
    assert_eq!(
        local_starts(&req, la),
        vec!["03-08 00:00", "03-08 04:00", "03-08 05:30", "03-08 07:00"]
    );
}

#[test]
fn dst_fall_back_day_is_an_hour_longer() {
    // Sunday 2026-11-01, Los Angeles repeats 01:00–02:00; 00:00–12:00 local is 13 hours.
    let la = Tz::America__Los_Angeles;
    let mut req = request(
        Interval::new(utc(2026, 11, 1, 0, 0), utc(2026, 11, 2, 0, 0)),
        Some(hours(la, &[Weekday::Sun], (0, 0), (12, 0))),
    );
    req.step = minutes(60);
    let got = starts(&req);
    // The transition is at 09:00 UTC: 07:00, 08:00 (ends exactly at it), then 09:00..19:00 UTC.
    let expected: Vec<_> = (7..=19).map(|h| utc(2026, 11, 1, h, 0)).collect();
    assert_eq!(got, expected);
}

#[test]
fn slot_across_dst_gap_is_not_offered() {
    // Sunday 2026-03-29, Berlin jumps from 02:00 CET to 03:00 CEST at 01:00 UTC.
    let berlin = Tz::Europe__Berlin;
    let req = request(
        Interval::new(utc(2026, 3, 28, 0, 0), utc(2026, 3, 30, 0, 0)),
        Some(hours(berlin, &[Weekday::Sun], (0, 0), (6, 0))),
    );
    let got = starts(&req);
    assert!(
        got.contains(&utc(2026, 3, 29, 0, 0)),
        "01:00–02:00 CET ends at the jump"
    );
    assert!(
        !got.contains(&utc(2026, 3, 29, 0, 30)),
        "01:30 CET + 1h spans the jump"
    );
    assert!(
        got.contains(&utc(2026, 3, 29, 1, 0)),
        "03:00 CEST starts at the jump"
    );
}

#[test]
fn slot_through_repeated_hour_is_not_offered() {
    // Sunday 2026-10-25, Berlin goes back from 03:00 CEST to 02:00 CET at 01:00 UTC.
    let berlin = Tz::Europe__Berlin;
    let req = request(
        Interval::new(utc(2026, 10, 24, 0, 0), utc(2026, 10, 26, 0, 0)),
        Some(hours(berlin, &[Weekday::Sun], (0, 0), (6, 0))),
    );
    let got = starts(&req);
    assert_eq!(got.first(), Some(&utc(2026, 10, 24, 22, 0)), "00:00 CEST");
    assert!(got.contains(&utc(2026, 10, 25, 0, 0)));
    assert!(!got.contains(&utc(2026, 10, 25, 0, 30)));
    assert!(got.contains(&utc(2026, 10, 25, 1, 0)));
    // 00:00 CEST to 06:00 CET is 7 hours: last start 04:00 UTC (05:00 CET).
    assert_eq!(got.last(), Some(&utc(2026, 10, 25, 4, 0)));
}

#[test]
fn working_hours_start_in_gap_moves_to_end_of_gap() {
    let la = Tz::America__Los_Angeles;
    let mut req = request(
        Interval::new(utc(2026, 3, 8, 0, 0), utc(2026, 3, 9, 0, 0)),
        Some(hours(la, &[Weekday::Sun], (2, 30), (6, 0))),
    );
    req.step = minutes(45);
    assert_eq!(
        local_starts(&req, la),
        vec!["03-08 03:00", "03-08 03:45", "03-08 04:30"]
    );
}

#[test]
fn other_person_in_other_zone_limits_hours() {
    // June: Berlin 09–17 is 07–15 UTC, New York 09–17 is 13–21 UTC; overlap 13–15 UTC.
    let mut req = request(
        Interval::new(utc(2026, 6, 2, 0, 0), utc(2026, 6, 3, 0, 0)),
        Some(hours(Tz::Europe__Berlin, &WEEKDAYS, (9, 0), (17, 0))),
    );
    req.display_zone = Tz::America__Los_Angeles;
    req.others = vec![person(
        Some(hours(Tz::America__New_York, &WEEKDAYS, (9, 0), (17, 0))),
        Vec::new(),
    )];
    assert_eq!(
        starts(&req),
        vec![
            utc(2026, 6, 2, 13, 0),
            utc(2026, 6, 2, 13, 30),
            utc(2026, 6, 2, 14, 0)
        ]
    );
}

#[test]
fn other_person_in_custom_zone_limits_hours() {
    // Graph's sample custom zone is US Pacific: 08–17 PDT is 15:00–00:00 UTC.
    let pacific = CustomZone {
        bias_minutes: 480,
        standard: Some(TransitionRule {
            month: 11,
            day_occurrence: 1,
            day_of_week: Weekday::Sun,
            time: NaiveTime::from_hms_opt(2, 0, 0).unwrap(),
            bias_minutes: 0,
        }),
        daylight: Some(TransitionRule {
            month: 3,
            day_occurrence: 2,
            day_of_week: Weekday::Sun,
            time: NaiveTime::from_hms_opt(2, 0, 0).unwrap(),
            bias_minutes: -60,
        }),
    };
    let mut req = request(
        Interval::new(utc(2026, 6, 2, 0, 0), utc(2026, 6, 3, 0, 0)),
        Some(hours(Tz::Europe__London, &WEEKDAYS, (9, 0), (18, 0))),
    );
    req.others = vec![person(
        Some(hours(pacific, &WEEKDAYS, (8, 0), (17, 0))),
        Vec::new(),
    )];
    // London 09–18 BST is 08–17 UTC: overlap 15–17 UTC.
    assert_eq!(
        starts(&req),
        vec![
            utc(2026, 6, 2, 15, 0),
            utc(2026, 6, 2, 15, 30),
            utc(2026, 6, 2, 16, 0)
        ]
    );
}

#[test]
fn other_persons_back_to_back_shifts_count_as_one_span() {
    let mut req = utc_day_request();
    req.organizer.working_hours = Some(hours(Tz::UTC, &ALL_DAYS, (8, 0), (11, 0)));
    // Round-the-clock shifts from 09:00 to 09:00: a slot across 09:00 is still inside.
    req.others = vec![person(
        Some(hours(Tz::UTC, &ALL_DAYS, (9, 0), (9, 0))),
        Vec::new(),
    )];
    assert_eq!(
        starts(&req),
        vec![
            utc(2026, 6, 2, 8, 0),
            utc(2026, 6, 2, 8, 30),
            utc(2026, 6, 2, 9, 0),
            utc(2026, 6, 2, 9, 30),
            utc(2026, 6, 2, 10, 0),
        ]
    );
}

#[test]
fn other_person_without_working_days_is_never_available() {
    let mut req = utc_day_request();
    req.others = vec![person(
        Some(hours(Tz::UTC, &[], (9, 0), (17, 0))),
        Vec::new(),
    )];
    assert!(starts(&req).is_empty());
}

#[test]
fn other_person_without_working_hours_adds_no_constraint() {
    let mut req = utc_day_request();
    req.others = vec![person(None, Vec::new())];
    assert_eq!(starts(&req).len(), 15);
}

#[test]
fn across_midnight_utc() {
    // Los Angeles 14:00–20:00 PDT is 21:00–03:00 UTC: slots run through UTC midnight.
    let la = Tz::America__Los_Angeles;
    let mut req = request(
        Interval::new(utc(2026, 6, 2, 0, 0), utc(2026, 6, 4, 0, 0)),
        Some(hours(la, &[Weekday::Tue], (14, 0), (20, 0))),
    );
    req.step = minutes(60);
    req.display_zone = la;
    req.max_per_day = Some(6);
    let got = starts(&req);
    let expected: Vec<_> = (0..6)
        .map(|k| utc(2026, 6, 2, 21, 0) + minutes(60 * k))
        .collect();
    assert_eq!(got, expected);
}

#[test]
fn night_shift_crosses_local_midnight() {
    let berlin = Tz::Europe__Berlin;
    let mut req = request(
        Interval::new(utc(2026, 6, 1, 0, 0), utc(2026, 6, 4, 0, 0)),
        Some(hours(berlin, &[Weekday::Tue], (22, 0), (2, 0))),
    );
    req.step = minutes(60);
    assert_eq!(
        local_starts(&req, berlin),
        vec!["06-02 22:00", "06-02 23:00", "06-03 00:00", "06-03 01:00"]
    );
}

#[test]
fn max_per_day_counts_per_working_day_of_the_organizer_not_per_display_date() {
    // Night shift 20:00–04:00 UTC on Tuesdays and Wednesdays; in Berlin (UTC+1 in January) the
    // date turns at 23:00 UTC, in the middle of the shift: still one working day each.
    let mut req = request(
        Interval::new(utc(2026, 1, 13, 0, 0), utc(2026, 1, 16, 0, 0)),
        Some(hours(
            Tz::UTC,
            &[Weekday::Tue, Weekday::Wed],
            (20, 0),
            (4, 0),
        )),
    );
    req.step = minutes(60);
    req.max_per_day = Some(2);
    let expected = vec![
        utc(2026, 1, 13, 20, 0),
        utc(2026, 1, 13, 21, 0),
        utc(2026, 1, 14, 20, 0),
        utc(2026, 1, 14, 21, 0),
    ];
    for display in [Tz::Europe__Berlin, Tz::UTC, Tz::Pacific__Kiritimati] {
        req.display_zone = display;
        assert_eq!(starts(&req), expected, "display zone {display}");
    }
}

#[test]
fn max_per_day_without_organizer_hours_counts_display_dates() {
    let mut req = request(
        Interval::new(utc(2026, 1, 13, 21, 0), utc(2026, 1, 14, 2, 0)),
        None,
    );
    req.step = minutes(60);
    req.max_per_day = Some(1);
    req.display_zone = Tz::Europe__Berlin;
    // Berlin dates: the 13th until 23:00 UTC, then the 14th.
    assert_eq!(
        starts(&req),
        vec![utc(2026, 1, 13, 21, 0), utc(2026, 1, 13, 23, 0)]
    );
}

#[test]
fn no_overlap_applies_before_the_daily_cap() {
    // 60-minute slots on a 30-minute grid: without no_overlap the cap keeps 09:00 and 09:30,
    // which overlap; with it, two slots that do not overlap.
    let mut req = utc_day_request();
    req.max_per_day = Some(2);
    assert_eq!(
        starts(&req),
        vec![utc(2026, 6, 2, 9, 0), utc(2026, 6, 2, 9, 30)]
    );
    req.no_overlap = true;
    assert_eq!(
        starts(&req),
        vec![utc(2026, 6, 2, 9, 0), utc(2026, 6, 2, 10, 0)]
    );
    req.max_per_day = None;
    let all = free_slots(&req).unwrap();
    assert_eq!(all.len(), 8);
    assert!(all.windows(2).all(|pair| pair[0].end <= pair[1].start));
}

#[test]
fn a_slot_refused_by_the_cap_blocks_nothing_under_no_overlap() {
    // No working hours: one grid over two UTC days, 60-minute slots every 45 minutes. Day one
    // offers 22:00 (22:45 overlaps it; 23:30 is refused by the cap), so day two starts at its
    // first grid point, 00:15, not at 01:00, the next link of a chain through the refused 23:30.
    let mut req = request(
        Interval::new(utc(2026, 6, 2, 22, 0), utc(2026, 6, 3, 3, 0)),
        None,
    );
    req.step = minutes(45);
    req.no_overlap = true;
    req.max_per_day = Some(1);
    assert_eq!(
        starts(&req),
        vec![utc(2026, 6, 2, 22, 0), utc(2026, 6, 3, 0, 15)]
    );
    req.max_per_day = None;
    assert_eq!(
        starts(&req),
        vec![
            utc(2026, 6, 2, 22, 0),
            utc(2026, 6, 2, 23, 30),
            utc(2026, 6, 3, 1, 0)
        ]
    );
}

#[test]
fn organizer_without_working_hours_uses_a_grid_from_the_window_start() {
    let req = request(
        Interval::new(utc(2026, 6, 2, 10, 10), utc(2026, 6, 2, 12, 10)),
        None,
    );
    assert_eq!(
        starts(&req),
        vec![
            utc(2026, 6, 2, 10, 10),
            utc(2026, 6, 2, 10, 40),
            utc(2026, 6, 2, 11, 10)
        ]
    );
}

#[test]
fn duration_longer_than_working_day_gives_nothing() {
    let mut req = utc_day_request();
    req.duration = minutes(9 * 60);
    assert!(starts(&req).is_empty());
    req.duration = minutes(8 * 60);
    assert_eq!(starts(&req), vec![utc(2026, 6, 2, 9, 0)]);
}

/// Spoils one field of a valid request.
type Spoil = fn(&mut SlotRequest);

#[test]
fn invalid_requests_are_refused_with_a_clear_message() {
    let cases: [(Spoil, &str); 6] = [
        (
            |r| r.duration = TimeDelta::zero(),
            "slot duration must be positive, got 0m",
        ),
        (|r| r.step = minutes(-15), "step must be positive, got -15m"),
        (
            |r| r.buffer = minutes(-5),
            "buffer must not be negative, got -5m",
        ),
        (
            |r| r.notice = minutes(-60),
            "notice must not be negative, got -1h",
        ),
        (|r| r.window.end = r.window.start, "empty window"),
        (
            |r| r.max_per_day = Some(0),
            "max slots per day must be at least 1",
        ),
    ];
    for (spoil, message) in cases {
        let mut req = utc_day_request();
        spoil(&mut req);
        let err = free_slots(&req).unwrap_err();
        assert!(err.to_string().contains(message), "{err}");
    }
}

#[test]
fn output_is_ordered_without_duplicates_over_many_days() {
    let mut req = request(
        Interval::new(utc(2026, 1, 1, 0, 0), utc(2027, 1, 1, 0, 0)),
        Some(hours(Tz::America__Los_Angeles, &ALL_DAYS, (9, 0), (9, 0))),
    );
    req.step = minutes(25);
    let got = free_slots(&req).unwrap();
    assert!(got.windows(2).all(|pair| pair[0].start < pair[1].start));
    assert!(got.len() > 20_000);
}

#[test]
fn group_by_day_uses_the_given_zone() {
    let slots = [
        Interval::new(utc(2026, 1, 13, 22, 0), utc(2026, 1, 13, 23, 0)),
        Interval::new(utc(2026, 1, 13, 23, 0), utc(2026, 1, 14, 0, 0)),
    ];
    let berlin = group_by_day(&slots, Tz::Europe__Berlin);
    assert_eq!(berlin.len(), 2);
    assert_eq!(berlin[1].0.to_string(), "2026-01-14");
    let utc_days = group_by_day(&slots, Tz::UTC);
    assert_eq!(utc_days.len(), 1);
    assert_eq!(utc_days[0].1.len(), 2);
}
