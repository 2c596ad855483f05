//! The one door every server function goes through (`/api/…`, but not the
//! JSON API under `/api/v1/`): whatever a function or the framework answers,
//! the client gets the status its error stands for, never a 500 by omission.
//!
//! - The body is read here, at most [`BODY_LIMIT`] bytes whether or not it
//!   declares a length (a chunked body that keeps going gets 413, not a
//!   dropped connection).
//! - An error answer (server_fn marks it with its `serverfnerror` header) is
//!   decoded as the [`AppError`] it carries and given that error's status:
//!   404 for an unknown thing, 400 for a missing or mistyped argument, 422
//!   for invalid fields, and so on.
//! - A plain HTML form post is sent back (303) to the page it came from,
//!   with the error in the query as server_fn encodes it; that page must be
//!   on this site, or the browser goes home.

use app::error::AppError;
use axum::body::{Body, Bytes};
use axum::extract::Request;
use axum::http::header::{CONTENT_LENGTH, CONTENT_TYPE, LOCATION};
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// The largest body a server function accepts: a note is at most 2,000
/// characters, a whole form a few KiB.
pub const BODY_LIMIT: usize = 64 * 1024;

/// Whether `path` is a server function's (they live under `/api/`, the JSON
/// API under `/api/v1/`).
pub fn is_server_fn(path: &str) -> bool {
    path.starts_with("/api/") && !path.starts_with("/api/v1/")
}

/// Where a server function's redirect may lead: this site, and the
/// identity providers' origins the operator configured (signing out there
/// too, `server::oidc`).
#[derive(Clone, Debug)]
pub struct Destinations {
    pub site: String,
    pub providers: Vec<String>,
}

pub async fn guard(
    destinations: std::sync::Arc<Destinations>,
    request: Request,
    next: Next,
) -> Response {
    if !is_server_fn(request.uri().path()) {
        return next.run(request).await;
    }
    let (parts, body) = request.into_parts();
    let bytes = match axum::body::to_bytes(body, BODY_LIMIT).await {
        Ok(bytes) => bytes,
        Err(error) => {
            let error = if exceeds_limit(&error) {
                AppError::TooLarge
            } else {
                AppError::BadRequest
            };
            return error_response(&error);
        }
    };
    let mut request = Request::from_parts(parts, Body::from(bytes));
    request.headers_mut().remove(CONTENT_LENGTH);
    let response = next.run(request).await;
    settle(&destinations, response).await
}

/// Whether reading a body failed because it grew past a length limit (this
/// one's or `guard::body_limit`'s), rather than the client going away.
fn exceeds_limit(error: &axum::Error) -> bool {
    let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(e) = cause {
        if e.is::<http_body_util::LengthLimitError>() {
            return true;
        }
        cause = e.source();
    }
    false
}

/// Gives an error answer the status of the error it carries.
async fn settle(destinations: &Destinations, response: Response) -> Response {
    let is_error = response
        .headers()
        .contains_key(leptos::server_fn::error::SERVER_FN_ERROR_HEADER);
    let redirected = response.headers().contains_key(LOCATION);
    if redirected {
        return same_site_location(destinations, response);
    }
    if !is_error && response.status() != StatusCode::INTERNAL_SERVER_ERROR {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 1024 * 1024).await else {
        return error_response(&AppError::Unavailable);
    };
    let error: AppError = serde_json::from_slice(&bytes).unwrap_or_else(|_| {
        tracing::error!(status = %parts.status, "a server function failed without an AppError");
        AppError::Unavailable
    });
    parts.status = error.status_code();
    Response::from_parts(parts, Body::from(bytes))
}

/// A form post's redirect may only lead to a page of this site (server_fn
/// sends forms back to the `Referer`, which the client chose), or to a
/// configured identity provider.
fn same_site_location(destinations: &Destinations, mut response: Response) -> Response {
    let location = response
        .headers()
        .get(LOCATION)
        .and_then(|v| v.to_str().ok())
        .map(|v| match url::Url::parse(v) {
            Ok(url)
                if destinations
                    .providers
                    .contains(&url.origin().ascii_serialization()) =>
            {
                url.to_string()
            }
            _ => same_site_target(&destinations.site, v),
        });
    if let Some(location) = location.and_then(|l| HeaderValue::from_str(&l).ok()) {
        response.headers_mut().insert(LOCATION, location);
        if response.status().is_redirection() || response.status().is_client_error() {
            *response.status_mut() = StatusCode::SEE_OTHER;
        }
    }
    response
}

/// Where a redirect to `location` may go: a full URL on this site's
/// origin becomes its path, a same-site path stays; anything else goes home.
fn same_site_target(site: &str, location: &str) -> String {
    let path = match url::Url::parse(location) {
        Ok(url) if url.origin().ascii_serialization() == site => {
            let mut path = url.path().to_owned();
            if let Some(query) = url.query() {
                path.push('?');
                path.push_str(query);
            }
            Some(path)
        }
        Ok(_) => None,
        Err(_) => Some(location.to_owned()),
    };
    path.and_then(|p| app::security::same_site_path(&p))
        .unwrap_or_else(|| "/".to_owned())
}

/// The error a plain form post was sent back with (`?__path=…&__err=…`, as
/// server_fn encodes it), for the page's `ServerAction` of that function to
/// show when the page renders: so a form that needs no client-side
/// behaviour (sign-in, change of password) needs no wasm and still shows
/// its errors in place. The error is typed (`AppError`); a value that does
/// not decode shows as a bad request.
pub fn form_error_from_query() -> Option<leptos::server::ServerActionError> {
    let parts = leptos::prelude::use_context::<axum::http::request::Parts>()?;
    let query = parts.uri.query()?;
    let (mut path, mut error) = (None, None);
    for (key, value) in url::form_urlencoded::parse(query.as_bytes()) {
        match &*key {
            "__path" => path = Some(value.into_owned()),
            "__err" => error = Some(value.into_owned()),
            _ => {}
        }
    }
    Some(leptos::server::ServerActionError::new(&path?, &error?))
}

/// An error answered before any server function ran, encoded as server_fn
/// encodes ours (JSON), with its status.
pub fn error_response(error: &AppError) -> Response {
    let body = serde_json::to_vec(error).unwrap_or_default();
    let mut response = (error.status_code(), Bytes::from(body)).into_response();
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    response.headers_mut().insert(
        leptos::server_fn::error::SERVER_FN_ERROR_HEADER,
        HeaderValue::from_static("guard"),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::same_site_target;

    /// The server-function fuzzer (`end2end/fuzz/server_fns.py`) calls what
    /// `server_fns.json` lists: exactly the functions the server has.
    #[test]
    fn the_fuzzer_knows_every_server_function() {
        let spec: serde_json::Value =
            serde_json::from_str(include_str!("../../../end2end/fuzz/server_fns.json")).unwrap();
        let mut listed: Vec<(String, String)> = spec["functions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                (
                    f["path"].as_str().unwrap().to_owned(),
                    f["method"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        let mut registered: Vec<(String, String)> = leptos::server_fn::axum::server_fn_paths()
            .map(|(path, method)| (path.to_owned(), method.to_string()))
            .collect();
        listed.sort();
        registered.sort();
        assert_eq!(listed, registered);
    }

    #[test]
    fn redirects_stay_on_this_site() {
        let site = "https://tracker.un.org";
        assert_eq!(
            same_site_target(site, "https://tracker.un.org/en/sign-in?__err=x"),
            "/en/sign-in?__err=x"
        );
        assert_eq!(same_site_target(site, "/en/account"), "/en/account");
        assert_eq!(same_site_target(site, "https://evil.example/en/"), "/");
        assert_eq!(same_site_target(site, "//evil.example/"), "/");
        assert_eq!(same_site_target(site, "http://tracker.un.org/en/"), "/");
    }
}
