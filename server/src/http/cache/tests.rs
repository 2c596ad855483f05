use super::*;
use axum::http::header::{ACCEPT_ENCODING, IF_NONE_MATCH};
use axum::routing::get;
use std::sync::atomic::{AtomicU64, Ordering};
use tower::ServiceExt;

/// A router whose `/en/` and `/en/tracker` count their renders, behind a
/// cache whose data version is `version`.
fn app(version: Arc<AtomicU64>, renders: Arc<AtomicU64>) -> axum::Router {
    let cache = ResponseCache::new(Arc::new(move || {
        Tag::new(version.load(Ordering::SeqCst), "2026-12-04", "test")
    }));
    let page = move || {
        let renders = renders.clone();
        async move {
            renders.fetch_add(1, Ordering::SeqCst);
            tokio::time::sleep(Duration::from_millis(50)).await;
            (
                [(CONTENT_TYPE, "text/html; charset=utf-8")],
                "<p>the page</p>".repeat(100),
            )
        }
    };
    axum::Router::new()
        .route("/en/", get(page.clone()))
        .route("/en/tracker", get(page))
        .route(
            "/en/cookie",
            get(|| async { ([(SET_COOKIE, "a=1")], "personal") }),
        )
        .layer(axum::middleware::from_fn(move |request, next| {
            cache.clone().layer(request, next)
        }))
}

async fn visit(app: &axum::Router, path: &str, headers: &[(&str, &str)]) -> Response {
    let mut request = Request::get(path);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    app.clone()
        .oneshot(request.body(Body::empty()).unwrap())
        .await
        .unwrap()
}

fn counters() -> (Arc<AtomicU64>, Arc<AtomicU64>) {
    (Arc::new(AtomicU64::new(1)), Arc::new(AtomicU64::new(0)))
}

#[tokio::test]
async fn requests_arriving_together_share_one_render() {
    let (version, renders) = counters();
    let app = app(version, renders.clone());
    let visits = (0..20).map(|_| visit(&app, "/en/", &[]));
    let answers = futures_util::future::join_all(visits).await;
    for answer in answers {
        assert_eq!(answer.status(), StatusCode::OK);
        let body = axum::body::to_bytes(answer.into_body(), MAX_BODY)
            .await
            .unwrap();
        assert_eq!(body, "<p>the page</p>".repeat(100));
    }
    assert_eq!(
        renders.load(Ordering::SeqCst),
        1,
        "one render for 20 visits"
    );
}

#[tokio::test]
async fn unknown_parameters_share_the_page_and_known_ones_do_not() {
    let (version, renders) = counters();
    let app = app(version, renders.clone());
    visit(&app, "/en/tracker?utm_source=mail", &[]).await;
    let again = visit(&app, "/en/tracker?u=7", &[]).await;
    assert_eq!(again.headers()[X_RESPONSE_CACHE], "hit");
    assert_eq!(renders.load(Ordering::SeqCst), 1);
    let filtered = visit(&app, "/en/tracker?region=africa", &[]).await;
    assert_eq!(filtered.headers()[X_RESPONSE_CACHE], "miss");
    assert_eq!(renders.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn answers_carry_the_standard_headers_and_a_held_tag_gets_a_304() {
    let (version, renders) = counters();
    let app = app(version.clone(), renders.clone());
    let first = visit(&app, "/en/", &[]).await;
    assert_eq!(first.headers()[CACHE_CONTROL], rules::shared());
    assert_eq!(first.headers()[VARY], rules::VARY);
    let tag = first.headers()[ETAG].to_str().unwrap().to_owned();
    assert!(tag.starts_with("W/\"1-"), "{tag}");
    let held = visit(&app, "/en/", &[("if-none-match", &tag)]).await;
    assert_eq!(held.status(), StatusCode::NOT_MODIFIED);
    assert_eq!(held.headers()[ETAG], tag.as_str());
    // An edit moves the version: the old tag no longer matches, and the
    // page is rendered anew.
    version.fetch_add(1, Ordering::SeqCst);
    let changed = visit(&app, "/en/", &[(IF_NONE_MATCH.as_str(), &tag)]).await;
    assert_eq!(changed.status(), StatusCode::OK);
    assert_ne!(changed.headers()[ETAG], tag.as_str());
    assert_eq!(renders.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn kept_answers_are_served_compressed_as_asked() {
    let (version, renders) = counters();
    let app = app(version, renders);
    let plain_answer = visit(&app, "/en/", &[]).await;
    assert!(!plain_answer.headers().contains_key(CONTENT_ENCODING));
    let br = visit(&app, "/en/", &[(ACCEPT_ENCODING.as_str(), "gzip, br")]).await;
    assert_eq!(br.headers()[CONTENT_ENCODING], "br");
    let length: usize = br.headers()[CONTENT_LENGTH]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(length < "<p>the page</p>".len() * 100 / 4, "{length}");
    let gzip = visit(&app, "/en/", &[(ACCEPT_ENCODING.as_str(), "gzip")]).await;
    assert_eq!(gzip.headers()[CONTENT_ENCODING], "gzip");
    let head = app
        .clone()
        .oneshot(Request::head("/en/").body(Body::empty()).unwrap())
        .await
        .unwrap();
    assert_eq!(head.status(), StatusCode::OK);
    assert_eq!(head.headers()[CACHE_CONTROL], rules::shared());
}

#[tokio::test]
async fn personal_requests_and_answers_setting_cookies_are_never_kept() {
    let (version, renders) = counters();
    let app = app(version, renders.clone());
    let cookie = ("cookie", "summit_session=abc");
    visit(&app, "/en/", &[cookie]).await;
    let signed_in = visit(&app, "/en/", &[cookie]).await;
    assert!(!signed_in.headers().contains_key(X_RESPONSE_CACHE));
    assert!(!signed_in.headers().contains_key(CACHE_CONTROL));
    assert_eq!(renders.load(Ordering::SeqCst), 2);
    let cookie_answer = visit(&app, "/en/cookie", &[]).await;
    assert_eq!(cookie_answer.headers()[CACHE_CONTROL], "private, no-store");
    let again = visit(&app, "/en/cookie", &[]).await;
    assert!(!again.headers().contains_key(X_RESPONSE_CACHE));
}

#[tokio::test]
async fn memory_stays_within_the_budget_whatever_the_addresses() {
    let (version, renders) = counters();
    let app = app(version, renders);
    let cache_bytes = {
        // The cache is inside the router; reach it through a twin.
        let cache = ResponseCache::new(Arc::new(|| Tag::new(1, "d", "b")));
        for i in 0..300 {
            if let Ok(mut entries) = cache.entries.lock() {
                entries.store(
                    format!("/en/?at=day-{i}"),
                    Arc::new(Entry {
                        at: Instant::now(),
                        tag: Tag::new(1, "d", "b"),
                        status: StatusCode::OK,
                        headers: HeaderMap::new(),
                        body: Arc::new(Encoded::new(Bytes::from(vec![b'x'; 300_000]), false)),
                    }),
                );
            }
        }
        cache.bytes()
    };
    assert!(cache_bytes <= store::MAX_BYTES, "{cache_bytes}");
    // And the router still answers.
    assert_eq!(visit(&app, "/en/", &[]).await.status(), StatusCode::OK);
}
