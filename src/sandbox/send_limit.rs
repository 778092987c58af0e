//! A rolling-window rate: at most `limit` units (messages, or recipients) in any `window`, as
//! Exchange Online counts a mailbox's sending ("Exchange Online limits", sending limits: "30
//! messages per minute", "10,000 recipients per day"). Pure: the caller passes the time, so
//! tests can run the window at any speed.

use std::collections::VecDeque;
use std::time::{Duration, Instant};

/// At most `limit` units per rolling `window`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Rate {
    pub(super) limit: u32,
    pub(super) window: Duration,
}

/// What one mailbox used of a rate: each accepted unit's time and weight, oldest first.
#[derive(Debug, Default)]
pub(super) struct Usage(VecDeque<(Instant, u32)>);

impl Usage {
    /// Forgets what has left the window by `now`.
    fn prune(&mut self, window: Duration, now: Instant) {
        while let Some((at, _)) = self.0.front() {
            if now.saturating_duration_since(*at) >= window {
                self.0.pop_front();
            } else {
                break;
            }
        }
    }

    /// `None` when `weight` more units fit in the window at `now`; otherwise how long until
    /// enough of the oldest units have left it (the whole window when they never can: a
    /// weight above the limit, or a limit of 0).
    pub(super) fn wait(&mut self, rate: Rate, weight: u32, now: Instant) -> Option<Duration> {
        self.prune(rate.window, now);
        let used: u64 = self.0.iter().map(|(_, w)| u64::from(*w)).sum();
        let limit = u64::from(rate.limit);
        let weight = u64::from(weight);
        if used.saturating_add(weight) <= limit {
            return None;
        }
        if weight > limit {
            return Some(rate.window);
        }
        // Walk from the oldest until enough has left for `weight` to fit.
        let mut still_used = used;
        for (at, w) in &self.0 {
            still_used = still_used.saturating_sub(u64::from(*w));
            if still_used.saturating_add(weight) <= limit {
                return Some(
                    rate.window
                        .saturating_sub(now.saturating_duration_since(*at)),
                );
            }
        }
        Some(rate.window)
    }

    /// Counts `weight` units used at `now`.
    pub(super) fn record(&mut self, weight: u32, now: Instant) {
        self.0.push_back((now, weight));
    }
}

/// Whole seconds for a `Retry-After` header: rounded up, at least 1.
pub(super) fn retry_after_secs(wait: Duration) -> u64 {
    let secs = wait
        .as_secs()
        .saturating_add(u64::from(wait.subsec_nanos() > 0));
    secs.max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINUTE: Duration = Duration::from_secs(60);

    fn rate(limit: u32, window: Duration) -> Rate {
        Rate { limit, window }
    }

    #[test]
    fn the_limit_fits_and_one_more_waits_for_the_oldest_to_leave() {
        let t0 = Instant::now();
        let mut usage = Usage::default();
        for i in 0..30 {
            let at = t0 + Duration::from_secs(i);
            assert_eq!(usage.wait(rate(30, MINUTE), 1, at), None, "message {i}");
            usage.record(1, at);
        }
        let at = t0 + Duration::from_millis(40_500);
        // The first message (t0) leaves at t0 + 60 s: 19.5 s later.
        assert_eq!(
            usage.wait(rate(30, MINUTE), 1, at),
            Some(Duration::from_millis(19_500))
        );
        assert_eq!(usage.wait(rate(30, MINUTE), 1, t0 + MINUTE), None);
    }

    #[test]
    fn weights_count_as_many_units() {
        let t0 = Instant::now();
        let mut usage = Usage::default();
        usage.record(6, t0);
        usage.record(3, t0 + Duration::from_secs(10));
        let r = rate(10, MINUTE);
        assert_eq!(usage.wait(r, 1, t0 + Duration::from_secs(20)), None);
        // 9 used; 4 more need the 6 of t0 gone: at t0 + 60 s, 40 s after t0 + 20 s.
        assert_eq!(
            usage.wait(r, 4, t0 + Duration::from_secs(20)),
            Some(Duration::from_secs(40))
        );
    }

    #[test]
    fn what_can_never_fit_waits_a_whole_window() {
        let t0 = Instant::now();
        let mut usage = Usage::default();
        assert_eq!(usage.wait(rate(5, MINUTE), 6, t0), Some(MINUTE));
        assert_eq!(usage.wait(rate(0, MINUTE), 1, t0), Some(MINUTE));
    }

    #[test]
    fn a_zero_window_never_throttles_and_a_huge_one_does_not_overflow() {
        let t0 = Instant::now();
        let mut usage = Usage::default();
        for _ in 0..5 {
            assert_eq!(usage.wait(rate(1, Duration::ZERO), 1, t0), None);
            usage.record(1, t0);
        }
        let mut usage = Usage::default();
        usage.record(1, t0);
        assert_eq!(
            usage.wait(rate(1, Duration::MAX), 1, t0),
            Some(Duration::MAX)
        );
        assert_eq!(retry_after_secs(Duration::MAX), u64::MAX);
    }

    #[test]
    fn retry_after_rounds_up_to_whole_seconds_and_is_never_zero() {
        assert_eq!(retry_after_secs(Duration::ZERO), 1);
        assert_eq!(retry_after_secs(Duration::from_millis(1)), 1);
        assert_eq!(retry_after_secs(Duration::from_millis(1000)), 1);
        assert_eq!(retry_after_secs(Duration::from_millis(1001)), 2);
        assert_eq!(retry_after_secs(Duration::from_millis(19_500)), 20);
    }
}
