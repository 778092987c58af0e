//! Errors as types, and the one place that maps them to the documented exit codes.

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

/// Every failure a command can report. The `Display` text is the one line the user sees
/// (after `error: `); `hint` adds what to do next, on its own line.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// Bad flags, dates, addresses, files: nothing was sent.
    #[error("{0}")]
    Usage(String),
    /// Not signed in, or the sign-in expired or was revoked.
    #[error("{message}")]
    NotConnected {
        message: String,
        hint: Option<String>,
    },
    /// The user cancelled, or the sign-in did not complete (timeout, browser error).
    #[error("{message}")]
    SignInIncomplete {
        message: String,
        hint: Option<String>,
    },
    /// A required permission is missing, or the organisation requires admin approval.
    #[error("{message}")]
    Permission {
        message: String,
        hint: Option<String>,
    },
    /// Microsoft 365 unavailable, throttled after retries, or the network failed.
    #[error("{message}")]
    Unavailable {
        message: String,
        hint: Option<String>,
    },
    /// The keychain (or the token file) could not be used.
    #[error("{message}")]
    Store {
        message: String,
        hint: Option<String>,
    },
    /// The slot is no longer free.
    #[error("{0}")]
    Conflict(String),
    /// Anything else: a bug or an answer we did not expect.
    #[error("{0}")]
    Unexpected(String),
}

impl AppError {
    pub fn usage(message: impl fmt::Display) -> Self {
        AppError::Usage(message.to_string())
    }

    pub fn unexpected(message: impl fmt::Display) -> Self {
        AppError::Unexpected(message.to_string())
    }

    pub fn not_connected(message: impl fmt::Display) -> Self {
        AppError::NotConnected {
            message: message.to_string(),
            hint: None,
        }
    }

    pub fn unavailable(message: impl fmt::Display) -> Self {
        AppError::Unavailable {
            message: message.to_string(),
            hint: None,
        }
    }

    /// Adds (or replaces) the "what to do next" line.
    pub fn with_hint(mut self, text: impl Into<String>) -> Self {
        let text = Some(text.into());
        match &mut self {
            AppError::NotConnected { hint, .. }
            | AppError::SignInIncomplete { hint, .. }
            | AppError::Permission { hint, .. }
            | AppError::Unavailable { hint, .. }
            | AppError::Store { hint, .. } => *hint = text,
            AppError::Usage(_) | AppError::Conflict(_) | AppError::Unexpected(_) => {}
        }
        self
    }

    pub fn hint(&self) -> Option<&str> {
        match self {
            AppError::NotConnected { hint, .. }
            | AppError::SignInIncomplete { hint, .. }
            | AppError::Permission { hint, .. }
            | AppError::Unavailable { hint, .. }
            | AppError::Store { hint, .. } => hint.as_deref(),
            AppError::Usage(_) | AppError::Conflict(_) | AppError::Unexpected(_) => None,
        }
    }

    pub fn exit(&self) -> Exit {
        match self {
            AppError::Usage(_) => Exit::Usage,
            AppError::NotConnected { .. } | AppError::SignInIncomplete { .. } => Exit::NotConnected,
            AppError::Permission { .. } => Exit::Permission,
            AppError::Unavailable { .. } => Exit::Unavailable,
            AppError::Conflict(_) => Exit::Conflict,
            AppError::Store { .. } | AppError::Unexpected(_) => Exit::Failure,
        }
    }
}

pub type Result<T, E = AppError> = std::result::Result<T, E>;
