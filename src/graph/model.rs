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

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ScheduleInformation {
    pub schedule_id: String,
    #[serde(default)]
    pub schedule_items: Vec<ScheduleItem>,
    pub working_hours: Option<WorkingHours>,
    pub error: Option<FreeBusyError>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ScheduleItem {
    pub status: String,
    pub start: DateTimeTimeZone,
    pub end: DateTimeTimeZone,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WorkingHours {
    #[serde(default)]
    pub days_of_week: Vec<String>,
    pub start_time: String,
    pub end_time: String,
    pub time_zone: Option<WorkingHoursZone>,
}

/// `timeZoneBase` (a name) or `customTimeZone` (bias and transition rules).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WorkingHoursZone {
    pub name: Option<String>,
    pub bias: Option<i32>,
    pub standard_offset: Option<ZoneTransition>,
    pub daylight_offset: Option<ZoneTransition>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ZoneTransition {
    pub time: String,
    pub day_occurrence: u32,
    pub day_of_week: String,
    pub month: u32,
    #[serde(default)]
    pub year: i32,
    #[serde(default)]
    pub daylight_bias: Option<i32>,
    #[serde(default)]
    pub standard_bias: Option<i32>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FreeBusyError {
    pub message: Option<String>,
    pub response_code: Option<String>,
}
