//! Where things are printed: a command's data (its report, as a table, JSON or CSV) on stdout;
//! messages for people (progress, hints, warnings) on stderr. Knows about terminals, NO_COLOR,
//! `TERM=dumb` and `--quiet`.

mod csv;
mod format;
mod jq;
pub mod json;
mod plural;
mod printer;
mod table;

pub use csv::Csv;
pub use format::OutputFormat;
pub use jq::Jq;
pub use json::Const;
pub use plural::{count, count_irregular};
pub use printer::{Block, Printer, Render};
pub use table::TableStyle;

use std::io::{IsTerminal, Write};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};

use crate::error::AppError;
use crate::redact;

/// The longest error, hint or warning line we print (a server's message can be any size).
const MAX_LINE_CHARS: usize = 2000;

#[derive(Debug, Clone)]
pub struct Output {
    format: OutputFormat,
    jq: Option<Jq>,
    quiet: bool,
    stdout_tty: bool,
    /// Colours on stderr.
    color: bool,
    /// Spinners and progress bars, which redraw their line with terminal escapes.
    animate: bool,
}

impl Output {
    /// `format` is the command line's choice for every command's data (`-o`, `--json`).
    pub fn new(format: OutputFormat, quiet: bool) -> Output {
        let stderr_tty = std::io::stderr().is_terminal();
        let styling = Styling::from_env(
            std::env::var_os("TERM").as_deref(),
            std::env::var_os("NO_COLOR").as_deref(),
        );
        Output {
            format,
            jq: None,
            quiet,
            stdout_tty: std::io::stdout().is_terminal(),
            color: stderr_tty && styling.color,
            animate: stderr_tty && styling.animate,
        }
    }

    /// Every JSON report goes through `jq` (`--jq EXPR`; the format is then JSON).
    pub fn with_jq(mut self, jq: Option<Jq>) -> Output {
        self.jq = jq;
        self
    }

    /// The format chosen on the command line for stdout.
    pub fn format(&self) -> OutputFormat {
        self.format
    }

    /// Prints a command's report on stdout in the format chosen on the command line.
    pub fn print<R: Render>(&self, report: &R) -> Result<(), AppError> {
        let style = if self.stdout_tty {
            TableStyle::terminal()
        } else {
            TableStyle::Plain
        };
        write_stdout(
            &Printer::new(self.format, style)
                .with_jq(self.jq.clone())
                .render(report)?,
        )
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

    /// A progress bar on stderr (count, rate, time left), only on a terminal and without
    /// `--quiet`.
    pub fn progress(&self, total: u64, message: &str) -> ProgressBar {
        if self.quiet || !self.animate || total <= 1 {
            return ProgressBar::hidden();
        }
        let bar = ProgressBar::new(total);
        bar.set_style(
            ProgressStyle::with_template("{msg} {bar:30} {pos}/{len} ({per_sec}, {eta} left)")
                .expect("static template"),
        );
        bar.set_message(message.to_owned());
        bar
    }

    /// A spinner on stderr while waiting, only on a terminal and without `--quiet`.
    pub fn spinner(&self, message: impl Into<String>) -> ProgressBar {
        if self.quiet || !self.animate {
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

/// What a terminal may be sent besides text, from the environment: `NO_COLOR` (any value but
/// empty, <https://no-color.org>) turns colours off; `TERM=dumb` (a terminal that understands
/// no escape sequence: Emacs shells, some CI logs) turns off colours and redrawn lines alike.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Styling {
    color: bool,
    animate: bool,
}

impl Styling {
    fn from_env(term: Option<&std::ffi::OsStr>, no_color: Option<&std::ffi::OsStr>) -> Styling {
        let dumb = term.is_some_and(|t| t == "dumb");
        let no_color = no_color.is_some_and(|v| !v.is_empty());
        Styling {
            color: !dumb && !no_color,
            animate: !dumb,
        }
    }
}

/// Writes the printer's text to stdout; a closed pipe (`| head`) is not an error worth a
/// message. Nothing at all is written for an empty text (a report with nothing for people).
fn write_stdout(text: &str) -> Result<(), AppError> {
    if text.is_empty() {
        return Ok(());
    }
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(AppError::unexpected(format!("cannot write to stdout: {e}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::Styling;
    use std::ffi::OsStr;

    fn styling(term: Option<&str>, no_color: Option<&str>) -> Styling {
        Styling::from_env(term.map(OsStr::new), no_color.map(OsStr::new))
    }

    #[test]
    fn a_dumb_terminal_gets_neither_colours_nor_redrawn_lines() {
        let none = Styling {
            color: false,
            animate: false,
        };
        assert_eq!(styling(Some("dumb"), None), none);
        assert_eq!(styling(Some("dumb"), Some("1")), none);
    }

    #[test]
    fn no_color_turns_colours_off_but_an_empty_one_does_not() {
        assert!(!styling(Some("xterm-256color"), Some("1")).color);
        assert!(styling(Some("xterm-256color"), Some("1")).animate);
        assert!(styling(Some("xterm-256color"), Some("")).color);
        assert!(styling(None, None).color);
    }
}
