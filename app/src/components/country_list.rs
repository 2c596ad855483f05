//! The map's list view: regions → countries with their follow-up status. The
//! same information as the map, for screen readers and small screens.

use crate::i18n::*;
use crate::model::CountryEntry;
use crate::text::{progress_summary, region_name};
use leptos::prelude::*;
use summit::{Coverage, Region};

#[component]
pub fn CountryList(
    countries: Vec<CountryEntry>,
    /// Only this region's countries (the region page); otherwise all, by region.
    #[prop(optional)]
    only: Option<Region>,
) -> impl IntoView {
    let i18n = use_i18n();
    let regions: Vec<Region> = match only {
        Some(r) => vec![r],
        None => Region::ALL.to_vec(),
    };
    let group = move |entries: Vec<CountryEntry>| {
        entries
            .into_iter()
            .map(|c| {
                let href = move || format!("/{}/countries/{}", i18n.get_locale().as_str(), c.iso3);
                let progress = c.progress;
                view! {
                    <li>
                        <a href=href>{c.name.clone()}</a>
                        <span class="status">{move || progress_summary(i18n, progress)}</span>
                    </li>
                }
            })
            .collect_view()
    };
    let by_region = regions
        .into_iter()
        .map(|region| {
            let entries: Vec<CountryEntry> = countries
                .iter()
                .filter(|c| c.coverage == Coverage::Region(region))
                .cloned()
                .collect();
            let n = entries.len();
            view! {
                <section class=format!("country-group region-{}", region.slug())>
                    <h3>
                        {move || region_name(i18n, region)} " "
                        <span class="count">{move || t_string!(i18n, map.countries_count, count = n).to_string()}</span>
                    </h3>
                    <ul class="country-items">{group(entries)}</ul>
                </section>
            }
        })
        .collect_view();
    let others: Vec<CountryEntry> = countries
        .iter()
        .filter(|c| only.is_none() && c.coverage == Coverage::NoCountryTeam)
        .cloned()
        .collect();
    let others_view = (!others.is_empty()).then(|| {
        let n = others.len();
        view! {
            <details class="country-group no-unct">
                <summary>
                    {move || t_string!(i18n, map.no_country_team)} " "
                    <span class="count">{move || t_string!(i18n, map.countries_count, count = n).to_string()}</span>
                </summary>
                <ul class="country-items">{group(others)}</ul>
            </details>
        }
    });
    view! {
     <section id="country-list" class="country-list" aria-labelledby="country-list-heading" tabindex="-1">
         <h2 id="country-list-heading">{move || t_string!(i18n, map.list_heading)}</h2>
         {by_region}
         {others_view}
     </section>
    }
}
