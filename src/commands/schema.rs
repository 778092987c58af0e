//! `schema [COMMAND]`: the JSON Schema (draft 2020-12) of each command's `--json` output,
//! generated from the report types themselves (`#[derive(JsonSchema)]` beside `Serialize`), so
//! the published contract and what the commands print cannot drift apart.
//!
//! [`COMMANDS`] is the one list of the commands whose data has a JSON form; [`WITHOUT_JSON`]
//! names the others. A test walks the command line and fails on a command in neither list.
//!
//! The published schemas list every field a command always prints as `required`, and allow
//! fields they do not name: the contract lets a later version add fields, and a script should
//! not break when one appears.

use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::Serialize;
use serde_json::{Map, Value};

use crate::commands::admin_consent::AdminConsentReport;
use crate::commands::book::{BookReport, EventPreview};
use crate::commands::cancel::CancelReport;
use crate::commands::disconnect::DisconnectReport;
use crate::commands::interviews::InterviewsReport;
use crate::commands::journal::{JournalReport, RunReport};
use crate::commands::mail_delivery::{DeliveryReport, DryRunReport};
use crate::commands::profiles::ProfilesReport;
use crate::commands::sandbox::ServeReport;
use crate::commands::sandbox::outbox::OutboxReport;
use crate::commands::slots::render::SlotsReport;
use crate::commands::status::report::{Connected, NotConnected};
use crate::error::AppError;
use crate::hints;
use crate::output::{Block, Output, Render, TableStyle};

/// A command with JSON output: its name as typed after `rally-m365` (`sandbox outbox` for a
/// nested one), what its JSON is, and the report types it prints (one schema each; a command
/// that prints one of several shapes gets `oneOf` them).
pub struct CommandSchema {
    pub name: &'static str,
    pub about: &'static str,
    shapes: fn(&mut SchemaGenerator) -> Vec<Schema>,
}

/// Every command whose data has a JSON form, in the order of `rally-m365 --help`.
pub const COMMANDS: &[CommandSchema] = &[
    CommandSchema {
        name: "connect",
        about: "The stored sign-in, as `status` shows it.",
        shapes: |g| vec![g.subschema_for::<Connected>()],
    },
    CommandSchema {
        name: "status",
        about: "The signed-in profile (`connected: true`) or why it is not (`connected: false`, exit 3); with --all, every profile.",
        shapes: |g| {
            vec![
                g.subschema_for::<Connected>(),
                g.subschema_for::<NotConnected>(),
                g.subschema_for::<ProfilesReport>(),
            ]
        },
    },
    CommandSchema {
        name: "disconnect",
        about: "Whether a sign-in was removed.",
        shapes: |g| vec![g.subschema_for::<DisconnectReport>()],
    },
    CommandSchema {
        name: "profiles",
        about: "Every profile with its account and state.",
        shapes: |g| vec![g.subschema_for::<ProfilesReport>()],
    },
    CommandSchema {
        name: "admin-consent",
        about: "The consent link, and the outcome when the admin answered.",
        shapes: |g| vec![g.subschema_for::<AdminConsentReport>()],
    },
    CommandSchema {
        name: "slots",
        about: "Free slots in the display zone.",
        shapes: |g| vec![g.subschema_for::<SlotsReport>()],
    },
    CommandSchema {
        name: "book",
        about: "The booked interview, or with --dry-run the event request that would be sent (Microsoft Graph's event resource).",
        shapes: |g| {
            vec![
                g.subschema_for::<BookReport>(),
                g.subschema_for::<EventPreview>(),
            ]
        },
    },
    CommandSchema {
        name: "reschedule",
        about: "The interview at its new time.",
        shapes: |g| vec![g.subschema_for::<BookReport>()],
    },
    CommandSchema {
        name: "cancel",
        about: "The cancelled interview and who was notified.",
        shapes: |g| vec![g.subschema_for::<CancelReport>()],
    },
    CommandSchema {
        name: "interviews",
        about: "The interviews booked with rally-m365 and the attendees' responses.",
        shapes: |g| vec![g.subschema_for::<InterviewsReport>()],
    },
    CommandSchema {
        name: "invite",
        about: "Who was mailed, skipped or failed; with --dry-run, who would be mailed.",
        shapes: delivery,
    },
    CommandSchema {
        name: "send",
        about: "Who was mailed, skipped or failed; with --dry-run, who would be mailed.",
        shapes: delivery,
    },
    CommandSchema {
        name: "journal",
        about: "The bulk runs (`runs`), or with --run one run recipient by recipient.",
        shapes: |g| {
            vec![
                g.subschema_for::<JournalReport>(),
                g.subschema_for::<RunReport>(),
            ]
        },
    },
    CommandSchema {
        name: "sandbox serve",
        about: "Where the sandbox tenant listens and the environment that points rally-m365 at it.",
        shapes: |g| vec![g.subschema_for::<ServeReport>()],
    },
    CommandSchema {
        name: "sandbox outbox",
        about: "The messages the sandbox tenant accepted.",
        shapes: |g| vec![g.subschema_for::<OutboxReport>()],
    },
];

/// The commands that print no JSON data: `schema` prints schemas, the others text for people
/// or for a shell.
pub const WITHOUT_JSON: &[&str] = &["demo", "completions", "schema", "man"];

fn delivery(g: &mut SchemaGenerator) -> Vec<Schema> {
    vec![
        g.subschema_for::<DeliveryReport>(),
        g.subschema_for::<DryRunReport>(),
    ]
}

/// The command named `name` (`sandbox outbox`), if it has JSON output.
pub fn find(name: &str) -> Option<&'static CommandSchema> {
    COMMANDS.iter().find(|c| c.name == name)
}

impl CommandSchema {
    /// The standalone schema of this command's `--json` output: `$schema`, a title and
    /// description, the shape (or `oneOf` the shapes) and the definitions they refer to.
    pub fn schema(&self) -> Value {
        let mut generator = SchemaSettings::draft2020_12()
            .for_serialize()
            .into_generator();
        let mut shapes: Vec<Value> = (self.shapes)(&mut generator)
            .into_iter()
            .map(Schema::to_value)
            .collect();
        let mut definitions = generator.take_definitions(true);
        let mut root = Map::new();
        if let Some(meta) = &generator.settings().meta_schema {
            root.insert("$schema".into(), Value::from(meta.as_ref()));
        }
        root.insert(
            "title".into(),
            format!("rally-m365 {} --json", self.name).into(),
        );
        root.insert("description".into(), self.about.into());
        if shapes.len() == 1 {
            // One shape: its own keywords at the root, the report's fields first thing.
            let shape = inline_root(shapes.remove(0), &mut definitions);
            for (key, value) in shape.as_object().into_iter().flatten() {
                // The command's description is more telling than the type's.
                if key != "description" {
                    root.insert(key.clone(), value.clone());
                }
            }
        } else {
            root.insert("oneOf".into(), Value::Array(shapes));
        }
        if !definitions.is_empty() {
            root.insert("$defs".into(), Value::Object(definitions));
        }
        Value::Object(root)
    }
}

/// `{"$ref": "#/$defs/NAME"}` replaced by NAME's definition, taken out of `definitions` when
/// nothing else refers to it; any other schema as it is.
fn inline_root(shape: Value, definitions: &mut Map<String, Value>) -> Value {
    let Some(reference) = shape.get("$ref").and_then(Value::as_str) else {
        return shape;
    };
    let Some(name) = reference.strip_prefix("#/$defs/") else {
        return shape;
    };
    let needle = Value::from(reference).to_string();
    // By another definition, or by itself (a recursive type).
    let referred_elsewhere = definitions
        .values()
        .any(|def| def.to_string().contains(&needle));
    match definitions.get(name) {
        Some(def) if referred_elsewhere => def.clone(),
        Some(_) => definitions.remove(name).unwrap_or(shape),
        None => shape,
    }
}

/// What `schema` prints: one command's schema, or every command's keyed by its name.
#[derive(Debug, Serialize, JsonSchema)]
#[serde(transparent)]
pub struct SchemaReport(#[schemars(with = "Map<String, Value>")] Value);

impl Render for SchemaReport {
    /// Schemas are JSON whatever the format asked: the table form is the JSON text.
    fn table(&self, _: TableStyle) -> Vec<Block> {
        vec![Block::Line(
            serde_json::to_string_pretty(&self.0).unwrap_or_default(),
        )]
    }
}

/// `schema` without a command: an object with one member per command, named as typed.
pub fn all() -> Value {
    Value::Object(
        COMMANDS
            .iter()
            .map(|c| (c.name.to_owned(), c.schema()))
            .collect(),
    )
}

/// `rally-m365 schema [COMMAND]...`: the words of a nested command may come apart
/// (`schema sandbox outbox`) or quoted together.
pub fn run(out: &Output, command: &[String]) -> Result<(), AppError> {
    if command.is_empty() {
        return out.print(&SchemaReport(all()));
    }
    // `schema login` is `schema connect`, as `login` is `connect`.
    let name = crate::cli::canonical_command_path(command).join(" ");
    match find(&name) {
        Some(found) => out.print(&SchemaReport(found.schema())),
        None => Err(AppError::usage(format!(
            "schema: `{name}` is not a command with JSON output"
        ))
        .with_hint(hints::schema_commands(
            &COMMANDS.iter().map(|c| c.name).collect::<Vec<_>>(),
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn every_schema_is_draft_2020_12_with_a_title() {
        for command in COMMANDS {
            let schema = command.schema();
            assert_eq!(
                schema["$schema"], "https://json-schema.org/draft/2020-12/schema",
                "{}",
                command.name
            );
            assert_eq!(
                schema["title"],
                format!("rally-m365 {} --json", command.name)
            );
        }
    }

    #[test]
    fn names_are_unique_and_apart_from_the_commands_without_json() {
        let mut names: Vec<&str> = COMMANDS.iter().map(|c| c.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), COMMANDS.len());
        assert!(names.iter().all(|n| !WITHOUT_JSON.contains(n)));
    }

    #[test]
    fn a_single_shape_sits_at_the_root_with_its_required_fields() {
        let schema = find("disconnect").unwrap().schema();
        assert_eq!(schema["type"], "object");
        assert_eq!(schema["required"], json!(["profile", "removed"]));
        assert_eq!(schema["properties"]["removed"]["type"], "boolean");
        assert!(schema.get("additionalProperties").is_none());
    }

    #[test]
    fn status_is_one_of_connected_and_not_connected_told_apart_by_connected_or_all_profiles() {
        let schema = find("status").unwrap().schema();
        assert_eq!(
            schema["oneOf"],
            json!([
                {"$ref": "#/$defs/Connected"},
                {"$ref": "#/$defs/NotConnected"},
                {"$ref": "#/$defs/ProfilesReport"}
            ])
        );
        let defs = &schema["$defs"];
        assert_eq!(
            defs["Connected"]["properties"]["connected"],
            json!({"type": "boolean", "const": true})
        );
        assert_eq!(
            defs["NotConnected"]["properties"]["connected"],
            json!({"type": "boolean", "const": false})
        );
    }

    #[test]
    fn nullable_fields_are_required_and_skipped_ones_are_not() {
        let schema = find("status").unwrap().schema();
        let required = &schema["$defs"]["Connected"]["required"];
        let required: Vec<&str> = required
            .as_array()
            .unwrap()
            .iter()
            .filter_map(Value::as_str)
            .collect();
        // `null` when unknown, but always there.
        assert!(required.contains(&"expires_at"), "{required:?}");
        // Only when not the cloud's defaults.
        assert!(!required.contains(&"endpoints"), "{required:?}");
        // Never printed.
        let properties = &schema["$defs"]["Connected"]["properties"];
        assert!(properties.get("token_store_place").is_none());
    }

    #[test]
    fn times_are_date_times_and_doc_comments_are_descriptions() {
        let schema = find("slots").unwrap().schema();
        let interval = &schema["$defs"]["ZonedInterval"];
        assert_eq!(interval["properties"]["start"]["format"], "date-time");
        assert_eq!(
            schema["properties"]["time_zone"]["description"],
            "The display zone, by its IANA name."
        );
    }

    #[test]
    fn all_has_one_member_per_command() {
        let all = all();
        let keys: Vec<&String> = all.as_object().unwrap().keys().collect();
        assert_eq!(keys.len(), COMMANDS.len());
        for command in COMMANDS {
            assert_eq!(all[command.name], command.schema());
        }
    }
}
