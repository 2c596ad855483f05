//! E-mail as the account and administration pages show it, and what a
//! queued message tells (`summit::mail` holds the rules).

use super::ActionTarget;
use serde::{Deserialize, Serialize};
use summit::{ActionKind, Language, MailKind};

/// What one message tells, as the outbox keeps it: the event, not the
/// text. The text is written when the message is sent, in the recipient's
/// language then, with the names of places and actions in that language.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum MailPayload {
    /// A reviewer returned the recipient's proposal.
    Returned {
        proposal: i64,
        target: ActionTarget,
        action: ActionKind,
        reviewer: String,
        comment: String,
    },
    /// A reviewer approved the recipient's proposal: it is public.
    Approved {
        proposal: i64,
        target: ActionTarget,
        action: ActionKind,
        reviewer: String,
    },
    /// Actions in the recipient's scope reached a "due in N days" reminder.
    DueSoon { items: Vec<DueItem> },
    /// Actions in the recipient's scope passed their deadline unfinished.
    Overdue { items: Vec<DueItem> },
    /// The week's digest for a reviewer or administrator.
    Digest(Box<Digest>),
    /// A link to choose a password (`link`: its row; the token is made
    /// when the message is sent, and only its hash is stored).
    Access {
        link: i64,
        purpose: summit::sign_in::LinkPurpose,
    },
}

impl MailPayload {
    pub fn kind(&self) -> MailKind {
        match self {
            MailPayload::Returned { .. } => MailKind::Returned,
            MailPayload::Approved { .. } => MailKind::Approved,
            MailPayload::DueSoon { .. } => MailKind::DueSoon,
            MailPayload::Overdue { .. } => MailKind::Overdue,
            MailPayload::Digest(_) => MailKind::Digest,
            MailPayload::Access { .. } => MailKind::Access,
        }
    }
}

/// One action in a reminder or a digest.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DueItem {
    pub target: ActionTarget,
    pub action: ActionKind,
    /// The day it is due by the end of, where its deadline is.
    pub due: jiff::civil::Date,
    /// Calendar days left there, its own day counted (0 or less: overdue).
    pub days_left: i64,
}

/// What a weekly digest lists: the scope's week, in short.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Digest {
    /// The Monday the digest's week starts on (`summit::mail::digest_week`).
    pub week: jiff::civil::Date,
    /// Changes published in the seven days before it went out, newest
    /// first (at most [`Digest::LISTED`]), and how many there were.
    pub moved: Vec<MovedItem>,
    pub moved_total: u32,
    /// Proposals waiting for the recipient's review.
    pub awaiting_review: u32,
    /// Overdue actions in the scope (at most [`Digest::LISTED`]), and how many.
    pub overdue: Vec<DueItem>,
    pub overdue_total: u32,
}

impl Digest {
    /// The most items of one list a digest spells out; the rest are counted.
    pub const LISTED: usize = 20;

    /// Whether there is anything to tell: a digest with nothing in it is
    /// not sent.
    pub fn is_empty(&self) -> bool {
        self.moved_total == 0 && self.awaiting_review == 0 && self.overdue_total == 0
    }
}

/// A change published during a digest's week.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MovedItem {
    pub target: ActionTarget,
    pub action: ActionKind,
    /// When, `2027-02-09`.
    pub day: String,
    pub by: String,
}

/// A person's e-mail, as their account page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MailSettings {
    /// Whether the operator configured a mail server: without one nothing
    /// is sent, whatever is chosen here.
    pub sending: bool,
    /// Where messages go: the account's address.
    pub address: String,
    /// The language messages are written in.
    pub language: Language,
    /// The kinds this account may be sent, each with whether it is on.
    pub kinds: Vec<(MailKind, bool)>,
}

/// The outbox as an administrator sees it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxStatus {
    /// Whether the operator configured a mail server.
    pub sending: bool,
    /// Waiting to go out (including those waiting to be tried again).
    pub queued: i64,
    /// Tried again at least once and still waiting.
    pub retrying: i64,
    /// Given up on (the mail server refused them for good, or too often).
    pub failed: i64,
    /// Sent in the last seven days.
    pub sent_week: i64,
    /// What the mail server last answered to a message that did not go out.
    pub last_error: String,
}
