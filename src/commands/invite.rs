//! `invite`: e-mail each participant an invitation offering free slots from the calendar, in
//! the participant's zone. Everything is checked and every message rendered before the first is
//! sent (a bad row, an undefined template variable: exit 2, nothing sent); then the messages go
//! out through the journalled, paced delivery that `send` uses too.

use chrono::Utc;

use crate::auth::session;
use crate::cli::InviteArgs;
use crate::commands::Context;
use crate::commands::book::read_text_file;
use crate::commands::interview_common::address;
use crate::commands::mail_delivery::{self as delivery, Outgoing, Skipped};
use crate::commands::slots::{self, options::SlotOptions};
use crate::error::AppError;
use crate::mail::allocation::allocate_with_prior;
use crate::mail::journal::RunKey;
use crate::mail::message::NamedAddress;
use crate::mail::participants::{self, MAX_CSV_BYTES, Participant, parse_participants};
use crate::mail::template::MailTemplate;
use crate::mail::template_context::{OfferedSlot, TemplateContext};

/// The most slots one invitation offers.
const MAX_OFFER: usize = 50;

pub async fn run(ctx: &Context, args: &InviteArgs, yes: bool) -> Result<(), AppError> {
    // 1. Everything the user typed, before any request.
    if args.offer == 0 || args.offer > MAX_OFFER {
        return Err(AppError::usage(format!(
            "--slots: between 1 and {MAX_OFFER}"
        )));
    }
    if args.per_slot == Some(0) {
        return Err(AppError::usage("--per-slot: at least 1"));
    }
    let pace = delivery::pace(&args.delivery, &ctx.settings.mail)?;
    let people = read_participants(args)?;
    let (template, template_text) = match &args.template {
        Some(path) => {
            let text = read_text_file("--template", path)?;
            (MailTemplate::from_file(path, &text)?, text)
        }
        None => (MailTemplate::builtin(), String::new()),
    };
    let options = SlotOptions::resolve(
        &args.slots,
        &ctx.settings.slots,
        Utc::now(),
        &crate::commands::interview_common::ZoneEnv::read(),
    )?;
    let zone = match &args.participant_tz {
        Some(name) => crate::commands::interview_common::user_zone("--participant-tz", name)?,
        None => options.display_zone,
    };
    let vault = ctx.vault()?;
    let researcher = delivery::sender(ctx, &vault, args.delivery.dry_run)?;

    // 2. The run's journal key: what was asked, not what the calendar says today, so a run
    // started again after a crash finds its journal.
    let mut key = RunKey::builder(&ctx.settings.profile, "invite");
    key.field("template", &template_text)
        .field("study", args.study.as_deref().unwrap_or(""))
        .field("offer", &args.offer.to_string())
        .field("per_slot", &format!("{:?}", args.per_slot))
        .field("participant_tz", zone.name())
        .field("slots", &format!("{:?}", args.slots));
    for p in &people {
        key.recipient(&p.email, &format!("{:?} {:?}", p.name, p.columns));
    }
    let key = key.finish();

    // 3. The free slots, allocated (offers an interrupted run already made are kept).
    let active = session::access_token(&ctx.settings, &vault, &ctx.http, &ctx.out).await?;
    let (found, no_slot_reason) = slots::find_explained(ctx, &options, &vault, &active).await?;
    let journal = if args.delivery.dry_run {
        None
    } else {
        Some(delivery::open_run(
            ctx,
            key,
            "invite",
            args.delivery.new_run,
        )?)
    };
    let prior: Vec<Option<Vec<usize>>> = people
        .iter()
        .map(|p| {
            let offered = journal.as_ref()?.journal().state().offered(&p.email)?;
            Some(
                offered
                    .iter()
                    .filter_map(|o| {
                        found
                            .iter()
                            .position(|s| s.start == o.start && s.end == o.end)
                    })
                    .collect(),
            )
        })
        .collect();
    let allocation = allocate_with_prior(found.len(), &prior, args.offer, args.per_slot);

    // 4. Every message rendered up front.
    let mut outgoing = Vec::new();
    let mut skipped = Vec::new();
    for (person, offer) in people.into_iter().zip(allocation) {
        if offer.is_empty() {
            skipped.push(Skipped {
                email: person.email.to_string(),
                reason: "no free slot left to offer".into(),
            });
            continue;
        }
        let offered: Vec<OfferedSlot> =
            offer.iter().map(|&i| OfferedSlot::from(found[i])).collect();
        let to = NamedAddress::new(person.email.clone(), person.name.as_deref())?;
        let context = TemplateContext {
            participant: person.clone(),
            slots: offered.clone(),
            study: args.study.clone(),
            researcher: researcher.clone(),
            zone,
        };
        let rendered = template.render(&context)?;
        outgoing.push(Outgoing {
            email: person.email,
            mail: rendered.send_mail(to)?,
            preview: rendered.text_preview.clone(),
            digest: rendered.digest(),
            slots: offered,
        });
    }
    if found.is_empty() {
        // Why, when the inputs tell (as `slots` says it).
        let line = slots::no_slot_line(&options, no_slot_reason.as_ref());
        ctx.out.warn(format!(
            "{}: nobody can be invited",
            line.trim_end_matches('.')
        ));
    }
    if args.delivery.dry_run {
        return delivery::dry_run(
            ctx,
            &outgoing,
            args.delivery.dry_run_dir.as_deref(),
            skipped,
        );
    }
    delivery::confirm(outgoing.len(), researcher.email.as_str(), yes)?;
    let graph = ctx.graph(&vault, &active);
    let report = delivery::DeliveryReport {
        skipped,
        ..Default::default()
    };
    let journal = journal.ok_or_else(|| AppError::unexpected("no journal for a real run"))?;
    let report = delivery::deliver(
        ctx,
        &graph,
        journal,
        outgoing,
        report,
        pace,
        args.delivery.retry_unknown,
    )
    .await?;
    delivery::finish(ctx, report)
}

fn read_participants(args: &InviteArgs) -> Result<Vec<Participant>, AppError> {
    match &args.csv {
        Some(path) => read_csv(path),
        None => {
            let emails = args
                .participants
                .iter()
                .map(|p| address("PARTICIPANT_EMAIL", p))
                .collect::<Result<Vec<_>, _>>()?;
            participants::participants_from_args(&emails, args.name.as_deref())
        }
    }
}

/// The participants file, whole and validated (a bad row is exit 2 naming it).
pub fn read_csv(path: &std::path::Path) -> Result<Vec<Participant>, AppError> {
    use std::io::Read;
    let file = std::fs::File::open(path)
        .map_err(|e| AppError::usage(format!("--csv: {}: {e}", path.display())))?;
    let meta = file
        .metadata()
        .map_err(|e| AppError::usage(format!("--csv: {}: {e}", path.display())))?;
    if !meta.is_file() {
        return Err(AppError::usage(format!(
            "--csv: {} is not a regular file",
            path.display()
        )));
    }
    let mut bytes = Vec::new();
    file.take(MAX_CSV_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| AppError::usage(format!("--csv: {}: {e}", path.display())))?;
    if bytes.len() as u64 > MAX_CSV_BYTES {
        return Err(AppError::usage(format!(
            "--csv: {} is larger than {} MiB",
            path.display(),
            MAX_CSV_BYTES / (1024 * 1024)
        )));
    }
    let label = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    Ok(parse_participants(&label, &bytes)?)
}
