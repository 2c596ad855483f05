//! An upload between its dry run and its application: kept, and shown.

use super::{judge_rows, read_table, row_names, vocabulary};
use crate::error::AppError;
use crate::model::{RowView, UploadView, WriteResult};
use crate::services::editing::held_for_review;
use crate::services::storage::{SharedStorage, StoredUpload};
use summit::sheet::{FileProblem, ReadRow, RowOutcome, Table};
use summit::{ActionTarget, Actor, Language};

/// Reads an uploaded table, judges it and keeps it for its dry run: the
/// upload's id. A bad file is refused whole and nothing is kept.
pub async fn dry_run(
    storage: &SharedStorage,
    actor: &Actor,
    table: &Table,
    file_name: &str,
) -> Result<Result<String, FileProblem>, AppError> {
    let words = vocabulary(storage).await?;
    let rows = match read_table(table, &words) {
        Ok(rows) => rows,
        Err(problem) => return Ok(Err(problem)),
    };
    let judged = judge_rows(storage, actor, &rows).await?;
    let outcomes: Vec<&RowOutcome> = judged.iter().map(|(o, _)| o).collect();
    let id = crate::services::accounts::random_hex(16);
    storage
        .save_upload(&StoredUpload {
            id: id.clone(),
            user_id: actor.id,
            file_name: summit::sheet::clean_file_name(file_name),
            rows: to_json(&rows)?,
            shown: to_json(&outcomes)?,
            created_at: jiff::Timestamp::now().to_string(),
            applied_at: None,
            result: None,
        })
        .await?;
    Ok(Ok(id))
}

pub(super) fn to_json<T: serde::Serialize>(value: &T) -> Result<String, AppError> {
    serde_json::to_string(value).map_err(|_| AppError::Unavailable)
}

pub(super) fn from_json<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, AppError> {
    serde_json::from_str(text).map_err(|_| AppError::Unavailable)
}

/// The upload `id` if it is `actor`'s (anyone else's is "not found").
pub(super) async fn own_upload(
    storage: &SharedStorage,
    actor: &Actor,
    id: &str,
) -> Result<StoredUpload, AppError> {
    match storage.upload(id).await? {
        Some(upload) if upload.user_id == actor.id => Ok(upload),
        _ => Err(AppError::NotFound),
    }
}

/// An upload's page in `language`.
pub async fn view(
    storage: &SharedStorage,
    actor: &Actor,
    id: &str,
    language: Language,
) -> Result<UploadView, AppError> {
    let upload = own_upload(storage, actor, id).await?;
    let rows: Vec<ReadRow> = from_json(&upload.rows)?;
    let shown: Vec<RowOutcome> = from_json(&upload.shown)?;
    let results: Option<Vec<Option<WriteResult>>> =
        upload.result.as_deref().map(from_json).transpose()?;
    let mut proposes = false;
    let mut views = Vec::with_capacity(rows.len());
    for (i, (row, outcome)) in rows.iter().zip(shown).enumerate() {
        if let (Ok(cells), RowOutcome::Change { .. }) = (&row.cells, &outcome) {
            let region = match cells.target {
                ActionTarget::Country(iso3) => storage
                    .country(iso3, Language::En)
                    .await?
                    .and_then(|c| c.coverage.region()),
                ActionTarget::Region(region) => Some(region),
            };
            proposes |= held_for_review(storage, actor, region).await?;
        }
        let (place, action) = row_names(storage, language, row).await?;
        views.push(RowView {
            line: row.line,
            place,
            action,
            outcome,
            result: results.as_ref().and_then(|r| r.get(i).copied().flatten()),
        });
    }
    Ok(UploadView {
        id: upload.id,
        file_name: upload.file_name,
        created_at: upload.created_at,
        rows: views,
        proposes,
        applied: upload.result.is_some(),
        themes: storage.themes(language).await?,
    })
}
