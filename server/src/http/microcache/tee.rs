//! A body that streams to the client while a copy is kept for the cache.

use axum::body::Bytes;

/// Passes a body through while keeping its chunks; hands them, joined, to
/// `done` when the body ends (not when it fails or grows past
/// `super::MAX_BODY`). The chunks are shared with what goes to the client
/// (`Bytes` is reference-counted), so a page rendered as one chunk (as
/// `leptos_axum` renders them) is kept without being copied.
pub(super) struct Tee {
    pub(super) inner: axum::body::BodyDataStream,
    pub(super) chunks: Vec<Bytes>,
    pub(super) done: Option<Box<dyn FnOnce(Bytes) + Send>>,
}

impl Tee {
    pub(super) fn new(
        inner: axum::body::BodyDataStream,
        done: Box<dyn FnOnce(Bytes) + Send>,
    ) -> Self {
        Tee {
            inner,
            chunks: Vec::new(),
            done: Some(done),
        }
    }

    fn kept(&self) -> usize {
        self.chunks.iter().map(Bytes::len).sum()
    }

    /// The kept chunks as one body: the only chunk itself, else a copy.
    fn joined(&mut self) -> Bytes {
        match self.chunks.len() {
            1 => self.chunks.pop().unwrap_or_default(),
            _ => Bytes::from(std::mem::take(&mut self.chunks).concat()),
        }
    }
}

impl futures_util::Stream for Tee {
    type Item = Result<Bytes, axum::Error>;

    fn poll_next(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Self::Item>> {
        use std::task::Poll;
        let polled = std::pin::Pin::new(&mut self.inner).poll_next(cx);
        match &polled {
            Poll::Ready(Some(Ok(chunk))) => {
                if self.kept() + chunk.len() > super::MAX_BODY {
                    self.done = None;
                    self.chunks.clear();
                } else if self.done.is_some() {
                    self.chunks.push(chunk.clone());
                }
            }
            Poll::Ready(Some(Err(_))) => self.done = None,
            Poll::Ready(None) => {
                if let Some(done) = self.done.take() {
                    let body = self.joined();
                    done(body);
                }
            }
            Poll::Pending => {}
        }
        polled
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures_util::StreamExt;
    use std::sync::{Arc, Mutex};

    async fn tee_of(chunks: Vec<&'static str>) -> (Vec<Bytes>, Option<Bytes>) {
        let body = axum::body::Body::from_stream(futures_util::stream::iter(
            chunks
                .into_iter()
                .map(|c| Ok::<_, std::io::Error>(Bytes::from_static(c.as_bytes()))),
        ));
        let kept = Arc::new(Mutex::new(None));
        let sink = kept.clone();
        let tee = Tee::new(
            body.into_data_stream(),
            Box::new(move |b| *sink.lock().unwrap() = Some(b)),
        );
        let passed: Vec<Bytes> = tee.map(|c| c.unwrap()).collect().await;
        let kept = kept.lock().unwrap().take();
        (passed, kept)
    }

    #[tokio::test]
    async fn the_client_gets_every_chunk_and_the_cache_the_whole_body() {
        let (passed, kept) = tee_of(vec!["<p>", "one", "</p>"]).await;
        assert_eq!(passed.concat(), b"<p>one</p>");
        assert_eq!(kept.as_deref(), Some(&b"<p>one</p>"[..]));
    }

    #[tokio::test]
    async fn a_single_chunk_is_kept_without_a_copy() {
        let (passed, kept) = tee_of(vec!["<html>…</html>"]).await;
        let kept = kept.unwrap();
        assert_eq!(kept.as_ptr(), passed[0].as_ptr(), "the same bytes, shared");
    }
}
