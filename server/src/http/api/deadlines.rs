//! Deadlines through the API: the list (public), and setting or removing
//! one with an administrator's bearer token, under the same rules as the
//! administration page (`app::services::deadlines::set_deadline`). Each
//! action's own deadline and state are in the actions and the tracker.

use super::tokens::{bearer, refused_body};
use super::types::{Lang, LangQuery};
use super::ApiError;
use app::model::DeadlineEntry;
use app::services::deadlines::{set_deadline, DeadlineRequest};
use app::services::storage::SharedStorage;
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// One deadline: every action of `kind`, or one country's (`country`).
#[derive(Serialize, ToSchema)]
pub struct DeadlineJson {
    /// The action kind it applies to.
    kind: &'static str,
    /// ISO 3166-1 alpha-3 code of the country whose own deadline this is;
    /// absent: every country's (or region's) action of the kind.
    #[serde(skip_serializing_if = "Option::is_none")]
    country: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    country_name: Option<String>,
    /// YYYY-MM-DD: due by the end of this day in `zone`.
    date: String,
    /// IANA time zone.
    zone: String,
    /// The zone's name in the language asked for.
    zone_name: String,
    /// The milestone (slug) it is due before, which it follows when moved.
    #[serde(skip_serializing_if = "Option::is_none")]
    milestone: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    milestone_title: Option<String>,
}

impl From<DeadlineEntry> for DeadlineJson {
    fn from(d: DeadlineEntry) -> Self {
        let (milestone, milestone_title) = d.milestone.unzip();
        DeadlineJson {
            kind: d.kind.slug(),
            country: d.country.map(|c| c.to_string()),
            country_name: d.country_name,
            date: d.date.to_string(),
            zone: d.zone,
            zone_name: d.zone_name,
            milestone,
            milestone_title,
        }
    }
}

/// Every deadline: the kinds', then countries' own.
#[utoipa::path(get, path = "/api/v1/deadlines", tag = "read",
    params(("lang" = Option<Lang>, Query, description = "Language of the names (default en)")),
    responses((status = 200, body = Vec<DeadlineJson>), (status = 400, description = "Unknown lang", body = ApiError)))]
pub async fn list(
    State(storage): State<SharedStorage>,
    query: LangQuery,
) -> Result<Json<Vec<DeadlineJson>>, ApiError> {
    let language = query.language()?;
    let entries = storage.deadlines(language).await?;
    Ok(Json(entries.into_iter().map(DeadlineJson::from).collect()))
}

/// The body of a PUT: a meeting to be due before, or a day and a zone.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DeadlineBody {
    /// ISO 3166-1 alpha-3: this country's own deadline (absent: the kind's).
    country: Option<String>,
    /// A milestone's slug: due the day before it opens, where it happens.
    milestone: Option<String>,
    /// YYYY-MM-DD (without `milestone`).
    #[schema(pattern = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$")]
    date: Option<String>,
    /// IANA time zone such as America/New_York (without `milestone`).
    zone: Option<String>,
}

/// Whose deadline a DELETE removes.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CountryParam {
    /// ISO 3166-1 alpha-3: this country's own deadline (absent: the kind's).
    country: Option<String>,
}

async fn administrator(
    storage: &SharedStorage,
    headers: &HeaderMap,
) -> Result<summit::Actor, ApiError> {
    let account = bearer(storage, headers).await?;
    if account.role == summit::Role::Admin {
        Ok(account.actor())
    } else {
        Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "only an administrator sets deadlines",
        ))
    }
}

/// Sets the deadline of an action kind, or of one country's action of it.
#[utoipa::path(put, path = "/api/v1/deadlines/{kind}", tag = "write",
    params(("kind" = String, Path, description = "national-consultation, delegation-support, …")),
    request_body = DeadlineBody,
    security(("bearer" = [])),
    responses(
        (status = 204, description = "Set"),
        (status = 400, description = "Malformed JSON", body = ApiError),
        (status = 401, description = "No valid bearer token", body = ApiError),
        (status = 403, description = "Not an administrator", body = ApiError),
        (status = 413, description = "Body over 64 KiB", content_type = "text/plain", body = String),
        (status = 422, description = "Unknown kind, country or milestone; a day that is not a date or did not happen in its zone; an unknown zone", body = ApiError),
    ))]
pub async fn put(
    State(storage): State<SharedStorage>,
    headers: HeaderMap,
    Path(kind): Path<String>,
    body: Result<Json<DeadlineBody>, JsonRejection>,
) -> Result<StatusCode, ApiError> {
    let actor = administrator(&storage, &headers).await?;
    let Json(body) = body.map_err(refused_body)?;
    let request = DeadlineRequest {
        kind: &kind,
        country: body.country.as_deref().unwrap_or(""),
        milestone: body.milestone.as_deref().unwrap_or(""),
        date: body.date.as_deref().unwrap_or(""),
        zone: body.zone.as_deref().unwrap_or(""),
        remove: false,
    };
    set_deadline(&storage, &actor, &request).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Removes the deadline of an action kind, or one country's own.
#[utoipa::path(delete, path = "/api/v1/deadlines/{kind}", tag = "write",
    params(("kind" = String, Path, description = "national-consultation, delegation-support, …"), CountryParam),
    security(("bearer" = [])),
    responses(
        (status = 204, description = "Removed, or there was none"),
        (status = 400, description = "Malformed query", body = ApiError),
        (status = 401, description = "No valid bearer token", body = ApiError),
        (status = 403, description = "Not an administrator", body = ApiError),
        (status = 422, description = "Unknown kind or country", body = ApiError),
    ))]
pub async fn delete(
    State(storage): State<SharedStorage>,
    headers: HeaderMap,
    Path(kind): Path<String>,
    param: Result<Query<CountryParam>, QueryRejection>,
) -> Result<StatusCode, ApiError> {
    let actor = administrator(&storage, &headers).await?;
    let Query(param) = param.map_err(|rejection| {
        let problem: String = rejection.body_text().chars().take(300).collect();
        ApiError::new(StatusCode::BAD_REQUEST, problem)
    })?;
    let request = DeadlineRequest {
        kind: &kind,
        country: param.country.as_deref().unwrap_or(""),
        remove: true,
        ..Default::default()
    };
    set_deadline(&storage, &actor, &request).await?;
    Ok(StatusCode::NO_CONTENT)
}
