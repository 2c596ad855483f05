//! Storage of the spreadsheet round-trip: an upload between its dry run and
//! its application, and the writes of an application (server only).

use super::StorageError;
use async_trait::async_trait;
use summit::{ActionKind, ActionTarget, Actor, ValidPatch};

/// An upload as kept: the rows as read and what the dry run showed, as
/// JSON; once applied, what happened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredUpload {
    /// A random identifier (128 bits, URL-safe): its page's address.
    pub id: String,
    pub user_id: i64,
    pub file_name: String,
    pub rows: String,
    pub shown: String,
    pub created_at: String,
    pub applied_at: Option<String>,
    pub result: Option<String>,
}

/// One row's write: publish the patch, or (review before publishing holds
/// the author's edits) propose it; only if the action is still at
/// `version`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SheetWrite {
    pub target: ActionTarget,
    pub kind: ActionKind,
    pub version: i64,
    pub patch: ValidPatch,
    pub propose: bool,
}

pub use crate::model::WriteResult;

#[async_trait]
pub trait SheetStorage: Send + Sync + 'static {
    /// Keeps an upload (and forgets those older than a day).
    async fn save_upload(&self, upload: &StoredUpload) -> Result<(), StorageError>;
    async fn upload(&self, id: &str) -> Result<Option<StoredUpload>, StorageError>;
    /// Replaces what the dry run showed (it was run again).
    async fn reshow_upload(&self, id: &str, shown: &str) -> Result<(), StorageError>;
    /// Writes the rows in `author`'s name, each noting `source` in the
    /// history (or on its proposal). `all_or_nothing`: in one transaction,
    /// and if any row cannot be written, none is (that row says why, the
    /// others [`WriteResult::RolledBack`]); otherwise row by row. Then
    /// marks the upload applied with `result` (JSON of what happened) —
    /// only once: `None` if it was applied already, and nothing is written.
    async fn apply_upload(
        &self,
        id: &str,
        writes: &[SheetWrite],
        author: &Actor,
        source: &str,
        all_or_nothing: bool,
    ) -> Result<Option<Vec<WriteResult>>, StorageError>;
    /// Notes what happened once applied (the outcome shown on its page).
    async fn record_result(&self, id: &str, result: &str) -> Result<(), StorageError>;
}
