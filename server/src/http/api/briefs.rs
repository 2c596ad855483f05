//! `/api/v1/brief.pdf`: a brief for a meeting as PDF, made by the server
//! (`crate::brief`), the same for everyone; its page is
//! `/{lang}/countries/{ISO3}/brief` or `/{lang}/regions/{slug}/brief`.

use super::types::LangQuery;
use super::ApiError;
use crate::brief::{PrintError, Printer};
use app::error::AppError;
use app::security::SiteOrigin;
use app::services::briefs::{brief, parse_period, target};
use app::services::shared_reads::SharedReads;
use app::services::storage::SharedStorage;
use axum::extract::{Query, State};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;
use std::sync::Arc;

/// Whose brief, in which language, for which period.
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct BriefParams {
    /// Language of the brief (default en)
    #[param(value_type = Option<super::types::Lang>)]
    lang: Option<String>,
    /// A country's brief: its ISO 3166 alpha-3 code (empty: as if not given)
    #[param(pattern = "^([A-Za-z]{3})?$")]
    country: Option<String>,
    /// A region's brief: africa, arab-states, asia-pacific,
    /// europe-central-asia or latin-america-caribbean
    region: Option<String>,
    /// The start of the period whose changes it lists (YYYY-MM-DD; default
    /// 90 days before `at`)
    #[param(pattern = "^([0-9]{4}-[0-9]{2}-[0-9]{2})?$")]
    from: Option<String>,
    /// The day it is as of (YYYY-MM-DD, from 2025-11-04 to today; default today)
    #[param(pattern = "^([0-9]{4}-[0-9]{2}-[0-9]{2})?$")]
    at: Option<String>,
}

/// A brief as PDF (A4, fonts embedded).
#[utoipa::path(get, path = "/api/v1/brief.pdf", tag = "read",
    params(BriefParams),
    responses((status = 200, content_type = "application/pdf", description = "The brief: actions and status, changes in the period, deadlines, the follow-up over time, sources"),
              (status = 400, description = "Unknown lang or a day that is not a date", body = ApiError),
              (status = 404, description = "No such country or region", body = ApiError),
              (status = 503, description = "The server has no fonts for briefs", body = ApiError)))]
pub async fn brief_pdf(
    State(printer): State<Arc<Printer>>,
    State(origin): State<SiteOrigin>,
    State(storage): State<SharedStorage>,
    State(shared): State<Arc<SharedReads>>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Response, ApiError> {
    let language = LangQuery::from_map(&query).language()?;
    let get = |name: &str| query.get(name).map(String::as_str).unwrap_or_default();
    let place = target(get("country"), get("region"))
        .ok_or_else(|| ApiError::not_found("give a known country (ISO3) or region"))?;
    let period = parse_period(get("from"), get("at"))
        .map_err(|_| ApiError::bad_request("from and at: dates such as 2026-06-01"))?;
    // The views a brief is made of reach the storage and the shared reads
    // through the reactive context, as they do for a page.
    let site = origin.0.to_string();
    let owner = leptos::prelude::Owner::new();
    let brief = owner
        .with(|| {
            leptos::prelude::provide_context(storage);
            leptos::prelude::provide_context(shared);
            leptos::reactive::computed::ScopedFuture::new(async move {
                brief(place, language, period, &site).await
            })
        })
        .await
        .map_err(|error| match error {
            AppError::NotFound => ApiError::not_found("no such country or region"),
            other => ApiError::from(other),
        })?;
    let name = format!("{} {}.pdf", brief.title, brief.at);
    let pdf = tokio::task::spawn_blocking(move || printer.pdf(&brief))
        .await
        .map_err(|_| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "the brief was not made"))?
        .map_err(|error| match error {
            PrintError::Fonts(message) => ApiError::new(StatusCode::SERVICE_UNAVAILABLE, message),
            PrintError::Layout(message) => {
                tracing::error!(%message, "a brief's PDF failed");
                ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "the brief was not made")
            }
        })?;
    Ok((
        [
            (CONTENT_TYPE, "application/pdf".to_owned()),
            (CONTENT_DISPOSITION, super::sheets::attachment(&name)),
        ],
        pdf,
    )
        .into_response())
}
