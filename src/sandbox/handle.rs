//! A blocking handle for plain `#[test]` functions: the server runs on its own tokio runtime
//! (worker threads), and dropping the handle stops it.

use std::io;

use tokio::runtime::{Builder, Runtime};

use super::SandboxOptions;
use super::browser::{self, BrowserAction, BrowserOutcome};
use super::control::Control;
use super::server::Sandbox;

pub struct SandboxHandle {
    runtime: Option<Runtime>,
    base_url: String,
    control: Control,
}

impl SandboxHandle {
    pub fn start(opts: SandboxOptions) -> io::Result<SandboxHandle> {
        let runtime = Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("rally-sandbox")
            .enable_all()
            .build()?;
        // On a thread of its own, so starting works even from inside another runtime.
        let sandbox = std::thread::scope(|s| {
            s.spawn(|| runtime.block_on(Sandbox::bind(opts)))
                .join()
                .map_err(|_| io::Error::other("the sandbox failed to bind"))?
        })?;
        let base_url = sandbox.base_url();
        let control = sandbox.control();
        runtime.spawn(async move {
            if let Err(e) = sandbox.run().await {
                tracing::error!("sandbox server stopped: {e}");
            }
        });
        Ok(SandboxHandle {
            runtime: Some(runtime),
            base_url,
            control,
        })
    }

    pub fn base_url(&self) -> String {
        self.base_url.clone()
    }

    pub fn control(&self) -> Control {
        self.control.clone()
    }

    /// Blocking wrapper over [`browser::sign_in`].
    pub fn browser_sign_in(
        &self,
        authorize_url: &str,
        action: BrowserAction,
    ) -> Result<BrowserOutcome, String> {
        let runtime = self.runtime.as_ref().ok_or("the sandbox is stopped")?;
        std::thread::scope(|s| {
            s.spawn(|| runtime.block_on(browser::sign_in(authorize_url, action)))
                .join()
                .map_err(|_| "the scripted browser panicked".to_string())?
        })
    }
}

impl Drop for SandboxHandle {
    fn drop(&mut self) {
        if let Some(rt) = self.runtime.take() {
            // Does not block, so dropping inside an async context is fine too.
            rt.shutdown_background();
        }
    }
}
