//! `cancel`: cancel an interview the user organizes, with Graph's cancel action ("event:
//! cancel"), which sends the attendees a cancellation, unlike a silent delete. The event is read
//! first: an unknown id, someone else's event or one already cancelled is refused, nothing sent.

use schemars::JsonSchema;
use serde::Serialize;

use crate::auth::session;
use crate::cli::CancelArgs;
use crate::commands::Context;
use crate::commands::interview_common::{display_zone, event_id, rfc3339_in, time_range};
use crate::error::AppError;
use crate::graph::GraphError;
use crate::graph::events::{self, Event};
use crate::hints;
use crate::output::{Block, Render, TableStyle};
use crate::store::config::ProfileName;

const MAX_MESSAGE_CHARS: usize = 4000;

/// `cancel --json`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct CancelReport {
    /// The cancelled event's id.
    pub event_id: String,
    /// True once the event is cancelled.
    pub cancelled: bool,
    /// When it was to start (RFC 3339), when known.
    pub start: Option<String>,
    /// The attendees Exchange sends the cancellation to.
    pub notified: Vec<String>,
    #[serde(skip)]
    summary: Vec<String>,
}

impl Render for CancelReport {
    fn table(&self, _: TableStyle) -> Vec<Block> {
        self.summary.iter().cloned().map(Block::Line).collect()
    }
}

pub async fn run(ctx: &Context, args: &CancelArgs) -> Result<(), AppError> {
    let id = event_id(&args.event_id)?;
    let message = args
        .message
        .as_deref()
        .map(str::trim)
        .filter(|m| !m.is_empty());
    if message.is_some_and(|m| m.chars().count() > MAX_MESSAGE_CHARS) {
        return Err(AppError::usage(format!(
            "--message: at most {MAX_MESSAGE_CHARS} characters"
        )));
    }
    let zone = display_zone(None, &ctx.settings.slots)?;
    let vault = ctx.vault()?;
    let active = session::access_token(&ctx.settings, &vault, &ctx.http, &ctx.out).await?;
    let graph = ctx.graph(&vault, &active);
    let profile = &ctx.settings.profile;
    let event = read_own_event(&graph, &id, profile).await?;
    if event.is_cancelled == Some(true) {
        return Err(AppError::usage(format!(
            "EVENT_ID: {id} is already cancelled"
        )));
    }
    let notified: Vec<String> = event
        .attendees
        .iter()
        .map(|a| a.email_address.address.clone())
        .collect();
    let start = event.start_utc().ok();
    let when = match (event.start_utc(), event.end_utc()) {
        (Ok(s), Ok(e)) => format!("{} ({})", time_range(s, e, zone), zone.name()),
        _ => "an unreadable time".into(),
    };
    if args.dry_run {
        ctx.out.say(format!(
            "Would cancel \"{}\" on {when} and notify {} (nothing was sent).",
            event.subject.as_deref().unwrap_or(""),
            notified.join(", ")
        ));
        return Ok(());
    }
    events::cancel(&graph, &id, message)
        .await
        .map_err(|e| match e {
            GraphError::OutcomeUnknown(_) => AppError::unavailable(format!(
                "{e}; check with `{}` before cancelling again",
                hints::command(profile, "interviews --all")
            )),
            other => other.into_app_error(profile, "Calendars.ReadWrite"),
        })?;
    let summary = vec![
        format!(
            "Cancelled: {} on {when}",
            event.subject.as_deref().unwrap_or("")
        ),
        format!(
            "Notified:  {}",
            if notified.is_empty() {
                "nobody (no attendees)".to_owned()
            } else {
                notified.join(", ")
            }
        ),
    ];
    ctx.out.print(&CancelReport {
        event_id: id,
        cancelled: true,
        start: start.map(|s| rfc3339_in(s, zone)),
        notified,
        summary,
    })
}

/// The event, if it exists in the user's calendar and the user organizes it.
pub async fn read_own_event(
    graph: &crate::graph::GraphClient,
    id: &str,
    profile: &ProfileName,
) -> Result<Event, AppError> {
    let event = match events::get(graph, id).await {
        Ok(event) => event,
        // A mailbox Graph cannot reach answers 404 too: that is not "no such event".
        Err(e) if e.is_mailbox_unreachable(false) => {
            return Err(e.into_app_error(profile, "Calendars.ReadWrite"));
        }
        Err(GraphError::Status { status: 404, .. })
        | Err(GraphError::Status { status: 400, .. }) => {
            return Err(
                AppError::usage(format!("EVENT_ID: no event {id} in your calendar")).with_hint(
                    format!(
                        "`{}` lists the interviews and their ids",
                        hints::command(profile, "interviews")
                    ),
                ),
            );
        }
        Err(e) => return Err(e.into_app_error(profile, "Calendars.ReadWrite")),
    };
    if event.is_organizer == Some(false) {
        return Err(AppError::usage(format!(
            "EVENT_ID: you do not organize {id}; only its organizer can change or cancel it"
        )));
    }
    Ok(event)
}
