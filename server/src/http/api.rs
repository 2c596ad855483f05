//! The public, read-only JSON API for countries and regions (`/api/v1/…`).
//! Every response is in the language of `?lang=` (English by default).

use super::milestones::{ApiError, LangQuery};
#[allow(unused_imports)] // named in the OpenAPI annotations only
use super::openapi::{ErrorJson, Lang};
use super::AppState;
use app::i18n::Locale;
use app::services::storage::{ActionEntry, CountryEntry, SharedStorage};
use axum::extract::{Path, Query, State};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::Serialize;
use std::collections::HashMap;
use summit::TrackerFilter;
use summit::{Iso3, Language, Progress, Region};
use utoipa::ToSchema;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/countries", get(countries))
        .route("/api/v1/countries/{iso3}", get(country))
        .route("/api/v1/regions", get(regions))
        .route("/api/v1/regions/{slug}", get(region))
        .route("/api/v1/tracker.json", get(tracker_json))
        .route("/api/v1/tracker.csv", get(tracker_csv))
}

const UNAVAILABLE: ApiError = ApiError(
    StatusCode::SERVICE_UNAVAILABLE,
    "the database is unavailable",
);

#[derive(Debug, Serialize, ToSchema)]
pub struct ProgressJson {
    total: u32,
    completed: u32,
    in_progress: u32,
    not_started: u32,
    at_risk: u32,
    not_reported: u32,
    /// Share of actions completed, in percent; null while nothing is reported.
    percent_completed: Option<u32>,
}

impl From<Progress> for ProgressJson {
    fn from(p: Progress) -> Self {
        ProgressJson {
            total: p.total,
            completed: p.completed,
            in_progress: p.in_progress,
            not_started: p.not_started,
            at_risk: p.at_risk,
            not_reported: p.not_reported,
            percent_completed: p.percent_completed(),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CountryJson {
    iso3: String,
    m49: String,
    name: String,
    region: Option<&'static str>,
    un_country_team: bool,
    progress: ProgressJson,
}

impl From<CountryEntry> for CountryJson {
    fn from(c: CountryEntry) -> Self {
        CountryJson {
            iso3: c.iso3.to_string(),
            m49: c.m49.to_string(),
            name: c.name,
            region: c.coverage.region().map(Region::slug),
            un_country_team: c.coverage.region().is_some(),
            progress: c.progress.into(),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ActionJson {
    pub kind: &'static str,
    pub status: &'static str,
    pub themes: Vec<String>,
    pub evidence: Vec<String>,
    pub note: String,
    pub updated_by: Option<String>,
    pub updated_at: Option<String>,
    pub version: i64,
}

impl From<ActionEntry> for ActionJson {
    fn from(a: ActionEntry) -> Self {
        ActionJson {
            kind: a.kind.slug(),
            status: a.status.slug(),
            themes: a.themes.into_iter().map(|(slug, _)| slug).collect(),
            evidence: a.evidence,
            note: a.note,
            updated_by: a.updated_by,
            updated_at: a.updated_at,
            version: a.version,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CountryDetailJson {
    #[serde(flatten)]
    country: CountryJson,
    actions: Vec<ActionJson>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RegionJson {
    slug: &'static str,
    name: String,
    briefing_date: Option<String>,
    countries: usize,
    progress: ProgressJson,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RegionDetailJson {
    #[serde(flatten)]
    region: RegionJson,
    country_list: Vec<CountryJson>,
}

fn region_name(language: Language, region: Region) -> String {
    let locale: Locale = language.code().parse().unwrap_or_default();
    app::text::region_name_in(locale, region)
}

/// Every country and territory with its region and follow-up progress.
#[utoipa::path(get, path = "/api/v1/countries", tag = "read",
    params(("lang" = Option<Lang>, Query, description = "Language of the names (default en)")),
    responses((status = 200, body = Vec<CountryJson>), (status = 400, description = "Unknown lang", body = ErrorJson)))]
pub(super) async fn countries(
    State(storage): State<SharedStorage>,
    query: LangQuery,
) -> Result<Json<Vec<CountryJson>>, ApiError> {
    let list = storage
        .countries(query.language()?)
        .await
        .map_err(|_| UNAVAILABLE)?;
    Ok(Json(list.into_iter().map(CountryJson::from).collect()))
}

/// One country with its follow-up actions.
#[utoipa::path(get, path = "/api/v1/countries/{iso3}", tag = "read",
    params(("iso3" = String, Path, description = "ISO 3166-1 alpha-3 code, any case"),
           ("lang" = Option<Lang>, Query, description = "Language of the names (default en)")),
    responses((status = 200, body = CountryDetailJson),
              (status = 400, description = "Unknown lang", body = ErrorJson),
              (status = 404, description = "Unknown code", body = ErrorJson)))]
pub(super) async fn country(
    State(storage): State<SharedStorage>,
    Path(code): Path<String>,
    query: LangQuery,
) -> Result<Json<CountryDetailJson>, ApiError> {
    let language = query.language()?;
    let not_found = ApiError(
        StatusCode::NOT_FOUND,
        "no country with that ISO 3166-1 alpha-3 code",
    );
    let iso3 = Iso3::parse_any_case(&code).map_err(|_| not_found)?;
    let country = storage
        .country(iso3, language)
        .await
        .map_err(|_| UNAVAILABLE)?
        .ok_or(ApiError(
            StatusCode::NOT_FOUND,
            "no country with that ISO 3166-1 alpha-3 code",
        ))?;
    let actions = storage
        .country_actions(iso3, language)
        .await
        .map_err(|_| UNAVAILABLE)?;
    Ok(Json(CountryDetailJson {
        country: country.into(),
        actions: actions.into_iter().map(ActionJson::from).collect(),
    }))
}

async fn summarise(
    storage: &SharedStorage,
    language: Language,
) -> Result<Vec<(RegionJson, Vec<CountryEntry>)>, ApiError> {
    let countries = storage.countries(language).await.map_err(|_| UNAVAILABLE)?;
    let briefings = storage.briefings().await.map_err(|_| UNAVAILABLE)?;
    Ok(Region::ALL
        .into_iter()
        .map(|region| {
            let members: Vec<CountryEntry> = countries
                .iter()
                .filter(|c| c.coverage.region() == Some(region))
                .cloned()
                .collect();
            let summary = RegionJson {
                slug: region.slug(),
                name: region_name(language, region),
                briefing_date: briefings
                    .iter()
                    .find(|b| b.region == region)
                    .map(|b| b.date.to_string()),
                countries: members.len(),
                progress: members.iter().map(|c| c.progress).sum::<Progress>().into(),
            };
            (summary, members)
        })
        .collect())
}

/// The five regions with their briefing date and follow-up progress.
#[utoipa::path(get, path = "/api/v1/regions", tag = "read",
    params(("lang" = Option<Lang>, Query, description = "Language of the names (default en)")),
    responses((status = 200, body = Vec<RegionJson>), (status = 400, description = "Unknown lang", body = ErrorJson)))]
pub(super) async fn regions(
    State(storage): State<SharedStorage>,
    query: LangQuery,
) -> Result<Json<Vec<RegionJson>>, ApiError> {
    let all = summarise(&storage, query.language()?).await?;
    Ok(Json(all.into_iter().map(|(r, _)| r).collect()))
}

/// One region with its countries.
#[utoipa::path(get, path = "/api/v1/regions/{slug}", tag = "read",
    params(("slug" = String, Path, description = "africa, arab-states, asia-pacific, europe-central-asia, latin-america-caribbean"),
           ("lang" = Option<Lang>, Query, description = "Language of the names (default en)")),
    responses((status = 200, body = RegionDetailJson),
              (status = 400, description = "Unknown lang", body = ErrorJson),
              (status = 404, description = "Unknown slug", body = ErrorJson)))]
pub(super) async fn region(
    State(storage): State<SharedStorage>,
    Path(slug): Path<String>,
    query: LangQuery,
) -> Result<Json<RegionDetailJson>, ApiError> {
    let region = Region::parse(&slug)
        .map_err(|_| ApiError(StatusCode::NOT_FOUND, "no region with that slug"))?;
    let all = summarise(&storage, query.language()?).await?;
    let (summary, members) = all
        .into_iter()
        .find(|(r, _)| r.slug == region.slug())
        .ok_or(ApiError(StatusCode::NOT_FOUND, "no region with that slug"))?;
    Ok(Json(RegionDetailJson {
        region: summary,
        country_list: members.into_iter().map(CountryJson::from).collect(),
    }))
}

/// One action of one country: a row of the tracker exports.
#[derive(Debug, Serialize, ToSchema)]
pub struct TrackerItem {
    iso3: String,
    country: String,
    region: Option<&'static str>,
    #[serde(flatten)]
    action: ActionJson,
}

/// The tracker's rows under the same filters as the tracker page, in the
/// country table's (collated) order, then kind order.
async fn tracker_items(
    storage: &SharedStorage,
    query: &HashMap<String, String>,
) -> Result<Vec<TrackerItem>, ApiError> {
    let language = LangQuery::from_map(query).language()?;
    let filter = TrackerFilter::parse(|k| query.get(k).cloned()).map_err(|_| {
        ApiError(
            StatusCode::BAD_REQUEST,
            "unknown region, theme, status or kind",
        )
    })?;
    let countries = storage.countries(language).await.map_err(|_| UNAVAILABLE)?;
    let actions = storage
        .all_country_actions(language)
        .await
        .map_err(|_| UNAVAILABLE)?;
    let by_code: HashMap<Iso3, (usize, &CountryEntry)> = countries
        .iter()
        .enumerate()
        .map(|(i, c)| (c.iso3, (i, c)))
        .collect();
    let mut items: Vec<(usize, TrackerItem)> = actions
        .into_iter()
        .filter_map(|(iso3, action)| {
            let (position, country) = *by_code.get(&iso3)?;
            let region = country.coverage.region();
            let (kind, status) = (action.kind, action.status);
            let action = ActionJson::from(action);
            filter
                .matches(region, kind, status, &action.themes)
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

/// Every country action under the tracker page's filters.
#[utoipa::path(get, path = "/api/v1/tracker.json", tag = "read",
    params(TrackerParams),
    responses((status = 200, body = Vec<TrackerItem>), (status = 400, description = "Unknown filter value", body = ErrorJson)))]
pub(super) async fn tracker_json(
    State(storage): State<SharedStorage>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Json<Vec<TrackerItem>>, ApiError> {
    Ok(Json(tracker_items(&storage, &query).await?))
}

/// A cell a spreadsheet shows as text, never runs as a formula: a value
/// that starts with `=`, `+`, `-`, `@`, a tab or a carriage return (a note
/// such as `=HYPERLINK(…)`) gets a leading `'`, as OWASP advises for CSV
/// exports. Nothing else is changed.
fn spreadsheet_safe(cell: String) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell
    }
}

/// The same rows as CSV.
#[utoipa::path(get, path = "/api/v1/tracker.csv", tag = "read",
    params(TrackerParams),
    responses((status = 200, content_type = "text/csv", body = String), (status = 400, description = "Unknown filter value", body = ErrorJson)))]
/// The CSV export: a header row, UTF-8, quoted where needed (the `csv`
/// crate); lists are joined with "; ".
pub(super) async fn tracker_csv(
    State(storage): State<SharedStorage>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Response, ApiError> {
    let items = tracker_items(&storage, &query).await?;
    let mut writer = csv::Writer::from_writer(Vec::new());
    let failed = |_| {
        ApiError(
            StatusCode::INTERNAL_SERVER_ERROR,
            "the CSV could not be written",
        )
    };
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
        ])
        .map_err(failed)?;
    for item in items {
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
                ]
                .map(spreadsheet_safe),
            )
            .map_err(failed)?;
    }
    let body = writer.into_inner().map_err(|_| {
        ApiError(
            StatusCode::INTERNAL_SERVER_ERROR,
            "the CSV could not be written",
        )
    })?;
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
