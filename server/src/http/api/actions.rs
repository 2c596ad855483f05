//! Partial updates of a country's or a region's action, under the same rules
//! as the edit form (`app::services::editing::apply_edit`): published at
//! once, or, where review before publishing holds the account's edits, a
//! proposal (202).

use super::proposals::ProposalJson;
use super::tokens::{bearer, refused_body};
use super::types::{ActionJson, StatusSlug};
use super::ApiError;
use app::error::AppError;
use app::model::{ActionEdit, ActionTarget, EditOutcome};
use app::services::storage::SharedStorage;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::header::{ETAG, IF_MATCH};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use summit::{ActionKind, ActionPatch, Iso3, Region};
use utoipa::ToSchema;

/// `If-Match: 3`, `"3"` or `W/"3"`: the version the change is based on.
/// Exactly one: a list (`"3", "4"`, or two `If-Match` headers, which HTTP
/// reads as one list) says "any of these", which a version check cannot mean.
fn if_match(headers: &HeaderMap) -> Result<i64, ApiError> {
    let mut values = headers.get_all(IF_MATCH).iter();
    let value = values.next().ok_or_else(|| {
        ApiError::new(
            StatusCode::PRECONDITION_REQUIRED,
            "If-Match with the action's version is required",
        )
    })?;
    let single = values.next().is_none().then_some(value);
    single
        .and_then(|v| v.to_str().ok())
        .map(|v| v.trim().trim_start_matches("W/").trim_matches('"'))
        .and_then(|v| v.parse::<i64>().ok())
        .ok_or_else(|| {
            ApiError::new(
                StatusCode::BAD_REQUEST,
                "If-Match must be the action's version number",
            )
        })
}

async fn update(
    storage: SharedStorage,
    headers: HeaderMap,
    target: Option<ActionTarget>,
    kind: &str,
    body: Result<Json<ActionPatch>, JsonRejection>,
) -> Result<Response, ApiError> {
    let account = bearer(&storage, &headers).await?;
    let (Some(target), Some(kind)) = (target, ActionKind::parse(kind)) else {
        return Err(AppError::NotFound.into());
    };
    let version = if_match(&headers)?;
    let Json(patch) = body.map_err(refused_body)?;
    let edit = ActionEdit {
        target,
        kind,
        version,
        patch,
    };
    let action = match app::services::editing::apply_edit(&storage, &account.actor(), &edit).await?
    {
        EditOutcome::Published(action) => action,
        EditOutcome::Proposed(proposal) => return Ok(super::proposals::accepted(proposal)),
    };
    let etag = format!("\"{}\"", action.version);
    let mut response = Json(ActionJson::from(action)).into_response();
    if let Ok(value) = axum::http::HeaderValue::from_str(&etag) {
        response.headers_mut().insert(ETAG, value);
    }
    Ok(response)
}

/// Changes some fields of a country's action. Send only the fields to change.
#[utoipa::path(patch, path = "/api/v1/countries/{iso3}/actions/{kind}", tag = "write",
    params(
        ("iso3" = String, Path, description = "ISO 3166-1 alpha-3 code"),
        ("kind" = String, Path, description = "national-consultation, delegation-support, …"),
        ("If-Match" = String, Header, description = "The version the change is based on"),
    ),
    request_body = PatchSchema,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The action with its new version (also in ETag)", body = ActionJson),
        (status = 202, description = "Held for review: the proposal it became, or its author's returned proposal revised (Location: the proposal)", body = ProposalJson),
        (status = 400, description = "Malformed JSON or If-Match", body = ApiError),
        (status = 401, description = "No valid bearer token", body = ApiError),
        (status = 403, description = "Outside the account's regions or countries", body = ApiError),
        (status = 404, description = "No such country or action kind", body = ApiError),
        (status = 409, description = "Changed since that version (`current` holds it), or another proposal for the action waits for review, or the account's own waits for a reviewer", body = ApiError),
        (status = 413, description = "Body over 64 KiB", content_type = "text/plain", body = String),
        (status = 422, description = "Invalid fields", body = ApiError),
        (status = 428, description = "If-Match missing", body = ApiError),
    ))]
pub async fn update_country_action(
    State(storage): State<SharedStorage>,
    headers: HeaderMap,
    Path((code, kind)): Path<(String, String)>,
    body: Result<Json<ActionPatch>, JsonRejection>,
) -> Result<Response, ApiError> {
    let target = Iso3::parse_any_case(&code).ok().map(ActionTarget::Country);
    update(storage, headers, target, &kind, body).await
}

/// Changes some fields of a region's own action (regional strategy or coordination).
#[utoipa::path(patch, path = "/api/v1/regions/{slug}/actions/{kind}", tag = "write",
    params(
        ("slug" = String, Path, description = "africa, arab-states, asia-pacific, …"),
        ("kind" = String, Path, description = "regional-strategy or regional-coordination"),
        ("If-Match" = String, Header, description = "The version the change is based on"),
    ),
    request_body = PatchSchema,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The action with its new version (also in ETag)", body = ActionJson),
        (status = 202, description = "Held for review: the proposal it became, or its author's returned proposal revised (Location: the proposal)", body = ProposalJson),
        (status = 400, description = "Malformed JSON or If-Match", body = ApiError),
        (status = 401, description = "No valid bearer token", body = ApiError),
        (status = 403, description = "Outside the account's regions", body = ApiError),
        (status = 404, description = "No such region or action kind", body = ApiError),
        (status = 409, description = "Changed since that version (`current` holds it), or another proposal for the action waits for review, or the account's own waits for a reviewer", body = ApiError),
        (status = 413, description = "Body over 64 KiB", content_type = "text/plain", body = String),
        (status = 422, description = "Invalid fields", body = ApiError),
        (status = 428, description = "If-Match missing", body = ApiError),
    ))]
pub async fn update_region_action(
    State(storage): State<SharedStorage>,
    headers: HeaderMap,
    Path((slug, kind)): Path<(String, String)>,
    body: Result<Json<ActionPatch>, JsonRejection>,
) -> Result<Response, ApiError> {
    let target = Region::parse(&slug).ok().map(ActionTarget::Region);
    update(storage, headers, target, &kind, body).await
}

/// The body of a PATCH: every field optional (the schema of `summit::ActionPatch`).
/// (`Deserialize` only carries `deny_unknown_fields`, which utoipa documents
/// as `additionalProperties: false`: unknown fields get 422.)
#[derive(ToSchema, serde::Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub struct PatchSchema {
    /// The new status.
    #[schema(value_type = Option<StatusSlug>)]
    status: Option<String>,
    /// Theme slugs; replaces the list.
    themes: Option<Vec<String>>,
    /// http(s) links; replaces the list.
    #[schema(max_items = 20)]
    evidence: Option<Vec<String>>,
    /// Plain text, at most 2,000 characters.
    #[schema(max_length = 2000)]
    note: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(values: &[&'static str]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for value in values {
            headers.append(IF_MATCH, axum::http::HeaderValue::from_static(value));
        }
        headers
    }

    #[test]
    fn if_match_takes_exactly_one_version() {
        for (values, expected) in [
            (&["3"][..], Ok(3)),
            (&["\"3\""][..], Ok(3)),
            (&["W/\"3\""][..], Ok(3)),
            (&[][..], Err(StatusCode::PRECONDITION_REQUIRED)),
            (&["*"][..], Err(StatusCode::BAD_REQUEST)),
            (&["\"3\", \"4\""][..], Err(StatusCode::BAD_REQUEST)),
            (&["\"3\"", "\"4\""][..], Err(StatusCode::BAD_REQUEST)),
        ] {
            let got = if_match(&headers(values)).map_err(|e| e.status());
            assert_eq!(got, expected, "{values:?}");
        }
    }
}
