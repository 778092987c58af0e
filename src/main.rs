//! Parse arguments, start the runtime, run one command, map the error to an exit code.

use std::process::ExitCode;

use clap::Parser;

use rally_m365::cli::{Cli, Command};
use rally_m365::commands::{self, Browser, Context};
use rally_m365::error::{AppError, Exit};
use rally_m365::output::Output;
use rally_m365::store::config::{FlagOverrides, Settings};

fn main() -> ExitCode {
    let cli = Cli::parse();
    // The output flags are checked before anything else happens: a format the command cannot
    // print, or a --jq expression that does not compile, is exit 2 before any request.
    let format_and_jq = cli
        .global
        .output_format(&cli.command)
        .and_then(|format| Ok((format, cli.global.jq()?)));
    let out = match format_and_jq {
        Ok((format, jq)) => Output::new(format, cli.global.quiet).with_jq(jq),
        Err(e) => {
            Output::new(Default::default(), cli.global.quiet).error(&e);
            return ExitCode::from(e.exit().code() as u8);
        }
    };
    init_logging(cli.global.verbose);
    // One thread: a command does one thing at a time, and starting worker threads costs more
    // than it saves.
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            out.error(&AppError::unexpected(format!(
                "cannot start the async runtime: {e}"
            )));
            return ExitCode::from(Exit::Failure.code() as u8);
        }
    };
    let result = runtime.block_on(run(cli, out.clone()));
    // Don't wait for stray background tasks (a browser launcher) at exit.
    runtime.shutdown_background();
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            out.error(&e);
            ExitCode::from(e.exit().code() as u8)
        }
    }
}

async fn run(cli: Cli, out: Output) -> Result<(), AppError> {
    let context = |tenant: Option<String>| -> Result<Context, AppError> {
        let flags = FlagOverrides {
            tenant,
            token_store: cli.global.token_store.map(Into::into),
        };
        Ok(Context {
            settings: Settings::load(&cli.global.profile, &flags)?,
            out: out.clone(),
            http: Default::default(),
            preset_store: None,
            preset_journal: None,
        })
    };
    match &cli.command {
        Command::Completions { shell } => commands::completions::run(*shell),
        Command::Schema { command } => commands::schema::run(&out, command),
        Command::Man { command } => commands::completions::man(command),
        Command::Sandbox(cmd) => commands::sandbox::run(&out, cmd).await,
        Command::Demo => commands::demo::run(&out).await,
        Command::Connect(args) => {
            let browser = if args.no_browser {
                Browser::None
            } else {
                Browser::System
            };
            commands::connect::run(&context(args.tenant.clone())?, args, browser).await
        }
        Command::Status(args) => commands::status::run(&context(None)?, args).await,
        Command::Disconnect => commands::disconnect::run(&context(None)?).await,
        Command::Profiles => commands::profiles::run(&context(None)?).await,
        Command::AdminConsent(args) => {
            let browser = if args.no_browser {
                Browser::None
            } else {
                Browser::System
            };
            commands::admin_consent::run(&context(args.tenant.clone())?, args, browser).await
        }
        Command::Slots(args) => commands::slots::run(&context(None)?, args).await,
        Command::Book(args) => commands::book::run(&context(None)?, args).await,
        Command::Reschedule(args) => commands::reschedule::run(&context(None)?, args).await,
        Command::Cancel(args) => commands::cancel::run(&context(None)?, args).await,
        Command::Interviews(args) => commands::interviews::run(&context(None)?, args).await,
        Command::Invite(args) => commands::invite::run(&context(None)?, args, cli.global.yes).await,
        Command::Send(args) => commands::send::run(&context(None)?, args, cli.global.yes).await,
        Command::Journal(args) => commands::journal::run(&context(None)?, args),
    }
}

/// `-v`: one line per request; `-vv`: details. Secrets never reach a log line: they live in
/// redacting types, and URLs are logged with secret parameters hidden.
fn init_logging(verbose: u8) {
    let level = match verbose {
        0 => return,
        1 => tracing::Level::INFO,
        _ => tracing::Level::DEBUG,
    };
    use tracing_subscriber::prelude::*;
    // Our own events only: dependencies' debug output is noise, and none of it is vetted for
    // secrets.
    let ours = tracing_subscriber::filter::Targets::new().with_target("rally_m365", level);
    tracing_subscriber::registry()
        .with(
            tracing_subscriber::fmt::layer()
                .with_writer(std::io::stderr)
                .with_target(false)
                .with_ansi(false)
                .without_time()
                .with_filter(ours),
        )
        .init();
}
