//! The Microsoft Graph v1.0 endpoints of the sandbox tenant (`/v1.0/...`): `/me`,
//! `getSchedule`, `calendarView`, events and sendMail, behind bearer-token and
//! mailbox-concurrency checks.

// Checks hand back the finished error Response; boxing it would only add noise in handlers.
#![allow(clippy::result_large_err)]

mod calendar_view;
mod errors;
mod event_body;
mod event_json;
mod event_query;
mod events;
mod extended_property;
mod gate;
mod mail_body;
mod me;
mod output_zone;
mod query;
mod schedule;
mod schedule_request;
mod send_mail;
mod wire;

use std::sync::Arc;

use axum::Router;
use axum::extract::Request;
use axum::middleware::from_fn_with_state;
use axum::response::Response;
use axum::routing::{get, post};

use events::{cancel, create, delete, get_one, list, update};

pub(super) use errors::graph_error;
pub(super) use gate::{PendingDelay, PendingHold};

use super::state::Shared;

pub(super) fn routes(shared: Arc<Shared>) -> Router<Arc<Shared>> {
    Router::new()
        .route("/v1.0/me", get(me::me))
        .route(
            "/v1.0/me/calendar/getSchedule",
            post(schedule::get_schedule),
        )
        .route("/v1.0/me/calendarView", get(calendar_view::calendar_view))
        .route(
            "/v1.0/me/calendar/calendarView",
            get(calendar_view::calendar_view),
        )
        .route("/v1.0/me/events", get(list).post(create))
        .route("/v1.0/me/calendar/events", get(list).post(create))
        .route(
            "/v1.0/me/events/{id}",
            get(get_one).patch(update).delete(delete),
        )
        .route(
            "/v1.0/me/calendar/events/{id}",
            get(get_one).patch(update).delete(delete),
        )
        .route("/v1.0/me/events/{id}/cancel", post(cancel))
        .route("/v1.0/me/calendar/events/{id}/cancel", post(cancel))
        .route("/v1.0/me/sendMail", post(send_mail::send_mail))
        .route_layer(from_fn_with_state(shared, gate::gate))
}

/// Graph's answer to a path it does not serve.
pub(super) async fn unknown_segment(req: Request) -> Response {
    let segment = req
        .uri()
        .path()
        .trim_start_matches("/v1.0/")
        .split('/')
        .next_back()
        .unwrap_or("")
        .to_string();
    errors::bad_request(
        "BadRequest",
        &format!("Resource not found for the segment '{segment}'."),
        gate::client_request_id(req.headers()).as_deref(),
    )
}
