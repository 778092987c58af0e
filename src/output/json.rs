//! Pieces of the JSON contract that several reports share: booleans fixed by the type, and
//! times as RFC 3339 to the second.

use std::borrow::Cow;
use std::fmt::Display;

use chrono::{DateTime, SecondsFormat, TimeZone, Utc};
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Serialize, Serializer};

/// A boolean that the type decides: a report whose JSON says `"connected": true` cannot say
/// `false` by mistake.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Const<const B: bool>;

impl<const B: bool> Serialize for Const<B> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_bool(B)
    }
}

/// In the schema, the one value it can take.
impl<const B: bool> JsonSchema for Const<B> {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        if B { "true".into() } else { "false".into() }
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "boolean", "const": B })
    }
}

/// An instant in UTC: `2026-12-06T13:42:09Z`.
pub fn utc<S: Serializer>(time: &DateTime<Utc>, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&time.to_rfc3339_opts(SecondsFormat::Secs, true))
}

/// An instant in UTC, or `null`.
pub fn utc_or_null<S: Serializer>(
    time: &Option<DateTime<Utc>>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match time {
        Some(time) => utc(time, serializer),
        None => serializer.serialize_none(),
    }
}

/// A time with its zone's offset, even when that offset is zero: `2026-12-14T19:00:00+01:00`,
/// `2026-12-14T18:00:00+00:00`.
pub fn with_offset<Z, S>(time: &DateTime<Z>, serializer: S) -> Result<S::Ok, S::Error>
where
    Z: TimeZone,
    Z::Offset: Display,
    S: Serializer,
{
    serializer.serialize_str(&time.to_rfc3339_opts(SecondsFormat::Secs, false))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[derive(Serialize)]
    struct Times {
        yes: Const<true>,
        no: Const<false>,
        #[serde(serialize_with = "utc")]
        at: DateTime<Utc>,
        #[serde(serialize_with = "utc_or_null")]
        maybe: Option<DateTime<Utc>>,
        #[serde(serialize_with = "with_offset")]
        london: DateTime<chrono_tz::Tz>,
    }

    #[test]
    fn constants_and_times_have_their_contract_form() {
        let at: DateTime<Utc> = "2026-12-06T13:42:09.750Z".parse().unwrap();
        let times = Times {
            yes: Const,
            no: Const,
            at,
            maybe: None,
            london: at.with_timezone(&chrono_tz::Europe::London),
        };
        assert_eq!(
            serde_json::to_value(&times).unwrap(),
            json!({
                "yes": true,
                "no": false,
                "at": "2026-12-06T13:42:09Z",
                "maybe": null,
                "london": "2026-12-06T13:42:09+00:00",
            })
        );
        let times = Times {
            maybe: Some(at),
            ..times
        };
        assert_eq!(
            serde_json::to_value(&times).unwrap()["maybe"],
            "2026-12-06T13:42:09Z"
        );
    }
}
