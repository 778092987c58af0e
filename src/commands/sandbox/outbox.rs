//! `sandbox outbox`: the mail a running sandbox tenant accepted through sendMail, read over its
//! control API (`GET /_sandbox/outbox`), oldest first: for people, each message as its
//! recipients would see it; for scripts (`--json`), every field.

use chrono::{DateTime, SecondsFormat, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize, Serializer};

use crate::cloud;
use crate::error::AppError;
use crate::hints;
use crate::http::{self, MAX_BODY_BYTES};
use crate::output::{Block, Output, Render, TableStyle};
use crate::redact;

/// The sources of the sandbox's URL, as the user names them.
const URL_SOURCE: &str = "--url (or RALLY_M365_GRAPH_URL)";

/// The longest line of a message shown to people.
const MAX_LINE_CHARS: usize = 2000;

/// `sandbox outbox --json`: `{"messages": [...]}`, oldest first.
#[derive(Debug, Serialize, JsonSchema)]
pub struct OutboxReport {
    /// In the order the sandbox accepted them.
    pub messages: Vec<OutboxMessage>,
}

/// One accepted message as the sandbox's control API describes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema, Deserialize)]
pub struct OutboxMessage {
    /// The signed-in sender.
    pub from: Address,
    /// To recipients.
    pub to: Vec<Address>,
    /// Cc recipients.
    pub cc: Vec<Address>,
    /// Bcc recipients.
    pub bcc: Vec<Address>,
    /// Reply-To addresses.
    pub reply_to: Vec<Address>,
    /// The subject.
    pub subject: String,
    /// `text` or `html`.
    pub content_type: String,
    /// The body, as sent.
    pub content: String,
    /// Whether a copy was kept in the sender's Sent Items.
    pub save_to_sent_items: bool,
    /// When the sandbox accepted it (RFC 3339, milliseconds, UTC).
    #[serde(serialize_with = "millis")]
    pub accepted_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema, Deserialize)]
pub struct Address {
    /// The e-mail address.
    pub address: String,
    /// The display name, when given.
    pub name: Option<String>,
}

/// The instant to the millisecond, as the sandbox gives it (messages a few ms apart stay apart).
fn millis<S: Serializer>(time: &DateTime<Utc>, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&time.to_rfc3339_opts(SecondsFormat::Millis, true))
}

fn shown(text: &str) -> String {
    redact::one_line(text, MAX_LINE_CHARS)
}

impl Address {
    /// `Pat Participant <pat@example.com>`, or the bare address.
    fn display(&self) -> String {
        match self
            .name
            .as_deref()
            .map(str::trim)
            .filter(|n| !n.is_empty())
        {
            Some(name) => format!("{} <{}>", shown(name), shown(&self.address)),
            None => shown(&self.address),
        }
    }
}

fn list(addresses: &[Address]) -> String {
    addresses
        .iter()
        .map(Address::display)
        .collect::<Vec<_>>()
        .join(", ")
}

impl OutboxMessage {
    fn lines(&self, number: usize) -> Vec<String> {
        let mut lines = vec![format!(
            "{number}. accepted {}",
            self.accepted_at.format("%Y-%m-%d %H:%M:%S UTC")
        )];
        lines.push(format!("   From:     {}", self.from.display()));
        for (label, addresses) in [
            ("To:      ", &self.to),
            ("Cc:      ", &self.cc),
            ("Bcc:     ", &self.bcc),
            ("Reply-To:", &self.reply_to),
        ] {
            if !addresses.is_empty() {
                lines.push(format!("   {label} {}", list(addresses)));
            }
        }
        lines.push(format!("   Subject:  {}", shown(&self.subject)));
        lines.push(format!("   Body ({}):", shown(&self.content_type)));
        lines.extend(self.content.lines().map(|l| format!("     {}", shown(l))));
        lines
    }
}

impl Render for OutboxReport {
    fn table(&self, _: TableStyle) -> Vec<Block> {
        let mut blocks = Vec::new();
        for (i, message) in self.messages.iter().enumerate() {
            if i > 0 {
                blocks.push(Block::Line(String::new()));
            }
            blocks.extend(message.lines(i + 1).into_iter().map(Block::Line));
        }
        blocks
    }
}

pub async fn run(out: &Output, url: Option<&str>) -> Result<(), AppError> {
    let Some(url) = url.map(str::trim).filter(|u| !u.is_empty()) else {
        return Err(AppError::usage(format!(
            "{URL_SOURCE}: give the URL of a running sandbox tenant"
        ))
        .with_hint(hints::sandbox_serve()));
    };
    let base = cloud::checked_base_url(URL_SOURCE, url)?;
    let messages = fetch(&base).await?;
    if messages.is_empty() {
        out.say(format!("The outbox of the sandbox at {base} is empty."));
    }
    out.print(&OutboxReport { messages })
}

async fn fetch(base: &url::Url) -> Result<Vec<OutboxMessage>, AppError> {
    let endpoint = cloud::join(base, "_sandbox/outbox");
    let response = http::build_client()
        .get(&endpoint)
        .send()
        .await
        .map_err(|e| {
            AppError::unavailable(format!(
                "cannot reach the sandbox at {base}: {}",
                http::error_chain(&e)
            ))
            .with_hint(hints::sandbox_serve())
        })?;
    let status = response.status();
    let not_a_sandbox = || {
        AppError::unexpected(format!(
            "{endpoint} answered {status}, not a sandbox outbox: is {base} a rally-m365 sandbox?"
        ))
        .with_hint(hints::sandbox_serve())
    };
    if status != reqwest::StatusCode::OK {
        return Err(not_a_sandbox());
    }
    let body = http::read_body_capped(response, MAX_BODY_BYTES)
        .await
        .map_err(|e| AppError::unavailable(format!("reading the outbox from {base}: {e}")))?;
    serde_json::from_slice(&body).map_err(|_| not_a_sandbox())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::{OutputFormat, Printer};

    fn address(address: &str, name: Option<&str>) -> Address {
        Address {
            address: address.into(),
            name: name.map(str::to_string),
        }
    }

    fn report() -> OutboxReport {
        OutboxReport {
            messages: vec![OutboxMessage {
                from: address("adele.vance@contoso.example", Some("Adele Vance")),
                to: vec![address(
                    "pat@example.com",
                    Some("Pat \u{1b}[31mParticipant"),
                )],
                cc: vec![],
                bcc: vec![address("notes@example.com", None)],
                reply_to: vec![],
                subject: "Research interview".into(),
                content_type: "text".into(),
                content: "Hello Pat,\nPick a time.".into(),
                save_to_sent_items: true,
                accepted_at: DateTime::parse_from_rfc3339("2026-12-03T09:00:05.250Z")
                    .unwrap()
                    .with_timezone(&Utc),
            }],
        }
    }

    fn render(format: OutputFormat) -> String {
        Printer::new(format, TableStyle::Plain)
            .render(&report())
            .unwrap()
    }

    #[test]
    fn people_read_each_message_as_its_recipients_would_without_terminal_escapes() {
        assert_eq!(
            render(OutputFormat::Table),
            "1. accepted 2026-12-03 09:00:05 UTC
   From:     Adele Vance <adele.vance@contoso.example>
   To:       Pat [31mParticipant <pat@example.com>
   Bcc:      notes@example.com
   Subject:  Research interview
   Body (text):
     Hello Pat,
     Pick a time.
"
        );
    }

    #[test]
    fn json_keeps_every_field_and_the_millisecond() {
        let v: serde_json::Value = serde_json::from_str(&render(OutputFormat::Json)).unwrap();
        let m = &v["messages"][0];
        assert_eq!(m["accepted_at"], "2026-12-03T09:00:05.250Z");
        assert_eq!(m["bcc"][0]["address"], "notes@example.com");
        assert!(m["bcc"][0]["name"].is_null());
        assert_eq!(m["content"], "Hello Pat,\nPick a time.");
        assert_eq!(m["save_to_sent_items"], true);
    }

    #[test]
    fn what_the_sandbox_serves_reads_back() {
        let served = r#"[{"from":{"address":"a@x.example","name":"A"},"to":[{"address":"p@x.example","name":null}],
            "cc":[],"bcc":[],"reply_to":[],"subject":"S","content_type":"html","content":"<p>x</p>",
            "save_to_sent_items":false,"accepted_at":"2026-12-03T09:00:05.250Z"}]"#;
        let messages: Vec<OutboxMessage> = serde_json::from_str(served).unwrap();
        assert_eq!(messages[0].to, [address("p@x.example", None)]);
        assert_eq!(messages[0].content_type, "html");
    }
}
