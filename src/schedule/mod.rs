//! Pure scheduling: free interview slots from getSchedule data, plus the parsing the CLI needs
//! around it (durations, zone names, user-typed times). No I/O, no clock, no network: "now" is
//! always a parameter.
//!
//! - [`slots`]: the free-slot algorithm ([`free_slots`]) and its types; its module doc states
//!   the exact rules.
//! - [`zone`] / [`custom_zone`]: IANA, Windows and Graph custom zones as one [`WorkZone`];
//!   [`zone_names`]: zone names typed by people (abbreviations refused, suggestions) and the
//!   display zone's order (`--tz`, config, `TZ`, system).
//! - [`no_slot`]: why no slot was found, when the inputs say so.
//! - [`working_hours`]: working hours to UTC shifts; [`busy`]: statuses and blocked time.
//! - [`time_input`]: `--from`/`--to`/`--start`; [`duration`]: `45m`, `1h30m`.

pub mod busy;
pub mod custom_zone;
pub mod duration;
pub mod interval;
pub mod local_time;
pub mod no_slot;
pub mod slots;
pub mod time_input;
pub mod working_hours;
pub mod zone;
pub mod zone_names;

#[cfg(test)]
mod extremes_proptest;
#[cfg(test)]
mod slots_proptest;
#[cfg(test)]
mod slots_tests;
#[cfg(test)]
mod test_fixtures;

pub use busy::{BusyItem, BusyStatus};
pub use custom_zone::{CustomZone, TransitionRule};
pub use duration::{DurationError, format_duration, parse_duration, parse_duration_with_seconds};
pub use interval::{CALENDAR_RANGE, Interval, merge_touching, split_window};
pub use no_slot::{NoSlotReason, why_no_slot};
pub use slots::{PersonSchedule, SlotError, SlotRequest, free_slots, group_by_day};
pub use time_input::{Bound, TimeInputError, parse_user_time, start_of_day};
pub use working_hours::WorkingHours;
pub use zone::{WorkOffset, WorkZone, ZoneError, parse_display_zone, resolve_zone_name};
pub use zone_names::{ZoneOrigin, ZoneSources, choose_display_zone};
