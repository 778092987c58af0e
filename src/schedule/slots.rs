//! The free-slot algorithm.
//!
//! A slot `[start, start + duration)` is offered when all of these hold:
//! - its start lies on the organizer's grid: `shift start + k × step` for one of the organizer's
//!   shifts (working-hours days), counted in elapsed time from that day's start instant, so DST
//!   days keep an even grid; it lies wholly inside that shift;
//! - it lies wholly inside one working-hours span of every other person who has working hours,
//!   each computed in that person's own zone (back-to-back shifts count as one span);
//! - it lies inside the window and starts at or after `now + notice`;
//! - it overlaps no blocking item of anyone (busy, oof, unknown, and tentative unless
//!   `tentative_free`) widened by `buffer` on both sides; touching is fine (half-open intervals);
//! - the organizer's working-hours zone keeps one UTC offset for the whole slot (no slot across a
//!   DST gap or through a repeated hour; at most one offset change per shift is assumed, as in
//!   every real zone);
//! - with `no_overlap`, it overlaps no slot offered before it;
//! - with `max_per_day`, fewer than N slots were offered before it on its organizer's working
//!   day: the shift it lies in, dated in the organizer's working-hours zone (a night shift is
//!   one day). An organizer without working hours has no working days: the date of its start
//!   in `display_zone` counts instead.
//!
//! The last two are decided in start order, together: a slot refused by either is not offered
//! and blocks nothing, so each day gets its first N slots that do not overlap (not N
//! overlapping ones thinned afterwards).
//!
//! Output is ordered by start, without duplicates.
//!
//! Choices where the contract is silent: an organizer without working hours has no grid days, so
//! the grid runs from the window start across the whole window (in elapsed time, no DST rule); a
//! person whose working hours list no days is never available; a person without working hours
//! (`None`) adds no constraint; a zero-length busy item blocks slots that contain it strictly.
//!
//! Robustness: the window must lie within the years 0001–9999 ([`CALENDAR_RANGE`]); every step
//! on an instant is checked, so extreme durations, steps, buffers, notices or busy items end
//! the grid or saturate instead of overflowing.
//!
//! Cost: the blocking items are widened, sorted and merged once (O(n log n)); candidates are
//! generated in start order and checked with cursors that only move forward.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use chrono_tz::Tz;
use thiserror::Error;

use super::busy::BlockedTimes;
use super::duration::format_duration;
use super::interval::CALENDAR_RANGE;
use super::local_time::{local_date, offset_change_within};
use super::working_hours::SpanCursor;

pub use super::busy::{BusyItem, BusyStatus};
pub use super::interval::{Interval, split_window};
pub use super::working_hours::WorkingHours;
pub use super::zone::WorkZone;

/// What getSchedule tells about one person.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PersonSchedule {
    pub busy: Vec<BusyItem>,
    /// `None`: this person adds no working-hours constraint.
    pub working_hours: Option<WorkingHours>,
}

/// Everything [`free_slots`] needs; "now" is a parameter so the computation stays pure.
#[derive(Debug, Clone)]
pub struct SlotRequest {
    pub window: Interval,
    pub now: DateTime<Utc>,
    pub duration: TimeDelta,
    pub step: TimeDelta,
    pub buffer: TimeDelta,
    pub notice: TimeDelta,
    pub tentative_free: bool,
    pub max_per_day: Option<usize>,
    /// The offered slots do not overlap each other.
    pub no_overlap: bool,
    /// Decides which calendar day a slot counts for under `max_per_day` only when the organizer
    /// has no working hours.
    pub display_zone: Tz,
    pub organizer: PersonSchedule,
    pub others: Vec<PersonSchedule>,
}

/// A request that cannot be answered as asked.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum SlotError {
    #[error("slot duration must be positive, got {}", format_duration(*.0))]
    NonPositiveDuration(TimeDelta),
    #[error("step must be positive, got {}", format_duration(*.0))]
    NonPositiveStep(TimeDelta),
    #[error("buffer must not be negative, got {}", format_duration(*.0))]
    NegativeBuffer(TimeDelta),
    #[error("notice must not be negative, got {}", format_duration(*.0))]
    NegativeNotice(TimeDelta),
    #[error("empty window: its end ({end}) must be after its start ({start})")]
    EmptyWindow {
        start: DateTime<Utc>,
        end: DateTime<Utc>,
    },
    #[error("max slots per day must be at least 1")]
    ZeroMaxPerDay,
    #[error("the window ({start} to {end}) reaches outside the years 0001 to 9999")]
    WindowOutOfRange {
        start: DateTime<Utc>,
        end: DateTime<Utc>,
    },
}

impl SlotRequest {
    /// Checks the request's own consistency (not the calendars).
    pub fn validate(&self) -> Result<(), SlotError> {
        let zero = TimeDelta::zero();
        if self.duration <= zero {
            return Err(SlotError::NonPositiveDuration(self.duration));
        }
        if self.step <= zero {
            return Err(SlotError::NonPositiveStep(self.step));
        }
        if self.buffer < zero {
            return Err(SlotError::NegativeBuffer(self.buffer));
        }
        if self.notice < zero {
            return Err(SlotError::NegativeNotice(self.notice));
        }
        if self.window.is_empty() {
            return Err(SlotError::EmptyWindow {
                start: self.window.start,
                end: self.window.end,
            });
        }
        if self.max_per_day == Some(0) {
            return Err(SlotError::ZeroMaxPerDay);
        }
        if !CALENDAR_RANGE.contains(&self.window) {
            return Err(SlotError::WindowOutOfRange {
                start: self.window.start,
                end: self.window.end,
            });
        }
        Ok(())
    }

    fn people(&self) -> impl Iterator<Item = &PersonSchedule> {
        std::iter::once(&self.organizer).chain(&self.others)
    }
}

/// Free slots for everyone in the request, ordered by start; see the module doc for the rules.
pub fn free_slots(req: &SlotRequest) -> Result<Vec<Interval>, SlotError> {
    req.validate()?;
    let Some(earliest_start) = req
        .now
        .checked_add_signed(req.notice)
        .map(|t| t.max(req.window.start))
    else {
        return Ok(Vec::new());
    };

    let blocked = BlockedTimes::build(
        req.people().flat_map(|person| &person.busy),
        req.buffer,
        req.tentative_free,
    );
    let mut blocked = blocked.cursor();
    let mut others_hours: Vec<SpanCursor> = req
        .others
        .iter()
        .filter_map(|person| person.working_hours.as_ref())
        .map(|hours| SpanCursor::new(hours.shifts_overlapping(req.window)))
        .collect();
    let organizer_zone = req.organizer.working_hours.as_ref().map(|hours| hours.zone);
    let organizer_shifts = match &req.organizer.working_hours {
        Some(hours) => hours.shifts_overlapping(req.window),
        None => vec![req.window],
    };
    let mut day_cap = DayCap::new(req.max_per_day, req.display_zone);

    let mut slots: Vec<Interval> = Vec::new();
    for shift in organizer_shifts {
        let latest_end = shift.end.min(req.window.end);
        // Found once per shift, so each candidate's DST check is a comparison.
        let offset_change = organizer_zone.and_then(|zone| offset_change_within(&zone, shift));
        let working_day = organizer_zone.map(|zone| local_date(&zone, shift.start));
        for start in grid_starts(shift.start, req.step, earliest_start) {
            let Some(end) = start.checked_add_signed(req.duration) else {
                break;
            };
            if end > latest_end {
                break;
            }
            let slot = Interval::new(start, end);
            // Shifts never overlap, so starts ascend; this guard keeps "no duplicates" certain.
            if slots.last().is_some_and(|last| last.start >= start) {
                continue;
            }
            if offset_change.is_some_and(|change| slot.start < change && change < slot.end) {
                continue;
            }
            if !others_hours.iter_mut().all(|hours| hours.holds(&slot)) {
                continue;
            }
            if !blocked.is_clear(&slot) {
                continue;
            }
            if req.no_overlap && slots.last().is_some_and(|last| last.end > slot.start) {
                continue;
            }
            if day_cap.admit(&slot, working_day) {
                slots.push(slot);
            }
        }
    }
    Ok(slots)
}

/// Grid points `origin + k × step` (k ≥ 0) at or after `earliest`, ascending, without end.
fn grid_starts(
    origin: DateTime<Utc>,
    step: TimeDelta,
    earliest: DateTime<Utc>,
) -> impl Iterator<Item = DateTime<Utc>> {
    let first = if earliest <= origin {
        Some(origin)
    } else {
        let behind = nanos(earliest.signed_duration_since(origin));
        let step_nanos = nanos(step);
        // Both are positive here, so this is the ceiling of the division.
        let steps = (behind + step_nanos - 1) / step_nanos;
        i64::try_from(steps * step_nanos)
            .ok()
            .and_then(|offset| origin.checked_add_signed(TimeDelta::nanoseconds(offset)))
    };
    std::iter::successors(first, move |t| t.checked_add_signed(step))
}

fn nanos(delta: TimeDelta) -> i128 {
    i128::from(delta.num_seconds()) * 1_000_000_000 + i128::from(delta.subsec_nanos())
}

/// Counts admitted slots per working day (or, without one, per date of the slot's start in the
/// display zone).
struct DayCap {
    max_per_day: Option<usize>,
    zone: Tz,
    counts: HashMap<NaiveDate, usize>,
}

impl DayCap {
    fn new(max_per_day: Option<usize>, zone: Tz) -> Self {
        DayCap {
            max_per_day,
            zone,
            counts: HashMap::new(),
        }
    }

    fn admit(&mut self, slot: &Interval, working_day: Option<NaiveDate>) -> bool {
        let Some(max) = self.max_per_day else {
            return true;
        };
        let day = working_day.unwrap_or_else(|| local_date(&self.zone, slot.start));
        let count = self.counts.entry(day).or_default();
        if *count >= max {
            return false;
        }
        *count += 1;
        true
    }
}

/// Slots grouped by the calendar day (in `zone`) of their start, days ascending, slots in their
/// given order within a day.
pub fn group_by_day(slots: &[Interval], zone: Tz) -> Vec<(NaiveDate, Vec<Interval>)> {
    let mut days: BTreeMap<NaiveDate, Vec<Interval>> = BTreeMap::new();
    for slot in slots {
        days.entry(local_date(&zone, slot.start))
            .or_default()
            .push(*slot);
    }
    days.into_iter().collect()
}
