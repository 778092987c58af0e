//! Free-slot computation over a year for three calendars (organizer in Berlin, one colleague in
//! London, one in New York) with 1k / 10k / 100k busy items in total: seeded random meetings of
//! 15–120 minutes inside each person's working hours. Duration 60m, step 30m, buffer 10m.
//!
//! Run with `cargo bench --bench slots`.

use chrono::{Datelike, NaiveDate, NaiveTime, TimeDelta, TimeZone, Utc, Weekday};
use chrono_tz::Tz;
use rally_m365::schedule::{
    BusyItem, BusyStatus, Interval, PersonSchedule, SlotRequest, WorkZone, WorkingHours, free_slots,
};

fn main() {
    divan::main();
}

const WEEKDAYS: [Weekday; 5] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
];

/// SplitMix64: a tiny seeded generator, so the benchmark needs no extra crate.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn hours(zone: Tz, start: (u32, u32), end: (u32, u32)) -> WorkingHours {
    WorkingHours {
        days: WEEKDAYS.to_vec(),
        start: NaiveTime::from_hms_opt(start.0, start.1, 0).unwrap(),
        end: NaiveTime::from_hms_opt(end.0, end.1, 0).unwrap(),
        zone: WorkZone::Tz(zone),
    }
}

/// `count` meetings on random working days of 2026, starting on a quarter hour inside the
/// person's working hours (local time), 15–120 minutes long, mostly busy.
fn meetings(rng: &mut SplitMix64, zone: Tz, day_start: NaiveTime, count: usize) -> Vec<BusyItem> {
    let first_day = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    let mut items = Vec::with_capacity(count);
    while items.len() < count {
        let day = first_day + TimeDelta::days(rng.below(365) as i64);
        if matches!(day.weekday(), Weekday::Sat | Weekday::Sun) {
            continue;
        }
        let start_local = day.and_time(day_start) + TimeDelta::minutes(15 * rng.below(28) as i64);
        let Some(start) = zone.from_local_datetime(&start_local).earliest() else {
            continue;
        };
        let start = start.with_timezone(&Utc);
        let length = TimeDelta::minutes(15 * (1 + rng.below(8)) as i64);
        let status = match rng.below(20) {
            0 => BusyStatus::Tentative,
            1 => BusyStatus::Free,
            2 => BusyStatus::Oof,
            _ => BusyStatus::Busy,
        };
        items.push(BusyItem::new(start, start + length, status));
    }
    items
}

fn year_request(total_items: usize) -> SlotRequest {
    let mut rng = SplitMix64(0x5EED_2026);
    let per_person = total_items / 3;
    let people = [
        (
            Tz::Europe__Berlin,
            hours(Tz::Europe__Berlin, (9, 0), (17, 0)),
        ),
        (
            Tz::Europe__London,
            hours(Tz::Europe__London, (9, 0), (17, 30)),
        ),
        (
            Tz::America__New_York,
            hours(Tz::America__New_York, (8, 0), (16, 0)),
        ),
    ];
    let mut schedules: Vec<PersonSchedule> = people
        .into_iter()
        .map(|(zone, working_hours)| PersonSchedule {
            busy: meetings(&mut rng, zone, working_hours.start, per_person),
            working_hours: Some(working_hours),
        })
        .collect();
    let organizer = schedules.remove(0);
    let window = Interval::new(
        Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap(),
        Utc.with_ymd_and_hms(2027, 1, 1, 0, 0, 0).unwrap(),
    );
    SlotRequest {
        window,
        now: window.start,
        duration: TimeDelta::minutes(60),
        step: TimeDelta::minutes(30),
        buffer: TimeDelta::minutes(10),
        notice: TimeDelta::zero(),
        tentative_free: false,
        max_per_day: None,
        no_overlap: false,
        display_zone: Tz::Europe__Berlin,
        organizer,
        others: schedules,
    }
}

#[divan::bench(args = [1_000, 10_000, 100_000])]
fn year_three_calendars(bencher: divan::Bencher, total_items: usize) {
    let request = year_request(total_items);
    bencher.bench(|| free_slots(divan::black_box(&request)).unwrap());
}
