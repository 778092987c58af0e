//! What the browser shows once rally-m365 knows the outcome: the loopback listener holds the
//! browser's request until the command has redeemed the code (or read the admin's answer), so
//! the page and the terminal say the same thing, with the same one-line reason.

use crate::error::AppError;

/// The outcome as the browser page tells it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Signed in and stored; `problem`: what is still wrong (a permission not granted).
    SignedIn {
        account: String,
        problem: Option<String>,
    },
    /// The organisation requires an administrator's approval: the reason and what to ask IT.
    AdminApprovalRequired {
        reason: String,
        ask_it: Option<String>,
    },
    /// Admin consent was granted for the organisation.
    ConsentGranted { tenant: String },
    /// Anything else: the reason the terminal shows and what to do next.
    Failed {
        reason: String,
        next: Option<String>,
    },
    /// rally-m365 did not say in time (or stopped); the terminal has the outcome.
    Unknown,
}

/// The longest line the page shows, as the terminal's `error:` line.
const MAX_LINE_CHARS: usize = 2000;

/// A text on one line, as the terminal prints it.
fn as_on_terminal(text: &str) -> String {
    crate::redact::one_line(text, MAX_LINE_CHARS)
}

impl Outcome {
    /// A failure as the terminal reports it (`error:` and `hint:` lines).
    pub fn failed(error: &AppError) -> Outcome {
        Outcome::Failed {
            reason: as_on_terminal(error.message()),
            next: error.hint().map(as_on_terminal),
        }
    }

    /// An admin-approval refusal as the terminal reports it.
    pub fn admin_approval_required(error: &AppError) -> Outcome {
        Outcome::AdminApprovalRequired {
            reason: as_on_terminal(error.message()),
            ask_it: error.hint().map(as_on_terminal),
        }
    }

    /// The page's title and paragraphs (plain text; the listener escapes them).
    pub fn page(&self) -> (&'static str, Vec<String>) {
        const CLOSE: &str = "You can close this tab and return to the terminal.";
        match self {
            Outcome::SignedIn {
                account,
                problem: None,
            } => (
                "You're signed in",
                vec![
                    sentence(&format!("rally-m365 is signed in as {account}")),
                    CLOSE.into(),
                ],
            ),
            Outcome::SignedIn {
                account,
                problem: Some(problem),
            } => (
                "Signed in, with a permission missing",
                vec![
                    sentence(&format!(
                        "rally-m365 is signed in as {account}, but {problem}"
                    )),
                    CLOSE.into(),
                ],
            ),
            Outcome::AdminApprovalRequired { reason, ask_it } => (
                "Admin approval required",
                [
                    Some(sentence(&capitalise(reason))),
                    ask_it.as_deref().map(what_to_do),
                ]
                .into_iter()
                .flatten()
                .chain([CLOSE.to_owned()])
                .collect(),
            ),
            Outcome::ConsentGranted { tenant } => (
                "Approval granted",
                vec![
                    sentence(&format!(
                        "Consent was granted for the organisation (tenant {tenant}); its users can now run rally-m365 connect"
                    )),
                    CLOSE.into(),
                ],
            ),
            Outcome::Failed { reason, next } => (
                "The sign-in did not complete",
                [
                    Some(sentence(&capitalise(reason))),
                    next.as_deref().map(what_to_do),
                ]
                .into_iter()
                .flatten()
                .chain([CLOSE.to_owned()])
                .collect(),
            ),
            Outcome::Unknown => (
                "Answer received",
                vec![
                    "rally-m365 received the answer; the terminal shows how it ended.".into(),
                    CLOSE.into(),
                ],
            ),
        }
    }
}

fn what_to_do(hint: &str) -> String {
    sentence(&format!("What to do: {hint}"))
}

/// The text with one full stop at its end (none added after `.`, `!` or `?`): messages from
/// Microsoft end with one already, ours do not.
pub fn sentence(text: &str) -> String {
    let text = text.trim_end();
    if text.ends_with(['.', '!', '?']) {
        text.to_owned()
    } else {
        format!("{text}.")
    }
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sentence_ends_with_exactly_one_full_stop() {
        assert_eq!(sentence("signed in"), "signed in.");
        assert_eq!(
            sentence("Admin consent is required."),
            "Admin consent is required."
        );
        assert_eq!(sentence("really?"), "really?");
        assert_eq!(sentence("trailing space. "), "trailing space.");
    }

    #[test]
    fn the_page_carries_the_terminals_reason_and_hint() {
        let error = AppError::permission(
            "your organisation requires an administrator to approve rally-m365 before you can connect (AADSTS90094); nothing was stored",
        )
        .with_hint("ask IT to approve the app: an admin runs `rally-m365 admin-consent --tenant contoso.example`");
        let (title, text) = Outcome::admin_approval_required(&error).page();
        assert_eq!(title, "Admin approval required");
        assert_eq!(
            text[0],
            "Your organisation requires an administrator to approve rally-m365 before you can connect (AADSTS90094); nothing was stored."
        );
        assert!(text[1].starts_with("What to do: ask IT"), "{text:?}");
        assert!(text[1].contains("admin-consent --tenant contoso.example"));
    }

    #[test]
    fn no_page_has_a_doubled_full_stop() {
        let microsoft = AppError::sign_in_incomplete(
            "the sign-in was cancelled (AADSTS65004: User declined to consent.)",
        )
        .with_hint("run `rally-m365 connect` again.");
        let outcomes = [
            Outcome::SignedIn {
                account: "adele@contoso.example".into(),
                problem: None,
            },
            Outcome::SignedIn {
                account: "adele@contoso.example".into(),
                problem: Some("Mail.Send was not granted.".into()),
            },
            Outcome::failed(&microsoft),
            Outcome::failed(&AppError::unexpected("Microsoft answered: Bad request.")),
            Outcome::admin_approval_required(&microsoft),
            Outcome::ConsentGranted {
                tenant: "contoso.example".into(),
            },
            Outcome::Unknown,
        ];
        for outcome in outcomes {
            let (title, text) = outcome.page();
            for line in std::iter::once(title.to_owned()).chain(text) {
                assert!(!line.contains(".."), "{outcome:?}: {line}");
            }
        }
    }
}
