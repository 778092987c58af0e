//! Slots for people (a table grouped by day, the zone named in the header) and for scripts
//! (JSON of the contract, CSV for spreadsheets).

use chrono::{SecondsFormat, TimeDelta};
use chrono_tz::Tz;
use serde::Serialize;

use crate::cli::OutputFormat;
use crate::error::AppError;
use crate::output::Output;
use crate::schedule::{self, Interval};

#[derive(Serialize)]
struct SlotsJson {
    time_zone: String,
    duration_minutes: i64,
    window: SlotJson,
    slots: Vec<SlotJson>,
}

#[derive(Serialize)]
struct SlotJson {
    start: String,
    end: String,
}

fn slot_json(slot: &Interval, zone: Tz) -> SlotJson {
    SlotJson {
        start: slot
            .start
            .with_timezone(&zone)
            .to_rfc3339_opts(SecondsFormat::Secs, false),
        end: slot
            .end
            .with_timezone(&zone)
            .to_rfc3339_opts(SecondsFormat::Secs, false),
    }
}

pub fn print(
    out: &Output,
    format: OutputFormat,
    slots: &[Interval],
    zone: Tz,
    duration: TimeDelta,
    window: Interval,
) -> Result<(), AppError> {
    match format {
        OutputFormat::Json => out.json(&SlotsJson {
            time_zone: zone.name().to_owned(),
            duration_minutes: duration.num_minutes(),
            window: slot_json(&window, zone),
            slots: slots.iter().map(|s| slot_json(s, zone)).collect(),
        }),
        OutputFormat::Csv => out.data(csv(slots, zone).trim_end()),
        OutputFormat::Table => {
            if slots.is_empty() {
                return Ok(());
            }
            let mut table = out.new_table(vec![
                "Date",
                "Day",
                &format!("Start ({})", zone.name()),
                "End",
            ]);
            for (day, day_slots) in schedule::group_by_day(slots, zone) {
                for (i, slot) in day_slots.iter().enumerate() {
                    let (date, weekday) = if i == 0 {
                        (
                            day.format("%Y-%m-%d").to_string(),
                            day.format("%a").to_string(),
                        )
                    } else {
                        (String::new(), String::new())
                    };
                    table.add_row(vec![
                        date,
                        weekday,
                        slot.start.with_timezone(&zone).format("%H:%M").to_string(),
                        slot.end.with_timezone(&zone).format("%H:%M").to_string(),
                    ]);
                }
            }
            out.table(table)
        }
    }
}

/// One row per slot; RFC 3339 columns for machines, local columns for people.
fn csv(slots: &[Interval], zone: Tz) -> String {
    let mut text = String::from("start,end,date,weekday,start_time,end_time,time_zone\n");
    for slot in slots {
        let (start, end) = (
            slot.start.with_timezone(&zone),
            slot.end.with_timezone(&zone),
        );
        text.push_str(&format!(
            "{},{},{},{},{},{},{}\n",
            start.to_rfc3339_opts(SecondsFormat::Secs, false),
            end.to_rfc3339_opts(SecondsFormat::Secs, false),
            start.format("%Y-%m-%d"),
            start.format("%a"),
            start.format("%H:%M"),
            end.format("%H:%M"),
            zone.name()
        ));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_has_a_header_and_local_columns() {
        let slot = Interval::new(
            "2026-12-01T09:00:00Z".parse().unwrap(),
            "2026-12-01T10:00:00Z".parse().unwrap(),
        );
        let text = csv(&[slot], chrono_tz::Europe::Berlin);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines[0],
            "start,end,date,weekday,start_time,end_time,time_zone"
        );
        assert_eq!(
            lines[1],
            "2026-12-01T10:00:00+01:00,2026-12-01T11:00:00+01:00,2026-12-01,Tue,10:00,11:00,Europe/Berlin"
        );
    }
}
