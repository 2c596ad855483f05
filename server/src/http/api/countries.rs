//! `/api/v1/countries`: every country with its region and progress, and one
//! country with its follow-up actions.

use super::types::{ActionJson, CountryJson, Lang, LangQuery};
use super::ApiError;
use app::services::storage::SharedStorage;
use axum::extract::{Path, State};
use axum::Json;
use serde::Serialize;
use summit::Iso3;
use utoipa::ToSchema;

#[derive(Debug, Serialize, ToSchema)]
pub struct CountryDetailJson {
    #[serde(flatten)]
    country: CountryJson,
    actions: Vec<ActionJson>,
}

/// Every country and territory with its region and follow-up progress.
#[utoipa::path(get, path = "/api/v1/countries", tag = "read",
    params(("lang" = Option<Lang>, Query, description = "Language of the names (default en)")),
    responses((status = 200, body = Vec<CountryJson>), (status = 400, description = "Unknown lang", body = ApiError)))]
pub async fn countries(
    State(storage): State<SharedStorage>,
    query: LangQuery,
) -> Result<Json<Vec<CountryJson>>, ApiError> {
    let list = storage.countries(query.language()?).await?;
    Ok(Json(list.into_iter().map(CountryJson::from).collect()))
}

/// One country with its follow-up actions.
#[utoipa::path(get, path = "/api/v1/countries/{iso3}", tag = "read",
    params(("iso3" = String, Path, description = "ISO 3166-1 alpha-3 code, any case"),
           ("lang" = Option<Lang>, Query, description = "Language of the names (default en)")),
    responses((status = 200, body = CountryDetailJson),
              (status = 400, description = "Unknown lang", body = ApiError),
              (status = 404, description = "Unknown code", body = ApiError)))]
pub async fn country(
    State(storage): State<SharedStorage>,
    Path(code): Path<String>,
    query: LangQuery,
) -> Result<Json<CountryDetailJson>, ApiError> {
    let language = query.language()?;
    let not_found = || ApiError::not_found("no country with that ISO 3166-1 alpha-3 code");
    let iso3 = Iso3::parse_any_case(&code).map_err(|_| not_found())?;
    let country = storage
        .country(iso3, language)
        .await?
        .ok_or_else(not_found)?;
    let actions = storage.country_actions(iso3, language).await?;
    Ok(Json(CountryDetailJson {
        country: country.into(),
        actions: actions.into_iter().map(ActionJson::from).collect(),
    }))
}
