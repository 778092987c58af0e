//! The `transactionId` of an interview event. Graph's event resource documents it as "a custom
//! identifier specified by a client app for the server to avoid redundant POST operations in
//! case of client retries to create the same event" (Microsoft Graph v1.0, "event resource
//! type"). Derived from what makes a booking the same booking, it is stable across runs and
//! machines: the same command run twice, or retried after a timeout, carries the same id.

use chrono::{DateTime, SecondsFormat, Utc};
use sha2::{Digest, Sha256};

/// The single-value extended property that marks an event as booked by rally-m365, with the
/// transaction id as its value ("Outlook extended properties overview": a string property in a
/// GUID namespace of our own, invisible in Outlook). `interviews` lists the events that carry it.
pub const MARKER_PROPERTY_ID: &str =
    "String {4d0f8b7c-2a61-4e3b-9c55-7f1e8a6b3d20} Name RallyInterviewTransaction";

/// `rally-` and 32 hex digits of SHA-256 over the organizer, the sorted attendees, the start
/// instant and the subject, each normalised (addresses are case-insensitive; the start is an
/// instant, whatever zone it was typed in).
pub fn transaction_id(
    organizer: &str,
    attendees: &[&str],
    start: DateTime<Utc>,
    subject: &str,
) -> String {
    let mut people: Vec<String> = attendees
        .iter()
        .map(|a| a.trim().to_ascii_lowercase())
        .collect();
    people.sort();
    people.dedup();
    let mut hasher = Sha256::new();
    // Unit separators keep field boundaries unambiguous ("a" + "bc" != "ab" + "c").
    for part in [
        organizer.trim().to_ascii_lowercase(),
        people.join("\u{1f}"),
        start.to_rfc3339_opts(SecondsFormat::Secs, true),
        subject.trim().to_owned(),
    ] {
        hasher.update(part.as_bytes());
        hasher.update([0x1e]);
    }
    let digest = hasher.finalize();
    let hex: String = digest.iter().take(16).map(|b| format!("{b:02x}")).collect();
    format!("rally-{hex}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn the_same_booking_always_gets_the_same_id() {
        let a = transaction_id(
            "adele@contoso.example",
            &["p@x.com"],
            at("2026-12-03T10:00:00+01:00"),
            "Research interview",
        );
        // A fixed vector (checked with Python's hashlib): the id must not change between
        // versions or machines, or a retried command would book twice.
        assert_eq!(a, "rally-0afa80b8bab79884737c7e6d2b89b1f2");
    }

    #[test]
    fn attendee_order_case_and_the_zone_typed_do_not_matter() {
        let a = transaction_id(
            "Adele@Contoso.example",
            &["b@x.com", "A@x.com"],
            at("2026-12-03T10:00:00+01:00"),
            "Interview",
        );
        let b = transaction_id(
            "adele@contoso.example",
            &["a@x.com", "b@x.com"],
            at("2026-12-03T09:00:00Z"),
            "Interview",
        );
        assert_eq!(a, b);
    }

    #[test]
    fn a_different_slot_subject_or_attendee_is_a_different_booking() {
        let base = || {
            transaction_id(
                "o@c.example",
                &["a@x.com"],
                at("2026-12-03T09:00:00Z"),
                "Interview",
            )
        };
        let other_start = transaction_id(
            "o@c.example",
            &["a@x.com"],
            at("2026-12-03T09:30:00Z"),
            "Interview",
        );
        let other_subject = transaction_id(
            "o@c.example",
            &["a@x.com"],
            at("2026-12-03T09:00:00Z"),
            "Interview 2",
        );
        let other_people = transaction_id(
            "o@c.example",
            &["a@x.com", "b@x.com"],
            at("2026-12-03T09:00:00Z"),
            "Interview",
        );
        let other_organizer = transaction_id(
            "p@c.example",
            &["a@x.com"],
            at("2026-12-03T09:00:00Z"),
            "Interview",
        );
        for other in [other_start, other_subject, other_people, other_organizer] {
            assert_ne!(base(), other);
        }
        assert!(base().starts_with("rally-") && base().len() == 38);
    }
}
