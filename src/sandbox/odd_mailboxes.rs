//! Addresses Graph answers for differently from an ordinary Exchange Online mailbox, seedable
//! through [`Control::set_mailbox_kind`](super::Control::set_mailbox_kind) and
//! `POST /_sandbox/mailboxes`. Each answers with the shape Microsoft documents or users report:
//!
//! - an address the directory does not know (no seeding needed: any address that is neither a
//!   user nor a list): in getSchedule, a `scheduleInformation` with only `scheduleId` and
//!   `error` {`message`: "Unable to resolve e-mail address ADDR to an Active Directory object.",
//!   `responseCode`: "5009"}: no `availabilityView`, no `scheduleItems` (the answer quoted in
//!   microsoftgraph/microsoft-graph-docs issue 11225, "Can't get the schedule of users I create
//!   or add externally");
//! - a distribution list: the merged `availabilityView` of its members and no items
//!   ("scheduleInformation resource type": "a merged view of availability"; the list itself has
//!   no calendar);
//! - a merged-only mailbox (some cross-premises mailboxes): its `availabilityView`, no items,
//!   no working hours;
//! - a guest, and a mailbox not enabled for REST (on-premises, unlicensed, inactive): signed in,
//!   every mailbox request (calendar, events, sendMail) is `404 MailboxNotEnabledForRESTAPI`
//!   "The mailbox is either inactive, soft-deleted, or is hosted on-premise." (reported in
//!   microsoftgraph/microsoft-graph-docs-contrib issue 405 for guests, and
//!   microsoftgraph/msgraph-sdk-javascript issue 1756); asked for in getSchedule, the sandbox
//!   answers as for an address it cannot resolve (Microsoft documents no other shape);
//! - a user whose `mail` is null (no Exchange address set): `/me` answers `"mail": null`, the
//!   user principal name still resolves in getSchedule ("user resource type": `mail` is
//!   nullable).

/// How an address of the tenant behaves beyond an ordinary mailbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MailboxKind {
    /// A distribution list; `members` are addresses of the tenant (unknown ones add nothing).
    DistributionList { members: Vec<String> },
    /// A user whose free/busy comes only as the merged view (no items, no working hours).
    MergedOnly,
    /// A B2B guest: signed in, no mailbox Graph can reach.
    Guest,
    /// A mailbox on-premises, unlicensed or inactive: `MailboxNotEnabledForRESTAPI`.
    NotEnabledForRest,
    /// A user whose `mail` property is null.
    NoMail,
}

impl MailboxKind {
    /// The kinds that describe a user (who must exist in the directory); a list does not.
    pub fn is_user(&self) -> bool {
        !matches!(self, MailboxKind::DistributionList { .. })
    }

    /// Signed in as this user, Graph cannot reach the mailbox.
    pub(super) fn mailbox_unreachable(&self) -> bool {
        matches!(self, MailboxKind::Guest | MailboxKind::NotEnabledForRest)
    }
}

/// `MailboxNotEnabledForRESTAPI`'s message, as the service words it.
pub(super) const NOT_ENABLED_CODE: &str = "MailboxNotEnabledForRESTAPI";
pub(super) const NOT_ENABLED_MESSAGE: &str =
    "The mailbox is either inactive, soft-deleted, or is hosted on-premise.";

/// The per-schedule error for an address the directory cannot resolve.
pub(super) fn unresolved_message(address: &str) -> String {
    format!("Unable to resolve e-mail address {address} to an Active Directory object.")
}

/// Its `responseCode`, as quoted in the issue above.
pub(super) const UNRESOLVED_CODE: &str = "5009";
