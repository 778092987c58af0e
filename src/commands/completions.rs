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
    fn walk(command: &clap::Command, pages: &mut Vec<(String, Vec<u8>)>) -> Result<(), AppError> {
        let page = clap_mangen::Man::new(command.clone());
        pages.push((page.get_filename(), render(&page, command)?));
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
    write_stdout(&render(&clap_mangen::Man::new(command.clone()), &command)?)
}

/// The command tree as clap shows it (subcommands named `rally-m365-connect` in their pages),
/// without clap's `help` subcommand, which has no page of its own.
fn built() -> clap::Command {
    let mut command = Cli::command().disable_help_subcommand(true);
    command.build();
    command
}

/// clap_mangen's sections, except that the text after the options (examples, exit codes)
/// becomes a section of its own, kept as written: clap_mangen would fill it as a paragraph and
/// run the examples' lines together.
fn render(page: &clap_mangen::Man, command: &clap::Command) -> Result<Vec<u8>, AppError> {
    let mut buffer = Vec::new();
    let has_options = command.get_arguments().any(|a| !a.is_hide_set());
    let has_subcommands = command.get_subcommands().any(|s| !s.is_hide_set());
    let after = command
        .get_after_long_help()
        .or(command.get_after_help())
        .map(|text| text.to_string());
    let result = (|| {
        page.render_title(&mut buffer)?;
        page.render_name_section(&mut buffer)?;
        page.render_synopsis_section(&mut buffer)?;
        page.render_description_section(&mut buffer)?;
        if has_options {
            page.render_options_section(&mut buffer)?;
        }
        if has_subcommands {
            page.render_subcommands_section(&mut buffer)?;
        }
        if let Some(text) = &after {
            buffer.extend_from_slice(verbatim_section(text).as_bytes());
        }
        page.render_version_section(&mut buffer)
    })();
    result.map_err(|e| AppError::unexpected(format!("cannot render the man page: {e}")))?;
    Ok(buffer)
}

/// "Examples:\n  lines..." as `.SH EXAMPLES` and its lines unfilled (`.nf`), escaped for roff.
fn verbatim_section(text: &str) -> String {
    let (title, body) = text.split_once('\n').unwrap_or((text, ""));
    let mut roff = format!(
        ".SH {}\n.nf\n",
        escape(title.trim_end_matches(':')).to_uppercase()
    );
    for line in body.lines() {
        roff.push_str(&escape(line));
        roff.push('\n');
    }
    roff.push_str(".fi\n");
    roff
}

/// Text safe in a roff line: backslashes and hyphens escaped, a leading `.` or `'` made literal.
fn escape(line: &str) -> String {
    let escaped = line.replace('\\', "\\e").replace('-', "\\-");
    if escaped.starts_with(['.', '\'']) {
        format!("\\&{escaped}")
    } else {
        escaped
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_verbatim_section_keeps_its_lines_and_escapes_roff() {
        assert_eq!(
            verbatim_section("Examples:\n  rally-m365 slots --jq '.a'\n.x \\ y"),
            ".SH EXAMPLES\n.nf\n  rally\\-m365 slots \\-\\-jq '.a'\n\\&.x \\e y\n.fi\n"
        );
    }
}
