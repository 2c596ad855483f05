//! Bearer tokens for integrations: `POST /api/v1/tokens` exchanges an
//! account's e-mail and password for one, `DELETE` revokes it.

use super::ApiError;
use app::error::AppError;
use app::model::Account;
use app::services::accounts::{authenticate, token_hash, Attempt, ClientAddr};
use app::services::limits::LoginLimits;
use app::services::storage::SharedStorage;
use axum::extract::rejection::{JsonRejection, PathRejection};
use axum::extract::{Path, State};
use axum::http::header::AUTHORIZATION;
use axum::http::{HeaderMap, StatusCode};
use axum::{Extension, Json};
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use utoipa::ToSchema;

pub(super) fn bad_json(rejection: JsonRejection) -> ApiError {
    ApiError::new(
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

/// A write's body that was refused: unknown fields or wrong types are field
/// problems the client can fix (422); anything else is not the JSON expected
/// (400).
pub(super) fn refused_body(rejection: JsonRejection) -> ApiError {
    if matches!(rejection, JsonRejection::JsonDataError(_)) {
        ApiError::invalid(vec![super::FieldProblem {
            field: "body",
            problem: rejection.body_text().chars().take(300).collect(),
        }])
    } else {
        bad_json(rejection)
    }
}

/// The account behind `Authorization: Bearer …`, or 401.
pub(super) async fn bearer(
    storage: &SharedStorage,
    headers: &HeaderMap,
) -> Result<Account, ApiError> {
    let token = headers
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .ok_or_else(|| ApiError::from(AppError::SignInRequired))?;
    storage
        .user_by_token(&token_hash(token))
        .await?
        .map(|r| r.account)
        .ok_or_else(|| ApiError::from(AppError::SignInRequired))
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
        (status = 400, description = "Malformed body", body = ApiError),
        (status = 401, description = "Wrong e-mail address or password", body = ApiError),
        (status = 413, description = "Body over 64 KiB", content_type = "text/plain", body = String),
        (status = 429, description = "Too many attempts", body = ApiError),
    ))]
pub async fn create_token(
    State(storage): State<SharedStorage>,
    State(limits): State<Arc<LoginLimits>>,
    addr: Option<Extension<ClientAddr>>,
    body: Result<Json<TokenRequest>, JsonRejection>,
) -> Result<(StatusCode, Json<TokenResponse>), ApiError> {
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
        (status = 400, description = "The id is not a number", body = ApiError),
        (status = 401, description = "No valid bearer token", body = ApiError),
        (status = 403, description = "Someone else's token", body = ApiError),
        (status = 404, description = "No such token", body = ApiError),
    ))]
pub async fn revoke_token(
    State(storage): State<SharedStorage>,
    headers: HeaderMap,
    id: Result<Path<i64>, PathRejection>,
) -> Result<StatusCode, ApiError> {
    let account = bearer(&storage, &headers).await?;
    let Path(id) = id.map_err(|_| ApiError::bad_request("the token id must be a number"))?;
    let token = storage
        .token(id)
        .await?
        .ok_or_else(|| ApiError::new(StatusCode::NOT_FOUND, "no such token"))?;
    if token.user_id != account.id && account.role != summit::Role::Admin {
        return Err(AppError::Forbidden.into());
    }
    storage.revoke_token(id).await?;
    Ok(StatusCode::NO_CONTENT)
}
