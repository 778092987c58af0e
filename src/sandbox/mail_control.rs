//! The control API for mail, in Rust (`Control::outbox`, `clear_outbox`, `set_send_limit`,
//! `set_recipient_limit`) and over HTTP for scripts driving `rally-m365 sandbox serve`:
//! `GET /_sandbox/outbox`, `POST /_sandbox/outbox/clear`, `POST /_sandbox/send-limit` and
//! `POST /_sandbox/recipient-limit`, with the sandbox's own JSON types.

use std::sync::Arc;
use std::time::Duration;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use chrono::SecondsFormat;
use serde::{Deserialize, Serialize};

use super::control::Control;
use super::outbox::{SandboxMail, SandboxRecipient};
use super::send_limit::Rate;
use super::state::Shared;

impl Control {
    /// Every message the tenant accepted through sendMail, in the order it accepted them.
    pub fn outbox(&self) -> Vec<SandboxMail> {
        self.shared.lock().mail.outbox.clone()
    }

    /// Empties the outbox. What the mailboxes sent still counts against their sending limits.
    pub fn clear_outbox(&self) {
        self.shared.lock().mail.outbox.clear();
    }

    /// Exchange's message rate per mailbox from now on: at most `per_window` messages accepted
    /// in any rolling `window` (default 30 per 60 s). Messages already accepted keep counting.
    /// A zero window never throttles; 0 messages throttles every send.
    pub fn set_send_limit(&self, per_window: u32, window: Duration) {
        self.shared.lock().mail.message_rate = Rate {
            limit: per_window,
            window,
        };
    }

    /// Exchange's recipient rate per mailbox from now on: at most `per_window` recipients (To,
    /// Cc and Bcc of every message) in any rolling `window` (default 10,000 per 24 h).
    pub fn set_recipient_limit(&self, per_window: u32, window: Duration) {
        self.shared.lock().mail.recipient_rate = Rate {
            limit: per_window,
            window,
        };
    }
}

pub(super) fn routes() -> Router<Arc<Shared>> {
    Router::new()
        .route("/_sandbox/outbox", get(outbox))
        .route("/_sandbox/outbox/clear", post(clear_outbox))
        .route("/_sandbox/send-limit", post(send_limit))
        .route("/_sandbox/recipient-limit", post(recipient_limit))
}

#[derive(Serialize)]
struct AddressEntry {
    address: String,
    name: Option<String>,
}

impl From<SandboxRecipient> for AddressEntry {
    fn from(r: SandboxRecipient) -> Self {
        AddressEntry {
            address: r.address,
            name: r.name,
        }
    }
}

fn entries(list: Vec<SandboxRecipient>) -> Vec<AddressEntry> {
    list.into_iter().map(AddressEntry::from).collect()
}

#[derive(Serialize)]
struct MailEntry {
    from: AddressEntry,
    to: Vec<AddressEntry>,
    cc: Vec<AddressEntry>,
    bcc: Vec<AddressEntry>,
    reply_to: Vec<AddressEntry>,
    subject: String,
    /// text | html
    content_type: &'static str,
    content: String,
    save_to_sent_items: bool,
    /// RFC 3339 in UTC, to the millisecond.
    accepted_at: String,
}

async fn outbox(State(s): State<Arc<Shared>>) -> Response {
    let list: Vec<MailEntry> = Control::new(s)
        .outbox()
        .into_iter()
        .map(|m| MailEntry {
            from: m.from.into(),
            to: entries(m.to),
            cc: entries(m.cc),
            bcc: entries(m.bcc),
            reply_to: entries(m.reply_to),
            subject: m.subject,
            content_type: m.content_type.wire_name(),
            content: m.content,
            save_to_sent_items: m.save_to_sent_items,
            accepted_at: m.accepted_at.to_rfc3339_opts(SecondsFormat::Millis, true),
        })
        .collect();
    Json(list).into_response()
}

async fn clear_outbox(State(s): State<Arc<Shared>>) -> Response {
    Control::new(s).clear_outbox();
    StatusCode::NO_CONTENT.into_response()
}

#[derive(Deserialize)]
struct LimitBody {
    per_window: u32,
    window_ms: u64,
}

async fn send_limit(State(s): State<Arc<Shared>>, Json(b): Json<LimitBody>) -> Response {
    Control::new(s).set_send_limit(b.per_window, Duration::from_millis(b.window_ms));
    StatusCode::NO_CONTENT.into_response()
}

async fn recipient_limit(State(s): State<Arc<Shared>>, Json(b): Json<LimitBody>) -> Response {
    Control::new(s).set_recipient_limit(b.per_window, Duration::from_millis(b.window_ms));
    StatusCode::NO_CONTENT.into_response()
}
