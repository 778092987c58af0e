//! Is the slot still free? The conflicts of a slot with the free/busy of the organizer and of
//! each attendee whose calendar the organizer can see. Busy, out-of-office, tentative (unless
//! treated as free) and unknown block; free and working elsewhere do not. Each blocking item
//! is widened by the buffer on both sides, as `slots` does.

use chrono::{DateTime, TimeDelta, Utc};

use crate::schedule::{BusyItem, BusyStatus, Interval, WorkingHours};

/// One blocking item in someone's calendar. Only the time and the status: never the subject
/// of someone else's item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    pub who: String,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub status: BusyStatus,
}

/// The items that block `slot` for each `(address, busy items)`, in calendar order.
pub fn conflicts<'a>(
    slot: Interval,
    buffer: TimeDelta,
    tentative_free: bool,
    people: impl IntoIterator<Item = (&'a str, &'a [BusyItem])>,
) -> Vec<Conflict> {
    let mut found = Vec::new();
    for (who, items) in people {
        for item in items {
            if !item.status.blocks(tentative_free) {
                continue;
            }
            if item.widened(buffer).overlaps(&slot) {
                found.push(Conflict {
                    who: who.to_owned(),
                    start: item.interval.start,
                    end: item.interval.end,
                    status: item.status,
                });
            }
        }
    }
    found.sort_by(|a, b| (a.start, &a.who).cmp(&(b.start, &b.who)));
    found
}

/// Whether the slot lies outside the working hours (a warning, not a refusal: a researcher may
/// book an evening slot for a participant far away).
pub fn outside_working_hours(slot: Interval, hours: &WorkingHours) -> bool {
    !hours
        .shifts_overlapping(slot)
        .iter()
        .any(|shift| shift.contains(&slot))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schedule::WorkZone;
    use chrono::{NaiveTime, Weekday};

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    fn item(start: &str, end: &str, status: BusyStatus) -> BusyItem {
        BusyItem::new(at(start), at(end), status)
    }

    fn slot() -> Interval {
        Interval::new(at("2026-12-03T10:00:00Z"), at("2026-12-03T11:00:00Z"))
    }

    #[test]
    fn a_busy_item_inside_the_slot_conflicts_and_a_free_one_does_not() {
        let me = [
            item(
                "2026-12-03T10:30:00Z",
                "2026-12-03T10:45:00Z",
                BusyStatus::Busy,
            ),
            item(
                "2026-12-03T10:00:00Z",
                "2026-12-03T11:00:00Z",
                BusyStatus::Free,
            ),
            item(
                "2026-12-03T10:00:00Z",
                "2026-12-03T11:00:00Z",
                BusyStatus::WorkingElsewhere,
            ),
        ];
        let found = conflicts(
            slot(),
            TimeDelta::zero(),
            false,
            [("me@c.example", &me[..])],
        );
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].who, "me@c.example");
        assert_eq!(found[0].status, BusyStatus::Busy);
    }

    #[test]
    fn tentative_blocks_unless_treated_as_free() {
        let them = [item(
            "2026-12-03T09:00:00Z",
            "2026-12-03T10:30:00Z",
            BusyStatus::Tentative,
        )];
        assert_eq!(
            conflicts(slot(), TimeDelta::zero(), false, [("p@x.com", &them[..])]).len(),
            1
        );
        assert!(conflicts(slot(), TimeDelta::zero(), true, [("p@x.com", &them[..])]).is_empty());
    }

    #[test]
    fn the_buffer_widens_items_on_both_sides() {
        let before = [item(
            "2026-12-03T09:00:00Z",
            "2026-12-03T09:55:00Z",
            BusyStatus::Busy,
        )];
        assert!(conflicts(slot(), TimeDelta::zero(), false, [("a", &before[..])]).is_empty());
        assert_eq!(
            conflicts(slot(), TimeDelta::minutes(10), false, [("a", &before[..])]).len(),
            1
        );
        let adjacent = [item(
            "2026-12-03T11:00:00Z",
            "2026-12-03T12:00:00Z",
            BusyStatus::Oof,
        )];
        assert!(conflicts(slot(), TimeDelta::zero(), false, [("a", &adjacent[..])]).is_empty());
        assert_eq!(
            conflicts(slot(), TimeDelta::minutes(1), false, [("a", &adjacent[..])]).len(),
            1
        );
    }

    #[test]
    fn unknown_status_blocks_to_be_safe() {
        let odd = [item(
            "2026-12-03T10:00:00Z",
            "2026-12-03T11:00:00Z",
            BusyStatus::Unknown,
        )];
        assert_eq!(
            conflicts(slot(), TimeDelta::zero(), true, [("a", &odd[..])]).len(),
            1
        );
    }

    #[test]
    fn slots_outside_working_hours_are_recognised() {
        let hours = WorkingHours {
            days: vec![Weekday::Thu],
            start: NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
            end: NaiveTime::from_hms_opt(17, 0, 0).unwrap(),
            zone: WorkZone::Tz(chrono_tz::UTC),
        };
        // 2026-12-03 is a Thursday.
        assert!(!outside_working_hours(slot(), &hours));
        let evening = Interval::new(at("2026-12-03T18:00:00Z"), at("2026-12-03T19:00:00Z"));
        assert!(outside_working_hours(evening, &hours));
        let straddling = Interval::new(at("2026-12-03T16:30:00Z"), at("2026-12-03T17:30:00Z"));
        assert!(outside_working_hours(straddling, &hours));
    }
}
