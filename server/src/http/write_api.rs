//! The write API for integrations: bearer tokens, and partial updates of a
//! country's or a region's action under the same rules as the edit form
//! (`app::services::editing::apply_edit`).

use super::api::ActionJson;
use super::AppState;
use app::error::AppError;
use app::model::ActionEdit;
use app::model::{Account, ActionTarget};
use app::services::accounts::{authenticate, token_hash, Attempt, ClientAddr};
use app::services::limits::LoginLimits;
use app::services::storage::SharedStorage;
use axum::extract::rejection::{JsonRejection, PathRejection};
use axum::extract::{Path, State};
use axum::http::header::{AUTHORIZATION, ETAG, IF_MATCH, WWW_AUTHENTICATE};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, patch, post};
use axum::{Extension, Json, Router};
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use summit::{ActionKind, ActionPatch, Iso3, Region};
use utoipa::ToSchema;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/tokens", post(create_token))
        .route("/api/v1/tokens/{id}", delete(revoke_token))
        .route(
            "/api/v1/countries/{iso3}/actions/{kind}",
            patch(update_country_action),
        )
        .route(
            "/api/v1/regions/{slug}/actions/{kind}",
            patch(update_region_action),
        )
}

/// Why a write was refused: a status, a message, and what helps to fix it.
#[derive(Debug, Serialize, ToSchema)]
pub struct WriteError {
    #[serde(skip)]
    status: StatusCode,
    /// One line, in English.
    error: String,
    /// 422: each field's problem.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    fields: Vec<FieldProblem>,
    /// 409: the action as it is now, so the client can reapply its change.
    #[serde(skip_serializing_if = "Option::is_none")]
    current: Option<Box<ActionJson>>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FieldProblem {
    /// `status`, `themes`, `evidence`, `note`, or `body` (an unknown field).
    field: &'static str,
    problem: String,
}

impl WriteError {
    fn new(status: StatusCode, error: impl Into<String>) -> Self {
        WriteError {
            status,
            error: error.into(),
            fields: Vec::new(),
            current: None,
        }
    }
}

impl From<AppError> for WriteError {
    fn from(error: AppError) -> Self {
        let status = error.status_code();
        match error {
            AppError::NotFound => WriteError::new(status, "no such country, region or action kind"),
            AppError::SignInRequired | AppError::BadCredentials => WriteError::new(
                status,
                "a valid bearer token (or e-mail and password) is required",
            ),
            AppError::TooManyAttempts => {
                WriteError::new(status, "too many sign-in attempts; wait a few minutes")
            }
            AppError::Forbidden => {
                WriteError::new(status, "this account may not change this action")
            }
            AppError::Conflict(current) => WriteError {
                current: Some(Box::new(ActionJson::from(*current))),
                ..WriteError::new(status, "the action changed since that version")
            },
            AppError::Invalid(errors) => WriteError {
                fields: errors
                    .iter()
                    .map(|e| FieldProblem {
                        field: e.field(),
                        problem: e.to_string(),
                    })
                    .collect(),
                ..WriteError::new(status, "some fields are invalid")
            },
            AppError::Unavailable | AppError::Communication => WriteError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "the database is unavailable",
            ),
            AppError::BadRequest => WriteError::new(status, "the request is malformed"),
            AppError::TooLarge => WriteError::new(status, "the request body is too large"),
        }
    }
}

impl IntoResponse for WriteError {
    fn into_response(self) -> Response {
        let status = self.status;
        let mut response = (status, Json(self)).into_response();
        if status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(
                WWW_AUTHENTICATE,
                axum::http::HeaderValue::from_static("Bearer realm=\"summit\""),
            );
        }
        response
    }
}

fn bad_json(rejection: JsonRejection) -> WriteError {
    WriteError::new(
        StatusCode::BAD_REQUEST,
        format!(
            "the body is not the JSON expected: {}",
            rejection.body_text()
        )
        .chars()
        .take(300)
        .collect::<String>(),
    )
}

/// The account behind `Authorization: Bearer …`, or 401.
async fn bearer(storage: &SharedStorage, headers: &HeaderMap) -> Result<Account, WriteError> {
    let token = headers
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .ok_or_else(|| WriteError::from(AppError::SignInRequired))?;
    storage
        .user_by_token(&token_hash(token))
        .await
        .map_err(|_| WriteError::from(AppError::Unavailable))?
        .map(|r| r.account)
        .ok_or_else(|| WriteError::from(AppError::SignInRequired))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TokenRequest {
    email: String,
    password: String,
    /// What the token is for, shown in the owner's token list.
    #[serde(default)]
    label: String,
}

#[derive(Serialize, ToSchema)]
pub struct TokenResponse {
    id: i64,
    /// The secret: send it as `Authorization: Bearer …`. Shown only here.
    token: String,
    label: String,
    created_at: String,
}

/// Exchanges an account's e-mail and password for a bearer token.
#[utoipa::path(post, path = "/api/v1/tokens", tag = "write",
    request_body = TokenRequest,
    responses(
        (status = 201, description = "A new token", body = TokenResponse),
        (status = 400, description = "Malformed body", body = WriteError),
        (status = 401, description = "Wrong e-mail address or password", body = WriteError),
        (status = 413, description = "Body over 64 KiB", content_type = "text/plain", body = String),
        (status = 429, description = "Too many attempts", body = WriteError),
    ))]
pub(super) async fn create_token(
    State(storage): State<SharedStorage>,
    State(limits): State<Arc<LoginLimits>>,
    addr: Option<Extension<ClientAddr>>,
    body: Result<Json<TokenRequest>, JsonRejection>,
) -> Result<(StatusCode, Json<TokenResponse>), WriteError> {
    let Json(request) = body.map_err(bad_json)?;
    let attempt = Attempt {
        addr: addr.map(|a| a.0 .0),
        email: &request.email,
        password: &request.password,
        device: None,
    };
    let user = authenticate(&storage, Some(&limits), attempt).await?;
    let label = app::services::accounts::token_label(&request.label);
    let (info, token) =
        app::services::accounts::issue_token(&storage, user.account.id, &label).await?;
    Ok((
        StatusCode::CREATED,
        Json(TokenResponse {
            id: info.id,
            token,
            label: info.label,
            created_at: info.created_at,
        }),
    ))
}

/// Revokes a token: its owner's, or anyone's for an administrator.
#[utoipa::path(delete, path = "/api/v1/tokens/{id}", tag = "write",
    params(("id" = i64, Path, description = "The token's id")),
    security(("bearer" = [])),
    responses(
        (status = 204, description = "Revoked"),
        (status = 400, description = "The id is not a number", body = WriteError),
        (status = 401, description = "No valid bearer token", body = WriteError),
        (status = 403, description = "Someone else's token", body = WriteError),
        (status = 404, description = "No such token", body = WriteError),
    ))]
pub(super) async fn revoke_token(
    State(storage): State<SharedStorage>,
    headers: HeaderMap,
    id: Result<Path<i64>, PathRejection>,
) -> Result<StatusCode, WriteError> {
    let account = bearer(&storage, &headers).await?;
    let Path(id) =
        id.map_err(|_| WriteError::new(StatusCode::BAD_REQUEST, "the token id must be a number"))?;
    let token = storage
        .token(id)
        .await
        .map_err(|_| WriteError::from(AppError::Unavailable))?
        .ok_or_else(|| WriteError::new(StatusCode::NOT_FOUND, "no such token"))?;
    if token.user_id != account.id && account.role != summit::Role::Admin {
        return Err(AppError::Forbidden.into());
    }
    storage
        .revoke_token(id)
        .await
        .map_err(|_| WriteError::from(AppError::Unavailable))?;
    Ok(StatusCode::NO_CONTENT)
}

/// `If-Match: 3`, `"3"` or `W/"3"`: the version the change is based on.
/// Exactly one: a list (`"3", "4"`, or two `If-Match` headers, which HTTP
/// reads as one list) says "any of these", which a version check cannot mean.
fn if_match(headers: &HeaderMap) -> Result<i64, WriteError> {
    let mut values = headers.get_all(IF_MATCH).iter();
    let value = values.next().ok_or_else(|| {
        WriteError::new(
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
            WriteError::new(
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
) -> Result<Response, WriteError> {
    let account = bearer(&storage, &headers).await?;
    let (Some(target), Some(kind)) = (target, ActionKind::parse(kind)) else {
        return Err(AppError::NotFound.into());
    };
    let version = if_match(&headers)?;
    let Json(patch) = body.map_err(|rejection| {
        // Unknown fields or wrong types are field problems the client can fix.
        if matches!(rejection, JsonRejection::JsonDataError(_)) {
            WriteError {
                fields: vec![FieldProblem {
                    field: "body",
                    problem: rejection.body_text().chars().take(300).collect(),
                }],
                ..WriteError::new(StatusCode::UNPROCESSABLE_ENTITY, "some fields are invalid")
            }
        } else {
            bad_json(rejection)
        }
    })?;
    let edit = ActionEdit {
        target,
        kind,
        version,
        patch,
    };
    let action = app::services::editing::apply_edit(&storage, &account.actor(), &edit).await?;
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
        (status = 400, description = "Malformed JSON or If-Match", body = WriteError),
        (status = 401, description = "No valid bearer token", body = WriteError),
        (status = 403, description = "Outside the account's regions or countries", body = WriteError),
        (status = 404, description = "No such country or action kind", body = WriteError),
        (status = 409, description = "Changed since that version; `current` holds it", body = WriteError),
        (status = 413, description = "Body over 64 KiB", content_type = "text/plain", body = String),
        (status = 422, description = "Invalid fields", body = WriteError),
        (status = 428, description = "If-Match missing", body = WriteError),
    ))]
pub(super) async fn update_country_action(
    State(storage): State<SharedStorage>,
    headers: HeaderMap,
    Path((code, kind)): Path<(String, String)>,
    body: Result<Json<ActionPatch>, JsonRejection>,
) -> Result<Response, WriteError> {
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
        (status = 400, description = "Malformed JSON or If-Match", body = WriteError),
        (status = 401, description = "No valid bearer token", body = WriteError),
        (status = 403, description = "Outside the account's regions", body = WriteError),
        (status = 404, description = "No such region or action kind", body = WriteError),
        (status = 409, description = "Changed since that version; `current` holds it", body = WriteError),
        (status = 413, description = "Body over 64 KiB", content_type = "text/plain", body = String),
        (status = 422, description = "Invalid fields", body = WriteError),
        (status = 428, description = "If-Match missing", body = WriteError),
    ))]
pub(super) async fn update_region_action(
    State(storage): State<SharedStorage>,
    headers: HeaderMap,
    Path((slug, kind)): Path<(String, String)>,
    body: Result<Json<ActionPatch>, JsonRejection>,
) -> Result<Response, WriteError> {
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
    #[schema(value_type = Option<super::openapi::StatusSlug>)]
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
            let got = if_match(&headers(values)).map_err(|e| e.status);
            assert_eq!(got, expected, "{values:?}");
        }
    }
}
