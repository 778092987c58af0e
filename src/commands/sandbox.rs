//! `sandbox serve`: run the sandbox tenant on 127.0.0.1 and print the environment that points
//! rally-m365 at it (stdout, ready for `eval`); `sandbox outbox` is in `outbox`.

pub mod outbox;

use schemars::JsonSchema;
use serde::Serialize;

use crate::cli::SandboxCommand;
use crate::commands::interrupted;
use crate::error::AppError;
use crate::output::{Block, Output, Render, TableStyle};
use crate::sandbox::{Sandbox, SandboxOptions, Seed};

/// `sandbox serve`: where the sandbox listens, and the environment that points rally-m365 at
/// it (for people: `export` lines ready to paste). The fields keep the order the JSON has
/// always had (alphabetical).
#[derive(Debug, Serialize, JsonSchema)]
pub struct ServeReport {
    /// The sandbox's URL: its identity platform and Graph.
    pub base_url: String,
    /// The environment that points rally-m365 at the sandbox.
    pub env: SandboxEnv,
    /// The sandbox tenant's id.
    pub tenant_id: String,
    /// The account to sign in as.
    pub user: String,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct SandboxEnv {
    /// Where sign-ins go.
    #[serde(rename = "RALLY_M365_AUTHORITY_HOST")]
    pub authority_host: String,
    /// Where Graph requests go.
    #[serde(rename = "RALLY_M365_GRAPH_URL")]
    pub graph_url: String,
}

impl Render for ServeReport {
    fn table(&self, _: TableStyle) -> Vec<Block> {
        vec![
            Block::Line(format!(
                "export RALLY_M365_AUTHORITY_HOST={}",
                self.env.authority_host
            )),
            Block::Line(format!(
                "export RALLY_M365_GRAPH_URL={}",
                self.env.graph_url
            )),
        ]
    }
}

pub async fn run(out: &Output, command: &SandboxCommand) -> Result<(), AppError> {
    match command {
        SandboxCommand::Serve { port, empty } => serve(out, *port, *empty).await,
        SandboxCommand::Outbox { url } => outbox::run(out, url.as_deref()).await,
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
    out.print(&ServeReport {
        base_url: base.clone(),
        env: SandboxEnv {
            authority_host: base.clone(),
            graph_url: base.clone(),
        },
        tenant_id: control.tenant_id(),
        user: control.default_user(),
    })?;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::{OutputFormat, Printer};

    fn report() -> ServeReport {
        let base = "http://127.0.0.1:41234".to_owned();
        ServeReport {
            base_url: base.clone(),
            env: SandboxEnv {
                authority_host: base.clone(),
                graph_url: base,
            },
            tenant_id: "9f3c1d2e".into(),
            user: "adele.vance@contoso.example".into(),
        }
    }

    fn render(format: OutputFormat) -> String {
        Printer::new(format, TableStyle::Plain)
            .render(&report())
            .unwrap()
    }

    #[test]
    fn json_names_the_url_tenant_user_and_environment() {
        assert_eq!(
            render(OutputFormat::Json),
            r#"{
  "base_url": "http://127.0.0.1:41234",
  "env": {
    "RALLY_M365_AUTHORITY_HOST": "http://127.0.0.1:41234",
    "RALLY_M365_GRAPH_URL": "http://127.0.0.1:41234"
  },
  "tenant_id": "9f3c1d2e",
  "user": "adele.vance@contoso.example"
}
"#
        );
    }

    #[test]
    fn for_people_stdout_is_export_lines_ready_to_paste() {
        assert_eq!(
            render(OutputFormat::Table),
            "export RALLY_M365_AUTHORITY_HOST=http://127.0.0.1:41234\nexport RALLY_M365_GRAPH_URL=http://127.0.0.1:41234\n"
        );
    }
}
