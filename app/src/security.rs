//! What keeps a page from being turned against its visitors (server only):
//! the Content-Security-Policy, which allows the pages' few fixed inline
//! texts by their hashes (never a per-response nonce, so one anonymous
//! answer can be shared by every cache), who may frame the widgets, and the
//! site's own public origin, the only source of absolute links.

use leptos::prelude::use_context;
use std::sync::Arc;

/// This site's origin as the operator configured it (`SUMMIT_PUBLIC_URL`,
/// else the listen address): `https://tracker.un.org`, no trailing slash.
/// Absolute links (hreflang alternates, embed code, feeds) are built from it
/// and never from `Host` or `X-Forwarded-*`, which a client chooses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SiteOrigin(pub Arc<str>);

/// The configured origin for this request; empty when the server provided
/// none (unit tests rendering without a server).
pub fn site_origin() -> String {
    use_context::<SiteOrigin>()
        .map(|o| o.0.to_string())
        .unwrap_or_default()
}

/// Who may frame the embed widgets (`EMBED_ALLOWED_ORIGINS`), provided by
/// the server.
#[derive(Clone, Debug)]
pub struct FrameAncestors(pub Arc<str>);

/// `/{lang}/embed/…` (a widget), not the builder at `/{lang}/embed`.
pub fn is_embed_widget(path: &str) -> bool {
    let mut segments = path.trim_start_matches('/').split('/');
    segments
        .next()
        .is_some_and(|l| summit::Language::parse(l).is_some())
        && segments.next() == Some("embed")
        && segments.next().is_some_and(|s| !s.is_empty())
}

/// SHA-256 of `text`, as lower-case hex: how tokens, device cookies and
/// sign-in failure keys are stored.
pub fn sha256_hex(text: &str) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// `'sha256-…'` of an inline script's or style's text, for a policy's
/// source list: what a browser computes over the element's text.
pub fn csp_hash(text: &str) -> String {
    use base64::Engine as _;
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(text.as_bytes());
    format!(
        "'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

/// The policy for responses without inline scripts (files, JSON, errors).
pub fn content_security_policy() -> String {
    content_security_policy_framed("", "'self'", "")
}

/// The policy allowing the inline scripts with these `script_hashes`
/// (from [`csp_hash`], space-separated), framed by `ancestors`, whose forms
/// may also lead to `form_targets` (space-separated origins).
pub fn content_security_policy_framed(
    script_hashes: &str,
    ancestors: &str,
    form_targets: &str,
) -> String {
    let scripts = if script_hashes.is_empty() {
        "'self' 'wasm-unsafe-eval'".to_owned()
    } else {
        format!("'self' {script_hashes} 'wasm-unsafe-eval'")
    };
    // style-src: the stylesheet, and the one inline opt-in to page
    // transitions by its hash (crate::transitions).
    let styles = crate::transitions::csp_source();
    format!(
        "default-src 'self'; script-src {scripts}; style-src 'self' {styles}; img-src 'self' data:; \
         font-src 'self'; connect-src 'self'; manifest-src 'self'; worker-src 'self'; \
         object-src 'none'; base-uri 'self'; form-action 'self'{forms}; frame-ancestors {ancestors}",
        forms = if form_targets.is_empty() {
            String::new()
        } else {
            format!(" {form_targets}")
        }
    )
}

/// Origins a form on this site may lead to besides itself (the identity
/// providers' sign-in and sign-out pages), space-separated.
#[derive(Clone, Debug, Default)]
pub struct FormTargets(pub std::sync::Arc<str>);

/// Sends this page's policy: its inline scripts allowed by their hashes
/// (`script_hashes`, the same on every page of a build), and who may frame
/// it (anyone `EMBED_ALLOWED_ORIGINS` names, for widgets; else this site).
pub fn provide_policy(script_hashes: &str) {
    let Some(response) = use_context::<leptos_axum::ResponseOptions>() else {
        return;
    };
    let path = use_context::<http::request::Parts>()
        .map(|parts| parts.uri.path().to_owned())
        .unwrap_or_default();
    let ancestors = match use_context::<FrameAncestors>() {
        Some(FrameAncestors(list)) if is_embed_widget(&path) => {
            if list.split_whitespace().any(|s| s == "*" || s == "'self'") {
                list.to_string()
            } else {
                // The builder's live preview frames widgets from this site.
                format!("'self' {list}")
            }
        }
        _ => "'self'".to_owned(),
    };
    // Browsers hold a form's redirects to `form-action` too: signing in and
    // out at an identity provider goes there from a form.
    let forms = use_context::<FormTargets>()
        .map(|FormTargets(list)| list.to_string())
        .unwrap_or_default();
    let policy = content_security_policy_framed(script_hashes, &ancestors, &forms);
    if let Ok(value) = http::HeaderValue::from_str(&policy) {
        response.insert_header(http::header::CONTENT_SECURITY_POLICY, value);
    }
}

/// Sends the browser to `path` once the server function returns (a 302 for
/// a plain form post). Unlike `leptos_axum::redirect`, which panics on a
/// value that cannot be a header, anything unusable goes home.
pub fn redirect(path: &str) {
    let path = if http::HeaderValue::from_str(path).is_ok() {
        path
    } else {
        "/"
    };
    leptos_axum::redirect(path);
}

/// The language of the page a form was posted from (its `Referer`'s first
/// path segment), for where to send the browser after a plain form post.
pub fn referring_language() -> Option<summit::Language> {
    let parts = use_context::<http::request::Parts>()?;
    let referer = parts.headers.get(http::header::REFERER)?.to_str().ok()?;
    let url = url::Url::parse(referer).ok()?;
    let code = url.path_segments()?.next()?;
    summit::Language::parse(code)
}

/// A same-site path to send someone to after signing in, or `None`.
///
/// Judged the way a browser will resolve it: the value is parsed as a URL
/// relative to this site (WHATWG parsing, which strips tabs and newlines and
/// reads `\` as `/`, so `/\evil.org` and `/\t/evil.org` are the other site
/// they look like to a browser) and kept only when the result is on this
/// origin. What is returned is the parsed URL's own path, query and
/// fragment: percent-encoded, with no control characters left to break a
/// `Location` header.
pub fn same_site_path(next: &str) -> Option<String> {
    if !next.starts_with('/') {
        return None;
    }
    let base = url::Url::parse("https://site.invalid/").ok()?;
    let target = base.join(next).ok()?;
    if target.origin() != base.origin() {
        return None;
    }
    let mut path = target.path().to_owned();
    if let Some(query) = target.query() {
        path.push('?');
        path.push_str(query);
    }
    if let Some(fragment) = target.fragment() {
        path.push('#');
        path.push_str(fragment);
    }
    // A path that starts `//` would be another site if pasted as a link.
    (!path.starts_with("//")).then_some(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_widgets_are_embed_pages() {
        assert!(is_embed_widget("/en/embed/map"));
        assert!(is_embed_widget("/ar/embed/regions/africa"));
        assert!(!is_embed_widget("/en/embed"));
        assert!(!is_embed_widget("/en/embed/"));
        assert!(!is_embed_widget("/en/regions/embed"));
        assert!(!is_embed_widget("/xx/embed/map"));
    }

    #[test]
    fn only_same_site_paths_are_redirect_targets() {
        assert_eq!(
            same_site_path("/en/tracker").as_deref(),
            Some("/en/tracker")
        );
        assert_eq!(
            same_site_path("/en/tracker?region=africa#x").as_deref(),
            Some("/en/tracker?region=africa#x")
        );
        assert_eq!(
            same_site_path("/en/../fr/").as_deref(),
            Some("/fr/"),
            "dot segments resolve as a browser resolves them"
        );
        for away in [
            "//evil.example/",
            "/\\evil.example/",
            "\\\\evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "/\r\n/evil.example",
            " //evil.example",
            "https://evil.example/",
            "javascript:alert(1)",
            "evil.example",
            "",
        ] {
            assert_eq!(same_site_path(away), None, "{away:?}");
        }
        assert_eq!(
            same_site_path("/%2F/evil.example").as_deref(),
            Some("/%2F/evil.example"),
            "an encoded slash stays part of this site's path"
        );
        // Control characters never survive into a Location header.
        let controls = same_site_path("/en/\u{7f}\u{1}x\u{0}").unwrap();
        assert!(controls.chars().all(|c| !c.is_control()), "{controls:?}");
        assert!(http::HeaderValue::from_str(&controls).is_ok());
    }
}
