//! When to send a request again, and after how long: pure rules, no I/O.
//!
//! `Retry-After` comes as seconds or as an HTTP date (RFC 9110 §10.2.3); Graph sends seconds
//! ("Microsoft Graph throttling guidance"), proxies and Exchange front ends may send a date.
//! The wait is never shorter than our own exponential backoff, so `Retry-After: 0` cannot turn
//! into a burst, and a wait longer than a command should hang for is reported, not slept.

use std::time::Duration;

use chrono::{DateTime, Utc};
use reqwest::header::{self, HeaderMap};

/// A server's `Retry-After`, as a duration from now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryAfter(pub Duration);

impl RetryAfter {
    /// The header as a wait from `now`: seconds, or a date (a date in the past is no wait).
    /// Anything else is ignored, as if absent.
    pub fn parse(headers: &HeaderMap, now: DateTime<Utc>) -> Option<RetryAfter> {
        let text = headers.get(header::RETRY_AFTER)?.to_str().ok()?.trim();
        Self::parse_value(text, now)
    }

    pub fn parse_value(text: &str, now: DateTime<Utc>) -> Option<RetryAfter> {
        if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
            // Saturates rather than overflows: "99999999999999999999" is just "very long".
            let seconds = text.parse::<u64>().unwrap_or(u64::MAX);
            return Some(RetryAfter(Duration::from_secs(seconds)));
        }
        let at = DateTime::parse_from_rfc2822(text).ok()?.with_timezone(&Utc);
        let wait = at
            .signed_duration_since(now)
            .to_std()
            .unwrap_or(Duration::ZERO);
        Some(RetryAfter(wait))
    }
}

/// What to do after a failed try.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Sleep this long, then send again.
    RetryAfter(Duration),
    /// The server asked for a longer wait than a command should hang for.
    WaitTooLong(Duration),
    /// No tries left.
    GiveUp,
}

/// Exponential backoff with a floor under `Retry-After` and a ceiling on any single wait.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backoff {
    /// The wait before the second try; doubled for each try after it.
    pub base: Duration,
    /// The longest single backoff of our own.
    pub max_backoff: Duration,
    /// The longest `Retry-After` honoured by sleeping; longer ones are reported.
    pub max_wait: Duration,
    /// Tries in all, the first included.
    pub max_attempts: u32,
}

impl Default for Backoff {
    fn default() -> Self {
        Backoff {
            base: Duration::from_millis(500),
            max_backoff: Duration::from_secs(8),
            max_wait: Duration::from_secs(120),
            max_attempts: 4,
        }
    }
}

impl Backoff {
    /// Our own wait before try `attempt + 1` (attempt counts from 1).
    pub fn backoff(&self, attempt: u32) -> Duration {
        let doublings = attempt.saturating_sub(1).min(16);
        self.base
            .checked_mul(1u32 << doublings)
            .unwrap_or(self.max_backoff)
            .min(self.max_backoff)
    }

    /// The verdict after try number `attempt` failed, with the server's `Retry-After` if any.
    pub fn after_failure(&self, attempt: u32, retry_after: Option<RetryAfter>) -> Verdict {
        let asked = retry_after.map(|r| r.0).unwrap_or(Duration::ZERO);
        if asked > self.max_wait {
            return Verdict::WaitTooLong(asked);
        }
        if attempt >= self.max_attempts {
            return Verdict::GiveUp;
        }
        Verdict::RetryAfter(asked.max(self.backoff(attempt)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<Utc> {
        "2026-12-06T14:00:00Z".parse().unwrap()
    }

    #[test]
    fn retry_after_reads_seconds_and_http_dates() {
        assert_eq!(
            RetryAfter::parse_value("7", now()),
            Some(RetryAfter(Duration::from_secs(7)))
        );
        assert_eq!(
            RetryAfter::parse_value("Sun, 06 Dec 2026 14:01:30 GMT", now()),
            Some(RetryAfter(Duration::from_secs(90)))
        );
        // A date in the past is no wait at all (the backoff floor still applies).
        assert_eq!(
            RetryAfter::parse_value("Sun, 06 Dec 2026 13:00:00 GMT", now()),
            Some(RetryAfter(Duration::ZERO))
        );
        assert_eq!(RetryAfter::parse_value("soon", now()), None);
        assert_eq!(RetryAfter::parse_value("-5", now()), None);
        assert_eq!(
            RetryAfter::parse_value("99999999999999999999999", now()),
            Some(RetryAfter(Duration::from_secs(u64::MAX)))
        );
    }

    #[test]
    fn a_zero_retry_after_still_waits_the_backoff() {
        let b = Backoff::default();
        assert_eq!(
            b.after_failure(1, Some(RetryAfter(Duration::ZERO))),
            Verdict::RetryAfter(Duration::from_millis(500))
        );
        assert_eq!(
            b.after_failure(2, Some(RetryAfter(Duration::ZERO))),
            Verdict::RetryAfter(Duration::from_secs(1))
        );
        assert_eq!(
            b.after_failure(3, None),
            Verdict::RetryAfter(Duration::from_secs(2))
        );
    }

    #[test]
    fn a_longer_retry_after_wins_over_the_backoff() {
        let b = Backoff::default();
        assert_eq!(
            b.after_failure(1, Some(RetryAfter(Duration::from_secs(5)))),
            Verdict::RetryAfter(Duration::from_secs(5))
        );
    }

    #[test]
    fn a_wait_beyond_the_limit_is_reported_not_slept() {
        let b = Backoff::default();
        assert_eq!(
            b.after_failure(1, Some(RetryAfter(Duration::from_secs(3600)))),
            Verdict::WaitTooLong(Duration::from_secs(3600))
        );
    }

    #[test]
    fn tries_run_out() {
        let b = Backoff::default();
        assert_eq!(b.after_failure(4, None), Verdict::GiveUp);
        assert_eq!(b.backoff(40), b.max_backoff);
    }
}
