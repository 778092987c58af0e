//! Reading a sendMail request strictly ("user: sendMail"): the action's parameters `message`
//! and `saveToSentItems` (camelCase as the page writes them, PascalCase as the metadata does),
//! and of the message the properties the sandbox models: subject, body, toRecipients,
//! ccRecipients, bccRecipients and replyTo. Every other property of `microsoft.graph.message` is
//! refused as unsupported rather than ignored; a name the type does not have is refused too
//! (the metadata marks `message` as an open type, so Graph itself may keep such a property as
//! a dynamic one: the sandbox refuses it so that a misspelt recipient list cannot pass).

use serde_json::Value;

use super::super::outbox::{SandboxContentType, SandboxRecipient};
use super::event_body::{Refusal, body_read, fields, item_body, literal, string, valid_address};

/// "The maximum total number of recipients included in the toRecipients, ccRecipients, and
/// bccRecipients properties for a single email message sent from an Exchange Online mailbox is
/// 500." (message resource type)
pub(super) const MAX_RECIPIENTS: usize = 500;

/// Every property and relationship of `microsoft.graph.message` in the v1.0 metadata
/// (message, outlookItem and entity).
const MESSAGE_PROPERTIES: &[&str] = &[
    "bccRecipients",
    "body",
    "bodyPreview",
    "ccRecipients",
    "conversationId",
    "conversationIndex",
    "flag",
    "from",
    "hasAttachments",
    "importance",
    "inferenceClassification",
    "internetMessageHeaders",
    "internetMessageId",
    "isDeliveryReceiptRequested",
    "isDraft",
    "isRead",
    "isReadReceiptRequested",
    "parentFolderId",
    "receivedDateTime",
    "replyTo",
    "sender",
    "sentDateTime",
    "subject",
    "toRecipients",
    "uniqueBody",
    "webLink",
    "categories",
    "changeKey",
    "createdDateTime",
    "lastModifiedDateTime",
    "id",
    "attachments",
    "extensions",
    "multiValueExtendedProperties",
    "singleValueExtendedProperties",
];

const MODELLED: &[&str] = &[
    "subject",
    "body",
    "toRecipients",
    "ccRecipients",
    "bccRecipients",
    "replyTo",
];

/// A sendMail request, read and checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct MailRequest {
    pub(super) subject: String,
    pub(super) content_type: SandboxContentType,
    pub(super) content: String,
    pub(super) to: Vec<SandboxRecipient>,
    pub(super) cc: Vec<SandboxRecipient>,
    pub(super) bcc: Vec<SandboxRecipient>,
    pub(super) reply_to: Vec<SandboxRecipient>,
    pub(super) save_to_sent_items: bool,
}

fn invalid_recipients(message: String) -> Refusal {
    ("ErrorInvalidRecipients", message)
}

/// What Graph answers a message without any recipient, e.g. `{"message": {}}` (seen in
/// microsoftgraph/php-connect-rest-sample#39, SMTP2Graph/SMTP2Graph#30); not documented.
fn no_recipients() -> Refusal {
    invalid_recipients(
        "At least one recipient is not valid., A message can't be sent because it contains no recipients."
            .to_string(),
    )
}

/// What Graph answers an address it cannot resolve (seen in
/// microsoftgraph/ruby-connect-rest-sample#15 for the address "bad"); not documented.
fn unresolved(address: &str) -> Refusal {
    invalid_recipients(format!(
        "At least one recipient isn't valid., Recipient \"{address}\" isn't resolved. All recipients must be resolved before a message can be submitted."
    ))
}

/// A line break in a header field. Graph's handling of one is not documented; the sandbox
/// refuses it, so a client that lets a CR or LF through (header injection) is caught.
fn line_break(what: &str) -> Refusal {
    (
        "ErrorInvalidRequest",
        format!(
            "The sandbox tenant refuses a line break (CR or LF) in {what}: it would go into a mail header."
        ),
    )
}

fn has_line_break(text: &str) -> bool {
    text.contains(['\r', '\n'])
}

fn recipient(item: &Value) -> Result<SandboxRecipient, Refusal> {
    let mut email = None;
    for (_, v) in fields(item, "recipient", &["emailAddress"], &["emailAddress"])? {
        email = Some(v);
    }
    let mut address = None;
    let mut name = None;
    if let Some(email) = email.filter(|v| !v.is_null()) {
        for (field, v) in fields(
            email,
            "emailAddress",
            &["address", "name"],
            &["address", "name"],
        )? {
            match field {
                "address" => address = string(v)?,
                _ => name = string(v)?,
            }
        }
    }
    let address = address.unwrap_or_default();
    if !valid_address(&address) {
        return Err(unresolved(&address));
    }
    if name.as_deref().is_some_and(has_line_break) {
        return Err(line_break("a recipient's name"));
    }
    Ok(SandboxRecipient { address, name })
}

fn recipients(v: &Value) -> Result<Vec<SandboxRecipient>, Refusal> {
    match v {
        Value::Null => Ok(Vec::new()),
        Value::Array(items) => items.iter().map(recipient).collect(),
        other => Err(literal(other, "Collection(microsoft.graph.recipient)")),
    }
}

/// `saveToSentItems`: a boolean, or the string the page's own example sends (`"false"`).
fn save_to_sent_items(v: &Value) -> Result<bool, Refusal> {
    match v {
        Value::Null => Ok(true),
        Value::Bool(b) => Ok(*b),
        Value::String(s) if s.eq_ignore_ascii_case("true") => Ok(true),
        Value::String(s) if s.eq_ignore_ascii_case("false") => Ok(false),
        other => Err(literal(other, "Edm.Boolean")),
    }
}

/// The action's parameters, by the name the metadata gives them.
fn parameters(body: &Value) -> Result<(Option<&Value>, Option<&Value>), Refusal> {
    let Some(obj) = body.as_object() else {
        return Err(body_read("The request body must be a JSON object."));
    };
    let (mut message, mut save) = (None, None);
    for (key, v) in obj {
        let slot = match key.as_str() {
            "message" | "Message" => &mut message,
            "saveToSentItems" | "SaveToSentItems" => &mut save,
            // The OData library's words for a parameter the action does not have.
            _ => {
                return Err(body_read(format!(
                    "The parameter '{key}' in the request payload is not a valid parameter for the operation 'sendMail'."
                )));
            }
        };
        if slot.replace(v).is_some() {
            return Err(body_read(format!(
                "Duplicate parameter named '{key}': it was given both in camelCase and PascalCase."
            )));
        }
    }
    Ok((message, save))
}

/// A sendMail request body (`Content-Type: application/json`).
pub(super) fn parse(body: &Value) -> Result<MailRequest, Refusal> {
    let (message, save) = parameters(body)?;
    let save_to_sent_items = save.map_or(Ok(true), save_to_sent_items)?;
    let Some(message) = message.filter(|m| !m.is_null()) else {
        // Seen for a request whose message did not arrive (Microsoft Q&A 1202189); the
        // metadata declares the parameter `Message`, not nullable.
        return Err((
            "ErrorInvalidParameter",
            "The value of the parameter 'Message' is empty.".to_string(),
        ));
    };
    let mut request = MailRequest {
        subject: String::new(),
        content_type: SandboxContentType::Text,
        content: String::new(),
        to: Vec::new(),
        cc: Vec::new(),
        bcc: Vec::new(),
        reply_to: Vec::new(),
        save_to_sent_items,
    };
    for (name, v) in fields(message, "message", MESSAGE_PROPERTIES, MODELLED)? {
        match name {
            "subject" => request.subject = string(v)?.unwrap_or_default(),
            "body" => {
                let body = item_body(v)?;
                request.content_type = if body.html {
                    SandboxContentType::Html
                } else {
                    SandboxContentType::Text
                };
                request.content = body.content;
            }
            "toRecipients" => request.to = recipients(v)?,
            "ccRecipients" => request.cc = recipients(v)?,
            "bccRecipients" => request.bcc = recipients(v)?,
            _ => request.reply_to = recipients(v)?,
        }
    }
    if has_line_break(&request.subject) {
        return Err(line_break("the subject"));
    }
    let count = request.to.len() + request.cc.len() + request.bcc.len();
    if count == 0 {
        return Err(no_recipients());
    }
    if count > MAX_RECIPIENTS {
        // The limit is documented; the error Graph gives for it is not.
        return Err((
            "ErrorInvalidRequest",
            format!(
                "A message can have at most {MAX_RECIPIENTS} recipients in toRecipients, ccRecipients and bccRecipients together; this one has {count}."
            ),
        ));
    }
    Ok(request)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn to(address: &str) -> Value {
        json!([{"emailAddress": {"address": address}}])
    }

    fn code(body: Value) -> &'static str {
        parse(&body).expect_err("refused").0
    }

    #[test]
    fn the_documented_example_reads_with_its_string_boolean() {
        let r = parse(&json!({
            "message": {
                "subject": "Meet for lunch?",
                "body": {"contentType": "Text", "content": "The new cafeteria is open."},
                "toRecipients": [{"emailAddress": {"address": "frannis@contoso.com"}}],
                "ccRecipients": [{"emailAddress": {"address": "danas@contoso.com"}}]
            },
            "saveToSentItems": "false"
        }))
        .unwrap();
        assert_eq!(r.subject, "Meet for lunch?");
        assert_eq!(r.content_type, SandboxContentType::Text);
        assert_eq!(r.to[0].address, "frannis@contoso.com");
        assert_eq!(r.cc[0].address, "danas@contoso.com");
        assert!(!r.save_to_sent_items);
    }

    #[test]
    fn pascal_case_parameters_and_properties_read_too() {
        let r = parse(&json!({
            "Message": {"Subject": "Hi", "Body": {"ContentType": "hTmL", "Content": "<p>x</p>"},
                        "BccRecipients": [{"EmailAddress": {"Address": "p@example.com", "Name": "Pat"}}]},
            "SaveToSentItems": true
        }))
        .unwrap();
        assert_eq!(r.content_type, SandboxContentType::Html);
        assert_eq!(
            r.bcc,
            [SandboxRecipient {
                address: "p@example.com".into(),
                name: Some("Pat".into())
            }]
        );
        assert!(r.save_to_sent_items);
    }

    #[test]
    fn a_message_without_a_recipient_is_refused_as_graph_does() {
        assert_eq!(code(json!({"message": {}})), "ErrorInvalidRecipients");
        assert_eq!(
            code(json!({"message": {"toRecipients": [], "replyTo": to("r@example.com")}})),
            "ErrorInvalidRecipients"
        );
        assert_eq!(
            code(json!({"saveToSentItems": false})),
            "ErrorInvalidParameter"
        );
        assert_eq!(code(json!({"message": null})), "ErrorInvalidParameter");
    }

    #[test]
    fn bad_addresses_names_and_subjects_are_refused() {
        for address in [
            "bad",
            "",
            "a@b",
            "a b@example.com",
            "a@example.com\r\nBcc: x@y.z",
        ] {
            let (c, m) = parse(&json!({"message": {"toRecipients": to(address)}})).unwrap_err();
            assert_eq!(c, "ErrorInvalidRecipients", "{address}");
            assert!(m.contains("isn't resolved"), "{m}");
        }
        assert_eq!(
            code(
                json!({"message": {"toRecipients": [{"emailAddress": {"address": "p@example.com", "name": "Pat\nBcc: x@y.z"}}]}})
            ),
            "ErrorInvalidRequest"
        );
        assert_eq!(
            code(
                json!({"message": {"subject": "Hi\r\nBcc: x@y.z", "toRecipients": to("p@example.com")}})
            ),
            "ErrorInvalidRequest"
        );
        assert_eq!(
            code(json!({"message": {"toRecipients": [{"emailAddress": null}]}})),
            "ErrorInvalidRecipients"
        );
    }

    #[test]
    fn five_hundred_recipients_pass_and_one_more_does_not() {
        let many = |n: usize| -> Vec<Value> {
            (0..n)
                .map(|i| json!({"emailAddress": {"address": format!("p{i}@example.com")}}))
                .collect()
        };
        let ok = json!({"message": {"toRecipients": many(200), "ccRecipients": many(200), "bccRecipients": many(100)}});
        assert_eq!(parse(&ok).unwrap().bcc.len(), 100);
        let over = json!({"message": {"toRecipients": many(200), "ccRecipients": many(200), "bccRecipients": many(101)}});
        let (c, m) = parse(&over).unwrap_err();
        assert_eq!(c, "ErrorInvalidRequest");
        assert!(m.contains("501"), "{m}");
    }

    #[test]
    fn unknown_and_unsupported_names_are_refused() {
        let (c, m) =
            parse(&json!({"message": {"toRecipients": to("p@example.com")}, "sendNow": true}))
                .unwrap_err();
        assert_eq!(c, "RequestBodyRead");
        assert!(m.contains("'sendNow'"), "{m}");
        let (c, m) = parse(&json!({"message": {"toRecipient": to("p@example.com")}})).unwrap_err();
        assert_eq!(c, "RequestBodyRead");
        assert!(m.contains("'toRecipient'"), "{m}");
        let (c, m) =
            parse(&json!({"message": {"toRecipients": to("p@example.com"), "attachments": []}}))
                .unwrap_err();
        assert_eq!(c, "BadRequest");
        assert!(
            m.contains("does not support the property 'attachments'"),
            "{m}"
        );
        assert_eq!(
            code(
                json!({"message": {"toRecipients": [{"emailAddress": {"address": "p@example.com"}, "type": "to"}]}})
            ),
            "RequestBodyRead"
        );
        assert_eq!(
            code(json!({"message": {"toRecipients": to("p@example.com")}, "Message": {}})),
            "RequestBodyRead"
        );
        assert_eq!(
            code(
                json!({"message": {"toRecipients": to("p@example.com")}, "saveToSentItems": "no"})
            ),
            "RequestBodyRead"
        );
        assert_eq!(
            code(
                json!({"message": {"toRecipients": {"emailAddress": {"address": "p@example.com"}}}})
            ),
            "RequestBodyRead"
        );
        assert_eq!(code(json!([])), "RequestBodyRead");
    }
}
