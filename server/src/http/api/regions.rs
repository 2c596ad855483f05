//! `/api/v1/regions`: the five regions with their briefing and progress, and
//! one region with its countries.

use super::types::{region_name, CountryJson, Lang, LangQuery, ProgressJson};
use super::ApiError;
use app::services::storage::{CountryEntry, SharedStorage};
use axum::extract::{Path, State};
use axum::Json;
use serde::Serialize;
use summit::{Language, Progress, Region};
use utoipa::ToSchema;

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

async fn summarise(
    storage: &SharedStorage,
    language: Language,
) -> Result<Vec<(RegionJson, Vec<CountryEntry>)>, ApiError> {
    let countries = storage.countries(language).await?;
    let briefings = storage.briefings().await?;
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
    responses((status = 200, body = Vec<RegionJson>), (status = 400, description = "Unknown lang", body = ApiError)))]
pub async fn regions(
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
              (status = 400, description = "Unknown lang", body = ApiError),
              (status = 404, description = "Unknown slug", body = ApiError)))]
pub async fn region(
    State(storage): State<SharedStorage>,
    Path(slug): Path<String>,
    query: LangQuery,
) -> Result<Json<RegionDetailJson>, ApiError> {
    let region =
        Region::parse(&slug).map_err(|_| ApiError::not_found("no region with that slug"))?;
    let all = summarise(&storage, query.language()?).await?;
    let (summary, members) = all
        .into_iter()
        .find(|(r, _)| r.slug == region.slug())
        .ok_or(ApiError::not_found("no region with that slug"))?;
    Ok(Json(RegionDetailJson {
        region: summary,
        country_list: members.into_iter().map(CountryJson::from).collect(),
    }))
}
