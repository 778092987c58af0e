//! Public data types of the sandbox tenant: users, calendars, consent behaviour, faults and the
//! request log entries. They are the sandbox's own types, shared with nobody on the client side.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime, Weekday};

/// A mailbox of the sandbox tenant (a person or a room).
#[derive(Debug, Clone, PartialEq)]
pub struct SandboxUser {
    pub email: String,
    pub display_name: String,
    pub working_hours: Option<SandboxWorkingHours>,
}

/// Outlook working hours of a mailbox, as `getSchedule` reports them.
#[derive(Debug, Clone, PartialEq)]
pub struct SandboxWorkingHours {
    pub days: Vec<Weekday>,
    pub start: NaiveTime,
    pub end: NaiveTime,
    pub zone: SandboxZone,
}

/// The time zone of working hours: a name (Windows or IANA, emitted as-is) or a
/// `customTimeZone` (what legacy Outlook clients leave behind).
#[derive(Debug, Clone, PartialEq)]
pub enum SandboxZone {
    Named(String),
    Custom {
        /// Minutes to add to local standard time to get UTC (Pacific = 480).
        bias: i32,
        standard: StandardOffset,
        daylight: DaylightOffset,
    },
}

/// When standard time starts (Graph `standardTimeZoneOffset`).
#[derive(Debug, Clone, PartialEq)]
pub struct StandardOffset {
    pub month: u32,
    /// 1–4, or 5 for the last such weekday of the month.
    pub day_occurrence: u32,
    pub day_of_week: Weekday,
    pub time: NaiveTime,
}

/// When daylight saving time starts and how far it moves the clock (Graph `daylightTimeZoneOffset`).
#[derive(Debug, Clone, PartialEq)]
pub struct DaylightOffset {
    pub month: u32,
    pub day_occurrence: u32,
    pub day_of_week: Weekday,
    pub time: NaiveTime,
    /// Minutes added to `bias` during daylight time (usually -60).
    pub daylight_bias: i32,
}

/// A calendar event; `start`/`end` are wall-clock times in `time_zone` (IANA or Windows name).
#[derive(Debug, Clone, PartialEq)]
pub struct SandboxEvent {
    pub subject: String,
    pub start: NaiveDateTime,
    pub end: NaiveDateTime,
    pub time_zone: String,
    pub show_as: ShowAs,
    pub is_cancelled: bool,
    pub recurrence: Option<Recurrence>,
}

impl SandboxEvent {
    /// A busy, single, not cancelled event.
    pub fn busy(subject: &str, start: NaiveDateTime, end: NaiveDateTime, time_zone: &str) -> Self {
        SandboxEvent {
            subject: subject.to_string(),
            start,
            end,
            time_zone: time_zone.to_string(),
            show_as: ShowAs::Busy,
            is_cancelled: false,
            recurrence: None,
        }
    }
}

/// Graph `freeBusyStatus`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShowAs {
    Free,
    Tentative,
    Busy,
    Oof,
    WorkingElsewhere,
    Unknown,
}

impl ShowAs {
    /// The camelCase wire name Graph uses.
    pub fn wire_name(self) -> &'static str {
        match self {
            ShowAs::Free => "free",
            ShowAs::Tentative => "tentative",
            ShowAs::Busy => "busy",
            ShowAs::Oof => "oof",
            ShowAs::WorkingElsewhere => "workingElsewhere",
            ShowAs::Unknown => "unknown",
        }
    }

    /// Parses a wire name, case-insensitively.
    pub fn from_wire(name: &str) -> Option<ShowAs> {
        [
            ShowAs::Free,
            ShowAs::Tentative,
            ShowAs::Busy,
            ShowAs::Oof,
            ShowAs::WorkingElsewhere,
            ShowAs::Unknown,
        ]
        .into_iter()
        .find(|s| s.wire_name().eq_ignore_ascii_case(name))
    }
}

/// A recurrence, expanded in the event's own time zone.
#[derive(Debug, Clone, PartialEq)]
pub struct Recurrence {
    pub pattern: RecurrencePattern,
    pub range: RecurrenceRange,
}

#[derive(Debug, Clone, PartialEq)]
pub enum RecurrencePattern {
    Daily {
        interval: u32,
    },
    /// Weeks are counted from the week (Sunday first, Outlook's default) holding the start date.
    Weekly {
        interval: u32,
        days_of_week: Vec<Weekday>,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub enum RecurrenceRange {
    /// Last day on which an occurrence may start (inclusive).
    EndDate(NaiveDate),
    /// Number of occurrences.
    Numbered(u32),
    NoEnd,
}

/// What the user does on the consent screen of `/authorize` (and on the device login page).
#[derive(Debug, Clone, PartialEq)]
pub enum ConsentMode {
    Approve,
    /// The user ticks only these scopes (compared case-insensitively with the requested ones).
    PartialGrant {
        granted: Vec<String>,
    },
    /// AADSTS90094: the tenant requires an administrator to consent.
    AdminApprovalRequired,
    /// AADSTS90095: admin consent workflow; the user may ask an administrator.
    AdminApprovalWorkflow,
    /// The user presses Cancel: `access_denied`, AADSTS65004.
    UserCancels,
    /// A code is issued but `/token` answers `invalid_grant` AADSTS65001, suberror `consent_required`.
    ConsentRequiredAtToken,
    /// The tenant's consent policy refuses on the consent screen: an error redirect
    /// (`access_denied`), or `authorization_declined` to device-code polling.
    Refused(ConsentRefusal),
    /// The consent screen passes, then every token request (code redemption, refresh,
    /// device-code poll) is refused with `invalid_grant` and the refusal's code.
    RefusedAtToken(ConsentRefusal),
}

/// A refusal of the tenant's consent policy, worded as in Microsoft's "Unexpected error when
/// performing consent to an application".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConsentRefusal {
    /// AADSTS90093: an administrator set a policy that prevents users from granting the
    /// permissions (user consent turned off).
    UserConsentDisabled,
    /// AADSTS900941: administrator consent is required, the app is considered risky.
    RiskyApp,
}

/// How the token endpoint words its successful answers. Microsoft's vary: the `scope` field
/// is optional, its scopes come plain or resource-qualified, in any order and case, and a
/// refresh does not always return a new refresh token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TokenAnswers {
    /// Every refresh returns a new refresh token and the used one dies (default). When false,
    /// a refresh answers without `refresh_token` and the used one stays valid.
    pub rotate_refresh_tokens: bool,
    pub scope_style: ScopeStyle,
}

impl Default for TokenAnswers {
    fn default() -> Self {
        TokenAnswers {
            rotate_refresh_tokens: true,
            scope_style: ScopeStyle::Plain,
        }
    }
}

/// The `scope` of a token answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScopeStyle {
    /// `Calendars.ReadWrite Mail.Send User.Read profile openid email` (device code flow page).
    Plain,
    /// `openid profile https://graph.microsoft.com/user.read https://graph.microsoft.com/mail.send ...`:
    /// qualified with the resource, lower case, in another order.
    Qualified,
    /// `https%3A%2F%2Fgraph.microsoft.com%2Fmail.send ...`, as the authorization code flow page's
    /// token responses show it.
    PercentEncoded,
    /// No `scope` field: "if omitted, the token is for the scopes requested".
    Omitted,
}

/// A fault applied to the next `times` requests whose path starts with `path_prefix`.
#[derive(Debug, Clone, PartialEq)]
pub struct Fault {
    pub path_prefix: String,
    pub kind: FaultKind,
    pub times: u32,
}

#[derive(Debug, Clone, PartialEq)]
pub enum FaultKind {
    TooManyRequests {
        retry_after_secs: u64,
    },
    Unavailable {
        retry_after_secs: Option<u64>,
    },
    GatewayTimeout,
    InternalError,
    /// The connection is closed without a complete response.
    DropConnection,
    /// The request is processed (an event is created, its invitations sent), then the
    /// connection is closed without an answer: a client that timed out after the server acted.
    DropAfterCommit,
    /// The request is answered normally after this delay (Graph: while holding a mailbox slot).
    Delay {
        ms: u64,
    },
    /// The request waits (Graph: while holding a mailbox slot) until [`Control::release_held`],
    /// then is answered normally: a barrier for tests, where a delay would be a race.
    ///
    /// [`Control::release_held`]: super::Control::release_held
    Hold,
    /// A verbatim answer: what a proxy, a front door or a broken server might send.
    Raw {
        status: u16,
        headers: Vec<(String, String)>,
        body: String,
    },
    /// The request is processed normally (tokens are issued and rotated, events made), then
    /// one field of its JSON answer is replaced: an answer the client cannot digest after the
    /// server already acted.
    RewriteJson {
        field: String,
        value: serde_json::Value,
    },
}

/// One request as the sandbox saw it. Never holds a secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordedRequest {
    pub method: String,
    /// The path without the query string.
    pub path: String,
    /// `grant_type` of a POST to a token endpoint.
    pub grant_type: Option<String>,
    /// The status sent; 0 when the connection was dropped by a fault.
    pub status: u16,
}
