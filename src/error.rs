//! Errors as types, and the one place that maps them to the documented exit codes.
//!
//! An [`AppError`] is a kind (which decides the exit code), the one line the user sees after
//! `error: `, and optionally what to do next (built by [`crate::hints`], so every hint that
//! names a command carries the user's `--profile`).

use std::fmt;

/// The exit codes of the user contract (README, "Exit codes"). Scripts branch on these.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    Ok = 0,
    Failure = 1,
    Usage = 2,
    NotConnected = 3,
    Permission = 4,
    Conflict = 5,
    Unavailable = 6,
    Partial = 7,
}

impl Exit {
    pub fn code(self) -> i32 {
        self as i32
    }
}

/// What went wrong, as far as a script needs to know.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// Bad flags, dates, addresses, files: nothing was sent.
    Usage,
    /// Not signed in, or the sign-in expired or was revoked.
    NotConnected,
    /// The user cancelled, or the sign-in did not complete (timeout, browser error).
    SignInIncomplete,
    /// A required permission is missing, or the organisation requires admin approval.
    Permission,
    /// The slot is no longer free.
    Conflict,
    /// Microsoft 365 unavailable, throttled after retries, or the network failed.
    Unavailable,
    /// Some participants of a bulk run failed.
    Partial,
    /// The keychain (or the token file) could not be used.
    Store,
    /// Anything else: a bug or an answer we did not expect.
    Unexpected,
}

impl ErrorKind {
    pub fn exit(self) -> Exit {
        match self {
            ErrorKind::Usage => Exit::Usage,
            ErrorKind::NotConnected | ErrorKind::SignInIncomplete => Exit::NotConnected,
            ErrorKind::Permission => Exit::Permission,
            ErrorKind::Conflict => Exit::Conflict,
            ErrorKind::Unavailable => Exit::Unavailable,
            ErrorKind::Partial => Exit::Partial,
            ErrorKind::Store | ErrorKind::Unexpected => Exit::Failure,
        }
    }
}

/// Every failure a command can report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppError {
    kind: ErrorKind,
    message: String,
    hint: Option<String>,
}

impl std::error::Error for AppError {}

impl fmt::Display for AppError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl AppError {
    pub fn new(kind: ErrorKind, message: impl fmt::Display) -> Self {
        AppError {
            kind,
            message: message.to_string(),
            hint: None,
        }
    }

    pub fn usage(message: impl fmt::Display) -> Self {
        Self::new(ErrorKind::Usage, message)
    }

    pub fn not_connected(message: impl fmt::Display) -> Self {
        Self::new(ErrorKind::NotConnected, message)
    }

    pub fn sign_in_incomplete(message: impl fmt::Display) -> Self {
        Self::new(ErrorKind::SignInIncomplete, message)
    }

    pub fn permission(message: impl fmt::Display) -> Self {
        Self::new(ErrorKind::Permission, message)
    }

    pub fn conflict(message: impl fmt::Display) -> Self {
        Self::new(ErrorKind::Conflict, message)
    }

    pub fn unavailable(message: impl fmt::Display) -> Self {
        Self::new(ErrorKind::Unavailable, message)
    }

    pub fn partial(message: impl fmt::Display) -> Self {
        Self::new(ErrorKind::Partial, message)
    }

    pub fn store(message: impl fmt::Display) -> Self {
        Self::new(ErrorKind::Store, message)
    }

    pub fn unexpected(message: impl fmt::Display) -> Self {
        Self::new(ErrorKind::Unexpected, message)
    }

    /// Adds (or replaces) the "what to do next" line.
    pub fn with_hint(mut self, text: impl Into<String>) -> Self {
        self.hint = Some(text.into());
        self
    }

    /// The same error with another message (the hint and kind stay).
    pub fn with_message(mut self, message: impl fmt::Display) -> Self {
        self.message = message.to_string();
        self
    }

    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    pub fn message(&self) -> &str {
        &self.message
    }

    pub fn hint(&self) -> Option<&str> {
        self.hint.as_deref()
    }

    pub fn exit(&self) -> Exit {
        self.kind.exit()
    }

    pub fn is(&self, kind: ErrorKind) -> bool {
        self.kind == kind
    }
}

pub type Result<T, E = AppError> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_maps_to_its_documented_exit_code() {
        let cases = [
            (ErrorKind::Usage, 2),
            (ErrorKind::NotConnected, 3),
            (ErrorKind::SignInIncomplete, 3),
            (ErrorKind::Permission, 4),
            (ErrorKind::Conflict, 5),
            (ErrorKind::Unavailable, 6),
            (ErrorKind::Partial, 7),
            (ErrorKind::Store, 1),
            (ErrorKind::Unexpected, 1),
        ];
        for (kind, code) in cases {
            assert_eq!(AppError::new(kind, "x").exit().code(), code, "{kind:?}");
        }
    }

    #[test]
    fn hint_is_kept_beside_the_message() {
        let e = AppError::store("locked").with_hint("unlock it");
        assert_eq!(e.to_string(), "locked");
        assert_eq!(e.hint(), Some("unlock it"));
    }
}
