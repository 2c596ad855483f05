//! A page ends at `</html>`. Leptos' async rendering appends the scripts
//! that carry resources to a hydrating client (`__RESOLVED_RESOURCES`, …)
//! after the document's end; pages here are not hydrated (islands get their
//! props in the HTML), so those scripts are dead weight and invalid HTML
//! (the Nu checker's "stray start tag script"). This drops whatever a page's
//! body carries after `</html>`.

use axum::body::{Body, Bytes};
use axum::extract::Request;
use axum::http::header::{CONTENT_LENGTH, CONTENT_TYPE};
use axum::middleware::Next;
use axum::response::Response;
use futures_util::StreamExt;
use memchr::memmem;

const END: &[u8] = b"</html>";

/// On a response already cut at its end (a page from `super::render`).
#[derive(Clone, Copy)]
pub struct Ended;

pub async fn end_at_html(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    if response.extensions().get::<Ended>().is_some() {
        return response;
    }
    let html = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("text/html"));
    if !html {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    parts.headers.remove(CONTENT_LENGTH);
    let mut cut = Cut::default();
    let stream = body
        .into_data_stream()
        .map(move |chunk| chunk.map(|bytes| cut.pass(bytes)))
        .filter(|chunk| std::future::ready(!matches!(chunk, Ok(b) if b.is_empty())));
    Response::from_parts(parts, Body::from_stream(stream))
}

/// Passes bytes through until `</html>` has gone by, even when the marker is
/// split across chunks; nothing after it.
#[derive(Default)]
pub struct Cut {
    ended: bool,
    /// The last bytes seen, for a marker split across two chunks.
    tail: Vec<u8>,
}

impl Cut {
    /// Whether `</html>` has gone by.
    pub fn ended(&self) -> bool {
        self.ended
    }

    /// Searches each chunk in place (memchr's `memmem`) and copies only the
    /// few bytes that may hold a marker split across chunks: copying every
    /// chunk into a window and scanning it byte by byte was ~4% of an
    /// uncached page's time.
    pub fn pass(&mut self, bytes: Bytes) -> Bytes {
        if self.ended {
            return Bytes::new();
        }
        let carried = self.tail.len();
        let mut seam = std::mem::take(&mut self.tail);
        seam.extend_from_slice(&bytes[..bytes.len().min(END.len() - 1)]);
        if let Some(at) = memmem::find(&seam, END) {
            self.ended = true;
            // The part of the marker carried over was already passed on.
            return bytes.slice(..(at + END.len()).saturating_sub(carried).min(bytes.len()));
        }
        if let Some(at) = memmem::find(&bytes, END) {
            self.ended = true;
            return bytes.slice(..at + END.len());
        }
        // The last bytes seen, across chunks shorter than the marker too.
        let recent: &[u8] = if bytes.len() >= END.len() - 1 {
            &bytes
        } else {
            &seam
        };
        self.tail = recent[recent.len().saturating_sub(END.len() - 1)..].to_vec();
        bytes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(chunks: &[&str]) -> String {
        let mut cut = Cut::default();
        chunks
            .iter()
            .map(|c| cut.pass(Bytes::copy_from_slice(c.as_bytes())))
            .map(|b| String::from_utf8(b.to_vec()).unwrap())
            .collect()
    }

    #[test]
    fn nothing_passes_after_the_end_of_the_document() {
        assert_eq!(
            run(&[
                "<html><body>x</body></html>",
                "<script>__RESOLVED_RESOURCES=[]</script>"
            ]),
            "<html><body>x</body></html>"
        );
        assert_eq!(run(&["<html>a</ht", "ml><script>", "y"]), "<html>a</html>");
        assert_eq!(
            run(&["<p>no end yet</p>", "<p>more</p>"]),
            "<p>no end yet</p><p>more</p>"
        );
        // A marker split over three chunks, and a chunk right after the end.
        assert_eq!(
            run(&["<p>x</p></h", "t", "ml><script>", "z"]),
            "<p>x</p></html>"
        );
        assert_eq!(run(&["<html></html>", "<script>"]), "<html></html>");
        assert_eq!(run(&["a</", "html>"]), "a</html>");
    }
}
