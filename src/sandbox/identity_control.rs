//! The control API for how the identity platform answers, in Rust
//! (`Control::set_token_answers`, `token_answers`) and over HTTP for scripts driving `rally-m365
//! sandbox serve`: `POST /_sandbox/token-answers` with
//! `{"rotate_refresh_tokens": bool, "scope_style": "plain"|"qualified"|"percent_encoded"|"omitted"}`
//! (either field may be left out), with the sandbox's own JSON types.

use std::sync::Arc;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::json;

use super::control::Control;
use super::model::{ConsentMode, ConsentRefusal, ScopeStyle, TokenAnswers};
use super::state::Shared;

impl Control {
    /// How successful token answers are worded from now on: refresh-token rotation and the
    /// style of `scope` (code redemption, refresh and device code alike).
    pub fn set_token_answers(&self, answers: TokenAnswers) {
        self.shared.lock().token_answers = answers;
    }

    pub fn token_answers(&self) -> TokenAnswers {
        self.shared.lock().token_answers
    }
}

/// The extra consent modes of the HTTP API's `/_sandbox/consent` (`mode`), beside the ones
/// `control_http` names itself.
pub(super) fn consent_mode(name: &str) -> Option<ConsentMode> {
    Some(match name {
        "user_consent_disabled" => ConsentMode::Refused(ConsentRefusal::UserConsentDisabled),
        "risky_app" => ConsentMode::Refused(ConsentRefusal::RiskyApp),
        "user_consent_disabled_at_token" => {
            ConsentMode::RefusedAtToken(ConsentRefusal::UserConsentDisabled)
        }
        "risky_app_at_token" => ConsentMode::RefusedAtToken(ConsentRefusal::RiskyApp),
        _ => return None,
    })
}

/// The names [`consent_mode`] knows, for the error that lists them.
pub(super) const CONSENT_MODES: &str =
    "user_consent_disabled, risky_app, user_consent_disabled_at_token, risky_app_at_token";

pub(super) fn routes() -> Router<Arc<Shared>> {
    Router::new().route("/_sandbox/token-answers", post(token_answers))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TokenAnswersBody {
    #[serde(default)]
    rotate_refresh_tokens: Option<bool>,
    #[serde(default)]
    scope_style: Option<String>,
}

async fn token_answers(State(s): State<Arc<Shared>>, Json(b): Json<TokenAnswersBody>) -> Response {
    let control = Control::new(s);
    let mut answers = control.token_answers();
    if let Some(rotate) = b.rotate_refresh_tokens {
        answers.rotate_refresh_tokens = rotate;
    }
    if let Some(style) = b.scope_style {
        answers.scope_style = match style.as_str() {
            "plain" => ScopeStyle::Plain,
            "qualified" => ScopeStyle::Qualified,
            "percent_encoded" => ScopeStyle::PercentEncoded,
            "omitted" => ScopeStyle::Omitted,
            other => {
                return (
                    StatusCode::BAD_REQUEST,
                    Json(json!({"error": format!(
                        "unknown scope_style '{other}': plain, qualified, percent_encoded, omitted"
                    )})),
                )
                    .into_response();
            }
        };
    }
    control.set_token_answers(answers);
    StatusCode::NO_CONTENT.into_response()
}
