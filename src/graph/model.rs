//! Wire types of the Graph calls we make (protocol.md §2.1–2.2). Deserialisation is lenient
//! where Microsoft's answers vary (status casing, optional fields) and strict where a
//! misunderstanding would be silent.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// `GET /me?$select=id,displayName,mail,userPrincipalName`
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Me {
    pub id: String,
    pub display_name: Option<String>,
    pub mail: Option<String>,
    pub user_principal_name: String,
}

impl Me {
    pub const SELECT: &'static str = "me?$select=id,displayName,mail,userPrincipalName";

    /// The SMTP address getSchedule needs: `mail`, else the UPN (mail is nullable).
    pub fn email(&self) -> String {
        self.mail
            .clone()
            .filter(|m| !m.is_empty())
            .unwrap_or_else(|| self.user_principal_name.clone())
    }
}

/// `dateTimeTimeZone`: a wall-clock time without offset, and its zone.
#[derive(Debug, Clone, Serialize, JsonSchema, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DateTimeTimeZone {
    pub date_time: String,
    pub time_zone: String,
}

/// `POST /me/calendar/getSchedule` body.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GetScheduleRequest {
    pub schedules: Vec<String>,
    pub start_time: DateTimeTimeZone,
    pub end_time: DateTimeTimeZone,
    pub availability_view_interval: u32,
}

#[derive(Debug, Deserialize)]
pub struct Collection<T> {
    pub value: Vec<T>,
}

/// One `scheduleInformation` ("scheduleInformation resource type"). Everything but the id is
/// optional and read leniently: an unknown recipient has only `error`, a distribution list has
/// `availabilityView` and no items, and one odd item or odd working hours must not make the
/// whole answer unreadable, so items and working hours stay JSON here and are read one by one
/// (`graph::schedule_answer`).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ScheduleInformation {
    pub schedule_id: String,
    #[serde(default)]
    pub availability_view: Option<String>,
    #[serde(default)]
    pub schedule_items: Option<Vec<serde_json::Value>>,
    #[serde(default)]
    pub working_hours: Option<serde_json::Value>,
    #[serde(default)]
    pub error: Option<FreeBusyError>,
}

/// `scheduleItem`: `status` may be null or a value this client does not know.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ScheduleItem {
    #[serde(default)]
    pub status: Option<String>,
    pub start: DateTimeTimeZone,
    pub end: DateTimeTimeZone,
}

/// `workingHours` ("workingHours resource type"); any field may be missing or null.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WorkingHours {
    #[serde(default)]
    pub days_of_week: Option<Vec<Option<String>>>,
    #[serde(default)]
    pub start_time: Option<String>,
    #[serde(default)]
    pub end_time: Option<String>,
    #[serde(default)]
    pub time_zone: Option<WorkingHoursZone>,
}

/// `timeZoneBase` (a name) or `customTimeZone` (bias and transition rules).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WorkingHoursZone {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub bias: Option<i64>,
    #[serde(default)]
    pub standard_offset: Option<ZoneTransition>,
    #[serde(default)]
    pub daylight_offset: Option<ZoneTransition>,
}

/// `standardTimeZoneOffset` / `daylightTimeZoneOffset` ("customTimeZone resource type").
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ZoneTransition {
    #[serde(default)]
    pub time: Option<String>,
    #[serde(default)]
    pub day_occurrence: Option<i64>,
    #[serde(default)]
    pub day_of_week: Option<String>,
    #[serde(default)]
    pub month: Option<i64>,
    #[serde(default)]
    pub year: Option<i64>,
    #[serde(default)]
    pub daylight_bias: Option<i64>,
    #[serde(default)]
    pub standard_bias: Option<i64>,
}

/// `freeBusyError`: Microsoft's `message` and its `responseCode`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FreeBusyError {
    #[serde(default)]
    pub message: Option<String>,
    #[serde(default)]
    pub response_code: Option<String>,
}
