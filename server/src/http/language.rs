//! `/` sends people to their language: the one they last chose (the i18n
//! cookie), else the best match of `Accept-Language`, else English.

use axum::http::header::{ACCEPT_LANGUAGE, CACHE_CONTROL, COOKIE, LOCATION, VARY};
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use summit::Language;

/// The cookie leptos_i18n keeps the chosen language in.
const LANGUAGE_COOKIE: &str = "i18n_pref_locale";

pub async fn redirect_to_preferred(headers: HeaderMap) -> impl IntoResponse {
    let language = chosen(&headers).unwrap_or_else(|| {
        let accept = headers
            .get(ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        Language::negotiate(accept)
    });
    (
        StatusCode::FOUND,
        [
            (LOCATION, format!("/{}/", language.code())),
            (VARY, "Accept-Language, Cookie".to_owned()),
            (CACHE_CONTROL, "private, no-cache".to_owned()),
        ],
    )
}

fn chosen(headers: &HeaderMap) -> Option<Language> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == LANGUAGE_COOKIE)
        .and_then(|(_, value)| Language::parse(value.trim()))
}
