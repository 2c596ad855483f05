//! Request guards: the client's address for rate limits, the size of a
//! request's body, and the same-origin check every state-changing request
//! passes (CSRF, on top of SameSite).

use app::services::accounts::ClientAddr;
use axum::extract::{ConnectInfo, Request};
use axum::http::header::{HOST, ORIGIN};
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use std::net::{IpAddr, SocketAddr};

/// Refuses a body over its limit with 413: at once when its
/// `Content-Length` says so, or as soon as that much has arrived. The limit
/// is 64 KiB (`server_fns::BODY_LIMIT`) except for a spreadsheet's upload
/// (`sheets::UPLOAD_LIMIT`). The same `Limited` body as tower-http's
/// `RequestBodyLimitLayer`, with the limit chosen by the address.
pub async fn body_limit(request: Request, next: Next) -> Response {
    let limit =
        if request.method() == Method::POST && super::sheets::is_upload(request.uri().path()) {
            super::sheets::UPLOAD_LIMIT
        } else {
            super::server_fns::BODY_LIMIT
        };
    let declared = request
        .headers()
        .get(axum::http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|length| length > limit as u64) {
        return StatusCode::PAYLOAD_TOO_LARGE.into_response();
    }
    let (parts, body) = request.into_parts();
    let body = axum::body::Body::new(http_body_util::Limited::new(body, limit));
    next.run(Request::from_parts(parts, body)).await
}

/// Records the client's address: the TCP peer, or, when `TRUST_PROXY` is set
/// because a reverse proxy connects for everyone, the last address that
/// proxy appended to `X-Forwarded-For`.
pub async fn client_addr(trust_proxy: bool, mut request: Request, next: Next) -> Response {
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip());
    let forwarded = trust_proxy
        .then(|| {
            request
                .headers()
                .get("x-forwarded-for")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.rsplit(',').next())
                .and_then(|ip| ip.trim().parse::<IpAddr>().ok())
        })
        .flatten();
    if let Some(ip) = forwarded.or(peer) {
        request.extensions_mut().insert(ClientAddr(ip));
    }
    next.run(request).await
}

/// What this site may be reached as, for judging a request's `Origin`
/// and scheme: the configured public origin, and whether a proxy's
/// `X-Forwarded-*` headers are believed (`TRUST_PROXY`).
#[derive(Clone, Debug)]
pub struct Origins {
    public: String,
    public_https: bool,
    trust_proxy: bool,
}

impl Origins {
    pub fn new(public: &crate::config::PublicUrl, trust_proxy: bool) -> Self {
        Origins {
            public: public.origin().to_owned(),
            public_https: public.is_https(),
            trust_proxy,
        }
    }

    /// Whether `origin` (an `Origin` header) is this site: the configured
    /// origin, or the host the request was sent to (so `localhost` and
    /// `127.0.0.1` both work in development). `Host` names the server the
    /// browser connected to, which a page on another site cannot choose;
    /// `X-Forwarded-Host` counts only behind a trusted proxy.
    fn is_this_site(&self, origin: &str, headers: &axum::http::HeaderMap) -> bool {
        if origin == self.public {
            return true;
        }
        let forwarded = self
            .trust_proxy
            .then(|| headers.get("x-forwarded-host"))
            .flatten();
        let host = forwarded
            .or_else(|| headers.get(HOST))
            .and_then(|v| v.to_str().ok());
        origin_authority(origin).is_some_and(|o| Some(o) == host)
    }

    /// Whether the client reached the site over HTTPS: the configured origin
    /// is `https`, or a trusted proxy says so (`X-Forwarded-Proto`, RFC 7239
    /// `Forwarded`). Untrusted, these headers are ignored.
    pub fn over_https(&self, request: &Request) -> bool {
        if self.public_https || request.uri().scheme_str() == Some("https") {
            return true;
        }
        if !self.trust_proxy {
            return false;
        }
        let headers = request.headers();
        headers
            .get("x-forwarded-proto")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.trim().eq_ignore_ascii_case("https"))
            || headers
                .get("forwarded")
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| v.to_ascii_lowercase().contains("proto=https"))
    }
}

/// The host part of an `Origin` value: `https://a.org:8443` → `a.org:8443`.
fn origin_authority(origin: &str) -> Option<&str> {
    origin
        .split_once("://")
        .map(|(_, rest)| rest.trim_end_matches('/'))
}

/// Refuses a state-changing request a browser sent from another site.
/// Browsers send `Sec-Fetch-Site` and `Origin` with every cross-origin POST;
/// integrations using a bearer token send neither and are unaffected (they
/// carry no cookie a forged request could borrow).
pub async fn same_origin_only(origins: Origins, request: Request, next: Next) -> Response {
    if matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    ) {
        return next.run(request).await;
    }
    let headers = request.headers();
    let site_ok = headers
        .get("sec-fetch-site")
        .and_then(|v| v.to_str().ok())
        .is_none_or(|site| site == "same-origin" || site == "none");
    let origin_ok = match headers.get(ORIGIN).and_then(|v| v.to_str().ok()) {
        None => true,
        Some(origin) => origins.is_this_site(origin, headers),
    };
    if site_ok && origin_ok {
        next.run(request).await
    } else {
        tracing::warn!(path = %request.uri().path(), "cross-site request refused");
        (
            StatusCode::FORBIDDEN,
            Json(serde_json::json!({ "error": "cross-site requests may not change anything" })),
        )
            .into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::PublicUrl;

    fn request(headers: &[(&'static str, &'static str)]) -> Request {
        let mut builder = Request::post("/api/sign-in");
        for (name, value) in headers {
            builder = builder.header(*name, *value);
        }
        builder.body(axum::body::Body::empty()).unwrap()
    }

    #[test]
    fn forwarded_headers_count_only_behind_a_trusted_proxy() {
        let public = PublicUrl::parse("http://127.0.0.1:3000").unwrap();
        let direct = Origins::new(&public, false);
        let proxied = Origins::new(&public, true);
        let spoofed = request(&[
            ("host", "127.0.0.1:3000"),
            ("x-forwarded-host", "evil.example"),
            ("x-forwarded-proto", "https"),
        ]);
        assert!(!direct.is_this_site("https://evil.example", spoofed.headers()));
        assert!(!direct.over_https(&spoofed));
        assert!(proxied.is_this_site("https://evil.example", spoofed.headers()));
        assert!(proxied.over_https(&spoofed));
        assert!(direct.is_this_site("http://127.0.0.1:3000", spoofed.headers()));
        let https = Origins::new(&PublicUrl::parse("https://tracker.un.org").unwrap(), false);
        assert!(https.over_https(&request(&[])));
    }

    #[test]
    fn origin_authority_is_host_and_port() {
        assert_eq!(origin_authority("https://a.org:8443"), Some("a.org:8443"));
        assert_eq!(
            origin_authority("http://127.0.0.1:3000"),
            Some("127.0.0.1:3000")
        );
        assert_eq!(origin_authority("null"), None);
    }
}
