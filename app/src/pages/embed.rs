//! Widgets for intranet pages, under `/{lang}/embed/…`: no site header or
//! footer, read-only and anonymous (cross-site iframes cannot keep a
//! SameSite=Lax session), `theme=light|dark|auto`, readable from 280 px. The
//! page script posts the content height to the host page (see `public/embed.js`).

use crate::components::countdown::Countdown;
use crate::components::error::ErrorMessage;
use crate::components::escaped::Title;
use crate::components::loading::Loading;
use crate::components::map::WorldMap;
use crate::components::reused::reused;
use crate::components::rollup::RollupTables;
use crate::error::AppError;
use crate::i18n::*;
use crate::pages::not_found::NotFound;
use crate::pages::tracker::Matrix;
use crate::server_fns::reads::{get_map, get_milestones, get_region, get_tracker};
use crate::text::{progress_summary, region_name};
use leptos::either::{Either, EitherOf3};
use leptos::prelude::*;
use leptos_meta::Meta;
use leptos_router::components::Outlet;
use leptos_router::hooks::{use_params_map, use_query_map};
use summit::Region;

/// The colours a host page asked for; anything else follows the visitor.
fn theme(query: &leptos_router::params::ParamsMap) -> &'static str {
    match query.get("theme").as_deref() {
        Some("light") => "light",
        Some("dark") => "dark",
        _ => "auto",
    }
}

#[component]
pub fn EmbedLayout() -> impl IntoView {
    let query = use_query_map();
    let ok = crate::locale::use_path_language();
    view! {
        <Show when=move || ok.get() fallback=NotFound>
            <Meta name="robots" content="noindex" />
            <div class="embed" data-theme=move || query.with(theme)>
                <main id="main">
                    <Outlet />
                </main>
            </div>
        </Show>
    }
}

/// "Open in the Social Summit Tracker ↗": the one link out of a widget.
#[component]
fn OpenLink(#[prop(into)] href: Signal<String>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p class="embed-open">
            <a href=href target="_blank" rel="noopener">
                {move || t_string!(i18n, embed.open)}
                <span class="visually-hidden">" " {move || t_string!(i18n, embed.new_tab)}</span>
                <span aria-hidden="true">" ↗"</span>
            </a>
        </p>
    }
}

/// The page's language (fixed: pages render on the server only).
fn lang(i18n: leptos_i18n::I18nContext<Locale>) -> String {
    i18n.get_locale_untracked().as_str().to_owned()
}

/// `/{lang}/embed/countdown?milestone={slug}`: one milestone's countdown
/// (the summit by default).
#[component]
pub fn EmbedCountdown() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let data = get_milestones(lang(i18n));
    view! {
        <Suspense fallback=Loading>
            {Suspend::new(async move {
                let wanted = query.with_untracked(|q| q.get("milestone")).unwrap_or_else(|| summit::summit::SLUG.to_owned());
                match data.await {
                    Ok(data) => {
                        let rendered_at = data.rendered_at;
                        match data.milestones.into_iter().find(|m| m.milestone.slug.as_str() == wanted) {
                            Some(entry) => {
                                let href = format!("/{}/milestones#{}", lang(i18n), entry.milestone.slug);
                                let title = entry.title.clone();
                                EitherOf3::A(view! {
                                    <Title text=title.clone() />
                                    <section class="embed-countdown" aria-labelledby="embed-heading">
                                        <h1 id="embed-heading">{title}</h1>
                                        <Countdown entry rendered_at testid="embed-countdown" />
                                    </section>
                                    <OpenLink href=href />
                                })
                            }
                            None => EitherOf3::B(view! { <NotFound /> }),
                        }
                    }
                    Err(error) => EitherOf3::C(view! { <ErrorMessage error /> }),
                }
            })}
        </Suspense>
    }
}

/// `/{lang}/embed/map?region={slug}&view=progress`: the map, zoomed to a region.
#[component]
pub fn EmbedMap() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let data = get_map(lang(i18n), String::new());
    let href = Signal::derive(move || {
        let q = query.with(|q| q.to_query_string());
        format!("/{}/{}", lang(i18n), q)
    });
    view! {
        <Title text=move || t_string!(i18n, map.heading).to_string() />
        <h1 class="visually-hidden">{move || t_string!(i18n, map.heading)}</h1>
        <Suspense fallback=Loading>
            {Suspend::new(async move {
                match data.await {
                    Ok(data) => Either::Left(view! { <WorldMap data /> }),
                    Err(error) => Either::Right(view! { <ErrorMessage error /> }),
                }
            })}
        </Suspense>
        <OpenLink href />
    }
}

/// `/{lang}/embed/regions/{slug}`: a region's follow-up — roll-ups and its
/// countries' matrix.
#[component]
pub fn EmbedRegion() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let slug = params.with_untracked(|p| p.get("slug").unwrap_or_default());
    let region = get_region(lang(i18n), slug);
    let tracker = get_tracker(lang(i18n), String::new());
    view! {
        <Suspense fallback=Loading>
            {Suspend::new(async move {
                match (region.await, tracker.await) {
                    (Ok(data), Ok(tracker)) => {
                        let r: Region = data.region;
                        let progress = data.progress;
                        let href = format!("/{}/regions/{}", lang(i18n), r.slug());
                        EitherOf3::A(view! {
                            <Title text=move || region_name(i18n, r) />
                            <h1>{move || region_name(i18n, r)}</h1>
                            <p class="lede">{move || progress_summary(i18n, progress)}</p>
                            {reused(move || format!("rollup/{}", r.slug()), move || view! { <RollupTables rollup=data.rollup /> })}
                            <Matrix data=tracker only=r />
                            <OpenLink href=href />
                        })
                    }
                    (Err(AppError::NotFound), _) => EitherOf3::B(view! { <NotFound /> }),
                    (Err(error), _) | (_, Err(error)) => EitherOf3::C(view! { <ErrorMessage error /> }),
                }
            })}
        </Suspense>
    }
}
