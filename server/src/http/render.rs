//! Pages rendered as leptos_axum's `render_app_async_with_context` renders
//! them (everything before the first byte, so a page can still choose its
//! status: a 404, a redirect), with one difference: the rendered chunks stay
//! apart instead of being joined into one string.
//!
//! Why: leptos_meta puts the head tags (`<title>`, the feed's `<link>`)
//! into the first chunk by copying it whole. Joined, that chunk is the whole
//! page (~190 KB for `/en/`), so every page was copied twice more than it
//! needs; apart, the first chunk is the frame up to the page's first
//! `<Suspense>`, a few kilobytes, and a body reused from
//! `app::services::fragments` goes to the socket without another copy.

use axum::body::Body;
use axum::http::Request;
use axum::response::Response;
use futures_util::{stream, StreamExt};
use leptos::prelude::*;
use std::future::Future;
use std::pin::Pin;

type Chunks = Pin<Box<dyn futures_util::Stream<Item = String> + Send>>;
type Pinned<T> = Pin<Box<dyn Future<Output = T> + Send>>;

/// A handler rendering `app_fn` with `context` provided, like
/// `leptos_axum::render_app_async_with_context`.
pub fn page<IV>(
    context: impl Fn() + Clone + Send + Sync + 'static,
    app_fn: impl Fn() -> IV + Clone + Send + Sync + 'static,
) -> impl Fn(Request<Body>) -> Pinned<Response<Body>> + Clone + Send + Sync + 'static
where
    IV: IntoView + 'static,
{
    move |request| {
        leptos_axum::handle_response_inner(context.clone(), app_fn.clone(), request, in_chunks)
    }
}

/// The whole page, awaited, as the chunks it rendered in.
fn in_chunks<IV>(app: IV, after: Box<dyn FnOnce() -> Chunks + Send>, _: bool) -> Pinned<Chunks>
where
    IV: IntoView + 'static,
{
    Box::pin(async move {
        let chunks = app
            .to_html_stream_in_order()
            .fold(Vec::new(), |mut joined, chunk| {
                join_small(&mut joined, chunk);
                std::future::ready(joined)
            })
            .await;
        let after = after();
        Box::pin(stream::iter(chunks).chain(after)) as Chunks
    })
}

/// A chunk this large is sent as it is; smaller ones are joined to their
/// neighbours, since each chunk costs a pass through every layer and a
/// write of its own (a 10 KB page renders in a dozen chunks).
const LARGE: usize = 16 * 1024;

/// Adds `chunk` to `joined`: appended to the last one when both are small
/// (copying a few kilobytes is cheaper than another chunk), else on its own.
fn join_small(joined: &mut Vec<String>, chunk: String) {
    match joined.last_mut() {
        Some(last) if last.len() < LARGE && chunk.len() < LARGE => last.push_str(&chunk),
        _ => joined.push(chunk),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn joined(chunks: &[&str]) -> Vec<String> {
        let mut joined = Vec::new();
        for chunk in chunks {
            join_small(&mut joined, (*chunk).to_owned());
        }
        joined
    }

    #[test]
    fn small_chunks_are_joined_and_large_ones_kept_apart() {
        let large = "x".repeat(LARGE);
        let chunks = joined(&["<head>", "<body>", &large, "<footer>", "</html>"]);
        assert_eq!(chunks, ["<head><body>", large.as_str(), "<footer></html>"]);
        assert_eq!(
            chunks.concat(),
            format!("<head><body>{large}<footer></html>")
        );
    }
}
