//! The sandbox's getSchedule as Microsoft answers it: the examples of Microsoft's pages, the
//! limits and the spellings the service accepts, and the addresses that are not ordinary
//! mailboxes (unknown, lists, merged-only, guests, not enabled for REST, no `mail`). The source
//! of each behaviour is named at its test.

#[path = "sandbox_common/mod.rs"]
mod common;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime, Weekday};
use common::*;
use rally_m365::sandbox::{
    DaylightOffset, MailboxKind, SandboxEvent, SandboxOptions, SandboxUser, SandboxWorkingHours,
    SandboxZone, Seed, ShowAs, StandardOffset,
};
use serde_json::{Value, json};

const MEGAN: &str = "megan.bowen@contoso.example";

fn empty() -> SandboxOptions {
    SandboxOptions {
        seed: Seed::Empty,
        ..SandboxOptions::default()
    }
}

fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(y, m, d)
        .unwrap()
        .and_hms_opt(h, min, 0)
        .unwrap()
}

fn hm(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap()
}

fn weekdays() -> Vec<Weekday> {
    vec![
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
    ]
}

fn user(email: &str, zone: SandboxZone) -> SandboxUser {
    SandboxUser {
        email: email.into(),
        display_name: "Someone Example".into(),
        working_hours: Some(SandboxWorkingHours {
            days: weekdays(),
            start: hm(8, 0),
            end: hm(17, 0),
            zone,
        }),
    }
}

/// US Pacific as the custom zone of Microsoft's samples.
fn pacific_custom() -> SandboxZone {
    SandboxZone::Custom {
        bias: 480,
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
    }
}

fn event(subject: &str, from: NaiveDateTime, to: NaiveDateTime, show_as: ShowAs) -> SandboxEvent {
    SandboxEvent {
        show_as,
        ..SandboxEvent::busy(subject, from, to, "Pacific Standard Time")
    }
}

async fn post_schedule(base: &str, token: &str, prefer: Option<&str>, body: Value) -> (u16, Value) {
    let mut r = reqwest::Client::new()
        .post(format!("{base}/v1.0/me/calendar/getSchedule"))
        .bearer_auth(token)
        .json(&body);
    if let Some(p) = prefer {
        r = r.header("Prefer", p);
    }
    let r = r.send().await.unwrap();
    let status = r.status().as_u16();
    let preference = r
        .headers()
        .get("preference-applied")
        .map(|v| v.to_str().unwrap().to_string());
    let mut v: Value = r.json().await.unwrap();
    if let Some(p) = preference {
        v["_preference_applied"] = json!(p);
    }
    (status, v)
}

fn day_body(schedules: &[&str], day: &str, zone: &str, interval: Value) -> Value {
    json!({
        "schedules": schedules,
        "startTime": {"dateTime": format!("{day}T09:00:00"), "timeZone": zone},
        "endTime": {"dateTime": format!("{day}T18:00:00"), "timeZone": zone},
        "availabilityViewInterval": interval
    })
}

async fn token(base: &str) -> String {
    sign_in(base).await["access_token"]
        .as_str()
        .unwrap()
        .to_string()
}

/// "calendar: getSchedule" (learn.microsoft.com/graph/api/calendar-getschedule), its example:
/// two users, 09:00–18:00 Pacific, hourly view, `Prefer: outlook.timezone`. The answer has the
/// documented shape and the documented values.
#[tokio::test(flavor = "multi_thread")]
async fn the_getschedule_reference_example_gets_the_documented_answer() {
    let (base, control) = start(empty()).await;
    let (adele, megan) = (
        "adelev@contoso.onmicrosoft.com",
        "meganb@contoso.onmicrosoft.com",
    );
    control.add_user(user(
        adele,
        SandboxZone::Named("Pacific Standard Time".into()),
    ));
    control.add_user(user(megan, pacific_custom()));
    let d = |h, m| at(2019, 3, 15, h, m);
    control.add_event(
        adele,
        event("Let's go for lunch", d(12, 0), d(14, 0), ShowAs::Busy),
    );
    for (from, to, show_as) in [
        (d(8, 30), d(9, 30), ShowAs::Busy),
        (d(12, 0), d(14, 0), ShowAs::Busy),
        (d(12, 0), d(13, 0), ShowAs::Tentative),
        (d(13, 0), d(14, 0), ShowAs::Busy),
        (d(16, 0), d(17, 0), ShowAs::Tentative),
    ] {
        control.add_event(megan, event("Private", from, to, show_as));
    }
    let token = token_as(&base, adele).await;
    let (status, v) = post_schedule(
        &base,
        &token,
        Some("outlook.timezone=\"Pacific Standard Time\""),
        day_body(
            &[adele, megan],
            "2019-03-15",
            "Pacific Standard Time",
            json!(60),
        ),
    )
    .await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(
        v["@odata.context"],
        format!("{base}/v1.0/$metadata#Collection(microsoft.graph.scheduleInformation)")
    );
    let (a, m) = (&v["value"][0], &v["value"][1]);
    assert_eq!(a["scheduleId"], adele);
    assert_eq!(a["availabilityView"], "000220000");
    let lunch = &a["scheduleItems"][0];
    assert_eq!(lunch["isPrivate"], false);
    assert_eq!(lunch["status"], "busy");
    assert_eq!(lunch["subject"], "Let's go for lunch");
    assert!(lunch["location"].is_string());
    assert_eq!(
        lunch["start"],
        json!({"dateTime": "2019-03-15T12:00:00.0000000", "timeZone": "Pacific Standard Time"})
    );
    assert_eq!(
        a["workingHours"],
        json!({"daysOfWeek": ["monday", "tuesday", "wednesday", "thursday", "friday"],
            "startTime": "08:00:00.0000000", "endTime": "17:00:00.0000000",
            "timeZone": {"name": "Pacific Standard Time"}})
    );
    assert_eq!(m["availabilityView"], "200220010");
    let items = m["scheduleItems"].as_array().unwrap();
    assert_eq!(items.len(), 5);
    // Another person's items: status and times only.
    assert_eq!(
        items[0],
        json!({"status": "busy",
            "start": {"dateTime": "2019-03-15T08:30:00.0000000", "timeZone": "Pacific Standard Time"},
            "end": {"dateTime": "2019-03-15T09:30:00.0000000", "timeZone": "Pacific Standard Time"}})
    );
    assert_eq!(
        m["workingHours"]["timeZone"],
        json!({"@odata.type": "#microsoft.graph.customTimeZone", "bias": 480,
            "name": "Customized Time Zone",
            "standardOffset": {"time": "02:00:00.0000000", "dayOccurrence": 1,
                "dayOfWeek": "sunday", "month": 11, "year": 0},
            "daylightOffset": {"daylightBias": -60, "time": "02:00:00.0000000",
                "dayOccurrence": 2, "dayOfWeek": "sunday", "month": 3, "year": 0}})
    );
}

/// "Get free/busy schedule of Outlook calendar users and resources"
/// (learn.microsoft.com/graph/outlook-get-free-busy-schedule), its example: PascalCase names
/// and `"availabilityViewInterval": "15"` as a string; 36 quarter-hour digits.
#[tokio::test(flavor = "multi_thread")]
async fn the_free_busy_concept_example_gets_the_documented_answer() {
    let (base, control) = start(empty()).await;
    let alex = "AlexW@contoso.com";
    control.add_user(user(alex, pacific_custom()));
    let d = |h, m| at(2018, 8, 6, h, m);
    control.add_event(
        alex,
        event("Tentative", d(9, 0), d(10, 30), ShowAs::Tentative),
    );
    control.add_event(alex, event("Busy", d(11, 0), d(13, 0), ShowAs::Busy));
    let token = token(&base).await;
    let body = json!({
        "Schedules": [alex],
        "StartTime": {"dateTime": "2018-08-06T09:00:00", "timeZone": "Pacific Standard Time"},
        "EndTime": {"dateTime": "2018-08-06T18:00:00", "timeZone": "Pacific Standard Time"},
        "availabilityViewInterval": "15"
    });
    let (status, v) = post_schedule(
        &base,
        &token,
        Some("outlook.timezone=\"Pacific Standard Time\""),
        body,
    )
    .await;
    assert_eq!(status, 200, "{v}");
    let a = &v["value"][0];
    assert_eq!(a["scheduleId"], alex);
    assert_eq!(
        a["availabilityView"],
        "111111002222222200000000000000000000"
    );
    let items = a["scheduleItems"].as_array().unwrap();
    let statuses: Vec<String> = items
        .iter()
        .map(|i| i["status"].as_str().unwrap().to_ascii_lowercase())
        .collect();
    assert_eq!(statuses, ["tentative", "busy"]);
    assert_eq!(items[0]["end"]["dateTime"], "2018-08-06T10:30:00.0000000");
    assert_eq!(
        a["workingHours"]["timeZone"]["@odata.type"],
        "#microsoft.graph.customTimeZone"
    );
}

/// "scheduleInformation resource type": "Working elsewhere is set to 0 instead of 4 for backward
/// compatibility."
#[tokio::test(flavor = "multi_thread")]
async fn working_elsewhere_is_written_0_in_the_view() {
    let (base, control) = start(empty()).await;
    let d = |h, m| at(2026, 3, 9, h, m);
    control.add_event(
        MEGAN,
        event("Office B", d(9, 0), d(11, 0), ShowAs::WorkingElsewhere),
    );
    control.add_event(MEGAN, event("Call", d(11, 0), d(12, 0), ShowAs::Oof));
    let token = token(&base).await;
    let body = json!({
        "schedules": [MEGAN],
        "startTime": {"dateTime": "2026-03-09T09:00:00", "timeZone": "Pacific Standard Time"},
        "endTime": {"dateTime": "2026-03-09T13:00:00", "timeZone": "Pacific Standard Time"},
        "availabilityViewInterval": 60
    });
    let (_, v) = post_schedule(&base, &token, None, body).await;
    assert_eq!(v["value"][0]["availabilityView"], "0030");
    assert_eq!(
        v["value"][0]["scheduleItems"][0]["status"],
        "workingElsewhere"
    );
}

/// "Get free/busy schedule ...": "The time period to look up must be less than 62 days"; the
/// refusal is quoted in microsoftgraph/microsoft-graph-docs pull request 19703.
#[tokio::test(flavor = "multi_thread")]
async fn sixty_two_days_or_more_is_error_time_interval_too_big() {
    let (base, _control) = start(empty()).await;
    let token = token(&base).await;
    let body = |end: &str| {
        json!({"schedules": [MEGAN],
            "startTime": {"dateTime": "2026-03-02T00:00:00", "timeZone": "UTC"},
            "endTime": {"dateTime": end, "timeZone": "UTC"}})
    };
    let (status, v) = post_schedule(&base, &token, None, body("2026-05-04T00:00:00")).await;
    assert_eq!(status, 400);
    assert_eq!(v["error"]["code"], "ErrorTimeIntervalTooBig");
    assert_eq!(
        v["error"]["message"],
        "The requested time duration specified for FreeBusyViewOptions.TimeWindow is too long. The allowed limit = 62 days; the actual limit = 63 days."
    );
    let (status, v) = post_schedule(&base, &token, None, body("2026-05-03T00:00:00")).await;
    assert_eq!(status, 400);
    assert_eq!(v["error"]["code"], "ErrorTimeIntervalTooBig");
    let (status, _) = post_schedule(&base, &token, None, body("2026-05-02T23:59:00")).await;
    assert_eq!(status, 200);
}

/// A dateTime ending in `Z` is read in UTC (Graph writes such dateTimes itself), and the
/// interval may be a numeric string (the concept page sends "15").
#[tokio::test(flavor = "multi_thread")]
async fn a_utc_date_time_and_a_string_interval_are_accepted() {
    let (base, _control) = start(empty()).await;
    let token = token(&base).await;
    let body = json!({"schedules": [MEGAN],
        "startTime": {"dateTime": "2026-03-09T16:00:00Z", "timeZone": "UTC"},
        "endTime": {"dateTime": "2026-03-09T17:00:00.0000000Z", "timeZone": "UTC"},
        "availabilityViewInterval": "30"});
    let (status, v) = post_schedule(&base, &token, None, body).await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["value"][0]["availabilityView"], "00");
    let body = json!({"schedules": [MEGAN],
        "startTime": {"dateTime": "2026-03-09T16:00:00", "timeZone": "UTC"},
        "endTime": {"dateTime": "2026-03-09T17:00:00", "timeZone": "UTC"},
        "availabilityViewInterval": "thirty"});
    let (status, _) = post_schedule(&base, &token, None, body).await;
    assert_eq!(status, 400);
}

/// "dateTimeTimeZone resource type": Windows names and the IANA names it lists; others are
/// refused in the body and not applied from `Prefer: outlook.timezone`.
#[tokio::test(flavor = "multi_thread")]
async fn only_the_zone_names_the_service_accepts_are_accepted() {
    let (base, _control) = start(empty()).await;
    let token = token(&base).await;
    let body = |zone: &str| {
        json!({"schedules": [MEGAN],
            "startTime": {"dateTime": "2026-03-09T09:00:00", "timeZone": zone},
            "endTime": {"dateTime": "2026-03-09T10:00:00", "timeZone": zone}})
    };
    for zone in ["W. Europe Standard Time", "Europe/Berlin", "UTC"] {
        let (status, v) = post_schedule(&base, &token, None, body(zone)).await;
        assert_eq!(status, 200, "{zone}: {v}");
    }
    for zone in ["Europe/Zurich", "europe/berlin", "tzone://Microsoft/Utc"] {
        let (status, v) = post_schedule(&base, &token, None, body(zone)).await;
        assert_eq!(status, 400, "{zone}");
        assert_eq!(v["error"]["code"], "TimeZoneNotSupportedException");
    }
    let (_, v) = post_schedule(
        &base,
        &token,
        Some("outlook.timezone=\"Europe/Berlin\""),
        body("UTC"),
    )
    .await;
    assert_eq!(
        v["_preference_applied"],
        "outlook.timezone=\"Europe/Berlin\""
    );
    let (_, v) = post_schedule(
        &base,
        &token,
        Some("outlook.timezone=\"Europe/Zurich\""),
        body("UTC"),
    )
    .await;
    assert!(v["_preference_applied"].is_null(), "{v}");
}

/// Unknown recipients, lists, merged-only mailboxes, guests and mailboxes not enabled for REST
/// in one getSchedule, each with its shape (sources in the sandbox's `odd_mailboxes` module).
#[tokio::test(flavor = "multi_thread")]
async fn odd_addresses_answer_with_the_services_shapes() {
    let (base, control) = start(empty()).await;
    let d = |h, m| at(2026, 3, 9, h, m);
    control.add_event(MEGAN, event("Busy", d(9, 0), d(10, 0), ShowAs::Busy));
    let alex = "alex.wilber@contoso.example";
    control.add_event(alex, event("Maybe", d(10, 0), d(11, 0), ShowAs::Tentative));
    control.add_event(alex, event("Away", d(9, 30), d(10, 0), ShowAs::Oof));
    let team = "research-team@contoso.example";
    control
        .set_mailbox_kind(
            team,
            Some(MailboxKind::DistributionList {
                members: vec![MEGAN.into(), alex.into(), "gone@contoso.example".into()],
            }),
        )
        .unwrap();
    control
        .set_mailbox_kind(alex, Some(MailboxKind::MergedOnly))
        .unwrap();
    control.add_user(user(
        "guest_fabrikam.com#EXT#@contoso.example",
        SandboxZone::Named("UTC".into()),
    ));
    control
        .set_mailbox_kind(
            "guest_fabrikam.com#EXT#@contoso.example",
            Some(MailboxKind::Guest),
        )
        .unwrap();
    control.add_user(user(
        "onprem@contoso.example",
        SandboxZone::Named("UTC".into()),
    ));
    control
        .set_mailbox_kind(
            "onprem@contoso.example",
            Some(MailboxKind::NotEnabledForRest),
        )
        .unwrap();
    // A list cannot take a user's address, a user kind needs a user.
    assert!(
        control
            .set_mailbox_kind(
                MEGAN,
                Some(MailboxKind::DistributionList { members: vec![] })
            )
            .is_err()
    );
    assert!(
        control
            .set_mailbox_kind("nobody@contoso.example", Some(MailboxKind::Guest))
            .is_err()
    );
    let token = token(&base).await;
    let schedules = [
        team,
        alex,
        "guest_fabrikam.com#EXT#@contoso.example",
        "onprem@contoso.example",
        "ghost@contoso.example",
    ];
    let body = json!({"schedules": schedules,
        "startTime": {"dateTime": "2026-03-09T09:00:00", "timeZone": "Pacific Standard Time"},
        "endTime": {"dateTime": "2026-03-09T12:00:00", "timeZone": "Pacific Standard Time"},
        "availabilityViewInterval": 30});
    let (status, v) = post_schedule(&base, &token, None, body).await;
    assert_eq!(status, 200, "{v}");
    // The list: the most severe of its members per half hour, no items, no working hours.
    assert_eq!(
        v["value"][0],
        json!({"scheduleId": team, "availabilityView": "231100", "scheduleItems": []})
    );
    assert_eq!(
        v["value"][1],
        json!({"scheduleId": alex, "availabilityView": "031100", "scheduleItems": []})
    );
    for (i, address) in schedules.iter().enumerate().skip(2) {
        assert_eq!(
            v["value"][i],
            json!({"scheduleId": address, "error": {
                "message": format!("Unable to resolve e-mail address {address} to an Active Directory object."),
                "responseCode": "5009"}}),
        );
    }
}

/// Signed in as a guest or as a mailbox not enabled for REST, `/me` answers and every mailbox
/// request is 404 MailboxNotEnabledForRESTAPI (microsoftgraph/microsoft-graph-docs-contrib
/// issue 405; microsoftgraph/msgraph-sdk-javascript issue 1756).
#[tokio::test(flavor = "multi_thread")]
async fn a_guest_or_a_mailbox_not_enabled_for_rest_gets_404_on_its_mailbox() {
    let (base, control) = start(empty()).await;
    for (email, kind) in [
        ("guest@contoso.example", MailboxKind::Guest),
        ("onprem@contoso.example", MailboxKind::NotEnabledForRest),
    ] {
        control.add_user(user(email, SandboxZone::Named("UTC".into())));
        control.set_mailbox_kind(email, Some(kind)).unwrap();
        let token = token_as(&base, email).await;
        assert_eq!(graph_get(&base, &token, "/v1.0/me").await.status(), 200);
        let view = graph_get(
            &base,
            &token,
            "/v1.0/me/calendarView?startDateTime=2026-03-09T00:00:00Z&endDateTime=2026-03-10T00:00:00Z",
        )
        .await;
        assert_eq!(view.status(), 404);
        let v: Value = view.json().await.unwrap();
        assert_eq!(v["error"]["code"], "MailboxNotEnabledForRESTAPI");
        assert_eq!(
            v["error"]["message"],
            "The mailbox is either inactive, soft-deleted, or is hosted on-premise."
        );
        assert!(v["error"]["innerError"]["request-id"].is_string());
        let body = json!({"schedules": [MEGAN],
            "startTime": {"dateTime": "2026-03-09T09:00:00", "timeZone": "UTC"},
            "endTime": {"dateTime": "2026-03-09T10:00:00", "timeZone": "UTC"}});
        let (status, _) = post_schedule(&base, &token, None, body).await;
        assert_eq!(status, 404);
        let send = reqwest::Client::new()
            .post(format!("{base}/v1.0/me/sendMail"))
            .bearer_auth(&token)
            .json(
                &json!({"message": {"subject": "x", "body": {"contentType": "Text", "content": "x"},
                "toRecipients": [{"emailAddress": {"address": MEGAN}}]}}),
            )
            .send()
            .await
            .unwrap();
        assert_eq!(send.status(), 404);
    }
}

/// "user resource type": `mail` is nullable; such a user is still found by their user
/// principal name in getSchedule.
#[tokio::test(flavor = "multi_thread")]
async fn a_user_without_mail_has_mail_null_and_is_found_by_user_principal_name() {
    let (base, control) = start(empty()).await;
    let email = "no.mail@contoso.example";
    control.add_user(user(
        email,
        SandboxZone::Named("tzone://Microsoft/Utc".into()),
    ));
    control
        .set_mailbox_kind(email, Some(MailboxKind::NoMail))
        .unwrap();
    let token = token_as(&base, email).await;
    let me: Value = graph_get(&base, &token, "/v1.0/me?$select=mail,userPrincipalName")
        .await
        .json()
        .await
        .unwrap();
    assert!(me["mail"].is_null(), "{me}");
    assert_eq!(me["userPrincipalName"], email);
    let body = json!({"schedules": [email],
        "startTime": {"dateTime": "2026-03-09T09:00:00", "timeZone": "UTC"},
        "endTime": {"dateTime": "2026-03-09T10:00:00", "timeZone": "UTC"}});
    let (status, v) = post_schedule(&base, &token, None, body).await;
    assert_eq!(status, 200);
    // Working hours in an Exchange zone id are written as they are stored.
    assert_eq!(
        v["value"][0]["workingHours"]["timeZone"],
        json!({"name": "tzone://Microsoft/Utc"})
    );
}

/// The same seeding over the Control API's HTTP face, as `sandbox serve` users script it.
#[tokio::test(flavor = "multi_thread")]
async fn mailbox_kinds_are_seedable_over_http() {
    let (base, _control) = start(empty()).await;
    let post = |body: Value| {
        let base = base.clone();
        async move {
            reqwest::Client::new()
                .post(format!("{base}/_sandbox/mailboxes"))
                .json(&body)
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        }
    };
    assert_eq!(
        post(json!({"email": "team@contoso.example", "kind": "distribution_list", "members": [MEGAN]})).await,
        204
    );
    assert_eq!(
        post(json!({"email": MEGAN, "kind": "merged_only"})).await,
        204
    );
    assert_eq!(post(json!({"email": MEGAN, "kind": "ordinary"})).await, 204);
    assert_eq!(post(json!({"email": MEGAN, "kind": "weird"})).await, 400);
    assert_eq!(
        post(json!({"email": "nobody@contoso.example", "kind": "guest"})).await,
        400
    );
    let token = token(&base).await;
    let body = json!({"schedules": ["team@contoso.example"],
        "startTime": {"dateTime": "2026-03-09T09:00:00", "timeZone": "UTC"},
        "endTime": {"dateTime": "2026-03-09T10:00:00", "timeZone": "UTC"}});
    let (_, v) = post_schedule(&base, &token, None, body).await;
    assert_eq!(v["value"][0]["scheduleItems"], json!([]));
    assert_eq!(v["value"][0]["availabilityView"], "00");
}
