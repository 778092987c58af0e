//! Booking an interview, the pure parts (no I/O): the transaction id that makes a create
//! idempotent, and the recheck of a slot against free/busy data.

pub mod recheck;
pub mod transaction;

pub use recheck::{Conflict, conflicts, outside_working_hours};
pub use transaction::{MARKER_PROPERTY_ID, transaction_id};
