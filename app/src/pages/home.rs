//! `/{lang}/`: the follow-up first — where each region stands, what moved
//! lately, which countries report actions at risk — then the map, the
//! summit's counters, the change over time and the briefings.

use crate::components::as_of::{use_at, AsOf};
use crate::components::attendance::AttendanceFacts;
use crate::components::countdown::Countdown;
use crate::components::country_list::CountryList;
use crate::components::embed_link::EmbedThis;
use crate::components::error::ErrorMessage;
use crate::components::escaped::Title;
use crate::components::follow::{FeedLink, Follow};
use crate::components::loading::Loading;
use crate::components::map::{map_part, WorldMap, MAP_PARAMS};
use crate::components::moved::{OffTrack, RecentlyMoved};
use crate::components::reused::reused_after;
use crate::components::rollup::RollupTables;
use crate::components::standing::FollowUpToday;
use crate::components::timeline_chart::ProgressOverTime;
use crate::i18n::*;
use crate::locale::localized;
use crate::model::{HomeData, MapData, MilestonesData, Timeline};
use crate::server_fns::reads::{get_map, get_milestones, get_timeline, home_overview};
use crate::text::{long_date, participants, region_name};
use leptos::either::Either;
use leptos::prelude::*;
use summit::Countdown as Phase;

#[component]
pub fn HomePage() -> impl IntoView {
    let i18n = use_i18n();
    let lang = i18n.get_locale_untracked().as_str().to_owned();
    // `?at=`: the follow-up as it stood at the end of a past day — the
    // regions, what moved, what was at risk, the map and the chart; the
    // summit's counters and the briefings are as they are.
    let at = use_at();
    view! {
        <Title text=move || format!("{} — {}", t_string!(i18n, site.name), t_string!(i18n, summit.short_name)) />
        <FeedLink filter=Vec::new() />
        <Suspense fallback=Loading>
            {Suspend::new(async move {
                let load = async move {
                    Ok(Loaded {
                        milestones: get_milestones(lang.clone()).await?,
                        map: get_map(lang.clone(), at.clone()).await?,
                        overview: home_overview(lang, at.clone()).await?,
                        timeline: get_timeline(String::new(), at).await?,
                    })
                };
                let part = map_part().map(|map| format!("home/{map}"));
                reused_after(part, load, |loaded| view! { <Home loaded /> })
                    .await
                    .unwrap_or_else(|error| view! { <ErrorMessage error /> }.into_any())
            })}
        </Suspense>
    }
}

/// Everything the home page shows.
struct Loaded {
    milestones: MilestonesData,
    map: MapData,
    overview: HomeData,
    timeline: Timeline,
}

#[component]
fn Home(loaded: Loaded) -> impl IntoView {
    let i18n = use_i18n();
    let Loaded {
        milestones,
        map,
        overview,
        timeline,
    } = loaded;
    let countries = map.countries.clone();
    let recent = overview.recent.clone();
    view! {
        <section class="hero" aria-labelledby="summit-heading">
            <p class="eyebrow">{move || t_string!(i18n, summit.eyebrow)}</p>
            <h1 id="summit-heading">{move || t_string!(i18n, summit.name)}</h1>
            <p class="summit-when">
                <span>{move || t_string!(i18n, summit.dates)}</span>
                <span aria-hidden="true">" · "</span>
                <span>{move || t_string!(i18n, summit.place)}</span>
            </p>
        </section>
        // The follow-up leads (as of a past day with `?at=`, which the form
        // above it chooses); the summit's counters come after the map.
        <AsOf keep=MAP_PARAMS />
        <FollowUpToday countries=countries.clone() />
        <div class="lead">
            <RecentlyMoved recent />
            <OffTrack countries=countries.clone() />
        </div>
        <Follow filter=Vec::new() />
        <section class="map-section" aria-labelledby="map-heading">
            <h2 id="map-heading">{move || t_string!(i18n, map.heading)}</h2>
            <WorldMap data=map />
            <EmbedThis query="widget=map" />
        </section>
        <Countdowns data=milestones />
        <ProgressOverTime timeline />
        <Overview data=overview />
        <CountryList countries />
    }
}

#[component]
fn Overview(data: HomeData) -> impl IntoView {
    let i18n = use_i18n();
    let HomeData {
        briefings,
        attendance,
        rollup,
        ..
    } = data;
    let briefing_items = briefings
        .into_iter()
        .map(|b| {
            view! {
                <li class=format!("briefing region-{}", b.region.slug())>
                    <h3>{move || region_name(i18n, b.region)}</h3>
                    <p>
                        <time datetime=b.date.to_string()>{move || long_date(i18n, b.date)}</time>
                    </p>
                    <p class="participants">
                        <span class="label">{move || t_string!(i18n, attendance.per_session)}</span>
                        " "
                        <span>{move || participants(i18n, b.participants)}</span>
                    </p>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="briefings" aria-labelledby="briefings-heading">
            <h2 id="briefings-heading">{move || t_string!(i18n, briefings.heading)}</h2>
            <p>{move || t_string!(i18n, briefings.intro)}</p>
            <ol class="briefing-list">{briefing_items}</ol>
            <h3>{move || t_string!(i18n, attendance.heading)}</h3>
            <AttendanceFacts attendance />
        </section>
        <RollupTables rollup />
    }
}

/// The summit's elapsed counter beside the next upcoming milestone's countdown.
#[component]
fn Countdowns(data: MilestonesData) -> impl IntoView {
    let i18n = use_i18n();
    let rendered_at = data.rendered_at;
    let summit = data
        .milestones
        .iter()
        .find(|m| m.milestone.slug.as_str() == summit::summit::SLUG)
        .cloned();
    let next = data
        .milestones
        .iter()
        .filter(|m| matches!(m.window.countdown(data.rendered_at), Phase::Upcoming { .. }))
        .min_by_key(|m| m.window.start())
        .cloned();
    view! {
        <div class="countdowns">
            {summit.map(|entry| view! {
                <section class="elapsed card" aria-labelledby="elapsed-heading">
                    <h2 id="elapsed-heading">{move || t_string!(i18n, summit.elapsed_heading)}</h2>
                    <Countdown entry rendered_at testid="elapsed" />
                    <p class="note">{move || t_string!(i18n, summit.elapsed_note)}</p>
                </section>
            })}
            <section class="next card" aria-labelledby="next-heading">
                <h2 id="next-heading">{move || t_string!(i18n, home.next_heading)}</h2>
                {match next {
                    Some(entry) => {
                        let slug = entry.milestone.slug.to_string();
                        Either::Left(view! {
                        <p class="next-title">
                            <a href=move || localized(i18n, &format!("/milestones#{slug}"))>
                                {entry.title.clone()}
                            </a>
                        </p>
                        <Countdown entry=entry.clone() rendered_at testid="next" />
                    })
                    }
                    None => Either::Right(view! { <p data-testid="none-upcoming">{move || t_string!(i18n, home.none_upcoming)}</p> }),
                }}
                <p>
                    <a href=move || localized(i18n, "/milestones")>{move || t_string!(i18n, home.all_milestones)}</a>
                </p>
            </section>
        </div>
    }
}
