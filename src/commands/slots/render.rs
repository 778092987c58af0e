//! What `slots` prints: for people, a table grouped by day with the zone named in the header;
//! for scripts, the JSON of the contract (`time_zone`, `duration_minutes`, `window`, `slots`,
//! times with the display zone's offset); for spreadsheets, CSV.

use chrono::{DateTime, TimeDelta};
use chrono_tz::Tz;
use schemars::JsonSchema;
use serde::{Serialize, Serializer};

use crate::output::{Block, Csv, Render, TableStyle, json};
use crate::schedule::Interval;

#[derive(Debug, Serialize, JsonSchema)]
pub struct SlotsReport {
    /// The display zone, by its IANA name.
    #[serde(serialize_with = "zone_name")]
    #[schemars(with = "String")]
    pub time_zone: Tz,
    /// The length of each slot, in minutes.
    pub duration_minutes: i64,
    /// The window searched.
    pub window: ZonedInterval,
    /// Ordered by start.
    pub slots: Vec<ZonedInterval>,
}

/// Start and end in the display zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
pub struct ZonedInterval {
    /// RFC 3339, with the display zone's offset.
    #[serde(serialize_with = "json::with_offset")]
    pub start: DateTime<Tz>,
    /// RFC 3339, with the display zone's offset.
    #[serde(serialize_with = "json::with_offset")]
    pub end: DateTime<Tz>,
}

impl ZonedInterval {
    fn new(interval: &Interval, zone: Tz) -> ZonedInterval {
        ZonedInterval {
            start: interval.start.with_timezone(&zone),
            end: interval.end.with_timezone(&zone),
        }
    }
}

/// `10:45`, or `00:30 (+1)` when the slot ends on a later day than it starts (on the display
/// zone's calendar), so a table row never reads as ending before it starts.
pub fn end_time(slot: &ZonedInterval) -> String {
    let time = slot.end.format("%H:%M").to_string();
    let days_later = slot
        .end
        .date_naive()
        .signed_duration_since(slot.start.date_naive())
        .num_days();
    if days_later > 0 {
        format!("{time} (+{days_later})")
    } else {
        time
    }
}

fn zone_name<S: Serializer>(zone: &Tz, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(zone.name())
}

impl SlotsReport {
    /// `slots` as the schedule computed them (ordered by start), shown in `zone`.
    pub fn new(slots: &[Interval], zone: Tz, duration: TimeDelta, window: Interval) -> SlotsReport {
        SlotsReport {
            time_zone: zone,
            duration_minutes: duration.num_minutes(),
            window: ZonedInterval::new(&window, zone),
            slots: slots.iter().map(|s| ZonedInterval::new(s, zone)).collect(),
        }
    }
}

impl Render for SlotsReport {
    /// One row per slot, the date and weekday on the first row of each day. No slot, no table:
    /// the command says so on stderr.
    fn table(&self, style: TableStyle) -> Vec<Block> {
        if self.slots.is_empty() {
            return Vec::new();
        }
        let start_header = format!("Start ({})", self.time_zone.name());
        let mut table = style.table(&["Date", "Day", &start_header, "End"]);
        for day in self
            .slots
            .chunk_by(|a, b| a.start.date_naive() == b.start.date_naive())
        {
            for (i, slot) in day.iter().enumerate() {
                let (date, weekday) = if i == 0 {
                    (
                        slot.start.format("%Y-%m-%d").to_string(),
                        slot.start.format("%a").to_string(),
                    )
                } else {
                    (String::new(), String::new())
                };
                table.add_row(vec![
                    date,
                    weekday,
                    slot.start.format("%H:%M").to_string(),
                    end_time(slot),
                ]);
            }
        }
        vec![table.into()]
    }

    /// One row per slot; RFC 3339 columns for machines, local columns for people.
    fn csv(&self) -> Option<Csv> {
        let mut csv = Csv::new(&[
            "start",
            "end",
            "date",
            "weekday",
            "start_time",
            "end_time",
            "time_zone",
        ]);
        for slot in &self.slots {
            let (start, end) = (slot.start, slot.end);
            csv.push(vec![
                start.to_rfc3339_opts(chrono::SecondsFormat::Secs, false),
                end.to_rfc3339_opts(chrono::SecondsFormat::Secs, false),
                start.format("%Y-%m-%d").to_string(),
                start.format("%a").to_string(),
                start.format("%H:%M").to_string(),
                end.format("%H:%M").to_string(),
                self.time_zone.name().to_owned(),
            ]);
        }
        Some(csv)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::{OutputFormat, Printer};
    use serde_json::json;

    fn interval(start: &str, end: &str) -> Interval {
        Interval::new(start.parse().unwrap(), end.parse().unwrap())
    }

    /// Two slots on Tuesday and one on Wednesday in Berlin (UTC+1 in December).
    fn report() -> SlotsReport {
        SlotsReport::new(
            &[
                interval("2026-12-01T09:00:00Z", "2026-12-01T10:00:00Z"),
                interval("2026-12-01T09:30:00Z", "2026-12-01T10:30:00Z"),
                interval("2026-12-01T23:00:00Z", "2026-12-02T00:00:00Z"),
            ],
            chrono_tz::Europe::Berlin,
            TimeDelta::minutes(60),
            interval("2026-11-30T23:00:00Z", "2026-12-02T23:00:00Z"),
        )
    }

    fn render(format: OutputFormat, report: &SlotsReport) -> String {
        Printer::new(format, TableStyle::Plain)
            .render(report)
            .unwrap()
    }

    #[test]
    fn json_is_the_contract_with_offsets_of_the_display_zone() {
        assert_eq!(
            serde_json::to_value(report()).unwrap(),
            json!({
                "time_zone": "Europe/Berlin",
                "duration_minutes": 60,
                "window": {"start": "2026-12-01T00:00:00+01:00", "end": "2026-12-03T00:00:00+01:00"},
                "slots": [
                    {"start": "2026-12-01T10:00:00+01:00", "end": "2026-12-01T11:00:00+01:00"},
                    {"start": "2026-12-01T10:30:00+01:00", "end": "2026-12-01T11:30:00+01:00"},
                    {"start": "2026-12-02T00:00:00+01:00", "end": "2026-12-02T01:00:00+01:00"},
                ],
            })
        );
        let text = render(OutputFormat::Json, &report());
        let keys: Vec<usize> = ["time_zone", "duration_minutes", "window", "slots"]
            .iter()
            .map(|k| text.find(&format!("\"{k}\"")).unwrap())
            .collect();
        assert!(keys.is_sorted(), "{text}");
    }

    #[test]
    fn a_zone_at_utc_keeps_its_offset_rather_than_z() {
        let report = SlotsReport::new(
            &[],
            chrono_tz::Europe::London,
            TimeDelta::minutes(45),
            interval("2026-12-01T00:00:00Z", "2026-12-02T00:00:00Z"),
        );
        assert_eq!(
            serde_json::to_value(report).unwrap(),
            json!({
                "time_zone": "Europe/London",
                "duration_minutes": 45,
                "window": {"start": "2026-12-01T00:00:00+00:00", "end": "2026-12-02T00:00:00+00:00"},
                "slots": [],
            })
        );
    }

    #[test]
    fn csv_has_a_header_and_local_columns() {
        let text = render(OutputFormat::Csv, &report());
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines,
            [
                "start,end,date,weekday,start_time,end_time,time_zone",
                "2026-12-01T10:00:00+01:00,2026-12-01T11:00:00+01:00,2026-12-01,Tue,10:00,11:00,Europe/Berlin",
                "2026-12-01T10:30:00+01:00,2026-12-01T11:30:00+01:00,2026-12-01,Tue,10:30,11:30,Europe/Berlin",
                "2026-12-02T00:00:00+01:00,2026-12-02T01:00:00+01:00,2026-12-02,Wed,00:00,01:00,Europe/Berlin",
            ]
        );
    }

    #[test]
    fn an_end_on_the_next_day_is_marked() {
        let late = SlotsReport::new(
            &[interval("2026-12-01T22:30:00Z", "2026-12-01T23:30:00Z")],
            chrono_tz::Europe::Berlin,
            TimeDelta::minutes(60),
            interval("2026-11-30T23:00:00Z", "2026-12-02T23:00:00Z"),
        );
        assert_eq!(end_time(&late.slots[0]), "00:30 (+1)");
        let table = render(OutputFormat::Table, &late);
        assert!(
            table.contains("| 23:30                 | 00:30 (+1) |"),
            "{table}"
        );
        assert_eq!(end_time(&report().slots[0]), "11:00");
    }

    #[test]
    fn the_table_groups_slots_by_local_day() {
        assert_eq!(
            render(OutputFormat::Table, &report()),
            "\
| Date       | Day | Start (Europe/Berlin) | End   |
|------------|-----|-----------------------|-------|
| 2026-12-01 | Tue | 10:00                 | 11:00 |
|            |     | 10:30                 | 11:30 |
| 2026-12-02 | Wed | 00:00                 | 01:00 |
"
        );
    }

    #[test]
    fn no_slot_is_no_table_but_still_json_and_a_csv_header() {
        let empty = SlotsReport::new(
            &[],
            chrono_tz::Europe::Berlin,
            TimeDelta::minutes(60),
            interval("2026-12-01T00:00:00Z", "2026-12-02T00:00:00Z"),
        );
        assert_eq!(render(OutputFormat::Table, &empty), "");
        assert_eq!(
            render(OutputFormat::Csv, &empty),
            "start,end,date,weekday,start_time,end_time,time_zone\n"
        );
        assert!(render(OutputFormat::Json, &empty).contains("\"slots\": []"));
    }
}
