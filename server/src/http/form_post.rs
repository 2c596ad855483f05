//! What the pages' plain HTML form posts share (the edit form,
//! [`super::edit_form`], and the review page's, [`super::review_form`]):
//! a taken post answers 303 to a page; a refused one answers the page it
//! came from, rendered as for a GET with the attempt in the render's
//! context, under the status the problem stands for.

use super::render;
use axum::body::Body;
use axum::extract::Request;
use axum::http::header::LOCATION;
use axum::http::request::Parts;
use axum::http::{HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use leptos::prelude::{provide_context, IntoView};
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

/// Renders the page of a request with a refused attempt (`T`) in its context.
pub type Refused<T> =
    Arc<dyn Fn(T, Request) -> Pin<Box<dyn Future<Output = Response> + Send>> + Send + Sync>;

/// The renderer of pages answering a refused attempt: the pages' own
/// `context`, and the attempt.
pub fn refused<T, IV>(
    context: impl Fn() + Clone + Send + Sync + 'static,
    shell: impl Fn() -> IV + Clone + Send + Sync + 'static,
) -> Refused<T>
where
    T: Clone + Send + Sync + 'static,
    IV: IntoView + 'static,
{
    Arc::new(move |attempt: T, request| {
        let context = context.clone();
        let render = render::page(
            move || {
                context();
                provide_context(attempt.clone());
            },
            shell.clone(),
        );
        render(request)
    })
}

/// The page the post came from, as a GET would render it (the post's body
/// is not passed on: it is in `attempt`), under `status` when it renders.
pub async fn answer_refused<T>(
    render: &Refused<T>,
    attempt: T,
    mut parts: Parts,
    status: StatusCode,
) -> Response {
    parts.method = Method::GET;
    let request = Request::from_parts(parts, Body::empty());
    let mut response = render(attempt, request).await;
    if response.status().is_success() {
        *response.status_mut() = status;
    }
    response
}

pub fn see_other(location: &str) -> Response {
    let mut response = StatusCode::SEE_OTHER.into_response();
    if let Ok(value) = HeaderValue::from_str(location) {
        response.headers_mut().insert(LOCATION, value);
    }
    response
}
