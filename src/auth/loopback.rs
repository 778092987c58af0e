//! The one-shot redirect listener: bound to 127.0.0.1 and [::1] on one port the OS picks, it
//! takes the identity platform's answer by POST (form_post) or GET, checks `state`, and stops
//! after the first answer that carries the right state. Answers with a wrong or missing state
//! get an error page and are ignored.
//!
//! The browser's request that carries the answer is held open until the command knows the
//! outcome (the code redeemed, the grant stored): [`Redirect::reply`] then answers it with the
//! page the command chose, so the browser never says "signed in" while the terminal says
//! otherwise.
//!
//! Other local processes can connect too, so the listener holds up against them: each
//! connection has a deadline to send its request (a half-sent header is closed, not waited
//! on), and at most a few connections are open at once (a new one closes the oldest, so idle
//! connections cannot keep the browser's answer out).

use std::collections::{HashMap, VecDeque};
use std::io;
use std::net::{Ipv4Addr, Ipv6Addr, SocketAddr};
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::connect_info::{ConnectInfo, Connected};
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use tokio::time::Sleep;

use crate::auth::browser_page::Outcome;
use crate::redact::Secret;

/// What the browser brought back.
#[derive(Debug)]
pub enum RedirectAnswer {
    /// An authorization code (sign-in).
    Code(Secret),
    /// The admin-consent result (`admin_consent=True`, `tenant`, `scope`).
    AdminConsent {
        tenant: Option<String>,
        scope: Option<String>,
    },
    /// An error redirect (`error`, `error_description`).
    Error {
        error: String,
        description: Option<String>,
    },
}

/// Which flow is waiting, for the wording of the browser page.
#[derive(Debug, Clone, Copy)]
pub enum Purpose {
    SignIn,
    AdminConsent,
}

#[derive(Debug, thiserror::Error)]
pub enum LoopbackError {
    #[error("cannot listen on 127.0.0.1: {0}")]
    Bind(std::io::Error),
    /// The caller's timeout ran out; the caller says which (`--timeout`).
    #[error("no answer came back in time")]
    TimedOut,
    #[error("the listener stopped: {0}")]
    Server(std::io::Error),
}

/// What the listener tolerates from one connection, and how many it keeps open.
#[derive(Debug, Clone, Copy)]
pub struct ConnectionLimits {
    /// Time a connection has to send its request and take the answer; then it is closed.
    pub deadline: Duration,
    /// Connections open at once; one more closes the oldest.
    pub max_open: usize,
}

impl Default for ConnectionLimits {
    /// A browser sends its request at once over loopback; 5 s is ample, and 16 connections
    /// cover a browser's parallel ones (favicon, retries).
    fn default() -> Self {
        ConnectionLimits {
            deadline: Duration::from_secs(5),
            max_open: 16,
        }
    }
}

/// Ports tried when [::1] has the port the OS gave on 127.0.0.1 already taken.
const BIND_ATTEMPTS: usize = 8;

/// How long the browser's request waits for the command's outcome: redeeming a code is one
/// request, reading the account another; past this the page says to look at the terminal.
const OUTCOME_WAIT: Duration = Duration::from_secs(60);

/// How long the last page has to reach the browser before the process moves on.
const LAST_PAGE_GRACE: Duration = Duration::from_secs(2);

/// The genuine answer, and the browser's request waiting for the page that tells the outcome.
pub struct Redirect {
    pub answer: RedirectAnswer,
    pub reply: BrowserReply,
}

/// The held browser request. [`BrowserReply::send`] answers it and stops the listener;
/// dropped unsent, the browser gets a page that points at the terminal.
pub struct BrowserReply {
    page: Option<oneshot::Sender<Outcome>>,
    stop: Option<oneshot::Sender<()>>,
    server: Option<JoinHandle<io::Result<()>>>,
}

impl BrowserReply {
    /// Shows `outcome` in the browser, then stops the listener (waiting briefly for the page
    /// to go out).
    pub async fn send(mut self, outcome: Outcome) {
        if let Some(page) = self.page.take() {
            let _ = page.send(outcome);
        }
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(server) = self.server.take() {
            let _ = tokio::time::timeout(LAST_PAGE_GRACE, server).await;
        }
    }
}

pub struct LoopbackListener {
    v4: TcpListener,
    v6: Option<TcpListener>,
    port: u16,
    limits: ConnectionLimits,
}

/// The genuine answer, with the way to send the browser its page.
type Delivery = (RedirectAnswer, oneshot::Sender<Outcome>);

struct Shared {
    expected_state: Secret,
    port: u16,
    purpose: Purpose,
    answer: Mutex<Option<oneshot::Sender<Delivery>>>,
}

impl LoopbackListener {
    /// Binds loopback only (RFC 8252 §8.3) on a port the OS picks, with the default limits.
    pub async fn bind() -> Result<LoopbackListener, LoopbackError> {
        Self::bind_with(ConnectionLimits::default()).await
    }

    /// Binds 127.0.0.1 on a port the OS picks and [::1] on the same port: `localhost` may
    /// resolve to either, and a browser that tries [::1] first must not find another local
    /// process there. A machine without IPv6 gets 127.0.0.1 alone.
    pub async fn bind_with(limits: ConnectionLimits) -> Result<LoopbackListener, LoopbackError> {
        for _ in 0..BIND_ATTEMPTS {
            let v4 = TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, 0)))
                .await
                .map_err(LoopbackError::Bind)?;
            let port = v4.local_addr().map_err(LoopbackError::Bind)?.port();
            let v6 = match TcpListener::bind(SocketAddr::from((Ipv6Addr::LOCALHOST, port))).await {
                Ok(v6) => Some(v6),
                // Someone holds [::1] on this port: take another port rather than share it.
                Err(e) if e.kind() == io::ErrorKind::AddrInUse => continue,
                Err(e) => {
                    tracing::debug!("loopback: [::1] is not available ({e}); 127.0.0.1 only");
                    None
                }
            };
            return Ok(LoopbackListener {
                v4,
                v6,
                port,
                limits,
            });
        }
        Err(LoopbackError::Bind(io::Error::new(
            io::ErrorKind::AddrInUse,
            format!("{BIND_ATTEMPTS} ports in a row were taken on [::1]"),
        )))
    }

    /// `http://localhost:{port}/`: the registration holds `http://localhost`, and the identity
    /// platform ignores the port for localhost
    /// (<https://learn.microsoft.com/entra/identity-platform/reply-url>).
    pub fn redirect_uri(&self) -> String {
        format!("http://localhost:{}/", self.port)
    }

    /// The addresses listened on: 127.0.0.1, and [::1] when the machine has it.
    pub fn local_addrs(&self) -> Vec<SocketAddr> {
        std::iter::once(&self.v4)
            .chain(self.v6.as_ref())
            .filter_map(|l| l.local_addr().ok())
            .collect()
    }

    /// Serves until an answer with the expected state arrives, or the timeout. The browser's
    /// request stays open until the caller sends its page through [`Redirect::reply`].
    pub async fn wait(
        self,
        expected_state: &Secret,
        purpose: Purpose,
        timeout: Duration,
    ) -> Result<Redirect, LoopbackError> {
        let (tx, rx) = oneshot::channel();
        let shared = Arc::new(Shared {
            expected_state: expected_state.clone(),
            port: self.port,
            purpose,
            answer: Mutex::new(Some(tx)),
        });
        let app = Router::new().fallback(handle).with_state(shared);
        let listener = GuardedListener {
            v4: self.v4,
            v6: self.v6,
            limits: self.limits,
            open: Arc::default(),
        };
        let (stop_tx, stop_rx) = oneshot::channel::<()>();
        let server = axum::serve(
            listener,
            app.into_make_service_with_connect_info::<HeldOpen>(),
        )
        .with_graceful_shutdown(async {
            let _ = stop_rx.await;
        });
        let server = tokio::spawn(async move { server.await });
        match tokio::time::timeout(timeout, rx).await {
            Ok(Ok((answer, page))) => Ok(Redirect {
                answer,
                reply: BrowserReply {
                    page: Some(page),
                    stop: Some(stop_tx),
                    server: Some(server),
                },
            }),
            outcome => {
                let _ = stop_tx.send(());
                let _ = tokio::time::timeout(LAST_PAGE_GRACE, server).await;
                match outcome {
                    Err(_) => Err(LoopbackError::TimedOut),
                    _ => Err(LoopbackError::Server(std::io::Error::other(
                        "listener closed",
                    ))),
                }
            }
        }
    }
}

/// Accepts on both addresses and hands out connections that obey [`ConnectionLimits`].
struct GuardedListener {
    v4: TcpListener,
    v6: Option<TcpListener>,
    limits: ConnectionLimits,
    open: Arc<Mutex<OpenConnections>>,
}

/// The open connections, oldest first, each with the means to close it.
#[derive(Default)]
struct OpenConnections {
    next_id: u64,
    order: VecDeque<(u64, oneshot::Sender<()>)>,
}

impl GuardedListener {
    async fn accept_either(&self) -> io::Result<(TcpStream, SocketAddr)> {
        match &self.v6 {
            // Both accepts are cancel-safe: the one that loses the race keeps its connection.
            Some(v6) => tokio::select! {
                accepted = self.v4.accept() => accepted,
                accepted = v6.accept() => accepted,
            },
            None => self.v4.accept().await,
        }
    }

    fn guard(&self, stream: TcpStream) -> GuardedStream {
        let (close_tx, close_rx) = oneshot::channel();
        let mut open = self.open.lock().expect("poisoned");
        while open.order.len() >= self.limits.max_open.max(1) {
            // Dropping the sender closes that connection at its next poll.
            open.order.pop_front();
            tracing::debug!("loopback: closed the oldest connection to make room");
        }
        let id = open.next_id;
        open.next_id = open.next_id.wrapping_add(1);
        open.order.push_back((id, close_tx));
        GuardedStream {
            inner: stream,
            held_open: Arc::default(),
            deadline: Box::pin(tokio::time::sleep(self.limits.deadline)),
            close: close_rx,
            closed: None,
            id,
            open: Arc::clone(&self.open),
        }
    }
}

impl axum::serve::Listener for GuardedListener {
    type Io = GuardedStream;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (GuardedStream, SocketAddr) {
        loop {
            match self.accept_either().await {
                Ok((stream, peer)) => return (self.guard(stream), peer),
                // A connection that died before we took it.
                Err(e)
                    if matches!(
                        e.kind(),
                        io::ErrorKind::ConnectionAborted
                            | io::ErrorKind::ConnectionReset
                            | io::ErrorKind::ConnectionRefused
                    ) => {}
                // Out of file descriptors, for instance: wait for some to be released.
                Err(e) => {
                    tracing::debug!("loopback: accept failed: {e}");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
            }
        }
    }

    fn local_addr(&self) -> io::Result<SocketAddr> {
        self.v4.local_addr()
    }
}

/// A connection that fails every read and write once its deadline passes or the listener
/// closes it for a newer one; hyper then drops it.
struct GuardedStream {
    inner: TcpStream,
    /// Set for the connection that brought the genuine answer: it waits for the outcome
    /// page, past its deadline, and is never closed to make room.
    held_open: Arc<AtomicBool>,
    deadline: Pin<Box<Sleep>>,
    close: oneshot::Receiver<()>,
    closed: Option<io::ErrorKind>,
    id: u64,
    open: Arc<Mutex<OpenConnections>>,
}

impl GuardedStream {
    /// Whether the connection must end; polling also arms the wake-ups for both events.
    fn check(&mut self, cx: &mut Context<'_>) -> io::Result<()> {
        if self.closed.is_none() && !self.held_open.load(Ordering::Acquire) {
            if self.deadline.as_mut().poll(cx).is_ready() {
                self.closed = Some(io::ErrorKind::TimedOut);
            } else if Pin::new(&mut self.close).poll(cx).is_ready() {
                self.closed = Some(io::ErrorKind::ConnectionAborted);
            }
        }
        match self.closed {
            Some(kind) => Err(io::Error::new(kind, "loopback connection closed")),
            None => Ok(()),
        }
    }
}

impl Drop for GuardedStream {
    fn drop(&mut self) {
        if let Ok(mut open) = self.open.lock() {
            open.order.retain(|(id, _)| *id != self.id);
        }
    }
}

impl AsyncRead for GuardedStream {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        if let Err(e) = this.check(cx) {
            return Poll::Ready(Err(e));
        }
        Pin::new(&mut this.inner).poll_read(cx, buf)
    }
}

impl AsyncWrite for GuardedStream {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        data: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        if let Err(e) = this.check(cx) {
            return Poll::Ready(Err(e));
        }
        Pin::new(&mut this.inner).poll_write(cx, data)
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        if let Err(e) = this.check(cx) {
            return Poll::Ready(Err(e));
        }
        Pin::new(&mut this.inner).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_shutdown(cx)
    }
}

/// The handle a request gets on its own connection, to hold it open (axum's connect info).
#[derive(Clone)]
struct HeldOpen(Arc<AtomicBool>);

impl Connected<axum::serve::IncomingStream<'_, GuardedListener>> for HeldOpen {
    fn connect_info(stream: axum::serve::IncomingStream<'_, GuardedListener>) -> Self {
        HeldOpen(Arc::clone(&stream.io().held_open))
    }
}

async fn handle(
    State(shared): State<Arc<Shared>>,
    ConnectInfo(connection): ConnectInfo<HeldOpen>,
    method: Method,
    uri: axum::http::Uri,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
    body: Bytes,
) -> Response {
    if !host_is_ours(&headers, shared.port) {
        return page(
            StatusCode::MISDIRECTED_REQUEST,
            "Wrong host",
            "This listener only answers localhost.",
        );
    }
    if uri.path() != "/" {
        return (StatusCode::NOT_FOUND, "not found").into_response();
    }
    let fields: HashMap<String, String> = match method {
        Method::GET => parse_form(query.as_deref().unwrap_or("")),
        Method::POST => {
            let is_form = headers
                .get(header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
            if !is_form {
                return page(
                    StatusCode::UNSUPPORTED_MEDIA_TYPE,
                    "Unexpected request",
                    "Expected a form post.",
                );
            }
            parse_form(&String::from_utf8_lossy(&body))
        }
        _ => return (StatusCode::METHOD_NOT_ALLOWED, "method not allowed").into_response(),
    };
    if fields.is_empty() {
        return page(
            StatusCode::BAD_REQUEST,
            "Nothing to do here",
            "This address waits for Microsoft's sign-in answer. You can close this tab.",
        );
    }
    let state_ok = fields
        .get("state")
        .is_some_and(|s| constant_time_eq(s.as_bytes(), shared.expected_state.expose().as_bytes()));
    if !state_ok {
        tracing::info!("loopback: ignored an answer with a wrong or missing state");
        return page(
            StatusCode::BAD_REQUEST,
            "This answer was ignored",
            "It does not belong to the sign-in that rally-m365 is waiting for (the state does not match). \
             Return to the terminal; the sign-in there is still waiting.",
        );
    }
    let answer = answer_from(&fields, shared.purpose);
    let Some(deliver) = shared.answer.lock().expect("poisoned").take() else {
        // The browser sent the answer again (a reload): the first one is being handled.
        return outcome_page(&Outcome::Unknown);
    };
    let (page_tx, page_rx) = oneshot::channel();
    // This request waits for the outcome: its connection must outlive its deadline.
    connection.0.store(true, Ordering::Release);
    if deliver.send((answer, page_tx)).is_err() {
        return outcome_page(&Outcome::Unknown);
    }
    let outcome = match tokio::time::timeout(OUTCOME_WAIT, page_rx).await {
        Ok(Ok(outcome)) => outcome,
        // The command stopped without a page, or took too long: the terminal has it.
        _ => Outcome::Unknown,
    };
    outcome_page(&outcome)
}

fn outcome_page(outcome: &Outcome) -> Response {
    let (title, paragraphs) = outcome.page();
    let text = paragraphs
        .iter()
        .map(|p| html_escape(p))
        .collect::<Vec<_>>()
        .join("</p><p>");
    page(StatusCode::OK, title, &text)
}

fn answer_from(fields: &HashMap<String, String>, purpose: Purpose) -> RedirectAnswer {
    if let Some(error) = fields.get("error") {
        return RedirectAnswer::Error {
            error: error.clone(),
            description: fields.get("error_description").cloned(),
        };
    }
    match (purpose, fields.get("code")) {
        (Purpose::SignIn, Some(code)) => RedirectAnswer::Code(Secret::new(code.clone())),
        (Purpose::AdminConsent, _)
            if fields
                .get("admin_consent")
                .is_some_and(|v| v.eq_ignore_ascii_case("true")) =>
        {
            RedirectAnswer::AdminConsent {
                tenant: fields.get("tenant").cloned(),
                scope: fields.get("scope").cloned(),
            }
        }
        _ => RedirectAnswer::Error {
            error: "invalid_response".into(),
            description: Some("the answer carried neither a code nor an error".into()),
        },
    }
}

fn parse_form(text: &str) -> HashMap<String, String> {
    url::form_urlencoded::parse(text.as_bytes())
        .into_owned()
        .collect()
}

/// Only requests addressed to our own loopback name are answered (a DNS-rebinding guard).
fn host_is_ours(headers: &HeaderMap, port: u16) -> bool {
    let Some(host) = headers.get(header::HOST).and_then(|h| h.to_str().ok()) else {
        return false;
    };
    ["localhost", "127.0.0.1", "[::1]"]
        .iter()
        .any(|name| host == format!("{name}:{port}"))
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn html_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn page(status: StatusCode, title: &str, text: &str) -> Response {
    let body = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title} - rally-m365</title>\
<style>body{{font-family:system-ui,sans-serif;max-width:36em;margin:4em auto;line-height:1.5}}</style></head>\
<body><h1>{title}</h1><p>{text}</p></body></html>"
    );
    let mut response = (status, Html(body)).into_response();
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        "no-store".parse().expect("static header"),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_redirect_wins_over_a_code() {
        let f: HashMap<String, String> = [("error", "access_denied"), ("code", "x")]
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        assert!(matches!(
            answer_from(&f, Purpose::SignIn),
            RedirectAnswer::Error { .. }
        ));
    }

    #[test]
    fn host_check_accepts_only_our_port() {
        let mut h = HeaderMap::new();
        h.insert(header::HOST, "localhost:4000".parse().unwrap());
        assert!(host_is_ours(&h, 4000));
        assert!(!host_is_ours(&h, 4001));
        h.insert(header::HOST, "[::1]:4000".parse().unwrap());
        assert!(host_is_ours(&h, 4000));
        h.insert(header::HOST, "evil.example:4000".parse().unwrap());
        assert!(!host_is_ours(&h, 4000));
    }

    /// In-process tests with real sockets: a listener waiting for a sign-in, and raw clients.
    mod sockets {
        use std::time::Instant;

        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        use tokio::task::JoinHandle;

        use super::*;

        const STATE: &str = "the-state";

        struct Running {
            addrs: Vec<SocketAddr>,
            port: u16,
            waiting: JoinHandle<Result<RedirectAnswer, LoopbackError>>,
        }

        async fn start(deadline: Duration, max_open: usize) -> Running {
            let signed_in = Outcome::SignedIn {
                account: "adele.vance@contoso.example".into(),
                problem: None,
            };
            start_with(deadline, max_open, Duration::ZERO, Some(signed_in)).await
        }

        /// A listener whose caller takes `thinking` to find the outcome, then sends `outcome`
        /// (or drops the reply when `None`).
        async fn start_with(
            deadline: Duration,
            max_open: usize,
            thinking: Duration,
            outcome: Option<Outcome>,
        ) -> Running {
            let listener = LoopbackListener::bind_with(ConnectionLimits { deadline, max_open })
                .await
                .unwrap();
            let addrs = listener.local_addrs();
            let port = addrs[0].port();
            let waiting = tokio::spawn(async move {
                let state = Secret::new(STATE);
                let redirect = listener
                    .wait(&state, Purpose::SignIn, Duration::from_secs(20))
                    .await?;
                tokio::time::sleep(thinking).await;
                match outcome {
                    Some(outcome) => redirect.reply.send(outcome).await,
                    None => drop(redirect.reply),
                }
                Ok(redirect.answer)
            });
            Running {
                addrs,
                port,
                waiting,
            }
        }

        impl Running {
            fn v4(&self) -> SocketAddr {
                self.addrs[0]
            }

            /// Sends the browser's answer to `addr` and returns the whole HTTP response.
            async fn answer(&self, addr: SocketAddr, code: &str) -> String {
                let mut stream = TcpStream::connect(addr).await.unwrap();
                let request = format!(
                    "GET /?code={code}&state={STATE} HTTP/1.1\r\nHost: localhost:{}\r\nConnection: close\r\n\r\n",
                    self.port
                );
                stream.write_all(request.as_bytes()).await.unwrap();
                let mut response = String::new();
                tokio::time::timeout(Duration::from_secs(3), stream.read_to_string(&mut response))
                    .await
                    .expect("the answer got no response within 3 s")
                    .unwrap();
                response
            }

            async fn code(self) -> String {
                match self.waiting.await.unwrap() {
                    Ok(RedirectAnswer::Code(code)) => code.expose().to_owned(),
                    other => panic!("expected a code, got {other:?}"),
                }
            }
        }

        /// A connection that sends half a request header and then nothing.
        async fn half_header(addr: SocketAddr) -> TcpStream {
            let mut stream = TcpStream::connect(addr).await.unwrap();
            stream
                .write_all(b"GET /?code=stolen HTTP/1.1\r\nHost: loc")
                .await
                .unwrap();
            stream
        }

        /// Whether the listener closed `stream` (end of stream or reset) within `within`.
        async fn closed_within(stream: &mut TcpStream, within: Duration) -> bool {
            let mut buf = [0u8; 256];
            tokio::time::timeout(within, async {
                loop {
                    match stream.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(_) => {}
                    }
                }
            })
            .await
            .is_ok()
        }

        #[tokio::test]
        async fn a_half_sent_request_is_closed_at_its_deadline() {
            let running = start(Duration::from_millis(200), 16).await;
            let mut idle = half_header(running.v4()).await;
            let started = Instant::now();
            assert!(
                closed_within(&mut idle, Duration::from_secs(3)).await,
                "a half-sent request was kept open"
            );
            assert!(
                started.elapsed() >= Duration::from_millis(100),
                "closed after {:?}, before its deadline",
                started.elapsed()
            );
            let response = running.answer(running.v4(), "the-code").await;
            assert!(response.starts_with("HTTP/1.1 200"), "{response}");
            assert_eq!(running.code().await, "the-code");
        }

        #[tokio::test]
        async fn an_idle_connection_does_not_hold_up_the_answer() {
            // A long deadline: the answer must get through while the idle connection is open.
            let running = start(Duration::from_secs(30), 16).await;
            let mut idle = half_header(running.v4()).await;
            let response = running.answer(running.v4(), "the-code").await;
            assert!(response.starts_with("HTTP/1.1 200"), "{response}");
            assert!(!closed_within(&mut idle, Duration::from_millis(50)).await);
            assert_eq!(running.code().await, "the-code");
        }

        #[tokio::test]
        async fn more_idle_connections_than_the_cap_do_not_keep_the_answer_out() {
            let running = start(Duration::from_secs(30), 4).await;
            let mut idle = Vec::new();
            for _ in 0..6 {
                idle.push(half_header(running.v4()).await);
            }
            // The two oldest made room for the two newest; the four newest are still open.
            for (i, stream) in idle.iter_mut().enumerate().take(2) {
                assert!(
                    closed_within(stream, Duration::from_secs(2)).await,
                    "connection {i} stayed open beyond the cap"
                );
            }
            for (i, stream) in idle.iter_mut().enumerate().skip(2) {
                assert!(
                    !closed_within(stream, Duration::from_millis(50)).await,
                    "connection {i} was closed while within the cap"
                );
            }
            let response = running.answer(running.v4(), "the-code").await;
            assert!(response.starts_with("HTTP/1.1 200"), "{response}");
            assert_eq!(running.code().await, "the-code");
        }

        #[tokio::test]
        async fn the_listener_answers_on_ipv6_loopback_when_the_machine_has_it() {
            let running = start(Duration::from_secs(5), 16).await;
            assert!(running.addrs.iter().all(|a| a.ip().is_loopback()));
            assert!(running.addrs.iter().all(|a| a.port() == running.port));
            let has_ipv6 = std::net::TcpListener::bind((Ipv6Addr::LOCALHOST, 0)).is_ok();
            if !has_ipv6 {
                // IPv6 is off on this machine: 127.0.0.1 alone, and it still works.
                assert_eq!(running.addrs, [running.v4()]);
                let response = running.answer(running.v4(), "the-code").await;
                assert!(response.starts_with("HTTP/1.1 200"), "{response}");
                assert_eq!(running.code().await, "the-code");
                return;
            }
            let v6 = SocketAddr::from((Ipv6Addr::LOCALHOST, running.port));
            assert_eq!(running.addrs, [running.v4(), v6]);
            let response = running.answer(v6, "the-v6-code").await;
            assert!(response.starts_with("HTTP/1.1 200"), "{response}");
            assert_eq!(running.code().await, "the-v6-code");
        }

        async fn start_slow(
            deadline: Duration,
            thinking: Duration,
            outcome: Option<Outcome>,
        ) -> Running {
            start_with(deadline, 16, thinking, outcome).await
        }

        #[tokio::test]
        async fn the_browser_gets_its_page_only_with_the_outcome_even_past_the_deadline() {
            let thinking = Duration::from_millis(600);
            let running = start_slow(
                Duration::from_millis(200),
                thinking,
                Some(Outcome::AdminApprovalRequired {
                    reason: "your organisation requires an administrator to approve rally-m365 (AADSTS90094)".into(),
                    ask_it: Some("ask IT to run `rally-m365 admin-consent`".into()),
                }),
            )
            .await;
            let started = Instant::now();
            let response = running.answer(running.v4(), "the-code").await;
            assert!(
                started.elapsed() >= thinking,
                "the page came after {:?}, before the outcome was known",
                started.elapsed()
            );
            assert!(response.starts_with("HTTP/1.1 200"), "{response}");
            assert!(response.contains("Admin approval required"), "{response}");
            assert!(
                response.contains("Your organisation requires an administrator"),
                "{response}"
            );
            assert!(
                response.contains("ask IT to run `rally-m365 admin-consent`"),
                "{response}"
            );
            assert!(!response.contains("signed in"), "{response}");
            assert!(!response.contains(".."), "{response}");
            assert_eq!(running.code().await, "the-code");
        }

        #[tokio::test]
        async fn a_reply_dropped_unsent_points_the_browser_at_the_terminal() {
            let running = start_slow(Duration::from_secs(5), Duration::ZERO, None).await;
            let response = running.answer(running.v4(), "the-code").await;
            assert!(response.starts_with("HTTP/1.1 200"), "{response}");
            assert!(
                response.contains("the terminal shows how it ended"),
                "{response}"
            );
            assert!(!response.contains("signed in"), "{response}");
            assert_eq!(running.code().await, "the-code");
        }

        #[tokio::test]
        async fn an_answer_with_the_wrong_state_is_ignored_and_the_listener_keeps_waiting() {
            let running = start(Duration::from_secs(5), 16).await;
            let mut stream = TcpStream::connect(running.v4()).await.unwrap();
            let request = format!(
                "GET /?code=forged&state=wrong HTTP/1.1\r\nHost: localhost:{}\r\nConnection: close\r\n\r\n",
                running.port
            );
            stream.write_all(request.as_bytes()).await.unwrap();
            let mut response = String::new();
            stream.read_to_string(&mut response).await.unwrap();
            assert!(response.starts_with("HTTP/1.1 400"), "{response}");
            let response = running.answer(running.v4(), "the-code").await;
            assert!(response.starts_with("HTTP/1.1 200"), "{response}");
            assert_eq!(running.code().await, "the-code");
        }
    }
}
