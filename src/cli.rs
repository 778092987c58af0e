//! The whole command-line surface (clap derive). Nothing else in the crate knows about clap.

pub mod examples;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::error::AppError;
use crate::output::Jq;
pub use crate::output::OutputFormat;

/// Schedule research interviews from your Microsoft 365 calendar, in the terminal and in scripts.
///
/// Start with `rally-m365 demo` (no account needed), then `rally-m365 connect`.
/// stdout carries data only (tables, JSON, CSV); messages for people go to stderr.
#[derive(Debug, Parser)]
#[command(
    name = "rally-m365",
    version,
    propagate_version = true,
    max_term_width = 100
)]
#[command(after_help = EXIT_CODES_HELP)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,

    #[command(subcommand)]
    pub command: Command,
}

pub const EXIT_CODES_HELP: &str = "\
Exit codes:
  0  done
  1  unexpected failure
  2  bad usage or bad input (nothing was sent)
  3  not connected, or the sign-in expired or was cancelled: run `rally-m365 connect`
  4  a permission is missing, or admin approval is required
  5  conflict: the slot is no longer free
  6  Microsoft 365 unavailable or throttled after retries; network failure
  7  partial: some participants failed";

/// The heading of the options every command takes, listed after the command's own.
pub const GLOBAL_OPTIONS: &str = "Global options";

#[derive(Debug, Args, Clone)]
pub struct GlobalArgs {
    /// Profile to use (one per account).
    #[arg(
        long,
        global = true,
        env = "RALLY_M365_PROFILE",
        default_value = "default",
        help_heading = GLOBAL_OPTIONS
    )]
    pub profile: String,

    /// Format of the data on stdout: table (for people), json (scripts), csv (lists: slots, interviews).
    #[arg(
        short = 'o',
        long,
        global = true,
        value_enum,
        value_name = "FORMAT",
        help_heading = GLOBAL_OPTIONS
    )]
    pub output: Option<OutputFormat>,

    /// Short for --output json.
    #[arg(long, global = true, help_heading = GLOBAL_OPTIONS)]
    pub json: bool,

    /// Filter the JSON with a jq expression (implies JSON; strings print without quotes).
    #[arg(long, global = true, value_name = "EXPR", help_heading = GLOBAL_OPTIONS)]
    pub jq: Option<String>,

    /// Log what happens on stderr (-v requests, -vv headers, timings, retries); secrets are always redacted.
    #[arg(short, long, global = true, action = clap::ArgAction::Count, help_heading = GLOBAL_OPTIONS)]
    pub verbose: u8,

    /// Print nothing on stderr but errors.
    #[arg(
        short,
        long,
        global = true,
        conflicts_with = "verbose",
        help_heading = GLOBAL_OPTIONS
    )]
    pub quiet: bool,

    /// Never prompt (prompting when stdin is not a terminal is an error anyway).
    #[arg(short = 'y', long, global = true, help_heading = GLOBAL_OPTIONS)]
    pub yes: bool,

    /// Where the refresh token lives: the OS keychain (default) or a 0600 file, only when you ask for it.
    #[arg(
        long,
        global = true,
        value_enum,
        value_name = "STORE",
        help_heading = GLOBAL_OPTIONS
    )]
    pub token_store: Option<TokenStoreArg>,
}

impl GlobalArgs {
    /// The format of the command's data on stdout (`-o`, `--json`, `--jq`), checked against
    /// what the command can print: exit 2 before anything is sent.
    pub fn output_format(&self, command: &Command) -> Result<OutputFormat, AppError> {
        let format = OutputFormat::from_flags(self.output, self.json, self.jq.is_some())?;
        command.check_output(format)?;
        Ok(format)
    }

    /// The compiled `--jq` expression: an invalid one is exit 2 before anything is sent.
    pub fn jq(&self) -> Result<Option<Jq>, AppError> {
        self.jq.as_deref().map(Jq::new).transpose()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TokenStoreArg {
    /// macOS Keychain, Windows Credential Manager, Linux Secret Service.
    Keychain,
    /// A file readable by you only (0600) in the data directory; for machines without a keychain.
    File,
}

impl From<TokenStoreArg> for crate::store::TokenStoreKind {
    fn from(arg: TokenStoreArg) -> Self {
        match arg {
            TokenStoreArg::Keychain => crate::store::TokenStoreKind::Keychain,
            TokenStoreArg::File => crate::store::TokenStoreKind::File,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Sign in to Microsoft 365 and keep the sign-in in the keychain.
    ///
    /// Opens the browser on Microsoft's sign-in page (authorization code + PKCE) and waits for the
    /// answer on a one-shot listener on 127.0.0.1. Prints the permissions granted beside those required.
    /// On an SSH session without a display it signs in with a device code instead (--browser
    /// forces the browser sign-in).
    #[command(visible_alias = "login", after_long_help = examples::CONNECT)]
    Connect(ConnectArgs),
    /// Show the account, tenant, cloud, token store, expiry and permissions (exit 3 when not connected).
    ///
    /// Offline by default: no request while the access token is fresh. --check asks Microsoft
    /// whether the sign-in is still good (one request); --all lists every profile.
    #[command(after_long_help = examples::STATUS)]
    Status(StatusArgs),
    /// Remove this profile's sign-in, wherever it is (safe to run twice).
    #[command(visible_alias = "logout", after_long_help = examples::DISCONNECT)]
    Disconnect,
    /// Every profile (from the config file and from stored sign-ins) with its account and state.
    #[command(after_long_help = examples::PROFILES)]
    Profiles,
    /// The link an IT admin opens to approve the app for the whole organisation.
    #[command(name = "admin-consent", after_long_help = examples::ADMIN_CONSENT)]
    AdminConsent(AdminConsentArgs),
    /// Free interview slots from your calendar (working hours, busy time, buffers, notice, time zones).
    #[command(after_long_help = examples::SLOTS)]
    Slots(Box<SlotsArgs>),
    /// Book an interview: create the event with the participants invited, after rechecking the slot.
    ///
    /// The participants are required attendees, so Exchange sends them the meeting request. The
    /// slot is checked against the free/busy of you and of every attendee whose calendar you can
    /// see (exit 5 on a conflict, nothing created). The event carries a transaction id derived
    /// from you, the attendees, the start and the subject: running the same command again, or
    /// retrying after a timeout, never books twice.
    #[command(after_long_help = examples::BOOK)]
    Book(Box<BookArgs>),
    /// Move an interview to another time (rechecked first); the attendees get the update.
    #[command(after_long_help = examples::RESCHEDULE)]
    Reschedule(RescheduleArgs),
    /// Cancel an interview you organize; the attendees are notified.
    #[command(after_long_help = examples::CANCEL)]
    Cancel(CancelArgs),
    /// The interviews booked with rally-m365, upcoming first, with the attendees' responses.
    #[command(after_long_help = examples::INTERVIEWS)]
    Interviews(InterviewsArgs),
    /// E-mail participants an invitation that offers free slots, one message each.
    ///
    /// The slots come from your calendar as with `slots`, shown in the participant's zone. One
    /// participant, or thousands from --csv, paced to Exchange Online's sending limits; a journal
    /// makes sure each participant is mailed once, even when a run is interrupted and started again.
    #[command(after_long_help = examples::INVITE)]
    Invite(Box<InviteArgs>),
    /// E-mail participants any other message, one message per recipient unless --together.
    #[command(after_long_help = examples::SEND)]
    Send(Box<SendArgs>),
    /// Past bulk runs of invite and send: who was mailed when, and what is unknown.
    #[command(after_long_help = examples::JOURNAL)]
    Journal(JournalArgs),
    /// The sandbox tenant: an emulator of Microsoft's identity platform and Graph, for trying things out.
    #[command(subcommand, after_long_help = examples::SANDBOX)]
    Sandbox(SandboxCommand),
    /// Walk through connect, status and slots against an in-process sandbox tenant (no account needed).
    #[command(after_long_help = examples::DEMO)]
    Demo,
    /// Print the JSON Schema (draft 2020-12) of a command's JSON output; of all of them without COMMAND.
    ///
    /// Without COMMAND: one JSON object with a member per command, named as typed
    /// (`"sandbox outbox"`). Each schema names the fields a command always prints as required
    /// and does not forbid others: later versions may add fields.
    #[command(after_long_help = examples::SCHEMA)]
    Schema {
        /// The command, e.g. `status` or `sandbox outbox`.
        #[arg(value_name = "COMMAND", num_args = 0..)]
        command: Vec<String>,
    },
    /// Print shell completions (the files in completions/ are generated from this).
    #[command(after_long_help = examples::COMPLETIONS)]
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff), generated from the same definitions as --help (the pages in completions/man/).
    #[command(after_long_help = examples::MAN)]
    Man {
        /// A command's own page (`man connect`, `man sandbox serve`) instead of the main one.
        #[arg(value_name = "COMMAND")]
        command: Vec<String>,
    },
}

/// A command path as typed (`login`, `sandbox outbox`) with each word replaced by the command's
/// own name (aliases resolved: `login` → `connect`); words that name no command stay as typed.
pub fn canonical_command_path(words: &[String]) -> Vec<String> {
    use clap::CommandFactory;
    let mut current = Cli::command();
    let mut path = Vec::with_capacity(words.len());
    for word in words {
        match current.find_subcommand(word).cloned() {
            Some(sub) => {
                path.push(sub.get_name().to_owned());
                current = sub;
            }
            None => path.push(word.clone()),
        }
    }
    path
}

impl Command {
    /// The formats this command's data takes on stdout: a table and JSON for most, CSV too for
    /// lists; text only for what is not data (a script, a man page, the demo's walk-through).
    pub fn output_formats(&self) -> &'static [OutputFormat] {
        match self {
            Command::Slots(_) | Command::Interviews(_) => &OutputFormat::ALL,
            Command::Completions { .. } | Command::Man { .. } | Command::Demo => {
                &[OutputFormat::Table]
            }
            _ => &[OutputFormat::Table, OutputFormat::Json],
        }
    }

    /// A usage error when this command cannot print its data as `format`.
    fn check_output(&self, format: OutputFormat) -> Result<(), AppError> {
        let formats = self.output_formats();
        if formats.contains(&format) {
            return Ok(());
        }
        if formats == [OutputFormat::Table] {
            return Err(AppError::usage(format!(
                "--output {}: this command prints text, not data; leave out --output, --json and --jq",
                format.name()
            )));
        }
        let others: Vec<String> = formats
            .iter()
            .map(|f| format!("--output {}", f.name()))
            .collect();
        Err(AppError::usage(format!(
            "--output {}: this command has no {} form (its data is not a list); use {}",
            format.name(),
            format.name().to_uppercase(),
            others.join(" or ")
        )))
    }
}

#[derive(Debug, Args, Default)]
pub struct StatusArgs {
    /// Verify the sign-in with Microsoft: one token request, which fails if the sign-in was
    /// revoked or expired (exit 3) or Microsoft cannot be reached (exit 6).
    #[arg(long)]
    pub check: bool,
    /// List every profile with its account and state, as `profiles` does.
    #[arg(long, conflicts_with = "check")]
    pub all: bool,
}

#[derive(Debug, Args)]
pub struct ConnectArgs {
    /// Ask for calendar access only, for workspaces that send mail through their own domain (no Mail.Send).
    #[arg(long)]
    pub calendar_only: bool,

    /// Do not open a browser; print the sign-in URL on stderr and wait.
    #[arg(long)]
    pub no_browser: bool,

    /// Sign in with a code on another device (the default on an SSH session without a display).
    #[arg(long, conflicts_with = "no_browser")]
    pub device_code: bool,

    /// Sign in in the browser (loopback redirect) even on an SSH session without a display.
    #[arg(long, conflicts_with_all = ["no_browser", "device_code"])]
    pub browser: bool,

    /// How long to wait for the sign-in: seconds or a duration (90s, 5m, 1h), at most 1h.
    #[arg(long, value_name = "DURATION", default_value = "5m")]
    pub timeout: String,

    /// Tenant to sign in to: organizations, common, a tenant id or domain [env: RALLY_M365_TENANT].
    #[arg(long, value_name = "TENANT")]
    pub tenant: Option<String>,
}

#[derive(Debug, Args)]
pub struct AdminConsentArgs {
    /// The organisation's tenant id or domain (or `organizations`; never `common`).
    #[arg(long, value_name = "TENANT")]
    pub tenant: Option<String>,

    /// Do not open a browser; print the link and wait for the admin's answer.
    #[arg(long)]
    pub no_browser: bool,

    /// Only print the link; do not wait for the answer.
    #[arg(long)]
    pub print_only: bool,

    /// How long to wait for the admin's answer: seconds or a duration (90s, 10m, 1h), at most 1h.
    #[arg(long, value_name = "DURATION", default_value = "10m")]
    pub timeout: String,

    /// Link for calendar access only (no Mail.Send).
    #[arg(long)]
    pub calendar_only: bool,
}

#[derive(Debug, Args, Clone, Default)]
pub struct SlotsArgs {
    /// The 7 days from now (the default window).
    #[arg(long, conflicts_with_all = ["days", "from", "to"])]
    pub week: bool,

    /// The N days from --from (calendar days), or from now.
    #[arg(long, value_name = "N", conflicts_with = "to")]
    pub days: Option<u32>,

    /// Window start: RFC 3339, or a local date/time in the display zone (2026-12-03, 2026-12-03T10:00) [default: now].
    #[arg(long, value_name = "TIME")]
    pub from: Option<String>,

    /// Window end: a date includes that whole day; a time is exclusive (--from defaults to now).
    #[arg(long, value_name = "TIME")]
    pub to: Option<String>,

    /// Interview length: 45m, 45min, 1h30, 1.5h, 90 minutes [default: 60m; config slots.duration].
    #[arg(long, value_name = "DURATION")]
    pub duration: Option<String>,

    /// Grid of start times, from the start of working hours [default: 30m; config slots.step].
    #[arg(long, value_name = "DURATION")]
    pub step: Option<String>,

    /// Free time kept before and after every busy item [default: 0m; config slots.buffer].
    #[arg(long, value_name = "DURATION")]
    pub buffer: Option<String>,

    /// Earliest start after now [default: 0m; config slots.notice].
    #[arg(long, value_name = "DURATION")]
    pub notice: Option<String>,

    /// Display time zone, IANA (Europe/Berlin) or Windows name, not an abbreviation (EST) [default: config slots.tz, else TZ, else this machine's zone].
    #[arg(long, value_name = "ZONE")]
    pub tz: Option<String>,

    /// At most N slots per working day (your working hours' day) [config slots.max_per_day].
    #[arg(long, value_name = "N")]
    pub max_per_day: Option<usize>,

    /// Treat tentative items as free (busy, out-of-office and tentative block by default).
    #[arg(long)]
    pub tentative_free: bool,

    /// Offer slots that do not overlap each other (what you send to several participants).
    #[arg(long)]
    pub no_overlap: bool,

    /// Someone else who must also be free: a colleague, a note-taker, a room (repeatable, up to 19).
    #[arg(long = "with", value_name = "EMAIL")]
    pub with: Vec<String>,

    /// Your working hours, overriding the calendar's, in the display zone (09:00-17:00).
    #[arg(long, value_name = "HH:MM-HH:MM")]
    pub hours: Option<String>,

    /// Working days with --hours (mon-fri, or mon,wed,fri) [default: mon-fri].
    #[arg(long, value_name = "DAYS", requires = "hours")]
    pub days_of_week: Option<String>,
}

#[derive(Debug, Args, Clone, Default)]
pub struct BookArgs {
    /// Participants, invited as required attendees (at most 500 attendees in all).
    #[arg(value_name = "PARTICIPANT_EMAIL", required = true)]
    pub participants: Vec<String>,

    /// Start: RFC 3339, or a local date and time in the display zone (2026-12-03T10:00).
    #[arg(long, value_name = "TIME")]
    pub start: String,

    /// Length of the interview [default: 60m; config slots.duration].
    #[arg(long, value_name = "DURATION", conflicts_with = "end")]
    pub duration: Option<String>,

    /// End instead of --duration (same forms as --start).
    #[arg(long, value_name = "TIME")]
    pub end: Option<String>,

    /// Subject of the meeting request.
    #[arg(long, value_name = "TEXT", default_value = "Research interview")]
    pub subject: String,

    /// An optional attendee (repeatable).
    #[arg(long = "optional", value_name = "EMAIL")]
    pub optional: Vec<String>,

    /// A colleague who takes notes, invited as an optional attendee (repeatable).
    #[arg(long, value_name = "EMAIL")]
    pub note_taker: Vec<String>,

    /// The invitation's text.
    #[arg(long, value_name = "TEXT", conflicts_with = "body_file")]
    pub body: Option<String>,

    /// Read the invitation's text from a file (- for stdin).
    #[arg(long, value_name = "FILE")]
    pub body_file: Option<std::path::PathBuf>,

    /// The body is HTML, not plain text.
    #[arg(long)]
    pub html: bool,

    /// Where the interview happens (a room, an address, a link).
    #[arg(long, value_name = "TEXT")]
    pub location: Option<String>,

    /// Make it a Teams meeting and print the join link.
    #[arg(long)]
    pub teams: bool,

    #[command(flatten)]
    pub recheck: RecheckArgs,

    /// Also show the time in the participant's zone.
    #[arg(long, value_name = "ZONE")]
    pub participant_tz: Option<String>,
}

/// How messages are sent: pacing, retries, looking first.
#[derive(Debug, Args, Clone, Default)]
pub struct DeliveryArgs {
    /// Render every message and send nothing (to stdout, or files with --dry-run-dir).
    #[arg(long)]
    pub dry_run: bool,

    /// With --dry-run: write one file per message into DIR instead of stdout.
    #[arg(long, value_name = "DIR", requires = "dry_run")]
    pub dry_run_dir: Option<std::path::PathBuf>,

    /// At most N messages per period: 30/min (Exchange Online's limit), 100/h, 5/10s [default: 30/min; config mail.rate].
    #[arg(long, value_name = "N/PERIOD")]
    pub rate: Option<String>,

    /// Requests in flight at once, at most 4 (Exchange allows 4 per mailbox) [default: 4; config mail.concurrency].
    #[arg(long, value_name = "N")]
    pub concurrency: Option<usize>,

    /// Send again to those whose earlier send has an unknown outcome (they may get it twice).
    #[arg(long)]
    pub retry_unknown: bool,

    /// Start this run afresh: everyone is mailed again, even those an earlier run of the same
    /// command mailed (that run stays in the journal). Running the command again without it
    /// resumes the new run.
    #[arg(long)]
    pub new_run: bool,
}

#[derive(Debug, Args, Clone, Default)]
pub struct InviteArgs {
    /// Participants to invite (or --csv).
    #[arg(value_name = "PARTICIPANT_EMAIL")]
    pub participants: Vec<String>,

    /// A participants file: columns `email`, `name` and any others (template variables).
    #[arg(long, value_name = "FILE", conflicts_with_all = ["participants", "name"])]
    pub csv: Option<std::path::PathBuf>,

    /// The participant's name (with one address).
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,

    /// How many slots each invitation offers [default: 5].
    #[arg(long = "slots", value_name = "N", default_value_t = 5)]
    pub offer: usize,

    /// No slot is offered to more than N participants of the run.
    #[arg(long, value_name = "N")]
    pub per_slot: Option<usize>,

    /// The study's name, for the template.
    #[arg(long, value_name = "NAME")]
    pub study: Option<String>,

    /// Your own template: an optional first line `Subject: ...`, then the body; .html files are HTML.
    #[arg(long, value_name = "FILE")]
    pub template: Option<std::path::PathBuf>,

    /// The participants' zone for the slots shown [default: the display zone].
    #[arg(long, value_name = "ZONE")]
    pub participant_tz: Option<String>,

    #[command(flatten)]
    pub slots: SlotsArgs,

    #[command(flatten)]
    pub delivery: DeliveryArgs,
}

#[derive(Debug, Args, Clone, Default)]
pub struct SendArgs {
    /// A recipient (repeatable), or --csv.
    #[arg(long = "to", value_name = "EMAIL")]
    pub to: Vec<String>,

    /// A copy to EMAIL on every message (repeatable).
    #[arg(long, value_name = "EMAIL")]
    pub cc: Vec<String>,

    /// A blind copy to EMAIL on every message (repeatable).
    #[arg(long, value_name = "EMAIL")]
    pub bcc: Vec<String>,

    /// Recipients from a file: columns `email`, `name` and any others (template variables).
    #[arg(long, value_name = "FILE", conflicts_with = "to")]
    pub csv: Option<std::path::PathBuf>,

    /// Subject (a template: {{ participant.name }} and the CSV columns).
    #[arg(long, value_name = "TEXT")]
    pub subject: String,

    /// The message (a template, as --subject).
    #[arg(
        long,
        value_name = "TEXT",
        conflicts_with = "body_file",
        required_unless_present = "body_file"
    )]
    pub body: Option<String>,

    /// Read the message from a file (- for stdin).
    #[arg(long, value_name = "FILE")]
    pub body_file: Option<std::path::PathBuf>,

    /// The body is HTML, not plain text.
    #[arg(long)]
    pub html: bool,

    /// One message to all --to recipients instead of one each (they see each other's addresses).
    #[arg(long, conflicts_with = "csv")]
    pub together: bool,

    #[command(flatten)]
    pub delivery: DeliveryArgs,
}

#[derive(Debug, Args, Clone, Default)]
pub struct JournalArgs {
    /// One run (its key or the start of it): every recipient and what happened.
    #[arg(value_name = "RUN")]
    pub run: Option<String>,
}

#[derive(Debug, Args, Clone, Default)]
pub struct RescheduleArgs {
    /// The event id (from `book` or `interviews`).
    #[arg(value_name = "EVENT_ID")]
    pub event_id: String,

    /// The new start (same forms as `book --start`).
    #[arg(long, value_name = "TIME")]
    pub start: String,

    /// The new length [default: the current length].
    #[arg(long, value_name = "DURATION")]
    pub duration: Option<String>,

    #[command(flatten)]
    pub recheck: RecheckArgs,
}

/// How `book` and `reschedule` check a slot, and where their times are read.
#[derive(Debug, Args, Clone, Default)]
pub struct RecheckArgs {
    /// Free time kept before and after the interview in everyone's calendar [default: 0m].
    #[arg(long, value_name = "DURATION")]
    pub buffer: Option<String>,

    /// Treat tentative items as free in the recheck.
    #[arg(long)]
    pub tentative_free: bool,

    /// Skip the recheck of free/busy.
    #[arg(long)]
    pub force: bool,

    /// Print what would be sent and send nothing.
    #[arg(long)]
    pub dry_run: bool,

    /// Display time zone for times typed and shown [default: this machine's zone; config slots.tz].
    #[arg(long, value_name = "ZONE")]
    pub tz: Option<String>,
}

#[derive(Debug, Args, Clone, Default)]
pub struct CancelArgs {
    /// The event id (from `book` or `interviews`).
    #[arg(value_name = "EVENT_ID")]
    pub event_id: String,

    /// A message for the attendees, sent with the cancellation.
    #[arg(long, value_name = "TEXT")]
    pub message: Option<String>,

    /// Print what would be cancelled and send nothing.
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Args, Clone, Default)]
pub struct InterviewsArgs {
    /// The N days from --from, else from now [default: 30].
    #[arg(long, value_name = "N", conflicts_with = "to")]
    pub days: Option<u32>,

    /// Window start (same forms as `slots --from`) [default: now].
    #[arg(long, value_name = "TIME")]
    pub from: Option<String>,

    /// Window end: a date includes that whole day.
    #[arg(long, value_name = "TIME")]
    pub to: Option<String>,

    /// Display time zone [default: config slots.tz, else TZ, else this machine's zone].
    #[arg(long, value_name = "ZONE")]
    pub tz: Option<String>,

    /// Include cancelled interviews.
    #[arg(long)]
    pub all: bool,
}

/// The format lives with the printer, which knows nothing of clap; clap learns its names here.
impl ValueEnum for OutputFormat {
    fn value_variants<'a>() -> &'a [Self] {
        &OutputFormat::ALL
    }

    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        Some(clap::builder::PossibleValue::new(self.name()))
    }
}

#[derive(Debug, Subcommand)]
pub enum SandboxCommand {
    /// Run the sandbox tenant on 127.0.0.1 and print the environment that points rally-m365 at it.
    #[command(after_long_help = examples::SANDBOX_SERVE)]
    Serve {
        /// Port to listen on (0: any free port).
        #[arg(long, default_value_t = 0)]
        port: u16,
        /// Start with users only, no calendar events.
        #[arg(long)]
        empty: bool,
    },
    /// Print the mail a running sandbox tenant accepted (its outbox), oldest first.
    #[command(after_long_help = examples::SANDBOX_OUTBOX)]
    Outbox {
        /// The sandbox's URL, as `sandbox serve` prints it.
        #[arg(long, env = "RALLY_M365_GRAPH_URL", value_name = "URL")]
        url: Option<String>,
    },
}
