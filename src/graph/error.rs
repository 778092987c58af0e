//! Graph's error body (protocol.md §2.7) and what each failure means for the user.

use serde::Deserialize;

use crate::error::AppError;
use crate::hints;
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
}

#[derive(Debug, thiserror::Error)]
pub enum GraphError {
    /// Graph answered with an error status.
    #[error("Microsoft Graph answered {status} {code}: {message}")]
    Status {
        status: u16,
        code: String,
        message: String,
        request_id: Option<String>,
    },
    /// Still throttled or unavailable after the retries.
    #[error("Microsoft Graph is throttling or unavailable ({status}) after {attempts} attempts")]
    GaveUp { status: u16, attempts: u32 },
    #[error("cannot reach Microsoft Graph: {0}")]
    Network(String),
    #[error("unexpected answer from Microsoft Graph: {0}")]
    Decode(String),
}

impl GraphError {
    /// The user's view: 401 → connect again, 403 → a permission, throttling → exit 6.
    pub fn into_app_error(self, profile: &ProfileName, needed: &str) -> AppError {
        match self {
            GraphError::Status {
                status: 401,
                code,
                message,
                ..
            } => AppError::not_connected(format!(
                "Microsoft 365 refused the sign-in ({code}: {message})"
            ))
            .with_hint(hints::reconnect(profile)),
            GraphError::Status {
                status: 403,
                code,
                message,
                ..
            } => AppError::permission(format!(
                "Microsoft 365 denied access ({code}: {message}); this needs {needed}"
            ))
            .with_hint(hints::permission_denied(profile, needed)),
            e @ GraphError::GaveUp { .. } => {
                AppError::unavailable(e.to_string()).with_hint(hints::throttled())
            }
            GraphError::Status {
                status,
                code,
                message,
                ..
            } if status >= 500 => AppError::unavailable(format!(
                "Microsoft Graph failed ({status} {code}: {message})"
            )),
            e @ GraphError::Network(_) => {
                AppError::unavailable(e.to_string()).with_hint(hints::network_graph())
            }
            other => AppError::unexpected(other.to_string()),
        }
    }
}
