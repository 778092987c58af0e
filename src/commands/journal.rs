//! `journal`: the bulk runs of `invite` and `send` kept for this profile, newest first, and with
//! a run key every recipient: sent when, refused why, or unknown.

use serde::Serialize;

use crate::cli::JournalArgs;
use crate::commands::Context;
use crate::error::AppError;
use crate::mail::journal::{RecipientState, RunDetail, RunSummary};
use crate::mail::journal_store::JournalStore;
use crate::output::{Block, Render, TableStyle};

#[derive(Debug, Serialize)]
pub struct JournalReport {
    pub runs: Vec<RunSummary>,
}

impl Render for JournalReport {
    fn table(&self, style: TableStyle) -> Vec<Block> {
        if self.runs.is_empty() {
            return vec![Block::Line("No bulk run in the journal.".into())];
        }
        let mut table = style.table(&[
            "Run",
            "Started",
            "Command",
            "Recipients",
            "Sent",
            "Refused",
            "Unknown",
            "Pending",
        ]);
        for r in &self.runs {
            table.add_row(vec![
                r.key.chars().take(12).collect::<String>(),
                r.started_at
                    .map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string())
                    .unwrap_or_else(|| "-".into()),
                r.command.clone().unwrap_or_default(),
                r.recipients.to_string(),
                r.sent.to_string(),
                r.refused.to_string(),
                r.unknown.to_string(),
                r.pending.to_string(),
            ]);
        }
        vec![table.into()]
    }
}

#[derive(Debug, Serialize)]
#[serde(transparent)]
pub struct RunReport(pub RunDetail);

impl Render for RunReport {
    fn table(&self, style: TableStyle) -> Vec<Block> {
        let mut table = style.table(&["Recipient", "State", "When", "Attempts", "Why"]);
        for r in &self.0.recipients {
            let (state, when, why) = match &r.state {
                RecipientState::NotStarted => ("pending", String::new(), String::new()),
                RecipientState::Sent { at } => ("sent", at.to_rfc3339(), String::new()),
                RecipientState::Refused { at, reason, .. } => {
                    ("refused", at.to_rfc3339(), reason.clone())
                }
                RecipientState::Unknown { since, reason } => {
                    ("UNKNOWN", since.to_rfc3339(), reason.clone())
                }
            };
            table.add_row(vec![
                r.email.to_string(),
                state.to_owned(),
                when,
                r.attempts.to_string(),
                why,
            ]);
        }
        // Microsoft's reason for a refusal, then the time, give way first on a narrow terminal.
        vec![Block::dropping(table, &[4, 2])]
    }
}

pub fn run(ctx: &Context, args: &JournalArgs) -> Result<(), AppError> {
    let store = JournalStore::default_location()?;
    match &args.run {
        None => ctx.out.print(&JournalReport {
            runs: store.list_runs(&ctx.settings.profile)?,
        }),
        Some(key) => ctx
            .out
            .print(&RunReport(store.run_detail(&ctx.settings.profile, key)?)),
    }
}
