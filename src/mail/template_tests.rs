//! Rendering the built-in invitation and users' templates, and every error a template can
//! make, with the file, line and variable it names.

use std::path::Path;

use crate::email::EmailAddress;
use crate::error::ErrorKind;
use crate::mail::message::{BodyType, MessageError, NamedAddress};
use crate::mail::template::{MAX_TEMPLATE_BYTES, MailTemplate, TemplateError};
use crate::mail::template_context::TemplateContext;
use crate::mail::template_context::tests::context;

fn user(path: &str, text: &str) -> MailTemplate {
    MailTemplate::from_file(Path::new(path), text).unwrap_or_else(|e| panic!("{e}"))
}

fn render_err(path: &str, text: &str, ctx: &TemplateContext) -> TemplateError {
    user(path, text).render(ctx).unwrap_err()
}

#[test]
fn the_builtin_invitation_reads_well_as_text() {
    let mail = MailTemplate::builtin().render(&context()).unwrap();
    assert_eq!(mail.subject, "Interview invitation: Checkout study");
    assert_eq!(
        mail.text_preview,
        "Dear Ada,\n\
         \n\
         I would like to invite you to an interview for Checkout study.\n\
         These times are available (Europe/Berlin time):\n\
         \n  - Thursday 3 December 2026, 10:00–11:00\n\
         \x20 - Friday 4 December 2026, 23:30–00:30 (Saturday)\n\
         \n\
         Please reply to this e-mail with the time you prefer (copying its line is enough). \
         If none of these times suits you, reply and say so, and I will suggest others.\n\
         \n\
         Thank you,\n\
         Megan Bowen\n\
         megan@contoso.example"
    );
}

#[test]
fn the_builtin_invitation_sends_html_with_the_same_content() {
    let mail = MailTemplate::builtin().render(&context()).unwrap();
    assert_eq!(mail.body.content_type(), BodyType::Html);
    let html = mail.body.content();
    for expected in [
        "<p>Dear Ada,</p>",
        "<li>Thursday 3 December 2026, 10:00–11:00</li>",
        "<li>Friday 4 December 2026, 23:30–00:30 (Saturday)</li>",
        // minijinja escapes `/` too (harmless, and safe inside attributes).
        "(Europe&#x2f;Berlin time)",
        "<a href=\"mailto:megan@contoso.example\">megan@contoso.example</a>",
        "reply to this e-mail",
    ] {
        assert!(html.contains(expected), "{expected} not in\n{html}");
    }
    let send = mail
        .send_mail(
            NamedAddress::new(EmailAddress::parse("ada@x.example").unwrap(), Some("Ada")).unwrap(),
        )
        .unwrap();
    assert_eq!(send.subject(), "Interview invitation: Checkout study");
}

#[test]
fn the_builtin_invitation_without_name_study_or_researcher_name_stays_polite() {
    let mut ctx = context();
    ctx.participant.name = None;
    ctx.study = None;
    ctx.researcher.name = None;
    ctx.slots.truncate(1);
    let mail = MailTemplate::builtin().render(&ctx).unwrap();
    assert_eq!(mail.subject, "Invitation to a research interview");
    assert!(mail.text_preview.starts_with("Hello,\n\nI would like to invite you to a research interview.\nThis time is available (Europe/Berlin time):\n"), "{}", mail.text_preview);
    assert!(
        mail.text_preview
            .ends_with("Thank you,\nmegan@contoso.example\nmegan@contoso.example")
    );
    assert!(mail.body.content().contains("<p>Hello,</p>"));
}

#[test]
fn html_is_escaped_in_html_bodies_only() {
    let mut ctx = context();
    ctx.participant.name = Some("<b>Ada</b> & \"Co\"".into());
    let mail = MailTemplate::builtin().render(&ctx).unwrap();
    assert!(
        mail.body
            .content()
            .contains("Dear &lt;b&gt;Ada&lt;&#x2f;b&gt; &amp; &quot;Co&quot;,"),
        "{}",
        mail.body.content()
    );
    assert!(mail.text_preview.starts_with("Dear <b>Ada</b> & \"Co\","));

    let html = user(
        "invite.HTM",
        "Subject: Hi {{ participant.name }}\n<p>{{ participant.name }}</p>",
    );
    let mail = html.render(&ctx).unwrap();
    assert_eq!(mail.body.content_type(), BodyType::Html);
    assert_eq!(
        mail.body.content(),
        "<p>&lt;b&gt;Ada&lt;&#x2f;b&gt; &amp; &quot;Co&quot;</p>"
    );
    // The subject is a header, not HTML: never escaped.
    assert_eq!(mail.subject, "Hi <b>Ada</b> & \"Co\"");
    assert_eq!(mail.text_preview, "<b>Ada</b> & \"Co\"");

    let text = user("invite.txt", "Hi {{ participant.name }}");
    let mail = text.render(&ctx).unwrap();
    assert_eq!(mail.body.content_type(), BodyType::Text);
    assert_eq!(mail.body.content(), "Hi <b>Ada</b> & \"Co\"");
}

#[test]
fn a_user_template_has_every_variable() {
    let template = user(
        "invite.txt",
        "Subject: {{ study }} for {{ participant.name }} at {{ company }}\n\
         \n\
         {{ participant.email }} {{ participant.company }} {{ participant[\"first name\"] }}\n\
         {% for slot in slots %}\n\
         {{ slot.weekday }} {{ slot.iso_date }} {{ slot.start_time }}-{{ slot.end_time }} {{ slot.time_zone }} {{ slot.utc_offset }} {{ slot.start }}\n\
         {% endfor %}\n\
         {{ time_zone }} / {{ researcher.name }} <{{ researcher.email }}>\n",
    );
    let mail = template.render(&context()).unwrap();
    assert_eq!(mail.subject, "Checkout study for Ada at Analytical Engines");
    assert_eq!(
        mail.body.content(),
        "ada@x.example Analytical Engines Ada\n\
         Thursday 2026-12-03 10:00-11:00 Europe/Berlin +01:00 2026-12-03T10:00:00+01:00\n\
         Friday 2026-12-04 23:30-00:30 Europe/Berlin +01:00 2026-12-04T23:30:00+01:00\n\
         Europe/Berlin / Megan Bowen <megan@contoso.example>"
    );
    assert_eq!(mail.text_preview, mail.body.content());
}

#[test]
fn without_a_subject_line_the_builtin_subject_is_used() {
    let mail = user("invite.txt", "Hello {{ participant.name }}")
        .render(&context())
        .unwrap();
    assert_eq!(mail.subject, "Interview invitation: Checkout study");
    assert_eq!(mail.body.content(), "Hello Ada");
    // `subject:` in any case, CRLF line ends and a byte-order mark are all understood.
    let mail = user("t.txt", "\u{feff}SUBJECT: Hi\r\n\r\nBody\r\nline 2\r\n")
        .render(&context())
        .unwrap();
    assert_eq!(mail.subject, "Hi");
    assert_eq!(mail.body.content(), "Body\nline 2");
}

#[test]
fn an_undefined_variable_names_the_file_the_line_and_the_variable() {
    let text = "Subject: Hello\n\nDear {{ participant.name }},\n\nYour company: {{ participant.compnay }}\n";
    let e = render_err("invite.txt", text, &context());
    assert_eq!(e.line(), Some(5), "{e:?}");
    assert_eq!(e.variable(), Some("participant.compnay"), "{e:?}");
    assert_eq!(
        e.to_string(),
        "invite.txt, line 5: `participant.compnay` is undefined, rendering for row 2 (ada@x.example)"
    );
    let app: crate::error::AppError = e.into();
    assert!(app.is(ErrorKind::Usage));

    // Strict: also in a condition, a loop, a filter, and in the subject line.
    for (text, line, variable) in [
        ("a\n{% if compnay %}x{% endif %}", 2, "compnay"),
        ("a\nb\n{% for s in slotz %}{% endfor %}", 3, "slotz"),
        ("{{ nmae | upper }}", 1, "nmae"),
        ("Subject: {{ stduy }}\nbody", 1, "stduy"),
        (
            "Subject: x\n\n\n{{ slots[0].weekdya }}",
            4,
            "slots[0].weekdya",
        ),
    ] {
        let e = render_err("t.txt", text, &context());
        assert_eq!(
            (e.line(), e.variable()),
            (Some(line), Some(variable)),
            "{text:?}: {e}"
        );
    }
}

#[test]
fn a_syntax_error_names_the_file_and_line_when_loading() {
    let e = MailTemplate::from_file(
        Path::new("invite.html"),
        "Subject: Hi\n\n<p>\n{% if study %}\nno end\n",
    )
    .unwrap_err();
    assert!(matches!(e, TemplateError::Syntax { .. }), "{e:?}");
    assert!(
        e.to_string()
            .starts_with("invite.html, line 5: syntax error: "),
        "{e}"
    );
    let e = MailTemplate::from_file(Path::new("t.txt"), "Subject: {{ study \nbody").unwrap_err();
    assert_eq!(e.line(), Some(1), "{e}");
    assert!(
        e.to_string().starts_with("t.txt, line 1: syntax error:"),
        "{e}"
    );
    let e = MailTemplate::from_file(Path::new("t.txt"), "a\nb\nc {{ x | }}").unwrap_err();
    assert_eq!(e.line(), Some(3), "{e}");
}

#[test]
fn printing_a_missing_name_is_an_error_but_testing_it_or_a_default_works() {
    let mut ctx = context();
    ctx.participant.name = None;
    let e = render_err("t.txt", "Subject: Hi\n\nDear {{ participant.name }},", &ctx);
    assert_eq!(
        e.to_string(),
        "t.txt, line 3: `participant.name`: has no value for this participant (test it with {% if ... %} or give a default with `or`), rendering for row 2 (ada@x.example)"
    );
    let ok = user(
        "t.txt",
        "Dear {{ participant.name or \"participant\" }},{% if study %} {{ study }}{% endif %}",
    );
    assert_eq!(
        ok.render(&ctx).unwrap().body.content(),
        "Dear participant, Checkout study"
    );
}

#[test]
fn a_subject_that_renders_with_a_line_break_is_refused_naming_the_row() {
    let e = render_err(
        "t.txt",
        "Subject: Hi{{ \"\\n\" }}Bcc: eve@evil.example\nbody",
        &context(),
    );
    assert!(
        matches!(
            &e,
            TemplateError::Subject {
                problem: MessageError::SubjectForbidden(_),
                ..
            }
        ),
        "{e:?}"
    );
    assert_eq!(
        e.to_string(),
        "t.txt: for row 2 (ada@x.example), the subject contains a line feed (\\n), which a mail header cannot hold"
    );
    let e = render_err("t.txt", "Subject: {{ \"  \" }}\nbody", &context());
    assert!(matches!(
        e,
        TemplateError::Subject {
            problem: MessageError::SubjectEmpty,
            ..
        }
    ));
}

#[test]
fn a_body_that_renders_empty_is_refused() {
    let e = render_err(
        "t.txt",
        "Subject: Hi\n\n{% if false %}x{% endif %}",
        &context(),
    );
    assert_eq!(
        e.to_string(),
        "t.txt: for row 2 (ada@x.example), the body is empty"
    );
}

#[test]
fn malformed_template_files_are_refused_when_loading() {
    let load = |path: &str, text: &str| MailTemplate::from_file(Path::new(path), text).unwrap_err();
    assert_eq!(
        load("t.txt", "Subject:   \nbody"),
        TemplateError::EmptySubjectLine {
            file: "t.txt".into()
        }
    );
    assert_eq!(
        load("t.txt", "Subject: Hi\n\n \n"),
        TemplateError::NoBody {
            file: "t.txt".into()
        }
    );
    let big = "x".repeat(MAX_TEMPLATE_BYTES + 1);
    assert!(matches!(
        load("t.txt", &big),
        TemplateError::TooLarge { .. }
    ));
}

#[test]
fn a_runaway_template_stops_with_an_error() {
    let e = render_err(
        "t.txt",
        "{% for i in range(10000) %}{% for j in range(10000) %}x{% endfor %}{% endfor %}",
        &context(),
    );
    assert!(
        e.to_string().contains("the template does too much work"),
        "{e}"
    );
}

#[test]
fn the_builtin_invitation_with_many_slots_stays_within_its_budget() {
    let mut ctx = context();
    let first = ctx.slots[0];
    ctx.slots = (0..200i64)
        .map(|i| crate::mail::template_context::OfferedSlot {
            start: first.start + chrono::TimeDelta::hours(i),
            end: first.end + chrono::TimeDelta::hours(i),
        })
        .collect();
    let mail = MailTemplate::builtin().render(&ctx).unwrap();
    assert_eq!(mail.text_preview.matches("\n  - ").count(), 200);
}

#[test]
fn send_templates_from_flags_name_the_flag() {
    let t = MailTemplate::from_parts(
        "--subject",
        "Hi {{ participant.name }}",
        "--body",
        "Hello {{ company }}",
        BodyType::Text,
    )
    .unwrap();
    let mail = t.render(&context()).unwrap();
    assert_eq!(
        (mail.subject.as_str(), mail.body.content()),
        ("Hi Ada", "Hello Analytical Engines")
    );
    let t = MailTemplate::from_parts(
        "--subject",
        "Hi {{ nmae }}",
        "notes.txt",
        "x",
        BodyType::Text,
    )
    .unwrap();
    let e = t.render(&context()).unwrap_err();
    assert_eq!(
        e.to_string(),
        "--subject: `nmae` is undefined, rendering for row 2 (ada@x.example)"
    );
    let e = MailTemplate::from_parts(
        "--subject",
        "Hi",
        "notes.txt",
        "a\n{% endif %}",
        BodyType::Text,
    )
    .unwrap_err();
    assert!(
        e.to_string()
            .starts_with("notes.txt, line 2: syntax error:"),
        "{e}"
    );
}

#[test]
fn render_all_stops_at_the_first_participant_that_fails() {
    let template = user("t.txt", "Dear {{ participant.name }}");
    let ok = context();
    let mut nameless = context();
    nameless.participant.name = None;
    nameless.participant.row = Some(7);
    let all = template.render_all(&[ok.clone(), ok.clone()]).unwrap();
    assert_eq!(all.len(), 2);
    let e = template
        .render_all(&[ok.clone(), nameless, ok])
        .unwrap_err();
    assert!(e.to_string().contains("row 7 (ada@x.example)"), "{e}");
    template.check(&context()).unwrap();
}

#[test]
fn the_digest_tells_messages_apart() {
    let template = user("t.txt", "Subject: S\n\n{{ participant.name }}");
    let a = template.render(&context()).unwrap();
    let mut other = context();
    other.participant.name = Some("Grace".into());
    let b = template.render(&other).unwrap();
    assert_eq!(a.digest(), template.render(&context()).unwrap().digest());
    assert_ne!(a.digest(), b.digest());
    assert_eq!(a.digest().len(), 64);
}

#[test]
fn templates_and_journals_can_be_shared_across_tasks() {
    fn send_sync<T: Send + Sync>() {}
    send_sync::<MailTemplate>();
    send_sync::<crate::mail::journal_store::RunJournal>();
    send_sync::<crate::mail::rate::Pacer>();
}
