//! Pacing: `--rate N/WINDOW` and the [`Pacer`] that keeps sends under it.
//!
//! Exchange Online accepts 30 messages a minute from one mailbox ("Exchange Online limits",
//! sending limits), so that is the default ([`Rate::EXCHANGE_DEFAULT`]). The pacer is pure:
//! the caller passes "now" (a `std::time::Instant`; tokio's converts with `into_std`) and
//! sleeps until the instant it is given.
//!
//! ```
//! # use std::time::{Duration, Instant};
//! # use rally_m365::mail::rate::{Pacer, Rate};
//! let rate: Rate = "30/min".parse().unwrap();
//! let mut pacer = Pacer::new(rate);
//! let now = Instant::now();
//! let at = pacer.reserve(now); // the start is booked; sleep until `at`, then send
//! # let _ = at;
//! ```
//!
//! With several sends in flight, call [`Pacer::reserve`] under the lock that guards the pacer,
//! then sleep outside it: each task gets its own start instant.
//!
//! The rule: no more than N sends start in any window of the given length (a rolling window,
//! not fixed minutes, so no burst of 2N across a minute boundary). [`Pacer::hold_until`]
//! pauses every send until an instant, for a `Retry-After`.

use std::collections::VecDeque;
use std::fmt;
use std::str::FromStr;
use std::time::{Duration, Instant};

use thiserror::Error;

use crate::error::AppError;

/// N sends per window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rate {
    per_window: u32,
    window: Duration,
}

/// Why a `--rate` value is refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum RateError {
    #[error("`{0}` is not a rate; write it as COUNT/WINDOW, e.g. 30/min, 100/h or 5/10s")]
    Malformed(String),
    #[error("`{text}`: the count must be between 1 and {}", Rate::MAX_PER_WINDOW)]
    Count { text: String },
    #[error("`{text}`: the window must be between 1s and 1 day")]
    Window { text: String },
}

impl From<RateError> for AppError {
    fn from(e: RateError) -> AppError {
        AppError::usage(format!("--rate: {e}"))
    }
}

impl Rate {
    pub const MAX_PER_WINDOW: u32 = 10_000;
    pub const MIN_WINDOW: Duration = Duration::from_secs(1);
    pub const MAX_WINDOW: Duration = Duration::from_secs(24 * 60 * 60);
    /// 30 messages a minute: Exchange Online's per-mailbox message rate.
    pub const EXCHANGE_DEFAULT: Rate = Rate {
        per_window: 30,
        window: Duration::from_secs(60),
    };

    /// The same count over a window longer by a fortieth: a send starts a little after the
    /// moment it was planned for, and reaches the server later still, so pacing exactly at the
    /// server's limit would sometimes land one request inside the last window and be refused.
    /// 2.5 % slower keeps a bulk run within 5 % of the ideal time without being throttled.
    pub fn with_margin(self) -> Rate {
        Rate {
            per_window: self.per_window,
            window: self.window.saturating_add(self.window / 40),
        }
    }

    /// `None` when out of bounds (1..=10,000 per window, a window of 1 s to 1 day).
    pub fn new(per_window: u32, window: Duration) -> Option<Rate> {
        let ok = (1..=Self::MAX_PER_WINDOW).contains(&per_window)
            && (Self::MIN_WINDOW..=Self::MAX_WINDOW).contains(&window);
        ok.then_some(Rate { per_window, window })
    }

    pub fn per_window(&self) -> u32 {
        self.per_window
    }

    pub fn window(&self) -> Duration {
        self.window
    }

    /// The time `count` sends take at this rate when nothing else slows them: the first N
    /// start at once, then N more each window (for the README's ideal-time figure).
    pub fn ideal_duration(&self, count: u32) -> Duration {
        let windows = count.saturating_sub(1) / self.per_window;
        self.window.saturating_mul(windows)
    }
}

impl Default for Rate {
    fn default() -> Self {
        Rate::EXCHANGE_DEFAULT
    }
}

/// `30/min`, `30/m`, `100/h`, `5/10s`, `1000/day`: a count, `/`, an optional whole number and a
/// unit (`s`, `sec`, `second(s)`; `m`, `min`, `minute(s)`; `h`, `hr`, `hour(s)`; `d`, `day(s)`).
impl FromStr for Rate {
    type Err = RateError;

    fn from_str(text: &str) -> Result<Rate, RateError> {
        let malformed = || RateError::Malformed(text.chars().take(40).collect());
        let (count, window) = text.trim().split_once('/').ok_or_else(malformed)?;
        let count = count.trim();
        if count.is_empty() || !count.bytes().all(|b| b.is_ascii_digit()) {
            return Err(malformed());
        }
        let window = window.trim();
        let unit_at = window
            .find(|c: char| !c.is_ascii_digit())
            .ok_or_else(malformed)?;
        let (amount, unit) = window.split_at(unit_at);
        let unit_secs: u64 = match unit.trim().to_ascii_lowercase().as_str() {
            "s" | "sec" | "secs" | "second" | "seconds" => 1,
            "m" | "min" | "mins" | "minute" | "minutes" => 60,
            "h" | "hr" | "hrs" | "hour" | "hours" => 3600,
            "d" | "day" | "days" => 86_400,
            _ => return Err(malformed()),
        };
        // Over-long digit strings fail to parse and count as out of bounds.
        let bounded = |t: String| RateError::Count { text: t };
        let per_window: u32 = count.parse().map_err(|_| bounded(text.to_owned()))?;
        let amount: u64 = if amount.is_empty() {
            1
        } else {
            amount.parse().map_err(|_| RateError::Window {
                text: text.to_owned(),
            })?
        };
        let seconds = amount.checked_mul(unit_secs).ok_or(RateError::Window {
            text: text.to_owned(),
        })?;
        let window = Duration::from_secs(seconds);
        if !(1..=Self::MAX_PER_WINDOW).contains(&per_window) {
            return Err(bounded(text.to_owned()));
        }
        Rate::new(per_window, window).ok_or(RateError::Window {
            text: text.to_owned(),
        })
    }
}

impl fmt::Display for Rate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let secs = self.window.as_secs();
        let (amount, unit) = if secs.is_multiple_of(86_400) {
            (secs / 86_400, "day")
        } else if secs.is_multiple_of(3600) {
            (secs / 3600, "h")
        } else if secs.is_multiple_of(60) {
            (secs / 60, "min")
        } else {
            (secs, "s")
        };
        if amount == 1 {
            write!(f, "{}/{unit}", self.per_window)
        } else {
            write!(f, "{}/{amount}{unit}", self.per_window)
        }
    }
}

/// Spaces send starts so that at most N start in any rolling window.
#[derive(Debug, Clone)]
pub struct Pacer {
    rate: Rate,
    /// The starts within the last window, oldest first (at most N are kept).
    recent: VecDeque<Instant>,
    hold: Option<Instant>,
}

impl Pacer {
    pub fn new(rate: Rate) -> Pacer {
        Pacer {
            rate,
            recent: VecDeque::with_capacity(rate.per_window as usize),
            hold: None,
        }
    }

    pub fn rate(&self) -> Rate {
        self.rate
    }

    /// The earliest instant at or after `now` when a send may start.
    pub fn next_send_at(&self, now: Instant) -> Instant {
        let mut at = now;
        if self.recent.len() >= self.rate.per_window as usize
            && let Some(oldest) = self.recent.front()
        {
            // The window is at most a day: no Instant overflows by that much, but if one did,
            // waiting "forever" is the safe side, so fall back to the latest known start.
            let free_at = oldest
                .checked_add(self.rate.window)
                .unwrap_or_else(|| *self.recent.back().unwrap_or(oldest));
            at = at.max(free_at);
        }
        if let Some(hold) = self.hold {
            at = at.max(hold);
        }
        at
    }

    /// A send started (or will start) at `at`. Starts may be recorded out of order.
    pub fn record(&mut self, at: Instant) {
        let position = self.recent.partition_point(|t| *t <= at);
        self.recent.insert(position, at);
        while self.recent.len() > self.rate.per_window as usize {
            self.recent.pop_front();
        }
    }

    /// [`Pacer::next_send_at`] and [`Pacer::record`] in one step: books the next start.
    pub fn reserve(&mut self, now: Instant) -> Instant {
        let at = self.next_send_at(now);
        self.record(at);
        at
    }

    /// No send starts before `until` (a 429 or 503 with `Retry-After`); a later hold wins.
    pub fn hold_until(&mut self, until: Instant) {
        self.hold = Some(self.hold.map_or(until, |h| h.max(until)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rate(text: &str) -> Rate {
        text.parse().unwrap_or_else(|e| panic!("{text}: {e}"))
    }

    #[test]
    fn rates_parse_in_the_usual_spellings() {
        for (text, n, secs) in [
            ("30/min", 30, 60),
            ("30/m", 30, 60),
            (" 30 / minute ", 30, 60),
            ("100/h", 100, 3600),
            ("100/hour", 100, 3600),
            ("5/10s", 5, 10),
            ("1/s", 1, 1),
            ("10000/day", 10_000, 86_400),
            ("2/90sec", 2, 90),
            ("7/24h", 7, 86_400),
        ] {
            let r = rate(text);
            assert_eq!((r.per_window(), r.window().as_secs()), (n, secs), "{text}");
        }
    }

    #[test]
    fn bad_or_out_of_bounds_rates_are_refused() {
        for text in [
            "",
            "30",
            "/min",
            "30/",
            "x/min",
            "30/fortnight",
            "-1/min",
            "30/-5s",
            "3.5/min",
        ] {
            assert!(
                matches!(text.parse::<Rate>(), Err(RateError::Malformed(_))),
                "{text}: {:?}",
                text.parse::<Rate>()
            );
        }
        for text in ["0/min", "10001/min", "99999999999999999999/min"] {
            assert!(
                matches!(text.parse::<Rate>(), Err(RateError::Count { .. })),
                "{text}"
            );
        }
        for text in [
            "5/0s",
            "5/25h",
            "5/2day",
            "5/99999999999999999999d",
            "5/18446744073709551615d",
        ] {
            assert!(
                matches!(text.parse::<Rate>(), Err(RateError::Window { .. })),
                "{text}"
            );
        }
        let e: AppError = "0/min".parse::<Rate>().unwrap_err().into();
        assert_eq!(
            e.message(),
            "--rate: `0/min`: the count must be between 1 and 10000"
        );
        assert_eq!(e.exit().code(), 2);
    }

    #[test]
    fn rates_display_as_they_are_typed() {
        for text in ["30/min", "100/h", "5/10s", "7/day", "3/90s", "2/2h"] {
            assert_eq!(rate(text).to_string(), text);
        }
        assert_eq!(Rate::default(), rate("30/min"));
    }

    #[test]
    fn the_first_n_start_at_once_and_the_next_waits_for_the_window() {
        let t0 = Instant::now();
        let mut pacer = Pacer::new(rate("3/10s"));
        for i in 0..3u64 {
            let now = t0 + Duration::from_secs(i);
            assert_eq!(pacer.next_send_at(now), now);
            pacer.record(now);
        }
        // Starts at 0s, 1s, 2s: the fourth may start at 10s, the fifth at 11s.
        let now = t0 + Duration::from_secs(3);
        assert_eq!(pacer.next_send_at(now), t0 + Duration::from_secs(10));
        pacer.record(t0 + Duration::from_secs(10));
        assert_eq!(
            pacer.next_send_at(t0 + Duration::from_secs(10)),
            t0 + Duration::from_secs(11)
        );
        // Late callers are not held back by the past.
        assert_eq!(
            pacer.next_send_at(t0 + Duration::from_secs(60)),
            t0 + Duration::from_secs(60)
        );
    }

    #[test]
    fn no_window_ever_holds_more_than_n_starts() {
        let t0 = Instant::now();
        let r = rate("30/min");
        let mut pacer = Pacer::new(r);
        let mut starts = Vec::new();
        let mut now = t0;
        for i in 0..300u64 {
            // Callers come at irregular times, sometimes late.
            now += Duration::from_millis((i * 7919) % 3000);
            let at = pacer.next_send_at(now);
            assert!(at >= now);
            pacer.record(at);
            starts.push(at);
            now = at;
        }
        for (i, start) in starts.iter().enumerate() {
            let in_window = starts[i..]
                .iter()
                .take_while(|s| s.duration_since(*start) < r.window())
                .count();
            assert!(
                in_window <= 30,
                "{in_window} starts in the minute from #{i}"
            );
        }
        assert!(starts[299].duration_since(starts[0]) >= r.ideal_duration(300));
    }

    #[test]
    fn callers_always_ready_take_exactly_the_ideal_time() {
        let t0 = Instant::now();
        let r = rate("30/min");
        let mut pacer = Pacer::new(r);
        let mut now = t0;
        for _ in 0..300 {
            now = pacer.reserve(now);
        }
        assert_eq!(now.duration_since(t0), r.ideal_duration(300));
        assert_eq!(now.duration_since(t0), Duration::from_secs(540));
    }

    #[test]
    fn starts_recorded_out_of_order_still_count_from_the_oldest() {
        let t0 = Instant::now();
        let mut pacer = Pacer::new(rate("2/10s"));
        pacer.record(t0 + Duration::from_secs(4));
        pacer.record(t0 + Duration::from_secs(1));
        assert_eq!(
            pacer.next_send_at(t0 + Duration::from_secs(5)),
            t0 + Duration::from_secs(11)
        );
    }

    #[test]
    fn a_hold_delays_every_send_until_it_ends() {
        let t0 = Instant::now();
        let mut pacer = Pacer::new(rate("30/min"));
        pacer.hold_until(t0 + Duration::from_secs(20));
        pacer.hold_until(t0 + Duration::from_secs(5));
        assert_eq!(pacer.next_send_at(t0), t0 + Duration::from_secs(20));
        assert_eq!(
            pacer.next_send_at(t0 + Duration::from_secs(25)),
            t0 + Duration::from_secs(25)
        );
    }

    #[test]
    fn the_ideal_duration_counts_whole_windows_after_the_first_burst() {
        let r = rate("30/min");
        assert_eq!(r.ideal_duration(0), Duration::ZERO);
        assert_eq!(r.ideal_duration(30), Duration::ZERO);
        assert_eq!(r.ideal_duration(31), Duration::from_secs(60));
        assert_eq!(r.ideal_duration(300), Duration::from_secs(540));
    }

    #[test]
    fn the_margin_slows_the_pace_by_a_fortieth() {
        let rate = Rate::EXCHANGE_DEFAULT.with_margin();
        assert_eq!(rate.ideal_duration(31), Duration::from_millis(61_500));
        assert_eq!(
            Rate::EXCHANGE_DEFAULT.ideal_duration(31),
            Duration::from_secs(60)
        );
    }
}
