//! `reschedule`: move an interview the user organizes. The new time is rechecked as `book`
//! does (the event's own current time is not a conflict), then the event is updated ("Update
//! event"), which sends the attendees the new time.

use chrono::{TimeDelta, Utc};

use crate::auth::session;
use crate::cli::RescheduleArgs;
use crate::commands::Context;
use crate::commands::book::BookReport;
use crate::commands::cancel::read_own_event;
use crate::commands::interview_common::{
    self as common, address, bounded_duration, display_zone, event_id, rfc3339_in, time_range,
    user_time,
};
use crate::email::EmailAddress;
use crate::error::AppError;
use crate::graph::events;
use crate::schedule::Interval;

pub async fn run(ctx: &Context, args: &RescheduleArgs) -> Result<(), AppError> {
    let id = event_id(&args.event_id)?;
    let zone = display_zone(args.recheck.tz.as_deref(), &ctx.settings.slots)?;
    let start = user_time("--start", &args.start, zone)?;
    if start < Utc::now() {
        return Err(AppError::usage(format!(
            "--start: {} is in the past",
            rfc3339_in(start, zone)
        )));
    }
    let length = args
        .duration
        .as_deref()
        .map(|d| bounded_duration("--duration", d, false))
        .transpose()?;
    let buffer = match &args.recheck.buffer {
        Some(text) => bounded_duration("--buffer", text, true)?,
        None => TimeDelta::zero(),
    };
    let vault = ctx.vault()?;
    let active = session::access_token(&ctx.settings, &vault, &ctx.http, &ctx.out).await?;
    let organizer = address("your address", &active.grant.account.email)?;
    let graph = ctx.graph(&vault, &active);
    let profile = &ctx.settings.profile;
    let event = read_own_event(&graph, &id, profile).await?;
    if event.is_cancelled == Some(true) {
        return Err(AppError::usage(format!("EVENT_ID: {id} is cancelled")));
    }
    let current = Interval::new(
        event
            .start_utc()
            .map_err(|e| e.into_app_error(profile, "Calendars.ReadWrite"))?,
        event
            .end_utc()
            .map_err(|e| e.into_app_error(profile, "Calendars.ReadWrite"))?,
    );
    let length = length.unwrap_or_else(|| current.duration());
    let end = start
        .checked_add_signed(length)
        .ok_or_else(|| AppError::usage("--start: too far from today"))?;
    let slot = Interval::new(start, end);
    let attendees: Vec<EmailAddress> = event
        .attendees
        .iter()
        .filter_map(|a| EmailAddress::parse(&a.email_address.address).ok())
        .collect();
    if args.recheck.dry_run {
        ctx.out.say(format!(
            "Would move \"{}\" from {} to {} ({}) and notify the attendees (nothing was sent).",
            event.subject.as_deref().unwrap_or(""),
            time_range(current.start, current.end, zone),
            time_range(slot.start, slot.end, zone),
            zone.name()
        ));
        return Ok(());
    }
    if !args.recheck.force {
        let check = common::recheck(
            &graph,
            profile,
            &organizer,
            &attendees,
            slot,
            buffer,
            args.recheck.tentative_free,
            Some(current),
        )
        .await?;
        if !check.conflicts.is_empty() {
            return Err(check.conflict(
                slot,
                zone,
                profile,
                "the interview was not moved",
                "move it anyway",
            ));
        }
        check.tell(&ctx.out, slot, zone);
    }
    let moved = events::move_to(&graph, &id, slot.start, slot.end)
        .await
        .map_err(|e| e.into_app_error(profile, "Calendars.ReadWrite"))?;
    let report = BookReport {
        event_id: moved.id.clone(),
        start: rfc3339_in(slot.start, zone),
        end: rfc3339_in(slot.end, zone),
        attendees: moved
            .attendees
            .iter()
            .map(|a| a.email_address.address.clone())
            .collect(),
        join_url: moved.join_url().map(str::to_owned),
        web_link: moved.web_link.clone(),
        created: false,
        transaction_id: moved.transaction_id.clone().unwrap_or_default(),
        summary: Vec::new(),
    };
    let summary = vec![
        format!("Moved:     {}", moved.subject.as_deref().unwrap_or("")),
        format!(
            "When:      {} ({})",
            time_range(slot.start, slot.end, zone),
            zone.name()
        ),
        format!(
            "Was:       {}",
            time_range(current.start, current.end, zone)
        ),
        format!(
            "Attendees: {} (they get the update)",
            report.attendees.join(", ")
        ),
        format!("Event id:  {}", report.event_id),
    ];
    ctx.out.print(&BookReport { summary, ..report })
}
