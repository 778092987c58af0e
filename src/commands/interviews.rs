//! `interviews`: the interviews booked with rally-m365 (the events carrying our marker
//! property), upcoming first, with each attendee's response, the join link and the event id.
//! One calendarView request per page of 50 events.

use chrono::{TimeDelta, Utc};
use schemars::JsonSchema;
use serde::Serialize;

use crate::auth::session;
use crate::cli::InterviewsArgs;
use crate::commands::Context;
use crate::commands::interview_common::{display_zone, rfc3339_in, time_range};
use crate::error::AppError;
use crate::graph::events;
use crate::output::{Block, Csv, Render, TableStyle};
use crate::schedule::{self, Bound};

const DEFAULT_DAYS: u32 = 30;
const MAX_DAYS: i64 = 366;

/// `interviews --json`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct InterviewsReport {
    /// The display zone, by its IANA name.
    pub time_zone: String,
    /// Upcoming first.
    pub interviews: Vec<Interview>,
    /// Each interview's time for people, in the display zone.
    #[serde(skip)]
    when: Vec<String>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct Interview {
    /// The event's id (for `reschedule` and `cancel`).
    pub event_id: String,
    /// The event's subject.
    pub subject: String,
    /// RFC 3339, with the display zone's offset.
    pub start: String,
    /// RFC 3339, with the display zone's offset.
    pub end: String,
    /// Each attendee and their answer.
    pub attendees: Vec<AttendeeResponse>,
    /// The Teams link, when the event is an online meeting.
    pub join_url: Option<String>,
    /// The event in Outlook on the web.
    pub web_link: Option<String>,
    /// True when the event was cancelled.
    pub cancelled: bool,
    /// The id rally-m365 booked it with.
    pub transaction_id: String,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct AttendeeResponse {
    /// The attendee's address.
    pub email: String,
    /// accepted, tentative, declined or none.
    pub response: String,
}

pub async fn run(ctx: &Context, args: &InterviewsArgs) -> Result<(), AppError> {
    let zone = display_zone(args.tz.as_deref(), &ctx.settings.slots)?;
    let now = Utc::now();
    let from = match &args.from {
        Some(text) => schedule::parse_user_time(text, zone, Bound::From)
            .map_err(|e| AppError::usage(format!("--from: {e}")))?,
        None => now,
    };
    let to = match (&args.to, args.days) {
        (Some(text), _) => schedule::parse_user_time(text, zone, Bound::To)
            .map_err(|e| AppError::usage(format!("--to: {e}")))?,
        (None, days) => {
            let days = i64::from(days.unwrap_or(DEFAULT_DAYS));
            if days == 0 || days > MAX_DAYS {
                return Err(AppError::usage(format!("--days: between 1 and {MAX_DAYS}")));
            }
            from.checked_add_signed(TimeDelta::days(days))
                .ok_or_else(|| AppError::usage("--from: too far from today"))?
        }
    };
    if to <= from {
        return Err(AppError::usage("--to: must be after --from"));
    }
    if to.signed_duration_since(from) > TimeDelta::days(MAX_DAYS) {
        return Err(AppError::usage(format!(
            "--to: at most {MAX_DAYS} days after --from"
        )));
    }
    let vault = ctx.vault()?;
    let active = session::access_token(&ctx.settings, &vault, &ctx.http, &ctx.out).await?;
    let graph = ctx.graph(&vault, &active);
    let found = events::calendar_view(&graph, from, to)
        .await
        .map_err(|e| e.into_calendar_app_error(&ctx.settings.profile, "Calendars.ReadWrite"))?;
    let mut interviews = Vec::new();
    for event in found {
        let Some(transaction_id) = event.marker().map(str::to_owned) else {
            continue;
        };
        let cancelled = event.is_cancelled == Some(true);
        if cancelled && !args.all {
            continue;
        }
        let (Ok(start), Ok(end)) = (event.start_utc(), event.end_utc()) else {
            ctx.out.warn(format!(
                "skipped event {}: its time is unreadable",
                event.id
            ));
            continue;
        };
        interviews.push((
            start,
            Interview {
                event_id: event.id.clone(),
                subject: event.subject.clone().unwrap_or_default(),
                start: rfc3339_in(start, zone),
                end: rfc3339_in(end, zone),
                attendees: event
                    .attendees
                    .iter()
                    .map(|a| AttendeeResponse {
                        email: a.email_address.address.clone(),
                        response: response_word(
                            a.status.as_ref().and_then(|s| s.response.as_deref()),
                        ),
                    })
                    .collect(),
                join_url: event.join_url().map(str::to_owned),
                web_link: event.web_link.clone(),
                cancelled,
                transaction_id,
            },
            end,
        ));
    }
    interviews.sort_by_key(|(start, _, _)| *start);
    if interviews.is_empty() {
        ctx.out.say(format!(
            "No interview booked with rally-m365 between {} and {} ({}).",
            from.with_timezone(&zone).format("%a %Y-%m-%d %H:%M"),
            to.with_timezone(&zone).format("%a %Y-%m-%d %H:%M"),
            zone.name()
        ));
    }
    let report = InterviewsReport {
        time_zone: zone.name().to_owned(),
        when: interviews
            .iter()
            .map(|(start, i, end)| {
                let mut when = time_range(*start, *end, zone);
                if i.cancelled {
                    when.push_str(" CANCELLED");
                }
                when
            })
            .collect(),
        interviews: interviews.into_iter().map(|(_, i, _)| i).collect(),
    };
    ctx.out.print(&report)
}

impl Render for InterviewsReport {
    fn table(&self, style: TableStyle) -> Vec<Block> {
        if self.interviews.is_empty() {
            return Vec::new();
        }
        let when = format!("When ({})", self.time_zone);
        let mut table = style.table(&[&when, "Subject", "Attendees", "Teams", "Event id"]);
        for (interview, when) in self.interviews.iter().zip(&self.when) {
            let attendees: Vec<String> = interview
                .attendees
                .iter()
                .map(|a| format!("{} ({})", a.email, a.response))
                .collect();
            table.add_row(vec![
                when.clone(),
                interview.subject.clone(),
                attendees.join("\n"),
                interview.join_url.clone().unwrap_or_else(|| "-".into()),
                interview.event_id.clone(),
            ]);
        }
        // The Teams link, then Graph's long event id, give way first on a narrow terminal.
        vec![Block::dropping(table, &[3, 4])]
    }

    fn csv(&self) -> Option<Csv> {
        let mut csv = Csv::new(&[
            "start",
            "end",
            "subject",
            "attendees",
            "responses",
            "join_url",
            "event_id",
            "cancelled",
        ]);
        for i in &self.interviews {
            csv.push(vec![
                i.start.clone(),
                i.end.clone(),
                i.subject.clone(),
                i.attendees
                    .iter()
                    .map(|a| a.email.clone())
                    .collect::<Vec<_>>()
                    .join(" "),
                i.attendees
                    .iter()
                    .map(|a| a.response.clone())
                    .collect::<Vec<_>>()
                    .join(" "),
                i.join_url.clone().unwrap_or_default(),
                i.event_id.clone(),
                i.cancelled.to_string(),
            ]);
        }
        Some(csv)
    }
}

/// Graph's `responseType` in the words people use.
fn response_word(response: Option<&str>) -> String {
    match response.unwrap_or("none") {
        "accepted" => "accepted",
        "tentativelyAccepted" => "tentative",
        "declined" => "declined",
        "organizer" => "organizer",
        _ => "none",
    }
    .to_owned()
}
