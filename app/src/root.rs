//! The HTML shell, the router, and the per-language layout every page sits in.

use crate::components::layout::{Footer, Header};
use crate::i18n::*;
use crate::pages::embed::EmbedLayout;
use crate::pages::{
    account::AccountPage, admin::AdminPage, country::CountryPage, embed::*,
    embed_builder::EmbedBuilderPage, home::HomePage, milestones::MilestonesPage,
    not_found::NotFound, region::RegionPage, sign_in::SignInPage, tracker::TrackerPage,
};
use leptos::prelude::*;
use leptos_meta::{HashedStylesheet, Link, Meta, MetaTags};
use leptos_router::components::{Outlet, ParentRoute, Route, Router, Routes};
use leptos_router::hooks::{use_location, use_params_map};
use leptos_router::{path, SsrMode};

/// The document around the app. `lang` and `dir` on `<html>` come from the
/// i18n provider (never hard-coded here), so Arabic pages are `dir="rtl"`.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    crate::security::provide_nonce_and_policy();
    view! {
        <!DOCTYPE html>
        <html>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="color-scheme" content="light dark" />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                <link rel="manifest" href="/manifest.webmanifest" />
                <link rel="apple-touch-icon" href="/icons/icon-192.png" />
                <meta name="theme-color" content="#0067a5" />
                // Service worker, offline indicator and queue, embed height:
                // plain JS from this origin (see public/app.js).
                <script src="/app.js" defer=true></script>
                <HashedStylesheet options=options.clone() id="leptos" />
                <crate::components::island::IslandScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
                <crate::components::island::HydrationMark />
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    view! {
        <I18nContextProvider>
            <Router>
                <Routes fallback=NotFound>
                    <ParentRoute path=path!("/:lang/embed") view=EmbedLayout ssr=SsrMode::Async>
                        <Route path=path!("/countdown") view=EmbedCountdown />
                        <Route path=path!("/map") view=EmbedMap />
                        <Route path=path!("/regions/:slug") view=EmbedRegion />
                    </ParentRoute>
                    <ParentRoute path=path!("/:lang") view=LangLayout ssr=SsrMode::Async>
                        <Route path=path!("/") view=HomePage />
                        <Route path=path!("/milestones") view=MilestonesPage />
                        <Route path=path!("/tracker") view=TrackerPage />
                        <Route path=path!("/regions/:slug") view=RegionPage />
                        <Route path=path!("/countries/:code") view=CountryPage />
                        <Route path=path!("/sign-in") view=SignInPage />
                        <Route path=path!("/account") view=AccountPage />
                        <Route path=path!("/admin") view=AdminPage />
                        <Route path=path!("/embed") view=EmbedBuilderPage />
                    </ParentRoute>
                </Routes>
            </Router>
        </I18nContextProvider>
    }
}

/// The language in the URL's first segment, if it is one of the six.
pub fn locale_from_path(path: &str) -> Option<Locale> {
    let first = path.trim_start_matches('/').split('/').next()?;
    summit::Language::parse(first)?.code().parse().ok()
}

/// Sets the page language from the URL's first segment (`/ar/…`), so the
/// page's text and its `<html lang dir>` attributes agree; `false` for an
/// unknown language code (a 404).
pub fn use_path_language() -> Memo<bool> {
    let i18n = use_i18n();
    let params = use_params_map();
    let lang = Memo::new(move |_| {
        params.with(|p| p.get("lang")).and_then(|code| {
            summit::Language::parse(&code).and_then(|l| l.code().parse::<Locale>().ok())
        })
    });
    if let Some(l) = lang.get_untracked() {
        if i18n.get_locale_untracked() != l {
            i18n.set_locale(l);
        }
        #[cfg(feature = "ssr")]
        crate::security::remember_language(l.as_str());
    }
    Memo::new(move |_| lang.get().is_some())
}

/// The site's layout: header, main, footer, and the installable app's notices.
#[component]
fn LangLayout() -> impl IntoView {
    let i18n = use_i18n();
    let known = use_path_language();
    crate::components::session::provide_session();
    view! {
        <Show when=move || known.get() fallback=NotFound>
            <AlternateLinks />
            <Meta name="description" content=move || t_string!(i18n, site.description).to_string() />
            <a class="skip-link" href="#main">{move || t_string!(i18n, site.skip_to_content)}</a>
            <Header />
            <main id="main" tabindex="-1">
                <Outlet />
            </main>
            <Footer />
            <crate::components::pwa::PwaNotices />
        </Show>
    }
}

/// `<link rel="alternate" hreflang>` for the same page in the other
/// languages: absolute, from the configured origin (never a request header).
#[component]
fn AlternateLinks() -> impl IntoView {
    let location = use_location();
    #[cfg(feature = "ssr")]
    let origin = crate::security::site_origin();
    #[cfg(not(feature = "ssr"))]
    let origin = String::new();
    move || {
        let path = location.pathname.get();
        summit::Language::ALL
            .into_iter()
            .map(|language| {
                let href = format!("{origin}{}", same_page_in(&path, "", language));
                view! { <Link rel="alternate" hreflang=language.code() href=href /> }
            })
            .collect_view()
    }
}

/// The same path (and query) under another language prefix: `/fr/regions/africa` → `/ar/regions/africa`.
pub fn same_page_in(path: &str, query: &str, language: summit::Language) -> String {
    let rest = path
        .trim_start_matches('/')
        .split_once('/')
        .map_or("", |(_, rest)| rest);
    let query = if query.is_empty() {
        String::new()
    } else {
        format!("?{query}")
    };
    format!("/{}/{rest}{query}", language.code())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_page_in_another_language_keeps_path_and_query() {
        use summit::Language::*;
        assert_eq!(same_page_in("/en/", "", Ar), "/ar/");
        assert_eq!(same_page_in("/en", "", Fr), "/fr/");
        assert_eq!(
            same_page_in("/fr/regions/africa", "view=progress", Zh),
            "/zh/regions/africa?view=progress"
        );
    }

    #[test]
    fn the_locale_comes_from_the_first_segment_only() {
        assert_eq!(locale_from_path("/ar/regions"), Some(Locale::ar));
        assert_eq!(locale_from_path("/xx/ar"), None);
        assert_eq!(locale_from_path("/"), None);
    }
}
