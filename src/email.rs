//! `EmailAddress`: an SMTP address checked once, where it enters the program (a flag, a CSV
//! file, a Graph answer), so nothing downstream re-validates or carries a raw string.
//!
//! The accepted form is the pragmatic subset of RFC 5321 / RFC 5322 that Exchange mailboxes use:
//! `local@domain`, no display name, no comments, no quoted local part, no address literal.
//! - local part: 1–64 characters of RFC 5322 `atext` (letters, digits, ``!#$%&'*+-/=?^_`{|}~``)
//!   and dots, not at either end, never two in a row;
//! - domain: host-name labels (letters, digits, inner hyphens, 1–63 characters each) joined by
//!   dots, at least two labels, the last not all digits (`contoso.com`, `contoso.example`);
//! - at most 254 characters in all (RFC 5321's path limit minus the angle brackets);
//! - ASCII only: an internationalised domain is written in its `xn--` form.
//!
//! Anything that could end a header or start another one (CR, LF, whitespace, control
//! characters, `,`, `;`, `<`, `>`, quotes) is refused, so an address can be placed in a header or
//! a JSON body as it is. Comparison and hashing ignore ASCII case over the whole address (as
//! Exchange does); the original spelling is kept for display.

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use thiserror::Error;

/// An address as typed, valid by construction; equal to another when they differ only in case.
#[derive(Clone)]
pub struct EmailAddress(String);

/// Why a text is not an [`EmailAddress`], with the text shown safely (escaped, shortened).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("`{shown}` is not an e-mail address: {problem}")]
pub struct EmailError {
    shown: String,
    problem: EmailProblem,
}

/// The first rule a text breaks.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum EmailProblem {
    #[error("it is empty")]
    Empty,
    #[error("it contains {0}, which an address cannot")]
    ForbiddenCharacter(String),
    #[error("it contains a non-ASCII character (write the domain in its xn-- form)")]
    NotAscii,
    #[error("it is longer than {} characters", EmailAddress::MAX_LEN)]
    TooLong,
    #[error("it has no @")]
    NoAt,
    #[error("it has more than one @")]
    SeveralAts,
    #[error("nothing comes before the @")]
    EmptyLocalPart,
    #[error(
        "the part before the @ is longer than {} characters",
        EmailAddress::MAX_LOCAL_LEN
    )]
    LocalPartTooLong,
    #[error("the part before the @ starts or ends with a dot, or has two dots in a row")]
    MisplacedDot,
    #[error("the domain is not a host name like contoso.com")]
    BadDomain,
}

impl EmailError {
    pub fn problem(&self) -> &EmailProblem {
        &self.problem
    }
}

impl EmailAddress {
    /// RFC 5321's 256-character path, less the angle brackets around it.
    pub const MAX_LEN: usize = 254;
    /// RFC 5321, section 4.5.3.1.1.
    pub const MAX_LOCAL_LEN: usize = 64;
    const MAX_LABEL_LEN: usize = 63;

    /// Checks `text` exactly as given: surrounding spaces are refused like any other space (an
    /// edge that wants to be lenient trims first).
    pub fn parse(text: &str) -> Result<EmailAddress, EmailError> {
        check(text).map_err(|problem| EmailError {
            shown: shown(text),
            problem,
        })?;
        Ok(EmailAddress(text.to_owned()))
    }

    /// The address as it was spelled.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }

    /// The part before the `@`.
    pub fn local_part(&self) -> &str {
        self.0.split_once('@').map_or("", |(local, _)| local)
    }

    /// The part after the `@`.
    pub fn domain(&self) -> &str {
        self.0.split_once('@').map_or("", |(_, domain)| domain)
    }

    /// Whether `text` spells this address, ignoring case (for addresses kept as plain strings,
    /// such as the one stored with a sign-in).
    pub fn matches(&self, text: &str) -> bool {
        self.0.eq_ignore_ascii_case(text.trim())
    }

    fn folded(&self) -> impl Iterator<Item = u8> + '_ {
        self.0.bytes().map(|b| b.to_ascii_lowercase())
    }
}

fn check(text: &str) -> Result<(), EmailProblem> {
    if text.is_empty() {
        return Err(EmailProblem::Empty);
    }
    if let Some(c) = text.chars().find(|c| !is_address_char(*c)) {
        return Err(if c.is_ascii() {
            EmailProblem::ForbiddenCharacter(describe(c))
        } else {
            EmailProblem::NotAscii
        });
    }
    if text.len() > EmailAddress::MAX_LEN {
        return Err(EmailProblem::TooLong);
    }
    let (local, domain) = text.split_once('@').ok_or(EmailProblem::NoAt)?;
    if domain.contains('@') {
        return Err(EmailProblem::SeveralAts);
    }
    if local.is_empty() {
        return Err(EmailProblem::EmptyLocalPart);
    }
    if local.len() > EmailAddress::MAX_LOCAL_LEN {
        return Err(EmailProblem::LocalPartTooLong);
    }
    if local.split('.').any(str::is_empty) {
        return Err(EmailProblem::MisplacedDot);
    }
    if !is_host_name(domain) {
        return Err(EmailProblem::BadDomain);
    }
    Ok(())
}

/// RFC 5322 `atext`, the dot, and the `@`: every character an accepted address can hold.
fn is_address_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "!#$%&'*+-/=?^_`{|}~.@".contains(c)
}

fn is_host_name(domain: &str) -> bool {
    let labels: Vec<&str> = domain.split('.').collect();
    let label_ok = |label: &&str| {
        (1..=EmailAddress::MAX_LABEL_LEN).contains(&label.len())
            && label
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-')
            && !label.starts_with('-')
            && !label.ends_with('-')
    };
    let top_level_ok = labels
        .last()
        .is_some_and(|tld| !tld.bytes().all(|b| b.is_ascii_digit()));
    labels.len() >= 2 && labels.iter().all(label_ok) && top_level_ok
}

/// A refused character, named so that an invisible one is visible.
fn describe(c: char) -> String {
    match c {
        ' ' => "a space".to_owned(),
        '\r' => "a carriage return (\\r)".to_owned(),
        '\n' => "a line feed (\\n)".to_owned(),
        '\t' => "a tab (\\t)".to_owned(),
        c if c.is_ascii_control() => format!("a control character (\\x{:02x})", u32::from(c)),
        c => format!("`{c}`"),
    }
}

/// The refused text for an error line: control and non-ASCII characters escaped (a hostile
/// value cannot move the cursor or forge a line), and at most 80 characters of it.
fn shown(text: &str) -> String {
    const MAX_SHOWN: usize = 80;
    let mut out = String::new();
    for (i, c) in text.chars().enumerate() {
        if i == MAX_SHOWN {
            out.push('…');
            break;
        }
        match c {
            '\r' => out.push_str("\\r"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\\' => out.push_str("\\\\"),
            c if c == ' ' || c.is_ascii_graphic() => out.push(c),
            c => out.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
        }
    }
    out
}

impl FromStr for EmailAddress {
    type Err = EmailError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        EmailAddress::parse(text)
    }
}

impl TryFrom<String> for EmailAddress {
    type Error = EmailError;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        check(&text).map_err(|problem| EmailError {
            shown: shown(&text),
            problem,
        })?;
        Ok(EmailAddress(text))
    }
}

impl From<EmailAddress> for String {
    fn from(address: EmailAddress) -> String {
        address.0
    }
}

impl AsRef<str> for EmailAddress {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for EmailAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for EmailAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

impl PartialEq for EmailAddress {
    fn eq(&self, other: &Self) -> bool {
        self.0.eq_ignore_ascii_case(&other.0)
    }
}

impl Eq for EmailAddress {}

impl Hash for EmailAddress {
    fn hash<H: Hasher>(&self, state: &mut H) {
        for b in self.folded() {
            state.write_u8(b);
        }
        // Like `str`'s own hash: a terminator, so ("ab", "c") and ("a", "bc") differ in a tuple.
        state.write_u8(0xff);
    }
}

impl PartialOrd for EmailAddress {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Ordered by the case-folded address, consistently with equality.
impl Ord for EmailAddress {
    fn cmp(&self, other: &Self) -> Ordering {
        self.folded().cmp(other.folded())
    }
}

impl Serialize for EmailAddress {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

/// A string in the schema: the address as typed. Not `"format": "email"`, whose RFC 5321 form
/// is both wider and narrower than what this type accepts.
impl schemars::JsonSchema for EmailAddress {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> std::borrow::Cow<'static, str> {
        "EmailAddress".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": "string", "description": "An e-mail address as typed." })
    }
}

impl<'de> Deserialize<'de> for EmailAddress {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        EmailAddress::try_from(text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeSet, HashSet};

    use super::*;

    fn problem(text: &str) -> EmailProblem {
        EmailAddress::parse(text).expect_err(text).problem().clone()
    }

    #[test]
    fn ordinary_and_sandbox_addresses_are_accepted() {
        for text in [
            "adele.vance@contoso.example",
            "AdeleV@contoso.onmicrosoft.com",
            "room-4.01@contoso.com",
            "first.o'brien+interviews@sub.domain.co.uk",
            "a@b.io",
            "x@xn--mller-kva.de",
            "1234@123.example",
            "!#$%&'*+-/=?^_`{|}~@contoso.com",
        ] {
            let address = EmailAddress::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"));
            assert_eq!(address.as_str(), text);
            assert_eq!(address.to_string(), text);
        }
    }

    #[test]
    fn header_injection_attempts_are_refused() {
        for text in [
            "a@b.com\r\nBcc: x@y.com",
            "a@b.com\nBcc: x@y.com",
            "a@b.com\r",
            "a@b.com, x@y.com",
            "a@b.com,x@y.com",
            "Eve <eve@evil.com>",
            "<a@b.com>",
            "a@b.com;x@y.com",
            "\"a b\"@c.com",
            "a@b.com\u{0}",
            "a@b.com\u{1b}[2J",
        ] {
            assert!(
                matches!(problem(text), EmailProblem::ForbiddenCharacter(_)),
                "{text:?}: {:?}",
                problem(text)
            );
        }
    }

    #[test]
    fn the_error_shows_the_text_escaped_on_one_line() {
        let e = EmailAddress::parse("a@b.com\r\nBcc: x@y.com").unwrap_err();
        let line = e.to_string();
        assert!(!line.contains('\r') && !line.contains('\n'), "{line:?}");
        assert!(line.contains(r"a@b.com\r\nBcc: x@y.com"), "{line}");
        assert!(line.contains("carriage return"), "{line}");
        let e = EmailAddress::parse("a@b.com\u{1b}[2J").unwrap_err();
        assert!(!e.to_string().contains('\u{1b}'), "{e}");
        let long = format!("{}@contoso.com", "a".repeat(500));
        let shown = EmailAddress::parse(&long).unwrap_err().to_string();
        assert!(shown.len() < 200, "{shown}");
    }

    #[test]
    fn malformed_addresses_name_their_problem() {
        assert_eq!(problem(""), EmailProblem::Empty);
        assert_eq!(problem("not-an-address"), EmailProblem::NoAt);
        assert_eq!(problem("a@b@c.com"), EmailProblem::SeveralAts);
        assert_eq!(problem("@contoso.com"), EmailProblem::EmptyLocalPart);
        for dots in [".a@b.com", "a.@b.com", "a..b@c.com"] {
            assert_eq!(problem(dots), EmailProblem::MisplacedDot, "{dots}");
        }
        for domain in [
            "a@localhost",
            "a@",
            "a@.com",
            "a@b.",
            "a@b..com",
            "a@-b.com",
            "a@b-.com",
            "a@b_c.com",
            "a@1.2.3.4",
            "a@b.com.",
        ] {
            assert_eq!(problem(domain), EmailProblem::BadDomain, "{domain}");
        }
        assert_eq!(
            problem(" a@b.com"),
            EmailProblem::ForbiddenCharacter("a space".into())
        );
        assert_eq!(problem("josé@b.com"), EmailProblem::NotAscii);
        assert_eq!(problem("a@bü.com"), EmailProblem::NotAscii);
        assert_eq!(problem("a@b.com\u{202e}"), EmailProblem::NotAscii);
    }

    #[test]
    fn lengths_are_bounded() {
        let local64 = "a".repeat(64);
        assert!(EmailAddress::parse(&format!("{local64}@b.com")).is_ok());
        assert_eq!(
            problem(&format!("{local64}a@b.com")),
            EmailProblem::LocalPartTooLong
        );
        // 254 characters in all: accepted; 255: refused.
        let domain = |len: usize| {
            let labels = vec!["d".repeat(61); len / 62];
            let rest = len - labels.len() * 62;
            format!("{}.{}", labels.join("."), "e".repeat(rest))
        };
        let at_limit = format!("a@{}", domain(252));
        assert_eq!(at_limit.len(), 254, "{at_limit}");
        assert!(EmailAddress::parse(&at_limit).is_ok());
        assert_eq!(
            problem(&format!("ab@{}", domain(252))),
            EmailProblem::TooLong
        );
        assert_eq!(
            problem(&format!("a@{}.com", "d".repeat(64))),
            EmailProblem::BadDomain
        );
    }

    #[test]
    fn equality_and_hash_ignore_case_but_display_keeps_the_spelling() {
        let a: EmailAddress = "Adele.Vance@Contoso.Example".parse().unwrap();
        let b: EmailAddress = "adele.vance@contoso.example".parse().unwrap();
        let c: EmailAddress = "megan.bowen@contoso.example".parse().unwrap();
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert_eq!(a.cmp(&b), Ordering::Equal);
        assert!(a < c);
        assert_eq!(a.to_string(), "Adele.Vance@Contoso.Example");
        assert!(a.matches("ADELE.VANCE@contoso.example"));
        assert!(!a.matches("adele@contoso.example"));
        let set: HashSet<EmailAddress> = [a.clone(), b.clone(), c.clone()].into();
        assert_eq!(set.len(), 2);
        let sorted: BTreeSet<EmailAddress> = [c, b, a.clone()].into();
        assert_eq!(sorted.len(), 2);
        assert_eq!(a.local_part(), "Adele.Vance");
        assert_eq!(a.domain(), "Contoso.Example");
    }

    #[test]
    fn serde_is_a_plain_string_and_deserializing_validates() {
        let a: EmailAddress = "Adele.Vance@contoso.example".parse().unwrap();
        assert_eq!(
            serde_json::to_string(&a).unwrap(),
            "\"Adele.Vance@contoso.example\""
        );
        let back: EmailAddress = serde_json::from_str("\"Adele.Vance@contoso.example\"").unwrap();
        assert_eq!(back.as_str(), "Adele.Vance@contoso.example");
        let bad = serde_json::from_str::<EmailAddress>("\"a@b.com\\r\\nBcc: x@y.com\"");
        let message = bad.unwrap_err().to_string();
        assert!(message.contains("not an e-mail address"), "{message}");
        assert!(serde_json::from_str::<EmailAddress>("42").is_err());
    }
}
