//! `/mail/unsubscribe?t=…&lang=…`: the one-click unsubscribe link every
//! message carries (RFC 8058). A mail client's `POST` with
//! `List-Unsubscribe=One-Click` turns the message's kind off for its
//! recipient, with no cookie or sign-in: the single-use token in the link
//! is the authority. A browser's `GET` shows a confirmation whose button
//! makes the same `POST`, so a link checker that opens the link changes
//! nothing. Personal: never kept by a shared cache
//! (`session::is_personal_path`).

use super::AppState;
use app::services::mail::page::{unsubscribe_page, UnsubscribePage};
use app::services::storage::{SharedStorage, Unsubscribed};
use axum::extract::{Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use leptos::config::LeptosOptions;
use serde::Deserialize;
use summit::Language;

pub fn routes() -> Router<AppState> {
    Router::new().route("/mail/unsubscribe", get(confirm).post(unsubscribe))
}

#[derive(Deserialize)]
struct Link {
    #[serde(default)]
    t: String,
    #[serde(default)]
    lang: String,
}

impl Link {
    fn language(&self) -> Language {
        Language::parse(&self.lang).unwrap_or(Language::DEFAULT)
    }
}

fn page(
    options: &LeptosOptions,
    status: StatusCode,
    language: Language,
    page: UnsubscribePage,
) -> Response {
    let stylesheet = &app::components::island::assets(options).stylesheet;
    let mut response = (status, unsubscribe_page(language, page, stylesheet)).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    response
}

async fn confirm(State(options): State<LeptosOptions>, Query(link): Query<Link>) -> Response {
    page(
        &options,
        StatusCode::OK,
        link.language(),
        UnsubscribePage::Confirm,
    )
}

async fn unsubscribe(
    State(storage): State<SharedStorage>,
    State(options): State<LeptosOptions>,
    Query(link): Query<Link>,
) -> Response {
    let now_ms = jiff::Timestamp::now().as_millisecond();
    match app::services::mail::unsubscribe(&storage, &link.t, now_ms).await {
        Ok(Unsubscribed::Done { kind, language }) => {
            tracing::info!(kind = kind.slug(), "unsubscribed by a one-click link");
            page(
                &options,
                StatusCode::OK,
                language,
                UnsubscribePage::Done(kind),
            )
        }
        Ok(Unsubscribed::AlreadyUsed { kind, language }) => page(
            &options,
            StatusCode::OK,
            language,
            UnsubscribePage::Used(kind),
        ),
        Ok(Unsubscribed::Unknown) => page(
            &options,
            StatusCode::NOT_FOUND,
            link.language(),
            UnsubscribePage::Unknown,
        ),
        Err(_) => StatusCode::SERVICE_UNAVAILABLE.into_response(),
    }
}
