//! E-mail to participants, the pure parts: what `invite` and `send` compute before and around
//! each Graph request, with no network and no clock (times are parameters). Only the journal's
//! store ([`journal_store`]) touches files.
//!
//! - [`participants`]: the participants file and command-line addresses, validated whole.
//! - [`template`]: the built-in invitation and users' templates (minijinja), rendered and
//!   checked for every participant before the first message goes out; [`template_context`]
//!   holds what they see (participant, slots in the participant's zone, study, researcher);
//!   [`html_text`] reads an HTML body as text for previews.
//! - [`message`]: the sendMail request body, refusing header injection ([`header_text`]) and
//!   oversized bodies.
//! - [`allocation`]: `--per-slot N`, which slots each participant is offered.
//! - [`journal`] / [`journal_store`]: exactly once across crashes.
//! - [`rate`]: `--rate` and the pacer that keeps sends under Exchange's per-minute limit.
//!
//! A bulk `invite`, in order: [`participants::parse_participants`] (or
//! [`participants::participants_from_args`]); [`journal::RunKey::builder`] from the inputs
//! and [`journal_store::JournalStore::open_run`], whose state holds the offers of an earlier
//! attempt; the free slots and [`allocation::allocate_with_prior`]; one
//! [`template_context::TemplateContext`] per participant and
//! [`template::MailTemplate::render_all`]. Everything that can refuse the input has refused it
//! by now, before the first request. Then per participant: [`journal::JournalState::decide`],
//! [`rate::Pacer::reserve`] and the wait, a `sending` record, the request
//! ([`template::RenderedMail::send_mail`]), and the outcome record.

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
