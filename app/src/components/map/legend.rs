//! The map's legend (region colours or progress bands, with counts) and the
//! card a hovered, focused or tapped country shows.

use super::{map_query, Card, MapMode};
use crate::components::due::{due_mark, due_state_name};
use crate::i18n::*;
use crate::model::CountryEntry;
use crate::text::region_name;
use leptos::prelude::*;
use summit::{Coverage, DueState, ProgressBand, Region};

/// The card of a country hovered, focused or tapped, at its point: its name,
/// region and progress, and a link to its page. On touch it also offers the
/// other countries the fingertip covered; a tap on sea between several small
/// countries offers only those. Placed by the browser
/// (`touch::place_card`): under the map on a phone, inside the map beside
/// the point elsewhere.
#[component]
pub(super) fn MapCard(card: Card, countries: StoredValue<Vec<CountryEntry>>) -> impl IntoView {
    let i18n = use_i18n();
    let find = |code: &str| {
        countries.with_value(|all| all.iter().find(|c| c.iso3.as_str() == code).cloned())
    };
    let entry = card.iso3.as_deref().and_then(find);
    let nearby: Vec<CountryEntry> = card.nearby.iter().filter_map(|c| find(c)).collect();
    let node = NodeRef::<leptos::html::Div>::new();
    #[cfg(feature = "hydrate")]
    {
        let selected = card.iso3.clone();
        Effect::new(move |_| {
            if let Some(el) = node.get() {
                super::touch::place_card(&el, card.x, card.y);
                super::touch::mark_selected(selected.as_deref());
            }
        });
        on_cleanup(|| super::touch::mark_selected(None));
    }
    if entry.is_none() && nearby.is_empty() {
        return None;
    }
    let page =
        move |iso3: summit::Iso3| format!("/{}/countries/{}", i18n.get_locale().as_str(), iso3);
    let about = entry.map(|country| {
        let coverage = move || match country.coverage {
            Coverage::Region(r) => region_name(i18n, r),
            Coverage::NoCountryTeam => t_string!(i18n, map.no_country_team).to_string(),
        };
        let progress = country.progress;
        let iso3 = country.iso3;
        view! {
            <p class="map-card-name">{country.name.clone()}</p>
            <p class="map-card-region">{coverage}</p>
            <p class="map-card-progress">{move || crate::text::progress_summary(i18n, progress)}</p>
            {country.due.map(|state| view! {
                <p class=format!("map-card-due due due-{}", state.slug())>
                    <span class="due-mark" aria-hidden="true">{due_mark(state)}</span>
                    {move || t_string!(i18n, due.heading).to_string()} ": " {move || due_state_name(i18n, state)}
                </p>
            })}
            <a href=move || page(iso3)>{move || t_string!(i18n, map.open_country)}</a>
        }
    });
    let choosing = about.is_none();
    let others = (!nearby.is_empty()).then(|| {
        let items = nearby
            .into_iter()
            .map(|c| {
                let iso3 = c.iso3;
                view! { <li><a href=move || page(iso3) data-iso3=iso3.to_string()>{c.name.clone()}</a></li> }
            })
            .collect_view();
        view! {
            <p class="map-card-nearby-label">
                {move || if choosing { t_string!(i18n, map.which_country) } else { t_string!(i18n, map.also_here) }}
            </p>
            <ul class="map-card-nearby">{items}</ul>
        }
    });
    Some(view! {
        <div class="map-card" node_ref=node style:left=format!("{}px", card.x) style:top=format!("{}px", card.y)
            data-iso3=card.iso3.clone()>
            {about}
            {others}
        </div>
    })
}

#[component]
pub(super) fn Legend(
    countries: StoredValue<Vec<CountryEntry>>,
    mode: MapMode,
    url_region: Option<Region>,
) -> impl IntoView {
    let i18n = use_i18n();
    let regions = Region::ALL
        .into_iter()
        .map(|region| {
            let zoom = move || map_query(mode, Some(region), None);
            let page = move || format!("/{}/regions/{}", i18n.get_locale().as_str(), region.slug());
            let name = move || region_name(i18n, region);
            view! {
                <li class=format!("legend-item region-{}", region.slug())>
                    <span class="swatch" aria-hidden="true"></span>
                    <a href=page>{name}</a>
                    <a
                        class="legend-zoom"
                        href=zoom
                        aria-current=move || (url_region == Some(region)).then_some("true")
                    >
                        <span class="visually-hidden">{move || t_string!(i18n, map.zoom_to).to_string()} " " {name}</span>
                        <span aria-hidden="true">"⤢"</span>
                    </a>
                </li>
            }
        })
        .collect_view();
    let band_count = move |band: ProgressBand| {
        countries.with_value(|all| {
            all.iter()
                .filter(|c| c.coverage.region().is_some() && c.progress.band() == band)
                .count()
        })
    };
    let bands = [
        (ProgressBand::NotReported, "band-none"),
        (ProgressBand::Quarter(0), "band-0"),
        (ProgressBand::Quarter(1), "band-1"),
        (ProgressBand::Quarter(2), "band-2"),
        (ProgressBand::Quarter(3), "band-3"),
    ]
    .into_iter()
    .map(|(band, class)| {
        let label = move || match band {
            ProgressBand::NotReported => t_string!(i18n, map.band_none).to_string(),
            // A range written as each language writes a share ("0–24%", "0–24 %").
            ProgressBand::Quarter(0) => t_string!(i18n, share.percent, value = "0–24").to_string(),
            ProgressBand::Quarter(1) => t_string!(i18n, share.percent, value = "25–49").to_string(),
            ProgressBand::Quarter(2) => t_string!(i18n, share.percent, value = "50–74").to_string(),
            ProgressBand::Quarter(_) => t_string!(i18n, share.percent, value = "75–100").to_string(),
        };
        let n = band_count(band);
        view! {
            <li class=format!("legend-item {class}")>
                <span class="swatch" aria-hidden="true"></span>
                <span>{label}</span>
                <span class="legend-count">{move || t_string!(i18n, map.countries_count, count = n).to_string()}</span>
            </li>
        }
    })
    .collect_view();
    let deadlines = deadline_legend(countries);
    view! {
        <div class="map-legend">
            <h2 class="visually-hidden">{move || t_string!(i18n, map.legend)}</h2>
            <ul class="legend-regions">
                {regions}
                <li class="legend-item no-unct">
                    <span class="swatch" aria-hidden="true"></span>
                    <span>{move || t_string!(i18n, map.no_country_team)}</span>
                </li>
            </ul>
            <div class="legend-progress">
                <p>{move || t_string!(i18n, map.progress_caption)}</p>
                <ul>{bands}</ul>
            </div>
            {deadlines}
        </div>
    }
}

/// The deadline mode's key: each state's pattern, mark and name, and how
/// many countries it is the most pressing state of; then the countries
/// with no deadline (or no country team).
fn deadline_legend(countries: StoredValue<Vec<CountryEntry>>) -> impl IntoView {
    let i18n = use_i18n();
    let count = move |state: Option<DueState>| {
        countries.with_value(|all| {
            all.iter()
                .filter(|c| c.coverage.region().is_some() && c.due == state)
                .count()
        })
    };
    let states = [
        DueState::Overdue,
        DueState::DueSoon,
        DueState::OnTrack,
        DueState::Completed,
    ]
    .into_iter()
    .map(|state| {
        let n = count(Some(state));
        view! {
            <li class=format!("legend-item deadline-{}", state.slug())>
                <span class="swatch" aria-hidden="true"></span>
                <span class=format!("due due-{}", state.slug())>
                    <span class="due-mark" aria-hidden="true">{due_mark(state)}</span>
                    {move || due_state_name(i18n, state)}
                </span>
                <span class="legend-count">{move || t_string!(i18n, map.countries_count, count = n).to_string()}</span>
            </li>
        }
    })
    .collect_view();
    let none = count(None);
    view! {
        <div class="legend-deadlines">
            <p>{move || t_string!(i18n, due.legend)}</p>
            <ul>
                {states}
                <li class="legend-item deadline-none">
                    <span class="swatch" aria-hidden="true"></span>
                    <span>{move || t_string!(i18n, due.none)}</span>
                    <span class="legend-count">{move || t_string!(i18n, map.countries_count, count = none).to_string()}</span>
                </li>
            </ul>
        </div>
    }
}
