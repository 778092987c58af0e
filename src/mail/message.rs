//! The JSON body of Graph's `POST /me/sendMail`, as our own wire types, valid by construction.
//!
//! ```json
//! {"message": {"subject": "…", "body": {"contentType": "HTML", "content": "…"},
//!              "toRecipients": [{"emailAddress": {"address": "ada@x.com", "name": "Ada"}}],
//!              "ccRecipients": […], "bccRecipients": […]},
//!  "saveToSentItems": true}
//! ```
//! (Microsoft Graph v1.0, "user: sendMail"; empty Cc/Bcc lists and absent names are left out.)
//!
//! Use: [`NamedAddress::new`] for each recipient, [`ItemBody::text`] / [`ItemBody::html`],
//! then [`SendMail::new`], which refuses what must never reach Graph:
//! - a subject or a display name with CR, LF or another control character (header injection),
//!   a blank subject, a subject over [`MAX_SUBJECT_CHARS`], a name over [`MAX_NAME_CHARS`];
//! - an empty body, or one over [`MAX_BODY_BYTES`];
//! - no recipient, or more than [`MAX_RECIPIENTS`];
//! - a request body over [`MAX_REQUEST_BYTES`] once encoded as JSON.
//!
//! Every refusal is a [`MessageError`] whose message names the field; it converts to a usage
//! error (exit 2), so the caller can check every message before it sends the first.

use serde::{Serialize, Serializer};
use thiserror::Error;

use crate::email::EmailAddress;
use crate::error::AppError;
use crate::mail::header_text::{ForbiddenCharacter, check_header_text};

/// The largest body we send inline. Graph refuses a request over 4 MB with 413 ("The maximum
/// request length supported is 4MB"), and "Attach large files to Outlook messages or events"
/// (learn.microsoft.com/graph/outlook-large-attachments) draws the single-request line at 3 MB:
/// a body up to 3 MiB leaves room for the JSON around it and its escapes.
pub const MAX_BODY_BYTES: usize = 3 * 1024 * 1024;
/// The whole encoded request, checked after the body: "4 MB" read as the smaller 4,000,000.
pub const MAX_REQUEST_BYTES: usize = 4_000_000;
/// Exchange Online takes at most 500 recipients (To, Cc and Bcc together) per message
/// ("Exchange Online limits", sending limits).
pub const MAX_RECIPIENTS: usize = 500;
/// RFC 5322 section 2.1.1: a line is at most 998 characters; no real subject comes near.
pub const MAX_SUBJECT_CHARS: usize = 998;
/// A display name longer than this is a mistake (a pasted paragraph), not a name.
pub const MAX_NAME_CHARS: usize = 256;

/// Why a message cannot be sent. Each message names the field it is about.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum MessageError {
    #[error("the subject is empty")]
    SubjectEmpty,
    #[error("the subject contains {0}, which a mail header cannot hold")]
    SubjectForbidden(ForbiddenCharacter),
    #[error("the subject is {chars} characters long (at most {MAX_SUBJECT_CHARS})")]
    SubjectTooLong { chars: usize },
    #[error("the name given for {address} contains {character}, which a mail header cannot hold")]
    NameForbidden {
        address: EmailAddress,
        character: ForbiddenCharacter,
    },
    #[error("the name given for {address} is {chars} characters long (at most {MAX_NAME_CHARS})")]
    NameTooLong { address: EmailAddress, chars: usize },
    #[error("the body is empty")]
    BodyEmpty,
    #[error(
        "the body is {} (at most {} in one sendMail request)",
        megabytes(*bytes),
        megabytes(MAX_BODY_BYTES)
    )]
    BodyTooLarge { bytes: usize },
    #[error(
        "the message is {} once encoded (Graph takes at most 4 MB in one request)",
        megabytes(*bytes)
    )]
    RequestTooLarge { bytes: usize },
    #[error("the message has no recipient")]
    NoRecipients,
    #[error(
        "the message has {count} recipients (at most {MAX_RECIPIENTS} in To, Cc and Bcc together)"
    )]
    TooManyRecipients { count: usize },
}

impl From<MessageError> for AppError {
    fn from(e: MessageError) -> AppError {
        AppError::usage(e)
    }
}

fn megabytes(bytes: usize) -> String {
    // Display only: the lossy conversion of a byte count to f64 is exact far beyond 4 MB.
    format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
}

/// The whole request body of `POST /me/sendMail`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SendMail {
    message: Message,
    /// Graph's default is `true`; said explicitly so the body reads the same to every server.
    save_to_sent_items: bool,
}

/// Graph's `message` resource, the part we send.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Message {
    subject: String,
    body: ItemBody,
    to_recipients: Vec<Recipient>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    cc_recipients: Vec<Recipient>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    bcc_recipients: Vec<Recipient>,
}

/// Graph's `itemBody`: the content and whether it is plain text or HTML.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ItemBody {
    content_type: BodyType,
    content: String,
}

/// Graph's `bodyType`, spelled as the sendMail examples spell it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BodyType {
    Text,
    Html,
}

impl BodyType {
    pub fn as_str(self) -> &'static str {
        match self {
            BodyType::Text => "Text",
            BodyType::Html => "HTML",
        }
    }
}

impl Serialize for BodyType {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// Graph's `recipient`: `{"emailAddress": {...}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Recipient {
    email_address: NamedAddress,
}

/// Graph's `emailAddress`: an address and, optionally, the name shown with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NamedAddress {
    address: EmailAddress,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<String>,
}

impl NamedAddress {
    /// The name is trimmed; a blank one counts as none. Refused: control characters (CR and LF
    /// above all) and names over [`MAX_NAME_CHARS`].
    pub fn new(address: EmailAddress, name: Option<&str>) -> Result<NamedAddress, MessageError> {
        let name = name.map(str::trim).filter(|n| !n.is_empty());
        if let Some(name) = name {
            if let Err(character) = check_header_text(name) {
                return Err(MessageError::NameForbidden { address, character });
            }
            let chars = name.chars().count();
            if chars > MAX_NAME_CHARS {
                return Err(MessageError::NameTooLong { address, chars });
            }
        }
        Ok(NamedAddress {
            address,
            name: name.map(str::to_owned),
        })
    }

    /// An address without a name (never fails).
    pub fn bare(address: EmailAddress) -> NamedAddress {
        NamedAddress {
            address,
            name: None,
        }
    }

    pub fn address(&self) -> &EmailAddress {
        &self.address
    }

    pub fn name(&self) -> Option<&str> {
        self.name.as_deref()
    }
}

impl ItemBody {
    pub fn text(content: impl Into<String>) -> ItemBody {
        ItemBody {
            content_type: BodyType::Text,
            content: content.into(),
        }
    }

    pub fn html(content: impl Into<String>) -> ItemBody {
        ItemBody {
            content_type: BodyType::Html,
            content: content.into(),
        }
    }

    pub fn new(content_type: BodyType, content: impl Into<String>) -> ItemBody {
        ItemBody {
            content_type,
            content: content.into(),
        }
    }

    pub fn content_type(&self) -> BodyType {
        self.content_type
    }

    pub fn content(&self) -> &str {
        &self.content
    }

    /// The same checks [`SendMail::new`] makes on a body: not blank, not over the limit.
    pub fn check(&self) -> Result<(), MessageError> {
        if self.content.trim().is_empty() {
            return Err(MessageError::BodyEmpty);
        }
        if self.content.len() > MAX_BODY_BYTES {
            return Err(MessageError::BodyTooLarge {
                bytes: self.content.len(),
            });
        }
        Ok(())
    }
}

/// Who receives a message.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Recipients {
    pub to: Vec<NamedAddress>,
    pub cc: Vec<NamedAddress>,
    pub bcc: Vec<NamedAddress>,
}

impl Recipients {
    /// One recipient in To: the usual case (one message per participant).
    pub fn one(to: NamedAddress) -> Recipients {
        Recipients {
            to: vec![to],
            ..Recipients::default()
        }
    }

    pub fn count(&self) -> usize {
        self.to.len() + self.cc.len() + self.bcc.len()
    }
}

/// The subject checks of [`SendMail::new`], alone: trimmed, not blank, one line, bounded.
pub fn checked_subject(subject: &str) -> Result<&str, MessageError> {
    let subject = subject.trim();
    if subject.is_empty() {
        return Err(MessageError::SubjectEmpty);
    }
    check_header_text(subject).map_err(MessageError::SubjectForbidden)?;
    let chars = subject.chars().count();
    if chars > MAX_SUBJECT_CHARS {
        return Err(MessageError::SubjectTooLong { chars });
    }
    Ok(subject)
}

impl SendMail {
    /// A checked message (see the module doc for what is refused). The subject is trimmed.
    pub fn new(
        subject: &str,
        body: ItemBody,
        recipients: Recipients,
    ) -> Result<SendMail, MessageError> {
        let subject = checked_subject(subject)?;
        body.check()?;
        match recipients.count() {
            0 => return Err(MessageError::NoRecipients),
            count if count > MAX_RECIPIENTS => {
                return Err(MessageError::TooManyRecipients { count });
            }
            _ => {}
        }
        let wrap = |list: Vec<NamedAddress>| {
            list.into_iter()
                .map(|email_address| Recipient { email_address })
                .collect::<Vec<_>>()
        };
        let mail = SendMail {
            message: Message {
                subject: subject.to_owned(),
                body,
                to_recipients: wrap(recipients.to),
                cc_recipients: wrap(recipients.cc),
                bcc_recipients: wrap(recipients.bcc),
            },
            save_to_sent_items: true,
        };
        let bytes = mail.to_json().len();
        if bytes > MAX_REQUEST_BYTES {
            return Err(MessageError::RequestTooLarge { bytes });
        }
        Ok(mail)
    }

    /// The request body as sent.
    pub fn to_json(&self) -> Vec<u8> {
        // Strings, booleans and lists only: serde_json cannot fail on these types.
        serde_json::to_vec(self).unwrap_or_default()
    }

    pub fn subject(&self) -> &str {
        &self.message.subject
    }

    pub fn body(&self) -> &ItemBody {
        &self.message.body
    }

    /// Every recipient, To first, then Cc, then Bcc.
    pub fn recipients(&self) -> impl Iterator<Item = &NamedAddress> {
        let m = &self.message;
        m.to_recipients
            .iter()
            .chain(&m.cc_recipients)
            .chain(&m.bcc_recipients)
            .map(|r| &r.email_address)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn addr(s: &str) -> EmailAddress {
        EmailAddress::parse(s).unwrap()
    }

    fn ada() -> NamedAddress {
        NamedAddress::new(addr("ada@contoso.example"), Some("Ada Lovelace")).unwrap()
    }

    #[test]
    fn the_body_is_graphs_shape_with_empty_lists_and_names_left_out() {
        let mail = SendMail::new(
            "Interview invitation",
            ItemBody::text("Hello"),
            Recipients::one(ada()),
        )
        .unwrap();
        let value: serde_json::Value = serde_json::from_slice(&mail.to_json()).unwrap();
        assert_eq!(
            value,
            json!({
                "message": {
                    "subject": "Interview invitation",
                    "body": {"contentType": "Text", "content": "Hello"},
                    "toRecipients": [{"emailAddress": {"address": "ada@contoso.example", "name": "Ada Lovelace"}}]
                },
                "saveToSentItems": true
            })
        );
    }

    #[test]
    fn cc_bcc_and_html_are_written_when_present() {
        let recipients = Recipients {
            to: vec![ada()],
            cc: vec![NamedAddress::bare(addr("cc@x.example"))],
            bcc: vec![NamedAddress::new(addr("bcc@x.example"), Some("  ")).unwrap()],
        };
        let mail = SendMail::new(" Hi ", ItemBody::html("<p>Hi</p>"), recipients).unwrap();
        let value: serde_json::Value = serde_json::from_slice(&mail.to_json()).unwrap();
        assert_eq!(value["message"]["subject"], "Hi");
        assert_eq!(value["message"]["body"]["contentType"], "HTML");
        assert_eq!(
            value["message"]["ccRecipients"],
            json!([{"emailAddress": {"address": "cc@x.example"}}])
        );
        assert_eq!(
            value["message"]["bccRecipients"],
            json!([{"emailAddress": {"address": "bcc@x.example"}}])
        );
        let all: Vec<&str> = mail.recipients().map(|r| r.address().as_str()).collect();
        assert_eq!(
            all,
            ["ada@contoso.example", "cc@x.example", "bcc@x.example"]
        );
    }

    #[test]
    fn header_injection_in_the_subject_or_a_name_is_refused() {
        let e = SendMail::new(
            "Hi\r\nBcc: eve@evil.example",
            ItemBody::text("x"),
            Recipients::one(ada()),
        )
        .unwrap_err();
        assert!(matches!(e, MessageError::SubjectForbidden(_)), "{e:?}");
        assert!(
            e.to_string()
                .starts_with("the subject contains a carriage return")
        );

        let e =
            NamedAddress::new(addr("a@x.example"), Some("Ada\nBcc: eve@evil.example")).unwrap_err();
        assert_eq!(
            e.to_string(),
            "the name given for a@x.example contains a line feed (\\n), which a mail header cannot hold"
        );
        let e = NamedAddress::new(addr("a@x.example"), Some("Ada\u{1b}[2J")).unwrap_err();
        assert!(matches!(e, MessageError::NameForbidden { .. }), "{e:?}");
    }

    #[test]
    fn blank_or_overlong_subjects_and_names_are_refused() {
        let send = |subject: &str| {
            SendMail::new(subject, ItemBody::text("x"), Recipients::one(ada())).map(|_| ())
        };
        assert_eq!(send(" \t "), Err(MessageError::SubjectEmpty));
        assert_eq!(send(&"é".repeat(MAX_SUBJECT_CHARS)), Ok(()));
        assert_eq!(
            send(&"é".repeat(MAX_SUBJECT_CHARS + 1)),
            Err(MessageError::SubjectTooLong {
                chars: MAX_SUBJECT_CHARS + 1
            })
        );
        assert!(NamedAddress::new(addr("a@x.example"), Some(&"n".repeat(256))).is_ok());
        let e = NamedAddress::new(addr("a@x.example"), Some(&"n".repeat(257))).unwrap_err();
        assert!(matches!(e, MessageError::NameTooLong { chars: 257, .. }));
    }

    #[test]
    fn an_empty_body_and_a_body_over_3_mb_are_refused() {
        let send = |body: ItemBody| SendMail::new("S", body, Recipients::one(ada())).map(|_| ());
        assert_eq!(send(ItemBody::text("")), Err(MessageError::BodyEmpty));
        assert_eq!(send(ItemBody::html(" \n\t")), Err(MessageError::BodyEmpty));
        assert_eq!(send(ItemBody::text("a".repeat(MAX_BODY_BYTES))), Ok(()));
        let e = send(ItemBody::text("a".repeat(MAX_BODY_BYTES + 1))).unwrap_err();
        assert_eq!(
            e,
            MessageError::BodyTooLarge {
                bytes: MAX_BODY_BYTES + 1
            }
        );
        assert_eq!(
            e.to_string(),
            "the body is 3.0 MB (at most 3.0 MB in one sendMail request)"
        );
    }

    #[test]
    fn a_body_that_grows_past_4_mb_once_escaped_is_refused() {
        // Each control character becomes six bytes (\u0001) in JSON.
        let body = "\u{1}".repeat(MAX_BODY_BYTES);
        let e = SendMail::new("S", ItemBody::text(body), Recipients::one(ada())).unwrap_err();
        assert!(
            matches!(e, MessageError::RequestTooLarge { bytes } if bytes > MAX_REQUEST_BYTES),
            "{e:?}"
        );
    }

    #[test]
    fn recipients_are_required_and_bounded() {
        let send = |recipients: Recipients| {
            SendMail::new("S", ItemBody::text("x"), recipients).map(|_| ())
        };
        assert_eq!(send(Recipients::default()), Err(MessageError::NoRecipients));
        let many = |n: usize| {
            (0..n)
                .map(|i| NamedAddress::bare(addr(&format!("p{i}@x.example"))))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            send(Recipients {
                to: many(1),
                cc: vec![],
                bcc: many(499)
            }),
            Ok(())
        );
        assert_eq!(
            send(Recipients {
                to: many(1),
                cc: many(250),
                bcc: many(250)
            }),
            Err(MessageError::TooManyRecipients { count: 501 })
        );
    }

    #[test]
    fn a_message_error_is_a_usage_error() {
        let e: AppError = MessageError::BodyEmpty.into();
        assert!(e.is(crate::error::ErrorKind::Usage));
        assert_eq!(e.exit().code(), 2);
    }
}
