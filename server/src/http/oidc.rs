//! The two addresses a sign-in at a provider passes through:
//!
//! - `POST /auth/oidc/{provider}/start` (the button on the sign-in page, a
//!   same-origin form): keeps the flow (`state`, `nonce`, PKCE verifier)
//!   in this browser's session and sends the browser to the provider.
//! - `GET /auth/oidc/{provider}/callback` (the redirect URI registered at
//!   the provider): takes the flow whose `state` matches out of the
//!   session (once), trades the code, validates the ID token, finds or
//!   makes the account, and signs in.
//!
//! Anything wrong sends the browser back to the sign-in page with a reason
//! it shows in the reader's language (`?failed=…`), is logged with the
//! details, and creates nothing.

use super::AppState;
use crate::oidc::client::{Failure, Flow};
use crate::oidc::Providers;
use app::error::{AppError, ProviderFailure};
use app::services::accounts::{AuthSession, ClientAddr};
use app::services::sign_in::{ProviderSession, PROVIDER_SESSION};
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Extension, Form, Router};
use serde::Deserialize;
use std::sync::Arc;
use summit::Language;

/// The session key of the sign-ins this browser started.
const FLOWS: &str = "summit.oidc.flows";
/// How many sign-ins a browser may have started at once (several tabs).
const KEPT_FLOWS: usize = 3;
/// How long a started sign-in waits for the provider's answer.
const FLOW_LIFETIME_MS: i64 = 10 * 60 * 1000;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/auth/oidc/{provider}/start", post(start))
        .route("/auth/oidc/{provider}/callback", get(callback))
}

#[derive(Deserialize)]
struct Start {
    #[serde(default)]
    lang: String,
    #[serde(default)]
    next: String,
}

fn now_ms() -> i64 {
    jiff::Timestamp::now().as_millisecond()
}

fn language(code: &str) -> Language {
    Language::parse(code).unwrap_or(Language::DEFAULT)
}

/// Back to the sign-in page, saying why (303: the browser GETs it).
fn failed(language: Language, failure: ProviderFailure) -> Response {
    Redirect::to(&format!(
        "/{}/sign-in?failed={}",
        language.code(),
        failure.slug()
    ))
    .into_response()
}

fn log(provider: &str, failure: &Failure) {
    tracing::warn!(%provider, reason = failure.kind.slug(), detail = %failure.detail, "provider sign-in refused");
}

async fn start(
    State(providers): State<Option<Arc<Providers>>>,
    State(limits): State<Arc<app::services::limits::LoginLimits>>,
    Path(provider_id): Path<String>,
    addr: Option<Extension<ClientAddr>>,
    auth: AuthSession,
    Form(form): Form<Start>,
) -> Response {
    let language = language(&form.lang);
    let Some(provider) = providers.as_deref().and_then(|p| p.get(&provider_id)) else {
        return failed(language, ProviderFailure::Unknown);
    };
    // The same flood guard as a password sign-in.
    if !limits
        .admit(addr.map(|Extension(a)| a.0), &[])
        .await
        .unwrap_or(false)
    {
        return AppError::TooManyAttempts.status_code().into_response();
    }
    let next = app::security::same_site_path(&form.next).unwrap_or_default();
    let (url, flow) = match provider.begin(next, language.code(), now_ms()).await {
        Ok(begun) => begun,
        Err(failure) => {
            log(&provider_id, &failure);
            return failed(language, failure.kind);
        }
    };
    let session = &auth.session;
    let mut flows: Vec<Flow> = session.get(FLOWS).await.ok().flatten().unwrap_or_default();
    flows.retain(|f| now_ms() - f.started_ms < FLOW_LIFETIME_MS);
    flows.push(flow);
    let excess = flows.len().saturating_sub(KEPT_FLOWS);
    flows.drain(..excess);
    if let Err(error) = session.insert(FLOWS, flows).await {
        tracing::error!(%error, "cannot keep the sign-in flow");
        return AppError::Unavailable.status_code().into_response();
    }
    Redirect::to(&url).into_response()
}

#[derive(Deserialize)]
struct Answer {
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
    error_description: Option<String>,
}

/// Constant-time comparison of two secrets.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

async fn callback(
    State(providers): State<Option<Arc<Providers>>>,
    State(storage): State<app::services::storage::SharedStorage>,
    Path(provider_id): Path<String>,
    Query(answer): Query<Answer>,
    mut auth: AuthSession,
) -> Response {
    let session = auth.session.clone();
    // The flow this answer belongs to, taken out of the session whatever
    // happens next: a state is good for one answer.
    let mut flows: Vec<Flow> = session.get(FLOWS).await.ok().flatten().unwrap_or_default();
    let state = answer.state.clone().unwrap_or_default();
    let found = flows
        .iter()
        .position(|f| f.provider == provider_id && same(&f.state, &state));
    let flow = found.map(|i| flows.remove(i));
    if flow.is_some() {
        if let Err(error) = session.insert(FLOWS, &flows).await {
            tracing::error!(%error, "cannot forget the sign-in flow");
            return AppError::Unavailable.status_code().into_response();
        }
    }
    let Some(flow) = flow.filter(|f| now_ms() - f.started_ms < FLOW_LIFETIME_MS) else {
        let failure = Failure {
            kind: ProviderFailure::Stale,
            detail: "no sign-in of this browser has that state (tampered, replayed or too old)"
                .into(),
        };
        log(&provider_id, &failure);
        return failed(Language::DEFAULT, failure.kind);
    };
    let language = language(&flow.language);
    let Some(provider) = providers.as_deref().and_then(|p| p.get(&provider_id)) else {
        return failed(language, ProviderFailure::Unknown);
    };
    if let Some(error) = &answer.error {
        let failure = Failure {
            kind: ProviderFailure::Refused,
            detail: format!(
                "the provider answered {error}: {}",
                answer.error_description.as_deref().unwrap_or("")
            ),
        };
        log(&provider_id, &failure);
        return failed(language, failure.kind);
    }
    let Some(code) = answer.code.filter(|c| !c.is_empty() && c.len() <= 4096) else {
        return failed(language, ProviderFailure::Invalid);
    };
    let verified = match provider.finish(&flow, code).await {
        Ok(verified) => verified,
        Err(failure) => {
            log(&provider_id, &failure);
            return failed(language, failure.kind);
        }
    };
    let user = match app::services::sign_in::admit(&storage, &provider_id, &verified.claims).await {
        Ok(user) => user,
        Err(AppError::ProviderSignIn(kind)) => return failed(language, kind),
        Err(AppError::AccountDisabled) => {
            tracing::warn!(provider = %provider_id, "a disabled account tried to sign in");
            return failed(language, ProviderFailure::Disabled);
        }
        Err(error) => return error.status_code().into_response(),
    };
    if let Err(error) = auth.login(&user).await {
        tracing::error!(%error, "cannot store the session");
        return AppError::Unavailable.status_code().into_response();
    }
    let kept = ProviderSession {
        provider: provider_id.clone(),
        id_token: verified.id_token,
    };
    if let Err(error) = auth.session.insert(PROVIDER_SESSION, kept).await {
        tracing::warn!(%error, "the provider session is not kept; sign-out ends ours only");
    }
    app::services::mail::note_language(&storage, user.account.id, language).await;
    tracing::info!(provider = %provider_id, user = user.account.id, "signed in at a provider");
    let to = if flow.next.is_empty() {
        format!("/{}/account", language.code())
    } else {
        flow.next
    };
    Redirect::to(&to).into_response()
}
