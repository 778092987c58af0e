//! `sandbox serve`: run the sandbox tenant on 127.0.0.1 and print the environment that points
//! rally-m365 at it (stdout, ready for `eval`).

use crate::cli::SandboxCommand;
use crate::commands::interrupted;
use crate::error::AppError;
use crate::output::Output;
use crate::sandbox::{Sandbox, SandboxOptions, Seed};

pub async fn run(out: &Output, command: &SandboxCommand) -> Result<(), AppError> {
    match command {
        SandboxCommand::Serve { port, empty } => serve(out, *port, *empty).await,
    }
}

async fn serve(out: &Output, port: u16, empty: bool) -> Result<(), AppError> {
    let options = SandboxOptions {
        port,
        seed: if empty { Seed::Empty } else { Seed::Demo },
        ..SandboxOptions::default()
    };
    let sandbox = Sandbox::bind(options)
        .await
        .map_err(|e| AppError::usage(format!("--port: cannot listen on 127.0.0.1:{port}: {e}")))?;
    let base = sandbox.base_url();
    let control = sandbox.control();
    if out.json {
        out.json(&serde_json::json!({
            "base_url": base,
            "tenant_id": control.tenant_id(),
            "user": control.default_user(),
            "env": {
                "RALLY_M365_AUTHORITY_HOST": base,
                "RALLY_M365_GRAPH_URL": base,
            }
        }))?;
    } else {
        out.data(&format!(
            "export RALLY_M365_AUTHORITY_HOST={base}\nexport RALLY_M365_GRAPH_URL={base}"
        ))?;
    }
    out.say(format!(
        "Sandbox tenant {} ({}) listening on {base}; signed-in user {}. \
Point rally-m365 at it with the exports above (eval \"$(rally-m365 sandbox serve)\" in another shell \
won't work while it runs: copy them). Control API under {base}/_sandbox/. Ctrl-C stops it.",
        control.tenant_domain(),
        control.tenant_id(),
        control.default_user()
    ));
    tokio::select! {
        r = sandbox.run() => r.map_err(|e| AppError::unexpected(format!("sandbox stopped: {e}"))),
        _ = interrupted() => Ok(()),
    }
}
