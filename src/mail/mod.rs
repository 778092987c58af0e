//! E-mail to participants, the pure parts: what `invite` and `send` compute before and around
//! each Graph request, with no network and no clock (times are parameters). Only the journal's
//! store ([`journal_store`]) touches files.
//!
//! - [`participants`]: the participants file and command-line addresses, validated whole.
//! - [`template`]: the built-in invitation and users' templates (minijinja), rendered and
//!   checked for every participant before the first message goes out.
//! - [`message`]: the sendMail request body, refusing header injection and oversized bodies.
//! - [`allocation`]: `--per-slot N`, which slots each participant is offered.
//! - [`journal`] / [`journal_store`]: exactly once across crashes.
//! - [`rate`]: `--rate` and the pacer that keeps sends under Exchange's per-minute limit.

pub mod allocation;
pub mod header_text;
pub mod html_text;
pub mod journal;
pub mod journal_store;
pub mod message;
pub mod participants;
pub mod rate;
pub mod template;
pub mod template_context;

#[cfg(test)]
mod journal_tests;
#[cfg(test)]
mod template_tests;
