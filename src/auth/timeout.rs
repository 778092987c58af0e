//! `--timeout` of `connect` and `admin-consent`: how long we wait for the person at the browser
//! (or at the other device). Plain seconds (`300`, as before) or a duration as people type it
//! (`90s`, `5m`, `1h`); at least 1 second and at most 1 hour, so a typo cannot leave a listener
//! open for days. Durations are read by the schedule's duration parser, at second resolution.

use std::time::Duration;

use crate::output::count;
use crate::schedule::duration::parse_duration_with_seconds;

/// The shortest wait: anything less could not even show the sign-in page.
pub const MIN: Duration = Duration::from_secs(1);
/// The longest wait: a sign-in or an approval that takes longer is better started again
/// (`admin-consent --print-only` gives IT a link that does not wait at all).
pub const MAX: Duration = Duration::from_secs(3600);

/// Why a `--timeout` value was refused; shown after the flag's name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TimeoutError {
    #[error("`{0}` is not a duration: use seconds (300) or a duration such as 90s, 5m or 1h")]
    Malformed(String),
    #[error("`{0}` is too short: wait at least 1 second")]
    TooShort(String),
    #[error("`{0}` is too long: wait at most 1 hour")]
    TooLong(String),
}

/// How long to wait, within [`MIN`] and [`MAX`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SignInTimeout(Duration);

impl SignInTimeout {
    /// Reads `300`, `90s`, `90 sec`, `5m`, `1h`, `1h30m`, `2m30s`.
    pub fn parse(text: &str) -> Result<SignInTimeout, TimeoutError> {
        let input = text.trim();
        let malformed = || TimeoutError::Malformed(input.to_owned());
        let seconds = seconds_of(input).ok_or_else(malformed)?;
        let wait = Duration::from_secs(seconds);
        if wait < MIN {
            Err(TimeoutError::TooShort(input.to_owned()))
        } else if wait > MAX {
            Err(TimeoutError::TooLong(input.to_owned()))
        } else {
            Ok(SignInTimeout(wait))
        }
    }

    /// The value of `--timeout` for a command, with the flag named in the error (exit 2).
    pub fn from_flag(text: &str) -> Result<SignInTimeout, crate::error::AppError> {
        Self::parse(text).map_err(|e| crate::error::AppError::usage(format!("--timeout: {e}")))
    }

    pub fn duration(self) -> Duration {
        self.0
    }

    /// "5 minutes", "90 seconds", "1 hour", "2 minutes 30 seconds": for "no sign-in within ...".
    pub fn describe(self) -> String {
        let secs = self.0.as_secs();
        if secs.is_multiple_of(3600) {
            count(secs / 3600, "hour")
        } else if secs.is_multiple_of(60) {
            count(secs / 60, "minute")
        } else if secs < 120 {
            count(secs, "second")
        } else {
            format!(
                "{} {}",
                count(secs / 60, "minute"),
                count(secs % 60, "second")
            )
        }
    }
}

/// Whole seconds of `input`, or `None` when it is not a duration: plain digits are seconds
/// (as `--timeout` always took them), anything else is a duration with its unit. Bounded: a
/// huge number is `None` rather than an overflow.
fn seconds_of(input: &str) -> Option<u64> {
    if !input.is_empty() && input.bytes().all(|b| b.is_ascii_digit()) {
        return input.parse().ok();
    }
    let delta = parse_duration_with_seconds(input).ok()?;
    u64::try_from(delta.num_seconds()).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secs(text: &str) -> u64 {
        SignInTimeout::parse(text)
            .unwrap_or_else(|e| panic!("{text}: {e}"))
            .duration()
            .as_secs()
    }

    #[test]
    fn plain_numbers_are_seconds_as_before() {
        assert_eq!(secs("300"), 300);
        assert_eq!(secs("1"), 1);
        assert_eq!(secs(" 60 "), 60);
    }

    #[test]
    fn durations_are_read_with_their_unit() {
        assert_eq!(secs("90s"), 90);
        assert_eq!(secs("90 sec"), 90);
        assert_eq!(secs("45seconds"), 45);
        assert_eq!(secs("5m"), 300);
        assert_eq!(secs("5M"), 300);
        assert_eq!(secs("1h"), 3600);
        assert_eq!(secs("2m30s"), 150);
        assert_eq!(secs("1h0m"), 3600);
    }

    #[test]
    fn values_outside_the_bounds_are_refused_with_the_bound() {
        assert_eq!(
            SignInTimeout::parse("0"),
            Err(TimeoutError::TooShort("0".into()))
        );
        assert_eq!(
            SignInTimeout::parse("0m"),
            Err(TimeoutError::TooShort("0m".into()))
        );
        assert_eq!(
            SignInTimeout::parse("2h"),
            Err(TimeoutError::TooLong("2h".into()))
        );
        assert_eq!(
            SignInTimeout::parse("3601"),
            Err(TimeoutError::TooLong("3601".into()))
        );
        // Far beyond any integer type: refused, never an overflow.
        for huge in [
            "99999999999999999999999",
            "99999999999999999999s",
            "9999999999d",
        ] {
            assert!(SignInTimeout::parse(huge).is_err(), "{huge}");
        }
    }

    #[test]
    fn what_is_not_a_duration_is_refused_and_named() {
        for bad in [
            "",
            "banana",
            "5x",
            "s",
            "m5",
            "-5",
            "1.5.2h",
            "5 minutes please",
        ] {
            let e = SignInTimeout::parse(bad).expect_err(bad);
            assert!(matches!(e, TimeoutError::Malformed(_)), "{bad}: {e:?}");
        }
        let shown = SignInTimeout::from_flag("banana").unwrap_err();
        assert_eq!(shown.exit().code(), 2);
        assert!(
            shown.message().starts_with("--timeout: `banana`"),
            "{shown}"
        );
        assert!(!shown.message().contains(".."), "{shown}");
    }

    #[test]
    fn the_wait_is_described_in_words_with_plural_agreement() {
        let describe = |t: &str| SignInTimeout::parse(t).unwrap().describe();
        assert_eq!(describe("5m"), "5 minutes");
        assert_eq!(describe("300"), "5 minutes");
        assert_eq!(describe("1m"), "1 minute");
        assert_eq!(describe("1"), "1 second");
        assert_eq!(describe("90s"), "90 seconds");
        assert_eq!(describe("1h"), "1 hour");
        assert_eq!(describe("150"), "2 minutes 30 seconds");
        assert_eq!(describe("121"), "2 minutes 1 second");
    }
}
