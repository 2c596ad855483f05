//! The HTML shell, the router, and the per-language layout every page sits in.
//! Language helpers live in `locale`, the security policy in `security`.

use crate::components::layout::{Footer, Header};
use crate::i18n::*;
use crate::locale::{same_page_in, use_path_language};
use crate::pages::embed::EmbedLayout;
use crate::pages::{
    account::AccountPage,
    admin::AdminPage,
    country::CountryPage,
    embed::*,
    embed_builder::EmbedBuilderPage,
    home::HomePage,
    milestones::MilestonesPage,
    not_found::NotFound,
    password::{PasswordResetPage, SetPasswordPage},
    region::RegionPage,
    sign_in::SignInPage,
    tracker::TrackerPage,
};
use leptos::prelude::*;
use leptos_meta::{Link, Meta, MetaTags};
use leptos_router::components::{Outlet, ParentRoute, Route, Router, Routes};
use leptos_router::hooks::use_location;
use leptos_router::{path, SsrMode};

/// The document around the app, for Leptos' handlers that pass the options.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    document(crate::components::island::assets(&options))
}

/// The document around the app. `lang` and `dir` on `<html>` come from the
/// i18n provider (never hard-coded here), so Arabic pages are `dir="rtl"`.
/// Takes the built files' names worked out once, so a page clones no
/// options.
pub fn document(assets: &'static crate::components::island::Assets) -> impl IntoView {
    #[cfg(feature = "ssr")]
    crate::security::provide_policy(&assets.script_hashes);
    view! {
        <!DOCTYPE html>
        <html>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="color-scheme" content="light dark" />
                <link rel="icon" href="/favicon.ico" sizes="32x32" />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                <link rel="manifest" href="/manifest.webmanifest" />
                <link rel="apple-touch-icon" href="/icons/icon-192.png" />
                <meta name="theme-color" content="#0067a5" />
                // Service worker, offline indicator and queue, embed height:
                // plain JS from this origin (see public/app.js).
                <script src="/app.js" defer=true></script>
                // Before the stylesheet: see crate::transitions for why.
                <style>{crate::transitions::OPT_IN_CSS}</style>
                <crate::components::island::Stylesheet assets />
                <crate::components::island::IslandScripts assets />
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
                        <Route path=path!("/regions/:slug/brief") view=crate::pages::brief::RegionBriefPage />
                        <Route path=path!("/countries/:code") view=CountryPage />
                        <Route path=path!("/countries/:code/brief") view=crate::pages::brief::CountryBriefPage />
                        <Route path=path!("/sign-in") view=SignInPage />
                        <Route path=path!("/password-reset") view=PasswordResetPage />
                        <Route path=path!("/set-password") view=SetPasswordPage />
                        <Route path=path!("/account") view=AccountPage />
                        <Route path=path!("/admin") view=AdminPage />
                        <Route path=path!("/review") view=crate::pages::review::ReviewPage />
                        <Route path=path!("/embed") view=EmbedBuilderPage />
                        <Route path=path!("/spreadsheets") view=crate::pages::sheets::SheetsPage />
                        <Route path=path!("/spreadsheets/:id") view=crate::pages::sheet_upload::SheetUploadPage />
                    </ParentRoute>
                </Routes>
            </Router>
        </I18nContextProvider>
    }
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
                <leptos::context::Provider value=crate::pages::not_found::InsideMain>
                    <Outlet />
                </leptos::context::Provider>
            </main>
            <Footer />
            <crate::components::pwa::PwaNotices />
            <crate::components::speculation::SpeculationRules />
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
