//! The query options that look into a meeting's own data, parsed strictly (anything else is
//! refused, never ignored):
//! - `$filter=singleValueExtendedProperties/Any(ep: ep/id eq '{id}' and ep/value eq '{value}')`,
//!   with `ne`, `contains(ep/value, ...)`, `startswith(ep/value, ...)` or no value clause, the
//!   forms "Get singleValueLegacyExtendedProperty" documents for string properties of events;
//! - `$filter=categories/any(c: c eq '{name}')`;
//! - `$expand=singleValueExtendedProperties($filter=id eq '{id}')`.

use super::super::meetings::ExtendedProperty;
use super::event_body::Refusal;
use super::extended_property::{self, PropertyKey};

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum EventFilter {
    Extended {
        key: PropertyKey,
        value: Option<(ValueOp, String)>,
    },
    Category(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum ValueOp {
    Eq,
    Ne,
    Contains,
    StartsWith,
}

impl EventFilter {
    /// "Filtering the value property of an extended property is case-insensitive." The name in
    /// the id is compared case-sensitively (see `extended_property`). Categories compare without
    /// case, as Outlook treats category names.
    pub(super) fn matches(&self, categories: &[String], extended: &[ExtendedProperty]) -> bool {
        match self {
            EventFilter::Category(name) => categories.iter().any(|c| c.eq_ignore_ascii_case(name)),
            EventFilter::Extended { key, value } => extended.iter().any(|p| {
                extended_property::parse(&p.id).as_ref() == Some(key)
                    && value.as_ref().is_none_or(|(op, wanted)| {
                        let (have, wanted) = (p.value.to_lowercase(), wanted.to_lowercase());
                        match op {
                            ValueOp::Eq => have == wanted,
                            ValueOp::Ne => have != wanted,
                            ValueOp::Contains => have.contains(&wanted),
                            ValueOp::StartsWith => have.starts_with(&wanted),
                        }
                    })
            }),
        }
    }
}

/// The property an `$expand` asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct ExpandProperty(pub(super) PropertyKey);

impl ExpandProperty {
    pub(super) fn pick<'a>(
        &self,
        extended: &'a [ExtendedProperty],
    ) -> Option<&'a ExtendedProperty> {
        extended
            .iter()
            .find(|p| extended_property::parse(&p.id).as_ref() == Some(&self.0))
    }
}

fn bad_filter(detail: &str) -> Refusal {
    (
        "BadRequest",
        format!(
            "Invalid filter clause: {detail}. The sandbox tenant filters events by singleValueExtendedProperties/Any(ep: ep/id eq '...' and ep/value eq '...') or categories/any(c: c eq '...') only."
        ),
    )
}

fn bad_id() -> Refusal {
    (
        "ErrorInvalidProperty",
        extended_property::BAD_ID.to_string(),
    )
}

/// A tiny cursor over an OData expression.
struct Cursor<'a> {
    s: &'a str,
    pos: usize,
}

impl<'a> Cursor<'a> {
    fn new(s: &'a str) -> Self {
        Cursor { s, pos: 0 }
    }

    fn rest(&self) -> &'a str {
        &self.s[self.pos..]
    }

    fn skip_ws(&mut self) {
        let trimmed = self.rest().trim_start();
        self.pos = self.s.len() - trimmed.len();
    }

    fn eat(&mut self, c: char) -> bool {
        self.skip_ws();
        if self.rest().starts_with(c) {
            self.pos += c.len_utf8();
            true
        } else {
            false
        }
    }

    fn ident(&mut self) -> Option<&'a str> {
        self.skip_ws();
        let rest = self.rest();
        let len = rest
            .char_indices()
            .find(|&(i, c)| !(c.is_ascii_alphabetic() || c == '_' || (i > 0 && c.is_ascii_digit())))
            .map_or(rest.len(), |(i, _)| i);
        if len == 0 {
            return None;
        }
        self.pos += len;
        Some(&rest[..len])
    }

    /// The next identifier, if it is `word` in any case.
    fn keyword(&mut self, word: &str) -> bool {
        let at = self.pos;
        if self.ident().is_some_and(|w| w.eq_ignore_ascii_case(word)) {
            return true;
        }
        self.pos = at;
        false
    }

    /// `'...'` with `''` for a quote inside.
    fn string(&mut self) -> Option<String> {
        if !self.eat('\'') {
            return None;
        }
        let mut out = String::new();
        let mut chars = self.rest().char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            if c == '\'' {
                if chars.peek().is_some_and(|(_, n)| *n == '\'') {
                    chars.next();
                    out.push('\'');
                    continue;
                }
                self.pos += i + 1;
                return Some(out);
            }
            out.push(c);
        }
        None
    }

    fn at_end(&mut self) -> bool {
        self.skip_ws();
        self.rest().is_empty()
    }

    /// `var/name`, with `var` the lambda variable.
    fn member(&mut self, var: &str, name: &str) -> bool {
        let at = self.pos;
        let ok = self.ident() == Some(var) && self.eat('/') && self.keyword(name);
        if !ok {
            self.pos = at;
        }
        ok
    }
}

/// Parses a `$filter` value.
pub(super) fn parse_filter(raw: &str) -> Result<EventFilter, Refusal> {
    let mut c = Cursor::new(raw);
    let Some(collection) = c.ident() else {
        return Err(bad_filter("expected a collection property"));
    };
    if !(c.eat('/') && c.keyword("any") && c.eat('(')) {
        return Err(bad_filter("expected a lambda 'any' over a collection"));
    }
    let Some(var) = c.ident() else {
        return Err(bad_filter("expected a lambda variable"));
    };
    if !c.eat(':') {
        return Err(bad_filter("expected ':' after the lambda variable"));
    }
    let filter = if collection.eq_ignore_ascii_case("singleValueExtendedProperties") {
        if !(c.member(var, "id") && c.keyword("eq")) {
            return Err(bad_filter("expected 'ep/id eq' first"));
        }
        let id = c
            .string()
            .ok_or_else(|| bad_filter("expected the id as a string literal"))?;
        let key = extended_property::parse(&id).ok_or_else(bad_id)?;
        let value = if c.keyword("and") {
            Some(value_clause(&mut c, var)?)
        } else {
            None
        };
        EventFilter::Extended { key, value }
    } else if collection.eq_ignore_ascii_case("categories") {
        if !(c.ident() == Some(var) && c.keyword("eq")) {
            return Err(bad_filter("expected 'c eq' in the categories lambda"));
        }
        let name = c
            .string()
            .ok_or_else(|| bad_filter("expected the category as a string literal"))?;
        EventFilter::Category(name)
    } else {
        return Err(bad_filter(&format!("'{collection}' cannot be filtered")));
    };
    if !c.eat(')') || !c.at_end() {
        return Err(bad_filter("unexpected text after the lambda"));
    }
    Ok(filter)
}

fn value_clause(c: &mut Cursor, var: &str) -> Result<(ValueOp, String), Refusal> {
    let function = if c.keyword("contains") {
        Some(ValueOp::Contains)
    } else if c.keyword("startswith") {
        Some(ValueOp::StartsWith)
    } else {
        None
    };
    if let Some(op) = function {
        if !(c.eat('(') && c.member(var, "value") && c.eat(',')) {
            return Err(bad_filter("expected (ep/value, '...')"));
        }
        let v = c
            .string()
            .ok_or_else(|| bad_filter("expected a string literal"))?;
        if !c.eat(')') {
            return Err(bad_filter("expected ')'"));
        }
        return Ok((op, v));
    }
    if !c.member(var, "value") {
        return Err(bad_filter("expected 'ep/value' after 'and'"));
    }
    let op = if c.keyword("eq") {
        ValueOp::Eq
    } else if c.keyword("ne") {
        ValueOp::Ne
    } else {
        return Err(bad_filter("string values compare with eq or ne only"));
    };
    let v = c
        .string()
        .ok_or_else(|| bad_filter("expected a string literal"))?;
    Ok((op, v))
}

/// Parses an `$expand` value. Graph's answer to an expand it cannot read is "Parsing Select and
/// Expand failed." (seen in microsoft-graph-explorer-v4 issue 491).
pub(super) fn parse_expand(raw: &str) -> Result<ExpandProperty, Refusal> {
    let failed = || {
        (
            "BadRequest",
            "Parsing Select and Expand failed.".to_string(),
        )
    };
    let mut c = Cursor::new(raw);
    let Some(name) = c.ident() else {
        return Err(failed());
    };
    if !name.eq_ignore_ascii_case("singleValueExtendedProperties") {
        return Err((
            "BadRequest",
            format!("The sandbox tenant does not expand '{name}'."),
        ));
    }
    // "You cannot use the REST API to get all the extended properties of a specific instance in
    // one call." ("Outlook extended properties overview"): a filter on the id is required.
    if !(c.eat('(') && c.eat('$') && c.keyword("filter") && c.eat('=')) {
        return Err(failed());
    }
    if !(c.keyword("id") && c.keyword("eq")) {
        return Err(failed());
    }
    let id = c.string().ok_or_else(failed)?;
    if !c.eat(')') || !c.at_end() {
        return Err(failed());
    }
    extended_property::parse(&id)
        .map(ExpandProperty)
        .ok_or_else(bad_id)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "String {66f5a359-4659-4830-9070-00047ec6ac6e} Name Color";

    fn prop(value: &str) -> Vec<ExtendedProperty> {
        vec![ExtendedProperty {
            id: ID.to_string(),
            value: value.to_string(),
        }]
    }

    #[test]
    fn documented_filter_forms_parse_and_match() {
        let eq = parse_filter(&format!(
            "singleValueExtendedProperties/Any(ep: ep/id eq '{ID}' and ep/value eq 'Green')"
        ))
        .unwrap();
        assert!(eq.matches(&[], &prop("green")));
        assert!(!eq.matches(&[], &prop("Light green")));
        // Request 3 of the page: lower-case any, no space after the colon, ep/Id and ep/Value.
        let contains = parse_filter(&format!(
            "singleValueExtendedProperties/any(ep:ep/Id eq '{ID}' and contains(ep/Value, 'green'))"
        ))
        .unwrap();
        assert!(contains.matches(&[], &prop("Light green")));
        let exists = parse_filter(&format!(
            "singleValueExtendedProperties/any(x: x/id eq '{ID}')"
        ))
        .unwrap();
        assert!(exists.matches(&[], &prop("anything")));
        assert!(!exists.matches(&[], &[]));
        let ne = parse_filter(&format!(
            "singleValueExtendedProperties/Any(ep: ep/id eq '{ID}' and ep/value ne 'Green')"
        ))
        .unwrap();
        assert!(ne.matches(&[], &prop("Blue")));
        let cat = parse_filter("categories/any(c: c eq 'Rally ''UXR''')").unwrap();
        assert_eq!(cat, EventFilter::Category("Rally 'UXR'".into()));
        assert!(cat.matches(&["rally 'uxr'".into()], &[]));
    }

    #[test]
    fn other_filters_are_refused_not_ignored() {
        for bad in [
            "subject eq 'x'",
            "id eq 'x'",
            "singleValueExtendedProperties/Any(ep: ep/value eq 'x')",
            "singleValueExtendedProperties/Any(ep: ep/id eq 'String {66f5a359-4659-4830-9070-00047ec6ac6e} Name Color' or ep/value eq 'x')",
            "singleValueExtendedProperties/Any(ep: other/id eq 'x')",
            "singleValueExtendedProperties/Any(ep: ep/id eq 'String {66f5a359-4659-4830-9070-00047ec6ac6e} Name Color') and subject eq 'x'",
            "singleValueExtendedProperties/Any(ep: ep/id eq 'String {66f5a359-4659-4830-9070-00047ec6ac6e} Name Color' and ep/value gt 'x')",
            "categories/any(c: c ne 'x')",
            "categories/any(c: c eq 'x'",
        ] {
            let err = parse_filter(bad).unwrap_err();
            assert_eq!(err.0, "BadRequest", "{bad}");
        }
        let err =
            parse_filter("singleValueExtendedProperties/Any(ep: ep/id eq 'Color')").unwrap_err();
        assert_eq!(err.0, "ErrorInvalidProperty");
    }

    #[test]
    fn expand_needs_one_id() {
        let e = parse_expand(&format!(
            "singleValueExtendedProperties($filter=id eq '{ID}')"
        ))
        .unwrap();
        assert_eq!(e.pick(&prop("x")).map(|p| p.value.as_str()), Some("x"));
        assert!(parse_expand("singleValueExtendedProperties").is_err());
        assert!(parse_expand("attachments").is_err());
        assert!(
            parse_expand(&format!(
                "singleValueExtendedProperties($filter=id eq '{ID}'"
            ))
            .is_err()
        );
    }
}
