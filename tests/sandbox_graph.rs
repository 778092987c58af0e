//! The Graph emulation: free/busy, calendar view, throttling and faults.

#[path = "sandbox_common/mod.rs"]
mod common;

use std::time::{Duration, Instant};

use chrono::{NaiveDate, NaiveDateTime, Weekday};
use common::*;
use rally_m365::sandbox::{
    Fault, FaultKind, Recurrence, RecurrencePattern, RecurrenceRange, SandboxEvent, SandboxHandle,
    SandboxOptions, Seed, ShowAs,
};
use serde_json::{Value, json};

fn at(d: u32, h: u32, m: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 3, d)
        .unwrap()
        .and_hms_opt(h, m, 0)
        .unwrap()
}

fn empty() -> SandboxOptions {
    SandboxOptions {
        seed: Seed::Empty,
        ..SandboxOptions::default()
    }
}

async fn get_schedule(
    base: &str,
    token: &str,
    prefer: Option<&str>,
    body: Value,
) -> reqwest::Response {
    let mut r = reqwest::Client::new()
        .post(format!("{base}/v1.0/me/calendar/getSchedule"))
        .bearer_auth(token)
        .json(&body);
    if let Some(p) = prefer {
        r = r.header("Prefer", p);
    }
    r.send().await.unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn get_schedule_reports_items_view_and_working_hours() {
    let (base, control) = start(empty()).await;
    let adele = control.default_user();
    let mut standup = SandboxEvent::busy(
        "Standup",
        at(2, 9, 30),
        at(2, 9, 45),
        "Pacific Standard Time",
    );
    standup.recurrence = Some(Recurrence {
        pattern: RecurrencePattern::Weekly {
            interval: 1,
            days_of_week: vec![Weekday::Mon, Weekday::Tue],
        },
        range: RecurrenceRange::NoEnd,
    });
    control.add_event(&adele, standup);
    let mut tentative =
        SandboxEvent::busy("Lunch", at(9, 12, 0), at(9, 13, 0), "America/Los_Angeles");
    tentative.show_as = ShowAs::Tentative;
    control.add_event(&adele, tentative);
    control.add_event(
        "megan.bowen@contoso.example",
        SandboxEvent::busy("Call", at(9, 11, 0), at(9, 11, 30), "Eastern Standard Time"),
    );
    let token = sign_in(&base).await["access_token"]
        .as_str()
        .unwrap()
        .to_string();
    // Monday 9 March 2026 (after the US DST change), 09:00–13:00 Pacific, hourly.
    let body = json!({
        "Schedules": [adele, "megan.bowen@contoso.example", "nobody@contoso.example"],
        "StartTime": {"DateTime": "2026-03-09T09:00:00", "TimeZone": "Pacific Standard Time"},
        "EndTime": {"DateTime": "2026-03-09T13:00:00", "TimeZone": "Pacific Standard Time"},
        "AvailabilityViewInterval": 60
    });
    let r = get_schedule(
        &base,
        &token,
        Some("outlook.timezone=\"Pacific Standard Time\""),
        body,
    )
    .await;
    assert_eq!(r.status(), 200);
    assert_eq!(
        r.headers()["preference-applied"],
        "outlook.timezone=\"Pacific Standard Time\""
    );
    let v: Value = r.json().await.unwrap();
    let [own, megan, nobody] = [&v["value"][0], &v["value"][1], &v["value"][2]];
    assert_eq!(own["availabilityView"], "2001");
    assert_eq!(own["scheduleItems"][0]["subject"], "Standup");
    assert_eq!(
        own["scheduleItems"][0]["start"]["dateTime"],
        "2026-03-09T09:30:00.0000000"
    );
    assert_eq!(own["scheduleItems"][1]["status"], "tentative");
    assert_eq!(
        own["workingHours"]["timeZone"]["name"],
        "Pacific Standard Time"
    );
    assert_eq!(own["workingHours"]["daysOfWeek"][0], "monday");
    // 11:00 Eastern = 08:00 Pacific: before the window; nothing for Megan.
    assert_eq!(megan["availabilityView"], "0000");
    assert!(megan["scheduleItems"][0].is_null());
    assert_eq!(
        megan["workingHours"]["timeZone"]["@odata.type"],
        "#microsoft.graph.customTimeZone"
    );
    // An address the directory cannot resolve: scheduleId and error only, as the service
    // answers (microsoftgraph/microsoft-graph-docs issue 11225).
    assert_eq!(
        nobody,
        &json!({"scheduleId": "nobody@contoso.example", "error": {
            "message": "Unable to resolve e-mail address nobody@contoso.example to an Active Directory object.",
            "responseCode": "5009"}})
    );
    // Default zone is UTC.
    let body = json!({"schedules": [adele], "startTime": {"dateTime": "2026-03-09T16:00:00", "timeZone": "UTC"}, "endTime": {"dateTime": "2026-03-09T17:00:00", "timeZone": "UTC"}});
    let v: Value = get_schedule(&base, &token, None, body)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        v["value"][0]["scheduleItems"][0]["start"],
        json!({"dateTime": "2026-03-09T16:30:00.0000000", "timeZone": "UTC"})
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn get_schedule_refuses_bad_bodies_and_missing_scope() {
    let (base, control) = start(empty()).await;
    let token = sign_in(&base).await["access_token"]
        .as_str()
        .unwrap()
        .to_string();
    // A numeric offset is refused (the zone belongs in timeZone); a `Z` is read as UTC, as the
    // service does (tests/sandbox_free_busy.rs).
    let body = json!({"schedules": ["a@x"], "startTime": {"dateTime": "2026-03-09T16:00:00+01:00", "timeZone": "UTC"}, "endTime": {"dateTime": "2026-03-09T17:00:00", "timeZone": "UTC"}});
    let r = get_schedule(&base, &token, None, body).await;
    assert_eq!(r.status(), 400);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["error"]["code"], "ErrorInvalidRequest");
    assert!(v["error"]["innerError"]["request-id"].is_string());
    control.set_consent(rally_m365::sandbox::ConsentMode::PartialGrant {
        granted: vec!["User.Read".into()],
    });
    let narrow = sign_in(&base).await["access_token"]
        .as_str()
        .unwrap()
        .to_string();
    let body = json!({"schedules": ["a@x"], "startTime": {"dateTime": "2026-03-09T16:00:00", "timeZone": "UTC"}, "endTime": {"dateTime": "2026-03-09T17:00:00", "timeZone": "UTC"}});
    let r = get_schedule(&base, &narrow, None, body).await;
    assert_eq!(r.status(), 403);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["error"]["code"], "ErrorAccessDenied");
}

#[tokio::test(flavor = "multi_thread")]
async fn calendar_view_expands_series_and_pages_with_next_link() {
    let (base, control) = start(empty()).await;
    let adele = control.default_user();
    let mut daily = SandboxEvent::busy("Daily", at(2, 9, 0), at(2, 9, 15), "Pacific Standard Time");
    daily.recurrence = Some(Recurrence {
        pattern: RecurrencePattern::Daily { interval: 1 },
        range: RecurrenceRange::Numbered(12),
    });
    control.add_event(&adele, daily);
    let mut cancelled =
        SandboxEvent::busy("Gone", at(3, 10, 0), at(3, 11, 0), "Pacific Standard Time");
    cancelled.is_cancelled = true;
    control.add_event(&adele, cancelled);
    let token = sign_in(&base).await["access_token"]
        .as_str()
        .unwrap()
        .to_string();
    let mut url = format!(
        "{base}/v1.0/me/calendarView?startDateTime=2026-03-01T00:00:00Z&endDateTime=2026-03-31T00:00:00Z&$top=5&$select=subject,start,type,seriesMasterId,isCancelled"
    );
    let mut all = Vec::new();
    let mut pages = 0;
    loop {
        let r = reqwest::Client::new()
            .get(&url)
            .bearer_auth(&token)
            .header("Prefer", "outlook.timezone=\"America/Los_Angeles\"")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        let v: Value = r.json().await.unwrap();
        pages += 1;
        all.extend(v["value"].as_array().unwrap().clone());
        match v["@odata.nextLink"].as_str() {
            Some(next) => url = next.to_string(),
            None => break,
        }
    }
    assert_eq!((all.len(), pages), (13, 3));
    let series: Vec<&Value> = all.iter().filter(|e| e["type"] == "occurrence").collect();
    assert_eq!(series.len(), 12);
    assert!(series.iter().all(|e| {
        e["start"]["dateTime"]
            .as_str()
            .unwrap()
            .ends_with("T09:00:00.0000000")
    }));
    assert!(
        series
            .iter()
            .all(|e| e["seriesMasterId"] == series[0]["seriesMasterId"])
    );
    assert!(
        all.iter()
            .any(|e| e["isCancelled"] == true && e["type"] == "singleInstance")
    );
    assert!(all[0].get("showAs").is_none());
    let r = graph_get(
        &base,
        &token,
        "/v1.0/me/calendarView?endDateTime=2026-03-31T00:00:00Z",
    )
    .await;
    assert_eq!(r.status(), 400);
    let r = graph_get(
        &base,
        &token,
        "/v1.0/me/calendarView?startDateTime=2026-03-01&endDateTime=2026-03-31&$filter=x",
    )
    .await;
    assert_eq!(r.status(), 400);
}

#[tokio::test(flavor = "multi_thread")]
async fn faults_throttle_drop_and_count_down() {
    let (base, control) = start(empty()).await;
    let token = sign_in(&base).await["access_token"]
        .as_str()
        .unwrap()
        .to_string();
    control.inject_fault(Fault {
        path_prefix: "/v1.0/me".into(),
        kind: FaultKind::TooManyRequests {
            retry_after_secs: 7,
        },
        times: 1,
    });
    control.inject_fault(Fault {
        path_prefix: "/v1.0/".into(),
        kind: FaultKind::DropConnection,
        times: 1,
    });
    control.inject_fault(Fault {
        path_prefix: "/organizations/oauth2/v2.0/token".into(),
        kind: FaultKind::Unavailable {
            retry_after_secs: Some(2),
        },
        times: 1,
    });
    let r = graph_get(&base, &token, "/v1.0/me").await;
    assert_eq!(r.status(), 429);
    assert_eq!(r.headers()["retry-after"], "7");
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["error"]["code"], "TooManyRequests");
    let dropped = reqwest::Client::new()
        .get(format!("{base}/v1.0/me"))
        .bearer_auth(&token)
        .send()
        .await;
    assert!(dropped.is_err(), "{dropped:?}");
    assert_eq!(graph_get(&base, &token, "/v1.0/me").await.status(), 200);
    let (s, b) = post_token(
        &base,
        &[
            ("client_id", CLIENT_ID),
            ("grant_type", "refresh_token"),
            ("refresh_token", "x"),
        ],
    )
    .await;
    assert_eq!(
        (s, b["error"].as_str().unwrap()),
        (503, "temporarily_unavailable")
    );
    let statuses: Vec<u16> = control
        .requests()
        .iter()
        .filter(|r| r.path == "/v1.0/me")
        .map(|r| r.status)
        .collect();
    assert_eq!(statuses, [429, 0, 200]);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_fifth_concurrent_request_for_one_mailbox_is_throttled() {
    let (base, control) = start(empty()).await;
    let token = sign_in(&base).await["access_token"]
        .as_str()
        .unwrap()
        .to_string();
    // The first four are held inside Graph, each on one of the mailbox's four slots, until
    // the test lets them go: the fifth arrives while all four are in flight, by construction.
    control.inject_fault(Fault {
        path_prefix: "/v1.0/me/calendarView".into(),
        kind: FaultKind::Hold,
        times: 4,
    });
    let url = format!(
        "{base}/v1.0/me/calendarView?startDateTime=2026-03-01T00:00:00Z&endDateTime=2026-03-02T00:00:00Z"
    );
    let get = |url: String, token: String| async move {
        reqwest::Client::new()
            .get(url)
            .bearer_auth(token)
            .send()
            .await
            .unwrap()
            .status()
            .as_u16()
    };
    let in_flight: Vec<_> = (0..4)
        .map(|_| tokio::spawn(get(url.clone(), token.clone())))
        .collect();
    tokio::time::timeout(Duration::from_secs(20), control.until_held(4))
        .await
        .expect("four requests reach the mailbox");
    let mut statuses = vec![get(url.clone(), token.clone()).await];
    control.release_held();
    for t in in_flight {
        statuses.push(t.await.unwrap());
    }
    statuses.sort();
    assert_eq!(statuses, [200, 200, 200, 200, 429]);
}

#[test]
fn blocking_handle_serves_and_stops_on_drop() {
    let handle = SandboxHandle::start(SandboxOptions::default()).unwrap();
    let base = handle.base_url();
    // The app's listener runs on a runtime of the test's own, like the CLI process would.
    let rt = tokio::runtime::Runtime::new().unwrap();
    let (port, received) = rt.block_on(app_listener());
    let (_, challenge) = pkce();
    let url = authorize_url(
        &base,
        &format!("http://localhost:{port}"),
        &challenge,
        &[("response_mode", "form_post")],
    );
    let out = handle
        .browser_sign_in(&url, rally_m365::sandbox::BrowserAction::Approve)
        .unwrap();
    assert!(matches!(
        out,
        rally_m365::sandbox::BrowserOutcome::Delivered { status: 200, .. }
    ));
    assert!(received.lock().unwrap()[0].1.contains_key("code"));
    drop(handle);
    // The server's runtime winds down in the background: wait (bounded) for the port to close.
    let deadline = Instant::now() + Duration::from_secs(10);
    let gone = loop {
        let answer = rt.block_on(
            reqwest::Client::new()
                .get(format!("{base}/devicelogin"))
                .send(),
        );
        if answer.is_err() || Instant::now() >= deadline {
            break answer;
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    assert!(gone.is_err());
}
