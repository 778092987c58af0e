//! `slots`: free interview slots from the calendar. Options are checked first (no request on
//! bad input); then one getSchedule per window of up to 61 days; then the pure computation.

pub mod options;
pub mod render;

pub use render::{SlotsReport, ZonedInterval};

use chrono::Utc;

use crate::auth::session;
use crate::auth::session::ActiveSession;
use crate::cli::SlotsArgs;
use crate::commands::Context;
use crate::commands::interview_common::ZoneEnv;
use crate::error::AppError;
use crate::graph;
use crate::schedule::{
    self, Interval, NoSlotReason, PersonSchedule, SlotRequest, WorkZone, WorkingHours,
};
use crate::store::tokens::TokenVault;

use options::SlotOptions;

pub async fn run(ctx: &Context, args: &SlotsArgs) -> Result<(), AppError> {
    run_and_report(ctx, args).await.map(|_| ())
}

/// Prints the slots and hands them back (the demo books the first one).
pub async fn run_and_report(ctx: &Context, args: &SlotsArgs) -> Result<SlotsReport, AppError> {
    let options = SlotOptions::resolve(args, &ctx.settings.slots, Utc::now(), &ZoneEnv::read())?;
    let vault = ctx.vault()?;
    let active = session::access_token(&ctx.settings, &vault, &ctx.http, &ctx.out).await?;
    let (slots, reason) = find_explained(ctx, &options, &vault, &active).await?;
    if slots.is_empty() {
        // On stderr whatever the format: stdout keeps its shape (an empty list).
        ctx.out.say(no_slot_line(&options, reason.as_ref()));
    }
    let report = SlotsReport::new(
        &slots,
        options.display_zone,
        options.duration,
        options.window,
    );
    ctx.out.print(&report)?;
    Ok(report)
}

fn default_hours(options: &SlotOptions) -> WorkingHours {
    WorkingHours::office_hours(WorkZone::Tz(options.display_zone))
}

/// The free slots for `options`: getSchedule for you and each `--with`, then the pure
/// computation. Warnings go to stderr; nothing is printed on stdout.
pub async fn find(
    ctx: &Context,
    options: &SlotOptions,
    vault: &TokenVault,
    active: &ActiveSession,
) -> Result<Vec<Interval>, AppError> {
    find_explained(ctx, options, vault, active)
        .await
        .map(|(slots, _)| slots)
}

/// [`find`], and when it finds nothing, why (if the inputs say).
pub async fn find_explained(
    ctx: &Context,
    options: &SlotOptions,
    vault: &TokenVault,
    active: &ActiveSession,
) -> Result<(Vec<Interval>, Option<NoSlotReason>), AppError> {
    let organizer = active.grant.account.email.clone();
    if options.with.iter().any(|w| w.matches(&organizer)) {
        return Err(AppError::usage(format!(
            "--with: {organizer} is you; your calendar is always included"
        )));
    }
    let mut addresses = vec![organizer];
    addresses.extend(options.with.iter().map(|w| w.as_str().to_owned()));

    // Busy items just outside the window still matter once widened by the buffer.
    let span = options.request_span();
    let graph = ctx.graph(vault, active);
    let fetched =
        graph::schedule::schedules(&graph, &addresses, span, &ctx.settings.profile).await?;
    for warning in &fetched.warnings {
        ctx.out.warn(warning);
    }
    // Working hours that cannot be read cost that person's working hours, never the command.
    for (who, why) in addresses.iter().zip(&fetched.hours_unreadable).skip(1) {
        if let Some(why) = why {
            ctx.out.warn(format!(
                "{who}: cannot read their working hours ({why}); slots are not limited to their working hours"
            ));
        }
    }
    let mut people = fetched.people.into_iter();
    let mut organizer = people.next().unwrap_or_default();
    if let Some(hours) = &options.hours_override {
        organizer.working_hours = Some(hours.clone());
    } else if let Some(Some(why)) = fetched.hours_unreadable.first() {
        ctx.out.warn(format!(
            "cannot read your working hours ({why}); using 09:00-17:00 Monday to Friday in {} (set them with --hours)",
            options.display_zone.name()
        ));
        organizer.working_hours = Some(default_hours(options));
    } else if organizer.working_hours.is_none() {
        ctx.out.warn("your calendar has no working hours; using 09:00-17:00 Monday to Friday (set them with --hours)");
        organizer.working_hours = Some(default_hours(options));
    }
    let request = SlotRequest {
        window: options.window,
        now: options.now,
        duration: options.duration,
        step: options.step,
        buffer: options.buffer,
        notice: options.notice,
        tentative_free: options.tentative_free,
        max_per_day: options.max_per_day,
        no_overlap: options.no_overlap,
        display_zone: options.display_zone,
        organizer,
        others: people.collect::<Vec<PersonSchedule>>(),
    };
    let slots = schedule::free_slots(&request).map_err(|e| AppError::usage(e.to_string()))?;
    let reason = if slots.is_empty() {
        schedule::why_no_slot(&request)
    } else {
        None
    };
    Ok((slots, reason))
}

/// "No free 45m slot between ... and ... (zone)", and why when that is known.
pub fn no_slot_line(options: &SlotOptions, reason: Option<&NoSlotReason>) -> String {
    let zone = options.display_zone;
    let when = |t: chrono::DateTime<Utc>| t.with_timezone(&zone).format("%a %Y-%m-%d %H:%M");
    let duration = schedule::format_duration(options.duration);
    let head = format!(
        "No free {duration} slot between {} and {} ({})",
        when(options.window.start),
        when(options.window.end),
        zone.name()
    );
    let with = options
        .with
        .iter()
        .map(|w| w.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    let why = match reason {
        None => return format!("{head}."),
        Some(NoSlotReason::LongerThanWorkingDay { longest_day }) => format!(
            "a {duration} slot is longer than your working day ({})",
            schedule::format_duration(*longest_day)
        ),
        Some(NoSlotReason::OutsideWorkingHours) => {
            "the window lies outside your working hours".to_owned()
        }
        Some(NoSlotReason::NoticePastWindow { earliest_start }) => format!(
            "the notice ({}) puts the earliest start at {}, which leaves no working hours in the window",
            schedule::format_duration(options.notice),
            when(*earliest_start)
        ),
        Some(NoSlotReason::NoSharedHours { shared_per_day }) if shared_per_day.is_zero() => {
            format!("your working hours and those of {with} do not overlap")
        }
        Some(NoSlotReason::NoSharedHours { shared_per_day }) => format!(
            "your working hours and those of {with} share at most {} a day",
            schedule::format_duration(*shared_per_day)
        ),
        Some(NoSlotReason::AllBusy) => {
            if options.with.is_empty() {
                "your calendar is busy throughout your working hours".to_owned()
            } else {
                format!("busy time (yours or that of {with}) covers all the shared working hours")
            }
        }
    };
    format!("{head}: {why}.")
}
