//! The control API over HTTP (`/_sandbox/...`, JSON) for scripts driving `rally-m365 sandbox
//! serve`: the same powers as `Control`, with the sandbox's own request types.

use std::str::FromStr;
use std::sync::Arc;

use axum::Json;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use chrono::{NaiveDate, NaiveDateTime, NaiveTime, Weekday};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::control::Control;
use super::meetings::NotificationKind;
use super::model::{
    ConsentMode, Fault, FaultKind, Recurrence, RecurrencePattern, RecurrenceRange, SandboxEvent,
    SandboxUser, SandboxWorkingHours, SandboxZone, ShowAs,
};
use super::odd_mailboxes::MailboxKind;
use super::state::{CLIENT_ID, Shared};

pub(super) fn routes() -> Router<Arc<Shared>> {
    Router::new()
        .route("/_sandbox/info", get(info))
        .route("/_sandbox/consent", post(consent))
        .route("/_sandbox/admin-consent", post(admin_consent))
        .route("/_sandbox/faults", post(faults))
        .route("/_sandbox/faults/clear", post(clear_faults))
        .route("/_sandbox/faults/held", get(held))
        .route("/_sandbox/faults/release", post(release_held))
        .route("/_sandbox/token-lifetime", post(token_lifetime))
        .route("/_sandbox/device-interval", post(device_interval))
        .route("/_sandbox/revoke", post(revoke))
        .route("/_sandbox/device/pending", get(device_pending))
        .route("/_sandbox/device/approve", post(device_approve))
        .route("/_sandbox/device/decline", post(device_decline))
        .route("/_sandbox/requests", get(requests))
        .route("/_sandbox/users", post(add_user))
        .route("/_sandbox/events", post(add_event))
        .route("/_sandbox/mailboxes", post(set_mailbox_kind))
        .route("/_sandbox/teams", post(teams))
        .route("/_sandbox/notifications", get(notifications))
        .route("/_sandbox/attendee-response", post(attendee_response))
        .merge(super::mail_control::routes())
        .merge(super::identity_control::routes())
}

fn control(shared: Arc<Shared>) -> Control {
    Control::new(shared)
}

fn bad(message: impl Into<String>) -> Response {
    (
        StatusCode::BAD_REQUEST,
        Json(json!({"error": message.into()})),
    )
        .into_response()
}

fn done() -> Response {
    StatusCode::NO_CONTENT.into_response()
}

async fn info(State(s): State<Arc<Shared>>) -> Response {
    let c = control(s);
    Json(json!({
        "base_url": c.base_url(),
        "tenant_id": c.tenant_id(),
        "tenant_domain": c.tenant_domain(),
        "default_user": c.default_user(),
        "client_id": CLIENT_ID,
        "devicelogin": format!("{}/devicelogin", c.base_url()),
    }))
    .into_response()
}

#[derive(Deserialize)]
struct ConsentBody {
    mode: String,
    #[serde(default)]
    granted: Vec<String>,
}

async fn consent(State(s): State<Arc<Shared>>, Json(b): Json<ConsentBody>) -> Response {
    let mode = match b.mode.as_str() {
        "approve" => ConsentMode::Approve,
        "partial" => ConsentMode::PartialGrant { granted: b.granted },
        "admin_required" => ConsentMode::AdminApprovalRequired,
        "admin_workflow" => ConsentMode::AdminApprovalWorkflow,
        "cancel" => ConsentMode::UserCancels,
        "consent_required_at_token" => ConsentMode::ConsentRequiredAtToken,
        other => match super::identity_control::consent_mode(other) {
            Some(mode) => mode,
            None => {
                return bad(format!(
                    "unknown consent mode '{other}': approve, partial, admin_required, admin_workflow, cancel, consent_required_at_token, {}",
                    super::identity_control::CONSENT_MODES
                ));
            }
        },
    };
    control(s).set_consent(mode);
    done()
}

#[derive(Deserialize)]
struct AdminConsentBody {
    approve: bool,
}

async fn admin_consent(State(s): State<Arc<Shared>>, Json(b): Json<AdminConsentBody>) -> Response {
    control(s).set_admin_consent_outcome(b.approve);
    done()
}

fn one() -> u32 {
    1
}

#[derive(Deserialize)]
struct FaultBody {
    path_prefix: String,
    /// too_many_requests | unavailable | gateway_timeout | internal_error | drop_connection |
    /// drop_after_commit | delay | hold
    kind: String,
    #[serde(default)]
    retry_after_secs: Option<u64>,
    #[serde(default)]
    ms: Option<u64>,
    #[serde(default = "one")]
    times: u32,
}

async fn faults(State(s): State<Arc<Shared>>, Json(b): Json<FaultBody>) -> Response {
    let kind = match b.kind.as_str() {
        "too_many_requests" => FaultKind::TooManyRequests {
            retry_after_secs: b.retry_after_secs.unwrap_or(1),
        },
        "unavailable" => FaultKind::Unavailable {
            retry_after_secs: b.retry_after_secs,
        },
        "gateway_timeout" => FaultKind::GatewayTimeout,
        "internal_error" => FaultKind::InternalError,
        "drop_connection" => FaultKind::DropConnection,
        "drop_after_commit" => FaultKind::DropAfterCommit,
        "delay" => FaultKind::Delay {
            ms: b.ms.unwrap_or(1000),
        },
        "hold" => FaultKind::Hold,
        other => return bad(format!("unknown fault kind '{other}'")),
    };
    control(s).inject_fault(Fault {
        path_prefix: b.path_prefix,
        kind,
        times: b.times,
    });
    done()
}

async fn clear_faults(State(s): State<Arc<Shared>>) -> Response {
    control(s).clear_faults();
    done()
}

async fn held(State(s): State<Arc<Shared>>) -> Response {
    Json(json!({"held": control(s).held()})).into_response()
}

async fn release_held(State(s): State<Arc<Shared>>) -> Response {
    control(s).release_held();
    done()
}

#[derive(Deserialize)]
struct LifetimeBody {
    secs: i64,
}

async fn token_lifetime(State(s): State<Arc<Shared>>, Json(b): Json<LifetimeBody>) -> Response {
    control(s).set_access_token_lifetime(b.secs);
    done()
}

#[derive(Deserialize)]
struct IntervalBody {
    secs: u64,
}

async fn device_interval(State(s): State<Arc<Shared>>, Json(b): Json<IntervalBody>) -> Response {
    control(s).set_device_code_interval(b.secs);
    done()
}

async fn revoke(State(s): State<Arc<Shared>>) -> Response {
    control(s).revoke_refresh_tokens();
    done()
}

async fn device_pending(State(s): State<Arc<Shared>>) -> Response {
    Json(json!({"user_codes": control(s).pending_user_codes()})).into_response()
}

#[derive(Deserialize)]
struct DeviceBody {
    user_code: String,
    #[serde(default)]
    user: Option<String>,
}

async fn device_approve(State(s): State<Arc<Shared>>, Json(b): Json<DeviceBody>) -> Response {
    if control(s).approve_device_code(&b.user_code, b.user.as_deref()) {
        done()
    } else {
        (
            StatusCode::NOT_FOUND,
            Json(json!({"error": "no pending device code with that user code (or unknown user)"})),
        )
            .into_response()
    }
}

async fn device_decline(State(s): State<Arc<Shared>>, Json(b): Json<DeviceBody>) -> Response {
    if control(s).decline_device_code(&b.user_code) {
        done()
    } else {
        (
            StatusCode::NOT_FOUND,
            Json(json!({"error": "no pending device code with that user code"})),
        )
            .into_response()
    }
}

#[derive(Serialize)]
struct RequestEntry {
    method: String,
    path: String,
    grant_type: Option<String>,
    status: u16,
}

async fn requests(State(s): State<Arc<Shared>>) -> Response {
    let list: Vec<RequestEntry> = control(s)
        .requests()
        .into_iter()
        .map(|r| RequestEntry {
            method: r.method,
            path: r.path,
            grant_type: r.grant_type,
            status: r.status,
        })
        .collect();
    Json(list).into_response()
}

fn weekdays(names: &[String]) -> Result<Vec<Weekday>, String> {
    names
        .iter()
        .map(|d| Weekday::from_str(d).map_err(|_| format!("unknown day '{d}'")))
        .collect()
}

#[derive(Deserialize)]
struct WorkingHoursBody {
    days: Vec<String>,
    start: NaiveTime,
    end: NaiveTime,
    /// A Windows or IANA name (custom zones: use `Control`).
    time_zone: String,
}

#[derive(Deserialize)]
struct UserBody {
    email: String,
    display_name: String,
    #[serde(default)]
    working_hours: Option<WorkingHoursBody>,
}

async fn add_user(State(s): State<Arc<Shared>>, Json(b): Json<UserBody>) -> Response {
    let working_hours = match b.working_hours {
        None => None,
        Some(w) => match weekdays(&w.days) {
            Ok(days) => Some(SandboxWorkingHours {
                days,
                start: w.start,
                end: w.end,
                zone: SandboxZone::Named(w.time_zone),
            }),
            Err(e) => return bad(e),
        },
    };
    control(s).add_user(SandboxUser {
        email: b.email,
        display_name: b.display_name,
        working_hours,
    });
    done()
}

#[derive(Deserialize)]
struct MailboxKindBody {
    email: String,
    /// distribution_list | merged_only | guest | not_enabled_for_rest | no_mail | ordinary
    kind: String,
    /// The list's members (distribution_list only).
    #[serde(default)]
    members: Vec<String>,
}

async fn set_mailbox_kind(
    State(s): State<Arc<Shared>>,
    Json(b): Json<MailboxKindBody>,
) -> Response {
    let kind = match b.kind.as_str() {
        "distribution_list" => Some(MailboxKind::DistributionList { members: b.members }),
        "merged_only" => Some(MailboxKind::MergedOnly),
        "guest" => Some(MailboxKind::Guest),
        "not_enabled_for_rest" => Some(MailboxKind::NotEnabledForRest),
        "no_mail" => Some(MailboxKind::NoMail),
        "ordinary" => None,
        other => {
            return bad(format!(
                "unknown mailbox kind '{other}': distribution_list, merged_only, guest, not_enabled_for_rest, no_mail, ordinary"
            ));
        }
    };
    match control(s).set_mailbox_kind(&b.email, kind) {
        Ok(()) => done(),
        Err(e) => bad(e),
    }
}

#[derive(Deserialize)]
struct RecurrenceBody {
    /// daily | weekly
    pattern: String,
    #[serde(default = "one")]
    interval: u32,
    #[serde(default)]
    days_of_week: Vec<String>,
    #[serde(default)]
    end_date: Option<NaiveDate>,
    #[serde(default)]
    occurrences: Option<u32>,
}

#[derive(Deserialize)]
struct EventBody {
    user: String,
    subject: String,
    /// Wall-clock `2026-03-02T09:00:00` in `time_zone`.
    start: NaiveDateTime,
    end: NaiveDateTime,
    time_zone: String,
    #[serde(default)]
    show_as: Option<String>,
    #[serde(default)]
    is_cancelled: bool,
    #[serde(default)]
    recurrence: Option<RecurrenceBody>,
}

fn recurrence(r: RecurrenceBody) -> Result<Recurrence, String> {
    let pattern = match r.pattern.as_str() {
        "daily" => RecurrencePattern::Daily {
            interval: r.interval,
        },
        "weekly" => RecurrencePattern::Weekly {
            interval: r.interval,
            days_of_week: weekdays(&r.days_of_week)?,
        },
        other => {
            return Err(format!(
                "unknown recurrence pattern '{other}': daily or weekly"
            ));
        }
    };
    let range = match (r.end_date, r.occurrences) {
        (Some(d), None) => RecurrenceRange::EndDate(d),
        (None, Some(n)) => RecurrenceRange::Numbered(n),
        (None, None) => RecurrenceRange::NoEnd,
        (Some(_), Some(_)) => return Err("give end_date or occurrences, not both".into()),
    };
    Ok(Recurrence { pattern, range })
}

async fn add_event(State(s): State<Arc<Shared>>, Json(b): Json<EventBody>) -> Response {
    let show_as = match b.show_as.as_deref() {
        None => ShowAs::Busy,
        Some(name) => match ShowAs::from_wire(name) {
            Some(v) => v,
            None => return bad(format!("unknown show_as '{name}'")),
        },
    };
    let recurrence = match b.recurrence.map(recurrence).transpose() {
        Ok(r) => r,
        Err(e) => return bad(e),
    };
    let event = SandboxEvent {
        subject: b.subject,
        start: b.start,
        end: b.end,
        time_zone: b.time_zone,
        show_as,
        is_cancelled: b.is_cancelled,
        recurrence,
    };
    match control(s).try_add_event(&b.user, event) {
        Ok(()) => StatusCode::CREATED.into_response(),
        Err(e) => bad(e),
    }
}

#[derive(Deserialize)]
struct TeamsBody {
    enabled: bool,
}

async fn teams(State(s): State<Arc<Shared>>, Json(b): Json<TeamsBody>) -> Response {
    control(s).set_teams_enabled(b.enabled);
    done()
}

#[derive(Serialize)]
struct NotificationEntry {
    to: String,
    /// request | update | cancellation
    kind: &'static str,
    event_id: String,
    subject: String,
    comment: Option<String>,
}

async fn notifications(State(s): State<Arc<Shared>>) -> Response {
    let list: Vec<NotificationEntry> = control(s)
        .notifications()
        .into_iter()
        .map(|n| NotificationEntry {
            to: n.to,
            kind: match n.kind {
                NotificationKind::Request => "request",
                NotificationKind::Update => "update",
                NotificationKind::Cancellation => "cancellation",
            },
            event_id: n.event_id,
            subject: n.subject,
            comment: n.comment,
        })
        .collect();
    Json(list).into_response()
}

#[derive(Deserialize)]
struct AttendeeResponseBody {
    event_id: String,
    email: String,
    response: String,
}

async fn attendee_response(
    State(s): State<Arc<Shared>>,
    Json(b): Json<AttendeeResponseBody>,
) -> Response {
    match control(s).set_attendee_response(&b.event_id, &b.email, &b.response) {
        Ok(()) => done(),
        Err(e) => bad(e),
    }
}
