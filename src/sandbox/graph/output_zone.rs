//! The zone of dateTimes in a Graph answer: `Prefer: outlook.timezone` (Windows or IANA name),
//! UTC by default, echoed in `Preference-Applied` when honoured.

use axum::http::{HeaderMap, HeaderValue};
use axum::response::Response;
use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use super::super::zones;
use super::wire::DateTimeTimeZone;

pub(super) struct OutputZone {
    zone: Tz,
    /// The name as the client spelled it (echoed in every `timeZone`).
    name: String,
    applied: bool,
}

impl OutputZone {
    /// A zone name the service does not accept ("dateTimeTimeZone resource type": Windows names
    /// and the IANA names listed there) falls back to UTC without `Preference-Applied`.
    pub(super) fn from_headers(headers: &HeaderMap) -> OutputZone {
        let values = headers
            .get_all("prefer")
            .iter()
            .filter_map(|v| v.to_str().ok());
        match zones::preferred_zone_name(values) {
            Some(name) => match zones::resolve_accepted(&name) {
                Some(zone) => OutputZone {
                    zone,
                    name,
                    applied: true,
                },
                None => OutputZone::utc(),
            },
            None => OutputZone::utc(),
        }
    }

    fn utc() -> OutputZone {
        OutputZone {
            zone: chrono_tz::UTC,
            name: "UTC".to_string(),
            applied: false,
        }
    }

    pub(super) fn format(&self, at: DateTime<Utc>) -> DateTimeTimeZone {
        DateTimeTimeZone {
            date_time: zones::graph_date_time(zones::to_local(self.zone, at)),
            time_zone: self.name.clone(),
        }
    }

    pub(super) fn mark(&self, response: &mut Response) {
        if self.applied
            && let Ok(v) = HeaderValue::from_str(&format!("outlook.timezone=\"{}\"", self.name))
        {
            response.headers_mut().insert("preference-applied", v);
        }
    }
}
