//! Checks a command's JSON output against the schema the binary publishes
//! (`rally-m365 schema COMMAND`), so that a report type and its output cannot drift apart.
//!
//! The published schemas allow fields they do not name (the contract lets a later version add
//! some). Here every object the schema describes is closed (`unevaluatedProperties: false`):
//! a field printed but not declared in the type's schema fails the test.

use std::process::Command;
use std::sync::OnceLock;

use clap::CommandFactory;
use serde_json::{Map, Value};

/// The command `args` run (`status`, `sandbox outbox`), as clap reads them: global flags
/// anywhere, aliases resolved to the command's own name. `None` when they do not parse.
pub fn command_of<S: AsRef<str>>(args: &[S]) -> Option<String> {
    let matches = rally_m365::cli::Cli::command()
        .try_get_matches_from(std::iter::once("rally-m365").chain(args.iter().map(AsRef::as_ref)))
        .ok()?;
    let mut names = Vec::new();
    let mut current = &matches;
    while let Some((name, sub)) = current.subcommand() {
        names.push(name.to_owned());
        current = sub;
    }
    (!names.is_empty()).then(|| names.join(" "))
}

/// Every published schema (`rally-m365 schema`), read once per test binary.
pub fn published() -> &'static Map<String, Value> {
    static ALL: OnceLock<Map<String, Value>> = OnceLock::new();
    ALL.get_or_init(|| {
        let output = Command::new(super::cli::bin())
            .arg("schema")
            .output()
            .expect("the binary runs");
        assert!(
            output.status.success(),
            "rally-m365 schema failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        match serde_json::from_slice(&output.stdout) {
            Ok(Value::Object(all)) => all,
            other => panic!("rally-m365 schema is not a JSON object: {other:?}"),
        }
    })
}

/// Fails the test unless `json` is what `command` may print: valid against its published
/// schema, RFC 3339 times included, and no field the schema does not declare.
pub fn assert_valid(command: &str, json: &Value) {
    let schema = published().get(command).unwrap_or_else(|| {
        panic!("`rally-m365 schema` has no schema for `{command}`, which printed JSON")
    });
    let schema = closed(schema);
    let mut errors = errors_against(command, &schema, json);
    if !errors.is_empty() {
        // "not valid under any of the schemas listed in the 'oneOf'" says little: say what
        // each shape found wrong.
        for (i, shape) in schema["oneOf"].as_array().into_iter().flatten().enumerate() {
            let mut alone = schema.clone();
            if let Some(root) = alone.as_object_mut() {
                root.remove("oneOf");
                root.insert("allOf".into(), Value::Array(vec![shape.clone()]));
            }
            for error in errors_against(command, &alone, json) {
                errors.push(format!("  (as shape {} {shape}){error}", i + 1));
            }
        }
    }
    assert!(
        errors.is_empty(),
        "the JSON of `{command}` does not match `rally-m365 schema {command}`:\n{}\n{}",
        errors.join("\n"),
        serde_json::to_string_pretty(json).unwrap_or_default()
    );
}

fn errors_against(command: &str, schema: &Value, json: &Value) -> Vec<String> {
    let validator = jsonschema::draft202012::options()
        .should_validate_formats(true)
        .build(schema)
        .unwrap_or_else(|e| panic!("the schema of `{command}` does not compile: {e}"));
    validator
        .iter_errors(json)
        .map(|e| format!("  at {:?}: {e}", e.instance_path().as_str()))
        .collect()
}

/// `schema` with every object closed to undeclared fields. A schema whose properties are split
/// between itself and the branches of its `oneOf` (a flattened enum) is closed once, on the
/// whole: `unevaluatedProperties` sees the properties of the branch that matched.
pub fn closed(schema: &Value) -> Value {
    close(schema, false)
}

fn close(schema: &Value, part_of_parent: bool) -> Value {
    match schema {
        Value::Object(map) => {
            let has_properties = map.contains_key("properties");
            let mut out = Map::new();
            for (key, value) in map {
                let value = match (key.as_str(), value) {
                    ("oneOf" | "anyOf" | "allOf", Value::Array(branches)) => Value::Array(
                        branches
                            .iter()
                            .map(|b| close(b, has_properties || part_of_parent))
                            .collect(),
                    ),
                    // A literal value, not a schema.
                    ("const" | "enum" | "default" | "examples", v) => v.clone(),
                    ("properties" | "$defs", Value::Object(named)) => Value::Object(
                        named
                            .iter()
                            .map(|(k, v)| (k.clone(), close(v, false)))
                            .collect(),
                    ),
                    (_, v) => close(v, false),
                };
                out.insert(key.clone(), value);
            }
            if has_properties && !part_of_parent && !map.contains_key("unevaluatedProperties") {
                out.insert("unevaluatedProperties".into(), Value::Bool(false));
            }
            Value::Object(out)
        }
        Value::Array(items) => Value::Array(items.iter().map(|v| close(v, false)).collect()),
        other => other.clone(),
    }
}
