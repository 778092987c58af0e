//! Reading an event body (create and update) strictly: property names in camelCase or
//! PascalCase, enum values in any case (Microsoft's samples send `"Required"`, `"HTML"`); a
//! property `microsoft.graph.event` does not have is refused as Graph refuses it, and one it has
//! but the sandbox does not model is refused rather than silently ignored.

use chrono::{DateTime, Datelike, Utc};
use serde_json::Value;

use super::super::meetings::{
    Attendee, AttendeeType, ExtendedProperty, ItemBody, MeetingChanges, MeetingDraft, Provider,
    Response,
};
use super::super::model::ShowAs;
use super::super::zones;
use super::extended_property;
use super::schedule_request::parse_wall_clock;

/// A refusal: Graph error code and message (status 400).
pub(super) type Refusal = (&'static str, String);

/// "The maximum number of attendees included in an event ... is 500." (event resource)
pub(super) const MAX_ATTENDEES: usize = 500;

/// Every property of `microsoft.graph.event` (event resource, properties and relationships).
const EVENT_PROPERTIES: &[&str] = &[
    "allowNewTimeProposals",
    "attendees",
    "body",
    "bodyPreview",
    "categories",
    "changeKey",
    "createdDateTime",
    "end",
    "hasAttachments",
    "hideAttendees",
    "iCalUId",
    "id",
    "importance",
    "isAllDay",
    "isCancelled",
    "isDraft",
    "isOnlineMeeting",
    "isOrganizer",
    "isReminderOn",
    "lastModifiedDateTime",
    "location",
    "locations",
    "onlineMeeting",
    "onlineMeetingProvider",
    "onlineMeetingUrl",
    "organizer",
    "originalEndTimeZone",
    "originalStart",
    "originalStartTimeZone",
    "recurrence",
    "reminderMinutesBeforeStart",
    "responseRequested",
    "responseStatus",
    "sensitivity",
    "seriesMasterId",
    "showAs",
    "start",
    "subject",
    "transactionId",
    "type",
    "webLink",
    "attachments",
    "calendar",
    "extensions",
    "instances",
    "multiValueExtendedProperties",
    "singleValueExtendedProperties",
];

/// What the sandbox models, on create and on update alike ("Update event" lists them all
/// as updatable, transactionId aside: it is only compared).
const MODELLED: &[&str] = &[
    "subject",
    "body",
    "start",
    "end",
    "attendees",
    "location",
    "isOnlineMeeting",
    "onlineMeetingProvider",
    "allowNewTimeProposals",
    "responseRequested",
    "transactionId",
    "categories",
    "singleValueExtendedProperties",
    "showAs",
];

pub(super) fn body_read(message: impl Into<String>) -> Refusal {
    ("RequestBodyRead", message.into())
}

fn invalid(message: impl Into<String>) -> Refusal {
    ("ErrorInvalidRequest", message.into())
}

fn pascal(name: &str) -> String {
    let mut c = name.chars();
    c.next()
        .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
        .unwrap_or_default()
}

/// The properties of one JSON object of type `type_name` (e.g. `event`), keyed by their
/// camelCase name. `properties` are the type's; those outside `modelled` are refused as
/// unsupported. `@odata.type` must name the type; other instance annotations are ignored, as
/// OData does.
pub(super) fn fields<'a>(
    value: &'a Value,
    type_name: &str,
    properties: &[&'static str],
    modelled: &[&'static str],
) -> Result<Vec<(&'static str, &'a Value)>, Refusal> {
    let Some(obj) = value.as_object() else {
        return Err(body_read(format!(
            "A value of type 'microsoft.graph.{type_name}' must be a JSON object."
        )));
    };
    let mut out: Vec<(&'static str, &'a Value)> = Vec::new();
    for (key, v) in obj {
        if let Some(annotation) = key.strip_prefix('@') {
            if annotation.eq_ignore_ascii_case("odata.type") {
                let named = v.as_str().unwrap_or("").trim_start_matches('#');
                if !named.eq_ignore_ascii_case(&format!("microsoft.graph.{type_name}")) {
                    return Err(body_read(format!(
                        "The type '{named}' is not compatible with 'microsoft.graph.{type_name}'."
                    )));
                }
            }
            continue;
        }
        let Some(name) = properties
            .iter()
            .find(|p| key == *p || *key == pascal(p))
            .copied()
        else {
            return Err(body_read(format!(
                "The property '{key}' does not exist on type 'microsoft.graph.{type_name}'. Make sure to only use property names that are defined by the type or mark the type as open type."
            )));
        };
        if !modelled.contains(&name) {
            return Err((
                "BadRequest",
                format!(
                    "The sandbox tenant does not support the property '{name}' of 'microsoft.graph.{type_name}' in a request."
                ),
            ));
        }
        if out.iter().any(|(n, _)| *n == name) {
            return Err(body_read(format!(
                "Duplicate property named '{name}': it was given both in camelCase and PascalCase."
            )));
        }
        out.push((name, v));
    }
    Ok(out)
}

pub(super) fn literal(v: &Value, edm: &str) -> Refusal {
    body_read(format!(
        "Cannot convert the literal '{v}' to the expected type '{edm}'."
    ))
}

pub(super) fn string(v: &Value) -> Result<Option<String>, Refusal> {
    match v {
        Value::Null => Ok(None),
        Value::String(s) => Ok(Some(s.clone())),
        other => Err(literal(other, "Edm.String")),
    }
}

fn boolean(v: &Value) -> Result<Option<bool>, Refusal> {
    match v {
        Value::Null => Ok(None),
        Value::Bool(b) => Ok(Some(*b)),
        other => Err(literal(other, "Edm.Boolean")),
    }
}

fn strings(v: &Value) -> Result<Option<Vec<String>>, Refusal> {
    match v {
        Value::Null => Ok(None),
        Value::Array(items) => items
            .iter()
            .map(|i| {
                i.as_str()
                    .map(str::to_string)
                    .ok_or_else(|| literal(i, "Edm.String"))
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Some),
        other => Err(literal(other, "Collection(Edm.String)")),
    }
}

fn enum_value<T>(v: &Value, parse: impl Fn(&str) -> Option<T>) -> Result<Option<T>, Refusal> {
    match string(v)? {
        None => Ok(None),
        Some(s) => parse(&s)
            .map(Some)
            .ok_or_else(|| body_read(format!("Requested value '{s}' was not found."))),
    }
}

/// A `dateTimeTimeZone`: wall-clock `dateTime` (no offset) in a Windows or IANA `timeZone`.
fn date_time_time_zone(v: &Value, name: &str) -> Result<(DateTime<Utc>, String), Refusal> {
    if v.is_null() {
        return Err(invalid(format!(
            "The property '{name}' is required: a dateTimeTimeZone object."
        )));
    }
    let f = fields(
        v,
        "dateTimeTimeZone",
        &["dateTime", "timeZone"],
        &["dateTime", "timeZone"],
    )?;
    let get = |key: &str| f.iter().find(|(n, _)| *n == key).map(|(_, v)| *v);
    let (Some(Value::String(dt)), Some(Value::String(tz))) = (get("dateTime"), get("timeZone"))
    else {
        return Err(invalid(format!(
            "'{name}' needs both dateTime and timeZone as strings."
        )));
    };
    let local = parse_wall_clock(dt).map_err(|m| invalid(format!("{name}.dateTime: {m}")))?;
    // Bounded so that no later arithmetic on the instant can overflow.
    if !(1..=9999).contains(&local.year()) {
        return Err(invalid(format!(
            "{name}.dateTime: '{dt}' is out of the supported range."
        )));
    }
    // Only the names the service accepts ("dateTimeTimeZone resource type").
    let zone = zones::resolve_accepted(tz).ok_or_else(|| {
        (
            "TimeZoneNotSupportedException",
            format!("A valid TimeZone value must be specified. The following TimeZone value is not supported: '{tz}'."),
        )
    })?;
    Ok((zones::to_utc(zone, local), tz.clone()))
}

/// A plain SMTP address: what Exchange will deliver a meeting request to.
pub(super) fn valid_address(address: &str) -> bool {
    const SPECIALS: &str = "()<>[]:;@\\,\"";
    let Some((local, domain)) = address.rsplit_once('@') else {
        return false;
    };
    let local_ok = (1..=64).contains(&local.len())
        && local
            .chars()
            .all(|c| c.is_ascii_graphic() && !SPECIALS.contains(c))
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..");
    let labels: Vec<&str> = domain.split('.').collect();
    let domain_ok = domain.len() <= 253
        && labels.len() >= 2
        && labels.iter().all(|l| {
            (1..=63).contains(&l.len())
                && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                && !l.starts_with('-')
                && !l.ends_with('-')
        });
    local_ok && domain_ok
}

/// "At least one recipient isn't valid." is what Graph answers a create with a bad attendee
/// (seen in msgraph-sdk-php issue 280).
fn bad_recipient() -> Refusal {
    (
        "ErrorInvalidRecipients",
        "At least one recipient isn't valid.".to_string(),
    )
}

fn attendees(v: &Value) -> Result<Vec<Attendee>, Refusal> {
    let items = match v {
        Value::Null => return Ok(Vec::new()),
        Value::Array(items) => items,
        other => return Err(literal(other, "Collection(microsoft.graph.attendee)")),
    };
    if items.len() > MAX_ATTENDEES {
        // The limit is documented; the error Graph gives for it is not.
        return Err(invalid(format!(
            "An event can have at most {MAX_ATTENDEES} attendees; this one has {}.",
            items.len()
        )));
    }
    let mut out: Vec<Attendee> = Vec::new();
    for item in items {
        let f = fields(
            item,
            "attendee",
            &["emailAddress", "type", "status", "proposedNewTime"],
            &["emailAddress", "type"],
        )?;
        let mut kind = AttendeeType::Required;
        let mut email = None;
        for (name, v) in f {
            match name {
                "type" => {
                    kind = enum_value(v, AttendeeType::from_wire)?.unwrap_or(kind);
                }
                _ => email = Some(v),
            }
        }
        let Some(email) = email.filter(|v| !v.is_null()) else {
            return Err(bad_recipient());
        };
        let mut address = None;
        let mut display = None;
        for (name, v) in fields(
            email,
            "emailAddress",
            &["address", "name"],
            &["address", "name"],
        )? {
            match name {
                "address" => address = string(v)?,
                _ => display = string(v)?,
            }
        }
        let Some(address) = address.filter(|a| valid_address(a)) else {
            return Err(bad_recipient());
        };
        // The same person twice is one attendee (Outlook merges them; not documented for Graph).
        if out.iter().any(|a| a.address.eq_ignore_ascii_case(&address)) {
            continue;
        }
        out.push(Attendee {
            address,
            name: display,
            kind,
            response: Response::None,
            response_time: None,
        });
    }
    Ok(out)
}

pub(super) fn item_body(v: &Value) -> Result<ItemBody, Refusal> {
    if v.is_null() {
        return Ok(ItemBody {
            html: false,
            content: String::new(),
        });
    }
    let mut body = ItemBody {
        html: false,
        content: String::new(),
    };
    for (name, v) in fields(
        v,
        "itemBody",
        &["contentType", "content"],
        &["contentType", "content"],
    )? {
        match name {
            "contentType" => {
                body.html = enum_value(v, |s| {
                    if s.eq_ignore_ascii_case("html") {
                        Some(true)
                    } else if s.eq_ignore_ascii_case("text") {
                        Some(false)
                    } else {
                        None
                    }
                })?
                .unwrap_or(false);
            }
            _ => body.content = string(v)?.unwrap_or_default(),
        }
    }
    Ok(body)
}

/// The `locationType` values of the location resource.
const LOCATION_TYPES: &[&str] = &[
    "default",
    "conferenceRoom",
    "homeAddress",
    "businessAddress",
    "geoCoordinates",
    "streetAddress",
    "hotel",
    "restaurant",
    "localBusiness",
    "postalAddress",
];

fn location(v: &Value) -> Result<Option<String>, Refusal> {
    if v.is_null() {
        return Ok(None);
    }
    let mut display = None;
    for (name, v) in fields(
        v,
        "location",
        &[
            "displayName",
            "locationType",
            "locationEmailAddress",
            "address",
            "coordinates",
            "locationUri",
            "uniqueId",
            "uniqueIdType",
        ],
        &["displayName", "locationType"],
    )? {
        match name {
            "displayName" => display = string(v)?,
            _ => {
                enum_value(v, |s| {
                    LOCATION_TYPES.iter().find(|t| t.eq_ignore_ascii_case(s))
                })?;
            }
        }
    }
    Ok(display.filter(|d| !d.is_empty()))
}

fn extended_properties(v: &Value) -> Result<Vec<ExtendedProperty>, Refusal> {
    let items = match v {
        Value::Null => return Ok(Vec::new()),
        Value::Array(items) => items,
        other => {
            return Err(literal(
                other,
                "Collection(microsoft.graph.singleValueLegacyExtendedProperty)",
            ));
        }
    };
    let mut out: Vec<ExtendedProperty> = Vec::new();
    for item in items {
        let mut id = None;
        let mut value = None;
        for (name, v) in fields(
            item,
            "singleValueLegacyExtendedProperty",
            &["id", "value"],
            &["id", "value"],
        )? {
            match name {
                "id" => id = string(v)?,
                _ => value = string(v)?,
            }
        }
        let Some(id) = id.filter(|i| extended_property::parse(i).is_some()) else {
            return Err((
                "ErrorInvalidProperty",
                extended_property::BAD_ID.to_string(),
            ));
        };
        // "value ... Required." ("Create single-value extended property"); the error is not
        // documented.
        let Some(value) = value else {
            return Err((
                "ErrorInvalidProperty",
                format!("The extended property '{id}' needs a value."),
            ));
        };
        let key = extended_property::parse(&id);
        out.retain(|p| extended_property::parse(&p.id) != key);
        out.push(ExtendedProperty { id, value });
    }
    Ok(out)
}

fn event_fields(body: &Value) -> Result<Vec<(&'static str, &Value)>, Refusal> {
    if !body.is_object() {
        return Err(body_read("The request body must be a JSON object."));
    }
    fields(body, "event", EVENT_PROPERTIES, MODELLED)
}

/// A create request (`POST /me/events`).
pub(super) fn parse_create(body: &Value) -> Result<MeetingDraft, Refusal> {
    let changes = parse_update(body)?;
    let Some((start, start_zone)) = changes.start else {
        return Err(invalid(
            "The property 'start' is required: a dateTimeTimeZone object.",
        ));
    };
    let Some((end, end_zone)) = changes.end else {
        return Err(invalid(
            "The property 'end' is required: a dateTimeTimeZone object.",
        ));
    };
    if end <= start {
        // What Graph answers for an end before the start (seen in microsoft-graph-docs issue
        // 7919; the pair is not documented).
        return Err((
            "ErrorPropertyValidationFailure",
            "At least one property failed validation.".to_string(),
        ));
    }
    Ok(MeetingDraft {
        subject: changes.subject.unwrap_or_default(),
        body: changes.body.unwrap_or(ItemBody {
            html: false,
            content: String::new(),
        }),
        start,
        start_zone,
        end,
        end_zone,
        attendees: changes.attendees.unwrap_or_default(),
        location: changes.location.flatten(),
        is_online_meeting: changes.is_online_meeting.unwrap_or(false),
        provider: changes.provider,
        // Both default to true (event resource).
        allow_new_time_proposals: changes.allow_new_time_proposals.unwrap_or(true),
        response_requested: changes.response_requested.unwrap_or(true),
        transaction_id: changes.transaction_id,
        categories: changes.categories.unwrap_or_default(),
        extended: changes.extended.unwrap_or_default(),
        show_as: changes.show_as.unwrap_or(ShowAs::Busy),
    })
}

/// An update request (`PATCH /me/events/{id}`): only the properties present change.
pub(super) fn parse_update(body: &Value) -> Result<MeetingChanges, Refusal> {
    let mut c = MeetingChanges::default();
    for (name, v) in event_fields(body)? {
        match name {
            "subject" => c.subject = Some(string(v)?.unwrap_or_default()),
            "body" => c.body = Some(item_body(v)?),
            "start" => c.start = Some(date_time_time_zone(v, "start")?),
            "end" => c.end = Some(date_time_time_zone(v, "end")?),
            "attendees" => c.attendees = Some(attendees(v)?),
            "location" => c.location = Some(location(v)?),
            "isOnlineMeeting" => c.is_online_meeting = boolean(v)?,
            "onlineMeetingProvider" => c.provider = enum_value(v, Provider::from_wire)?,
            "allowNewTimeProposals" => c.allow_new_time_proposals = boolean(v)?,
            "responseRequested" => c.response_requested = boolean(v)?,
            "transactionId" => c.transaction_id = string(v)?,
            "categories" => c.categories = Some(strings(v)?.unwrap_or_default()),
            "singleValueExtendedProperties" => c.extended = Some(extended_properties(v)?),
            _ => c.show_as = enum_value(v, ShowAs::from_wire)?,
        }
    }
    Ok(c)
}

/// The `Comment` of a cancel action, if any; an empty body is no comment.
pub(super) fn parse_cancel(body: &[u8]) -> Result<Option<String>, Refusal> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    let value: Value =
        serde_json::from_slice(body).map_err(|e| body_read(format!("Invalid JSON: {e}")))?;
    let Some(obj) = value.as_object() else {
        return Err(body_read("The request body must be a JSON object."));
    };
    let mut comment = None;
    for (key, v) in obj {
        if key.starts_with('@') {
            continue;
        }
        if key != "comment" && key != "Comment" {
            return Err(body_read(format!(
                "The parameter '{key}' in the request payload is not a valid parameter for the operation 'cancel'."
            )));
        }
        comment = string(v)?;
    }
    Ok(comment)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn body(extra: Value) -> Value {
        let mut b = json!({
            "subject": "Research interview",
            "start": {"dateTime": "2026-12-03T10:00:00", "timeZone": "W. Europe Standard Time"},
            "end": {"dateTime": "2026-12-03T10:45:00", "timeZone": "Europe/Berlin"},
        });
        for (k, v) in extra.as_object().unwrap() {
            b[k] = v.clone();
        }
        b
    }

    #[test]
    fn a_documented_create_body_parses_with_the_defaults() {
        let d = parse_create(&body(json!({
            "Body": {"contentType": "HTML", "content": "<p>Hi</p>"},
            "attendees": [
                {"emailAddress": {"address": "p@example.com", "name": "P"}, "type": "Required"},
                {"emailAddress": {"address": "o@example.com"}, "type": "optional"},
                {"emailAddress": {"address": "P@EXAMPLE.COM"}},
            ],
            "location": {"displayName": "Harry's Bar", "locationType": "Default"},
            "isOnlineMeeting": true,
            "onlineMeetingProvider": "teamsForBusiness",
            "transactionId": "7E163156-7762-4BEB-A1C6-729EA81755A7",
            "categories": ["Rally"],
            "singleValueExtendedProperties": [
                {"id": "String {66f5a359-4659-4830-9070-00040ec6ac6e} Name Fun", "value": "Food"}
            ],
            "@odata.type": "#microsoft.graph.event",
        })))
        .unwrap();
        assert_eq!(d.start.to_rfc3339(), "2026-12-03T09:00:00+00:00");
        assert_eq!(d.end.to_rfc3339(), "2026-12-03T09:45:00+00:00");
        assert_eq!(d.start_zone, "W. Europe Standard Time");
        assert!(d.body.html);
        // The duplicate (by address, any case) is dropped; type defaults to required.
        assert_eq!(d.attendees.len(), 2);
        assert_eq!(d.attendees[1].kind, AttendeeType::Optional);
        assert_eq!(d.location.as_deref(), Some("Harry's Bar"));
        assert!(d.allow_new_time_proposals && d.response_requested);
        assert_eq!(d.show_as, ShowAs::Busy);
        assert_eq!(d.provider, Some(Provider::TeamsForBusiness));
        assert_eq!(d.extended.len(), 1);
    }

    #[test]
    fn strict_refusals_carry_graphs_codes() {
        let many: Vec<Value> = (0..501)
            .map(|i| json!({"emailAddress": {"address": format!("u{i}@example.com")}}))
            .collect();
        let cases = [
            (json!({"colour": "red"}), "RequestBodyRead"),
            (json!({"SUBJECT": "x"}), "RequestBodyRead"),
            (json!({"subject": 5}), "RequestBodyRead"),
            (json!({"recurrence": null}), "BadRequest"),
            (json!({"importance": "high"}), "BadRequest"),
            (json!({"start": null}), "ErrorInvalidRequest"),
            (
                json!({"start": {"dateTime": "2026-12-03T10:00:00Z", "timeZone": "UTC"}}),
                "ErrorInvalidRequest",
            ),
            (
                json!({"start": {"dateTime": "2026-12-03T10:00:00", "timeZone": "Mars/Olympus"}}),
                "TimeZoneNotSupportedException",
            ),
            (
                json!({"end": {"dateTime": "2026-12-03T09:00:00", "timeZone": "Europe/Berlin"}}),
                "ErrorPropertyValidationFailure",
            ),
            (
                json!({"end": {"dateTime": "2026-12-03T10:00:00", "timeZone": "Europe/Berlin"}}),
                "ErrorPropertyValidationFailure",
            ),
            (
                json!({"body": {"contentType": "markdown"}}),
                "RequestBodyRead",
            ),
            (
                json!({"attendees": [{"emailAddress": {"address": "not an address"}}]}),
                "ErrorInvalidRecipients",
            ),
            (
                json!({"attendees": [{"type": "required"}]}),
                "ErrorInvalidRecipients",
            ),
            (
                json!({"attendees": [{"emailAddress": {"address": "a@example.com"}, "type": "chair"}]}),
                "RequestBodyRead",
            ),
            (
                json!({"attendees": [{"emailAddress": {"address": "a@example.com", "mail": "x"}}]}),
                "RequestBodyRead",
            ),
            (json!({"attendees": many}), "ErrorInvalidRequest"),
            (json!({"onlineMeetingProvider": "zoom"}), "RequestBodyRead"),
            (
                json!({"singleValueExtendedProperties": [{"id": "Fun", "value": "Food"}]}),
                "ErrorInvalidProperty",
            ),
            (
                json!({"singleValueExtendedProperties": [{"id": "String {66f5a359-4659-4830-9070-00040ec6ac6e} Name Fun"}]}),
                "ErrorInvalidProperty",
            ),
            (json!({"categories": [1]}), "RequestBodyRead"),
            (
                json!({"@odata.type": "#microsoft.graph.message"}),
                "RequestBodyRead",
            ),
        ];
        for (extra, code) in cases {
            let err = parse_create(&body(extra.clone())).unwrap_err();
            assert_eq!(err.0, code, "{extra}");
        }
        let mut no_end = body(json!({}));
        no_end.as_object_mut().unwrap().remove("end");
        assert_eq!(parse_create(&no_end).unwrap_err().0, "ErrorInvalidRequest");
    }

    #[test]
    fn an_update_carries_only_what_it_names() {
        let c = parse_update(&json!({"subject": "New", "location": null})).unwrap();
        assert_eq!(c.subject.as_deref(), Some("New"));
        assert_eq!(c.location, Some(None));
        assert!(c.start.is_none() && c.attendees.is_none() && c.transaction_id.is_none());
    }

    #[test]
    fn addresses_are_checked_for_a_deliverable_shape() {
        for good in [
            "a@b.co",
            "first.last+tag@sub.contoso.example",
            "x_y-z@x.com",
        ] {
            assert!(valid_address(good), "{good}");
        }
        for bad in [
            "",
            "a",
            "a@b",
            "@b.com",
            "a@.com",
            "a@b..com",
            "a b@c.com",
            "a@b.com ",
            "<a@b.com>",
            "a@@b.com",
            ".a@b.com",
            "a@-b.com",
        ] {
            assert!(!valid_address(bad), "{bad}");
        }
    }

    #[test]
    fn the_cancel_comment_is_optional_and_nothing_else_is_accepted() {
        assert_eq!(parse_cancel(b"").unwrap(), None);
        assert_eq!(parse_cancel(b"{}").unwrap(), None);
        assert_eq!(
            parse_cancel(br#"{"Comment": "Sorry"}"#).unwrap().as_deref(),
            Some("Sorry")
        );
        assert_eq!(
            parse_cancel(br#"{"comment": "Sorry"}"#).unwrap().as_deref(),
            Some("Sorry")
        );
        assert_eq!(
            parse_cancel(br#"{"reason": "x"}"#).unwrap_err().0,
            "RequestBodyRead"
        );
        assert_eq!(parse_cancel(b"[1]").unwrap_err().0, "RequestBodyRead");
    }
}
