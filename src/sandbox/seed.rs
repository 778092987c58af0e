//! The tenant's starting content: contoso.example's users (Windows, IANA and custom working-hours
//! zones, and a room), a distribution list (research-team) and, for Seed::Demo, a realistic fortnight of meetings around today.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, Utc, Weekday};

use super::Seed;
use super::model::{
    DaylightOffset, Recurrence, RecurrencePattern, RecurrenceRange, SandboxEvent, SandboxUser,
    SandboxWorkingHours, SandboxZone, ShowAs, StandardOffset,
};
use super::odd_mailboxes::MailboxKind;
use super::state::TenantState;

pub(super) const ADELE: &str = "adele.vance@contoso.example";
pub(super) const MEGAN: &str = "megan.bowen@contoso.example";
pub(super) const ALEX: &str = "alex.wilber@contoso.example";
pub(super) const ROOM: &str = "room-hood@contoso.example";
/// A distribution list of Megan and Alex: getSchedule gives its merged view and no items.
pub(super) const TEAM: &str = "research-team@contoso.example";

const PACIFIC: &str = "Pacific Standard Time";
const EASTERN: &str = "Eastern Standard Time";

fn hm(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap_or_default()
}

const WEEKDAYS: [Weekday; 5] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
];

fn users() -> Vec<SandboxUser> {
    vec![
        SandboxUser {
            email: ADELE.into(),
            display_name: "Adele Vance".into(),
            working_hours: Some(SandboxWorkingHours {
                days: WEEKDAYS.to_vec(),
                start: hm(9, 0),
                end: hm(17, 0),
                zone: SandboxZone::Named(PACIFIC.into()),
            }),
        },
        // Legacy Outlook left a custom zone: US Eastern spelled as bias + transitions.
        SandboxUser {
            email: MEGAN.into(),
            display_name: "Megan Bowen".into(),
            working_hours: Some(SandboxWorkingHours {
                days: WEEKDAYS.to_vec(),
                start: hm(8, 0),
                end: hm(16, 30),
                zone: SandboxZone::Custom {
                    bias: 300,
                    standard: StandardOffset {
                        month: 11,
                        day_occurrence: 1,
                        day_of_week: Weekday::Sun,
                        time: hm(2, 0),
                    },
                    daylight: DaylightOffset {
                        month: 3,
                        day_occurrence: 2,
                        day_of_week: Weekday::Sun,
                        time: hm(2, 0),
                        daylight_bias: -60,
                    },
                },
            }),
        },
        // A mailbox whose admin set IANA names.
        SandboxUser {
            email: ALEX.into(),
            display_name: "Alex Wilber".into(),
            working_hours: Some(SandboxWorkingHours {
                days: vec![Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu],
                start: hm(9, 30),
                end: hm(18, 0),
                zone: SandboxZone::Named("Europe/London".into()),
            }),
        },
        SandboxUser {
            email: ROOM.into(),
            display_name: "Conf Room Hood".into(),
            working_hours: None,
        },
    ]
}

pub(super) fn populate(st: &mut TenantState, seed: Seed, now: DateTime<Utc>) {
    for u in users() {
        st.add_user(u);
    }
    st.odd_mailboxes.insert(
        TEAM.into(),
        MailboxKind::DistributionList {
            members: vec![MEGAN.into(), ALEX.into()],
        },
    );
    if seed == Seed::Demo {
        for (email, event) in demo_events(now) {
            // The demo calendar is built from valid parts; a failure here is a bug in this file.
            if let Err(e) = st.add_event(email, event) {
                tracing::error!("sandbox demo seed: {e}");
            }
        }
    }
}

fn event(
    subject: &str,
    day: NaiveDate,
    start: NaiveTime,
    minutes: i64,
    zone: &str,
    show_as: ShowAs,
) -> SandboxEvent {
    let start = day.and_time(start);
    SandboxEvent {
        subject: subject.into(),
        start,
        end: start + Duration::minutes(minutes),
        time_zone: zone.into(),
        show_as,
        is_cancelled: false,
        recurrence: None,
    }
}

/// Meetings this week and next, relative to the Monday of the current week in Los Angeles.
fn demo_events(now: DateTime<Utc>) -> Vec<(&'static str, SandboxEvent)> {
    let today = now
        .with_timezone(&chrono_tz::America::Los_Angeles)
        .date_naive();
    let monday = today - Duration::days(today.weekday().num_days_from_monday().into());
    let day = |n: i64| monday + Duration::days(n);
    let weekly = |days: Vec<Weekday>| RecurrencePattern::Weekly {
        interval: 1,
        days_of_week: days,
    };

    let mut standup = event(
        "Daily standup",
        day(-14),
        hm(9, 30),
        15,
        PACIFIC,
        ShowAs::Busy,
    );
    standup.recurrence = Some(Recurrence {
        pattern: weekly(WEEKDAYS.to_vec()),
        range: RecurrenceRange::NoEnd,
    });
    let mut one_on_one = event(
        "1:1 Adele / Megan",
        day(-20),
        hm(14, 0),
        30,
        PACIFIC,
        ShowAs::Busy,
    );
    one_on_one.recurrence = Some(Recurrence {
        pattern: weekly(vec![Weekday::Tue]),
        range: RecurrenceRange::Numbered(12),
    });
    let mut cancelled = event(
        "Vendor sync (cancelled)",
        day(3),
        hm(15, 0),
        60,
        PACIFIC,
        ShowAs::Busy,
    );
    cancelled.is_cancelled = true;
    let mut megan_standup = event(
        "Marketing standup",
        day(-7),
        hm(9, 0),
        30,
        EASTERN,
        ShowAs::Busy,
    );
    megan_standup.recurrence = Some(Recurrence {
        pattern: RecurrencePattern::Daily { interval: 1 },
        range: RecurrenceRange::EndDate(day(25)),
    });

    vec![
        (ADELE, standup),
        (ADELE, one_on_one),
        (
            ADELE,
            event(
                "Working from the café",
                day(0),
                hm(13, 0),
                240,
                PACIFIC,
                ShowAs::WorkingElsewhere,
            ),
        ),
        (
            ADELE,
            event(
                "Design review",
                day(2),
                hm(10, 0),
                90,
                PACIFIC,
                ShowAs::Busy,
            ),
        ),
        (
            ADELE,
            event(
                "Lunch & learn",
                day(3),
                hm(12, 0),
                60,
                PACIFIC,
                ShowAs::Tentative,
            ),
        ),
        (ADELE, cancelled),
        (
            ADELE,
            event("Dentist", day(4), hm(13, 0), 240, PACIFIC, ShowAs::Oof),
        ),
        (
            ADELE,
            event("Focus time", day(1), hm(8, 0), 60, PACIFIC, ShowAs::Free),
        ),
        (
            ADELE,
            event(
                "Quarterly planning",
                day(7),
                hm(10, 0),
                120,
                PACIFIC,
                ShowAs::Busy,
            ),
        ),
        (
            ADELE,
            event(
                "Customer interview debrief",
                day(9),
                hm(15, 30),
                45,
                PACIFIC,
                ShowAs::Tentative,
            ),
        ),
        (MEGAN, megan_standup),
        (
            MEGAN,
            event(
                "1:1 Adele / Megan",
                day(1),
                hm(17, 0),
                30,
                EASTERN,
                ShowAs::Busy,
            ),
        ),
        (
            MEGAN,
            event(
                "Campaign launch",
                day(2),
                hm(11, 0),
                120,
                EASTERN,
                ShowAs::Busy,
            ),
        ),
        (
            MEGAN,
            event(
                "Vacation",
                day(8),
                hm(0, 0),
                24 * 60 * 2,
                EASTERN,
                ShowAs::Oof,
            ),
        ),
        (
            ALEX,
            event(
                "Sprint review",
                day(3),
                hm(16, 0),
                60,
                "Europe/London",
                ShowAs::Busy,
            ),
        ),
        (
            ROOM,
            event(
                "Board meeting",
                day(2),
                hm(13, 0),
                120,
                PACIFIC,
                ShowAs::Busy,
            ),
        ),
        (
            ROOM,
            event(
                "Team offsite prep",
                day(8),
                hm(9, 0),
                180,
                PACIFIC,
                ShowAs::Tentative,
            ),
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_seed_is_valid_and_empty_seed_has_users_only() {
        // The demo seeds around "now": try weeks with DST changes, New Year and a leap day.
        for now in [
            "2026-03-02T08:00:00Z",
            "2027-03-14T09:30:00Z",
            "2027-10-31T01:30:00Z",
            "2027-12-31T23:30:00Z",
            "2028-02-29T12:00:00Z",
        ] {
            let now: DateTime<Utc> = now.parse().unwrap();
            let mut st = TenantState::for_test();
            populate(&mut st, Seed::Demo, now);
            assert_eq!(st.users.len(), 4);
            assert_eq!(st.users[0].user.email, ADELE);
            assert_eq!(
                st.users.iter().map(|u| u.events.len()).sum::<usize>(),
                demo_events(now).len(),
                "{now}"
            );
            let mut empty = TenantState::for_test();
            populate(&mut empty, Seed::Empty, now);
            assert_eq!(empty.users.len(), 4);
            assert!(empty.users.iter().all(|u| u.events.is_empty()));
        }
    }
}
