//! Busy items from getSchedule and the blocked time they add up to.
//!
//! Blocking statuses: busy, oof, tentative (unless tentative counts as free) and unknown; free and
//! workingElsewhere do not block. Every blocking item is widened by the buffer on both sides, and
//! all of them (every person's) are sorted and merged once, so a sweep over slot candidates in
//! start order answers "is this slot clear?" with a pointer that only moves forward.

use chrono::{DateTime, TimeDelta, Utc};

use super::interval::{Interval, merge_touching};

/// `scheduleItem.status` from Graph.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BusyStatus {
    Free,
    Tentative,
    Busy,
    Oof,
    WorkingElsewhere,
    Unknown,
}

impl BusyStatus {
    /// Graph's status string, any casing (`busy`, `Busy`); anything unrecognised is `Unknown`.
    pub fn from_graph(status: &str) -> Self {
        const NAMES: [(&str, BusyStatus); 6] = [
            ("free", BusyStatus::Free),
            ("tentative", BusyStatus::Tentative),
            ("busy", BusyStatus::Busy),
            ("oof", BusyStatus::Oof),
            ("workingElsewhere", BusyStatus::WorkingElsewhere),
            ("unknown", BusyStatus::Unknown),
        ];
        let status = status.trim();
        NAMES
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(status))
            .map_or(BusyStatus::Unknown, |(_, parsed)| *parsed)
    }

    /// Whether an item with this status keeps a slot from being offered.
    pub fn blocks(self, tentative_free: bool) -> bool {
        match self {
            BusyStatus::Busy | BusyStatus::Oof | BusyStatus::Unknown => true,
            BusyStatus::Tentative => !tentative_free,
            BusyStatus::Free | BusyStatus::WorkingElsewhere => false,
        }
    }
}

/// One item of someone's calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct BusyItem {
    pub interval: Interval,
    pub status: BusyStatus,
}

impl BusyItem {
    pub fn new(start: DateTime<Utc>, end: DateTime<Utc>, status: BusyStatus) -> Self {
        BusyItem {
            interval: Interval::new(start, end),
            status,
        }
    }

    /// The time this item keeps clear, buffer included. An item whose end is not after its start
    /// counts as an instant at its start (still blocking a slot that has it strictly inside).
    pub fn widened(&self, buffer: TimeDelta) -> Interval {
        self.normalized().widened(buffer)
    }

    /// The item's interval with an end before its start moved up to the start.
    fn normalized(&self) -> Interval {
        let Interval { start, end } = self.interval;
        Interval::new(start, end.max(start))
    }
}

/// All blocking time of a request, sorted and merged (disjoint, not even touching).
#[derive(Debug, Clone, Default)]
pub struct BlockedTimes {
    merged: Vec<Interval>,
}

impl BlockedTimes {
    /// Sorts, merges and widens the blocking items: O(n log n), once per request. Merging before
    /// widening gives the same union (widening distributes over union) with fewer date-time
    /// additions; the widened list is still in start order, so the second merge is linear.
    pub fn build<'a>(
        items: impl IntoIterator<Item = &'a BusyItem>,
        buffer: TimeDelta,
        tentative_free: bool,
    ) -> Self {
        let blocking: Vec<Interval> = items
            .into_iter()
            .filter(|item| item.status.blocks(tentative_free))
            .map(BusyItem::normalized)
            .collect();
        let widened: Vec<Interval> = merge_touching(blocking)
            .into_iter()
            .map(|interval| interval.widened(buffer))
            .collect();
        BlockedTimes {
            merged: merge_touching(widened),
        }
    }

    pub fn intervals(&self) -> &[Interval] {
        &self.merged
    }

    /// A forward-moving reader for slots asked in start order.
    pub fn cursor(&self) -> BlockedCursor<'_> {
        BlockedCursor {
            merged: &self.merged,
            next: 0,
        }
    }
}

/// Answers "is this slot clear?" for slots in non-decreasing start order in amortised O(1).
#[derive(Debug, Clone)]
pub struct BlockedCursor<'a> {
    merged: &'a [Interval],
    /// Every interval before `next` ends at or before the last slot's start.
    next: usize,
}

impl BlockedCursor<'_> {
    pub fn is_clear(&mut self, slot: &Interval) -> bool {
        let ends_before_slot = |blocked: &Interval| blocked.end <= slot.start;
        if self.next > 0 && !ends_before_slot(&self.merged[self.next - 1]) {
            // Asked out of order: find the place again instead of answering wrongly.
            self.next = self.merged.partition_point(ends_before_slot);
        }
        while self.merged.get(self.next).is_some_and(ends_before_slot) {
            self.next += 1;
        }
        // Merged intervals are disjoint, so their ends ascend: the first one ending after the
        // slot's start is the only candidate for an overlap.
        self.merged
            .get(self.next)
            .is_none_or(|blocked| !blocked.overlaps(slot))
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn at(h: u32, m: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 6, 1, h, m, 0).unwrap()
    }

    fn slot(h1: u32, m1: u32, h2: u32, m2: u32) -> Interval {
        Interval::new(at(h1, m1), at(h2, m2))
    }

    #[test]
    fn status_parsing_ignores_case_and_defaults_to_unknown() {
        assert_eq!(BusyStatus::from_graph("busy"), BusyStatus::Busy);
        assert_eq!(BusyStatus::from_graph("Tentative"), BusyStatus::Tentative);
        assert_eq!(BusyStatus::from_graph("OOF"), BusyStatus::Oof);
        assert_eq!(
            BusyStatus::from_graph("workingelsewhere"),
            BusyStatus::WorkingElsewhere
        );
        assert_eq!(BusyStatus::from_graph("free"), BusyStatus::Free);
        assert_eq!(BusyStatus::from_graph("2"), BusyStatus::Unknown);
        assert_eq!(BusyStatus::from_graph(""), BusyStatus::Unknown);
    }

    #[test]
    fn blocking_statuses_follow_the_contract() {
        assert!(BusyStatus::Busy.blocks(false));
        assert!(BusyStatus::Oof.blocks(true));
        assert!(BusyStatus::Unknown.blocks(true));
        assert!(BusyStatus::Tentative.blocks(false));
        assert!(!BusyStatus::Tentative.blocks(true));
        assert!(!BusyStatus::Free.blocks(false));
        assert!(!BusyStatus::WorkingElsewhere.blocks(false));
    }

    #[test]
    fn build_merges_overlapping_and_touching_items_after_widening() {
        let items = [
            BusyItem::new(at(9, 0), at(10, 0), BusyStatus::Busy),
            BusyItem::new(at(10, 20), at(11, 0), BusyStatus::Oof),
            BusyItem::new(at(13, 0), at(14, 0), BusyStatus::Free),
            BusyItem::new(at(15, 0), at(15, 30), BusyStatus::Tentative),
        ];
        let blocked = BlockedTimes::build(&items, TimeDelta::minutes(10), false);
        assert_eq!(
            blocked.intervals(),
            &[slot(8, 50, 11, 10), slot(14, 50, 15, 40)]
        );
    }

    #[test]
    fn cursor_answers_in_order_and_out_of_order() {
        let items = [BusyItem::new(at(10, 0), at(11, 0), BusyStatus::Busy)];
        let blocked = BlockedTimes::build(&items, TimeDelta::zero(), false);
        let mut cursor = blocked.cursor();
        assert!(cursor.is_clear(&slot(9, 0, 10, 0)));
        assert!(!cursor.is_clear(&slot(9, 30, 10, 30)));
        assert!(cursor.is_clear(&slot(11, 0, 12, 0)));
        assert!(!cursor.is_clear(&slot(10, 30, 11, 30)));
        assert!(cursor.is_clear(&slot(8, 0, 9, 0)));
    }

    #[test]
    fn zero_length_item_blocks_slots_around_it_only() {
        let items = [BusyItem::new(at(10, 0), at(10, 0), BusyStatus::Busy)];
        let blocked = BlockedTimes::build(&items, TimeDelta::zero(), false);
        let mut cursor = blocked.cursor();
        assert!(cursor.is_clear(&slot(9, 0, 10, 0)));
        assert!(!cursor.is_clear(&slot(9, 30, 10, 30)));
        assert!(cursor.is_clear(&slot(10, 0, 11, 0)));
    }

    #[test]
    fn items_at_the_ends_of_time_with_any_buffer_do_not_panic() {
        let (first, last) = (DateTime::<Utc>::MIN_UTC, DateTime::<Utc>::MAX_UTC);
        let items = [
            BusyItem::new(first, first, BusyStatus::Busy),
            BusyItem::new(last, last, BusyStatus::Oof),
            BusyItem::new(last, first, BusyStatus::Unknown),
            BusyItem::new(at(10, 0), at(11, 0), BusyStatus::Busy),
        ];
        for buffer in [TimeDelta::zero(), TimeDelta::days(1), TimeDelta::MAX] {
            let blocked = BlockedTimes::build(&items, buffer, false);
            for pair in blocked.intervals().windows(2) {
                assert!(pair[0].end < pair[1].start, "{pair:?}");
            }
            let mut cursor = blocked.cursor();
            assert!(!cursor.is_clear(&slot(10, 30, 11, 30)));
        }
        // With the largest buffer, one item blocks all of time.
        let everything = BlockedTimes::build(&items[3..], TimeDelta::MAX, false);
        assert_eq!(everything.intervals(), &[Interval::new(first, last)]);
    }
}
