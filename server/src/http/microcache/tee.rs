//! A body that streams to the client while a copy is kept for the cache.

use axum::body::Bytes;

/// Passes a body through while copying it; hands the copy to `done` when the
/// body ends (not when it fails or grows past `super::MAX_BODY`).
pub(super) struct Tee {
    pub(super) inner: axum::body::BodyDataStream,
    pub(super) copy: Vec<u8>,
    pub(super) done: Option<Box<dyn FnOnce(Bytes) + Send>>,
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
                if self.copy.len() + chunk.len() > super::MAX_BODY {
                    self.done = None;
                } else if self.done.is_some() {
                    self.copy.extend_from_slice(chunk);
                }
            }
            Poll::Ready(Some(Err(_))) => self.done = None,
            Poll::Ready(None) => {
                if let Some(done) = self.done.take() {
                    done(Bytes::from(std::mem::take(&mut self.copy)));
                }
            }
            Poll::Pending => {}
        }
        polled
    }
}
