//! The storage interface the server functions call (server only).
//!
//! Server functions cannot be generic, so they reach the database through a
//! trait object provided as context; `server/` implements it for each database.

use async_trait::async_trait;
use std::sync::Arc;
use summit::{
    ActionKind, Actor, Briefing, Email, Iso3, Language, Milestone, Region, Role, Scope,
    SeriesAttendance, Slug, ValidPatch,
};

mod mail;
mod review;
mod sheets;
mod sign_in;

pub use mail::{
    ClaimedMail, CursorMove, MailBatch, MailOutcome, MailStorage, NewMail, StepEvent, Unsubscribed,
};
pub use review::{ProposalQuery, ReviewStorage, ReviewWriteError, StepChange};
pub use sheets::{SheetStorage, SheetWrite, StoredUpload, WriteResult};
pub use sign_in::{AccessLinkStorage, IdentityInfo, LinkHolder, SignInRequest, SignInStorage};

use crate::error::{AppError, FieldError};
pub use crate::model::{
    Account, ActionEntry, ActionTarget, ChangeQuery, ChangeRecord, CountryEntry, DeadlineEntry,
    HistoryEntry, MilestoneEntry, TokenInfo,
};

/// What went wrong, without internals: the cause is logged where it happened.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum StorageError {
    #[error("the database is unavailable")]
    Unavailable,
    #[error("a stored value could not be read")]
    Corrupt,
}

/// What every storage is: reachable, and versioned by its changes.
#[async_trait]
pub trait Storage: Send + Sync + 'static {
    /// Succeeds when the database answers (used by `/readyz`).
    async fn ping(&self) -> Result<(), StorageError>;
    /// The newest version of public data (actions, themes, briefings,
    /// regions, milestones, names) this instance knows: stored in the
    /// database and moved on by every change, whichever instance made it
    /// (`server::storage::version` says how soon the others learn of it).
    /// What caches of rendered answers and HTTP validators compare.
    fn data_version(&self) -> u64;
}

/// Countries and regions: names, the country→region table, the briefings
/// and their attendance.
#[async_trait]
pub trait PlaceStorage: Send + Sync + 'static {
    /// Every country with its name in `language`, in that language's
    /// alphabetical order, and its actions' progress.
    async fn countries(&self, language: Language) -> Result<Vec<CountryEntry>, StorageError>;
    async fn country(
        &self,
        iso3: Iso3,
        language: Language,
    ) -> Result<Option<CountryEntry>, StorageError>;
    /// The five regional briefings, in date order.
    async fn briefings(&self) -> Result<Vec<Briefing>, StorageError>;
    async fn briefing(&self, region: Region) -> Result<Option<Briefing>, StorageError>;
    /// Attendance the source reports for the series as a whole.
    async fn series_attendance(&self) -> Result<SeriesAttendance, StorageError>;
    async fn set_briefing(&self, briefing: &Briefing) -> Result<bool, StorageError>;
    /// Moves a country to a region (or to none); its actions follow.
    async fn set_country_region(
        &self,
        iso3: Iso3,
        region: Option<Region>,
    ) -> Result<bool, StorageError>;
    /// Corrects a country's name in one language (`false`: no such country).
    async fn set_country_name(
        &self,
        iso3: Iso3,
        language: Language,
        name: &str,
    ) -> Result<bool, StorageError>;
}

/// Follow-up actions: their state, their changes, their history.
#[async_trait]
pub trait ActionStorage: Send + Sync + 'static {
    /// A country's follow-up actions in kind order, theme names in `language`.
    async fn country_actions(
        &self,
        iso3: Iso3,
        language: Language,
    ) -> Result<Vec<ActionEntry>, StorageError>;
    /// Every country's actions, by country then kind.
    async fn all_country_actions(
        &self,
        language: Language,
    ) -> Result<Vec<(Iso3, ActionEntry)>, StorageError>;
    /// A region's own actions (regional strategy and coordination).
    async fn region_actions(
        &self,
        region: Region,
        language: Language,
    ) -> Result<Vec<ActionEntry>, StorageError>;
    async fn action(
        &self,
        target: ActionTarget,
        kind: ActionKind,
        language: Language,
    ) -> Result<Option<ActionEntry>, StorageError>;
    /// Applies `patch` when the action is still at `expected_version`: the
    /// action, its themes, its evidence and a history row change in one
    /// transaction, and the version goes up by one. A patch that changes
    /// nothing returns the action unchanged.
    async fn update_action(
        &self,
        target: ActionTarget,
        kind: ActionKind,
        expected_version: i64,
        patch: &ValidPatch,
        actor: &Actor,
    ) -> Result<ActionEntry, UpdateError>;
    /// Every change to the target's actions, newest first.
    async fn history(&self, target: ActionTarget) -> Result<Vec<HistoryEntry>, StorageError>;
    /// Changes across every action, as `query` asks (at most `query.limit`).
    async fn changes(&self, query: &ChangeQuery) -> Result<Vec<ChangeRecord>, StorageError>;
}

/// Milestones and their texts.
#[async_trait]
pub trait MilestoneStorage: Send + Sync + 'static {
    /// Every milestone with its text in `language` (English where none was
    /// entered), in start order.
    async fn milestones(&self, language: Language) -> Result<Vec<MilestoneEntry>, StorageError>;
    async fn milestone(&self, slug: &Slug) -> Result<Option<Milestone>, StorageError>;
    /// Replaces a milestone's schedule and its text in one language.
    async fn set_milestone(
        &self,
        milestone: &Milestone,
        language: Language,
        title: &str,
        description: &str,
    ) -> Result<bool, StorageError>;
}

/// Deadlines: when each kind of action is due, and a country's own.
#[async_trait]
pub trait DeadlineStorage: Send + Sync + 'static {
    /// Every deadline: the kinds' in kind order, then countries' own by
    /// country; milestone titles in `language`.
    async fn deadlines(&self, language: Language) -> Result<Vec<DeadlineEntry>, StorageError>;
    /// Sets the deadline of `kind` for every action of the kind (`country`
    /// `None`) or for one country's, or removes it (`deadline` `None`). With
    /// a milestone, the deadline is the day before it opens
    /// (`deadline::before`) and follows it when it is rescheduled. Public
    /// data: the data version moves. `false`: nothing was there to remove.
    async fn set_deadline(
        &self,
        kind: ActionKind,
        country: Option<Iso3>,
        deadline: Option<(&summit::Deadline, Option<&Slug>)>,
        actor: &Actor,
    ) -> Result<bool, StorageError>;
}

/// Reference data: the themes actions are tagged with.
#[async_trait]
pub trait ReferenceStorage: Send + Sync + 'static {
    /// The themes, `(slug, name in language)`, in their display order.
    async fn themes(&self, language: Language) -> Result<Vec<(String, String)>, StorageError>;
    /// Adds a theme with its names (languages without one fall back to English).
    async fn add_theme(
        &self,
        slug: &str,
        names: &[(Language, String)],
    ) -> Result<bool, StorageError>;
}

/// An account with its password hash, for signing in.
#[derive(Clone, Debug)]
pub struct UserRecord {
    pub account: Account,
    /// A PHC string (argon2id), or [`NO_PASSWORD`].
    pub password_hash: String,
    /// Which generation of the account's sessions is valid: it moves when
    /// the account is disabled or its sessions are ended.
    pub session_epoch: i64,
}

/// The stored "hash" of an account that has no password (it signs in
/// through an identity provider, or has not chosen one yet): not a PHC
/// string, so no password ever verifies against it.
pub const NO_PASSWORD: &str = "!";

/// A new account, already validated.
#[derive(Clone, Debug)]
pub struct NewUser {
    pub email: Email,
    pub name: String,
    pub role: Role,
    pub scope: Scope,
    pub password_hash: String,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CreateUserError {
    #[error("an account with that e-mail address exists")]
    Duplicate,
    #[error(transparent)]
    Storage(#[from] StorageError),
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RoleChangeError {
    #[error("no such account")]
    NotFound,
    #[error("the last administrator cannot lose that role")]
    LastAdmin,
    #[error(transparent)]
    Storage(#[from] StorageError),
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum UpdateError {
    /// Someone changed the action since the version the edit was based on;
    /// here is the action as it is now.
    #[error("the action changed since that version")]
    Stale(Box<ActionEntry>),
    #[error("no such action")]
    NotFound,
    #[error(transparent)]
    Storage(#[from] StorageError),
}

/// Reading and changing accounts, sessions' users and bearer tokens.
#[async_trait]
pub trait AccountStorage: Send + Sync + 'static {
    /// Goes up whenever an account's password, role or scope changes through
    /// this instance: the signed-in user kept for a second is read again.
    fn accounts_version(&self) -> u64;
    /// When the failed-sign-in bucket `key` (a hash, see
    /// `services::limits`) is full again, in Unix milliseconds, if it was
    /// ever charged and not forgotten. Shared by every instance.
    async fn failures_full_at(&self, key: &str) -> Result<Option<i64>, StorageError>;
    /// Charges one failure to `key`: its full instant becomes the later of
    /// it and `now_ms`, plus `period_ms`, in one statement.
    async fn charge_failure(
        &self,
        key: &str,
        now_ms: i64,
        period_ms: i64,
    ) -> Result<(), StorageError>;
    /// Forgets the buckets full again by `now_ms`.
    async fn forget_full_buckets(&self, now_ms: i64) -> Result<(), StorageError>;
    async fn user_count(&self) -> Result<i64, StorageError>;
    async fn create_user(&self, user: NewUser) -> Result<i64, CreateUserError>;
    async fn user_by_email(&self, email: &Email) -> Result<Option<UserRecord>, StorageError>;
    async fn user_by_id(&self, id: i64) -> Result<Option<UserRecord>, StorageError>;
    /// Every account, by e-mail address.
    async fn users(&self) -> Result<Vec<Account>, StorageError>;
    async fn set_password(&self, id: i64, password_hash: &str) -> Result<(), StorageError>;
    /// Replaces an account's role and scope (administrators only). Refuses,
    /// in the same transaction as the change, to leave no administrator:
    /// two administrators demoting each other at once cannot both succeed.
    async fn set_role(&self, id: i64, role: Role, scope: &Scope) -> Result<(), RoleChangeError>;
    /// Records that the browser holding the device cookie with this hash
    /// signed in to account `user_id`.
    async fn trust_device(&self, user_id: i64, token_hash: &str) -> Result<(), StorageError>;
    /// The account a device cookie (by its hash) signed in to, if any.
    async fn device_owner(&self, token_hash: &str) -> Result<Option<i64>, StorageError>;
    async fn create_token(
        &self,
        user_id: i64,
        token_hash: &str,
        label: &str,
    ) -> Result<TokenInfo, StorageError>;
    /// The owner of a live (not revoked) token, recording its use.
    async fn user_by_token(&self, token_hash: &str) -> Result<Option<UserRecord>, StorageError>;
    async fn tokens(&self, user_id: i64) -> Result<Vec<TokenInfo>, StorageError>;
    async fn token(&self, id: i64) -> Result<Option<TokenInfo>, StorageError>;
    /// Marks a token revoked; `false` when it was already revoked or unknown.
    async fn revoke_token(&self, id: i64) -> Result<bool, StorageError>;
}

/// Everything the server functions reach.
pub trait FullStorage:
    Storage
    + PlaceStorage
    + ActionStorage
    + MilestoneStorage
    + DeadlineStorage
    + ReviewStorage
    + MailStorage
    + ReferenceStorage
    + AccountStorage
    + SignInStorage
    + AccessLinkStorage
    + SheetStorage
{
}
impl<T> FullStorage for T where
    T: Storage
        + PlaceStorage
        + ActionStorage
        + MilestoneStorage
        + DeadlineStorage
        + ReviewStorage
        + MailStorage
        + ReferenceStorage
        + AccountStorage
        + SignInStorage
        + AccessLinkStorage
        + SheetStorage
{
}

/// The shared handle the server provides to every request.
pub type SharedStorage = Arc<dyn FullStorage>;

/// Every change `query` selects, page by page (`query.limit` per page, in
/// its order), whatever their number.
pub async fn every_change(
    storage: &dyn ActionStorage,
    mut query: ChangeQuery,
) -> Result<Vec<ChangeRecord>, StorageError> {
    let mut all = Vec::new();
    loop {
        let page = storage.changes(&query).await?;
        let done = page.len() < query.limit as usize;
        query.after = page.last().map(|c| c.id);
        all.extend(page);
        if done {
            return Ok(all);
        }
    }
}

// What the storage's errors are to a client: typed, and without internals.

impl From<StorageError> for AppError {
    fn from(_: StorageError) -> Self {
        AppError::Unavailable
    }
}

impl From<RoleChangeError> for AppError {
    fn from(error: RoleChangeError) -> Self {
        match error {
            RoleChangeError::NotFound => AppError::NotFound,
            RoleChangeError::LastAdmin => AppError::Invalid(vec![FieldError::LastAdmin]),
            RoleChangeError::Storage(_) => AppError::Unavailable,
        }
    }
}

impl From<ReviewWriteError> for AppError {
    fn from(error: ReviewWriteError) -> Self {
        match error {
            ReviewWriteError::NotFound => AppError::NotFound,
            // Someone took a step first: the state it was decided on is gone.
            ReviewWriteError::Moved => AppError::Review(summit::ReviewError::Moved),
            ReviewWriteError::AnotherOpen => AppError::Review(summit::ReviewError::AnotherOpen),
            ReviewWriteError::Stale(current) => AppError::Conflict(current),
            ReviewWriteError::Storage(_) => AppError::Unavailable,
        }
    }
}

impl From<UpdateError> for AppError {
    fn from(error: UpdateError) -> Self {
        match error {
            UpdateError::Stale(current) => AppError::Conflict(current),
            UpdateError::NotFound => AppError::NotFound,
            UpdateError::Storage(_) => AppError::Unavailable,
        }
    }
}
