//! HTTP caching: every anonymous GET is labelled for standard caches
//! ([`rules`]: `Cache-Control`, a weak `ETag`, `Vary`, 304s), and this
//! instance keeps one response cache of those answers, compressed, in front
//! of the renderer.
//!
//! The response cache: one answer per [`rules::key`] (the path and the
//! parameters its answer reads), kept while the data version, the quarter
//! hour (which names the day; deadlines are judged at it) and the build are
//! those of its [`rules::Tag`] and it is younger than [`MAX_AGE`].
//! Every instance learns of a change made through another at once on
//! PostgreSQL (see `server::storage::version`), so a kept answer never
//! shows older data than the instance knows of. It holds the body as it is
//! and compressed with brotli and gzip ([`encoded`]), so a hit is a copy of
//! bytes: no render, no compression.
//!
//! One render per answer at a time: when there is nothing to serve (a cold
//! start, after an edit), the first request renders and the others wait for
//! its answer. Without that, 64 clients arriving together rendered 64
//! copies at once and waited ~350 ms each. An answer past [`MAX_AGE`] but of
//! the current tag is served while its successor renders.
//!
//! Nothing about a person is kept: requests with a session cookie or
//! `Authorization`, and personal paths, never reach it ([`rules::is_shared`]),
//! and an answer that sets a cookie is neither kept nor shareable.

use axum::body::{Body, Bytes};
use axum::extract::Request;
use axum::http::header::{
    ACCEPT_ENCODING, CACHE_CONTROL, CONTENT_ENCODING, CONTENT_LENGTH, CONTENT_TYPE, ETAG,
    IF_MODIFIED_SINCE, IF_NONE_MATCH, LAST_MODIFIED, SET_COOKIE, VARY,
};
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use encoded::Encoded;
use futures_util::StreamExt;
use rules::Tag;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use store::Store;
use tokio::sync::watch;

mod encoded;
pub mod rules;
pub(in crate::http) use encoded::accepts;
mod store;

/// How long a kept answer is served before it is rendered again even
/// though its tag still holds. The same bound as the kept page parts a page
/// is made of, so what a page shows besides the data (the instant its
/// countdowns start from) is at most twice this old; the quarter hour (the
/// day, and the instant deadlines are judged at) is in the tag and in the
/// parts' keys.
const MAX_AGE: Duration = app::services::fragments::MAX_AGE;
/// Larger answers are passed on and not kept.
const MAX_BODY: usize = 4 * 1024 * 1024;
/// How long a request waits for another one's render before rendering itself.
const WAIT: Duration = Duration::from_secs(5);
/// Says whether an answer came from the response cache (`hit`) or was
/// rendered for it (`miss`): for tests and operators.
const X_RESPONSE_CACHE: HeaderName = HeaderName::from_static("x-response-cache");

struct Entry {
    at: Instant,
    tag: Tag,
    status: StatusCode,
    /// Without `Content-Length` and `Content-Encoding`, which depend on
    /// the encoding served.
    headers: HeaderMap,
    body: Arc<Encoded>,
}

/// One kept address: its last answer, and the render under way, if any.
#[derive(Default)]
struct Slot {
    answer: Option<Arc<Entry>>,
    /// How often the answer was replayed (what eviction spares).
    hits: u32,
    /// Closed (sender dropped) when the render under way ends, whether it
    /// kept an answer or not.
    rendering: Option<watch::Receiver<()>>,
}

impl Slot {
    fn is_rendering(&self) -> bool {
        // A sender dropped without storing (the client went away) leaves a
        // closed channel: nobody is rendering any more.
        self.rendering
            .as_ref()
            .is_some_and(|rx| rx.has_changed().is_ok())
    }
}

/// What to do with a request, decided under the lock.
enum Plan {
    Replay(Arc<Entry>),
    /// Render, and tell the waiters when done (by dropping the sender).
    Render(watch::Sender<()>),
    /// Another request is rendering this answer and there is nothing to serve yet.
    Wait(watch::Receiver<()>),
}

/// The tag of answers as of now (data version, quarter hour, build).
pub type CurrentTag = Arc<dyn Fn() -> Tag + Send + Sync>;

#[derive(Clone)]
pub struct ResponseCache {
    entries: Arc<Mutex<Store>>,
    tag: CurrentTag,
}

impl ResponseCache {
    pub fn new(tag: CurrentTag) -> Self {
        ResponseCache {
            entries: Arc::default(),
            tag,
        }
    }

    /// Labels and serves shared answers, from the cache when it can.
    pub async fn layer(self, request: Request, next: Next) -> Response {
        if !rules::is_shared(request.method(), request.uri(), request.headers()) {
            return next.run(request).await;
        }
        let tag = (self.tag)();
        if tag.matches(request.headers()) {
            return not_modified(&tag);
        }
        let head = request.method() == Method::HEAD;
        let key = rules::key(request.uri());
        // What `respond` reads of the request: not a copy of all its headers.
        let mut asked = HeaderMap::new();
        for name in [ACCEPT_ENCODING, IF_NONE_MATCH, IF_MODIFIED_SINCE] {
            for value in request.headers().get_all(&name) {
                asked.append(name.clone(), value.clone());
            }
        }
        let mut waited = false;
        let done = loop {
            match self.plan(&key, &tag, waited) {
                Plan::Replay(entry) => return respond(&entry, &asked, head, "hit"),
                Plan::Render(done) => break done,
                Plan::Wait(mut rx) => {
                    // Ends when the render keeps its answer or gives up.
                    let _ = tokio::time::timeout(WAIT, rx.changed()).await;
                    waited = true;
                }
            }
        };
        let response = label(next.run(request).await, &tag);
        let kind = kind_of(response.headers()).filter(|_| {
            !head
                && response.status() == StatusCode::OK
                && !response.headers().contains_key(SET_COOKIE)
                && !response.headers().contains_key(CONTENT_ENCODING)
        });
        let Some(kind) = kind else {
            self.forget(&key);
            return response;
        };
        let compressible = kind == Kind::Text;
        let (mut parts, body) = response.into_parts();
        let body = match gather(body).await {
            Gathered::Whole(body) => body,
            Gathered::TooLarge(body) => {
                self.forget(&key);
                return Response::from_parts(parts, body);
            }
            Gathered::Failed => {
                self.forget(&key);
                return plain(StatusCode::INTERNAL_SERVER_ERROR);
            }
        };
        parts.headers.remove(CONTENT_LENGTH);
        let encoded = tokio::task::spawn_blocking(move || Encoded::new(body, compressible))
            .await
            .unwrap_or_else(|_| Encoded::new(Bytes::new(), false));
        let entry = Arc::new(Entry {
            at: Instant::now(),
            tag,
            status: parts.status,
            headers: parts.headers,
            body: Arc::new(encoded),
        });
        if let Ok(mut entries) = self.entries.lock() {
            entries.store(key, entry.clone());
        }
        // Wakes the waiters, who now find the answer.
        drop(done);
        respond(&entry, &asked, false, "miss")
    }

    fn forget(&self, key: &str) {
        if let Ok(mut entries) = self.entries.lock() {
            entries.remove(key);
        }
    }

    /// Decides under the lock: replay an answer of the current tag (past
    /// [`MAX_AGE`] only while its successor renders); else render, or wait
    /// for the request already rendering it. A request that has waited once
    /// renders itself rather than wait again.
    fn plan(&self, key: &str, tag: &Tag, waited: bool) -> Plan {
        let Ok(mut entries) = self.entries.lock() else {
            return Plan::Render(watch::channel(()).0);
        };
        let slot = entries.slot(key);
        let rendering = slot.is_rendering();
        let usable = slot.answer.as_ref().filter(|e| e.tag == *tag);
        if let Some(entry) = usable.filter(|e| e.at.elapsed() < MAX_AGE || rendering) {
            let entry = entry.clone();
            slot.hits = slot.hits.saturating_add(1);
            return Plan::Replay(entry);
        }
        if rendering && !waited {
            if let Some(rx) = &slot.rendering {
                return Plan::Wait(rx.clone());
            }
        }
        let (tx, rx) = watch::channel(());
        if !rendering {
            slot.rendering = Some(rx);
        }
        Plan::Render(tx)
    }

    /// Bytes held by kept answers, every encoding counted.
    #[cfg(test)]
    fn bytes(&self) -> usize {
        self.entries.lock().map_or(0, |e| e.bytes())
    }
}

/// What kind of body an answer has, if it is one to keep.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// HTML, JSON, XML, calendars, CSV: compressed when kept.
    Text,
    /// Spreadsheets, images: kept as they are.
    Binary,
}

fn kind_of(headers: &HeaderMap) -> Option<Kind> {
    let kind = headers.get(CONTENT_TYPE)?.to_str().ok()?;
    let text = [
        "text/",
        "application/json",
        "application/atom+xml",
        "application/xml",
        "image/svg+xml",
        "application/manifest+json",
    ];
    if text.iter().any(|t| kind.starts_with(t)) {
        return Some(Kind::Text);
    }
    // A zip is streamed as it is written, and large: never gathered.
    (!kind.starts_with("application/zip")).then_some(Kind::Binary)
}

/// The standard caching headers of a shared answer, unless the handler
/// chose its own (the feeds' `ETag`, a download's `no-store`).
fn label(mut response: Response, tag: &Tag) -> Response {
    let status = response.status();
    let headers = response.headers_mut();
    if headers.contains_key(SET_COOKIE) {
        // Should never happen on a shared answer; if it does, nobody shares it.
        headers.insert(CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
        return response;
    }
    let policy = if status.is_server_error() {
        "no-store"
    } else if matches!(status.as_u16(), 200 | 203 | 204 | 304 | 404 | 410) {
        rules::shared()
    } else {
        "no-cache"
    };
    if !headers.contains_key(CACHE_CONTROL) {
        headers.insert(CACHE_CONTROL, HeaderValue::from_static(policy));
    }
    if status == StatusCode::OK && !headers.contains_key(ETAG) {
        headers.insert(ETAG, tag.header());
    }
    let vary = headers
        .get(VARY)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let vary = match vary {
        Some(own) if !own.to_ascii_lowercase().contains("cookie") => {
            format!("{own}, {}", rules::VARY)
        }
        Some(own) => own,
        None => rules::VARY.to_owned(),
    };
    if let Ok(value) = HeaderValue::from_str(&vary) {
        headers.insert(VARY, value);
    }
    response
}

fn not_modified(tag: &Tag) -> Response {
    let mut response = plain(StatusCode::NOT_MODIFIED);
    let headers = response.headers_mut();
    headers.insert(ETAG, tag.header());
    headers.insert(CACHE_CONTROL, HeaderValue::from_static(rules::shared()));
    headers.insert(VARY, HeaderValue::from_static(rules::VARY));
    response
}

fn plain(status: StatusCode) -> Response {
    let mut response = Response::new(Body::empty());
    *response.status_mut() = status;
    response
}

/// A kept answer for this request: its encoding, or a 304 when the client
/// holds it already (its `ETag`, the shared tag or a handler's own such as
/// the feed's; or, without `If-None-Match`, its `Last-Modified`, which feed
/// readers send back).
fn respond(entry: &Entry, asked: &HeaderMap, head: bool, how: &'static str) -> Response {
    let held = match (entry.headers.get(ETAG), asked.get(IF_MODIFIED_SINCE)) {
        (Some(tag), _) if asked.contains_key(IF_NONE_MATCH) => tag
            .to_str()
            .is_ok_and(|tag| Tag(tag.to_owned()).matches(asked)),
        (_, Some(since)) if !asked.contains_key(IF_NONE_MATCH) => {
            entry.headers.get(LAST_MODIFIED) == Some(since)
        }
        _ => false,
    };
    if held {
        let mut response = plain(StatusCode::NOT_MODIFIED);
        for name in [ETAG, LAST_MODIFIED, CACHE_CONTROL, VARY] {
            if let Some(value) = entry.headers.get(&name) {
                response.headers_mut().insert(name, value.clone());
            }
        }
        return response;
    }
    let (coding, body) = entry.body.for_request(asked);
    let mut headers = entry.headers.clone();
    if let Some(coding) = coding {
        headers.insert(CONTENT_ENCODING, HeaderValue::from_static(coding));
    }
    headers.insert(CONTENT_LENGTH, HeaderValue::from(body.len()));
    headers.insert(X_RESPONSE_CACHE, HeaderValue::from_static(how));
    let mut response = Response::new(if head {
        Body::empty()
    } else {
        Body::from(body)
    });
    *response.status_mut() = entry.status;
    *response.headers_mut() = headers;
    response
}

enum Gathered {
    Whole(Bytes),
    /// Over [`MAX_BODY`]: what was read, then the rest, as a body to pass on.
    TooLarge(Body),
    Failed,
}

/// The whole body when it is at most [`MAX_BODY`].
async fn gather(body: Body) -> Gathered {
    let mut chunks = body.into_data_stream();
    let mut read: Vec<Bytes> = Vec::new();
    let mut size = 0;
    while let Some(chunk) = chunks.next().await {
        let Ok(chunk) = chunk else {
            return Gathered::Failed;
        };
        size += chunk.len();
        read.push(chunk);
        if size > MAX_BODY {
            let before = futures_util::stream::iter(read.into_iter().map(Ok));
            return Gathered::TooLarge(Body::from_stream(before.chain(chunks)));
        }
    }
    Gathered::Whole(match read.len() {
        1 => read.pop().unwrap_or_default(),
        _ => Bytes::from(read.concat()),
    })
}

#[cfg(test)]
mod tests;
