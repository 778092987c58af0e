//! The Graph events emulation over HTTP: create, strict validation, transactionId
//! de-duplication, Teams links, get/update/cancel/delete with the meeting messages they send,
//! attendee answers, extended-property filters, calendarView paging, getSchedule, and a
//! connection dropped after the commit.

#[path = "sandbox_common/mod.rs"]
mod common;

use common::*;
use rally_m365::sandbox::{
    ConsentMode, Control, Fault, FaultKind, NotificationKind, SandboxEvent, SandboxOptions, Seed,
};
use serde_json::{Value, json};

const MEGAN: &str = "megan.bowen@contoso.example";
const PARTICIPANT: &str = "participant@example.com";
const MARK: &str = "String {8eccc264-6880-4ebe-992f-8888d2eeaa1d} Name RallyInterview";

fn empty() -> SandboxOptions {
    SandboxOptions {
        seed: Seed::Empty,
        ..SandboxOptions::default()
    }
}

async fn access_token(base: &str) -> String {
    sign_in(base).await["access_token"]
        .as_str()
        .unwrap()
        .to_string()
}

fn interview(extra: Value) -> Value {
    let mut b = json!({
        "subject": "Research interview",
        "body": {"contentType": "text", "content": "Thanks for joining"},
        "start": {"dateTime": "2026-12-03T10:00:00", "timeZone": "W. Europe Standard Time"},
        "end": {"dateTime": "2026-12-03T10:45:00", "timeZone": "W. Europe Standard Time"},
        "attendees": [
            {"emailAddress": {"address": PARTICIPANT, "name": "Pat Participant"}, "type": "required"}
        ],
    });
    for (k, v) in extra.as_object().unwrap() {
        b[k] = v.clone();
    }
    b
}

async fn send(
    method: reqwest::Method,
    base: &str,
    token: &str,
    path: &str,
    body: Option<&Value>,
    prefer: Option<&str>,
) -> reqwest::Response {
    let mut r = reqwest::Client::new()
        .request(method, format!("{base}{path}"))
        .bearer_auth(token);
    if let Some(b) = body {
        r = r.json(b);
    }
    if let Some(p) = prefer {
        r = r.header("Prefer", p);
    }
    r.send().await.unwrap()
}

async fn create(base: &str, token: &str, body: &Value) -> (u16, Value) {
    let r = send(
        reqwest::Method::POST,
        base,
        token,
        "/v1.0/me/events",
        Some(body),
        None,
    )
    .await;
    let status = r.status().as_u16();
    (status, r.json().await.unwrap())
}

async fn get_json(base: &str, token: &str, path: &str) -> (u16, Value) {
    let r = graph_get(base, token, path).await;
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

fn sent(control: &Control) -> Vec<(String, NotificationKind)> {
    control
        .notifications()
        .into_iter()
        .map(|n| (n.to, n.kind))
        .collect()
}

// "Create event": 201 and the event; times in the Prefer: outlook.timezone zone; attendees with
// status none at 0001-01-01; the organizer's responseStatus; a Teams link (example 4);
// transactionId echoed only when set (event resource); invitations sent to all attendees.
#[tokio::test(flavor = "multi_thread")]
async fn create_answers_201_with_the_documented_event_and_invites_the_attendees() {
    let (base, control) = start(empty()).await;
    let token = access_token(&base).await;
    let body = interview(json!({
        "location": {"displayName": "Teams"},
        "isOnlineMeeting": true,
        "onlineMeetingProvider": "teamsForBusiness",
        "allowNewTimeProposals": false,
        "transactionId": "rally-7d1c0b5e",
        "categories": ["Rally interview"],
        "singleValueExtendedProperties": [{"id": MARK, "value": "yes"}],
        "attendees": [
            {"emailAddress": {"address": PARTICIPANT, "name": "Pat Participant"}, "type": "Required"},
            {"emailAddress": {"address": "notes@example.com"}, "type": "optional"}
        ],
    }));
    let r = send(
        reqwest::Method::POST,
        &base,
        &token,
        "/v1.0/me/calendar/events",
        Some(&body),
        Some("outlook.timezone=\"Pacific Standard Time\""),
    )
    .await;
    assert_eq!(r.status(), 201);
    assert_eq!(
        r.headers()["preference-applied"],
        "outlook.timezone=\"Pacific Standard Time\""
    );
    let e: Value = r.json().await.unwrap();
    let id = e["id"].as_str().unwrap();
    assert!(id.len() > 40 && id.starts_with("AA"), "{id}");
    assert!(
        e["@odata.context"]
            .as_str()
            .unwrap()
            .ends_with("/events/$entity")
    );
    assert!(
        e["iCalUId"]
            .as_str()
            .unwrap()
            .starts_with("040000008200E00074C5B7101A82E008")
    );
    assert!(
        e["webLink"]
            .as_str()
            .unwrap()
            .starts_with("https://outlook.office365.com/owa/?itemid=")
    );
    assert!(e["createdDateTime"].as_str().unwrap().ends_with('Z'));
    assert!(e["lastModifiedDateTime"].is_string());
    assert_eq!(e["subject"], "Research interview");
    assert_eq!(e["body"]["contentType"], "html");
    assert!(
        e["body"]["content"]
            .as_str()
            .unwrap()
            .contains("Thanks for joining")
    );
    // 10:00 in Berlin is 01:00 in Los Angeles.
    assert_eq!(
        e["start"],
        json!({"dateTime": "2026-12-03T01:00:00.0000000", "timeZone": "Pacific Standard Time"})
    );
    assert_eq!(e["end"]["dateTime"], "2026-12-03T01:45:00.0000000");
    assert_eq!(e["originalStartTimeZone"], "W. Europe Standard Time");
    assert_eq!(
        e["attendees"][0],
        json!({
            "type": "required",
            "status": {"response": "none", "time": "0001-01-01T00:00:00Z"},
            "emailAddress": {"name": "Pat Participant", "address": PARTICIPANT}
        })
    );
    assert_eq!(e["attendees"][1]["type"], "optional");
    assert_eq!(
        e["organizer"]["emailAddress"]["address"],
        "adele.vance@contoso.example"
    );
    assert_eq!(e["isOrganizer"], true);
    assert_eq!(e["responseStatus"]["response"], "organizer");
    assert_eq!(e["isOnlineMeeting"], true);
    assert_eq!(e["onlineMeetingProvider"], "teamsForBusiness");
    assert!(
        e["onlineMeeting"]["joinUrl"]
            .as_str()
            .unwrap()
            .starts_with("https://teams.microsoft.com/l/meetup-join/")
    );
    assert_eq!(e["location"]["displayName"], "Teams");
    assert_eq!(e["categories"], json!(["Rally interview"]));
    assert_eq!(e["transactionId"], "rally-7d1c0b5e");
    assert_eq!(e["allowNewTimeProposals"], false);
    assert_eq!(e["isCancelled"], false);
    assert_eq!(e["showAs"], "busy");
    assert_eq!(e["type"], "singleInstance");
    // "The response does not include any newly created extended properties."
    assert!(e.get("singleValueExtendedProperties").is_none());
    assert_eq!(
        sent(&control),
        [
            (PARTICIPANT.to_string(), NotificationKind::Request),
            ("notes@example.com".to_string(), NotificationKind::Request)
        ]
    );
    assert!(
        control
            .notifications()
            .iter()
            .all(|n| n.event_id == id && n.subject == "Research interview" && n.comment.is_none())
    );

    // Without transactionId or Prefer: no transactionId property, times in UTC.
    let (status, plain) = create(&base, &token, &interview(json!({}))).await;
    assert_eq!(status, 201);
    assert!(plain.get("transactionId").is_none());
    assert_eq!(
        plain["start"],
        json!({"dateTime": "2026-12-03T09:00:00.0000000", "timeZone": "UTC"})
    );
    assert_eq!(plain["isOnlineMeeting"], false);
    assert!(plain["onlineMeeting"].is_null());
    assert_eq!(control.events("adele.vance@contoso.example").len(), 2);
}

#[tokio::test(flavor = "multi_thread")]
async fn invalid_creates_are_refused_with_graphs_errors_and_create_nothing() {
    let (base, control) = start(empty()).await;
    let token = access_token(&base).await;
    let many: Vec<Value> = (0..501)
        .map(|i| json!({"emailAddress": {"address": format!("p{i}@example.com")}}))
        .collect();
    let cases = [
        (json!({"colour": "blue"}), "RequestBodyRead"),
        (json!({"start": null}), "ErrorInvalidRequest"),
        (
            json!({"end": {"dateTime": "2026-12-03T09:00:00", "timeZone": "W. Europe Standard Time"}}),
            "ErrorPropertyValidationFailure",
        ),
        (
            json!({"start": {"dateTime": "2026-12-03T10:00:00", "timeZone": "Middle Earth"}}),
            "TimeZoneNotSupportedException",
        ),
        (
            json!({"attendees": [{"emailAddress": {"address": "participant at example.com"}, "type": "required"}]}),
            "ErrorInvalidRecipients",
        ),
        (
            json!({"attendees": [{"emailAddress": {"address": PARTICIPANT}, "type": "chair"}]}),
            "RequestBodyRead",
        ),
        (json!({"attendees": many}), "ErrorInvalidRequest"),
        (
            json!({"body": {"contentType": "markdown", "content": "x"}}),
            "RequestBodyRead",
        ),
        (json!({"onlineMeetingProvider": "zoom"}), "RequestBodyRead"),
        (
            json!({"singleValueExtendedProperties": [{"id": "RallyInterview", "value": "yes"}]}),
            "ErrorInvalidProperty",
        ),
        (json!({"recurrence": {"pattern": {}}}), "BadRequest"),
    ];
    for (extra, code) in cases {
        let (status, v) = create(&base, &token, &interview(extra.clone())).await;
        assert_eq!(
            (status, v["error"]["code"].as_str()),
            (400, Some(code)),
            "{extra}"
        );
        assert!(v["error"]["innerError"]["request-id"].is_string());
    }
    let (_, v) = create(&base, &token, &interview(json!({"colour": "blue"}))).await;
    assert_eq!(
        v["error"]["message"],
        "The property 'colour' does not exist on type 'microsoft.graph.event'. Make sure to only use property names that are defined by the type or mark the type as open type."
    );
    let r = reqwest::Client::new()
        .post(format!("{base}/v1.0/me/events"))
        .bearer_auth(&token)
        .body(interview(json!({})).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 415);
    // A token with Calendars.Read only may not create.
    control.set_consent(ConsentMode::PartialGrant {
        granted: vec!["User.Read".into(), "Calendars.Read".into()],
    });
    let reader = access_token(&base).await;
    let (status, v) = create(&base, &reader, &interview(json!({}))).await;
    assert_eq!(
        (status, v["error"]["code"].as_str()),
        (403, Some("ErrorAccessDenied"))
    );
    assert!(control.events("adele.vance@contoso.example").is_empty());
    assert!(control.notifications().is_empty());
}

// transactionId: "for the server to avoid redundant POST operations in case of client retries"
// (event resource). The status of a repeat is not documented; the sandbox answers 201.
#[tokio::test(flavor = "multi_thread")]
async fn a_retried_create_with_the_same_transaction_id_makes_one_event_and_one_invitation() {
    let (base, control) = start(empty()).await;
    let token = access_token(&base).await;
    let body = interview(json!({"transactionId": "rally-slot-1"}));
    let (s1, first) = create(&base, &token, &body).await;
    let (s2, second) = create(&base, &token, &body).await;
    assert_eq!((s1, s2), (201, 201));
    assert_eq!(first["id"], second["id"]);
    assert_eq!(second["transactionId"], "rally-slot-1");
    assert_eq!(control.events("adele.vance@contoso.example").len(), 1);
    assert_eq!(control.notifications().len(), 1);
    // Another organizer's identical transactionId is another event.
    let megan = token_as(&base, MEGAN).await;
    let (_, hers) = create(&base, &megan, &body).await;
    assert_ne!(hers["id"], first["id"]);
    assert_eq!(control.notifications().len(), 2);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_tenant_without_teams_leaves_online_meeting_null() {
    let (base, control) = start(empty()).await;
    let token = access_token(&base).await;
    control.set_teams_enabled(false);
    let body =
        interview(json!({"isOnlineMeeting": true, "onlineMeetingProvider": "teamsForBusiness"}));
    let (status, e) = create(&base, &token, &body).await;
    assert_eq!(status, 201);
    assert!(e["onlineMeeting"].is_null());
    assert_eq!(e["onlineMeetingProvider"], "unknown");
    control.set_teams_enabled(true);
    let (_, e) = create(&base, &token, &body).await;
    assert!(e["onlineMeeting"]["joinUrl"].is_string());
}

// "Get event", "Update event", "event: cancel", "Delete event".
#[tokio::test(flavor = "multi_thread")]
async fn get_update_cancel_and_delete_follow_the_pages() {
    let (base, control) = start(empty()).await;
    let adele = access_token(&base).await;
    let megan = token_as(&base, MEGAN).await;
    let body = interview(json!({
        "transactionId": "t-1",
        "attendees": [
            {"emailAddress": {"address": PARTICIPANT}, "type": "required"},
            {"emailAddress": {"address": MEGAN}, "type": "optional"}
        ]
    }));
    let (_, e) = create(&base, &adele, &body).await;
    let id = e["id"].as_str().unwrap().to_string();

    let (status, got) = get_json(
        &base,
        &adele,
        &format!("/v1.0/me/events/{id}?$select=subject,attendees"),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(got["subject"], "Research interview");
    assert!(got.get("start").is_none());
    for (who, path) in [
        (&adele, "/v1.0/me/events/AAMkAGI1AAAt9AHjAAA=".to_string()),
        (&megan, format!("/v1.0/me/events/{id}")),
    ] {
        let (status, v) = get_json(&base, who, &path).await;
        assert_eq!(status, 404);
        assert_eq!(v["error"]["code"], "ErrorItemNotFound");
        assert_eq!(
            v["error"]["message"],
            "The specified object was not found in the store."
        );
    }

    // Megan, a tenant attendee, has her own copy; she may not cancel the meeting.
    let copy = control.events(MEGAN);
    assert_eq!(copy.len(), 1);
    let r = send(
        reqwest::Method::POST,
        &base,
        &megan,
        &format!("/v1.0/me/events/{}/cancel", copy[0].id),
        Some(&json!({"Comment": "no"})),
        None,
    )
    .await;
    assert_eq!(r.status(), 400);
    let v: Value = r.json().await.unwrap();
    assert_eq!(
        v["error"]["message"],
        "Your request can't be completed. You need to be an organizer to cancel a meeting."
    );

    // The organizer moves it: every attendee gets an update.
    let before = control.notifications().len();
    let patch = json!({
        "start": {"dateTime": "2026-12-03T14:00:00", "timeZone": "W. Europe Standard Time"},
        "end": {"dateTime": "2026-12-03T14:45:00", "timeZone": "W. Europe Standard Time"}
    });
    let r = send(
        reqwest::Method::PATCH,
        &base,
        &adele,
        &format!("/v1.0/me/events/{id}"),
        Some(&patch),
        None,
    )
    .await;
    assert_eq!(r.status(), 200);
    let moved: Value = r.json().await.unwrap();
    assert_eq!(moved["start"]["dateTime"], "2026-12-03T13:00:00.0000000");
    assert_ne!(moved["changeKey"], e["changeKey"]);
    let updates: Vec<_> = sent(&control).split_off(before);
    assert_eq!(
        updates,
        [
            (PARTICIPANT.to_string(), NotificationKind::Update),
            (MEGAN.to_string(), NotificationKind::Update)
        ]
    );
    assert_eq!(
        control.events(MEGAN)[0].start,
        control.events("adele.vance@contoso.example")[0].start
    );
    // transactionId cannot change; an unknown property is refused.
    for bad in [json!({"transactionId": "t-2"}), json!({"colour": "red"})] {
        let r = send(
            reqwest::Method::PATCH,
            &base,
            &adele,
            &format!("/v1.0/me/events/{id}"),
            Some(&bad),
            None,
        )
        .await;
        assert_eq!(r.status(), 400, "{bad}");
    }

    // The participant accepts (through the control API): the organizer sees it.
    control
        .set_attendee_response(&id, PARTICIPANT, "accepted")
        .unwrap();
    let (_, got) = get_json(&base, &adele, &format!("/v1.0/me/events/{id}")).await;
    assert_eq!(got["attendees"][0]["status"]["response"], "accepted");
    assert_ne!(
        got["attendees"][0]["status"]["time"],
        "0001-01-01T00:00:00Z"
    );

    // The organizer cancels with a comment: 202, no body, cancellations carry the comment.
    let r = send(
        reqwest::Method::POST,
        &base,
        &adele,
        &format!("/v1.0/me/events/{id}/cancel"),
        Some(&json!({"Comment": "Sorry, something came up"})),
        None,
    )
    .await;
    assert_eq!(r.status(), 202);
    assert!(r.text().await.unwrap().is_empty());
    let cancellations: Vec<_> = control
        .notifications()
        .into_iter()
        .filter(|n| n.kind == NotificationKind::Cancellation)
        .collect();
    assert_eq!(cancellations.len(), 2);
    assert!(
        cancellations
            .iter()
            .all(|n| n.comment.as_deref() == Some("Sorry, something came up") && n.event_id == id)
    );
    let (_, got) = get_json(&base, &adele, &format!("/v1.0/me/events/{id}")).await;
    assert_eq!(got["isCancelled"], true);
    assert_eq!(
        control.events(MEGAN)[0].subject,
        "Canceled: Research interview"
    );
    // "The action moves the event to the Deleted Items folder": out of the calendar views.
    let (_, list) = get_json(&base, &adele, "/v1.0/me/events").await;
    assert_eq!(list["value"], json!([]));

    // Delete: 204; a second delete finds nothing.
    let r = send(
        reqwest::Method::DELETE,
        &base,
        &adele,
        &format!("/v1.0/me/events/{id}"),
        None,
        None,
    )
    .await;
    assert_eq!(r.status(), 204);
    let r = send(
        reqwest::Method::DELETE,
        &base,
        &adele,
        &format!("/v1.0/me/events/{id}"),
        None,
        None,
    )
    .await;
    assert_eq!(r.status(), 404);
}

// "Delete event": "If the event is a meeting, deleting the event on the organizer's calendar
// sends a cancellation message to the meeting attendees."
#[tokio::test(flavor = "multi_thread")]
async fn deleting_a_meeting_sends_cancellations() {
    let (base, control) = start(empty()).await;
    let token = access_token(&base).await;
    let (_, e) = create(&base, &token, &interview(json!({}))).await;
    let id = e["id"].as_str().unwrap();
    let r = send(
        reqwest::Method::DELETE,
        &base,
        &token,
        &format!("/v1.0/me/events/{id}"),
        None,
        None,
    )
    .await;
    assert_eq!(r.status(), 204);
    assert_eq!(
        sent(&control),
        [
            (PARTICIPANT.to_string(), NotificationKind::Request),
            (PARTICIPANT.to_string(), NotificationKind::Cancellation)
        ]
    );
}

// "Get singleValueLegacyExtendedProperty": $filter with Any(...) lists the events that have the
// property (without it), $expand adds it.
#[tokio::test(flavor = "multi_thread")]
async fn events_filter_on_an_extended_property_and_expand_it() {
    let (base, _control) = start(empty()).await;
    let token = access_token(&base).await;
    let marked =
        interview(json!({"singleValueExtendedProperties": [{"id": MARK, "value": "Yes"}]}));
    let (_, ours) = create(&base, &token, &marked).await;
    create(
        &base,
        &token,
        &interview(json!({"subject": "Other meeting"})),
    )
    .await;
    let filter =
        format!("singleValueExtendedProperties/Any(ep: ep/id eq '{MARK}' and ep/value eq 'yes')");
    let expand = format!("singleValueExtendedProperties($filter=id eq '{MARK}')");
    let mut url = url::Url::parse(&format!("{base}/v1.0/me/events")).unwrap();
    url.query_pairs_mut().append_pair("$filter", &filter);
    let (status, v) = get_json(
        &base,
        &token,
        &format!("/v1.0/me/events?{}", url.query().unwrap()),
    )
    .await;
    assert_eq!(status, 200);
    let items = v["value"].as_array().unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["id"], ours["id"]);
    assert!(items[0].get("singleValueExtendedProperties").is_none());
    url.query_pairs_mut()
        .append_pair("$expand", &expand)
        .append_pair("$select", "subject");
    let (_, v) = get_json(
        &base,
        &token,
        &format!("/v1.0/me/events?{}", url.query().unwrap()),
    )
    .await;
    assert_eq!(
        v["value"][0]["singleValueExtendedProperties"],
        json!([{"id": MARK, "value": "Yes"}])
    );
    assert!(v["value"][0].get("start").is_none());
    // On one event too.
    let mut one = url::Url::parse(&format!(
        "{base}/v1.0/me/events/{}",
        ours["id"].as_str().unwrap()
    ))
    .unwrap();
    one.query_pairs_mut().append_pair("$expand", &expand);
    let (_, v) = get_json(
        &base,
        &token,
        &format!("{}?{}", one.path(), one.query().unwrap()),
    )
    .await;
    assert_eq!(v["singleValueExtendedProperties"][0]["value"], "Yes");
    // Other filters are refused, not ignored.
    for other in [
        "subject eq 'Research interview'",
        "singleValueExtendedProperties/Any(ep: ep/value eq 'Yes')",
    ] {
        let mut u = url::Url::parse(&format!("{base}/v1.0/me/events")).unwrap();
        u.query_pairs_mut().append_pair("$filter", other);
        let (status, v) = get_json(
            &base,
            &token,
            &format!("/v1.0/me/events?{}", u.query().unwrap()),
        )
        .await;
        assert_eq!(
            (status, v["error"]["code"].as_str()),
            (400, Some("BadRequest")),
            "{other}"
        );
    }
}

// "List calendarView": the created events with the meeting fields, $expand of the marker on the
// events that have it only, $orderby=start/dateTime, pages of 10 by default and $top with
// @odata.nextLink.
#[tokio::test(flavor = "multi_thread")]
async fn calendar_view_pages_through_created_events_with_next_link() {
    let (base, control) = start(empty()).await;
    let token = access_token(&base).await;
    for day in 1..=12 {
        let start = format!("2026-12-{day:02}T10:00:00");
        let end = format!("2026-12-{day:02}T11:00:00");
        let body = interview(json!({
            "subject": format!("Interview {day}"),
            "start": {"dateTime": start, "timeZone": "UTC"},
            "end": {"dateTime": end, "timeZone": "UTC"},
            "singleValueExtendedProperties": [{"id": MARK, "value": "yes"}],
            "categories": ["Rally interview"],
        }));
        assert_eq!(create(&base, &token, &body).await.0, 201);
    }
    let at = |d: u32, h: u32| {
        chrono::NaiveDate::from_ymd_opt(2026, 12, d)
            .unwrap()
            .and_hms_opt(h, 0, 0)
            .unwrap()
    };
    control.add_event(
        "adele.vance@contoso.example",
        SandboxEvent::busy("Lunch", at(5, 12), at(5, 13), "UTC"),
    );
    let window = "startDateTime=2026-12-01T00:00:00Z&endDateTime=2027-01-01T00:00:00Z";
    let (_, v) = get_json(&base, &token, &format!("/v1.0/me/calendarView?{window}")).await;
    assert_eq!(v["value"].as_array().unwrap().len(), 10);
    assert!(v["@odata.nextLink"].is_string());

    let mut url = url::Url::parse(&format!("{base}/v1.0/me/calendarView?{window}")).unwrap();
    url.query_pairs_mut()
        .append_pair("$top", "5")
        .append_pair("$orderby", "start/dateTime")
        .append_pair(
            "$select",
            "subject,start,attendees,organizer,onlineMeeting,webLink,categories,isOrganizer,isCancelled,responseStatus,transactionId",
        )
        .append_pair("$expand", &format!("singleValueExtendedProperties($filter=id eq '{MARK}')"));
    let mut next = Some(url.to_string());
    let mut all = Vec::new();
    let mut pages = 0;
    while let Some(link) = next {
        let r = reqwest::Client::new()
            .get(&link)
            .bearer_auth(&token)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        let v: Value = r.json().await.unwrap();
        pages += 1;
        all.extend(v["value"].as_array().unwrap().clone());
        next = v["@odata.nextLink"].as_str().map(str::to_string);
    }
    assert_eq!((all.len(), pages), (13, 3));
    let subjects: Vec<&str> = all.iter().map(|e| e["subject"].as_str().unwrap()).collect();
    assert_eq!(
        &subjects[..6],
        [
            "Interview 1",
            "Interview 2",
            "Interview 3",
            "Interview 4",
            "Interview 5",
            "Lunch"
        ]
    );
    let ours: Vec<&Value> = all.iter().filter(|e| e["subject"] != "Lunch").collect();
    assert!(
        ours.iter()
            .all(|e| e["singleValueExtendedProperties"][0]["value"] == "yes"
                && e["attendees"][0]["emailAddress"]["address"] == PARTICIPANT
                && e["categories"] == json!(["Rally interview"])
                && e["isOrganizer"] == true
                && e["responseStatus"]["response"] == "organizer")
    );
    let lunch = all.iter().find(|e| e["subject"] == "Lunch").unwrap();
    assert!(lunch.get("singleValueExtendedProperties").is_none());
    assert!(lunch.get("transactionId").is_none());
    // The category filter works on calendarView too.
    let mut url = url::Url::parse(&format!("{base}/v1.0/me/calendarView?{window}")).unwrap();
    url.query_pairs_mut()
        .append_pair("$filter", "categories/any(c: c eq 'rally interview')")
        .append_pair("$top", "50");
    let (_, v) = get_json(
        &base,
        &token,
        &format!("/v1.0/me/calendarView?{}", url.query().unwrap()),
    )
    .await;
    assert_eq!(v["value"].as_array().unwrap().len(), 12);
}

async fn free_busy(base: &str, token: &str, who: &str) -> String {
    let body = json!({
        "schedules": [who],
        "startTime": {"dateTime": "2026-12-03T08:00:00", "timeZone": "UTC"},
        "endTime": {"dateTime": "2026-12-03T11:00:00", "timeZone": "UTC"},
        "availabilityViewInterval": 60
    });
    let r = send(
        reqwest::Method::POST,
        base,
        token,
        "/v1.0/me/calendar/getSchedule",
        Some(&body),
        None,
    )
    .await;
    assert_eq!(r.status(), 200);
    let v: Value = r.json().await.unwrap();
    v["value"][0]["availabilityView"]
        .as_str()
        .unwrap()
        .to_string()
}

#[tokio::test(flavor = "multi_thread")]
async fn get_schedule_sees_a_created_meeting_and_not_once_cancelled() {
    let (base, _control) = start(empty()).await;
    let token = access_token(&base).await;
    let body =
        interview(json!({"attendees": [{"emailAddress": {"address": MEGAN}, "type": "required"}]}));
    let (_, e) = create(&base, &token, &body).await;
    let id = e["id"].as_str().unwrap();
    // 09:00–09:45 UTC: busy for the organizer, tentative on Megan's copy until she answers.
    assert_eq!(
        free_busy(&base, &token, "adele.vance@contoso.example").await,
        "020"
    );
    assert_eq!(free_busy(&base, &token, MEGAN).await, "010");
    let r = send(
        reqwest::Method::POST,
        &base,
        &token,
        &format!("/v1.0/me/events/{id}/cancel"),
        None,
        None,
    )
    .await;
    assert_eq!(r.status(), 202);
    assert_eq!(
        free_busy(&base, &token, "adele.vance@contoso.example").await,
        "000"
    );
    assert_eq!(free_busy(&base, &token, MEGAN).await, "000");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_connection_dropped_after_the_commit_leaves_the_event_made_and_the_client_unanswered() {
    let (base, control) = start(empty()).await;
    let token = access_token(&base).await;
    control.inject_fault(Fault {
        path_prefix: "/v1.0/me/events".into(),
        kind: FaultKind::DropAfterCommit,
        times: 1,
    });
    let body = interview(json!({"transactionId": "rally-dropped"}));
    let answer = reqwest::Client::new()
        .post(format!("{base}/v1.0/me/events"))
        .bearer_auth(&token)
        .json(&body)
        .send()
        .await;
    assert!(answer.is_err(), "{answer:?}");
    let made = control.events("adele.vance@contoso.example");
    assert_eq!(made.len(), 1);
    assert_eq!(made[0].transaction_id.as_deref(), Some("rally-dropped"));
    assert_eq!(control.notifications().len(), 1);
    let statuses: Vec<u16> = control
        .requests()
        .iter()
        .filter(|r| r.path == "/v1.0/me/events")
        .map(|r| r.status)
        .collect();
    assert_eq!(statuses, [0]);
    // The client's retry with the same transactionId finds that event.
    let (status, again) = create(&base, &token, &body).await;
    assert_eq!(status, 201);
    assert_eq!(again["id"], made[0].id.as_str());
    assert_eq!(control.events("adele.vance@contoso.example").len(), 1);
    assert_eq!(control.notifications().len(), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn throttled_creates_carry_retry_after_and_make_nothing() {
    let (base, control) = start(empty()).await;
    let token = access_token(&base).await;
    control.inject_fault(Fault {
        path_prefix: "/v1.0/me/events".into(),
        kind: FaultKind::TooManyRequests {
            retry_after_secs: 3,
        },
        times: 1,
    });
    control.inject_fault(Fault {
        path_prefix: "/v1.0/me/events".into(),
        kind: FaultKind::Unavailable {
            retry_after_secs: Some(2),
        },
        times: 1,
    });
    for (status, wait) in [(429, "3"), (503, "2")] {
        let r = send(
            reqwest::Method::POST,
            &base,
            &token,
            "/v1.0/me/events",
            Some(&interview(json!({}))),
            None,
        )
        .await;
        assert_eq!(r.status().as_u16(), status);
        assert_eq!(r.headers()["retry-after"], wait);
    }
    assert!(control.events("adele.vance@contoso.example").is_empty());
    assert!(control.notifications().is_empty());
}

// The same powers over /_sandbox for scripts driving `rally-m365 sandbox serve`.
#[tokio::test(flavor = "multi_thread")]
async fn the_http_control_api_reports_messages_sets_answers_and_switches_teams() {
    let (base, _control) = start(empty()).await;
    let token = access_token(&base).await;
    let http = reqwest::Client::new();
    let r = http
        .post(format!("{base}/_sandbox/teams"))
        .json(&json!({"enabled": false}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 204);
    let (_, e) = create(&base, &token, &interview(json!({"isOnlineMeeting": true}))).await;
    assert!(e["onlineMeeting"].is_null());
    let id = e["id"].as_str().unwrap();
    let list: Value = http
        .get(format!("{base}/_sandbox/notifications"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        list,
        json!([{"to": PARTICIPANT, "kind": "request", "event_id": id, "subject": "Research interview", "comment": null}])
    );
    let answer = |response: &str| {
        http.post(format!("{base}/_sandbox/attendee-response"))
            .json(&json!({"event_id": id, "email": PARTICIPANT, "response": response}))
            .send()
    };
    assert_eq!(answer("tentativelyAccepted").await.unwrap().status(), 204);
    assert_eq!(answer("maybe").await.unwrap().status(), 400);
    let (_, got) = get_json(&base, &token, &format!("/v1.0/me/events/{id}")).await;
    assert_eq!(
        got["attendees"][0]["status"]["response"],
        "tentativelyAccepted"
    );
    let r = http
        .post(format!("{base}/_sandbox/faults"))
        .json(&json!({"path_prefix": "/v1.0/me/events", "kind": "drop_after_commit"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 204);
    let dropped = http
        .post(format!("{base}/v1.0/me/events"))
        .bearer_auth(&token)
        .json(&interview(json!({})))
        .send()
        .await;
    assert!(dropped.is_err());
}
