//! Applying an upload: every row judged again, then the chosen changes
//! written through the storage, all or nothing or row by row.

use super::judge_rows;
use super::upload::{from_json, own_upload, to_json};
use crate::error::AppError;
use crate::model::WriteResult;
use crate::services::editing::theme_slugs;
use crate::services::storage::{SharedStorage, SheetWrite};
use summit::sheet::{ReadRow, RowOutcome};
use summit::{ActionPatch, Actor};

/// How an upload is applied.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ApplyMode {
    /// Every change, or none.
    Whole,
    /// The changes on these lines, each on its own.
    Rows(Vec<u32>),
}

/// What applying did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Applied {
    /// Written (or, row by row, as much as could be): see the page.
    Done,
    /// Something moved since the dry run: it was run again, nothing written.
    Moved,
    /// All or nothing, but some row has a conflict or is refused.
    NotWhole,
    /// Applied before.
    Already,
}

/// Applies an upload: judges every row again, and writes the changes the
/// person chose through the storage (`SheetStorage::apply_upload`).
pub async fn apply(
    storage: &SharedStorage,
    actor: &Actor,
    id: &str,
    mode: &ApplyMode,
) -> Result<Applied, AppError> {
    let upload = own_upload(storage, actor, id).await?;
    if upload.applied_at.is_some() {
        return Ok(Applied::Already);
    }
    let rows: Vec<ReadRow> = from_json(&upload.rows)?;
    let shown: Vec<RowOutcome> = from_json(&upload.shown)?;
    let judged = judge_rows(storage, actor, &rows).await?;
    let outcomes: Vec<RowOutcome> = judged.iter().map(|(o, _)| o.clone()).collect();
    let moved = outcomes != shown;
    let wanted = |line: u32| match mode {
        ApplyMode::Whole => true,
        ApplyMode::Rows(lines) => lines.contains(&line),
    };
    if *mode == ApplyMode::Whole {
        if moved {
            storage.reshow_upload(id, &to_json(&outcomes)?).await?;
            return Ok(Applied::Moved);
        }
        let whole = outcomes
            .iter()
            .all(|o| matches!(o, RowOutcome::Unchanged | RowOutcome::Change { .. }));
        if !whole
            || !outcomes
                .iter()
                .any(|o| matches!(o, RowOutcome::Change { .. }))
        {
            return Ok(Applied::NotWhole);
        }
    }
    let themes = theme_slugs(storage).await?;
    // Row by row, a row is written only if it is still what was shown.
    let mut writes = Vec::new();
    let mut positions = Vec::new();
    for (i, ((row, (outcome, held)), was)) in rows.iter().zip(&judged).zip(&shown).enumerate() {
        let (Ok(cells), RowOutcome::Change { patch, version, .. }) = (&row.cells, outcome) else {
            continue;
        };
        if !wanted(row.line) || outcome != was {
            continue;
        }
        let patch = ActionPatch::validate(patch, &themes).map_err(|_| AppError::Unavailable)?;
        writes.push(SheetWrite {
            target: cells.target,
            kind: cells.kind,
            version: *version,
            patch,
            propose: *held,
        });
        positions.push(i);
    }
    let source = upload.file_name.clone();
    let Some(written) = storage
        .apply_upload(id, &writes, actor, &source, *mode == ApplyMode::Whole)
        .await?
    else {
        return Ok(Applied::Already);
    };
    if *mode == ApplyMode::Whole && written.contains(&WriteResult::RolledBack) {
        storage.reshow_upload(id, &to_json(&outcomes)?).await?;
        return Ok(Applied::Moved);
    }
    let mut results: Vec<Option<WriteResult>> = vec![None; rows.len()];
    for (position, result) in positions.into_iter().zip(written) {
        results[position] = Some(result);
    }
    let results: Vec<Option<WriteResult>> = results
        .into_iter()
        .zip(&outcomes)
        .zip(&shown)
        .map(|((result, now), was)| match (result, was) {
            (Some(result), _) => Some(result),
            (None, RowOutcome::Change { .. }) if now != was => Some(WriteResult::Stale),
            (None, RowOutcome::Change { .. }) => Some(WriteResult::Skipped),
            _ => None,
        })
        .collect();
    storage.record_result(id, &to_json(&results)?).await?;
    Ok(Applied::Done)
}
