//! `GET /{tenant}/v2.0/adminconsent`: an administrator grants (or refuses) the app's scopes for
//! the whole tenant; the answer is redirected with `admin_consent=True` (E-AC).

use std::sync::Arc;

use axum::extract::{Path, RawQuery, State};
use axum::response::Response;

use super::super::state::{Shared, TENANT_ID};
use super::errors::AadError;
use super::redirect::{ResponseMode, deliver};
use super::registration::{check_tenant, parse_browser_request};
use super::scopes;

pub(in super::super) async fn admin_consent(
    State(shared): State<Arc<Shared>>,
    Path(tenant): Path<String>,
    RawQuery(query): RawQuery,
) -> Response {
    answer(&shared, &tenant, query.as_deref().unwrap_or(""))
}

fn answer(shared: &Shared, tenant: &str, raw: &str) -> Response {
    let checked = (if tenant.eq_ignore_ascii_case("common") {
        Err(AadError::new(
            "invalid_request",
            50059,
            "No tenant-identifying information found in either the request or implied by any provided credentials. Do not use 'common' for admin consent: use the tenant id, a verified domain or 'organizations'.",
        ))
    } else {
        check_tenant(tenant)
    })
    .and_then(|()| parse_browser_request(raw));
    let p = match checked {
        Ok(p) => p,
        Err(e) => return e.page(),
    };
    let redirect_uri = p.get("redirect_uri").unwrap_or_default();
    let state = p.get("state");
    let refuse = |e: AadError| {
        let mut params = e.redirect_params(&shared.base_url, state);
        params.insert(0, ("admin_consent".into(), "True".into()));
        deliver(redirect_uri, ResponseMode::Query, &params)
    };
    let requested = match p
        .require("scope")
        .and_then(|s| scopes::parse(s, &shared.graph_resource))
    {
        Ok(r) => r,
        Err(e) => return refuse(e),
    };
    let mut st = shared.lock();
    if !st.admin_consent_approves {
        drop(st);
        // The error response of "Admin consent on the Microsoft identity platform".
        return refuse(AadError::new(
            "consent_required",
            65004,
            "The resource owner or authorization server denied the request.",
        ));
    }
    st.admin_grant.extend(requested.scopes.iter().cloned());
    let granted: Vec<String> = requested
        .scopes
        .iter()
        .map(|s| format!("{}/{s}", requested.audience))
        .collect();
    let mut params = vec![
        ("admin_consent".to_string(), "True".to_string()),
        ("tenant".to_string(), TENANT_ID.to_string()),
        ("scope".to_string(), granted.join(" ")),
    ];
    if let Some(s) = state {
        params.push(("state".to_string(), s.to_string()));
    }
    deliver(redirect_uri, ResponseMode::Query, &params)
}
