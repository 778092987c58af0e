//! `send`: any other message to participants, one message per recipient (so nobody sees the
//! others' addresses) unless `--together`. Subject and body are templates with the participant
//! and the CSV columns as variables; every message is rendered before the first is sent, then
//! delivered through the journalled, paced delivery.

use crate::auth::session;
use crate::cli::SendArgs;
use crate::commands::Context;
use crate::commands::book::read_text_file;
use crate::commands::interview_common::address;
use crate::commands::invite::read_csv;
use crate::commands::mail_delivery::{self as delivery, Outgoing};
use crate::email::EmailAddress;
use crate::error::AppError;
use crate::mail::journal::RunKey;
use crate::mail::message::{BodyType, NamedAddress, Recipients, SendMail};
use crate::mail::participants::{Participant, participants_from_args};
use crate::mail::template::MailTemplate;
use crate::mail::template_context::{Researcher, TemplateContext};

pub async fn run(ctx: &Context, args: &SendArgs, yes: bool) -> Result<(), AppError> {
    let pace = delivery::pace(&args.delivery, &ctx.settings.mail)?;
    let people: Vec<Participant> = match &args.csv {
        Some(path) => read_csv(path)?,
        None => {
            let to = addresses("--to", &args.to)?;
            participants_from_args(&to, None)?
        }
    };
    let cc = addresses("--cc", &args.cc)?;
    let bcc = addresses("--bcc", &args.bcc)?;
    let body = match (&args.body, &args.body_file) {
        (Some(text), _) => text.clone(),
        (None, Some(path)) => read_text_file("--body-file", path)?,
        (None, None) => {
            return Err(AppError::usage(
                "--body or --body-file: the message is empty",
            ));
        }
    };
    if body.trim().is_empty() {
        return Err(AppError::usage("--body: the message is empty"));
    }
    let body_type = if args.html {
        BodyType::Html
    } else {
        BodyType::Text
    };
    let template =
        MailTemplate::from_parts("--subject", &args.subject, "--body", &body, body_type)?;
    let vault = ctx.vault()?;
    let researcher = delivery::sender(ctx, &vault, args.delivery.dry_run)?;
    let zone = crate::commands::interview_common::display_zone(None, &ctx.settings.slots)?;

    let mut key = RunKey::builder(&ctx.settings.profile, "send");
    key.field("subject", &args.subject)
        .field("body", &body)
        .field("html", &args.html.to_string())
        .field("together", &args.together.to_string())
        .field("cc", &format!("{cc:?}"))
        .field("bcc", &format!("{bcc:?}"));
    for p in &people {
        key.recipient(&p.email, &format!("{:?} {:?}", p.name, p.columns));
    }
    let key = key.finish();

    let mut outgoing = Vec::new();
    if args.together {
        // One message to everyone: rendered once, for the first recipient's variables.
        let first = people
            .first()
            .ok_or_else(|| AppError::usage("--to: give at least one recipient"))?;
        let rendered = template.render(&context(first, &researcher, zone))?;
        let to = people
            .iter()
            .map(|p| NamedAddress::new(p.email.clone(), p.name.as_deref()))
            .collect::<Result<Vec<_>, _>>()?;
        let recipients = Recipients {
            to,
            cc: cc.iter().cloned().map(NamedAddress::bare).collect(),
            bcc: bcc.iter().cloned().map(NamedAddress::bare).collect(),
        };
        outgoing.push(Outgoing {
            email: first.email.clone(),
            mail: SendMail::new(&rendered.subject, rendered.body.clone(), recipients)?,
            preview: rendered.text_preview.clone(),
            digest: rendered.digest(),
            slots: Vec::new(),
        });
    } else {
        for person in &people {
            let rendered = template.render(&context(person, &researcher, zone))?;
            let recipients = Recipients {
                to: vec![NamedAddress::new(
                    person.email.clone(),
                    person.name.as_deref(),
                )?],
                cc: cc.iter().cloned().map(NamedAddress::bare).collect(),
                bcc: bcc.iter().cloned().map(NamedAddress::bare).collect(),
            };
            outgoing.push(Outgoing {
                email: person.email.clone(),
                mail: SendMail::new(&rendered.subject, rendered.body.clone(), recipients)?,
                preview: rendered.text_preview.clone(),
                digest: rendered.digest(),
                slots: Vec::new(),
            });
        }
    }
    if args.delivery.dry_run {
        return delivery::dry_run(
            ctx,
            &outgoing,
            args.delivery.dry_run_dir.as_deref(),
            Vec::new(),
        );
    }
    delivery::confirm(outgoing.len(), researcher.email.as_str(), yes)?;
    let active = session::access_token(&ctx.settings, &vault, &ctx.http, &ctx.out).await?;
    let graph = ctx.graph(&vault, &active);
    let run = delivery::open_run(ctx, key, "send", args.delivery.new_run)?;
    let report = delivery::deliver(
        ctx,
        &graph,
        run,
        outgoing,
        delivery::DeliveryReport::default(),
        pace,
        args.delivery.retry_unknown,
    )
    .await?;
    delivery::finish(ctx, report)
}

fn addresses(flag: &str, list: &[String]) -> Result<Vec<EmailAddress>, AppError> {
    list.iter().map(|a| address(flag, a)).collect()
}

fn context(person: &Participant, researcher: &Researcher, zone: chrono_tz::Tz) -> TemplateContext {
    TemplateContext {
        participant: person.clone(),
        slots: Vec::new(),
        study: None,
        researcher: researcher.clone(),
        zone,
    }
}
