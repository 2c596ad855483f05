//! The opt-in to cross-document view transitions, inline in every page's
//! `<head>` (the shell), and the Content-Security-Policy source that allows
//! exactly this text and no other inline style.
//!
//! Why inline and not in the stylesheet: Chromium decides whether an arriving
//! page takes part in the transition from the first style it computes. When
//! the stylesheet comes through the service worker it can arrive after that
//! first computation; the page then counted as not opted in, the transition
//! was dropped, and Chromium reported "Transition was aborted because of
//! invalid state. ViewTransition opt-in disabled" as an uncaught error on the
//! new page (about one navigation in three on a controlled page). Text in the
//! head is parsed before any style is computed.

/// The rules: transitions on same-origin navigations, none for people who
/// ask for reduced motion. The names and timing of what moves are in
/// `style/layout.css`.
pub const OPT_IN_CSS: &str = "@view-transition{navigation:auto}\
@media (prefers-reduced-motion:reduce){@view-transition{navigation:none}}";

/// `'sha256-…'` of [`OPT_IN_CSS`], for `style-src`: a hash, like the
/// inline scripts' (`crate::security`), so every visitor gets the same bytes.
#[cfg(feature = "ssr")]
pub fn csp_source() -> &'static str {
    static SOURCE: std::sync::LazyLock<String> =
        std::sync::LazyLock::new(|| crate::security::csp_hash(OPT_IN_CSS));
    &SOURCE
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    #[test]
    fn the_policy_source_is_the_hash_a_browser_computes_for_the_text() {
        // printf %s "$OPT_IN_CSS" | openssl dgst -sha256 -binary | base64
        assert_eq!(
            super::csp_source(),
            "'sha256-J+79lMXk1QX8WVmCnJudlkUAXhi4qRs0LMMRPurfBM4='"
        );
    }
}
