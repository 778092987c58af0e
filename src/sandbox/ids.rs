//! Random identifiers and secrets (OS random generator) and the timestamp formats Microsoft uses.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Utc};
use rand::TryRngCore;
use rand::rngs::OsRng;

/// `n` random bytes from the operating system.
pub(super) fn random_bytes(n: usize) -> Vec<u8> {
    let mut bytes = vec![0u8; n];
    OsRng
        .try_fill_bytes(&mut bytes)
        .expect("the operating system's random generator failed");
    bytes
}

/// A version-4 GUID, lower-case 8-4-4-4-12 hex.
pub(super) fn guid() -> String {
    let mut b = random_bytes(16);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

/// An opaque secret: a short kind prefix (so a leaked value is recognisable) and random base64url.
pub(super) fn secret(prefix: &str, random_len: usize) -> String {
    format!(
        "{prefix}{}",
        URL_SAFE_NO_PAD.encode(random_bytes(random_len))
    )
}

/// A device-flow user code: 9 upper-case letters and digits, without look-alikes (0/O, 1/I).
pub(super) fn user_code() -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    random_bytes(9)
        .iter()
        .map(|b| ALPHABET[usize::from(*b) % ALPHABET.len()] as char)
        .collect()
}

/// `2016-01-09 02:02:12Z`: the identity platform's error timestamp (a space, not `T`).
pub(super) fn aad_timestamp(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%d %H:%M:%SZ").to_string()
}

/// `2025-02-13T10:17:06`: Graph's `innerError.date` (no zone designator).
pub(super) fn graph_date(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%dT%H:%M:%S").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guid_has_the_8_4_4_4_12_shape() {
        let g = guid();
        let parts: Vec<usize> = g.split('-').map(str::len).collect();
        assert_eq!(parts, [8, 4, 4, 4, 12]);
        assert!(g.chars().all(|c| c == '-' || c.is_ascii_hexdigit()));
        assert_ne!(guid(), g);
    }

    #[test]
    fn user_code_is_nine_upper_case_alphanumerics() {
        let c = user_code();
        assert_eq!(c.len(), 9);
        assert!(
            c.chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        );
    }

    #[test]
    fn aad_timestamp_uses_a_space() {
        let at = DateTime::parse_from_rfc3339("2016-01-09T02:02:12Z").unwrap();
        assert_eq!(
            aad_timestamp(at.with_timezone(&Utc)),
            "2016-01-09 02:02:12Z"
        );
    }
}
