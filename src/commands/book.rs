//! `book`: create the interview event with the participants invited. Input is checked first
//! (nothing is sent on bad input); then one getSchedule rechecks the slot; then one create that
//! carries a transaction id, so a retry or a second run never books twice.

use chrono::{DateTime, TimeDelta, Utc};
use chrono_tz::Tz;
use schemars::JsonSchema;
use serde::Serialize;

use crate::auth::session;
use crate::booking::{self, MARKER_PROPERTY_ID};
use crate::cli::BookArgs;
use crate::commands::Context;
use crate::commands::interview_common::{
    self as common, address, bounded_duration, display_zone, rfc3339_in, time_range, user_time,
    user_zone,
};
use crate::email::EmailAddress;
use crate::error::AppError;
use crate::graph::GraphError;
use crate::graph::events::{
    self, EmailAddressField, Event, ExtendedProperty, ItemBody, Location, MAX_ATTENDEES,
    NewAttendee, NewEvent, utc_wall_time,
};
use crate::hints;
use crate::output::{Block, Render, TableStyle};
use crate::schedule::Interval;
use crate::store::config::SlotDefaults;

/// Graph's request size limit is 4 MB; an invitation body is far smaller.
const MAX_BODY_BYTES: usize = 1024 * 1024;
const MAX_SUBJECT_CHARS: usize = 255;

/// `book --json`: the stable fields of the contract.
#[derive(Debug, Serialize, JsonSchema)]
pub struct BookReport {
    /// The event's id in the organizer's calendar (for `reschedule` and `cancel`).
    pub event_id: String,
    /// RFC 3339, with the display zone's offset.
    pub start: String,
    /// RFC 3339, with the display zone's offset.
    pub end: String,
    /// Every attendee invited, required and optional, by address.
    pub attendees: Vec<String>,
    /// The Teams link, when the event is an online meeting; else `null`.
    pub join_url: Option<String>,
    /// The event in Outlook on the web; `null` when Microsoft gave none.
    pub web_link: Option<String>,
    /// False when the same booking already existed (a second run books nothing).
    pub created: bool,
    /// The id that makes the booking idempotent: the same command books once.
    pub transaction_id: String,
    /// The confirmation for people (the table form).
    #[serde(skip)]
    pub summary: Vec<String>,
}

impl Render for BookReport {
    fn table(&self, _: TableStyle) -> Vec<Block> {
        self.summary.iter().cloned().map(Block::Line).collect()
    }
}

/// `book --dry-run`: the request body that would be sent, as it would be sent.
#[derive(Debug, Serialize, JsonSchema)]
#[serde(transparent)]
pub struct EventPreview(NewEvent);

impl Render for EventPreview {
    fn table(&self, _: TableStyle) -> Vec<Block> {
        vec![Block::Line(
            serde_json::to_string_pretty(&self.0).unwrap_or_default(),
        )]
    }
}

/// Everything `book` was asked, checked.
#[derive(Debug)]
struct Booking {
    slot: Interval,
    zone: Tz,
    participant_zone: Option<Tz>,
    required: Vec<EmailAddress>,
    optional: Vec<EmailAddress>,
    subject: String,
    body: Option<ItemBody>,
    location: Option<String>,
    teams: bool,
    buffer: TimeDelta,
}

impl Booking {
    fn attendees(&self) -> Vec<EmailAddress> {
        self.required
            .iter()
            .chain(&self.optional)
            .cloned()
            .collect()
    }
}

pub async fn run(ctx: &Context, args: &BookArgs) -> Result<(), AppError> {
    let booking = read_args(args, &ctx.settings.slots, Utc::now())?;
    let vault = ctx.vault()?;
    if args.recheck.dry_run {
        // Nothing is sent: the organizer comes from the stored sign-in, no token is used.
        let grant = session::require_grant(&vault)?;
        let organizer = address("your address", &grant.account.email)?;
        refuse_self_invite(&booking, &organizer)?;
        let request = new_event(&booking, &organizer);
        ctx.out.say(format!(
            "Would create this event in {}'s calendar (nothing was sent):",
            organizer
        ));
        return ctx.out.print(&EventPreview(request));
    }
    let active = session::access_token(&ctx.settings, &vault, &ctx.http, &ctx.out).await?;
    let organizer = address("your address", &active.grant.account.email)?;
    refuse_self_invite(&booking, &organizer)?;
    let graph = ctx.graph(&vault, &active);
    let request = new_event(&booking, &organizer);
    let profile = &ctx.settings.profile;

    if !args.recheck.force {
        let check = common::recheck(
            &graph,
            profile,
            &organizer,
            &booking.attendees(),
            booking.slot,
            booking.buffer,
            args.recheck.tentative_free,
            None,
        )
        .await?;
        if !check.conflicts.is_empty() {
            // The same command run before made this event: report it rather than a conflict.
            if let Some(existing) = events::find_by_transaction(&graph, &request.transaction_id)
                .await
                .map_err(|e| e.into_app_error(profile, "Calendars.ReadWrite"))?
            {
                ctx.out
                    .say("This interview was already booked; nothing new was created.");
                return report(ctx, &booking, &existing, false, &request.transaction_id);
            }
            return Err(check.conflict(
                booking.slot,
                booking.zone,
                profile,
                "nothing was booked",
                "book anyway",
            ));
        }
        check.tell(&ctx.out, booking.slot, booking.zone);
    }

    match events::create(&graph, &request).await {
        Ok(event) => {
            if booking.teams && event.join_url().is_none() {
                ctx.out.warn(
                    "Microsoft 365 made no Teams meeting for this event (Teams may not be enabled for your account); the invitation has no join link",
                );
            }
            report(ctx, &booking, &event, true, &request.transaction_id)
        }
        Err(
            e
            @ (GraphError::Network(_) | GraphError::GaveUp { .. } | GraphError::OutcomeUnknown(_)),
        ) => {
            // The create may or may not have reached Exchange: look for it once.
            let cause = e.to_string();
            match events::find_by_transaction(&graph, &request.transaction_id).await {
                Ok(Some(event)) => report(ctx, &booking, &event, true, &request.transaction_id),
                Ok(None) => Err(AppError::unavailable(format!("nothing was booked: {cause}"))
                    .with_hint(hints::try_again_later())),
                Err(_) => Err(AppError::unavailable(format!(
                    "the booking's outcome is unknown: the create got no answer and could not be confirmed (transaction {})",
                    request.transaction_id
                ))
                .with_hint(format!(
                    "run the same command again when Microsoft 365 answers: it finds the event if it was made and never books twice (`{}` lists your interviews)",
                    hints::command(profile, "interviews")
                ))),
            }
        }
        Err(e) => Err(e.into_app_error(profile, "Calendars.ReadWrite")),
    }
}

fn refuse_self_invite(booking: &Booking, organizer: &EmailAddress) -> Result<(), AppError> {
    if booking.attendees().iter().any(|a| a == organizer) {
        return Err(AppError::usage(format!(
            "PARTICIPANT_EMAIL: {organizer} is you; you are the organizer of the event"
        )));
    }
    Ok(())
}

fn read_args(
    args: &BookArgs,
    config: &SlotDefaults,
    now: DateTime<Utc>,
) -> Result<Booking, AppError> {
    let zone = display_zone(args.recheck.tz.as_deref(), config)?;
    let participant_zone = args
        .participant_tz
        .as_deref()
        .map(|name| user_zone("--participant-tz", name))
        .transpose()?;
    let start = user_time("--start", &args.start, zone)?;
    let end = match (&args.end, &args.duration) {
        (Some(end), _) => {
            let end = user_time("--end", end, zone)?;
            if end <= start {
                return Err(AppError::usage("--end: must be after --start"));
            }
            if end.signed_duration_since(start) > common::MAX_INTERVIEW {
                return Err(AppError::usage("--end: at most 24h after --start"));
            }
            end
        }
        (None, duration) => {
            // The error names the flag, or the config key with its file and line.
            let (text, label) = match (duration.as_deref(), config.duration.as_deref()) {
                (Some(flag), _) => (flag, "--duration".to_owned()),
                (None, Some(key)) => (key, config.origin.locate("slots.duration")),
                (None, None) => ("60m", "--duration".to_owned()),
            };
            let length = bounded_duration(&label, text, false)?;
            start
                .checked_add_signed(length)
                .ok_or_else(|| AppError::usage("--start: too far from today"))?
        }
    };
    if start < now {
        return Err(AppError::usage(format!(
            "--start: {} is in the past",
            rfc3339_in(start, zone)
        )));
    }
    let buffer = match &args.recheck.buffer {
        Some(text) => bounded_duration("--buffer", text, true)?,
        None => TimeDelta::zero(),
    };
    let required = args
        .participants
        .iter()
        .map(|p| address("PARTICIPANT_EMAIL", p))
        .collect::<Result<Vec<_>, _>>()?;
    let mut optional = Vec::new();
    for (flag, list) in [
        ("--optional", &args.optional),
        ("--note-taker", &args.note_taker),
    ] {
        for text in list {
            optional.push(address(flag, text)?);
        }
    }
    let mut seen = std::collections::HashSet::new();
    for a in required.iter().chain(&optional) {
        if !seen.insert(a.clone()) {
            return Err(AppError::usage(format!("{a} is invited twice")));
        }
    }
    if seen.len() > MAX_ATTENDEES {
        return Err(AppError::usage(format!(
            "at most {MAX_ATTENDEES} attendees per event (Microsoft 365's limit); got {}",
            seen.len()
        )));
    }
    let subject = args.subject.trim().to_owned();
    if subject.is_empty() || subject.chars().count() > MAX_SUBJECT_CHARS {
        return Err(AppError::usage(format!(
            "--subject: between 1 and {MAX_SUBJECT_CHARS} characters"
        )));
    }
    if subject.chars().any(char::is_control) {
        return Err(AppError::usage(
            "--subject: no line breaks or control characters",
        ));
    }
    let body = read_body(args)?;
    let location = args.location.as_ref().map(|l| l.trim().to_owned());
    if location
        .as_ref()
        .is_some_and(|l| l.is_empty() || l.chars().any(char::is_control))
    {
        return Err(AppError::usage("--location: one line of text"));
    }
    Ok(Booking {
        slot: Interval::new(start, end),
        zone,
        participant_zone,
        required,
        optional,
        subject,
        body,
        location,
        teams: args.teams,
        buffer,
    })
}

fn read_body(args: &BookArgs) -> Result<Option<ItemBody>, AppError> {
    let text = match (&args.body, &args.body_file) {
        (Some(text), _) => Some(text.clone()),
        (None, Some(path)) => Some(read_text_file("--body-file", path)?),
        (None, None) => None,
    };
    let Some(text) = text else {
        if args.html {
            return Err(AppError::usage("--html: needs --body or --body-file"));
        }
        return Ok(None);
    };
    if text.len() > MAX_BODY_BYTES {
        return Err(AppError::usage("--body: at most 1 MiB"));
    }
    Ok(Some(ItemBody {
        content_type: if args.html { "html" } else { "text" },
        content: text,
    }))
}

/// A UTF-8 text file (or `-` for stdin) of at most 1 MiB.
pub fn read_text_file(flag: &str, path: &std::path::Path) -> Result<String, AppError> {
    use std::io::Read;
    let mut bytes = Vec::new();
    let limit = MAX_BODY_BYTES as u64 + 1;
    let result = if path.as_os_str() == "-" {
        std::io::stdin().take(limit).read_to_end(&mut bytes)
    } else {
        let meta = std::fs::metadata(path)
            .map_err(|e| AppError::usage(format!("{flag}: {}: {e}", path.display())))?;
        if !meta.is_file() {
            return Err(AppError::usage(format!(
                "{flag}: {} is not a regular file",
                path.display()
            )));
        }
        std::fs::File::open(path).and_then(|f| f.take(limit).read_to_end(&mut bytes))
    };
    result.map_err(|e| AppError::usage(format!("{flag}: {}: {e}", path.display())))?;
    if bytes.len() > MAX_BODY_BYTES {
        return Err(AppError::usage(format!(
            "{flag}: {} is larger than 1 MiB",
            path.display()
        )));
    }
    String::from_utf8(bytes)
        .map_err(|_| AppError::usage(format!("{flag}: {} is not UTF-8 text", path.display())))
}

fn new_event(booking: &Booking, organizer: &EmailAddress) -> NewEvent {
    let attendees: Vec<EmailAddress> = booking.attendees();
    let names: Vec<&str> = attendees.iter().map(EmailAddress::as_str).collect();
    let transaction_id = booking::transaction_id(
        organizer.as_str(),
        &names,
        booking.slot.start,
        &booking.subject,
    );
    let attendee = |a: &EmailAddress, kind: &'static str| NewAttendee {
        email_address: EmailAddressField {
            address: a.as_str().to_owned(),
            name: None,
        },
        kind,
    };
    NewEvent {
        subject: booking.subject.clone(),
        body: booking.body.clone(),
        start: utc_wall_time(booking.slot.start),
        end: utc_wall_time(booking.slot.end),
        attendees: booking
            .required
            .iter()
            .map(|a| attendee(a, "required"))
            .chain(booking.optional.iter().map(|a| attendee(a, "optional")))
            .collect(),
        location: booking
            .location
            .clone()
            .map(|display_name| Location { display_name }),
        is_online_meeting: booking.teams,
        online_meeting_provider: booking.teams.then_some("teamsForBusiness"),
        allow_new_time_proposals: false,
        single_value_extended_properties: vec![ExtendedProperty {
            id: MARKER_PROPERTY_ID.to_owned(),
            value: transaction_id.clone(),
        }],
        transaction_id,
    }
}

fn report(
    ctx: &Context,
    booking: &Booking,
    event: &Event,
    created: bool,
    transaction_id: &str,
) -> Result<(), AppError> {
    let (start, end) = match (event.start_utc(), event.end_utc()) {
        (Ok(s), Ok(e)) => (s, e),
        _ => (booking.slot.start, booking.slot.end),
    };
    let attendees: Vec<String> = event
        .attendees
        .iter()
        .map(|a| a.email_address.address.clone())
        .collect();
    let mut report = BookReport {
        event_id: event.id.clone(),
        start: rfc3339_in(start, booking.zone),
        end: rfc3339_in(end, booking.zone),
        attendees: if attendees.is_empty() {
            booking.attendees().iter().map(|a| a.to_string()).collect()
        } else {
            attendees
        },
        join_url: event.join_url().map(str::to_owned),
        web_link: event.web_link.clone(),
        created,
        transaction_id: transaction_id.to_owned(),
        summary: Vec::new(),
    };
    let mut lines = vec![
        format!(
            "{} {}",
            if created {
                "Booked:"
            } else {
                "Already booked:"
            },
            event.subject.as_deref().unwrap_or(&booking.subject)
        ),
        format!(
            "When:      {} ({})",
            time_range(start, end, booking.zone),
            booking.zone.name()
        ),
    ];
    if let Some(zone) = booking.participant_zone {
        lines.push(format!(
            "For them:  {} ({})",
            time_range(start, end, zone),
            zone.name()
        ));
    }
    lines.push(format!("Attendees: {}", report.attendees.join(", ")));
    if let Some(url) = &report.join_url {
        lines.push(format!("Teams:     {url}"));
    }
    lines.push(format!("Event id:  {}", report.event_id));
    report.summary = lines;
    ctx.out.print(&report)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::RecheckArgs;

    fn args(participants: &[&str]) -> BookArgs {
        BookArgs {
            participants: participants.iter().map(|s| s.to_string()).collect(),
            start: "2026-12-03T10:00+01:00".into(),
            subject: "Research interview".into(),
            recheck: RecheckArgs {
                tz: Some("Europe/Berlin".into()),
                ..RecheckArgs::default()
            },
            ..BookArgs::default()
        }
    }

    fn now() -> DateTime<Utc> {
        "2026-12-01T00:00:00Z".parse().unwrap()
    }

    #[test]
    fn a_booking_reads_start_duration_and_attendees() {
        let mut a = args(&["p@x.com"]);
        a.duration = Some("45m".into());
        a.note_taker = vec!["n@contoso.example".into()];
        let b = read_args(&a, &SlotDefaults::default(), now()).unwrap();
        assert_eq!(
            b.slot.start,
            "2026-12-03T09:00:00Z".parse::<DateTime<Utc>>().unwrap()
        );
        assert_eq!(b.slot.duration(), TimeDelta::minutes(45));
        assert_eq!(b.required.len(), 1);
        assert_eq!(b.optional.len(), 1);
    }

    #[test]
    fn bad_input_is_exit_2_naming_the_flag() {
        let cases: Vec<(BookArgs, &str)> = vec![
            (args(&["not-an-address"]), "PARTICIPANT_EMAIL"),
            (
                BookArgs {
                    duration: Some("0m".into()),
                    ..args(&["p@x.com"])
                },
                "--duration",
            ),
            (
                BookArgs {
                    end: Some("2026-12-03T09:00+01:00".into()),
                    ..args(&["p@x.com"])
                },
                "--end",
            ),
            (
                BookArgs {
                    start: "2026-11-01T10:00Z".into(),
                    ..args(&["p@x.com"])
                },
                "--start",
            ),
            (
                BookArgs {
                    subject: "a\r\nBcc: x@y.com".into(),
                    ..args(&["p@x.com"])
                },
                "--subject",
            ),
            (
                BookArgs {
                    optional: vec!["P@X.com".into()],
                    ..args(&["p@x.com"])
                },
                "invited twice",
            ),
            (
                {
                    let mut a = args(&["p@x.com"]);
                    a.recheck.buffer = Some("100000000000000d".into());
                    a
                },
                "--buffer",
            ),
        ];
        for (a, needle) in cases {
            let e = read_args(&a, &SlotDefaults::default(), now()).unwrap_err();
            assert_eq!(e.exit().code(), 2, "{needle}: {e}");
            assert!(e.to_string().contains(needle), "{needle}: {e}");
        }
    }

    #[test]
    fn more_than_500_attendees_are_refused() {
        let many: Vec<String> = (0..501).map(|i| format!("p{i}@x.com")).collect();
        let refs: Vec<&str> = many.iter().map(String::as_str).collect();
        let e = read_args(&args(&refs), &SlotDefaults::default(), now()).unwrap_err();
        assert!(e.to_string().contains("at most 500"), "{e}");
    }

    #[test]
    fn the_request_carries_the_transaction_and_the_marker() {
        let mut a = args(&["p@x.com"]);
        a.teams = true;
        let b = read_args(&a, &SlotDefaults::default(), now()).unwrap();
        let organizer = EmailAddress::parse("adele@contoso.example").unwrap();
        let request = new_event(&b, &organizer);
        assert!(request.transaction_id.starts_with("rally-"));
        assert_eq!(
            request.single_value_extended_properties[0].value,
            request.transaction_id
        );
        assert_eq!(request.online_meeting_provider, Some("teamsForBusiness"));
        assert!(!request.allow_new_time_proposals);
        // The same booking typed again gets the same transaction id.
        assert_eq!(
            new_event(&b, &organizer).transaction_id,
            request.transaction_id
        );
    }
}
