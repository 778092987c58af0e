//! Graph's error body ("Microsoft Graph error responses and resource types") and what each
//! failure means for the user.

use std::time::Duration;

use chrono::{DateTime, Local, Utc};
use serde::Deserialize;

use crate::error::AppError;
use crate::hints;
use crate::output::count;
use crate::store::config::ProfileName;

#[derive(Debug, Default, Deserialize)]
pub struct ErrorEnvelope {
    pub error: ErrorBody,
}

#[derive(Debug, Default, Deserialize)]
pub struct ErrorBody {
    #[serde(default)]
    pub code: String,
    #[serde(default)]
    pub message: String,
    #[serde(default, alias = "innererror", rename = "innerError")]
    pub inner_error: Option<InnerError>,
}

#[derive(Debug, Default, Deserialize)]
pub struct InnerError {
    #[serde(default, rename = "request-id")]
    pub request_id: Option<String>,
    #[serde(default)]
    pub date: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum GraphError {
    /// Graph answered with an error status.
    #[error(
        "Microsoft Graph answered {status} {code}: {message}{}",
        ids(request_id, date)
    )]
    Status {
        status: u16,
        code: String,
        message: String,
        request_id: Option<String>,
        date: Option<String>,
    },
    /// Still throttled or unavailable after the retries.
    #[error("Microsoft 365 is throttling or unavailable ({status}) after {}{}", count(*attempts, "attempt"), ids(request_id, date))]
    GaveUp {
        status: u16,
        attempts: u32,
        request_id: Option<String>,
        date: Option<String>,
    },
    /// The service asked for a longer wait than a command should hang for.
    #[error("Microsoft 365 asked to wait {} s ({status}); try again after {}{}", wait.as_secs(), after(*until), ids(request_id, date))]
    AskedToWait {
        status: u16,
        wait: Duration,
        until: Option<DateTime<Utc>>,
        request_id: Option<String>,
        date: Option<String>,
    },
    /// No answer, for a request that may be sent again (or was, to no avail).
    #[error("cannot reach Microsoft Graph: {0}")]
    Network(String),
    /// A write without an idempotency key went out and no answer came back: it may or may
    /// not have been carried out, and it is not repeated.
    #[error(
        "no answer from Microsoft Graph after the request was sent ({0}); it may or may not have been carried out"
    )]
    OutcomeUnknown(String),
    #[error("unexpected answer from Microsoft Graph: {0}")]
    Decode(String),
    /// Renewing the access token after a 401 failed.
    #[error("{0}")]
    Renewal(AppError),
}

fn ids(request_id: &Option<String>, date: &Option<String>) -> String {
    match (request_id, date) {
        (Some(id), Some(date)) => format!(" (request-id {id}, date {date})"),
        (Some(id), None) => format!(" (request-id {id})"),
        (None, Some(date)) => format!(" (date {date})"),
        (None, None) => String::new(),
    }
}

fn after(until: Option<DateTime<Utc>>) -> String {
    match until {
        Some(t) => {
            let local = t.with_timezone(&Local);
            if local.date_naive() == Local::now().date_naive() {
                local.format("%H:%M").to_string()
            } else {
                local.format("%Y-%m-%d %H:%M").to_string()
            }
        }
        None => "a long while".to_owned(),
    }
}

/// Graph's codes for a mailbox it cannot reach: on-premises, unlicensed, inactive or
/// soft-deleted, or a guest's. "The mailbox is either inactive, soft-deleted, or is hosted
/// on-premise." (microsoftgraph/microsoft-graph-docs-contrib issue 405 for guests,
/// microsoftgraph/msgraph-sdk-javascript issue 1756); Exchange's own spelling carries `Error`.
const MAILBOX_UNREACHABLE_CODES: [&str; 2] = [
    "MailboxNotEnabledForRESTAPI",
    "ErrorMailboxNotEnabledForRESTAPI",
];

impl GraphError {
    /// Whether this is Graph saying it cannot reach the signed-in user's mailbox. `calendar`:
    /// the request was for the calendar itself (getSchedule, calendarView), where a 404 can only
    /// mean the mailbox, never a missing item.
    pub fn is_mailbox_unreachable(&self, calendar: bool) -> bool {
        match self {
            GraphError::Status { status, code, .. } => {
                MAILBOX_UNREACHABLE_CODES
                    .iter()
                    .any(|c| c.eq_ignore_ascii_case(code))
                    || (calendar && *status == 404)
            }
            _ => false,
        }
    }

    /// The unreachable mailbox in words (exit 4: the remedy is the administrator's), when it
    /// is one (see [`GraphError::is_mailbox_unreachable`]).
    pub fn mailbox_unreachable(&self, calendar: bool) -> Option<AppError> {
        if !self.is_mailbox_unreachable(calendar) {
            return None;
        }
        let GraphError::Status { code, .. } = self else {
            return None;
        };
        let code = if code.is_empty() { "404" } else { code };
        Some(
            AppError::permission(format!(
                "Microsoft Graph cannot reach your mailbox ({code}): it is on an Exchange server of your organisation rather than in Exchange Online, has no Exchange Online licence, is inactive, or you signed in as a guest of this organisation{}",
                self.ids()
            ))
            .with_hint(hints::mailbox_unreachable()),
        )
    }

    fn ids(&self) -> String {
        match self {
            GraphError::Status {
                request_id, date, ..
            } => ids(request_id, date),
            _ => String::new(),
        }
    }

    /// [`GraphError::into_app_error`] for a request on the calendar itself (getSchedule,
    /// calendarView): a 404 there is the mailbox, not an item.
    pub fn into_calendar_app_error(self, profile: &ProfileName, needed: &str) -> AppError {
        match self.mailbox_unreachable(true) {
            Some(e) => e,
            None => self.into_app_error(profile, needed),
        }
    }

    /// The user's view: 401 → connect again, 403 → a permission, throttling → exit 6, a mailbox
    /// Graph cannot reach → what it means and what to do.
    pub fn into_app_error(self, profile: &ProfileName, needed: &str) -> AppError {
        if let Some(e) = self.mailbox_unreachable(false) {
            return e;
        }
        match self {
            GraphError::Status { status: 401, .. } => {
                AppError::not_connected(format!("Microsoft 365 refused the sign-in: {self}"))
                    .with_hint(hints::reconnect(profile))
            }
            GraphError::Status { status: 403, .. } => {
                AppError::permission(format!("{self}; this needs {needed}"))
                    .with_hint(hints::permission_denied(profile, needed))
            }
            GraphError::Status { status, .. } if status >= 500 => {
                AppError::unavailable(self.to_string()).with_hint(hints::try_again_later())
            }
            e @ (GraphError::GaveUp { .. } | GraphError::AskedToWait { .. }) => {
                AppError::unavailable(e.to_string()).with_hint(hints::throttled())
            }
            e @ GraphError::Network(_) => {
                AppError::unavailable(e.to_string()).with_hint(hints::network_graph())
            }
            e @ GraphError::OutcomeUnknown(_) => AppError::unavailable(e.to_string()),
            GraphError::Renewal(e) => e,
            other => AppError::unexpected(other.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_wait_is_reported_with_the_time_to_come_back() {
        let e = GraphError::AskedToWait {
            status: 429,
            wait: Duration::from_secs(3600),
            until: Some(Utc::now() + chrono::TimeDelta::hours(1)),
            request_id: Some("abc".into()),
            date: None,
        };
        let text = e.to_string();
        assert!(text.starts_with("Microsoft 365 asked to wait 3600 s (429); try again after "));
        assert!(text.ends_with("(request-id abc)"));
        let app = e.into_app_error(&ProfileName::parse("default").unwrap(), "x");
        assert_eq!(app.exit().code(), 6);
    }

    #[test]
    fn graph_errors_carry_request_id_and_date() {
        let e = GraphError::Status {
            status: 400,
            code: "ErrorInvalidParameter".into(),
            message: "bad".into(),
            request_id: Some("r-1".into()),
            date: Some("2026-12-06T14:00:00".into()),
        };
        assert_eq!(
            e.to_string(),
            "Microsoft Graph answered 400 ErrorInvalidParameter: bad (request-id r-1, date 2026-12-06T14:00:00)"
        );
    }

    fn status(status: u16, code: &str) -> GraphError {
        GraphError::Status {
            status,
            code: code.into(),
            message: "The mailbox is either inactive, soft-deleted, or is hosted on-premise."
                .into(),
            request_id: Some("r-2".into()),
            date: None,
        }
    }

    #[test]
    fn a_mailbox_graph_cannot_reach_is_said_in_words_with_what_to_do() {
        let profile = ProfileName::parse("default").unwrap();
        for code in [
            "MailboxNotEnabledForRESTAPI",
            "ErrorMailboxNotEnabledForRESTAPI",
        ] {
            let app = status(404, code).into_app_error(&profile, "Mail.Send");
            assert_eq!(app.exit().code(), 4);
            let text = app.to_string();
            assert!(text.contains("cannot reach your mailbox"), "{text}");
            assert!(
                text.contains(code) && text.contains("request-id r-2"),
                "{text}"
            );
            assert!(!text.contains("unexpected"), "{text}");
        }
        // A 404 on the calendar itself is the mailbox; on an item it is the item.
        let on_calendar = status(404, "ResourceNotFound").into_calendar_app_error(&profile, "x");
        assert!(
            on_calendar
                .to_string()
                .contains("cannot reach your mailbox")
        );
        assert!(!status(404, "ErrorItemNotFound").is_mailbox_unreachable(false));
    }

    #[test]
    fn giving_up_counts_attempts_in_agreement() {
        let gave_up = |attempts| {
            GraphError::GaveUp {
                status: 503,
                attempts,
                request_id: None,
                date: None,
            }
            .to_string()
        };
        assert!(gave_up(1).contains("after 1 attempt"), "{}", gave_up(1));
        assert!(gave_up(4).contains("after 4 attempts"), "{}", gave_up(4));
    }
}
