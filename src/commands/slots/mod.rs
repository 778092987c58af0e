//! `slots`: free interview slots from the calendar. Options are checked first (no request on
//! bad input); then one getSchedule per window of up to 61 days; then the pure computation.

pub mod options;
mod render;

pub use render::{SlotsReport, ZonedInterval};

use chrono::Utc;

use crate::auth::session;
use crate::auth::session::ActiveSession;
use crate::cli::{OutputFormat, SlotsArgs};
use crate::commands::Context;
use crate::error::AppError;
use crate::graph;
use crate::schedule::{self, Interval, PersonSchedule, SlotRequest, WorkZone, WorkingHours};
use crate::store::tokens::TokenVault;

use options::SlotOptions;

pub async fn run(ctx: &Context, args: &SlotsArgs) -> Result<(), AppError> {
    run_and_report(ctx, args).await.map(|_| ())
}

/// Prints the slots and hands them back (the demo books the first one).
pub async fn run_and_report(ctx: &Context, args: &SlotsArgs) -> Result<SlotsReport, AppError> {
    let options = SlotOptions::resolve(args, &ctx.settings.slots, Utc::now(), || {
        iana_time_zone::get_timezone().ok()
    })?;
    let vault = ctx.vault()?;
    let active = session::access_token(&ctx.settings, &vault, &ctx.http, &ctx.out).await?;
    let slots = find(ctx, &options, &vault, &active).await?;
    if slots.is_empty() && ctx.out.format() == OutputFormat::Table {
        ctx.out.say(format!(
            "No free {} slot between {} and {} ({}).",
            schedule::format_duration(options.duration),
            options
                .window
                .start
                .with_timezone(&options.display_zone)
                .format("%a %Y-%m-%d %H:%M"),
            options
                .window
                .end
                .with_timezone(&options.display_zone)
                .format("%a %Y-%m-%d %H:%M"),
            options.display_zone.name()
        ));
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
    let mut people = fetched.people.into_iter();
    let mut organizer = people.next().unwrap_or_default();
    if let Some(hours) = &options.hours_override {
        organizer.working_hours = Some(hours.clone());
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
        display_zone: options.display_zone,
        organizer,
        others: people.collect::<Vec<PersonSchedule>>(),
    };
    let slots = schedule::free_slots(&request).map_err(|e| AppError::usage(e.to_string()))?;
    Ok(if options.no_overlap {
        schedule::non_overlapping(slots)
    } else {
        slots
    })
}
