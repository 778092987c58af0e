//! Counts as people write them: "1 second", "2 seconds", "1 attempt", "0 slots".

use std::fmt::Display;

/// `n` and `noun`, the noun in the plural (an `s` added) unless `n` is 1. Only for nouns whose
/// plural is regular; see [`count_irregular`] for the others.
pub fn count<N: Display + Copy + TryInto<u64>>(n: N, noun: &str) -> String {
    count_irregular(n, noun, &format!("{noun}s"))
}

/// `n` and `singular` when `n` is 1, else `n` and `plural` ("1 person", "3 people").
pub fn count_irregular<N: Display + Copy + TryInto<u64>>(
    n: N,
    singular: &str,
    plural: &str,
) -> String {
    let one = matches!(n.try_into(), Ok(1u64));
    format!("{n} {}", if one { singular } else { plural })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_is_singular_and_every_other_count_plural() {
        assert_eq!(count(1u64, "second"), "1 second");
        assert_eq!(count(0usize, "slot"), "0 slots");
        assert_eq!(count(2u32, "attempt"), "2 attempts");
        assert_eq!(count(-1i64, "day"), "-1 days");
        assert_eq!(count_irregular(1usize, "person", "people"), "1 person");
        assert_eq!(count_irregular(3usize, "person", "people"), "3 people");
    }
}
