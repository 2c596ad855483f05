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
use crate::components::standing::{Standing, StatusBar, StatusKey};
use crate::i18n::*;
use crate::model::{CountryEntry, TrackerRow};
use crate::pages::not_found::NotFound;
use crate::server_fns::reads::{get_map, get_milestones, get_tracker};
use crate::text::{action_name, progress_summary, region_name, share_text};
use leptos::either::{Either, EitherOf3};
use leptos::prelude::*;
use leptos_meta::Meta;
use leptos_router::components::Outlet;
use leptos_router::hooks::{use_params_map, use_query_map};
use summit::{ActionKind, Region, Status};

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

/// `/{lang}/embed/regions/{slug}`: a region's follow-up, compact enough for
/// a sidebar from 280 px: how many of its countries report, its actions by
/// status, and each kind of action completed and reported across its
/// countries; the countries themselves folded under a disclosure.
#[component]
pub fn EmbedRegion() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let slug = params.with_untracked(|p| p.get("slug").unwrap_or_default());
    let region = Region::parse(&slug).ok();
    let map = get_map(lang(i18n), String::new());
    let tracker = get_tracker(lang(i18n), String::new());
    view! {
        <Suspense fallback=Loading>
            {Suspend::new(async move {
                let Some(r) = region else {
                    return EitherOf3::B(view! { <NotFound /> });
                };
                match (map.await, tracker.await) {
                    (Ok(map), Ok(tracker)) => {
                        let countries: Vec<_> = map.countries.into_iter().filter(|c| c.coverage.region() == Some(r)).collect();
                        let rows: Vec<TrackerRow> = tracker.rows.into_iter().filter(|row| row.country.coverage.region() == Some(r)).collect();
                        let href = format!("/{}/regions/{}", lang(i18n), r.slug());
                        EitherOf3::A(view! {
                            <Title text=move || region_name(i18n, r) />
                            <div class="region-widget" data-region=r.slug()>
                                <h1>{move || region_name(i18n, r)}</h1>
                                {reused(move || format!("region-widget/{}", r.slug()), move || view! { <RegionSummary countries rows /> })}
                            </div>
                            <OpenLink href=href />
                        })
                    }
                    (Err(error), _) | (_, Err(error)) => EitherOf3::C(view! { <ErrorMessage error /> }),
                }
            })}
        </Suspense>
    }
}

/// The region widget's body (see [`EmbedRegion`]).
#[component]
fn RegionSummary(countries: Vec<CountryEntry>, rows: Vec<TrackerRow>) -> impl IntoView {
    let i18n = use_i18n();
    let standing = Standing::of(&countries);
    let completed = standing.progress.share_completed();
    let kinds = ActionKind::COUNTRY
        .into_iter()
        .enumerate()
        .map(|(i, kind)| {
            let done = rows.iter().filter(|r| r.statuses[i] == Status::Completed).count();
            let reported = rows.iter().filter(|r| r.statuses[i] != Status::NotReported).count();
            let n = rows.len();
            view! {
                <li>
                    <span class="kind">{move || action_name(i18n, kind)}</span>
                    <span class="note">{move || t_string!(i18n, embed.kind_figures, completed = done, reported = reported, total = n).to_string()}</span>
                </li>
            }
        })
        .collect_view();
    let list = countries
        .iter()
        .map(|c| {
            let progress = c.progress;
            view! {
                <li>
                    <span class="name">{c.name.clone()}</span>
                    " " <span class="note">{move || progress_summary(i18n, progress)}</span>
                </li>
            }
        })
        .collect_view();
    let count = countries.len();
    view! {
        <p class="standing-totals">
            <span>{move || t_string!(i18n, home.card_reporting, reporting = standing.reporting, total = standing.served).to_string()}</span>
            <span>{move || t_string!(i18n, home.card_completed, share = share_text(i18n, completed), total = standing.progress.total).to_string()}</span>
        </p>
        <StatusBar progress=standing.progress />
        <StatusKey />
        <h2 class="widget-subheading">{move || t_string!(i18n, embed.by_action)}</h2>
        <ul class="widget-kinds">{kinds}</ul>
        <details class="widget-countries">
            <summary>{move || t_string!(i18n, embed.countries, count = count).to_string()}</summary>
            <ul>{list}</ul>
        </details>
    }
}
