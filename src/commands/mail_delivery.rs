//! What `invite` and `send` share once their messages are rendered: the dry run, the check that
//! mail may be sent at all, the confirmation on a terminal, and the delivery itself, paced to
//! Exchange Online's limits and journalled so that each recipient is mailed once, even across
//! crashes.
//!
//! sendMail has no idempotency key ("user: sendMail" returns 202 and nothing to look up), so a
//! message is never sent again once it may have arrived: before each request a `sending` record
//! is appended and synced; after it `sent`, `refused` or `unknown`. A run started again with the
//! same content replays its journal: sent recipients are skipped, unknown ones are reported
//! (and resent only with `--retry-unknown`), the others are sent.

use std::cell::RefCell;
use std::io::{IsTerminal, Write};
use std::path::Path;

use chrono::Utc;
use futures_util::StreamExt;
use futures_util::stream::FuturesUnordered;
use reqwest::Method;
use schemars::JsonSchema;
use serde::Serialize;

use crate::auth::permissions;
use crate::cli::DeliveryArgs;
use crate::commands::Context;
use crate::email::EmailAddress;
use crate::error::AppError;
use crate::graph::{GraphClient, GraphError, RequestKind};
use crate::hints;
use crate::mail::journal::{Decision, Record, RunKey};
use crate::mail::journal_store::{JournalStore, MAX_GENERATIONS, RunJournal};
use crate::mail::message::SendMail;
use crate::mail::rate::{Pacer, Rate};
use crate::mail::template_context::OfferedSlot;
use crate::output::count;
use crate::output::{Block, Render, TableStyle};
use crate::store::tokens::StoredGrant;

/// Exchange Online allows 4 concurrent requests per mailbox ("Microsoft Graph
/// service-specific throttling limits", Outlook service).
pub const MAX_CONCURRENCY: usize = 4;

/// One message ready to go to one recipient (the journal's unit).
pub struct Outgoing {
    pub email: EmailAddress,
    pub mail: SendMail,
    /// For the dry run: the message as the recipient reads it.
    pub preview: String,
    pub digest: String,
    pub slots: Vec<OfferedSlot>,
}

/// `invite --json` / `send --json`.
#[derive(Debug, Default, Serialize, JsonSchema)]
pub struct DeliveryReport {
    /// The recipients mailed by this run.
    pub sent: Vec<String>,
    /// The recipients not mailed, and why (e.g. mailed by an earlier run).
    pub skipped: Vec<Skipped>,
    /// The recipients whose message failed or whose outcome is unknown (exit 7).
    pub failed: Vec<Failed>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct Skipped {
    /// The recipient's address.
    pub email: String,
    /// Why nothing was sent.
    pub reason: String,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct Failed {
    /// The recipient's address.
    pub email: String,
    /// What went wrong.
    pub error: String,
}

impl Render for DeliveryReport {
    fn table(&self, _: TableStyle) -> Vec<Block> {
        let mut lines = vec![format!(
            "Sent {}, skipped {}, failed {}.",
            self.sent.len(),
            self.skipped.len(),
            self.failed.len()
        )];
        for s in &self.skipped {
            lines.push(format!("  skipped {}: {}", s.email, s.reason));
        }
        for f in &self.failed {
            lines.push(format!("  failed  {}: {}", f.email, f.error));
        }
        lines.into_iter().map(Block::Line).collect()
    }
}

/// `--dry-run --json`: who would be mailed.
#[derive(Debug, Serialize, JsonSchema)]
pub struct DryRunReport {
    /// The recipients who would be mailed; nothing was sent.
    pub dry_run: Vec<String>,
    #[serde(skip)]
    pub previews: Vec<String>,
}

impl Render for DryRunReport {
    fn table(&self, _: TableStyle) -> Vec<Block> {
        self.previews.iter().cloned().map(Block::Line).collect()
    }
}

/// The rate and concurrency asked for, bounded.
/// Flags beat the profile's `[mail]` config keys, which beat Exchange Online's limits.
pub fn pace(
    args: &DeliveryArgs,
    config: &crate::store::config::MailDefaults,
) -> Result<Pace, AppError> {
    let rate = match (&args.rate, &config.rate) {
        (Some(text), _) => text.parse::<Rate>()?,
        (None, Some(text)) => text
            .parse::<Rate>()
            .map_err(|e| AppError::usage(format!("{}: {e}", config.origin.locate("mail.rate"))))?,
        (None, None) => Rate::EXCHANGE_DEFAULT,
    };
    let concurrency = args
        .concurrency
        .or(config.concurrency)
        .unwrap_or(MAX_CONCURRENCY);
    if !(1..=MAX_CONCURRENCY).contains(&concurrency) {
        let label = match args.concurrency {
            Some(_) => "--concurrency".to_owned(),
            None => config.origin.locate("mail.concurrency"),
        };
        return Err(AppError::usage(format!(
            "{label}: between 1 and {MAX_CONCURRENCY} (Exchange Online's limit per mailbox)"
        )));
    }
    Ok(Pace { rate, concurrency })
}

/// Exit 4 when the profile may not send mail (a calendar-only sign-in, or Mail.Send not
/// granted): the workspace sends mail through its own domain, and `--dry-run` gives the messages.
pub fn require_mail_send(ctx: &Context, grant: &StoredGrant) -> Result<(), AppError> {
    let granted = grant
        .scopes_granted
        .iter()
        .any(|s| s.eq_ignore_ascii_case(permissions::MAIL_SEND));
    if granted && !grant.calendar_only {
        return Ok(());
    }
    Err(AppError::permission(if grant.calendar_only {
        "this profile is calendar-only (no Mail.Send): your workspace sends mail through its own domain; nothing was sent"
    } else {
        "Mail.Send was not granted to this profile; nothing was sent"
    })
    .with_hint(format!(
        "add --dry-run (and --dry-run-dir DIR) to get every message to send from your own mail, or `{}` to allow sending",
        hints::command(&ctx.settings.profile, "connect")
    )))
}

/// Who sends: the stored sign-in's account. Unless it is a dry run, a profile that may not
/// send mail stops here (exit 4), before any request.
pub fn sender(
    ctx: &Context,
    vault: &crate::store::tokens::TokenVault,
    dry_run: bool,
) -> Result<crate::mail::template_context::Researcher, AppError> {
    let grant = crate::auth::session::require_grant(vault)?;
    if !dry_run {
        require_mail_send(ctx, &grant)?;
    }
    Ok(crate::mail::template_context::Researcher {
        name: grant.account.name.clone(),
        email: crate::commands::interview_common::address("your address", &grant.account.email)?,
    })
}

/// Prints (or writes) every message and sends nothing.
pub fn dry_run(
    ctx: &Context,
    outgoing: &[Outgoing],
    dir: Option<&Path>,
    skipped: Vec<Skipped>,
) -> Result<(), AppError> {
    for s in &skipped {
        ctx.out.say(format!("Would skip {}: {}", s.email, s.reason));
    }
    let previews: Vec<String> = outgoing
        .iter()
        .map(|o| {
            format!(
                "To: {}\nSubject: {}\n\n{}\n",
                o.email,
                crate::redact::one_line(o.mail.subject(), 998),
                o.preview.trim_end()
            )
        })
        .collect();
    if let Some(dir) = dir {
        std::fs::create_dir_all(dir)
            .map_err(|e| AppError::usage(format!("--dry-run-dir: {}: {e}", dir.display())))?;
        for (i, (o, text)) in outgoing.iter().zip(&previews).enumerate() {
            let path = dir.join(format!("{:04}-{}.txt", i + 1, file_safe(o.email.as_str())));
            std::fs::write(&path, text)
                .map_err(|e| AppError::usage(format!("--dry-run-dir: {}: {e}", path.display())))?;
        }
        ctx.out.say(format!(
            "Wrote {} to {} (nothing was sent).",
            count(outgoing.len(), "message"),
            dir.display()
        ));
    } else {
        ctx.out.say(format!(
            "{} (nothing was sent):",
            count(outgoing.len(), "message")
        ));
    }
    let report = DryRunReport {
        dry_run: outgoing.iter().map(|o| o.email.to_string()).collect(),
        previews: if dir.is_some() { Vec::new() } else { previews },
    };
    ctx.out.print(&report)
}

fn file_safe(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | '@') {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// On a terminal (stdin and stderr), a one-line confirmation before a bulk send; `--yes` skips
/// it, and off a terminal nothing ever prompts.
pub fn confirm(count: usize, sender: &str, yes: bool) -> Result<(), AppError> {
    if yes || count <= 1 || !std::io::stdin().is_terminal() || !std::io::stderr().is_terminal() {
        return Ok(());
    }
    eprint!(
        "send {} as {sender}? [y/N] ",
        crate::output::count(count, "message")
    );
    let _ = std::io::stderr().flush();
    let mut answer = String::new();
    std::io::stdin()
        .read_line(&mut answer)
        .map_err(|e| AppError::usage(format!("cannot read the answer: {e}")))?;
    if matches!(answer.trim(), "y" | "Y" | "yes" | "Yes") {
        Ok(())
    } else {
        Err(AppError::usage("not confirmed; nothing was sent"))
    }
}

/// A bulk run: its journal, the key it is filed under, and the command that made it.
pub struct Run {
    journal: RunJournal,
    key: RunKey,
    command: &'static str,
}

/// How fast a run sends: at most `rate`, and `concurrency` requests at once.
#[derive(Debug, Clone, Copy)]
pub struct Pace {
    pub rate: Rate,
    pub concurrency: usize,
}

/// Opens (or resumes) the journal of the run `key` of `command`: its latest generation, or a
/// new one with `new_run` (everyone is mailed again; running the same command again without
/// `--new-run` then resumes that new generation, so an interrupted new run never mails twice).
pub fn open_run(
    ctx: &Context,
    key: RunKey,
    command: &'static str,
    new_run: bool,
) -> Result<Run, AppError> {
    let store = journal_store(ctx)?;
    let latest = store.latest_generation(&ctx.settings.profile, &key);
    let generation = if new_run {
        if latest >= MAX_GENERATIONS {
            return Err(AppError::usage(format!(
                "--new-run: this run was started afresh {MAX_GENERATIONS} times already; change the message or the recipients"
            )));
        }
        latest + 1
    } else {
        latest
    };
    let key = key.generation(generation);
    Ok(Run {
        journal: store.open_run(&ctx.settings.profile, &key)?,
        key,
        command,
    })
}

impl Run {
    pub fn journal(&self) -> &RunJournal {
        &self.journal
    }
}

fn journal_store(ctx: &Context) -> Result<JournalStore, AppError> {
    Ok(match &ctx.preset_journal {
        Some(root) => JournalStore::at(root),
        None => JournalStore::default_location()?,
    })
}

enum Outcome {
    Sent,
    Failed(String),
    Unknown(String),
    /// The sign-in died or Exchange asked for a long wait: stop the run.
    Stop(AppError),
}

/// Sends each message not yet sent in this run, paced and at most `concurrency` at once, and
/// reports who was sent, skipped and failed. Ctrl-C stops after the messages in flight.
pub async fn deliver(
    ctx: &Context,
    graph: &GraphClient,
    run: Run,
    outgoing: Vec<Outgoing>,
    mut report: DeliveryReport,
    pace: Pace,
    retry_unknown: bool,
) -> Result<DeliveryReport, AppError> {
    let Pace { rate, concurrency } = pace;
    let journal = RefCell::new(run.journal);
    let emails: Vec<EmailAddress> = outgoing.iter().map(|o| o.email.clone()).collect();
    journal.borrow_mut().append(&Record::Planned {
        at: Utc::now(),
        key: run.key.to_string(),
        profile: ctx.settings.profile.to_string(),
        command: run.command.to_owned(),
        recipients: emails.len(),
        emails,
    })?;
    let mut queue = Vec::new();
    for o in outgoing {
        match journal.borrow().state().decide(&o.email, retry_unknown) {
            Decision::Send => queue.push(o),
            d @ Decision::AlreadySent { .. } => report.skipped.push(Skipped {
                email: o.email.to_string(),
                reason: d.reason().unwrap_or_default(),
            }),
            Decision::Unknown { since, reason } => report.failed.push(Failed {
                email: o.email.to_string(),
                error: format!(
                    "unknown: {reason} (at {}); --retry-unknown sends it again",
                    since.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
                ),
            }),
        }
    }
    let bar = ctx.out.progress(queue.len() as u64, "sending");
    let pacer = RefCell::new(Pacer::new(rate.with_margin()));
    let stopping = std::cell::Cell::new(false);
    let mut fatal = None;
    let mut pending = queue.into_iter();
    let mut in_flight = FuturesUnordered::new();
    let interrupted = crate::commands::interrupted();
    tokio::pin!(interrupted);
    loop {
        while in_flight.len() < concurrency && !stopping.get() {
            let Some(o) = pending.next() else { break };
            in_flight.push(send_one(graph, &journal, &pacer, &stopping, o));
        }
        if in_flight.is_empty() {
            break;
        }
        tokio::select! {
            Some((email, outcome)) = in_flight.next() => {
                bar.inc(1);
                match outcome {
                    Outcome::Sent => report.sent.push(email.to_string()),
                    Outcome::Failed(error) => report.failed.push(Failed { email: email.to_string(), error }),
                    Outcome::Unknown(reason) => report.failed.push(Failed {
                        email: email.to_string(),
                        error: format!("unknown: {reason}; --retry-unknown sends it again"),
                    }),
                    Outcome::Stop(e) => {
                        report.failed.push(Failed { email: email.to_string(), error: e.to_string() });
                        stopping.set(true);
                        fatal.get_or_insert(e);
                    }
                }
            }
            _ = &mut interrupted, if !stopping.get() => {
                stopping.set(true);
                ctx.out.say("Interrupted: stopping after the messages in flight.");
            }
        }
    }
    bar.finish_and_clear();
    // Not sent because the run stopped: failures for the exit code (7), safe to send by
    // running the same command again (the journal has nothing for them).
    for o in pending {
        report.failed.push(Failed {
            email: o.email.to_string(),
            error: "not sent: the run stopped; run the same command again to go on".into(),
        });
    }
    if let Some(e) = fatal
        && report.sent.is_empty()
    {
        return Err(e);
    }
    if report.sent.is_empty() && report.failed.is_empty() && !report.skipped.is_empty() {
        ctx.out
            .say(format!("hint: {}", hints::mailed_by_an_earlier_run()));
    }
    Ok(report)
}

async fn send_one(
    graph: &GraphClient,
    journal: &RefCell<RunJournal>,
    pacer: &RefCell<Pacer>,
    stopping: &std::cell::Cell<bool>,
    o: Outgoing,
) -> (EmailAddress, Outcome) {
    let at = pacer.borrow_mut().reserve(std::time::Instant::now());
    tokio::time::sleep_until(tokio::time::Instant::from_std(at)).await;
    if stopping.get() {
        return (o.email, Outcome::Failed("not sent: the run stopped".into()));
    }
    let sending = Record::Sending {
        at: Utc::now(),
        email: o.email.clone(),
        message: Some(o.digest.clone()),
        slots: o.slots.clone(),
    };
    if let Err(e) = journal.borrow_mut().append(&sending) {
        return (o.email, Outcome::Stop(e.into()));
    }
    let answer = graph
        .write::<_, serde_json::Value>(
            Method::POST,
            "me/sendMail",
            &o.mail,
            RequestKind::UnkeyedWrite,
            &[],
        )
        .await;
    let (record, outcome) = match answer {
        Ok(_) => (
            Record::Sent {
                at: Utc::now(),
                email: o.email.clone(),
            },
            Outcome::Sent,
        ),
        Err(GraphError::OutcomeUnknown(reason)) => (
            Record::Unknown {
                at: Utc::now(),
                email: o.email.clone(),
                reason: reason.clone(),
            },
            Outcome::Unknown(reason),
        ),
        Err(GraphError::Renewal(e)) => (
            Record::Refused {
                at: Utc::now(),
                email: o.email.clone(),
                reason: e.to_string(),
                retryable: true,
            },
            Outcome::Stop(e),
        ),
        Err(e @ GraphError::AskedToWait { .. }) => {
            let text = e.to_string();
            (
                Record::Refused {
                    at: Utc::now(),
                    email: o.email.clone(),
                    reason: text.clone(),
                    retryable: true,
                },
                Outcome::Stop(AppError::unavailable(text)),
            )
        }
        // The sender's mailbox cannot be reached: no message of the run can go; say why once.
        Err(e) if e.is_mailbox_unreachable(false) => {
            let text = e.to_string();
            let stop = e
                .mailbox_unreachable(false)
                .unwrap_or_else(|| AppError::permission(text.clone()));
            (
                Record::Refused {
                    at: Utc::now(),
                    email: o.email.clone(),
                    reason: text,
                    retryable: true,
                },
                Outcome::Stop(stop),
            )
        }
        Err(e) => {
            let retryable = matches!(e, GraphError::GaveUp { .. } | GraphError::Network(_))
                || matches!(e, GraphError::Status { status, .. } if status >= 500);
            let text = e.to_string();
            (
                Record::Refused {
                    at: Utc::now(),
                    email: o.email.clone(),
                    reason: text.clone(),
                    retryable,
                },
                Outcome::Failed(text),
            )
        }
    };
    if let Err(e) = journal.borrow_mut().append(&record) {
        return (o.email, Outcome::Stop(e.into()));
    }
    (o.email, outcome)
}

/// The run's exit: 7 when some recipient failed, else 0.
pub fn finish(ctx: &Context, report: DeliveryReport) -> Result<(), AppError> {
    ctx.out.print(&report)?;
    if report.failed.is_empty() {
        Ok(())
    } else {
        Err(AppError::partial(format!(
            "{} of {} failed (see above); run the same command again to retry those refused, `{}` shows the run",
            report.failed.len(),
            count(
                report.sent.len() + report.failed.len() + report.skipped.len(),
                "message"
            ),
            hints::command(&ctx.settings.profile, "journal")
        )))
    }
}
