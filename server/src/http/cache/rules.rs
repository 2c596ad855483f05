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
//! The response cache's key ([`key`]): the path and only the query
//! parameters the answer reads, in a fixed order, so `?utm_source=…` or a
//! cache-busting `?u=1` is the same answer: for pages those pages read
//! ([`PAGE_PARAMETERS`]), for the API, the feed and the offline list those
//! the API's OpenAPI document declares ([`declared_parameters`]).

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
pub const PAGE_PARAMETERS: [&str; 15] = [
    "at",
    "done",
    "due",
    "from",
    "kind",
    "map",
    "milestone",
    "proposed",
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

/// Pages are addressed under a language (`/en/…`).
fn is_page(path: &str) -> bool {
    let mut segments = path.trim_start_matches('/').split('/');
    segments
        .next()
        .is_some_and(|first| summit::Language::parse(first).is_some())
}

/// Paths whose answers read only parameters the API's OpenAPI document
/// declares: the API itself, the Atom feed (the filters of
/// `/api/v1/changes` and `lang`) and the offline list (`lang`). The test
/// below reads their handlers' source to hold them to it.
fn reads_declared_parameters(path: &str) -> bool {
    path.starts_with("/api/v1/") || path.starts_with("/feeds/") || path == "/offline/pages.json"
}

/// Every query parameter any GET of the API declares in its OpenAPI
/// document, worked out once.
pub fn declared_parameters() -> &'static std::collections::BTreeSet<String> {
    static NAMES: std::sync::LazyLock<std::collections::BTreeSet<String>> =
        std::sync::LazyLock::new(|| {
            let document = crate::http::api::document();
            document
                .paths
                .paths
                .values()
                .filter_map(|item| item.get.as_ref())
                .flat_map(|operation| operation.parameters.iter().flatten())
                .filter(|p| matches!(p.parameter_in, utoipa::openapi::path::ParameterIn::Query))
                .map(|p| p.name.clone())
                .collect()
        });
    &NAMES
}

/// The response cache's key for `uri`: the path and the parameters its
/// answer reads, sorted by name. Pages read a name's first value, so only
/// that one is kept; the API's `Query` maps read the last, so there a
/// name's values all stay, in their order. Paths that are neither pages
/// nor the API's keep their whole query.
pub fn key(uri: &Uri) -> String {
    let path = uri.path();
    let query = uri.query().unwrap_or("");
    let page = is_page(path);
    if !page && !reads_declared_parameters(path) {
        return match query {
            "" => path.to_owned(),
            _ => format!("{path}?{query}"),
        };
    }
    let read = |name: &str| match page {
        true => PAGE_PARAMETERS.contains(&name),
        false => declared_parameters().contains(name),
    };
    let mut kept: Vec<(String, String)> = url::form_urlencoded::parse(query.as_bytes())
        .filter(|(name, _)| read(name))
        .map(|(name, value)| (name.into_owned(), value.into_owned()))
        .collect();
    if page {
        let mut seen = std::collections::HashSet::new();
        kept.retain(|(name, _)| seen.insert(name.clone()));
    }
    kept.sort_by(|a, b| a.0.cmp(&b.0));
    if kept.is_empty() {
        return path.to_owned();
    }
    let query: String = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(kept)
        .finish();
    format!("{path}?{query}")
}

/// The validator of every shared answer at one data version, quarter hour
/// (which names the day) and build.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tag(pub String);

impl Tag {
    pub fn new(version: u64, clock: &str, build: &str) -> Tag {
        Tag(format!("W/\"{version}-{clock}-{build}\""))
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
    }

    #[test]
    fn the_api_is_keyed_by_the_parameters_its_document_declares() {
        assert_eq!(
            key(&uri("/api/v1/changes?x=1&limit=5&cursor=a")),
            "/api/v1/changes?cursor=a&limit=5"
        );
        assert_eq!(
            key(&uri("/api/v1/tracker.json?u=1-2")),
            "/api/v1/tracker.json"
        );
        // A name's values keep their order: the handler reads the last.
        assert_eq!(
            key(&uri(
                "/api/v1/tracker.json?region=africa&lang=fr&region=europe-central-asia"
            )),
            "/api/v1/tracker.json?lang=fr&region=africa&region=europe-central-asia"
        );
        assert_eq!(
            key(&uri("/feeds/changes.atom?lang=fr&utm_medium=rss")),
            "/feeds/changes.atom?lang=fr"
        );
        assert_eq!(
            key(&uri("/offline/pages.json?lang=ar&v=3")),
            "/offline/pages.json?lang=ar"
        );
        // Anything else keeps its whole query.
        assert_eq!(key(&uri("/api/map?x=1")), "/api/map?x=1");
        let declared = declared_parameters();
        for name in [
            "lang", "region", "theme", "status", "kind", "country", "since", "limit", "cursor",
            "at",
        ] {
            assert!(declared.contains(name), "{name}");
        }
    }

    /// Every parameter the API's, the feed's and the offline list's
    /// handlers read from a query map is one the API's document declares,
    /// so leaving the others out of the key cannot serve one address's
    /// answer at another.
    #[test]
    fn every_parameter_the_api_reads_is_declared() {
        let http = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/http");
        let mut files = vec![http.join("feeds.rs"), http.join("pwa.rs")];
        for entry in std::fs::read_dir(http.join("api")).unwrap() {
            files.push(entry.unwrap().path());
        }
        let domain = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../src/tracker.rs");
        files.push(domain);
        let mut read = std::collections::BTreeSet::new();
        for file in files
            .iter()
            .filter(|f| f.extension().is_some_and(|e| e == "rs"))
        {
            let text = std::fs::read_to_string(file).unwrap();
            for marker in ["query.get(\"", "value(\""] {
                for piece in text.split(marker).skip(1) {
                    if let Some(name) = piece.split('"').next() {
                        read.insert(name.to_owned());
                    }
                }
            }
        }
        // pwa.rs reads `lang` through a struct.
        read.insert("lang".to_owned());
        assert!(
            read.contains("since") && read.contains("status"),
            "{read:?}"
        );
        for name in &read {
            assert!(
                declared_parameters().contains(name),
                "the API reads ?{name}= but its OpenAPI document does not declare it"
            );
        }
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
        const PERSONAL: [&str; 6] = ["failed", "mail", "next", "password", "sent", "token"];
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
