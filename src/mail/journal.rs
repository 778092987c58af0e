//! Exactly once across crashes: the journal of a bulk run, as records and the state machine
//! that replays them. (The file itself: [`crate::mail::journal_store`].)
//!
//! sendMail has no idempotency key, so the only way not to mail someone twice is to write down,
//! durably, what is about to happen before it happens. A run appends JSON lines, each fsynced
//! before the program goes on:
//! ```text
//! {"event":"planned","at":…,"key":…,"profile":"default","command":"invite","recipients":250,"emails":[…]}
//! {"event":"sending","at":…,"email":"ada@x.com","message":"<sha-256>","slots":[{"start":…,"end":…}]}
//! {"event":"sent","at":…,"email":"ada@x.com"}
//! {"event":"refused","at":…,"email":"bob@x.com","reason":"429 Too Many Requests","retryable":true}
//! {"event":"unknown","at":…,"email":"eve@x.com","reason":"the connection closed before an answer"}
//! ```
//! `planned` is written each time the command starts (a run resumed after a crash has several);
//! `sending` before each request; one outcome after it. Replaying the lines gives each
//! recipient's [`RecipientState`]:
//! - no record: [`RecipientState::NotStarted`];
//! - `sent`: [`RecipientState::Sent`], final (a later record for the address does not undo it);
//! - `refused`: [`RecipientState::Refused`] — Graph answered and did not take the message;
//! - `unknown`, or a `sending` with no outcome after it (the process died while the request was
//!   in flight): [`RecipientState::Unknown`].
//!
//! A last line cut short (a crash while writing it: no line end) is ignored, not an error: if it
//! was a `sending`, the request had not gone out (it goes out only once the line is on disk);
//! if it was an outcome, the recipient reads as unknown, which is the safe side. A whole line
//! that does not read (anywhere, the last one too) means the file was damaged or written by
//! another version, and the run stops rather than guess.
//!
//! [`should_send`] turns a state into a [`Decision`]:
//! - not started: send;
//! - sent: skip, "already sent at …" (reported under `skipped`);
//! - unknown: do not send, report under `failed` with reason `unknown`, unless the user asked for
//!   `--retry-unknown`;
//! - refused, retryable or not: send again. A refusal means Graph did not take the message, so
//!   sending again cannot mail anyone twice, and what made a permanent refusal (a 4xx: missing
//!   Mail.Send consent, a full mailbox, a blocked sender) is often fixed between two runs; if it
//!   is not, the new attempt is refused again and reported with Graph's fresh reason.
//!
//! A run is identified by a [`RunKey`]: SHA-256 over the profile, the command and what makes
//! the run this run. Build it from what the user typed and read (recipients, the template's
//! text, study, options), not from the rendered messages when they hold the free slots: those
//! depend on the clock and the calendar, so a run started again after a crash would get another
//! key, another journal, and mail everyone again. The slots each participant was offered are
//! kept in their `sending` record instead ([`JournalState::offered`]), so a resumed run can
//! count them against `--per-slot` ([`crate::mail::allocation::allocate_with_prior`]).

use std::collections::{BTreeMap, HashMap};
use std::fmt;

use chrono::{DateTime, SecondsFormat, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use thiserror::Error;

use crate::email::EmailAddress;
use crate::error::AppError;
use crate::mail::template_context::OfferedSlot;
use crate::store::config::ProfileName;

/// One line of a journal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum Record {
    /// The command started (again): who it is for.
    Planned {
        at: DateTime<Utc>,
        key: String,
        profile: String,
        command: String,
        recipients: usize,
        #[serde(default)]
        emails: Vec<EmailAddress>,
    },
    /// About to send the request for `email`; written and synced before it goes out.
    Sending {
        at: DateTime<Utc>,
        email: EmailAddress,
        /// [`crate::mail::template::RenderedMail::digest`] of the message.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        message: Option<String>,
        /// The slots the message offers.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        slots: Vec<OfferedSlot>,
    },
    /// Graph accepted the message (202).
    Sent {
        at: DateTime<Utc>,
        email: EmailAddress,
    },
    /// Graph answered and did not take the message.
    Refused {
        at: DateTime<Utc>,
        email: EmailAddress,
        reason: String,
        /// 429/503 and the like: worth trying again within the run.
        retryable: bool,
    },
    /// The request went out and no answer came back.
    Unknown {
        at: DateTime<Utc>,
        email: EmailAddress,
        reason: String,
    },
}

impl Record {
    /// The record as one journal line, newline included.
    pub fn to_line(&self) -> String {
        // Plain strings, numbers and timestamps: serde_json cannot fail on this type.
        let mut line = serde_json::to_string(self).unwrap_or_default();
        line.push('\n');
        line
    }

    fn email(&self) -> Option<&EmailAddress> {
        match self {
            Record::Planned { .. } => None,
            Record::Sending { email, .. }
            | Record::Sent { email, .. }
            | Record::Refused { email, .. }
            | Record::Unknown { email, .. } => Some(email),
        }
    }

    fn at(&self) -> DateTime<Utc> {
        match self {
            Record::Planned { at, .. }
            | Record::Sending { at, .. }
            | Record::Sent { at, .. }
            | Record::Refused { at, .. }
            | Record::Unknown { at, .. } => *at,
        }
    }
}

/// Where one recipient stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum RecipientState {
    NotStarted,
    Sent {
        at: DateTime<Utc>,
    },
    Refused {
        at: DateTime<Utc>,
        reason: String,
        retryable: bool,
    },
    /// The request went out (`since`) and its outcome is not known.
    Unknown {
        since: DateTime<Utc>,
        reason: String,
    },
}

/// The reason given for a `sending` that no outcome followed.
pub const DIED_IN_FLIGHT: &str = "the run stopped while the message was being sent";

/// What to do about one recipient when a run starts or resumes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    Send,
    /// Mailed by an earlier attempt of this run: report under `skipped`.
    AlreadySent {
        at: DateTime<Utc>,
    },
    /// Maybe mailed: report under `failed` with reason `unknown`; `--retry-unknown` sends.
    Unknown {
        since: DateTime<Utc>,
        reason: String,
    },
}

impl Decision {
    /// The reason to report for a recipient not sent to, as the JSON output words it.
    pub fn reason(&self) -> Option<String> {
        match self {
            Decision::Send => None,
            Decision::AlreadySent { at } => Some(format!(
                "already sent at {}",
                at.to_rfc3339_opts(SecondsFormat::Secs, true)
            )),
            Decision::Unknown { .. } => Some("unknown".to_owned()),
        }
    }
}

/// See the module doc for the rules.
pub fn should_send(state: &RecipientState, retry_unknown: bool) -> Decision {
    match state {
        RecipientState::NotStarted | RecipientState::Refused { .. } => Decision::Send,
        RecipientState::Sent { at } => Decision::AlreadySent { at: *at },
        RecipientState::Unknown { .. } if retry_unknown => Decision::Send,
        RecipientState::Unknown { since, reason } => Decision::Unknown {
            since: *since,
            reason: reason.clone(),
        },
    }
}

/// What a journal's file layer or its content can go wrong with.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum JournalError {
    #[error(
        "the journal {file} is damaged at line {line} ({detail}); move it away to start the run afresh"
    )]
    Damaged {
        file: String,
        line: usize,
        detail: String,
    },
    #[error(
        "the journal {file} does not start with a planned record; move it away to start the run afresh"
    )]
    NoHeader { file: String },
    #[error("another rally-m365 process is running this same send (journal {file})")]
    Busy { file: String },
    #[error("no journal run starts with `{0}`")]
    NotFound(String),
    #[error("several journal runs start with `{0}`; give more of the key")]
    Ambiguous(String),
    #[error("the journal {file} is over {max} bytes")]
    TooLarge { file: String, max: u64 },
    #[error("cannot find a directory for the journal (HOME is not set)")]
    NoStateDir,
    #[error("journal {file}: {detail}")]
    Io { file: String, detail: String },
    /// A path refused on principle (a link, another user's directory) or that failed to open.
    #[error("journal: {0}")]
    Refused(String),
}

impl From<JournalError> for AppError {
    fn from(e: JournalError) -> AppError {
        match e {
            JournalError::NotFound(_) | JournalError::Ambiguous(_) => AppError::usage(e),
            _ => AppError::store(e),
        }
    }
}

/// The identity of a run: 64 hex digits of SHA-256.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RunKey(String);

impl RunKey {
    /// Starts a key for `command` (`invite`, `send`) run as `profile`.
    pub fn builder(profile: &ProfileName, command: &str) -> RunKeyBuilder {
        let mut builder = RunKeyBuilder {
            hasher: Sha256::new(),
            recipients: BTreeMap::new(),
        };
        builder.field("version", "1");
        builder.field("profile", profile.as_str());
        builder.field("command", command);
        builder
    }

    /// A key read back from a file name; `None` unless it is 64 lowercase hex digits.
    pub fn parse(text: &str) -> Option<RunKey> {
        (text.len() == 64 && text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')))
            .then(|| RunKey(text.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Generation `n` of this run: the run started again from scratch with `--new-run`, `n`
    /// times. Generation 0 is the run itself (the key journals have always had).
    pub fn generation(&self, n: u32) -> RunKey {
        if n == 0 {
            return self.clone();
        }
        let mut hasher = Sha256::new();
        for part in [self.0.as_bytes(), b"generation", &n.to_be_bytes()] {
            hasher.update((part.len() as u64).to_be_bytes());
            hasher.update(part);
        }
        RunKey(
            hasher
                .finalize()
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect(),
        )
    }

    /// The first 12 digits, enough to tell runs apart on screen.
    pub fn short(&self) -> &str {
        &self.0[..12]
    }
}

impl fmt::Display for RunKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Feeds a [`RunKey`]: named fields in the order given, then the recipients sorted
/// (case-insensitively, so the file's row order and spelling do not matter).
///
/// Give it what decides what is sent (the template's text, `--study`, `--slots`, `--per-slot`,
/// the slot options as typed, each recipient's CSV row) and leave out what only decides how
/// (`--rate`, `--retry-unknown`, `--yes`, `--dry-run`): the same run resumed with
/// `--retry-unknown` must find its journal.
pub struct RunKeyBuilder {
    hasher: Sha256,
    recipients: BTreeMap<EmailAddress, String>,
}

impl RunKeyBuilder {
    /// A named part of the run: an option as typed, the template's text, the study.
    pub fn field(&mut self, name: &str, value: &str) -> &mut Self {
        for part in [name.as_bytes(), value.as_bytes()] {
            // Length-prefixed, so ("ab", "c") and ("a", "bc") differ.
            self.hasher.update((part.len() as u64).to_be_bytes());
            self.hasher.update(part);
        }
        self
    }

    /// A recipient and, optionally, what makes their message theirs (e.g. a digest of their
    /// CSV row). Order does not matter.
    pub fn recipient(&mut self, email: &EmailAddress, content: &str) -> &mut Self {
        self.recipients.insert(email.clone(), content.to_owned());
        self
    }

    pub fn finish(&mut self) -> RunKey {
        let recipients = std::mem::take(&mut self.recipients);
        for (email, content) in &recipients {
            self.field("recipient", &email.as_str().to_ascii_lowercase());
            self.field("content", content);
        }
        let digest = std::mem::take(&mut self.hasher).finalize();
        RunKey(digest.iter().map(|b| format!("{b:02x}")).collect())
    }
}

/// The first `planned` record of a journal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RunHeader {
    pub started_at: DateTime<Utc>,
    pub key: String,
    pub profile: String,
    pub command: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Track {
    InFlight { since: DateTime<Utc> },
    Done(RecipientState),
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Recipient {
    track: Option<Track>,
    offered: Vec<OfferedSlot>,
    message: Option<String>,
    attempts: u32,
}

/// What a journal says, record by record.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JournalState {
    header: Option<RunHeader>,
    /// How many times the command started (planned records).
    starts: u32,
    planned_count: usize,
    last_at: Option<DateTime<Utc>>,
    order: Vec<EmailAddress>,
    recipients: HashMap<EmailAddress, Recipient>,
}

/// A replayed journal, and how much of the text was whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Replayed {
    pub state: JournalState,
    /// Bytes of the text that hold whole records; what follows is a torn last line.
    pub valid_len: usize,
}

impl JournalState {
    /// Replays a journal's text (see the module doc for the torn-line rule). `file` names it in
    /// errors. An empty text is an empty state (a journal about to be started).
    pub fn replay(file: &str, text: &str) -> Result<Replayed, JournalError> {
        let mut state = JournalState::default();
        let mut valid_len = 0usize;
        let mut offset = 0usize;
        for (i, segment) in text.split_inclusive('\n').enumerate() {
            offset += segment.len();
            let Some(line) = segment.strip_suffix('\n') else {
                // No line end: the write of this line was cut short.
                break;
            };
            if line.trim().is_empty() {
                valid_len = offset;
                continue;
            }
            match serde_json::from_str::<Record>(line) {
                Ok(record) => {
                    if state.header.is_none() && !matches!(record, Record::Planned { .. }) {
                        return Err(JournalError::NoHeader {
                            file: file.to_owned(),
                        });
                    }
                    state.apply(&record);
                    valid_len = offset;
                }
                Err(e) => {
                    return Err(JournalError::Damaged {
                        file: file.to_owned(),
                        line: i + 1,
                        detail: e.to_string(),
                    });
                }
            }
        }
        Ok(Replayed { state, valid_len })
    }

    /// Takes one record into account (what the writer does after appending it).
    pub fn apply(&mut self, record: &Record) {
        let at = record.at();
        self.last_at = Some(self.last_at.map_or(at, |l| l.max(at)));
        if let Record::Planned {
            at,
            key,
            profile,
            command,
            recipients,
            emails,
        } = record
        {
            self.starts += 1;
            self.planned_count = *recipients;
            if self.header.is_none() {
                self.header = Some(RunHeader {
                    started_at: *at,
                    key: key.clone(),
                    profile: profile.clone(),
                    command: command.clone(),
                });
            }
            for email in emails {
                self.entry(email);
            }
            return;
        }
        let Some(email) = record.email() else {
            return;
        };
        let recipient = self.entry(email);
        if matches!(
            recipient.track,
            Some(Track::Done(RecipientState::Sent { .. }))
        ) {
            // Sent is final: nothing later makes a delivered message undelivered.
            return;
        }
        recipient.track = Some(match record {
            Record::Sending {
                at, message, slots, ..
            } => {
                recipient.attempts += 1;
                if !slots.is_empty() {
                    recipient.offered = slots.clone();
                }
                if message.is_some() {
                    recipient.message = message.clone();
                }
                Track::InFlight { since: *at }
            }
            Record::Sent { at, .. } => Track::Done(RecipientState::Sent { at: *at }),
            Record::Refused {
                at,
                reason,
                retryable,
                ..
            } => Track::Done(RecipientState::Refused {
                at: *at,
                reason: reason.clone(),
                retryable: *retryable,
            }),
            Record::Unknown { at, reason, .. } => {
                let since = match recipient.track {
                    Some(Track::InFlight { since }) => since,
                    _ => *at,
                };
                Track::Done(RecipientState::Unknown {
                    since,
                    reason: reason.clone(),
                })
            }
            Record::Planned { .. } => return,
        });
    }

    fn entry(&mut self, email: &EmailAddress) -> &mut Recipient {
        if !self.recipients.contains_key(email) {
            self.order.push(email.clone());
        }
        self.recipients.entry(email.clone()).or_default()
    }

    /// The state of one recipient; a `sending` without an outcome reads as unknown (the
    /// process that wrote it is gone).
    pub fn state(&self, email: &EmailAddress) -> RecipientState {
        match self.recipients.get(email).and_then(|r| r.track.as_ref()) {
            None => RecipientState::NotStarted,
            Some(Track::InFlight { since }) => RecipientState::Unknown {
                since: *since,
                reason: DIED_IN_FLIGHT.to_owned(),
            },
            Some(Track::Done(state)) => state.clone(),
        }
    }

    /// [`should_send`] for one recipient.
    pub fn decide(&self, email: &EmailAddress, retry_unknown: bool) -> Decision {
        should_send(&self.state(email), retry_unknown)
    }

    /// The slots offered to `email` by its last `sending` record, if any.
    pub fn offered(&self, email: &EmailAddress) -> Option<&[OfferedSlot]> {
        self.recipients
            .get(email)
            .map(|r| r.offered.as_slice())
            .filter(|s| !s.is_empty())
    }

    pub fn header(&self) -> Option<&RunHeader> {
        self.header.as_ref()
    }

    /// Every recipient named by the journal, in the order first named.
    pub fn recipients(&self) -> &[EmailAddress] {
        &self.order
    }

    /// Counts for `rally-m365 journal`.
    pub fn summary(&self, key: &RunKey) -> RunSummary {
        let mut summary = RunSummary {
            key: key.to_string(),
            started_at: self.header.as_ref().map(|h| h.started_at),
            last_activity: self.last_at,
            command: self.header.as_ref().map(|h| h.command.clone()),
            starts: self.starts,
            recipients: self.order.len().max(self.planned_count),
            sent: 0,
            refused: 0,
            unknown: 0,
            pending: 0,
            damaged: None,
        };
        for email in &self.order {
            match self.state(email) {
                RecipientState::NotStarted => summary.pending += 1,
                RecipientState::Sent { .. } => summary.sent += 1,
                RecipientState::Refused { .. } => summary.refused += 1,
                RecipientState::Unknown { .. } => summary.unknown += 1,
            }
        }
        // Planned recipients the journal does not list by address (an older writer).
        summary.pending += summary
            .recipients
            .saturating_sub(summary.sent + summary.refused + summary.unknown + summary.pending);
        summary
    }

    /// Who was mailed when, and what is unknown, recipient by recipient.
    pub fn detail(&self, key: &RunKey) -> RunDetail {
        RunDetail {
            summary: self.summary(key),
            recipients: self
                .order
                .iter()
                .map(|email| {
                    let r = self.recipients.get(email);
                    RecipientDetail {
                        email: email.clone(),
                        state: self.state(email),
                        attempts: r.map_or(0, |r| r.attempts),
                        offered: r.map(|r| r.offered.clone()).unwrap_or_default(),
                    }
                })
                .collect(),
        }
    }
}

/// One run, as `rally-m365 journal` lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct RunSummary {
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
    /// How many recipients the run has.
    pub recipients: usize,
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
}

/// One run, recipient by recipient.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RunDetail {
    #[serde(flatten)]
    pub summary: RunSummary,
    pub recipients: Vec<RecipientDetail>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct RecipientDetail {
    /// The recipient's address.
    pub email: EmailAddress,
    #[serde(flatten)]
    pub state: RecipientState,
    /// Requests started for this recipient (a `sending` each).
    pub attempts: u32,
    /// The slots offered to them (`invite`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub offered: Vec<OfferedSlot>,
}
