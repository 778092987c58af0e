//! Message templates: the built-in invitation and the user's own (`--template FILE`), rendered
//! with minijinja (Jinja syntax) for one participant at a time.
//!
//! Rules every template follows:
//! - strict undefined: a variable that does not exist is an error wherever it is used, even in
//!   `{% if %}` (test optional values, which exist as `none`, with `{% if participant.name %}`);
//!   printing a `none` (a participant without a name) is an error too, so no one is greeted
//!   "Dear none";
//! - an HTML template's values are HTML-escaped (`<` becomes `&lt;`); a subject and a plain-text
//!   body are not escaped;
//! - a line holding only a block tag (`{% for %}`, `{% endif %}`) leaves no blank line (Jinja's
//!   `trim_blocks` and `lstrip_blocks`);
//! - the rendered subject is trimmed and must be one line of text, the body must not be empty
//!   or over the sendMail limit ([`crate::mail::message`]);
//! - a render is bounded (minijinja's fuel), so a runaway loop is an error, not a hang.
//!
//! A template file (`--template FILE`): UTF-8 text; an optional first line `Subject: ...` (a
//! template itself; one blank line after it is skipped), then the body. Without a `Subject:`
//! line the built-in subject is used. A `.html` or `.htm` file is an HTML body; any other file is
//! plain text. The variables are listed in [`crate::mail::template_context`].
//!
//! Errors are [`TemplateError`]s that name the file, the line and, for an undefined variable,
//! the variable; each converts to a usage error (exit 2). Render every message before sending
//! the first ([`MailTemplate::render_all`]), so a template error is found while nothing has been
//! sent.
//!
//! ```no_run
//! # use rally_m365::mail::template::{MailTemplate, TemplateError};
//! # use rally_m365::mail::template_context::TemplateContext;
//! # fn f(path: &std::path::Path, text: &str, contexts: &[TemplateContext]) -> Result<(), TemplateError> {
//! let template = MailTemplate::from_file(path, text)?; // or MailTemplate::builtin()
//! let messages = template.render_all(contexts)?;       // nothing sent yet
//! # Ok(()) }
//! ```

use std::fmt;
use std::path::Path;

use minijinja::{AutoEscape, Environment, ErrorKind, UndefinedBehavior, Value};
use sha2::{Digest, Sha256};

use crate::error::AppError;
use crate::mail::html_text::html_to_text;
use crate::mail::message::{
    BodyType, ItemBody, MessageError, NamedAddress, Recipients, SendMail, checked_subject,
};
use crate::mail::template_context::TemplateContext;

/// The largest template file we read: a message body is at most 3 MB, and a template that
/// large is a mistake (an attachment pasted in).
pub const MAX_TEMPLATE_BYTES: usize = 1024 * 1024;
/// The work one render may do, in minijinja's fuel (about one unit per instruction, and one per
/// 64 bytes made): the built-in invitation takes about 30 a slot (5,449 for its HTML with 200
/// slots, measured), so this leaves any sane template ample room and bounds a runaway one.
const FUEL: u64 = 1_000_000;

const BUILTIN_SUBJECT: &str = include_str!("builtin/invitation_subject.txt");
const BUILTIN_TEXT: &str = include_str!("builtin/invitation.txt");
const BUILTIN_HTML: &str = include_str!("builtin/invitation.html");
const BUILTIN_ORIGIN: &str = "the built-in invitation";

/// Names inside the environment; the `.html` suffix turns HTML escaping on.
const SUBJECT: &str = "subject.txt";
const BODY_TEXT: &str = "body.txt";
const BODY_HTML: &str = "body.html";
const TEXT_PART: &str = "text-part.txt";

/// The detail of the error raised when a template prints `none`.
const NONE_PRINTED: &str = "rally-m365: none printed";

/// Why a template cannot be used, or cannot be rendered for a participant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TemplateError {
    /// The file is over [`MAX_TEMPLATE_BYTES`].
    TooLarge { file: String, bytes: usize },
    /// `Subject:` with nothing after it.
    EmptySubjectLine { file: String },
    /// Nothing after the subject line.
    NoBody { file: String },
    /// The template does not compile.
    Syntax {
        file: String,
        line: Option<usize>,
        detail: String,
    },
    /// A variable that does not exist (a typo, or a column the file does not have).
    Undefined {
        file: String,
        line: Option<usize>,
        variable: String,
        participant: String,
    },
    /// Any other failure while rendering for one participant: `none` printed, a filter given
    /// the wrong value, a render over its budget.
    Render {
        file: String,
        line: Option<usize>,
        expression: Option<String>,
        detail: String,
        participant: String,
    },
    /// The rendered subject cannot be sent (a line break, blank, too long).
    Subject {
        file: String,
        participant: String,
        problem: MessageError,
    },
    /// The rendered body cannot be sent (empty, over the limit).
    Body {
        file: String,
        participant: String,
        problem: MessageError,
    },
}

impl TemplateError {
    /// The line of the template the error is on, when known.
    pub fn line(&self) -> Option<usize> {
        match self {
            TemplateError::Syntax { line, .. }
            | TemplateError::Undefined { line, .. }
            | TemplateError::Render { line, .. } => *line,
            TemplateError::EmptySubjectLine { .. } => Some(1),
            _ => None,
        }
    }

    /// The undefined variable, for [`TemplateError::Undefined`].
    pub fn variable(&self) -> Option<&str> {
        match self {
            TemplateError::Undefined { variable, .. } => Some(variable),
            _ => None,
        }
    }
}

fn at(file: &str, line: Option<usize>) -> String {
    match line {
        Some(line) => format!("{file}, line {line}"),
        None => file.to_owned(),
    }
}

impl fmt::Display for TemplateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TemplateError::TooLarge { file, bytes } => write!(
                f,
                "{file}: {bytes} bytes; a template is at most {MAX_TEMPLATE_BYTES}"
            ),
            TemplateError::EmptySubjectLine { file } => write!(
                f,
                "{file}, line 1: the Subject: line is empty (write the subject after it, or remove the line to use the built-in one)"
            ),
            TemplateError::NoBody { file } => {
                write!(f, "{file}: the template has a subject but no body")
            }
            TemplateError::Syntax { file, line, detail } => {
                write!(f, "{}: syntax error: {detail}", at(file, *line))
            }
            TemplateError::Undefined {
                file,
                line,
                variable,
                participant,
            } => write!(
                f,
                "{}: `{variable}` is undefined, rendering for {participant}",
                at(file, *line)
            ),
            TemplateError::Render {
                file,
                line,
                expression,
                detail,
                participant,
            } => {
                write!(f, "{}: ", at(file, *line))?;
                if let Some(expression) = expression {
                    write!(f, "`{expression}`: ")?;
                }
                write!(f, "{detail}, rendering for {participant}")
            }
            TemplateError::Subject {
                file,
                participant,
                problem,
            } => write!(f, "{file}: for {participant}, {problem}"),
            TemplateError::Body {
                file,
                participant,
                problem,
            } => write!(f, "{file}: for {participant}, {problem}"),
        }
    }
}

impl std::error::Error for TemplateError {}

impl From<TemplateError> for AppError {
    fn from(e: TemplateError) -> AppError {
        AppError::usage(e)
    }
}

/// One message, rendered for one participant and ready to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedMail {
    /// Trimmed, one line, checked.
    pub subject: String,
    pub body: ItemBody,
    /// The message as plain text, for `--dry-run` and the demo: the built-in template's text
    /// part, a plain-text body as it is, or a reading of an HTML body.
    pub text_preview: String,
}

impl RenderedMail {
    /// The sendMail request for this message to `to`.
    pub fn send_mail(&self, to: NamedAddress) -> Result<SendMail, MessageError> {
        SendMail::new(&self.subject, self.body.clone(), Recipients::one(to))
    }

    /// SHA-256 (hex) of the subject, the body's type and its content: what a journal records
    /// to tell one message from another without keeping it.
    pub fn digest(&self) -> String {
        let mut hasher = Sha256::new();
        for part in [
            self.subject.as_bytes(),
            self.body.content_type().as_str().as_bytes(),
            self.body.content().as_bytes(),
        ] {
            hasher.update((part.len() as u64).to_be_bytes());
            hasher.update(part);
        }
        hasher
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }
}

/// Where a part of the template came from, for error messages.
#[derive(Debug, Clone)]
struct Part {
    /// The environment's name for it.
    name: &'static str,
    /// How errors name it: a file, `--subject`, the built-in invitation.
    origin: String,
    /// The file line of the part's first line (its own line numbers are shifted by this).
    first_line: Option<usize>,
    /// The source as compiled, to quote the expression an error is about.
    source: String,
}

/// A compiled template, ready to render for any number of participants.
pub struct MailTemplate {
    env: Environment<'static>,
    subject: Part,
    body: Part,
    body_type: BodyType,
    /// The built-in template's plain-text part (user templates have one body).
    text_part: Option<Part>,
}

impl fmt::Debug for MailTemplate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MailTemplate")
            .field("subject", &self.subject.origin)
            .field("body", &self.body.origin)
            .field("body_type", &self.body_type)
            .finish()
    }
}

impl MailTemplate {
    /// The built-in invitation: an HTML body (sent) and a plain-text part (the preview).
    pub fn builtin() -> MailTemplate {
        let part = |name, source: &str| Part {
            name,
            origin: BUILTIN_ORIGIN.to_owned(),
            first_line: Some(1),
            source: source.to_owned(),
        };
        let parts = [
            part(SUBJECT, BUILTIN_SUBJECT),
            part(BODY_HTML, BUILTIN_HTML),
            part(TEXT_PART, BUILTIN_TEXT),
        ];
        let [subject, body, text] = parts;
        // The built-in sources are part of the program and compile (unit-tested).
        Self::compile(subject, body, BodyType::Html, Some(text))
            .expect("the built-in invitation template compiles")
    }

    /// A user's template file (see the module doc for the format). `path` only names the file
    /// and decides HTML or text by its extension; the caller has read `text`.
    pub fn from_file(path: &Path, text: &str) -> Result<MailTemplate, TemplateError> {
        let file = path.display().to_string();
        if text.len() > MAX_TEMPLATE_BYTES {
            return Err(TemplateError::TooLarge {
                file,
                bytes: text.len(),
            });
        }
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let text = text.replace("\r\n", "\n");
        let is_html = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm"));
        let (body_type, body_name) = if is_html {
            (BodyType::Html, BODY_HTML)
        } else {
            (BodyType::Text, BODY_TEXT)
        };

        let mut lines = text.split_inclusive('\n');
        let first = lines.next().unwrap_or("");
        let subject_text = strip_prefix_ignore_case(first, "subject:").map(str::trim);
        let (subject, consumed) = match subject_text {
            Some("") => return Err(TemplateError::EmptySubjectLine { file }),
            Some(subject_source) => {
                let mut consumed = first.len();
                let mut lines_consumed = 1;
                if let Some(next) = lines.next().filter(|l| l.trim().is_empty()) {
                    consumed += next.len();
                    lines_consumed += 1;
                }
                let part = Part {
                    name: SUBJECT,
                    origin: file.clone(),
                    first_line: Some(1),
                    source: subject_source.to_owned(),
                };
                (part, Some((consumed, lines_consumed)))
            }
            None => (
                Part {
                    name: SUBJECT,
                    origin: BUILTIN_ORIGIN.to_owned(),
                    first_line: Some(1),
                    source: BUILTIN_SUBJECT.to_owned(),
                },
                None,
            ),
        };
        let body_source = match consumed {
            // A comment spanning the lines taken by the subject keeps the body's line numbers
            // the file's own, and renders as nothing.
            Some((bytes, lines)) => {
                let rest = &text[bytes..];
                if rest.trim().is_empty() {
                    return Err(TemplateError::NoBody { file });
                }
                format!("{{#{}#}}{rest}", "\n".repeat(lines))
            }
            None => text.clone(),
        };
        let body = Part {
            name: body_name,
            origin: file,
            first_line: Some(1),
            source: body_source,
        };
        Self::compile(subject, body, body_type, None)
    }

    /// A subject and a body given separately (`send --subject S --body-file F`), each a
    /// template. `subject_origin` and `body_origin` name them in errors (`--subject`, a path).
    pub fn from_parts(
        subject_origin: &str,
        subject: &str,
        body_origin: &str,
        body: &str,
        body_type: BodyType,
    ) -> Result<MailTemplate, TemplateError> {
        for (origin, text) in [(subject_origin, subject), (body_origin, body)] {
            if text.len() > MAX_TEMPLATE_BYTES {
                return Err(TemplateError::TooLarge {
                    file: origin.to_owned(),
                    bytes: text.len(),
                });
            }
        }
        let subject = Part {
            name: SUBJECT,
            origin: subject_origin.to_owned(),
            first_line: None,
            source: subject.to_owned(),
        };
        let body = Part {
            name: match body_type {
                BodyType::Html => BODY_HTML,
                BodyType::Text => BODY_TEXT,
            },
            origin: body_origin.to_owned(),
            first_line: Some(1),
            source: body.replace("\r\n", "\n"),
        };
        Self::compile(subject, body, body_type, None)
    }

    fn compile(
        subject: Part,
        body: Part,
        body_type: BodyType,
        text_part: Option<Part>,
    ) -> Result<MailTemplate, TemplateError> {
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        // Debug mode makes an undefined error say which expression was undefined.
        env.set_debug(true);
        env.set_fuel(Some(FUEL));
        env.set_auto_escape_callback(|name| {
            if name.ends_with(".html") {
                AutoEscape::Html
            } else {
                AutoEscape::None
            }
        });
        env.set_formatter(|out, state, value| {
            if value.is_none() {
                return Err(minijinja::Error::new(
                    ErrorKind::InvalidOperation,
                    NONE_PRINTED,
                ));
            }
            minijinja::escape_formatter(out, state, value)
        });
        let syntax = minijinja::syntax::SyntaxConfig::builder()
            .trim_blocks(true)
            .lstrip_blocks(true)
            .build()
            .map_err(|e| syntax_error(&body, &e))?;
        env.set_syntax(syntax);
        for part in std::iter::once(&subject)
            .chain(std::iter::once(&body))
            .chain(text_part.as_ref())
        {
            env.add_template_owned(part.name, part.source.clone())
                .map_err(|e| syntax_error(part, &e))?;
        }
        Ok(MailTemplate {
            env,
            subject,
            body,
            body_type,
            text_part,
        })
    }

    pub fn body_type(&self) -> BodyType {
        self.body_type
    }

    /// One participant's message, checked as [`SendMail::new`] will check it.
    pub fn render(&self, context: &TemplateContext) -> Result<RenderedMail, TemplateError> {
        let value = context.to_value();
        let who = context.participant.label();
        let subject_text = self.render_part(&self.subject, &value, &who)?;
        let subject = checked_subject(&subject_text)
            .map_err(|problem| TemplateError::Subject {
                file: self.subject.origin.clone(),
                participant: who.clone(),
                problem,
            })?
            .to_owned();
        let content = self.render_part(&self.body, &value, &who)?;
        let body = ItemBody::new(self.body_type, content);
        body.check().map_err(|problem| TemplateError::Body {
            file: self.body.origin.clone(),
            participant: who.clone(),
            problem,
        })?;
        let text_preview = match (&self.text_part, self.body_type) {
            (Some(part), _) => self.render_part(part, &value, &who)?,
            (None, BodyType::Html) => html_to_text(body.content()),
            (None, BodyType::Text) => body.content().to_owned(),
        };
        Ok(RenderedMail {
            subject,
            body,
            text_preview,
        })
    }

    /// Every participant's message, in order; the first error stops it. Call it before
    /// sending anything.
    pub fn render_all(
        &self,
        contexts: &[TemplateContext],
    ) -> Result<Vec<RenderedMail>, TemplateError> {
        contexts.iter().map(|c| self.render(c)).collect()
    }

    /// Renders for an example participant and throws the result away: a check that the
    /// template can be used, for a caller that renders later.
    pub fn check(&self, example: &TemplateContext) -> Result<(), TemplateError> {
        self.render(example).map(|_| ())
    }

    fn render_part(&self, part: &Part, value: &Value, who: &str) -> Result<String, TemplateError> {
        let template = self
            .env
            .get_template(part.name)
            .map_err(|e| syntax_error(part, &e))?;
        template
            .render(value)
            .map_err(|e| render_error(part, &e, who))
    }
}

fn strip_prefix_ignore_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &text[prefix.len()..])
}

/// The file line of an error: the part's own line, shifted to where the part starts.
fn file_line(part: &Part, e: &minijinja::Error) -> Option<usize> {
    let first = part.first_line?;
    e.line().map(|l| l.saturating_add(first).saturating_sub(1))
}

fn syntax_error(part: &Part, e: &minijinja::Error) -> TemplateError {
    TemplateError::Syntax {
        file: part.origin.clone(),
        line: file_line(part, e),
        detail: e.detail().unwrap_or("invalid template").to_owned(),
    }
}

fn render_error(part: &Part, e: &minijinja::Error, who: &str) -> TemplateError {
    let file = part.origin.clone();
    let line = file_line(part, e);
    let participant = who.to_owned();
    let expression = e
        .range()
        .and_then(|r| part.source.get(r))
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty() && !s.contains('\n'));
    if e.kind() == ErrorKind::UndefinedError
        && let Some(variable) = e.detail().and_then(backquoted).or(expression.clone())
    {
        return TemplateError::Undefined {
            file,
            line,
            variable,
            participant,
        };
    }
    let detail = match (e.kind(), e.detail()) {
        (_, Some(NONE_PRINTED)) => "has no value for this participant (test it with {% if ... %} or give a default with `or`)".to_owned(),
        (ErrorKind::OutOfFuel, _) => "the template does too much work (a loop too large?)".to_owned(),
        (kind, Some(detail)) => format!("{kind}: {detail}"),
        (kind, None) => kind.to_string(),
    };
    TemplateError::Render {
        file,
        line,
        expression,
        detail,
        participant,
    }
}

/// The text between the first pair of backquotes: minijinja names an undefined expression
/// that way ("`participant.nmae` is undefined").
fn backquoted(detail: &str) -> Option<String> {
    let start = detail.find('`')? + 1;
    let len = detail[start..].find('`')?;
    Some(detail[start..start + len].to_owned()).filter(|s| !s.is_empty())
}
