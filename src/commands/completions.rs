//! `completions SHELL` and `man [COMMAND]`: the completion scripts and the man pages, generated
//! from the clap definitions (the files in completions/ are these, checked by a test).

use clap::CommandFactory;

use crate::cli::Cli;
use crate::error::AppError;

/// The completion script for `shell`, as committed in `completions/`.
pub fn script(shell: clap_complete::Shell) -> Vec<u8> {
    let mut buffer = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "rally-m365", &mut buffer);
    buffer
}

pub fn run(shell: clap_complete::Shell) -> Result<(), AppError> {
    write_stdout(&script(shell))
}

/// Every man page, as committed in `completions/man/`: `rally-m365.1`, then one per command
/// (`rally-m365-connect.1`, `rally-m365-sandbox-serve.1`, ...), each with its file name.
pub fn man_pages() -> Result<Vec<(String, Vec<u8>)>, AppError> {
    fn walk(
        command: &clap::Command,
        pages: &mut Vec<(String, Vec<u8>)>,
    ) -> Result<(), AppError> {
        let page = clap_mangen::Man::new(command.clone());
        pages.push((page.get_filename(), render(&page)?));
        for sub in command.get_subcommands().filter(|s| !s.is_hide_set()) {
            walk(sub, pages)?;
        }
        Ok(())
    }
    let mut pages = Vec::new();
    walk(&built(), &mut pages)?;
    Ok(pages)
}

/// `man [COMMAND...]`: the main page, or the page of a command (`man sandbox serve`; aliases
/// such as `man login` work too).
pub fn man(path: &[String]) -> Result<(), AppError> {
    let mut command = built();
    for name in path {
        let Some(sub) = command.find_subcommand(name).cloned() else {
            let known: Vec<&str> = command
                .get_subcommands()
                .filter(|s| !s.is_hide_set())
                .map(|s| s.get_name())
                .collect();
            return Err(AppError::usage(format!(
                "man: no command `{}`; one of: {}",
                crate::redact::one_line(name, 100),
                known.join(", ")
            )));
        };
        command = sub;
    }
    write_stdout(&render(&clap_mangen::Man::new(command))?)
}

/// The command tree as clap shows it (subcommands named `rally-m365-connect` in their pages),
/// without clap's `help` subcommand, which has no page of its own.
fn built() -> clap::Command {
    let mut command = Cli::command().disable_help_subcommand(true);
    command.build();
    command
}

fn render(page: &clap_mangen::Man) -> Result<Vec<u8>, AppError> {
    let mut buffer = Vec::new();
    page.render(&mut buffer)
        .map_err(|e| AppError::unexpected(format!("cannot render the man page: {e}")))?;
    Ok(buffer)
}

fn write_stdout(bytes: &[u8]) -> Result<(), AppError> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    out.write_all(bytes)
        .and_then(|_| out.flush())
        .or_else(|e| {
            if e.kind() == std::io::ErrorKind::BrokenPipe {
                Ok(())
            } else {
                Err(e)
            }
        })
        .map_err(|e| AppError::unexpected(format!("cannot write to stdout: {e}")))
}
