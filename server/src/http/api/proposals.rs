//! Review before publishing through the API: the proposals a bearer
//! token's account may see, and the steps on them (approve, return with a
//! comment, withdraw), under the same rules as the review page
//! (`app::services::review`). Proposals are made, and revised, by the
//! actions' PATCH, which answers 202 with the proposal where review holds
//! the account's edits. Public reads never show a proposal.

use super::tokens::{bearer, refused_body};
use super::types::ActionJson;
use super::ApiError;
use app::model::{ActionTarget, Proposal};
use app::services::review::{take_step, visible_proposals, StepOutcome};
use app::services::storage::SharedStorage;
use axum::extract::rejection::{JsonRejection, PathRejection};
use axum::extract::{Path, State};
use axum::http::header::{CACHE_CONTROL, LOCATION};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};
use summit::ReviewStep;
use utoipa::ToSchema;

/// A proposal and where its review stands.
#[derive(Serialize, ToSchema)]
pub struct ProposalJson {
    id: i64,
    /// ISO 3166-1 alpha-3 of the country whose action it changes.
    #[serde(skip_serializing_if = "Option::is_none")]
    country: Option<String>,
    /// The region whose own action it changes.
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<&'static str>,
    kind: &'static str,
    /// The action's version it was made against.
    base_version: i64,
    /// The fields it sets (as a PATCH body).
    #[schema(value_type = Object)]
    patch: serde_json::Value,
    #[schema(value_type = String, example = "pending")]
    state: &'static str,
    author: String,
    /// The last return's comment.
    #[serde(skip_serializing_if = "String::is_empty")]
    comment: String,
    created_at: String,
    updated_at: String,
    /// Every step, oldest first.
    steps: Vec<StepJson>,
}

#[derive(Serialize, ToSchema)]
pub struct StepJson {
    /// proposed, returned, revised, approved or withdrawn.
    #[schema(value_type = String, example = "returned")]
    step: &'static str,
    by: String,
    at: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    comment: String,
}

impl From<Proposal> for ProposalJson {
    fn from(p: Proposal) -> Self {
        let (country, region) = match p.target {
            ActionTarget::Country(iso3) => (Some(iso3.to_string()), None),
            ActionTarget::Region(region) => (None, Some(region.slug())),
        };
        ProposalJson {
            id: p.id,
            country,
            region,
            kind: p.kind.slug(),
            base_version: p.base_version,
            patch: serde_json::to_value(&p.patch).unwrap_or_default(),
            state: p.state.slug(),
            author: p.author,
            comment: p.comment,
            created_at: p.created_at,
            updated_at: p.updated_at,
            steps: p
                .steps
                .into_iter()
                .map(|s| StepJson {
                    step: s.step.slug(),
                    by: s.by,
                    at: s.at,
                    comment: s.comment,
                })
                .collect(),
        }
    }
}

/// The proposal's number from the path: 400 (as JSON) when it is not one.
fn proposal_id(id: Result<Path<i64>, PathRejection>) -> Result<i64, ApiError> {
    id.map(|Path(id)| id)
        .map_err(|_| ApiError::bad_request("the proposal id must be a number"))
}

/// Someone's answer: never kept by a shared cache.
pub(super) fn private(mut response: Response) -> Response {
    response
        .headers_mut()
        .insert(CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    response
}

/// 202 with the proposal an edit became, and where to follow it.
pub fn accepted(proposal: Proposal) -> Response {
    let location = format!("/api/v1/proposals/{}", proposal.id);
    let mut response = (StatusCode::ACCEPTED, Json(ProposalJson::from(proposal))).into_response();
    if let Ok(value) = HeaderValue::from_str(&location) {
        response.headers_mut().insert(LOCATION, value);
    }
    private(response)
}

/// The proposals this account may see (its own, those it reviews, those
/// of the actions it edits): open ones first, then the recently closed.
#[utoipa::path(get, path = "/api/v1/proposals", tag = "write",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The proposals", body = Vec<ProposalJson>),
        (status = 401, description = "No valid bearer token", body = ApiError),
    ))]
pub async fn list(
    State(storage): State<SharedStorage>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let account = bearer(&storage, &headers).await?;
    let proposals = visible_proposals(&storage, &account.actor()).await?;
    let body: Vec<ProposalJson> = proposals
        .into_iter()
        .map(|(proposal, _)| ProposalJson::from(proposal))
        .collect();
    Ok(private(Json(body).into_response()))
}

/// One proposal, if this account may see it.
#[utoipa::path(get, path = "/api/v1/proposals/{id}", tag = "write",
    params(("id" = i64, Path, description = "The proposal's number")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The proposal", body = ProposalJson),
        (status = 400, description = "The id is not a number", body = ApiError),
        (status = 401, description = "No valid bearer token", body = ApiError),
        (status = 404, description = "No such proposal, or not this account's to see", body = ApiError),
    ))]
pub async fn one(
    State(storage): State<SharedStorage>,
    headers: HeaderMap,
    id: Result<Path<i64>, PathRejection>,
) -> Result<Response, ApiError> {
    let account = bearer(&storage, &headers).await?;
    let id = proposal_id(id)?;
    let proposal = storage
        .proposal(id)
        .await?
        .ok_or_else(|| ApiError::not_found("no such proposal"))?;
    if !app::services::review::may_see(&storage, &account.actor(), &proposal).await? {
        return Err(ApiError::not_found("no such proposal"));
    }
    Ok(private(Json(ProposalJson::from(proposal)).into_response()))
}

/// A step on a proposal.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StepBody {
    /// approve or return (a reviewer of the action), withdraw (its author).
    #[schema(value_type = String, example = "return")]
    step: StepName,
    /// Why it is returned (required to return; at most 2,000 characters).
    #[schema(max_length = 2000)]
    comment: Option<String>,
}

#[derive(Deserialize, Clone, Copy)]
#[serde(rename_all = "kebab-case")]
enum StepName {
    Approve,
    Return,
    Withdraw,
}

/// Approves (publishing the change), returns with a comment, or withdraws
/// a proposal.
#[utoipa::path(post, path = "/api/v1/proposals/{id}/steps", tag = "write",
    params(("id" = i64, Path, description = "The proposal's number")),
    request_body = StepBody,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Approved: the action as now published", body = ActionJson),
        (status = 202, description = "Returned or withdrawn: the proposal as it now stands", body = ProposalJson),
        (status = 400, description = "Malformed JSON, or the id is not a number", body = ApiError),
        (status = 401, description = "No valid bearer token", body = ApiError),
        (status = 403, description = "Not a reviewer of the action (approve, return), or not its author (withdraw)", body = ApiError),
        (status = 404, description = "No such proposal, or not this account's to see", body = ApiError),
        (status = 409, description = "Not in a state for that step (already approved or withdrawn, returned, moved on meanwhile), or the action changed since the proposal (`current` holds it)", body = ApiError),
        (status = 413, description = "Body over 64 KiB", content_type = "text/plain", body = String),
        (status = 422, description = "A return without a comment, or with one too long", body = ApiError),
    ))]
pub async fn step(
    State(storage): State<SharedStorage>,
    headers: HeaderMap,
    id: Result<Path<i64>, PathRejection>,
    body: Result<Json<StepBody>, JsonRejection>,
) -> Result<Response, ApiError> {
    let account = bearer(&storage, &headers).await?;
    let id = proposal_id(id)?;
    let Json(body) = body.map_err(refused_body)?;
    let step = match body.step {
        StepName::Approve => ReviewStep::Approve,
        StepName::Return => ReviewStep::Return,
        StepName::Withdraw => ReviewStep::Withdraw,
    };
    let comment = body.comment.unwrap_or_default();
    match take_step(&storage, &account.actor(), id, step, &comment).await? {
        StepOutcome::Published(action) => {
            Ok(private(Json(ActionJson::from(action)).into_response()))
        }
        StepOutcome::Moved(proposal) => Ok(private(
            (StatusCode::ACCEPTED, Json(ProposalJson::from(proposal))).into_response(),
        )),
    }
}
