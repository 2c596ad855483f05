//! `/api/v1/export.zip`: all the data in one download — the tracker (CSV and
//! JSON), the full history of changes (CSV and JSON), countries, regions,
//! milestones (JSON and iCalendar) and a data dictionary (`README.md`).
//!
//! Each file is exactly what its API endpoint answers (the handlers are
//! called, so the two cannot drift). The archive is written as it is sent
//! (async_zip with data descriptors, through a 64 KiB pipe): one member is
//! in memory at a time, never the whole zip.

use super::changes::{ChangeJson, MAX_LIMIT};
use super::types::LangQuery;
use super::{countries, milestones, regions, tracker, ApiError};
use app::services::shared_reads::SharedReads;
use app::services::storage::{every_change, ActionTarget, ChangeQuery, SharedStorage};
use async_zip::tokio::write::ZipFileWriter;
use async_zip::{Compression, ZipDateTime, ZipDateTimeBuilder, ZipEntryBuilder};
use axum::body::Body;
use axum::extract::{Query, State};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use axum::Json;
use std::collections::HashMap;
use std::sync::Arc;
use summit::Language;

const DICTIONARY: &str = include_str!("export_dictionary.md");

/// Everything, in one zip.
#[utoipa::path(get, path = "/api/v1/export.zip", tag = "read",
    params(("lang" = Option<super::types::Lang>, Query, description = "Language of names and texts (default en)"),
           ("at" = Option<String>, Query, pattern = "^([0-9]{4}-[0-9]{2}-[0-9]{2})?$", description = "The tracker and the history as they were at the end of this day (YYYY-MM-DD, 2025-11-04 to today; empty: now)")),
    responses((status = 200, content_type = "application/zip", description = "A zip of CSV, JSON and iCalendar files with a data dictionary"),
              (status = 400, description = "Unknown lang, or a day the history cannot answer", body = ApiError)))]
pub async fn export_zip(
    State(storage): State<SharedStorage>,
    State(shared): State<Arc<SharedReads>>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Response, ApiError> {
    let language = LangQuery::from_map(&query).language()?;
    let at = tracker::at_day(&query)?;
    // Fail with a status while one can still be sent: is the data there?
    storage.countries(language).await?;
    let (writer, reader) = tokio::io::duplex(64 * 1024);
    tokio::spawn(async move {
        if let Err(error) = write_archive(writer, storage, shared, language, at).await {
            // The client sees a truncated download; the cause is here.
            tracing::error!(%error, "the export stopped");
        }
    });
    let stream = tokio_util::io::ReaderStream::new(reader);
    Ok((
        [
            (CONTENT_TYPE, "application/zip".to_owned()),
            (
                CONTENT_DISPOSITION,
                format!(
                    "attachment; filename=\"social-summit-tracker-{}.zip\"",
                    language.code()
                ),
            ),
        ],
        Body::from_stream(stream),
    )
        .into_response())
}

#[derive(Debug, thiserror::Error)]
enum ExportError {
    #[error("zip: {0}")]
    Zip(#[from] async_zip::error::ZipError),
    #[error("data: {0}")]
    Data(String),
}

impl From<ApiError> for ExportError {
    fn from(error: ApiError) -> Self {
        ExportError::Data(format!("{:?}", error.status()))
    }
}

impl From<serde_json::Error> for ExportError {
    fn from(error: serde_json::Error) -> Self {
        ExportError::Data(error.to_string())
    }
}

async fn write_archive(
    writer: tokio::io::DuplexStream,
    storage: SharedStorage,
    shared: Arc<SharedReads>,
    language: Language,
    at: Option<jiff::civil::Date>,
) -> Result<(), ExportError> {
    let mut zip = Archive {
        writer: ZipFileWriter::with_tokio(writer),
        written_at: zip_time(jiff::Timestamp::now()),
    };
    let lang = HashMap::from([("lang".to_owned(), language.code().to_owned())]);
    let lang_query = || LangQuery::from_map(&lang);
    // The tracker and the history as they were at the end of `at`.
    let mut tracker_query = lang.clone();
    if let Some(day) = at {
        tracker_query.insert("at".to_owned(), day.to_string());
    }

    let rows = tracker::rows(&shared, &tracker_query).await?;
    add(&mut zip, "tracker.json", &serde_json::to_vec_pretty(&rows)?).await?;
    add(&mut zip, "tracker.csv", &tracker::csv_body(rows)?).await?;

    let mut history = all_changes(&storage).await?;
    if let Some(day) = at {
        history.retain(|c| app::services::past::made_by(&c.changed_at, day));
    }
    add(&mut zip, "history.csv", &history_csv(&history)?).await?;
    let history: Vec<ChangeJson> = history.into_iter().map(ChangeJson::from).collect();
    add(
        &mut zip,
        "history.json",
        &serde_json::to_vec_pretty(&history)?,
    )
    .await?;
    drop(history);

    let Json(list) = countries::countries(State(storage.clone()), lang_query()).await?;
    add(
        &mut zip,
        "countries.json",
        &serde_json::to_vec_pretty(&list)?,
    )
    .await?;
    let Json(list) = regions::regions(State(storage.clone()), lang_query()).await?;
    add(&mut zip, "regions.json", &serde_json::to_vec_pretty(&list)?).await?;
    let Json(list) = milestones::list(State(storage.clone()), lang_query()).await?;
    add(
        &mut zip,
        "milestones.json",
        &serde_json::to_vec_pretty(&list)?,
    )
    .await?;
    let ics = milestones::calendar(State(storage.clone()), lang_query()).await?;
    add(&mut zip, "milestones.ics", &body_bytes(ics).await?).await?;

    add(
        &mut zip,
        "README.md",
        dictionary(&shared, language, at).await?.as_bytes(),
    )
    .await?;
    zip.writer.close().await?;
    Ok(())
}

/// The zip being written, and the time its members are dated with.
struct Archive {
    writer: ZipFileWriter<tokio::io::DuplexStream>,
    written_at: ZipDateTime,
}

/// A zip member's date: the moment the export was made, in UTC (zip dates
/// carry no zone; without one, every member showed 1 January 1980).
fn zip_time(at: jiff::Timestamp) -> ZipDateTime {
    let utc = at.to_zoned_datetime(jiff::tz::TimeZone::UTC);
    ZipDateTimeBuilder::new()
        .year(utc.year().into())
        .month(utc.month() as u32)
        .day(utc.day() as u32)
        .hour(utc.hour() as u32)
        .minute(utc.minute() as u32)
        .second(utc.second() as u32)
        .build()
}

async fn add(zip: &mut Archive, name: &str, data: &[u8]) -> Result<(), ExportError> {
    let entry = ZipEntryBuilder::new(name.to_owned().into(), Compression::Deflate)
        .last_modification_date(zip.written_at);
    zip.writer.write_entry_whole(entry, data).await?;
    Ok(())
}

async fn body_bytes(response: Response) -> Result<Vec<u8>, ExportError> {
    axum::body::to_bytes(response.into_body(), 64 * 1024 * 1024)
        .await
        .map(|b| b.to_vec())
        .map_err(|e| ExportError::Data(e.to_string()))
}

/// Every change, oldest first.
async fn all_changes(
    storage: &SharedStorage,
) -> Result<Vec<app::services::storage::ChangeRecord>, ApiError> {
    let query = ChangeQuery {
        limit: MAX_LIMIT,
        ..ChangeQuery::default()
    };
    Ok(every_change(storage.as_ref(), query).await?)
}

/// One row per changed field, so a spreadsheet can filter by field.
fn history_csv(changes: &[app::services::storage::ChangeRecord]) -> Result<Vec<u8>, ExportError> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let failed = |e: csv::Error| ExportError::Data(e.to_string());
    writer
        .write_record([
            "id",
            "country",
            "region",
            "kind",
            "version",
            "changed_by",
            "changed_at",
            "field",
            "from",
            "to",
            "note",
        ])
        .map_err(failed)?;
    let value = |v: &serde_json::Value| match v {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Array(items) => items
            .iter()
            .filter_map(|i| i.as_str())
            .collect::<Vec<_>>()
            .join("; "),
        other => other.to_string(),
    };
    for change in changes {
        let country = match change.target {
            ActionTarget::Country(iso3) => iso3.to_string(),
            ActionTarget::Region(_) => String::new(),
        };
        for field in &change.changes {
            writer
                .write_record([
                    change.id.to_string(),
                    country.clone(),
                    change.region.map(|r| r.slug()).unwrap_or("").to_owned(),
                    change.kind.slug().to_owned(),
                    change.version.to_string(),
                    tracker::spreadsheet_safe(change.changed_by.clone()),
                    change.changed_at.clone(),
                    field.field.clone(),
                    tracker::spreadsheet_safe(value(&field.from)),
                    tracker::spreadsheet_safe(value(&field.to)),
                    tracker::spreadsheet_safe(change.note.clone()),
                ])
                .map_err(failed)?;
        }
    }
    writer
        .into_inner()
        .map_err(|e| ExportError::Data(e.to_string()))
}

/// The data dictionary, with the lists that change (themes) filled in.
async fn dictionary(
    shared: &SharedReads,
    language: Language,
    at: Option<jiff::civil::Date>,
) -> Result<String, ApiError> {
    let statuses = summit::Status::ALL
        .iter()
        .map(|s| format!("- `{}`", s.slug()))
        .collect::<Vec<_>>()
        .join("\n");
    let kinds = summit::ActionKind::ALL
        .iter()
        .map(|k| {
            format!(
                "- `{}`: {}",
                k.slug(),
                app::services::change_text::action_name(language, *k)
            )
        })
        .collect::<Vec<_>>()
        .join("\n");
    let themes = shared
        .themes(language)
        .await?
        .iter()
        .map(|(slug, name)| format!("- `{slug}`: {name}"))
        .collect::<Vec<_>>()
        .join("\n");
    Ok(DICTIONARY
        .replace("{{exported_at}}", &jiff::Timestamp::now().to_string())
        .replace("{{lang}}", language.code())
        .replace(
            "{{as_of}}",
            &at.map_or_else(
                || "today's state".to_owned(),
                |day| format!("the state at the end of {day} (UTC), rebuilt from the history"),
            ),
        )
        .replace("{{statuses}}", &statuses)
        .replace("{{kinds}}", &kinds)
        .replace("{{themes}}", &themes))
}
