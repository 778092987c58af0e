//! The mail the tenant accepted through sendMail, kept instead of delivered: the outbox, in the
//! order of acceptance, and Exchange Online's sending limits per mailbox, counted when a message
//! is accepted.
//!
//! Limits ("Exchange Online limits", sending limits,
//! <https://learn.microsoft.com/office365/servicedescriptions/exchange-online-service-description/exchange-online-limits>):
//! a message rate of 30 messages per minute and a recipient rate of 10,000 recipients per day
//! (rolling; every recipient of every message counts). The service description scopes the
//! message rate to SMTP client submission and says excess submissions are delayed rather than
//! refused; the sandbox answers 429 with `Retry-After` instead, so a client that does not pace
//! itself is seen at once rather than silently slowed.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};

use super::send_limit::{Rate, Usage};

/// A message the tenant accepted (`POST /me/sendMail` answered 202).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SandboxMail {
    /// The signed-in user who sent it (address and display name).
    pub from: SandboxRecipient,
    pub to: Vec<SandboxRecipient>,
    pub cc: Vec<SandboxRecipient>,
    pub bcc: Vec<SandboxRecipient>,
    pub reply_to: Vec<SandboxRecipient>,
    pub subject: String,
    pub content_type: SandboxContentType,
    pub content: String,
    pub save_to_sent_items: bool,
    pub accepted_at: DateTime<Utc>,
}

impl SandboxMail {
    /// Every address the message went to (To, Cc, then Bcc), as the sender wrote them.
    pub fn recipients(&self) -> Vec<&str> {
        self.to
            .iter()
            .chain(&self.cc)
            .chain(&self.bcc)
            .map(|r| r.address.as_str())
            .collect()
    }
}

/// A Graph `recipient`: an address and, when given, a display name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SandboxRecipient {
    pub address: String,
    pub name: Option<String>,
}

/// Graph `bodyType`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SandboxContentType {
    Text,
    Html,
}

impl SandboxContentType {
    /// Graph's spelling in answers (`text`, `html`).
    pub fn wire_name(self) -> &'static str {
        match self {
            SandboxContentType::Text => "text",
            SandboxContentType::Html => "html",
        }
    }
}

/// Exchange Online's default message rate: 30 messages per minute.
pub(super) const MESSAGE_RATE: Rate = Rate {
    limit: 30,
    window: Duration::from_secs(60),
};

/// Exchange Online's default recipient rate: 10,000 recipients per day.
pub(super) const RECIPIENT_RATE: Rate = Rate {
    limit: 10_000,
    window: Duration::from_secs(24 * 60 * 60),
};

/// Which sending limit refused a message, and how long until it would fit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Throttled {
    MessageRate(Duration),
    RecipientRate(Duration),
}

/// What one mailbox sent within the windows.
#[derive(Debug, Default)]
struct MailboxUsage {
    messages: Usage,
    recipients: Usage,
}

#[derive(Debug)]
pub(super) struct MailStore {
    pub(super) outbox: Vec<SandboxMail>,
    pub(super) message_rate: Rate,
    pub(super) recipient_rate: Rate,
    usage: HashMap<String, MailboxUsage>,
}

impl Default for MailStore {
    fn default() -> Self {
        MailStore {
            outbox: Vec::new(),
            message_rate: MESSAGE_RATE,
            recipient_rate: RECIPIENT_RATE,
            usage: HashMap::new(),
        }
    }
}

impl MailStore {
    /// Puts `mail` in the outbox and counts it against `mailbox`'s limits, or says which limit
    /// refuses it (then nothing is counted or kept).
    pub(super) fn accept(
        &mut self,
        mailbox: &str,
        mail: SandboxMail,
        now: Instant,
    ) -> Result<(), Throttled> {
        let recipients = u32::try_from(mail.recipients().len()).unwrap_or(u32::MAX);
        let usage = self.usage.entry(mailbox.to_ascii_lowercase()).or_default();
        if let Some(wait) = usage.messages.wait(self.message_rate, 1, now) {
            return Err(Throttled::MessageRate(wait));
        }
        if let Some(wait) = usage.recipients.wait(self.recipient_rate, recipients, now) {
            return Err(Throttled::RecipientRate(wait));
        }
        usage.messages.record(1, now);
        usage.recipients.record(recipients, now);
        self.outbox.push(mail);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mail(to: &[&str]) -> SandboxMail {
        let r = |a: &str| SandboxRecipient {
            address: a.to_string(),
            name: None,
        };
        SandboxMail {
            from: r("adele@contoso.example"),
            to: to.iter().map(|a| r(a)).collect(),
            cc: vec![],
            bcc: vec![],
            reply_to: vec![],
            subject: "Hi".into(),
            content_type: SandboxContentType::Text,
            content: String::new(),
            save_to_sent_items: true,
            accepted_at: DateTime::UNIX_EPOCH,
        }
    }

    #[test]
    fn a_refused_message_is_neither_kept_nor_counted() {
        let t0 = Instant::now();
        let mut store = MailStore {
            message_rate: Rate {
                limit: 2,
                window: Duration::from_secs(10),
            },
            ..MailStore::default()
        };
        assert_eq!(
            store.accept("A@x.example", mail(&["p@x.example"]), t0),
            Ok(())
        );
        assert_eq!(
            store.accept("a@x.example", mail(&["q@x.example"]), t0),
            Ok(())
        );
        let later = t0 + Duration::from_secs(4);
        assert_eq!(
            store.accept("a@x.example", mail(&["r@x.example"]), later),
            Err(Throttled::MessageRate(Duration::from_secs(6)))
        );
        assert_eq!(store.outbox.len(), 2);
        // Another mailbox has its own count.
        assert_eq!(
            store.accept("b@x.example", mail(&["r@x.example"]), later),
            Ok(())
        );
        assert_eq!(
            store.accept(
                "a@x.example",
                mail(&["r@x.example"]),
                t0 + Duration::from_secs(10)
            ),
            Ok(())
        );
        assert_eq!(store.outbox.len(), 4);
    }

    #[test]
    fn every_recipient_counts_against_the_recipient_rate() {
        let t0 = Instant::now();
        let mut store = MailStore {
            recipient_rate: Rate {
                limit: 3,
                window: Duration::from_secs(100),
            },
            ..MailStore::default()
        };
        assert_eq!(
            store.accept("a@x.example", mail(&["p@x.example", "q@x.example"]), t0),
            Ok(())
        );
        assert_eq!(
            store.accept("a@x.example", mail(&["p@x.example", "q@x.example"]), t0),
            Err(Throttled::RecipientRate(Duration::from_secs(100)))
        );
        assert_eq!(
            store.accept("a@x.example", mail(&["p@x.example"]), t0),
            Ok(())
        );
        assert_eq!(store.outbox.len(), 2);
    }
}
