//! The sandbox's own Graph wire types for calendar answers (never shared with the client).

use serde::Serialize;
use serde_json::Value;

#[derive(Serialize, Debug, Clone, PartialEq)]
#[serde(rename_all = "camelCase")]
pub(super) struct DateTimeTimeZone {
    pub(super) date_time: String,
    pub(super) time_zone: String,
}

#[derive(Serialize)]
pub(super) struct ScheduleCollection {
    #[serde(rename = "@odata.context")]
    pub(super) context: String,
    pub(super) value: Vec<ScheduleInformation>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct ScheduleInformation {
    pub(super) schedule_id: String,
    /// Absent for an address that could not be resolved.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) availability_view: Option<String>,
    /// Absent for an address that could not be resolved; empty for a list.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) schedule_items: Option<Vec<ScheduleItem>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) working_hours: Option<WorkingHours>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) error: Option<FreeBusyError>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct ScheduleItem {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) is_private: Option<bool>,
    pub(super) status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) subject: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) location: Option<String>,
    pub(super) start: DateTimeTimeZone,
    pub(super) end: DateTimeTimeZone,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct WorkingHours {
    pub(super) days_of_week: Vec<&'static str>,
    pub(super) start_time: String,
    pub(super) end_time: String,
    /// `{"name": ...}` or a `customTimeZone` object.
    pub(super) time_zone: Value,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct FreeBusyError {
    pub(super) message: String,
    pub(super) response_code: String,
}
