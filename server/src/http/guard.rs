//! Request guards: the client's address for rate limits, and the same-origin
//! check every state-changing request passes (CSRF, on top of SameSite).

use app::auth::ssr::ClientAddr;
use axum::extract::{ConnectInfo, Request};
use axum::http::header::{HOST, ORIGIN};
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use std::net::{IpAddr, SocketAddr};

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
pub async fn same_origin_only(request: Request, next: Next) -> Response {
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
    let host = headers
        .get("x-forwarded-host")
        .or_else(|| headers.get(HOST))
        .and_then(|v| v.to_str().ok());
    let origin_ok = match headers.get(ORIGIN).and_then(|v| v.to_str().ok()) {
        None => true,
        Some(origin) => origin_authority(origin).is_some_and(|o| Some(o) == host),
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
    use super::origin_authority;

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
