//! A plain-text reading of an HTML body, for previews (`--dry-run`, the demo): paragraphs and
//! line breaks kept, list items as `- item`, tags dropped, the common entities decoded. Not a
//! renderer; what is sent is the HTML itself.

/// Elements whose content is not text a reader sees.
const HIDDEN: &[&str] = &["head", "style", "script", "title"];
/// Elements that start and end a block (a line of their own).
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "ul",
    "ol",
    "table",
    "tr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "pre",
    "section",
    "article",
    "header",
    "footer",
    "body",
    "html",
];

pub fn html_to_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut hidden_until: Option<String> = None;
    let mut rest = html;
    while !rest.is_empty() {
        let Some(open) = rest.find('<') else {
            if hidden_until.is_none() {
                push_text(&mut out, rest);
            }
            break;
        };
        if hidden_until.is_none() {
            push_text(&mut out, &rest[..open]);
        }
        let after = &rest[open + 1..];
        let Some(close) = after.find('>') else {
            // A `<` that opens no tag is text.
            if hidden_until.is_none() {
                push_text(&mut out, &rest[open..]);
            }
            break;
        };
        let tag = &after[..close];
        rest = &after[close + 1..];
        let closing = tag.starts_with('/');
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        if let Some(until) = &hidden_until {
            if closing && *until == name {
                hidden_until = None;
            }
            continue;
        }
        if !closing && HIDDEN.contains(&name.as_str()) && !tag.ends_with('/') {
            hidden_until = Some(name);
            continue;
        }
        match name.as_str() {
            "br" => out.push('\n'),
            "li" if !closing => {
                new_line(&mut out);
                out.push_str("- ");
            }
            "li" => new_line(&mut out),
            n if BLOCKS.contains(&n) => {
                new_line(&mut out);
                if matches!(n, "p" | "ul" | "ol" | "table" | "blockquote" | "pre")
                    || n.starts_with('h')
                {
                    blank_line(&mut out);
                }
            }
            _ => {}
        }
    }
    tidy(&out)
}

/// Text between tags: entities decoded, runs of whitespace as one space (as a browser shows).
fn push_text(out: &mut String, text: &str) {
    let decoded = decode_entities(text);
    for c in decoded.chars() {
        if c.is_whitespace() && c != '\u{a0}' {
            if !out.ends_with([' ', '\n']) && !out.is_empty() {
                out.push(' ');
            }
        } else {
            out.push(if c == '\u{a0}' { ' ' } else { c });
        }
    }
}

fn new_line(out: &mut String) {
    while out.ends_with(' ') {
        out.pop();
    }
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
}

fn blank_line(out: &mut String) {
    if !out.is_empty() && !out.ends_with("\n\n") {
        out.push('\n');
    }
}

/// Lines trimmed, at most one blank line in a row, none at either end.
fn tidy(text: &str) -> String {
    let mut lines: Vec<&str> = Vec::new();
    for line in text.lines().map(str::trim) {
        if line.is_empty() && lines.last().is_none_or(|l| l.is_empty()) {
            continue;
        }
        lines.push(line);
    }
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    lines.join("\n")
}

fn decode_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let decoded = after
            .find(';')
            .filter(|semi| *semi <= 10)
            .and_then(|semi| entity(&after[..semi]).map(|c| (c, semi)));
        match decoded {
            Some((c, semi)) => {
                out.push(c);
                rest = &after[semi + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn entity(name: &str) -> Option<char> {
    let numeric = |digits: &str, radix: u32| u32::from_str_radix(digits, radix).ok();
    let code = match name {
        "amp" => return Some('&'),
        "lt" => return Some('<'),
        "gt" => return Some('>'),
        "quot" => return Some('"'),
        "apos" => return Some('\''),
        "nbsp" => return Some('\u{a0}'),
        "ndash" => return Some('–'),
        "mdash" => return Some('—'),
        n if n.starts_with("#x") || n.starts_with("#X") => numeric(&n[2..], 16)?,
        n if n.starts_with('#') => numeric(&n[1..], 10)?,
        _ => return None,
    };
    char::from_u32(code).filter(|c| !c.is_control() || *c == '\n' || *c == '\t')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_lists_and_breaks_become_lines() {
        let html = "<!DOCTYPE html><html><head><title>T</title><style>p{color:red}</style></head>\
            <body><p>Dear   Ada,</p>\n<p>Times:</p><ul>\n  <li>Thursday, 10:00</li>\n  <li>Friday</li></ul>\
            <p>Thank you,<br>\nMegan<br><a href=\"mailto:m@x.example\">m@x.example</a></p></body></html>";
        assert_eq!(
            html_to_text(html),
            "Dear Ada,\n\nTimes:\n\n- Thursday, 10:00\n- Friday\n\nThank you,\nMegan\nm@x.example"
        );
    }

    #[test]
    fn entities_are_decoded_once_and_unknown_ones_kept() {
        // A no-break space is a space that does not merge with its neighbour, as in a browser.
        assert_eq!(
            html_to_text("a &lt;b&gt; &amp;amp; &#39;c&#x27; &quot;d&quot; &nbsp;e &bogus; & f"),
            "a <b> &amp; 'c' \"d\"  e &bogus; & f"
        );
        assert_eq!(html_to_text("&#0; &#x1b; &#xZZ;"), "&#0; &#x1b; &#xZZ;");
    }

    #[test]
    fn broken_markup_does_not_lose_text_or_panic() {
        assert_eq!(html_to_text("1 < 2 and 3"), "1 < 2 and 3");
        assert_eq!(html_to_text("<p>open"), "open");
        assert_eq!(html_to_text("<script>never closed"), "");
        assert_eq!(html_to_text(""), "");
        assert_eq!(html_to_text("é<b>ü</b>"), "éü");
    }
}
