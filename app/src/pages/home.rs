//! `/{lang}/`: the summit, the time since it opened, and the regional briefings.

use crate::api::{get_map, home_overview, HomeData};
use crate::components::attendance::AttendanceFacts;
use crate::components::country_list::CountryList;
use crate::components::elapsed::Elapsed;
use crate::components::error::ErrorMessage;
use crate::components::map::WorldMap;
use crate::components::text::{long_date, participants, region_name};
use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn HomePage() -> impl IntoView {
    let i18n = use_i18n();
    let overview = Resource::new_blocking(|| (), |_| home_overview());
    let map = Resource::new_blocking(move || i18n.get_locale().as_str().to_owned(), get_map);
    view! {
        <Title text=move || format!("{} — {}", t_string!(i18n, site.name), t_string!(i18n, summit.short_name)) />
        <section class="hero" aria-labelledby="summit-heading">
            <p class="eyebrow">{t!(i18n, summit.eyebrow)}</p>
            <h1 id="summit-heading">{t!(i18n, summit.name)}</h1>
            <p class="summit-when">
                <span>{t!(i18n, summit.dates)}</span>
                <span aria-hidden="true">" · "</span>
                <span>{t!(i18n, summit.place)}</span>
            </p>
        </section>
        <Suspense fallback=move || view! { <p class="loading">{t!(i18n, site.loading)}</p> }>
            {move || Suspend::new(async move {
                match overview.await {
                    Ok(data) => view! { <Overview data /> }.into_any(),
                    Err(error) => view! { <ErrorMessage error /> }.into_any(),
                }
            })}
        </Suspense>
        <Suspense fallback=move || view! { <p class="loading">{t!(i18n, site.loading)}</p> }>
            {move || Suspend::new(async move {
                match map.await {
                    Ok(data) => {
                        let countries = data.countries.clone();
                        view! {
                            <section class="map-section" aria-labelledby="map-heading">
                                <h2 id="map-heading">{t!(i18n, map.heading)}</h2>
                                <WorldMap data />
                            </section>
                            <CountryList countries />
                        }
                            .into_any()
                    }
                    Err(error) => view! { <ErrorMessage error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Overview(data: HomeData) -> impl IntoView {
    let i18n = use_i18n();
    let HomeData {
        rendered_at,
        summit,
        briefings,
        attendance,
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
                        <span class="label">{t!(i18n, attendance.per_session)}</span>
                        " "
                        <span>{move || participants(i18n, b.participants)}</span>
                    </p>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="elapsed" aria-labelledby="elapsed-heading">
            <h2 id="elapsed-heading">{t!(i18n, summit.elapsed_heading)}</h2>
            <Elapsed since=summit.start() rendered_at />
            <p class="note">{t!(i18n, summit.elapsed_note)}</p>
        </section>
        <section class="briefings" aria-labelledby="briefings-heading">
            <h2 id="briefings-heading">{t!(i18n, briefings.heading)}</h2>
            <p>{t!(i18n, briefings.intro)}</p>
            <ol class="briefing-list">{briefing_items}</ol>
            <h3>{t!(i18n, attendance.heading)}</h3>
            <AttendanceFacts attendance />
        </section>
    }
}
