//! `journal`: the bulk runs of `invite` and `send` kept for this profile, newest first, and with
//! a run key every recipient: sent when, refused why, or unknown.

use chrono::{DateTime, Utc};
use schemars::JsonSchema;
use serde::Serialize;

use crate::cli::JournalArgs;
use crate::commands::Context;
use crate::error::AppError;
use crate::mail::journal::{RecipientDetail, RecipientState, RunDetail, RunSummary};
use crate::mail::journal_store::JournalStore;
use crate::output::{Block, Render, TableStyle};

#[derive(Debug, Serialize, JsonSchema)]
pub struct JournalReport {
    /// Newest first.
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

/// `journal RUN`: the run's summary, then every recipient. The summary's count of recipients is
/// left out: flattened beside the list it printed a second `recipients` key (JSON readers kept
/// the list), and the list says how many.
#[derive(Debug, Serialize, JsonSchema)]
pub struct RunReport {
    /// The run's key (64 hex digits), for `journal RUN`.
    pub key: String,
    /// When the run was first started; `null` when the journal does not say.
    pub started_at: Option<DateTime<Utc>>,
    /// The latest record of the run.
    pub last_activity: Option<DateTime<Utc>>,
    /// `invite` or `send`.
    pub command: Option<String>,
    /// How many times the command was started for this run.
    pub starts: u32,
    /// Recipients mailed.
    pub sent: usize,
    /// Recipients Microsoft refused.
    pub refused: usize,
    /// Recipients whose outcome is unknown (sent again only with --retry-unknown).
    pub unknown: usize,
    /// Recipients not yet tried.
    pub pending: usize,
    /// Why the journal could not be read whole, when it could not.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub damaged: Option<String>,
    /// Every recipient and where they stand.
    pub recipients: Vec<RecipientDetail>,
}

impl From<RunDetail> for RunReport {
    fn from(detail: RunDetail) -> RunReport {
        let RunDetail {
            summary,
            recipients,
        } = detail;
        RunReport {
            key: summary.key,
            started_at: summary.started_at,
            last_activity: summary.last_activity,
            command: summary.command,
            starts: summary.starts,
            sent: summary.sent,
            refused: summary.refused,
            unknown: summary.unknown,
            pending: summary.pending,
            damaged: summary.damaged,
            recipients,
        }
    }
}

impl Render for RunReport {
    fn table(&self, style: TableStyle) -> Vec<Block> {
        let mut table = style.table(&["Recipient", "State", "When", "Attempts", "Why"]);
        for r in &self.recipients {
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
        Some(key) => ctx.out.print(&RunReport::from(
            store.run_detail(&ctx.settings.profile, key)?,
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_run_prints_one_recipients_key_the_list() {
        let report = RunReport::from(RunDetail {
            summary: RunSummary {
                key: "k".into(),
                started_at: None,
                last_activity: None,
                command: Some("send".into()),
                starts: 1,
                recipients: 1,
                sent: 1,
                refused: 0,
                unknown: 0,
                pending: 0,
                damaged: None,
            },
            recipients: vec![RecipientDetail {
                email: "a@example.com".parse().unwrap(),
                state: RecipientState::NotStarted,
                attempts: 0,
                offered: Vec::new(),
            }],
        });
        let text = serde_json::to_string(&report).unwrap();
        assert_eq!(text.matches("\"recipients\"").count(), 1, "{text}");
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(value["recipients"][0]["email"], "a@example.com");
        assert_eq!(value["sent"], 1);
    }
}
