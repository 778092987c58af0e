//! What a template can use, built from typed values: the participant, the offered slots
//! formatted in the participant's zone, the study and the researcher.
//!
//! Variables (all strings unless said otherwise):
//! - `participant.email`; `participant.name` (`none` when the participant has no name: test
//!   it with `{% if participant.name %}` or write `{{ participant.name or "there" }}`);
//!   `participant.<column>` for every other column of the participants file
//!   (`participant["first name"]` when the column's name is not an identifier);
//! - each such column also as a top-level variable (`{{ company }}`) when its name is an
//!   identifier and is not one of the names below or a template keyword;
//! - `slots`: a list; each slot has `start` and `end` (RFC 3339 with the zone's offset),
//!   `date` (`3 December 2026`), `iso_date` (`2026-12-03`), `weekday` (`Thursday`),
//!   `start_time` and `end_time` (`10:00`), `end_date` and `end_weekday` (the day the slot
//!   ends, which differs from `date` only for a slot across midnight), `time_zone` (IANA name),
//!   `utc_offset` (`+01:00`) and `abbreviation` (`CET`), all in the participant's zone;
//! - `time_zone`: the participant's zone (IANA name);
//! - `study`: the study's name, or `none`;
//! - `researcher.name` (the researcher's display name, or their address when they have none)
//!   and `researcher.email`.

use std::collections::BTreeMap;

use chrono::{DateTime, SecondsFormat, Utc};
use chrono_tz::Tz;
use minijinja::Value;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::email::EmailAddress;
use crate::mail::participants::Participant;

/// A slot offered in an invitation; the template layer shows it in the participant's zone.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, JsonSchema, Deserialize,
)]
pub struct OfferedSlot {
    /// RFC 3339, in UTC.
    pub start: DateTime<Utc>,
    /// RFC 3339, in UTC.
    pub end: DateTime<Utc>,
}

impl From<crate::schedule::Interval> for OfferedSlot {
    fn from(slot: crate::schedule::Interval) -> Self {
        OfferedSlot {
            start: slot.start,
            end: slot.end,
        }
    }
}

/// The person the participant replies to: the signed-in user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Researcher {
    /// The display name from the sign-in; `None` shows the address instead.
    pub name: Option<String>,
    pub email: EmailAddress,
}

/// Everything one message is rendered from.
#[derive(Debug, Clone, PartialEq)]
pub struct TemplateContext {
    pub participant: Participant,
    pub slots: Vec<OfferedSlot>,
    pub study: Option<String>,
    pub researcher: Researcher,
    /// The participant's zone (`--participant-tz`, else the display zone).
    pub zone: Tz,
}

/// Names a column cannot take at the top level: our own variables, and the names the template
/// language gives a meaning to (keywords, literals, loop variables, global functions).
pub const RESERVED_NAMES: &[&str] = &[
    "participant",
    "slots",
    "study",
    "researcher",
    "time_zone",
    "true",
    "false",
    "none",
    "True",
    "False",
    "None",
    "and",
    "or",
    "not",
    "in",
    "is",
    "if",
    "else",
    "elif",
    "endif",
    "for",
    "endfor",
    "set",
    "with",
    "block",
    "loop",
    "self",
    "super",
    "caller",
    "varargs",
    "kwargs",
    "range",
    "dict",
    "namespace",
    "debug",
];

/// Whether a column can be reached as `{{ column }}` (an identifier, not reserved).
pub fn is_top_level_name(name: &str) -> bool {
    is_identifier(name) && !RESERVED_NAMES.contains(&name)
}

/// ASCII letters, digits and `_`, not starting with a digit: `participant.name_2` works.
fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

impl TemplateContext {
    /// The value templates see (see the module doc).
    pub fn to_value(&self) -> Value {
        let mut top: BTreeMap<String, Value> = BTreeMap::new();
        for (column, value) in &self.participant.columns {
            if is_top_level_name(column) {
                top.insert(column.clone(), Value::from(value.as_str()));
            }
        }
        top.insert("participant".into(), self.participant_value());
        top.insert(
            "slots".into(),
            Value::from(
                self.slots
                    .iter()
                    .map(|s| slot_value(s, self.zone))
                    .collect::<Vec<_>>(),
            ),
        );
        top.insert("time_zone".into(), Value::from(self.zone.name()));
        top.insert("study".into(), Value::from(self.study.clone()));
        let researcher_name = self
            .researcher
            .name
            .clone()
            .unwrap_or_else(|| self.researcher.email.to_string());
        top.insert(
            "researcher".into(),
            Value::from(BTreeMap::from([
                ("name".to_owned(), Value::from(researcher_name)),
                (
                    "email".to_owned(),
                    Value::from(self.researcher.email.as_str()),
                ),
            ])),
        );
        Value::from(top)
    }

    fn participant_value(&self) -> Value {
        let p = &self.participant;
        let mut map: BTreeMap<String, Value> = p
            .columns
            .iter()
            .map(|(k, v)| (k.clone(), Value::from(v.as_str())))
            .collect();
        map.insert("email".into(), Value::from(p.email.as_str()));
        map.insert("name".into(), Value::from(p.name.clone()));
        Value::from(map)
    }

    /// Every variable a template can use with this context, for an error's hint.
    pub fn variable_names(&self) -> Vec<String> {
        let mut names = vec![
            "participant.email".to_owned(),
            "participant.name".to_owned(),
        ];
        for column in self.participant.columns.keys() {
            if is_identifier(column) {
                names.push(format!("participant.{column}"));
            } else {
                names.push(format!("participant[\"{column}\"]"));
            }
            if is_top_level_name(column) {
                names.push(column.clone());
            }
        }
        names.extend(
            [
                "slots",
                "time_zone",
                "study",
                "researcher.name",
                "researcher.email",
            ]
            .map(str::to_owned),
        );
        names
    }
}

fn slot_value(slot: &OfferedSlot, zone: Tz) -> Value {
    let start = slot.start.with_timezone(&zone);
    let end = slot.end.with_timezone(&zone);
    let fields = [
        ("start", start.to_rfc3339_opts(SecondsFormat::Secs, true)),
        ("end", end.to_rfc3339_opts(SecondsFormat::Secs, true)),
        ("date", start.format("%-d %B %Y").to_string()),
        ("iso_date", start.format("%Y-%m-%d").to_string()),
        ("weekday", start.format("%A").to_string()),
        ("start_time", start.format("%H:%M").to_string()),
        ("end_time", end.format("%H:%M").to_string()),
        ("end_date", end.format("%-d %B %Y").to_string()),
        ("end_weekday", end.format("%A").to_string()),
        ("time_zone", zone.name().to_owned()),
        ("utc_offset", start.format("%:z").to_string()),
        ("abbreviation", start.format("%Z").to_string()),
    ];
    Value::from(
        fields
            .into_iter()
            .map(|(k, v)| (k.to_owned(), Value::from(v)))
            .collect::<BTreeMap<String, Value>>(),
    )
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    pub(crate) fn context() -> TemplateContext {
        let mut participant = Participant::new(
            EmailAddress::parse("ada@x.example").unwrap(),
            Some("Ada".into()),
        );
        participant.columns = BTreeMap::from([
            ("company".to_owned(), "Analytical Engines".to_owned()),
            ("first name".to_owned(), "Ada".to_owned()),
            ("study".to_owned(), "from the file".to_owned()),
        ]);
        participant.row = Some(2);
        TemplateContext {
            participant,
            slots: vec![
                OfferedSlot {
                    start: at("2026-12-03T09:00:00Z"),
                    end: at("2026-12-03T10:00:00Z"),
                },
                OfferedSlot {
                    start: at("2026-12-04T22:30:00Z"),
                    end: at("2026-12-04T23:30:00Z"),
                },
            ],
            study: Some("Checkout study".into()),
            researcher: Researcher {
                name: Some("Megan Bowen".into()),
                email: EmailAddress::parse("megan@contoso.example").unwrap(),
            },
            zone: "Europe/Berlin".parse().unwrap(),
        }
    }

    fn get(value: &Value, path: &str) -> String {
        let mut v = value.clone();
        for part in path.split('.') {
            v = match part.parse::<usize>() {
                Ok(i) => v.get_item_by_index(i).unwrap(),
                Err(_) => v.get_attr(part).unwrap(),
            };
        }
        v.to_string()
    }

    #[test]
    fn slots_are_shown_in_the_participants_zone() {
        let value = context().to_value();
        assert_eq!(get(&value, "slots.0.start"), "2026-12-03T10:00:00+01:00");
        assert_eq!(get(&value, "slots.0.end"), "2026-12-03T11:00:00+01:00");
        assert_eq!(get(&value, "slots.0.date"), "3 December 2026");
        assert_eq!(get(&value, "slots.0.iso_date"), "2026-12-03");
        assert_eq!(get(&value, "slots.0.weekday"), "Thursday");
        assert_eq!(get(&value, "slots.0.start_time"), "10:00");
        assert_eq!(get(&value, "slots.0.end_time"), "11:00");
        assert_eq!(get(&value, "slots.0.time_zone"), "Europe/Berlin");
        assert_eq!(get(&value, "slots.0.utc_offset"), "+01:00");
        assert_eq!(get(&value, "slots.0.abbreviation"), "CET");
        // 23:30–00:30 in Berlin: the slot ends the next day.
        assert_eq!(get(&value, "slots.1.date"), "4 December 2026");
        assert_eq!(get(&value, "slots.1.end_date"), "5 December 2026");
        assert_eq!(get(&value, "slots.1.end_weekday"), "Saturday");
        assert_eq!(get(&value, "time_zone"), "Europe/Berlin");
    }

    #[test]
    fn the_participant_researcher_study_and_columns_are_variables() {
        let value = context().to_value();
        assert_eq!(get(&value, "participant.email"), "ada@x.example");
        assert_eq!(get(&value, "participant.name"), "Ada");
        assert_eq!(get(&value, "participant.company"), "Analytical Engines");
        assert_eq!(get(&value, "company"), "Analytical Engines");
        assert_eq!(
            value
                .get_attr("participant")
                .unwrap()
                .get_item(&Value::from("first name"))
                .unwrap()
                .to_string(),
            "Ada"
        );
        // Not an identifier: only under participant. A reserved name: our variable wins.
        assert!(value.get_attr("first name").unwrap().is_undefined());
        assert_eq!(get(&value, "study"), "Checkout study");
        assert_eq!(get(&value, "participant.study"), "from the file");
        assert_eq!(get(&value, "researcher.name"), "Megan Bowen");
        assert_eq!(get(&value, "researcher.email"), "megan@contoso.example");
    }

    #[test]
    fn missing_name_and_study_are_none_and_a_nameless_researcher_shows_the_address() {
        let mut ctx = context();
        ctx.participant.name = None;
        ctx.study = None;
        ctx.researcher.name = None;
        let value = ctx.to_value();
        assert!(
            value
                .get_attr("participant")
                .unwrap()
                .get_attr("name")
                .unwrap()
                .is_none()
        );
        assert!(value.get_attr("study").unwrap().is_none());
        assert_eq!(get(&value, "researcher.name"), "megan@contoso.example");
    }

    #[test]
    fn top_level_names_are_identifiers_that_are_not_reserved() {
        for ok in ["company", "_x", "first_name2"] {
            assert!(is_top_level_name(ok), "{ok}");
        }
        for no in [
            "first name",
            "2nd",
            "",
            "participant",
            "loop",
            "none",
            "range",
            "é",
        ] {
            assert!(!is_top_level_name(no), "{no}");
        }
        let names = context().variable_names();
        assert!(names.contains(&"company".to_owned()));
        assert!(names.contains(&"participant[\"first name\"]".to_owned()));
        assert!(names.contains(&"participant.study".to_owned()));
        assert_eq!(names.iter().filter(|n| *n == "study").count(), 1);
    }
}
