//! `completions SHELL`: the completion script, generated from the clap definitions.

use clap::CommandFactory;

use crate::cli::Cli;

/// The completion script for `shell`, as committed in `completions/`.
pub fn script(shell: clap_complete::Shell) -> Vec<u8> {
    let mut buffer = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "rally-m365", &mut buffer);
    buffer
}

pub fn run(shell: clap_complete::Shell) -> Result<(), crate::error::AppError> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    out.write_all(&script(shell))
        .and_then(|_| out.flush())
        .or_else(|e| {
            if e.kind() == std::io::ErrorKind::BrokenPipe {
                Ok(())
            } else {
                Err(e)
            }
        })
        .map_err(|e| crate::error::AppError::unexpected(format!("cannot write to stdout: {e}")))
}
