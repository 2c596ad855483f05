//! The JSON API's one error type: every handler returns it with `?`, from
//! the app's errors (`AppError`), the storage's (`StorageError`), or made on
//! the spot with a status and a line of English.

use super::types::ActionJson;
use app::error::AppError;
use app::services::storage::StorageError;
use axum::http::header::WWW_AUTHENTICATE;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;
use utoipa::ToSchema;

/// Why a request was refused: a status, a message, and what helps to fix it.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiError {
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
    pub field: &'static str,
    pub problem: String,
}

impl ApiError {
    pub fn new(status: StatusCode, error: impl Into<String>) -> Self {
        ApiError {
            status,
            error: error.into(),
            fields: Vec::new(),
            current: None,
        }
    }

    pub fn not_found(error: &str) -> Self {
        ApiError::new(StatusCode::NOT_FOUND, error)
    }

    pub fn bad_request(error: impl Into<String>) -> Self {
        ApiError::new(StatusCode::BAD_REQUEST, error)
    }

    /// 422 with each field's problem.
    pub fn invalid(fields: Vec<FieldProblem>) -> Self {
        ApiError {
            fields,
            ..ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "some fields are invalid")
        }
    }

    pub fn status(&self) -> StatusCode {
        self.status
    }
}

impl From<StorageError> for ApiError {
    fn from(_: StorageError) -> Self {
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "the database is unavailable",
        )
    }
}

impl From<AppError> for ApiError {
    fn from(error: AppError) -> Self {
        let status = error.status_code();
        match error {
            AppError::NotFound => ApiError::new(status, "no such country, region or action kind"),
            AppError::SignInRequired | AppError::BadCredentials => ApiError::new(
                status,
                "a valid bearer token (or e-mail and password) is required",
            ),
            AppError::TooManyAttempts => {
                ApiError::new(status, "too many sign-in attempts; wait a few minutes")
            }
            AppError::AccountDisabled => ApiError::new(status, "this account is disabled"),
            AppError::LinkExpired => ApiError::new(status, "this link has expired or was used"),
            AppError::ProviderSignIn(_) => {
                ApiError::new(status, "signing in with the identity provider failed")
            }
            AppError::Forbidden => ApiError::new(status, "this account may not change this action"),
            AppError::Conflict(current) => ApiError {
                current: Some(Box::new(ActionJson::from(*current))),
                ..ApiError::new(status, "the action changed since that version")
            },
            AppError::Invalid(errors) => ApiError::invalid(
                errors
                    .iter()
                    .map(|e| FieldProblem {
                        field: e.field(),
                        problem: e.to_string(),
                    })
                    .collect(),
            ),
            AppError::Unavailable | AppError::Communication => StorageError::Unavailable.into(),
            AppError::BadRequest => ApiError::new(status, "the request is malformed"),
            AppError::TooLarge => ApiError::new(status, "the request body is too large"),
            AppError::Review(reason) => ApiError::new(status, reason.to_string()),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.status;
        let mut response = (status, Json(self)).into_response();
        if status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(
                WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"summit\""),
            );
        }
        response
    }
}
