//! Pages rendered as leptos_axum's `render_app_async_with_context` renders
//! them (everything before the first byte, so a page can still choose its
//! status: a 404, a redirect), with kept parts spliced in afterwards.
//!
//! Why: on its way out, every byte of a page is copied by Leptos' stream
//! builder, joined again by leptos_integration_utils and copied once more
//! by leptos_meta to put the head tags in. A part reused from
//! `app::services::fragments` is rendered as a mark ([`Splices`]) and
//! replaced here by the kept bytes themselves, so those copies are of the
//! page's frame only (a few kilobytes), and the 100–200 KB of a page's body
//! goes to the socket without a copy, as a static file's would. The page
//! ends here at `</html>` too (see [`super::document`]), found in the frame
//! alone. Large chunks are also kept apart when the stream is gathered,
//! for pages rendered without kept parts. A page with kept parts that the
//! response cache will not keep (a signed-in person's) is sent gzipped with
//! its parts compressed once ([`super::gzipped`]).

use super::document::{Cut, Ended};
use super::gzipped::{gzipped, Piece};
use app::components::reused::{Splices, MARK};
use axum::body::{Body, Bytes};
use axum::http::{Request, StatusCode};
use axum::response::{IntoResponse, Response};
use futures_util::{stream, StreamExt};
use leptos::prelude::*;
use memchr::memmem;
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
        // The response cache compresses what it keeps; the rest is
        // compressed here when it has parts, else by `headers`' layer.
        let gzip =
            !super::cache::rules::is_shared(request.method(), request.uri(), request.headers())
                && super::cache::accepts(request.headers(), "gzip");
        let splices = Splices::default();
        let context = {
            let context = context.clone();
            let splices = splices.clone();
            move || {
                context();
                provide_context(splices.clone());
            }
        };
        let rendered =
            leptos_axum::handle_response_inner(context, app_fn.clone(), request, in_chunks);
        Box::pin(async move { spliced(rendered.await, &splices, gzip).await })
    }
}

/// The response with every mark replaced by its part, and nothing after
/// `</html>`, gzipped when `gzip` and it has parts. The body is whole
/// already (pages are awaited), so this only gathers its chunks. Its
/// `Content-Length` is dropped: the cut may have shortened the body (the
/// response cache or hyper counts it again).
async fn spliced(response: Response<Body>, splices: &Splices, gzip: bool) -> Response<Body> {
    let (mut head, body) = response.into_parts();
    let mut chunks = body.into_data_stream();
    let mut out = Vec::new();
    let mut cut = Cut::default();
    while let Some(chunk) = chunks.next().await {
        let chunk = match chunk {
            Ok(chunk) => chunk,
            Err(error) => {
                tracing::error!(%error, "a page's body failed");
                return StatusCode::INTERNAL_SERVER_ERROR.into_response();
            }
        };
        if !cut.ended() {
            splice(chunk, splices, &mut cut, &mut out);
        }
    }
    head.headers.remove(axum::http::header::CONTENT_LENGTH);
    head.extensions.insert(Ended);
    let has_parts = out.iter().any(|piece| matches!(piece, Piece::Part(_)));
    let body: Vec<Bytes> = if gzip && has_parts && head.status == StatusCode::OK {
        use axum::http::header::{CONTENT_ENCODING, VARY};
        use axum::http::HeaderValue;
        head.headers
            .insert(CONTENT_ENCODING, HeaderValue::from_static("gzip"));
        head.headers
            .append(VARY, HeaderValue::from_static("accept-encoding"));
        gzipped(out)
    } else {
        out.into_iter()
            .map(|piece| match piece {
                Piece::Frame(bytes) => bytes,
                Piece::Part(part) => Bytes::from_owner(Part(part)),
            })
            .collect()
    };
    Response::from_parts(
        head,
        Body::from_stream(stream::iter(
            body.into_iter().map(Ok::<_, std::convert::Infallible>),
        )),
    )
}

/// Adds `chunk` to `out` with its marks replaced by their parts; the frame
/// between them passes through `cut`.
fn splice(chunk: Bytes, splices: &Splices, cut: &mut Cut, out: &mut Vec<Piece>) {
    let mark = format!("{MARK}{} ", splices.token());
    let mut rest = chunk;
    while let Some(at) = memmem::find(&rest, mark.as_bytes()) {
        let after = &rest[at + mark.len()..];
        let digits = after.iter().take_while(|b| b.is_ascii_digit()).count();
        let part = std::str::from_utf8(&after[..digits])
            .ok()
            .and_then(|index| index.parse().ok())
            .filter(|_| after[digits..].starts_with(b"-->"))
            .and_then(|index| splices.part(index));
        let Some(part) = part else {
            // Never written by `Kept`: left as it is, and the marks after
            // it are still replaced.
            tracing::error!("a page holds a mark with no part");
            frame(rest.slice(..at + mark.len()), cut, out);
            rest = rest.slice(at + mark.len()..);
            continue;
        };
        frame(rest.slice(..at), cut, out);
        if cut.ended() {
            return;
        }
        out.push(Piece::Part(part));
        rest = rest.slice(at + mark.len() + digits + "-->".len()..);
    }
    frame(rest, cut, out);
}

fn frame(bytes: Bytes, cut: &mut Cut, out: &mut Vec<Piece>) {
    let bytes = cut.pass(bytes);
    if !bytes.is_empty() {
        out.push(Piece::Frame(bytes));
    }
}

/// A kept part as the bytes of a body, shared and never copied.
struct Part(std::sync::Arc<str>);

impl AsRef<[u8]> for Part {
    fn as_ref(&self) -> &[u8] {
        self.0.as_bytes()
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

    fn flat(out: &[Piece]) -> Vec<u8> {
        out.iter()
            .flat_map(|piece| match piece {
                Piece::Frame(bytes) => bytes.to_vec(),
                Piece::Part(part) => part.as_bytes().to_vec(),
            })
            .collect()
    }

    fn joined(chunks: &[&str]) -> Vec<String> {
        let mut joined = Vec::new();
        for chunk in chunks {
            join_small(&mut joined, (*chunk).to_owned());
        }
        joined
    }

    /// A page with two parts marked, cut after `</html>`.
    #[test]
    fn marks_are_replaced_by_their_parts_and_nothing_follows_the_end() {
        leptos::prelude::Owner::new().with(|| {
            let splices = Splices::default();
            let mut page = String::from("<html><body>");
            let first: std::sync::Arc<str> = "<main>kept</main>".into();
            let second: std::sync::Arc<str> = "<ul><li>list</li></ul>".into();
            splices.mark(&first, &mut page);
            page.push_str("<p>between</p>");
            splices.mark(&second, &mut page);
            page.push_str("</body></html><script>late</script>");
            // A mark of another response, and one with no part: left alone.
            let foreign = format!("{MARK}0123 0-->");
            let unknown = format!("{MARK}{} 9-->", splices.token());
            let mut cut = Cut::default();
            let mut out = Vec::new();
            splice(Bytes::from(page), &splices, &mut cut, &mut out);
            splice(
                Bytes::from("<p>after the end</p>"),
                &splices,
                &mut cut,
                &mut out,
            );
            let whole: Vec<u8> = flat(&out);
            assert_eq!(
                String::from_utf8(whole).unwrap(),
                "<html><body><main>kept</main><p>between</p><ul><li>list</li></ul></body></html>"
            );
            let mut out = Vec::new();
            let odd = format!("<p>{foreign}</p>{unknown}</html>");
            splice(
                Bytes::from(odd.clone()),
                &splices,
                &mut Cut::default(),
                &mut out,
            );
            assert_eq!(flat(&out), odd.as_bytes());
            // A mark after one with no part is still replaced.
            let mut page = unknown.clone();
            splices.mark(&first, &mut page);
            let mut out = Vec::new();
            splice(Bytes::from(page), &splices, &mut Cut::default(), &mut out);
            assert_eq!(flat(&out), format!("{unknown}<main>kept</main>").as_bytes());
        });
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
