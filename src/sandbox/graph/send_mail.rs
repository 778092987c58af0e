//! `POST /v1.0/me/sendMail` ("user: sendMail"): a JSON message read strictly, checked against
//! the request size and Exchange Online's sending limits, then kept in the tenant's outbox and
//! answered `202 Accepted` with no body. The mailbox concurrency gate and faults apply as to
//! any Graph request.

use std::sync::Arc;
use std::time::Instant;

use axum::Extension;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::super::outbox::{SandboxMail, SandboxRecipient, Throttled};
use super::super::send_limit::retry_after_secs;
use super::super::state::Shared;
use super::errors::{bad_request, graph_error};
use super::events::json_body;
use super::gate::Caller;
use super::mail_body;

/// "Mail.Send" is the only permission "user: sendMail" lists, delegated and application.
const MAIL_SEND_SCOPES: &[&str] = &["Mail.Send"];

/// Graph's request size limit: 4 MB. Microsoft's pages do not state it for sendMail
/// (microsoftgraph/microsoft-graph-docs#9834 asks for it); it is what Graph answered a message
/// with a 4 MB body (microsoftgraph/microsoft-graph-docs-contrib#682: 400 BadRequest "The
/// maximum request length supported is 4MB.") and the size of an upload session's chunks
/// ("attachment: createUploadSession": "up to 4 MB each time"). A 413 has also been seen for
/// sendMail (O365/python-o365#308); "Microsoft Graph error responses" documents 413 as "The
/// request size exceeds the maximum limit." A client must treat both alike.
pub(super) const MAX_REQUEST_BYTES: usize = 4 * 1024 * 1024;

fn too_large(crid: Option<&str>) -> Response {
    bad_request(
        "BadRequest",
        "The maximum request length supported is 4MB.",
        crid,
    )
}

/// The sendMail page documents MIME content (`Content-Type: text/plain`, base64); the sandbox
/// only reads JSON, and says so rather than pretending the type is unknown.
fn is_mime(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("text/plain"))
}

/// 429 with `Retry-After`: the seconds until the oldest message (or recipients) in the window
/// leave it.
fn throttled(t: Throttled, crid: Option<&str>) -> Response {
    let (code, message, wait) = match t {
        // The body of "Microsoft Graph throttling guidance", "Sample response".
        Throttled::MessageRate(wait) => ("TooManyRequests", "Please retry again later.", wait),
        // Graph's answer to a mailbox over its recipient rate is not documented; this is
        // Exchange's own code and text for it (EWS ResponseCode ErrorSubmissionQuotaExceeded).
        Throttled::RecipientRate(wait) => (
            "ErrorSubmissionQuotaExceeded",
            "The message couldn't be sent because the sender's submission quota was exceeded. Please try again later.",
            wait,
        ),
    };
    let mut r = graph_error(StatusCode::TOO_MANY_REQUESTS, code, message, crid);
    if let Ok(v) = HeaderValue::from_str(&retry_after_secs(wait).to_string()) {
        r.headers_mut().insert(header::RETRY_AFTER, v);
    }
    r
}

pub(super) async fn send_mail(
    State(shared): State<Arc<Shared>>,
    Extension(caller): Extension<Caller>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let crid = caller.client_request_id.as_deref();
    if let Err(r) = caller.require(MAIL_SEND_SCOPES) {
        return r;
    }
    // Read at most the limit: a larger body is refused without being held in memory.
    let Ok(bytes) = axum::body::to_bytes(body, MAX_REQUEST_BYTES).await else {
        return too_large(crid);
    };
    if is_mime(&headers) {
        return bad_request(
            "BadRequest",
            "The sandbox tenant does not accept MIME content (Content-Type: text/plain) for sendMail; send the message as JSON.",
            crid,
        );
    }
    let request = match json_body(&headers, &bytes, crid)
        .and_then(|v| mail_body::parse(&v).map_err(|(code, m)| bad_request(code, &m, crid)))
    {
        Ok(r) => r,
        Err(r) => return r,
    };
    let mut st = shared.lock();
    let from = SandboxRecipient {
        address: caller.email.clone(),
        name: st
            .user_by_id(&caller.user_id)
            .map(|u| u.user.display_name.clone()),
    };
    let mail = SandboxMail {
        from,
        to: request.to,
        cc: request.cc,
        bcc: request.bcc,
        reply_to: request.reply_to,
        subject: request.subject,
        content_type: request.content_type,
        content: request.content,
        save_to_sent_items: request.save_to_sent_items,
        accepted_at: st.now(),
    };
    match st.mail.accept(&caller.email, mail, Instant::now()) {
        // "If successful, this method returns 202 Accepted response code. It doesn't return
        // anything in the response body."
        Ok(()) => StatusCode::ACCEPTED.into_response(),
        Err(t) => throttled(t, crid),
    }
}
