//! The spreadsheet round-trip as its page shows it: an upload's dry run, and
//! once applied, what became of each row.

use serde::{Deserialize, Serialize};
use summit::sheet::RowOutcome;

/// What became of one row's write.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum WriteResult {
    Published,
    Proposed,
    /// The action changed since the dry run; nothing written.
    Stale,
    /// Another proposal for the action is open; nothing written.
    ProposalOpen,
    /// All or nothing, and another row could not be written: rolled back.
    RolledBack,
    /// Row by row, and the person did not tick it.
    Skipped,
}

/// One row of an upload.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowView {
    /// Its line in the file (the heading is line 1).
    pub line: u32,
    /// The place and the action in the page's language, or as the file
    /// wrote them when they could not be read.
    pub place: String,
    pub action: String,
    pub outcome: RowOutcome,
    /// Once applied.
    pub result: Option<WriteResult>,
}

/// An upload's page: the dry run, or what was applied.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UploadView {
    pub id: String,
    pub file_name: String,
    pub created_at: String,
    pub rows: Vec<RowView>,
    /// Review before publishing holds the account's edits of some rows:
    /// those become proposals.
    pub proposes: bool,
    pub applied: bool,
    /// Theme slugs with their names in the page's language.
    pub themes: Vec<(String, String)>,
}

impl UploadView {
    /// Rows per outcome: unchanged, change, conflict, refused.
    pub fn counts(&self) -> [usize; 4] {
        let mut counts = [0; 4];
        for row in &self.rows {
            let i = match row.outcome {
                RowOutcome::Unchanged => 0,
                RowOutcome::Change { .. } => 1,
                RowOutcome::Conflict { .. } => 2,
                RowOutcome::Refused { .. } => 3,
            };
            counts[i] += 1;
        }
        counts
    }

    /// Whether the whole file can be applied at once: nothing in conflict,
    /// nothing refused, something to change.
    pub fn applies_whole(&self) -> bool {
        let [_, change, conflict, refused] = self.counts();
        change > 0 && conflict == 0 && refused == 0
    }
}
