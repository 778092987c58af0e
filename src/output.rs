//! Where things are printed: data (tables, JSON, CSV) on stdout; messages for people
//! (progress, hints, warnings) on stderr. Knows about terminals, NO_COLOR and `--quiet`.

use std::io::{IsTerminal, Write};
use std::time::Duration;

use comfy_table::{ContentArrangement, Table, presets};
use indicatif::{ProgressBar, ProgressStyle};
use serde::Serialize;

use crate::error::AppError;
use crate::redact;

/// The longest error, hint or warning line we print (a server's message can be any size).
const MAX_LINE_CHARS: usize = 2000;

#[derive(Debug, Clone)]
pub struct Output {
    pub json: bool,
    pub quiet: bool,
    stdout_tty: bool,
    stderr_tty: bool,
    color: bool,
}

impl Output {
    pub fn new(json: bool, quiet: bool) -> Output {
        let stderr_tty = std::io::stderr().is_terminal();
        Output {
            json,
            quiet,
            stdout_tty: std::io::stdout().is_terminal(),
            stderr_tty,
            color: stderr_tty && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        }
    }

    /// A message for people (stderr), unless `--quiet`.
    pub fn say(&self, text: impl AsRef<str>) {
        if !self.quiet {
            eprintln!("{}", text.as_ref());
        }
    }

    /// A warning (stderr), unless `--quiet`.
    pub fn warn(&self, text: impl AsRef<str>) {
        if !self.quiet {
            eprintln!(
                "{} {}",
                self.paint("warning:", "33"),
                redact::one_line(text.as_ref(), MAX_LINE_CHARS)
            );
        }
    }

    /// A line that must be seen even with `--quiet` (a URL to open, a code to type).
    pub fn essential(&self, text: impl AsRef<str>) {
        eprintln!("{}", text.as_ref());
    }

    /// The error on one line and its hint on another. Both may quote a server's words, so
    /// both pass through [`redact::one_line`]: nothing a server sends can move the cursor,
    /// change colours or forge a line of our own.
    pub fn error(&self, error: &AppError) {
        eprintln!(
            "{} {}",
            self.paint("error:", "31"),
            redact::one_line(error.message(), MAX_LINE_CHARS)
        );
        if let Some(hint) = error.hint() {
            eprintln!(
                "{} {}",
                self.paint("hint:", "36"),
                redact::one_line(hint, MAX_LINE_CHARS)
            );
        }
    }

    /// JSON data on stdout.
    pub fn json<T: Serialize>(&self, value: &T) -> Result<(), AppError> {
        let text = serde_json::to_string_pretty(value).map_err(AppError::unexpected)?;
        print_stdout(&text)
    }

    /// A table for people on stdout.
    pub fn table(&self, table: Table) -> Result<(), AppError> {
        print_stdout(&table.to_string())
    }

    /// Plain text data on stdout.
    pub fn data(&self, text: &str) -> Result<(), AppError> {
        print_stdout(text)
    }

    /// A table styled for where stdout goes.
    pub fn new_table(&self, header: Vec<&str>) -> Table {
        let mut table = Table::new();
        if self.stdout_tty {
            table.load_style(presets::UTF8_FULL_CONDENSED);
            // Wrap to the terminal only when its width is known and usable; a pseudo-terminal
            // that reports 0 columns would squeeze every cell to one character.
            if table.width().is_some_and(|w| w >= 60) {
                table.set_content_arrangement(ContentArrangement::Dynamic);
            }
        } else {
            table.load_style(presets::ASCII_MARKDOWN);
            table.set_content_arrangement(ContentArrangement::Disabled);
        }
        if !header.is_empty() {
            table.set_header(header);
        }
        table
    }

    /// A spinner on stderr while waiting, only on a terminal and without `--quiet`.
    pub fn spinner(&self, message: impl Into<String>) -> ProgressBar {
        if self.quiet || !self.stderr_tty {
            return ProgressBar::hidden();
        }
        let bar = ProgressBar::new_spinner();
        bar.set_style(
            ProgressStyle::with_template("{spinner} {msg} ({elapsed})").expect("static template"),
        );
        bar.set_message(message.into());
        bar.enable_steady_tick(Duration::from_millis(120));
        bar
    }

    fn paint(&self, text: &str, ansi: &str) -> String {
        if self.color {
            format!("\x1b[{ansi}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    }
}

/// Writes to stdout; a closed pipe (`| head`) is not an error worth a message.
fn print_stdout(text: &str) -> Result<(), AppError> {
    let mut out = std::io::stdout().lock();
    match writeln!(out, "{text}").and_then(|_| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(AppError::unexpected(format!("cannot write to stdout: {e}"))),
    }
}
