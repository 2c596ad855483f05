//! `/api/v1/tracker.json` and `.csv`: one row per country action, under the
//! tracker page's filters.

use super::types::{ActionJson, Lang, LangQuery};
use super::ApiError;
use app::services::past;
use app::services::recent::Recent;
use app::services::shared_reads::SharedReads;
use app::services::storage::CountryEntry;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;
use summit::{Iso3, Language, Region, TrackerFilter};
use utoipa::ToSchema;

/// One action of one country: a row of the tracker exports.
#[derive(Debug, Serialize, ToSchema)]
pub struct TrackerItem {
    iso3: String,
    country: String,
    region: Option<&'static str>,
    #[serde(flatten)]
    action: ActionJson,
}

/// The exports' bodies as of now (never a past `?at=` day), by language,
/// filter and format. A body is made once per data version, and is used for
/// at most a second (the rule for changes made through another instance),
/// so a dashboard or a crawler asking again and again, with any other
/// parameters, costs a copy instead of a serialization of every action.
///
/// Memory: at most [`Exports::MAX_LEN`] bodies of about 220 KB (every
/// action, unfiltered) or less, so about 14 MB at the very most.
pub struct Exports(Recent<(Language, TrackerFilter, Format), Bytes>);

impl Exports {
    pub const MAX_LEN: usize = 64;

    pub fn new() -> Self {
        Exports(Recent::new(Duration::from_secs(1), Self::MAX_LEN))
    }
}

impl Default for Exports {
    fn default() -> Self {
        Self::new()
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Format {
    Json,
    Csv,
}

/// The body of an export for `query`: kept (see [`Exports`]) unless it is
/// of a past day.
async fn export(
    shared: &SharedReads,
    exports: &Exports,
    query: &HashMap<String, String>,
    format: Format,
) -> Result<Bytes, ApiError> {
    let (language, filter, day) = parse(query)?;
    // Read before the rows: a change landing in between makes the body
    // unusable, never stale.
    let version = shared.storage().data_version();
    let key = (language, filter, format);
    if day.is_none() {
        if let Some(body) = exports.0.get(&key, version) {
            return Ok(body);
        }
    }
    let items = tracker_items(shared, language, &key.1, day).await?;
    let body = Bytes::from(match format {
        Format::Json => serde_json::to_vec(&items).map_err(|_| unwritable("JSON"))?,
        Format::Csv => csv_body(items)?,
    });
    if day.is_none() {
        exports.0.put(key, version, body.clone());
    }
    Ok(body)
}

/// The rows for `query`, made afresh (the archive's export).
pub(super) async fn rows(
    shared: &SharedReads,
    query: &HashMap<String, String>,
) -> Result<Vec<TrackerItem>, ApiError> {
    let (language, filter, day) = parse(query)?;
    tracker_items(shared, language, &filter, day).await
}

/// An export's language, filter and day (`?at=`), or a 400.
fn parse(
    query: &HashMap<String, String>,
) -> Result<(Language, TrackerFilter, Option<jiff::civil::Date>), ApiError> {
    let language = LangQuery::from_map(query).language()?;
    let filter = TrackerFilter::parse(|k| query.get(k).cloned())
        .map_err(|_| ApiError::bad_request("unknown region, theme, status, kind or due state"))?;
    Ok((language, filter, at_day(query)?))
}

fn unwritable(what: &str) -> ApiError {
    ApiError::new(
        StatusCode::INTERNAL_SERVER_ERROR,
        format!("the {what} could not be written"),
    )
}

/// The tracker's rows under the same filters as the tracker page, in the
/// country table's (collated) order, then kind order.
async fn tracker_items(
    shared: &SharedReads,
    language: Language,
    filter: &TrackerFilter,
    day: Option<jiff::civil::Date>,
) -> Result<Vec<TrackerItem>, ApiError> {
    let (countries, actions) = match day {
        None => (
            shared.countries(language).await?,
            shared.all_country_actions(language).await?,
        ),
        Some(day) => {
            let now = shared.all_country_actions(language).await?;
            let then = past::actions_at(
                &now,
                &shared.history().await?,
                &shared.themes(language).await?,
                day,
            );
            let countries = past::with_progress(&shared.countries(language).await?, &then);
            (Arc::new(countries), Arc::new(then))
        }
    };
    let by_code: HashMap<Iso3, (usize, &CountryEntry)> = countries
        .iter()
        .enumerate()
        .map(|(i, c)| (c.iso3, (i, c)))
        .collect();
    let mut items: Vec<(usize, TrackerItem)> = actions
        .iter()
        .filter_map(|(iso3, action)| {
            let (position, country) = *by_code.get(iso3)?;
            let region = country.coverage.region();
            let (kind, status) = (action.kind, action.status);
            let due = action.due.as_ref().map(|d| d.state);
            let action = ActionJson::from(action.clone());
            filter
                .matches(region, kind, status, due, &action.themes)
                .then(|| {
                    (
                        position,
                        TrackerItem {
                            iso3: iso3.to_string(),
                            country: country.name.clone(),
                            region: region.map(Region::slug),
                            action,
                        },
                    )
                })
        })
        .collect();
    items.sort_by_key(|(i, _)| *i);
    Ok(items.into_iter().map(|(_, item)| item).collect())
}

/// `?at=`: a day from the summit's first to today (the state at its end),
/// or absent (now); anything else is a 400.
pub(super) fn at_day(
    query: &HashMap<String, String>,
) -> Result<Option<jiff::civil::Date>, ApiError> {
    match query.get("at").map(|v| v.trim()).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(value) => past::parse_day(value, past::today())
            .map(Some)
            .ok_or_else(|| {
                ApiError::bad_request(
                "at must be a date (YYYY-MM-DD) from the summit's first day (2025-11-04) to today",
            )
            }),
    }
}

/// Every country action under the tracker page's filters.
#[utoipa::path(get, path = "/api/v1/tracker.json", tag = "read",
    params(TrackerParams),
    responses((status = 200, body = Vec<TrackerItem>), (status = 400, description = "Unknown filter value", body = ApiError)))]
pub async fn tracker_json(
    State(shared): State<Arc<SharedReads>>,
    State(exports): State<Arc<Exports>>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Response, ApiError> {
    let body = export(&shared, &exports, &query, Format::Json).await?;
    Ok(([(CONTENT_TYPE, "application/json")], body).into_response())
}

/// A cell a spreadsheet shows as text, never runs as a formula: a value
/// that would run as one (`summit::sheet::runs_as_formula`: it starts with
/// `=`, `+`, `-`, `@`, a tab or a carriage return, as a note such as
/// `=HYPERLINK(…)` does) gets a leading `'`, as OWASP advises for CSV
/// exports. Nothing else is changed. Uploads refuse such a new value with
/// the same rule.
pub(super) fn spreadsheet_safe(cell: String) -> String {
    if summit::sheet::runs_as_formula(&cell) {
        format!("'{cell}")
    } else {
        cell
    }
}

/// The same rows as CSV.
#[utoipa::path(get, path = "/api/v1/tracker.csv", tag = "read",
    params(TrackerParams),
    responses((status = 200, content_type = "text/csv", body = String), (status = 400, description = "Unknown filter value", body = ApiError)))]
/// The CSV export: a header row, UTF-8, quoted where needed (the `csv`
/// crate); lists are joined with "; ".
pub async fn tracker_csv(
    State(shared): State<Arc<SharedReads>>,
    State(exports): State<Arc<Exports>>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Response, ApiError> {
    let body = export(&shared, &exports, &query, Format::Csv).await?;
    Ok((
        [
            (CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                CONTENT_DISPOSITION,
                "attachment; filename=\"social-summit-tracker.csv\"",
            ),
        ],
        body,
    )
        .into_response())
}

/// The rows as CSV (the archive's too): a header row, UTF-8, quoted where needed (the `csv`
/// crate); lists are joined with "; ".
pub(super) fn csv_body(items: Vec<TrackerItem>) -> Result<Vec<u8>, ApiError> {
    let failed = |_| unwritable("CSV");
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer
        .write_record([
            "iso3",
            "country",
            "region",
            "kind",
            "status",
            "themes",
            "evidence",
            "note",
            "updated_by",
            "updated_at",
            "version",
            "due_date",
            "due_zone",
            "due_state",
            "due_days_left",
        ])
        .map_err(failed)?;
    for item in items {
        let due = item.action.due.as_ref();
        writer
            .write_record(
                [
                    item.iso3,
                    item.country,
                    item.region.unwrap_or("").to_owned(),
                    item.action.kind.to_owned(),
                    item.action.status.to_owned(),
                    item.action.themes.join("; "),
                    item.action.evidence.join("; "),
                    item.action.note,
                    item.action.updated_by.unwrap_or_default(),
                    item.action.updated_at.unwrap_or_default(),
                    item.action.version.to_string(),
                    due.map(|d| d.date.clone()).unwrap_or_default(),
                    due.map(|d| d.zone.clone()).unwrap_or_default(),
                    due.map(|d| d.state.to_owned()).unwrap_or_default(),
                    due.map(|d| d.days_left.to_string()).unwrap_or_default(),
                ]
                .map(spreadsheet_safe),
            )
            .map_err(failed)?;
    }
    writer.into_inner().map_err(|_| unwritable("CSV"))
}

/// The tracker filters, as query parameters (each optional).
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct TrackerParams {
    /// Language of the names (default en)
    #[param(value_type = Option<Lang>)]
    lang: Option<String>,
    /// Only this region's countries: africa, arab-states, asia-pacific,
    /// europe-central-asia or latin-america-caribbean (empty: all, as the
    /// tracker page's form sends it)
    region: Option<String>,
    /// A theme slug (administrators add themes, so the list is open; empty: all)
    theme: Option<String>,
    /// Only actions with this status: not-reported, not-started,
    /// in-progress, completed or at-risk (empty: all)
    status: Option<String>,
    /// An action kind: national-consultation, delegation-support, … (empty: all)
    kind: Option<String>,
    /// Only actions with a deadline that stand so against it: on-track,
    /// due-soon, overdue or completed (empty: all, with or without one)
    due: Option<String>,
    /// The state at the end of this day (YYYY-MM-DD, from 2025-11-04 to
    /// today), rebuilt from the history; absent or empty (as the tracker
    /// page's form sends it): now
    #[param(pattern = "^([0-9]{4}-[0-9]{2}-[0-9]{2})?$")]
    at: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::spreadsheet_safe;

    #[test]
    fn formulas_in_free_text_reach_spreadsheets_as_text() {
        for formula in [
            "=HYPERLINK(\"http://x\",\"y\")",
            "+1",
            "-1+2",
            "@SUM(A1)",
            "\tx",
        ] {
            assert_eq!(spreadsheet_safe(formula.into()), format!("'{formula}"));
        }
        for plain in ["KEN", "Budget delayed", "2026-11-29T00:00:00Z", "3", ""] {
            assert_eq!(spreadsheet_safe(plain.into()), plain);
        }
    }
}
