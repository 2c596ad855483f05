//! `/{lang}/regions/{slug}`: a region's briefing, what it highlighted, its
//! countries and their follow-up, and the map zoomed to it.

use crate::components::actions::{answers_an_edit, heading_id, ActionsPanel};
use crate::components::attendance::AttendanceFacts;
use crate::components::country_list::CountryList;
use crate::components::embed_link::EmbedThis;
use crate::components::error::ErrorMessage;
use crate::components::escaped::Title;
use crate::components::follow::{FeedLink, Follow};
use crate::components::loading::Loading;
use crate::components::map::{map_part, WorldMap};
use crate::components::report_links::{Briefs, ReportLinks};
use crate::components::reused::{reused, reused_after};
use crate::components::rollup::RollupTables;
use crate::components::session::use_session;
use crate::components::timeline_chart::ProgressOverTime;
use crate::error::AppError;
use crate::i18n::*;
use crate::locale::localized;
use crate::model::{ActionTarget, RegionData, ReviewContext, Timeline};
use crate::pages::not_found::NotFound;
use crate::server_fns::reads::{get_region, get_timeline};
use crate::server_fns::review::my_review_context;
use crate::text::{long_date, participants, progress_summary, region_name};
use leptos::either::EitherOf3;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use summit::Region;

#[component]
pub fn RegionPage() -> impl IntoView {
    let i18n = use_i18n();
    let lang = i18n.get_locale_untracked().as_str().to_owned();
    let slug = use_params_map().with_untracked(|p| p.get("slug").unwrap_or_default());
    let region = Region::parse(&slug).ok();
    let session = use_session();
    let own = answers_an_edit();
    view! {
        {region.map(|region| {
            let name = move || region_name(i18n, region);
            view! {
                <Title text=move || format!("{} — {}", name(), t_string!(i18n, site.name)) />
                <FeedLink filter=vec![("region", region.slug().to_owned())] place=name() />
            }
        })}
        <Suspense fallback=Loading>
            {Suspend::new(async move {
                let account = session.account().await.ok().flatten();
                let actor = account.map(|a| a.actor());
                let can_edit = region
                    .zip(actor.as_ref())
                    .is_some_and(|(region, actor)| actor.can_edit_region(region));
                let can_review = region
                    .zip(actor.as_ref())
                    .is_some_and(|(region, actor)| actor.can_review_region(region));
                // Proposals are for the people who edit or review them.
                let review = match (region, can_edit || can_review) {
                    (Some(region), true) => my_review_context(ActionTarget::Region(region)).await.ok(),
                    _ => None,
                };
                let who = match &review {
                    Some(review) => format!("{}/{}", if can_edit { "editing" } else { "reviewing" }, review.key()),
                    None => "reading".to_owned(),
                };
                let part = map_part().filter(|_| !own).map(|map| format!("region/{slug}/{who}/{map}"));
                let load = async move {
                    let data = get_region(lang, slug).await?;
                    let timeline = get_timeline(data.region.slug().to_owned(), String::new()).await?;
                    Ok((data, timeline))
                };
                match reused_after(part, load, move |(data, timeline)| view! { <Region data timeline can_edit review /> }).await {
                    Ok(body) => EitherOf3::A(body),
                    Err(AppError::NotFound) => EitherOf3::B(view! { <NotFound /> }),
                    Err(error) => EitherOf3::C(view! { <ErrorMessage error /> }),
                }
            })}
        </Suspense>
    }
}

/// The region's page below its head tags, for a reader or (`can_edit`) an
/// editor of its actions.
#[component]
fn Region(
    data: RegionData,
    timeline: Timeline,
    can_edit: bool,
    review: Option<ReviewContext>,
) -> impl IntoView {
    let i18n = use_i18n();
    let RegionData {
        region,
        briefing,
        attendance,
        map,
        progress,
        rollup,
        actions,
        history,
        themes,
    } = data;
    let countries = map.countries.clone();
    let served = countries
        .iter()
        .filter(|c| c.coverage.region() == Some(region))
        .count();
    let name = move || region_name(i18n, region);
    view! {
        <nav class="breadcrumbs" aria-label=move || t_string!(i18n, nav.breadcrumbs).to_string()>
            <a href=move || localized(i18n, "/")>{move || t_string!(i18n, nav.home)}</a>
            <span aria-hidden="true">" › "</span>
            <span aria-current="page">{name}</span>
        </nav>
        <header class=format!("page-header region-{}", region.slug())>
            <p class="eyebrow">{move || t_string!(i18n, region.eyebrow)}</p>
            <h1>{name}</h1>
            <p class="lede">
                {move || t_string!(i18n, region.served, count = served).to_string()} " · "
                {move || progress_summary(i18n, progress)}
            </p>
            <Follow filter=vec![("region", region.slug().to_owned())] place=region_name(i18n, region) />
            <EmbedThis query=format!("widget=region&region={}", region.slug()) />
            <ReportLinks sheet_query=format!("region={}", region.slug()) briefs=Briefs::One(format!("/regions/{}/brief", region.slug())) />
        </header>
        <div class="region-columns">
            <section class="card" aria-labelledby="briefing-heading">
                <h2 id="briefing-heading">{move || t_string!(i18n, region.briefing_heading)}</h2>
                {briefing.map(|b| view! {
                    <p class="briefing-date">
                        <time datetime=b.date.to_string()>{move || long_date(i18n, b.date)}</time>
                    </p>
                    <p>
                        <span class="label">{move || t_string!(i18n, attendance.per_session)}</span> " "
                        {move || participants(i18n, b.participants)}
                    </p>
                })}
                <h3>{move || t_string!(i18n, region.series_attendance)}</h3>
                <AttendanceFacts attendance />
            </section>
            <section class="card" aria-labelledby="highlights-heading">
                <h2 id="highlights-heading">{move || t_string!(i18n, region.highlights_heading)}</h2>
                <Highlights region />
            </section>
        </div>
        {reused(move || format!("rollup/{}", region.slug()), move || view! { <RollupTables rollup /> })}
        <ProgressOverTime timeline region />
        <section class="card tracker" aria-labelledby=heading_id(ActionTarget::Region(region))>
            <h2 id=heading_id(ActionTarget::Region(region))>{move || t_string!(i18n, region.actions_heading)}</h2>
            <ActionsPanel target=ActionTarget::Region(region) actions themes history can_edit
                owner=region_name(i18n, region) review />
        </section>
        <section class="map-section" aria-labelledby="map-heading">
            <h2 id="map-heading">{move || t_string!(i18n, map.heading)}</h2>
            <WorldMap data=map home_region=region />
        </section>
        {reused(move || format!("country-list/{}", region.slug()), move || view! { <CountryList countries only=region /> })}
    }
}

/// What the briefings highlighted for this region, then what all regions raised
/// (`shared/seed/FACTS.md`, "Regional highlights").
#[component]
fn Highlights(region: Region) -> impl IntoView {
    let i18n = use_i18n();
    let own = move || match region {
        Region::LatinAmericaCaribbean => {
            Some(t_string!(i18n, highlights.latin_america_caribbean).to_string())
        }
        Region::Africa => Some(t_string!(i18n, highlights.africa).to_string()),
        Region::AsiaPacific | Region::ArabStates => {
            Some(t_string!(i18n, highlights.asia_pacific_arab_states).to_string())
        }
        Region::EuropeCentralAsia => None,
    };
    view! {
        {move || own().map(|text| view! { <p class="highlight-own">{text}</p> })}
        {move || (region == Region::EuropeCentralAsia).then(|| view! {
            <p class="note">{move || t_string!(i18n, highlights.none_specific)}</p>
        })}
        <h3>{move || t_string!(i18n, highlights.all_heading)}</h3>
        <ul class="highlights">
            <li>{move || t_string!(i18n, highlights.consultations)}</li>
            <li>{move || t_string!(i18n, highlights.challenges)}</li>
            <li>{move || t_string!(i18n, highlights.catalyst)}</li>
            <li>{move || t_string!(i18n, highlights.identified)}</li>
        </ul>
    }
}
