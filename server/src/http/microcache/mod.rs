//! A one-second cache of anonymous GET answers (pages and public data), so a
//! burst of visitors costs one render per page per second instead of one per
//! request. Measured in `end2end/perf/report.md`: a page renders in about
//! 10 ms, which caps two cores near 200 pages/s without it.
//!
//! What keeps it honest:
//! - only requests without a session cookie (signed-in pages show the account);
//! - a change to public data through this instance (the storage's
//!   `data_version` moves) makes every stored answer unusable at once; a
//!   request that changes nothing (an anonymous sign-out, a repeated edit)
//!   leaves it warm, so nobody can keep it cold at will; other instances'
//!   changes show within 1 s;
//! - a cached page gets a fresh CSP nonce on every response (the nonce in the
//!   HTML and the header are replaced together), so nonces are never reused;
//! - countdowns tick from the instant the server rendered at, at most a few
//!   seconds old (an expired page is served while its successor renders).
//!
//! One render per page at a time: when there is nothing to serve yet (a cold
//! start, after an edit, after ten idle seconds), the first request renders
//! and the others wait for its answer. Without that, 64 clients arriving
//! together rendered 64 copies at once and waited ~350 ms each: the p99 tail
//! `make bench` used to report.

use axum::body::{Body, Bytes};
use axum::extract::Request;
use axum::http::header::{CONTENT_SECURITY_POLICY, CONTENT_TYPE, ETAG, IF_NONE_MATCH};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use store::Store;
use tee::Tee;
use tokio::sync::watch;

mod store;
mod tee;

const TTL: Duration = Duration::from_secs(1);
/// An expired answer is still served for this long while one request
/// renders its successor, so expiry never sends every waiting client to
/// render at once.
const STALE: Duration = Duration::from_secs(10);
const MAX_BODY: usize = 4 * 1024 * 1024;
/// How long a request waits for another one's render before rendering itself.
const WAIT: Duration = Duration::from_secs(5);

#[derive(Clone)]
struct Entry {
    at: Instant,
    generation: u64,
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
}

/// One cached address: its last answer, and the render under way, if any.
#[derive(Default)]
struct Slot {
    answer: Option<Entry>,
    /// How often the answer was replayed (what eviction spares).
    hits: u32,
    /// Closed (sender dropped) when the render under way ends, whether it
    /// stored an answer or failed.
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
    Replay(Entry),
    /// Render, and tell the waiters when done (by dropping the sender).
    Render(watch::Sender<()>),
    /// Another request is rendering this answer and there is nothing to serve yet.
    Wait(watch::Receiver<()>),
}

/// Reads the current data version.
pub type DataVersion = Arc<dyn Fn() -> u64 + Send + Sync>;

#[derive(Clone)]
pub struct MicroCache {
    entries: Arc<Mutex<Store>>,
    /// The data version an answer is rendered at (the storage's
    /// `data_version`); an answer of another version is never served.
    version: DataVersion,
    /// Whether `X-Forwarded-Proto` is believed (and so changes the answer's
    /// cookies): only then is it part of the key.
    trust_proxy: bool,
}

/// Paths whose answers depend on who asks, or must stay live.
fn cacheable_path(path: &str) -> bool {
    !(super::session::is_personal_path(path)
        || path.starts_with("/pkg/")
        || path == "/sw.js"
        || path == "/healthz"
        || path == "/readyz")
}

/// `'nonce-abc'` in a policy → `abc`.
fn nonce_of(headers: &HeaderMap) -> Option<String> {
    let policy = headers.get(CONTENT_SECURITY_POLICY)?.to_str().ok()?;
    let start = policy.find("'nonce-")? + "'nonce-".len();
    let end = policy[start..].find('\'')? + start;
    Some(policy[start..end].to_owned())
}

fn fresh_nonce() -> String {
    app::services::accounts::random_hex(16)
}

impl MicroCache {
    pub fn new(trust_proxy: bool, version: DataVersion) -> Self {
        MicroCache {
            entries: Arc::default(),
            version,
            trust_proxy,
        }
    }

    /// Serves from the cache when it can, fills it when it may.
    pub async fn layer(self, request: Request, next: Next) -> Response {
        if request.method() != Method::GET {
            return next.run(request).await;
        }
        let path = request.uri().path().to_owned();
        if !cacheable_path(&path) || super::session::has_session_cookie(request.headers()) {
            return next.run(request).await;
        }
        // The scheme changes the cookies' `Secure` flag (see `session`).
        let proto = if self.trust_proxy {
            request
                .headers()
                .get("x-forwarded-proto")
                .and_then(|v| v.to_str().ok())
                .unwrap_or("")
        } else {
            ""
        };
        let key = format!("{proto}|{}", request.uri());
        let validators = Validators {
            if_none_match: request.headers().get(IF_NONE_MATCH).cloned(),
            if_modified_since: request
                .headers()
                .get(axum::http::header::IF_MODIFIED_SINCE)
                .cloned(),
        };
        let mut waited = false;
        let (generation, done) = loop {
            let generation = (self.version)();
            match self.plan(&key, generation, waited) {
                Plan::Replay(entry) => return replay(entry, &validators),
                Plan::Render(done) => break (generation, done),
                Plan::Wait(mut rx) => {
                    // Ends when the render stores its answer or gives up.
                    let _ = tokio::time::timeout(WAIT, rx.changed()).await;
                    waited = true;
                }
            }
        };
        let response = next.run(request).await;
        if response.status() != StatusCode::OK {
            if let Ok(mut entries) = self.entries.lock() {
                entries.remove(&key);
            }
            return response;
        }
        // The answer streams to this client as it is produced; a copy is
        // kept, and cached once the body has ended.
        let (parts, body) = response.into_parts();
        let (status, headers) = (parts.status, parts.headers.clone());
        let entries = self.entries.clone();
        let store = move |body: Bytes| {
            if let Ok(mut entries) = entries.lock() {
                entries.store(
                    key,
                    Entry {
                        at: Instant::now(),
                        generation,
                        status,
                        headers,
                        body,
                    },
                );
            }
            // Wakes the waiters, who now find the answer.
            drop(done);
        };
        let tee = Tee::new(body.into_data_stream(), Box::new(store));
        Response::from_parts(parts, Body::from_stream(tee))
    }

    /// Decides under the lock: replay a fresh (or, while it is being
    /// refreshed, a recent) answer; else render, or wait for the request
    /// already rendering it. A request that has waited once renders itself
    /// rather than wait again.
    fn plan(&self, key: &str, generation: u64, waited: bool) -> Plan {
        let Ok(mut entries) = self.entries.lock() else {
            return Plan::Render(watch::channel(()).0);
        };
        let slot = entries.slot(key);
        let usable = slot.answer.as_ref().filter(|e| e.generation == generation);
        let rendering = slot.is_rendering();
        let replay = match usable {
            Some(e) if e.at.elapsed() < TTL => Some(e.clone()),
            Some(e) if e.at.elapsed() < STALE && rendering => Some(e.clone()),
            _ => None,
        };
        let fresh_enough = usable.is_some_and(|e| e.at.elapsed() < STALE);
        if let Some(entry) = replay {
            slot.hits = slot.hits.saturating_add(1);
            return Plan::Replay(entry);
        }
        if rendering && !fresh_enough && !waited {
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
}

/// What a client says it already holds (RFC 9110 §13).
#[derive(Default)]
struct Validators {
    if_none_match: Option<HeaderValue>,
    if_modified_since: Option<HeaderValue>,
}

impl Validators {
    /// Whether the client holds `entry` already: its `If-None-Match` names
    /// the answer's `ETag`, or (without one) its `If-Modified-Since` is the
    /// answer's `Last-Modified` (the feeds' readers polling).
    fn hold(&self, entry: &Entry) -> bool {
        let text = |v: Option<&HeaderValue>| v.and_then(|v| v.to_str().ok()).map(str::to_owned);
        if let Some(asked) = text(self.if_none_match.as_ref()) {
            let Some(tag) = text(entry.headers.get(ETAG)) else {
                return false;
            };
            return asked
                .split(',')
                .any(|t| t.trim().trim_start_matches("W/") == tag);
        }
        match (
            text(self.if_modified_since.as_ref()),
            text(entry.headers.get(axum::http::header::LAST_MODIFIED)),
        ) {
            (Some(since), Some(modified)) => since.trim() == modified,
            _ => false,
        }
    }
}

/// A cached answer as a new response, with a new nonce where there was one;
/// 304 without a body when the client already holds it.
fn replay(entry: Entry, validators: &Validators) -> Response {
    if validators.hold(&entry) {
        let mut response = Response::new(Body::empty());
        *response.status_mut() = StatusCode::NOT_MODIFIED;
        for name in [
            ETAG,
            axum::http::header::LAST_MODIFIED,
            axum::http::header::CACHE_CONTROL,
        ] {
            if let Some(value) = entry.headers.get(&name) {
                response.headers_mut().insert(name, value.clone());
            }
        }
        return response;
    }
    let mut headers = entry.headers;
    let mut body = entry.body;
    if let Some(old) = nonce_of(&headers) {
        let new = fresh_nonce();
        let is_html = headers
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|t| t.starts_with("text/html"));
        if is_html {
            if let Ok(text) = std::str::from_utf8(&body) {
                body = Bytes::from(text.replace(&old, &new));
            }
        }
        if let Some(policy) = headers
            .get(CONTENT_SECURITY_POLICY)
            .and_then(|v| v.to_str().ok())
            .map(|p| p.replace(&old, &new))
        {
            if let Ok(value) = HeaderValue::from_str(&policy) {
                headers.insert(CONTENT_SECURITY_POLICY, value);
            }
        }
    }
    // How old the answer is (RFC 9111 `Age`): a replay says so.
    let age = entry.at.elapsed().as_secs().to_string();
    if let Ok(value) = HeaderValue::from_str(&age) {
        headers.insert(axum::http::header::AGE, value);
    }
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = entry.status;
    *response.headers_mut() = headers;
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn personal_and_live_paths_are_never_cached() {
        for path in [
            "/api/me",
            "/api/tokens",
            "/en/account",
            "/fr/admin",
            "/en/sign-in",
            "/sw.js",
            "/readyz",
        ] {
            assert!(!cacheable_path(path), "{path}");
        }
        for path in ["/en/", "/en/tracker", "/api/v1/tracker.json", "/api/map"] {
            assert!(cacheable_path(path), "{path}");
        }
    }

    #[test]
    fn a_replayed_page_gets_a_new_nonce_everywhere() {
        let mut headers = HeaderMap::new();
        headers.insert(
            CONTENT_TYPE,
            HeaderValue::from_static("text/html; charset=utf-8"),
        );
        headers.insert(
            CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("script-src 'self' 'nonce-OLDNONCE'"),
        );
        let entry = Entry {
            at: Instant::now(),
            generation: 0,
            status: StatusCode::OK,
            headers,
            body: Bytes::from_static(
                b"<script nonce=\"OLDNONCE\"></script><script nonce=\"OLDNONCE\">",
            ),
        };
        let response = replay(entry, &Validators::default());
        let new = nonce_of(response.headers()).unwrap();
        assert_ne!(new, "OLDNONCE");
        let body = futures_body(response);
        assert_eq!(body.matches(&new).count(), 2);
        assert!(!body.contains("OLDNONCE"));
    }

    use std::sync::atomic::{AtomicU64, Ordering};

    #[tokio::test]
    async fn requests_arriving_together_share_one_render() {
        use axum::routing::get;
        use tower::ServiceExt;
        let renders = Arc::new(AtomicU64::new(0));
        let counter = renders.clone();
        let cache = MicroCache::new(false, Arc::new(|| 0));
        let app = axum::Router::new()
            .route(
                "/en/",
                get(move || {
                    let counter = counter.clone();
                    async move {
                        counter.fetch_add(1, Ordering::SeqCst);
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        "the page"
                    }
                }),
            )
            .layer(axum::middleware::from_fn(move |request, next| {
                cache.clone().layer(request, next)
            }));
        let visits = (0..20).map(|_| {
            let app = app.clone();
            async move {
                let request = Request::get("/en/").body(Body::empty()).unwrap();
                let response = app.oneshot(request).await.unwrap();
                let status = response.status();
                let body = axum::body::to_bytes(response.into_body(), MAX_BODY)
                    .await
                    .unwrap();
                (status, body)
            }
        });
        let answers = futures_util::future::join_all(visits).await;
        assert!(answers
            .iter()
            .all(|(status, body)| *status == StatusCode::OK && body == "the page"));
        assert_eq!(
            renders.load(Ordering::SeqCst),
            1,
            "one render for 20 visits"
        );
    }

    fn futures_body(response: Response) -> String {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        runtime.block_on(async {
            String::from_utf8(
                axum::body::to_bytes(response.into_body(), MAX_BODY)
                    .await
                    .unwrap()
                    .to_vec(),
            )
            .unwrap()
        })
    }
}
