//! The spreadsheet round-trip's storage: uploads kept between their dry run
//! and their application, and an application's writes — through the same
//! `apply_patch` and `propose_in` as a form's edit and a proposal.

use super::actions::{apply_patch, owner, StoredAction};
use super::{internal, SqlStorage};
use app::services::storage::{
    ReviewWriteError, SheetStorage, SheetWrite, StorageError, StoredUpload, WriteResult,
};
use async_trait::async_trait;
use sqlx::{Any, Transaction};
use summit::Actor;

/// How long an upload is kept.
const KEPT_FOR: jiff::SignedDuration = jiff::SignedDuration::from_hours(24);

#[async_trait]
impl SheetStorage for SqlStorage {
    async fn save_upload(&self, upload: &StoredUpload) -> Result<(), StorageError> {
        let cutoff = (jiff::Timestamp::now() - KEPT_FOR).to_string();
        sqlx::query("DELETE FROM sheet_uploads WHERE created_at < $1")
            .bind(&cutoff)
            .execute(&self.pool)
            .await
            .map_err(internal("forget old uploads"))?;
        sqlx::query(
            "INSERT INTO sheet_uploads (id, user_id, file_name, rows, shown, created_at)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(&upload.id)
        .bind(upload.user_id)
        .bind(&upload.file_name)
        .bind(&upload.rows)
        .bind(&upload.shown)
        .bind(&upload.created_at)
        .execute(&self.pool)
        .await
        .map_err(internal("save upload"))?;
        Ok(())
    }

    async fn upload(&self, id: &str) -> Result<Option<StoredUpload>, StorageError> {
        type Row = (
            String,
            i64,
            String,
            String,
            String,
            String,
            Option<String>,
            Option<String>,
        );
        let row: Option<Row> = sqlx::query_as(
            "SELECT id, user_id, file_name, rows, shown, created_at, applied_at, result
             FROM sheet_uploads WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await
        .map_err(internal("upload"))?;
        Ok(row.map(
            |(id, user_id, file_name, rows, shown, created_at, applied_at, result)| StoredUpload {
                id,
                user_id,
                file_name,
                rows,
                shown,
                created_at,
                applied_at,
                result,
            },
        ))
    }

    async fn reshow_upload(&self, id: &str, shown: &str) -> Result<(), StorageError> {
        sqlx::query("UPDATE sheet_uploads SET shown = $1 WHERE id = $2 AND applied_at IS NULL")
            .bind(shown)
            .bind(id)
            .execute(&self.pool)
            .await
            .map_err(internal("reshow upload"))?;
        Ok(())
    }

    async fn apply_upload(
        &self,
        id: &str,
        writes: &[SheetWrite],
        author: &Actor,
        source: &str,
        all_or_nothing: bool,
    ) -> Result<Option<Vec<WriteResult>>, StorageError> {
        let mut tx = self.begin_write().await.map_err(internal("begin apply"))?;
        let claimed = sqlx::query(
            "UPDATE sheet_uploads SET applied_at = $1 WHERE id = $2 AND applied_at IS NULL",
        )
        .bind(jiff::Timestamp::now().to_string())
        .bind(id)
        .execute(&mut *tx)
        .await
        .map_err(internal("claim upload"))?
        .rows_affected();
        if claimed != 1 {
            return Ok(None);
        }
        if !all_or_nothing {
            tx.commit().await.map_err(internal("commit claim"))?;
            let mut results = Vec::with_capacity(writes.len());
            for write in writes {
                let mut tx = self.begin_write().await.map_err(internal("begin row"))?;
                let result = self.write_row(&mut tx, write, author, source).await?;
                let changed = matches!(result, WriteResult::Published);
                if matches!(result, WriteResult::Published | WriteResult::Proposed) {
                    self.commit_changed(tx, changed).await?;
                }
                results.push(result);
            }
            return Ok(Some(results));
        }
        let mut results = Vec::with_capacity(writes.len());
        let mut failed = None;
        for (i, write) in writes.iter().enumerate() {
            let result = self.write_row(&mut tx, write, author, source).await?;
            if !matches!(result, WriteResult::Published | WriteResult::Proposed) {
                failed = Some((i, result));
                break;
            }
            results.push(result);
        }
        if let Some((failed_at, why)) = failed {
            drop(tx);
            // Nothing was written, and the upload may be applied again.
            let mut results = vec![WriteResult::RolledBack; writes.len()];
            results[failed_at] = why;
            return Ok(Some(results));
        }
        let published = results.contains(&WriteResult::Published);
        self.commit_changed(tx, published).await?;
        Ok(Some(results))
    }

    async fn record_result(&self, id: &str, result: &str) -> Result<(), StorageError> {
        sqlx::query("UPDATE sheet_uploads SET result = $1 WHERE id = $2")
            .bind(result)
            .bind(id)
            .execute(&self.pool)
            .await
            .map_err(internal("record upload result"))?;
        Ok(())
    }
}

impl SqlStorage {
    /// One row's write inside `tx`: checked against its version under the
    /// write lock, then published or proposed.
    async fn write_row(
        &self,
        tx: &mut Transaction<'static, Any>,
        write: &SheetWrite,
        author: &Actor,
        source: &str,
    ) -> Result<WriteResult, StorageError> {
        let (column, key) = owner(write.target);
        let row: Option<(i64, String, String, i64)> = sqlx::query_as(&format!(
            "SELECT id, status, note, version FROM actions WHERE {} = $1 AND kind = $2{}",
            column.name(),
            self.for_update()
        ))
        .bind(&key)
        .bind(write.kind.slug())
        .fetch_optional(&mut **tx)
        .await
        .map_err(internal("action for sheet row"))?;
        let Some((id, status, note, version)) = row else {
            return Ok(WriteResult::Stale);
        };
        if version != write.version {
            return Ok(WriteResult::Stale);
        }
        if write.propose {
            return match self
                .propose_in(
                    tx,
                    write.target,
                    write.kind,
                    write.version,
                    &write.patch,
                    author,
                    Some(source),
                )
                .await
            {
                Ok(_) => Ok(WriteResult::Proposed),
                Err(ReviewWriteError::AnotherOpen) => Ok(WriteResult::ProposalOpen),
                Err(ReviewWriteError::Storage(e)) => Err(e),
                Err(_) => Ok(WriteResult::Stale),
            };
        }
        let stored = StoredAction {
            id,
            version,
            status,
            note,
        };
        apply_patch(tx, stored, &write.patch, author, Some(source)).await?;
        Ok(WriteResult::Published)
    }
}
