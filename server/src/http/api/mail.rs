//! A bearer token's account's e-mail choices through the API: the language
//! of its messages and which kinds it receives, as on the account page
//! (`app::services::mail`). Personal: `private, no-store`.

use super::proposals::private;
use super::tokens::{bearer, refused_body};
use super::{ApiError, FieldProblem};
use app::model::MailSettings;
use app::services::mail::Sending;
use app::services::storage::SharedStorage;
use axum::extract::rejection::JsonRejection;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};
use summit::{Language, MailKind};
use utoipa::ToSchema;

/// An account's e-mail choices.
#[derive(Serialize, ToSchema)]
pub struct MailJson {
    /// Whether the operator set up a mail server: without one nothing is
    /// sent, whatever is chosen.
    sending: bool,
    /// Where messages go (the account's own address).
    address: String,
    #[schema(value_type = String, example = "fr")]
    language: &'static str,
    /// Each kind of message the account's role is sent, and whether it is on.
    kinds: Vec<KindJson>,
}

#[derive(Serialize, ToSchema)]
pub struct KindJson {
    /// returned, approved, due-soon, overdue or digest.
    #[schema(value_type = String, example = "due-soon")]
    kind: &'static str,
    on: bool,
}

impl From<MailSettings> for MailJson {
    fn from(s: MailSettings) -> Self {
        MailJson {
            sending: s.sending,
            address: s.address,
            language: s.language.code(),
            kinds: s
                .kinds
                .into_iter()
                .map(|(kind, on)| KindJson {
                    kind: kind.slug(),
                    on,
                })
                .collect(),
        }
    }
}

/// New choices: the language, and the kinds to receive (those of the
/// account's role left out are turned off).
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MailBody {
    #[schema(value_type = String, example = "fr")]
    language: String,
    /// Kinds to receive: returned, approved, due-soon, overdue, digest.
    #[schema(value_type = Vec<String>, example = json!(["returned", "due-soon"]))]
    on: Vec<String>,
}

/// The account's e-mail choices.
#[utoipa::path(get, path = "/api/v1/me/mail", tag = "write",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The choices", body = MailJson),
        (status = 401, description = "No valid bearer token", body = ApiError),
    ))]
pub async fn get_mail(
    State(storage): State<SharedStorage>,
    State(sending): State<Sending>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let account = bearer(&storage, &headers).await?;
    let settings = app::services::mail::settings(&storage, &account, sending.0).await?;
    Ok(private(Json(MailJson::from(settings)).into_response()))
}

/// Replaces the account's e-mail choices.
#[utoipa::path(put, path = "/api/v1/me/mail", tag = "write",
    request_body = MailBody,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The choices as saved", body = MailJson),
        (status = 400, description = "Malformed JSON", body = ApiError),
        (status = 401, description = "No valid bearer token", body = ApiError),
        (status = 413, description = "Body over 64 KiB", content_type = "text/plain", body = String),
        (status = 422, description = "A language or kind that does not exist", body = ApiError),
    ))]
pub async fn put_mail(
    State(storage): State<SharedStorage>,
    State(sending): State<Sending>,
    headers: HeaderMap,
    body: Result<Json<MailBody>, JsonRejection>,
) -> Result<Response, ApiError> {
    let account = bearer(&storage, &headers).await?;
    let Json(body) = body.map_err(refused_body)?;
    let mut problems = Vec::new();
    let language = Language::parse(&body.language);
    if language.is_none() {
        problems.push(FieldProblem {
            field: "language",
            problem: "one of ar, zh, en, fr, ru, es".to_owned(),
        });
    }
    let on: Vec<MailKind> = body.on.iter().filter_map(|k| MailKind::parse(k)).collect();
    if on.len() != body.on.len() {
        problems.push(FieldProblem {
            field: "on",
            problem: "kinds are returned, approved, due-soon, overdue and digest".to_owned(),
        });
    }
    let Some(language) = language.filter(|_| problems.is_empty()) else {
        return Err(ApiError::invalid(problems));
    };
    let settings =
        app::services::mail::save_settings(&storage, &account, language, &on, sending.0).await?;
    Ok(private(Json(MailJson::from(settings)).into_response()))
}
