//! Text that ends up in a mail header (a subject, a display name, a CSV value a template may put
//! in the subject): one line, no control characters. A CR or LF would end the header and let
//! the text start another one (`Bcc: ...`), which is header injection; other control
//! characters and the Unicode line and paragraph separators have no place in a header either.

use std::fmt;

/// The first character that keeps a text out of a header, named so an invisible one is visible.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ForbiddenCharacter(char);

impl ForbiddenCharacter {
    pub fn character(&self) -> char {
        self.0
    }

    /// Whether it is a line break (CR, LF, NEL, or a Unicode line or paragraph separator).
    pub fn is_line_break(&self) -> bool {
        matches!(self.0, '\r' | '\n' | '\u{85}' | '\u{2028}' | '\u{2029}')
    }
}

impl fmt::Display for ForbiddenCharacter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            '\r' => f.write_str("a carriage return (\\r)"),
            '\n' => f.write_str("a line feed (\\n)"),
            '\t' => f.write_str("a tab (\\t)"),
            '\u{2028}' => f.write_str("a line separator (U+2028)"),
            '\u{2029}' => f.write_str("a paragraph separator (U+2029)"),
            c => write!(f, "a control character (U+{:04X})", u32::from(c)),
        }
    }
}

/// `Err` with the first character a header cannot hold.
pub fn check_header_text(text: &str) -> Result<(), ForbiddenCharacter> {
    match text.chars().find(|c| is_forbidden(*c)) {
        Some(c) => Err(ForbiddenCharacter(c)),
        None => Ok(()),
    }
}

fn is_forbidden(c: char) -> bool {
    c.is_control() || matches!(c, '\u{2028}' | '\u{2029}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_text_passes_including_accents_quotes_and_emoji() {
        for text in [
            "Ada Lovelace",
            "O'Brien, \"Al\" <x>",
            "Zoë Ünal",
            "Café ☕",
            "",
        ] {
            assert_eq!(check_header_text(text), Ok(()), "{text}");
        }
    }

    #[test]
    fn line_breaks_and_control_characters_are_named() {
        let cases = [
            ("Hi\r\nBcc: x@y.com", "a carriage return (\\r)", true),
            ("Hi\nBcc: x@y.com", "a line feed (\\n)", true),
            ("Hi\u{2028}there", "a line separator (U+2028)", true),
            ("Hi\u{85}there", "a control character (U+0085)", true),
            ("Hi\tthere", "a tab (\\t)", false),
            ("Hi\u{0}", "a control character (U+0000)", false),
            ("Hi\u{1b}[2J", "a control character (U+001B)", false),
        ];
        for (text, shown, line_break) in cases {
            let e = check_header_text(text).unwrap_err();
            assert_eq!(e.to_string(), shown, "{text:?}");
            assert_eq!(e.is_line_break(), line_break, "{text:?}");
        }
    }
}
