//! The standard HTTP caching rules (RFC 9111) every anonymous GET follows,
//! and which requests share one answer.
//!
//! - **Shared**: a GET or HEAD with no session cookie and no
//!   `Authorization`, to a path that is not personal (`session`), a
//!   hashed file, the service worker, a health check or `/`. Everyone
//!   asking it gets the same bytes: pages set no cookie and carry no nonce.
//! - **Freshness** ([`shared`]): a shared cache may keep an answer
//!   [`SHARED_MAX_AGE`] seconds and then serve it [`STALE_WHILE_REVALIDATE`]
//!   more while it asks again, so an edit shows through any standard cache
//!   within their sum (8 s) plus one fetch; browsers ask again each time
//!   (`max-age=0`) and get a 304 when nothing changed. While the origin is
//!   down a cache may serve what it has for a day (`stale-if-error`).
//! - **Validator** ([`Tag`]): a weak `ETag` from the data version (which
//!   every instance agrees on, `server::storage::version`), the day (pages
//!   count days) and the build, so it is known before anything renders and
//!   a 304 costs nothing. Weak, because a page's bytes differ between
//!   renders in what its countdowns start from, and between encodings.
//! - **Vary**: `Accept-Encoding` and `Cookie` (a session makes an answer
//!   personal, and those are `private, no-store`).
//!
//! The response cache's key ([`key`]): the path and, for pages, only the
//! query parameters pages read ([`PAGE_PARAMETERS`]), in a fixed order, so
//! `?utm_source=…` or a cache-busting `?u=1` is the same page.

use axum::http::header::{AUTHORIZATION, IF_NONE_MATCH};
use axum::http::{HeaderMap, HeaderValue, Method, Uri};

pub const SHARED_MAX_AGE: u32 = 3;
pub const STALE_WHILE_REVALIDATE: u32 = 5;
pub const STALE_IF_ERROR: u32 = 86_400;
// The documented bound on how long an edit takes to show through a cache.
const _: () = assert!(SHARED_MAX_AGE + STALE_WHILE_REVALIDATE < 10);

/// `Cache-Control` of every shared answer, from the numbers above.
pub fn shared() -> &'static str {
    static POLICY: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        format!(
            "public, max-age=0, s-maxage={SHARED_MAX_AGE}, \
             stale-while-revalidate={STALE_WHILE_REVALIDATE}, stale-if-error={STALE_IF_ERROR}"
        )
    });
    &POLICY
}
/// `Vary` of every shared answer.
pub const VARY: &str = "Accept-Encoding, Cookie";

/// Every query parameter a page reads (`use_query_map` in `app/src`); the
/// test below checks the list against the source, so a page that reads a
/// new one cannot be served another address's answer.
pub const PAGE_PARAMETERS: [&str; 11] = [
    "at",
    "kind",
    "map",
    "milestone",
    "region",
    "saved",
    "sort",
    "status",
    "theme",
    "view",
    "widget",
];

/// Whether the answer to this request is the same for everyone who asks.
pub fn is_shared(method: &Method, uri: &Uri, headers: &HeaderMap) -> bool {
    let path = uri.path();
    (method == Method::GET || method == Method::HEAD)
        && !super::super::session::has_session_cookie(headers)
        && !headers.contains_key(AUTHORIZATION)
        && !super::super::session::is_personal_path(path)
        && path != "/"
        && !path.starts_with("/pkg/")
        && path != "/sw.js"
        && path != "/healthz"
        && path != "/readyz"
}

/// Pages are addressed under a language (`/en/…`); the rest (the API,
/// feeds, files) keep their whole query in the key.
fn is_page(path: &str) -> bool {
    let mut segments = path.trim_start_matches('/').split('/');
    segments
        .next()
        .is_some_and(|first| summit::Language::parse(first).is_some())
}

/// The response cache's key for `uri`.
pub fn key(uri: &Uri) -> String {
    let path = uri.path();
    let query = uri.query().unwrap_or("");
    if !is_page(path) {
        return match query {
            "" => path.to_owned(),
            _ => format!("{path}?{query}"),
        };
    }
    let mut kept: Vec<(String, String)> = url::form_urlencoded::parse(query.as_bytes())
        .filter(|(name, _)| PAGE_PARAMETERS.contains(&name.as_ref()))
        .map(|(name, value)| (name.into_owned(), value.into_owned()))
        .collect();
    // Pages read a parameter's first value; keep that one per name.
    let mut seen = std::collections::HashSet::new();
    kept.retain(|(name, _)| seen.insert(name.clone()));
    kept.sort();
    if kept.is_empty() {
        return path.to_owned();
    }
    let query: String = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(kept)
        .finish();
    format!("{path}?{query}")
}

/// The validator of every shared answer at one data version, day and build.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tag(pub String);

impl Tag {
    pub fn new(version: u64, day: &str, build: &str) -> Tag {
        Tag(format!("W/\"{version}-{day}-{build}\""))
    }

    pub fn header(&self) -> HeaderValue {
        HeaderValue::from_str(&self.0).unwrap_or(HeaderValue::from_static("W/\"0\""))
    }

    /// Whether the request's `If-None-Match` names this tag (weak
    /// comparison, RFC 9110 §13.1.2), or is `*`.
    pub fn matches(&self, headers: &HeaderMap) -> bool {
        let opaque = |tag: &str| tag.trim().trim_start_matches("W/").to_owned();
        let ours = opaque(&self.0);
        headers
            .get_all(IF_NONE_MATCH)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .any(|tag| tag.trim() == "*" || opaque(tag) == ours)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn uri(text: &str) -> Uri {
        text.parse().unwrap()
    }

    #[test]
    fn pages_are_keyed_by_the_parameters_they_read_in_a_fixed_order() {
        assert_eq!(key(&uri("/en/tracker?u=1-2")), "/en/tracker");
        assert_eq!(
            key(&uri("/en/tracker?utm_source=x&theme=a&region=africa")),
            "/en/tracker?region=africa&theme=a"
        );
        assert_eq!(
            key(&uri("/en/tracker?theme=a&region=africa")),
            key(&uri("/en/tracker?region=africa&theme=a"))
        );
        assert_eq!(
            key(&uri("/en/?at=2026-01-01&at=2026-02-02")),
            "/en/?at=2026-01-01"
        );
        assert_ne!(
            key(&uri("/en/?at=2026-01-01")),
            key(&uri("/fr/?at=2026-01-01"))
        );
        // Not pages: the whole query stays.
        assert_eq!(
            key(&uri("/api/v1/changes?limit=5&x=1")),
            "/api/v1/changes?limit=5&x=1"
        );
        assert_eq!(
            key(&uri("/feeds/changes.atom?lang=fr")),
            "/feeds/changes.atom?lang=fr"
        );
    }

    #[test]
    fn personal_and_live_requests_are_never_shared() {
        let get = Method::GET;
        let none = HeaderMap::new();
        for path in [
            "/api/me",
            "/en/account",
            "/fr/admin",
            "/en/sign-in",
            "/sw.js",
            "/readyz",
            "/",
        ] {
            assert!(!is_shared(&get, &uri(path), &none), "{path}");
        }
        for path in ["/en/", "/en/tracker", "/api/v1/tracker.json", "/api/map"] {
            assert!(is_shared(&get, &uri(path), &none), "{path}");
            assert!(!is_shared(&Method::POST, &uri(path), &none), "{path}");
        }
        let mut signed_in = HeaderMap::new();
        signed_in.insert("cookie", HeaderValue::from_static("a=1; summit_session=x"));
        assert!(!is_shared(&get, &uri("/en/"), &signed_in));
        let mut bearer = HeaderMap::new();
        bearer.insert("authorization", HeaderValue::from_static("Bearer x"));
        assert!(!is_shared(&get, &uri("/api/v1/tracker.json"), &bearer));
    }

    #[test]
    fn a_tag_matches_itself_weakly_in_a_list_or_as_a_star() {
        let tag = Tag::new(7, "2026-12-04", "abc");
        let mut headers = HeaderMap::new();
        assert!(!tag.matches(&headers));
        headers.insert(
            IF_NONE_MATCH,
            HeaderValue::from_static("\"x\", \"7-2026-12-04-abc\""),
        );
        assert!(tag.matches(&headers));
        headers.insert(
            IF_NONE_MATCH,
            HeaderValue::from_static("W/\"8-2026-12-04-abc\""),
        );
        assert!(!tag.matches(&headers));
        headers.insert(IF_NONE_MATCH, HeaderValue::from_static("*"));
        assert!(tag.matches(&headers));
    }

    #[test]
    fn an_edit_shows_through_a_shared_cache_within_ten_seconds() {
        assert_eq!(
            shared(),
            "public, max-age=0, s-maxage=3, stale-while-revalidate=5, stale-if-error=86400"
        );
    }

    /// Every `q.get("…")` or `query.get("…")` (how the app's source reads
    /// a query map) names a listed parameter.
    #[test]
    fn every_parameter_a_page_reads_is_in_the_key() {
        const ROUTE_PARAMETERS: [&str; 3] = ["lang", "code", "slug"];
        // Read only on personal pages, which are never shared.
        const PERSONAL: [&str; 2] = ["next", "password"];
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../app/src");
        let mut read = std::collections::BTreeSet::new();
        let mut stack = vec![root];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    let text = std::fs::read_to_string(&path).unwrap();
                    let mut pieces = text.split(".get(\"");
                    let mut before = pieces.next().unwrap_or("");
                    for piece in pieces {
                        let on_query = before.ends_with(" q")
                            || before.ends_with("|q")
                            || before.ends_with("(q")
                            || before.ends_with("query");
                        if let Some(name) = piece.split('"').next().filter(|_| on_query) {
                            read.insert(name.to_owned());
                        }
                        before = piece;
                    }
                }
            }
        }
        // The tracker's filters are read through `TrackerFilter::parse`.
        read.extend(["region", "theme", "status", "kind"].map(str::to_owned));
        for name in &read {
            assert!(
                PAGE_PARAMETERS.contains(&name.as_str())
                    || ROUTE_PARAMETERS.contains(&name.as_str())
                    || PERSONAL.contains(&name.as_str()),
                "a page reads ?{name}= but the response cache's key leaves it out"
            );
        }
    }
}
