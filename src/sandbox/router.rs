//! The whole HTTP surface in one router: identity, Graph, the control API; faults applied
//! before handling and every request recorded (outermost).

use std::sync::Arc;

use axum::Router;
use axum::extract::Request;
use axum::http::StatusCode;
use axum::middleware::from_fn_with_state;
use axum::response::{IntoResponse, Response};

use super::state::Shared;
use super::{control_http, faults, graph, identity, recorder};

pub(super) fn build(shared: Arc<Shared>) -> Router {
    Router::new()
        .merge(identity::routes())
        .merge(graph::routes(shared.clone()))
        .merge(control_http::routes())
        .fallback(fallback)
        .layer(from_fn_with_state(shared.clone(), faults::apply))
        .layer(from_fn_with_state(shared.clone(), recorder::record))
        .with_state(shared)
}

async fn fallback(req: Request) -> Response {
    if req.uri().path().starts_with("/v1.0/") {
        return graph::unknown_segment(req).await;
    }
    (StatusCode::NOT_FOUND, "Not found in the sandbox tenant.").into_response()
}
