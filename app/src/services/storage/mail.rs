//! Storage of e-mail (server only): people's choices, the outbox, one-click
//! unsubscribe tokens, and what was done once across every instance.

use super::{ActionTarget, StorageError};
use crate::model::{MailPayload, OutboxStatus};
use async_trait::async_trait;
use summit::{ActionKind, Language, MailKind, ReviewStep};

/// A message to queue.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewMail {
    /// Names the event and recipient: queueing it again does nothing.
    pub dedupe_key: String,
    pub user_id: i64,
    pub payload: MailPayload,
}

/// A cursor over an append-only history moving on, as a compare-and-set:
/// from where it was read (`None`: never set) to the last id handled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CursorMove {
    pub name: &'static str,
    pub from: Option<i64>,
    pub to: i64,
}

/// What one pass of the planner queues, written all or nothing.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MailBatch {
    pub messages: Vec<NewMail>,
    /// Marks that must be new (a reminder sent once): when another
    /// instance made one of them first, nothing of the batch is written.
    pub marks: Vec<String>,
    pub cursor: Option<CursorMove>,
}

impl MailBatch {
    pub fn is_empty(&self) -> bool {
        self.messages.is_empty() && self.marks.is_empty() && self.cursor.is_none()
    }
}

/// A review step, as the messages about it need it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StepEvent {
    /// The step's id in the review history (the cursor's unit).
    pub id: i64,
    pub step: ReviewStep,
    pub proposal: i64,
    pub author_id: i64,
    pub target: ActionTarget,
    pub kind: ActionKind,
    /// Who took the step, by name.
    pub by: String,
    pub comment: String,
}

/// A message a sender claimed: its own until the lease runs out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClaimedMail {
    pub id: i64,
    pub user_id: i64,
    /// The recipient's address now (not when it was queued).
    pub address: String,
    pub language: Language,
    pub payload: MailPayload,
    /// Counting this one.
    pub attempts: u32,
    /// The recipient turned this kind off since it was queued.
    pub opted_out: bool,
}

/// How an attempt ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MailOutcome {
    Sent,
    /// Not taken this time (the server is down, slow or busy): try again
    /// at `at_ms`.
    Retry {
        at_ms: i64,
        error: String,
    },
    /// Given up: refused for good, or too many attempts.
    Failed {
        error: String,
    },
    /// Not sent: the recipient turned the kind off.
    Dropped,
}

/// What a one-click unsubscribe link did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unsubscribed {
    /// The kind is now off for the link's recipient.
    Done { kind: MailKind, language: Language },
    /// The link was used before (the kind is off, unless turned on again
    /// on the account page since).
    AlreadyUsed { kind: MailKind, language: Language },
    /// No such link, or it expired.
    Unknown,
}

#[async_trait]
pub trait MailStorage: Send + Sync + 'static {
    /// The language chosen for someone's messages, if any yet.
    async fn mail_language(&self, user_id: i64) -> Result<Option<Language>, StorageError>;
    /// Sets it, or (`only_if_unset`) records it only when none is chosen.
    async fn set_mail_language(
        &self,
        user_id: i64,
        language: Language,
        only_if_unset: bool,
    ) -> Result<(), StorageError>;
    async fn mail_optouts(&self, user_id: i64) -> Result<Vec<MailKind>, StorageError>;
    /// Replaces the kinds someone turned off.
    async fn set_mail_optouts(&self, user_id: i64, off: &[MailKind]) -> Result<(), StorageError>;
    /// Where a cursor stands (`None`: never set).
    async fn mail_cursor(&self, name: &str) -> Result<Option<i64>, StorageError>;
    /// Review steps after `after`, oldest first, at most `limit`.
    async fn review_steps_after(
        &self,
        after: i64,
        limit: u32,
    ) -> Result<Vec<StepEvent>, StorageError>;
    /// The newest review step's id (0 when none).
    async fn last_review_step(&self) -> Result<i64, StorageError>;
    /// The marks that start with `prefix`.
    async fn mail_marks(&self, prefix: &str) -> Result<Vec<String>, StorageError>;
    /// Writes the batch in one transaction: `false` (and nothing written)
    /// when a mark existed or the cursor had moved, that is when another
    /// instance planned the same thing first. Messages whose dedupe key is
    /// queued already are skipped.
    async fn enqueue_mail(&self, batch: &MailBatch, now_ms: i64) -> Result<bool, StorageError>;
    /// Claims up to `limit` queued messages due by `now_ms` and not leased
    /// to another sender, until `now_ms + lease_ms`, under `claim`.
    async fn claim_mail(
        &self,
        now_ms: i64,
        lease_ms: i64,
        limit: u32,
        claim: &str,
    ) -> Result<Vec<ClaimedMail>, StorageError>;
    /// Records how an attempt ended, if the message is still claimed under
    /// `claim` (a sender whose lease ran out records nothing).
    async fn finish_mail(
        &self,
        id: i64,
        claim: &str,
        outcome: &MailOutcome,
        now_ms: i64,
    ) -> Result<(), StorageError>;
    /// Keeps the hash of the token in a message's unsubscribe link.
    async fn store_unsubscribe_token(
        &self,
        token_hash: &str,
        user_id: i64,
        kind: MailKind,
        language: Language,
        expires_ms: i64,
    ) -> Result<(), StorageError>;
    /// Uses an unsubscribe link (by its token's hash): turns the kind off.
    async fn unsubscribe(
        &self,
        token_hash: &str,
        now_ms: i64,
    ) -> Result<Unsubscribed, StorageError>;
    /// Counts for the administration page (`sending` left false).
    async fn outbox_status(&self, now_ms: i64) -> Result<OutboxStatus, StorageError>;
}
