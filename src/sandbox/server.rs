//! The async server: bind 127.0.0.1, seed the tenant, serve until the future is dropped.

use std::io;
use std::net::Ipv4Addr;
use std::sync::Arc;

use tokio::net::TcpListener;

use super::conn::{ConnKill, KillableListener};
use super::control::Control;
use super::state::{Shared, TenantState};
use super::{SandboxOptions, router, seed};

/// Async server for `rally-m365 sandbox serve` and `demo` (runs inside the caller's runtime).
pub struct Sandbox {
    listener: KillableListener,
    shared: Arc<Shared>,
}

impl Sandbox {
    /// Binds 127.0.0.1 only (never another interface).
    pub async fn bind(opts: SandboxOptions) -> io::Result<Sandbox> {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, opts.port)).await?;
        let port = listener.local_addr()?.port();
        let mut state = TenantState::new(opts.clock);
        let now = state.now();
        seed::populate(&mut state, opts.seed, now);
        let shared = Arc::new(Shared::new(
            format!("http://127.0.0.1:{port}"),
            &opts.graph_resource,
            state,
        ));
        Ok(Sandbox {
            listener: KillableListener(listener),
            shared,
        })
    }

    /// `http://127.0.0.1:PORT`: the authority host and the Graph base (Graph under `/v1.0`).
    pub fn base_url(&self) -> String {
        self.shared.base_url.clone()
    }

    pub fn control(&self) -> Control {
        Control::new(self.shared.clone())
    }

    /// Serves until this future is dropped or aborted.
    pub async fn run(self) -> io::Result<()> {
        let app = router::build(self.shared);
        axum::serve(
            self.listener,
            app.into_make_service_with_connect_info::<ConnKill>(),
        )
        .await
    }
}
