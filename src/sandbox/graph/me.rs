//! `GET /v1.0/me`: the signed-in user's directory entry, default properties or `$select`.

use std::sync::Arc;

use axum::Extension;
use axum::extract::{RawQuery, State};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};

use super::super::state::Shared;
use super::errors::bad_request;
use super::gate::Caller;
use super::query::Query;

const DEFAULT_PROPERTIES: &[&str] = &[
    "businessPhones",
    "displayName",
    "givenName",
    "jobTitle",
    "mail",
    "mobilePhone",
    "officeLocation",
    "preferredLanguage",
    "surname",
    "userPrincipalName",
    "id",
];

pub(super) async fn me(
    State(shared): State<Arc<Shared>>,
    Extension(caller): Extension<Caller>,
    RawQuery(raw): RawQuery,
) -> Response {
    let crid = caller.client_request_id.as_deref();
    if let Err(r) = caller.require(&[
        "User.Read",
        "User.ReadWrite",
        "User.ReadBasic.All",
        "User.Read.All",
    ]) {
        return r;
    }
    let q = match Query::parse(raw.as_deref(), &["$select"], crid) {
        Ok(q) => q,
        Err(r) => return r,
    };
    let all = {
        let st = shared.lock();
        let Some(u) = st.user_by_id(&caller.user_id) else {
            return bad_request(
                "Request_ResourceNotFound",
                "The user no longer exists.",
                crid,
            );
        };
        let name = &u.user.display_name;
        let (given, surname) = name.split_once(' ').unwrap_or((name.as_str(), ""));
        let mut m = Map::new();
        m.insert("businessPhones".into(), json!([]));
        m.insert("displayName".into(), json!(name));
        m.insert("givenName".into(), json!(given));
        m.insert("jobTitle".into(), Value::Null);
        // A user without an Exchange address set has `"mail": null` ("user resource type").
        let no_mail = matches!(
            st.mailbox_kind(&u.user.email),
            Some(super::super::odd_mailboxes::MailboxKind::NoMail)
        );
        m.insert(
            "mail".into(),
            if no_mail {
                Value::Null
            } else {
                json!(u.user.email)
            },
        );
        m.insert("mobilePhone".into(), Value::Null);
        m.insert("officeLocation".into(), Value::Null);
        m.insert("preferredLanguage".into(), json!("en-US"));
        m.insert("surname".into(), json!(surname));
        m.insert("userPrincipalName".into(), json!(u.user.email));
        m.insert("id".into(), json!(u.id));
        m.insert("accountEnabled".into(), json!(true));
        m.insert("userType".into(), json!("Member"));
        m.insert(
            "mailNickname".into(),
            json!(u.user.email.split('@').next().unwrap_or("")),
        );
        m.insert("usageLocation".into(), json!("US"));
        m
    };
    let select = match q.select(
        &all.keys().map(String::as_str).collect::<Vec<_>>(),
        "microsoft.graph.user",
        crid,
    ) {
        Ok(s) => s,
        Err(r) => return r,
    };
    let wanted: Vec<&str> = select.as_ref().map_or(DEFAULT_PROPERTIES.to_vec(), |s| {
        s.iter().map(String::as_str).collect()
    });
    let context = match &select {
        Some(s) => format!(
            "{}/v1.0/$metadata#users({})/$entity",
            shared.base_url,
            s.join(",")
        ),
        None => format!("{}/v1.0/$metadata#users/$entity", shared.base_url),
    };
    let mut out = Map::new();
    out.insert("@odata.context".into(), json!(context));
    for p in wanted {
        if let Some(v) = all.get(p) {
            out.insert(p.to_string(), v.clone());
        }
    }
    axum::Json(Value::Object(out)).into_response()
}
