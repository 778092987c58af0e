//! The sandbox tenant: an emulator of the Microsoft identity platform v2.0 and of the Microsoft
//! Graph v1.0 endpoints rally-m365 uses, with its OWN wire types (a client bug cannot hide behind
//! a shared struct), strict validation with Microsoft's error bodies, in-memory users and
//! calendars, fault injection and a request log. Used by `sandbox serve`, `demo` and the
//! end-to-end tests. Binds 127.0.0.1 only.

use std::sync::Arc;

mod attendee_copies;
pub mod browser;
mod clock;
mod conn;
mod control;
mod control_http;
mod expand;
mod faults;
mod graph;
mod handle;
mod hold;
mod identity;
mod identity_control;
mod ids;
mod mail_control;
mod meeting_lifecycle;
mod meetings;
mod model;
mod odd_mailboxes;
mod outbox;
mod recorder;
mod router;
mod seed;
mod send_limit;
mod server;
mod state;
mod zones;

pub use browser::{BrowserAction, BrowserOutcome};
pub use clock::{Clock, ManualClock, SystemClock};
pub use control::Control;
pub use handle::SandboxHandle;
pub use meetings::{NotificationKind, SandboxCalendarItem, SandboxNotification};
pub use model::{
    ConsentMode, DaylightOffset, Fault, FaultKind, RecordedRequest, Recurrence, RecurrencePattern,
    RecurrenceRange, SandboxEvent, SandboxUser, SandboxWorkingHours, SandboxZone, ShowAs,
    StandardOffset,
};
pub use model::{ConsentRefusal, ScopeStyle, TokenAnswers};
pub use odd_mailboxes::MailboxKind;
pub use outbox::{SandboxContentType, SandboxMail, SandboxRecipient};
pub use server::Sandbox;

/// What the tenant starts with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seed {
    /// Demo users with a realistic week of meetings around today.
    Demo,
    /// The same users, with empty calendars.
    Empty,
}

#[derive(Debug, Clone)]
pub struct SandboxOptions {
    /// 0: the OS picks a free port.
    pub port: u16,
    pub seed: Seed,
    /// The Graph resource this sandbox serves (scopes qualified with it are accepted and its
    /// tokens are valid here). Set e.g. `https://graph.microsoft.us` to emulate GCC High, where
    /// unqualified scopes yield tokens this Graph refuses ("Invalid audience").
    pub graph_resource: String,
    /// The tenant's clock (token and code expiry, device-code polling, the demo calendar):
    /// the system clock, or a [`ManualClock`] a test moves itself.
    pub clock: Arc<dyn Clock>,
}

impl Default for SandboxOptions {
    fn default() -> Self {
        SandboxOptions {
            port: 0,
            seed: Seed::Demo,
            graph_resource: state::GLOBAL_GRAPH.to_string(),
            clock: Arc::new(SystemClock),
        }
    }
}
