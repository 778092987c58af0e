//! The tenant's clock. Every decision the sandbox makes about time reads it: when tokens, codes
//! and device codes expire, whether a device-code poll came too soon, and which week the demo
//! calendar is seeded around; so do the times it records (when a meeting was created, changed
//! or answered, when a message entered the outbox). `sandbox serve` and `demo` run on the system clock; a test can
//! hand the sandbox a [`ManualClock`] and move time forward itself instead of sleeping.
//! (The timestamps quoted in error texts are decoration, not decisions: they stay on the
//! system clock.)

use std::fmt;
use std::sync::Mutex;

use chrono::{DateTime, TimeDelta, Utc};

/// Where the sandbox reads the current time.
pub trait Clock: Send + Sync + fmt::Debug {
    fn now(&self) -> DateTime<Utc>;
}

/// The machine's clock.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A clock that stands still until it is moved: a test sets the instant it starts at and
/// advances it exactly as far as the behaviour under test needs.
#[derive(Debug)]
pub struct ManualClock {
    now: Mutex<DateTime<Utc>>,
}

impl ManualClock {
    pub fn starting_at(instant: DateTime<Utc>) -> ManualClock {
        ManualClock {
            now: Mutex::new(instant),
        }
    }

    /// Moves the clock by `by` (backwards when negative); it stops at chrono's bounds.
    pub fn advance(&self, by: TimeDelta) {
        let mut now = self.now.lock().unwrap_or_else(|p| p.into_inner());
        *now = now
            .checked_add_signed(by)
            .unwrap_or(if by < TimeDelta::zero() {
                DateTime::<Utc>::MIN_UTC
            } else {
                DateTime::<Utc>::MAX_UTC
            });
    }
}

impl Clock for ManualClock {
    fn now(&self) -> DateTime<Utc> {
        *self.now.lock().unwrap_or_else(|p| p.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_manual_clock_stands_still_until_advanced() {
        let start = DateTime::parse_from_rfc3339("2030-01-01T00:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let clock = ManualClock::starting_at(start);
        assert_eq!(clock.now(), start);
        assert_eq!(clock.now(), start);
        clock.advance(TimeDelta::seconds(90));
        assert_eq!(clock.now(), start + TimeDelta::seconds(90));
        clock.advance(TimeDelta::seconds(-30));
        assert_eq!(clock.now(), start + TimeDelta::seconds(60));
    }

    #[test]
    fn advancing_past_the_end_of_time_stops_there() {
        let clock = ManualClock::starting_at(DateTime::<Utc>::MAX_UTC - TimeDelta::days(1));
        clock.advance(TimeDelta::days(2));
        assert_eq!(clock.now(), DateTime::<Utc>::MAX_UTC);
        clock.advance(TimeDelta::MIN);
        assert_eq!(clock.now(), DateTime::<Utc>::MIN_UTC);
    }
}
