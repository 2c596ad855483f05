//! The interactive world map of the five UN regions.
//!
//! The country shapes arrive as server-rendered SVG markup (see [`markup`]),
//! so the map shows — and every country links to its page — before and
//! without the WebAssembly. After hydration the browser adds pan and zoom
//! (a transform on one group: paths are never re-rendered), a tooltip card,
//! a type-ahead country search and "Download SVG". Geometry never ships in
//! the wasm: the map is an island, always rendered by the server first.

#[cfg(feature = "hydrate")]
mod browser;

use crate::components::island::{interactive, island_i18n, page_locale};
use crate::i18n::*;
use crate::model::{CountryEntry, MapData};
use crate::text::region_name;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};
use summit::map::Viewport;
use summit::{Coverage, ProgressBand, Region};

/// Colour countries by region, or by share of follow-up actions completed (`?view=progress`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum MapMode {
    Regions,
    Progress,
}

impl MapMode {
    fn from_query(view: Option<&str>) -> Self {
        if view == Some("progress") {
            MapMode::Progress
        } else {
            MapMode::Regions
        }
    }
}

/// What the tooltip card shows and where (pixels from the viewport's top-left).
#[derive(Clone, Debug, PartialEq)]
struct Card {
    iso3: String,
    x: f64,
    y: f64,
}

/// A query string keeping the map's other parameter: `?view=progress&region=africa`.
fn map_query(mode: MapMode, region: Option<Region>) -> String {
    let mut parts = Vec::new();
    if mode == MapMode::Progress {
        parts.push("view=progress".to_owned());
    }
    if let Some(r) = region {
        parts.push(format!("region={}", r.slug()));
    }
    if parts.is_empty() {
        "?".to_owned()
    } else {
        format!("?{}", parts.join("&"))
    }
}

/// The map as a page shows it: mode and zoom come from the address
/// (`?view=progress&region=africa`), read on the server; the map itself is
/// an island.
#[component]
pub fn WorldMap(
    data: MapData,
    /// A region the map is about (the region page): zoomed to when no `?region=` says otherwise.
    #[prop(optional)]
    home_region: Option<Region>,
) -> impl IntoView {
    let query = use_query_map();
    let (mode, url_region) = query.with_untracked(|q| {
        (
            MapMode::from_query(q.get("view").as_deref()),
            q.get("region").and_then(|s| Region::parse(&s).ok()),
        )
    });
    // Hydrated when it comes near the viewport (`island_loader.js`): below
    // the fold on phones, it should not hold up the countdowns above it.
    view! {
        <div class="map-host" data-hydrate="visible">
            <MapIsland data home_region mode url_region locale=page_locale() />
        </div>
    }
}

/// The interactive map. Links that change the mode or the region load the
/// page again, so they work the same with and without the WebAssembly.
/// Not lazy: as a chunk of its own it made the home page's first view 45 KB
/// heavier (split modules compress worse) and 0.7 s slower to interactive.
/// Its root carries `data-ready` once it is interactive (its controls show
/// then).
#[island]
fn MapIsland(
    data: MapData,
    home_region: Option<Region>,
    mode: MapMode,
    url_region: Option<Region>,
    locale: Locale,
) -> impl IntoView {
    let i18n = island_i18n(locale);
    let ready = interactive();
    let (width, height) = (data.width, data.height);
    let start = url_region
        .or(home_region)
        .and_then(|r| {
            data.region_bounds
                .iter()
                .find(|(x, _)| *x == r)
                .map(|(_, bbox)| Viewport::fit(*bbox, width, height))
        })
        .unwrap_or(Viewport::IDENTITY);
    let viewport = RwSignal::new(start);

    // The country shapes: rendered here on the server; in the browser the
    // island hydrates around them and never renders them again.
    #[cfg(feature = "ssr")]
    let markup = {
        let language =
            summit::Language::parse(locale.as_str()).unwrap_or(summit::Language::DEFAULT);
        crate::services::views::map_markup(language, &data.countries).unwrap_or_default()
    };
    #[cfg(not(feature = "ssr"))]
    let markup = String::new();

    let countries = StoredValue::new(data.countries.clone());
    let card = RwSignal::new(None::<Card>);
    let viewport_ref = NodeRef::<leptos::html::Div>::new();
    let svg_ref = NodeRef::<leptos::svg::Svg>::new();

    #[cfg(feature = "hydrate")]
    let handlers = browser::Handlers::new(viewport, card, viewport_ref, width, height);

    let transform = move || viewport.get().to_transform();
    let zoom_by = move |factor: f64| {
        viewport.update(|v| *v = v.zoom_at(factor, width / 2.0, height / 2.0, width, height))
    };

    view! {
     <div data-ready=move || ready.get().then_some("true") class=move || {
         format!(
             "world-map {}",
             if mode == MapMode::Progress { "view-progress" } else { "view-regions" },
         )
     }>
         <div class="map-toolbar">
             <nav class="map-modes" aria-label=move || t_string!(i18n, map.mode_label).to_string()>
                 <a
                     href=move || map_query(MapMode::Regions, url_region)
                     aria-current=move || (mode == MapMode::Regions).then_some("true")
                 >
                     {move || t_string!(i18n, map.mode_regions)}
                 </a>
                 <a
                     href=move || map_query(MapMode::Progress, url_region)
                     aria-current=move || (mode == MapMode::Progress).then_some("true")
                 >
                     {move || t_string!(i18n, map.mode_progress)}
                 </a>
             </nav>
             <CountrySearch countries viewport card viewport_ref width height />
             <div class="map-zoom-buttons needs-js" role="group" aria-label=move || t_string!(i18n, map.zoom_label).to_string()>
                 <button type="button" on:click=move |_| zoom_by(1.5) aria-label=move || t_string!(i18n, map.zoom_in).to_string()>"+"</button>
                 <button type="button" on:click=move |_| zoom_by(1.0 / 1.5) aria-label=move || t_string!(i18n, map.zoom_out).to_string()>"−"</button>
                 <button type="button" on:click=move |_| viewport.set(Viewport::IDENTITY) aria-label=move || t_string!(i18n, map.zoom_reset).to_string()>"⟲"</button>
                 <button
                     type="button"
                     class="map-download"
                     on:click=move |_| {
                         #[cfg(feature = "hydrate")]
                         browser::download_svg(svg_ref, width, height, mode);
                     }
                 >
                     {move || t_string!(i18n, map.download)}
                 </button>
             </div>
             <a class="map-list-link" href="#country-list">{move || t_string!(i18n, map.show_list)}</a>
         </div>
         <div
             class="map-viewport"
             node_ref=viewport_ref
             tabindex="0"
             role="group"
             aria-label=move || t_string!(i18n, map.viewport_label).to_string()
             aria-describedby="map-help"
             on:keydown=move |_ev| {
                 #[cfg(feature = "hydrate")]
                 handlers.keydown(_ev);
             }
             on:wheel=move |_ev| {
                 #[cfg(feature = "hydrate")]
                 handlers.wheel(_ev);
             }
             on:pointerdown=move |_ev| {
                 #[cfg(feature = "hydrate")]
                 handlers.pointer_down(_ev);
             }
             on:pointermove=move |_ev| {
                 #[cfg(feature = "hydrate")]
                 handlers.pointer_move(_ev);
             }
             on:pointerup=move |_ev| {
                 #[cfg(feature = "hydrate")]
                 handlers.pointer_up(_ev);
             }
             on:pointercancel=move |_ev| {
                 #[cfg(feature = "hydrate")]
                 handlers.pointer_up(_ev);
             }
             on:pointerleave=move |_ev| {
                 #[cfg(feature = "hydrate")]
                 handlers.pointer_leave(_ev);
             }
             on:click=move |_ev| {
                 #[cfg(feature = "hydrate")]
                 handlers.click(_ev);
             }
             on:focusin=move |_ev| {
                 #[cfg(feature = "hydrate")]
                 handlers.focus_in(_ev);
             }
         >
             <svg
                 node_ref=svg_ref
                 class="map-svg"
                 viewBox=format!("0 0 {width} {height}")
                 xmlns="http://www.w3.org/2000/svg"
                 aria-labelledby="map-title"
             >
                 <title id="map-title">{move || t_string!(i18n, map.title)}</title>
                 <rect class="map-ocean" width=width height=height></rect>
                 <g class="map-zoom" transform=transform>
                     <g class="countries" inner_html=markup></g>
                 </g>
             </svg>
             {move || card.get().map(|c| view! { <MapCard card=c countries /> })}
         </div>
         <p id="map-help" class="map-help needs-js">{move || t_string!(i18n, map.help)}</p>
         <Legend countries mode url_region />
     </div>
    }
}

#[component]
fn MapCard(card: Card, countries: StoredValue<Vec<CountryEntry>>) -> impl IntoView {
    let i18n = use_i18n();
    let entry =
        countries.with_value(|all| all.iter().find(|c| c.iso3.as_str() == card.iso3).cloned());
    entry.map(|country| {
        let href = move || format!("/{}/countries/{}", i18n.get_locale().as_str(), country.iso3);
        let coverage = move || match country.coverage {
            Coverage::Region(r) => region_name(i18n, r),
            Coverage::NoCountryTeam => t_string!(i18n, map.no_country_team).to_string(),
        };
        let progress = country.progress;
        view! {
            <div class="map-card" style:left=format!("{}px", card.x) style:top=format!("{}px", card.y)>
                <p class="map-card-name">{country.name.clone()}</p>
                <p class="map-card-region">{coverage}</p>
                <p class="map-card-progress">{move || crate::text::progress_summary(i18n, progress)}</p>
                <a href=href>{move || t_string!(i18n, map.open_country)}</a>
            </div>
        }
    })
}

#[component]
fn Legend(
    countries: StoredValue<Vec<CountryEntry>>,
    mode: MapMode,
    url_region: Option<Region>,
) -> impl IntoView {
    let i18n = use_i18n();
    let regions = Region::ALL
        .into_iter()
        .map(|region| {
            let zoom = move || map_query(mode, Some(region));
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
            ProgressBand::Quarter(0) => "0–24 %".to_owned(),
            ProgressBand::Quarter(1) => "25–49 %".to_owned(),
            ProgressBand::Quarter(2) => "50–74 %".to_owned(),
            ProgressBand::Quarter(_) => "75–100 %".to_owned(),
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
        </div>
    }
}

/// Type-ahead search over country names in the page's language, tolerant of
/// case and accents; picking one zooms to it and focuses it.
#[component]
fn CountrySearch(
    countries: StoredValue<Vec<CountryEntry>>,
    viewport: RwSignal<Viewport>,
    card: RwSignal<Option<Card>>,
    viewport_ref: NodeRef<leptos::html::Div>,
    width: f64,
    height: f64,
) -> impl IntoView {
    let i18n = use_i18n();
    let text = RwSignal::new(String::new());
    let active = RwSignal::new(0usize);
    let results = Memo::new(move |_| {
        let needle = fold(&text.get());
        if needle.is_empty() {
            return Vec::new();
        }
        countries.with_value(|all| {
            let mut starts: Vec<(String, String)> = Vec::new();
            let mut contains: Vec<(String, String)> = Vec::new();
            for c in all {
                let folded = fold(&c.name);
                if folded.starts_with(&needle) {
                    starts.push((c.iso3.to_string(), c.name.clone()));
                } else if folded.contains(&needle) {
                    contains.push((c.iso3.to_string(), c.name.clone()));
                }
            }
            starts.extend(contains);
            starts.truncate(8);
            starts
        })
    });
    let choose = move |iso3: String| {
        text.set(String::new());
        #[cfg(feature = "hydrate")]
        browser::zoom_to_country(&iso3, viewport, card, viewport_ref, width, height);
        #[cfg(not(feature = "hydrate"))]
        let _ = (iso3, viewport, card, viewport_ref, width, height);
    };
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let n = results.with(Vec::len);
        match ev.key().as_str() {
            "ArrowDown" if n > 0 => {
                ev.prevent_default();
                active.update(|a| *a = (*a + 1) % n);
            }
            "ArrowUp" if n > 0 => {
                ev.prevent_default();
                active.update(|a| *a = (*a + n - 1) % n);
            }
            "Enter" if n > 0 => {
                ev.prevent_default();
                let pick = results.with(|r| {
                    r.get(active.get_untracked().min(n - 1))
                        .map(|x| x.0.clone())
                });
                if let Some(iso3) = pick {
                    choose(iso3);
                }
            }
            "Escape" => text.set(String::new()),
            _ => {}
        }
    };
    view! {
        <div class="map-search needs-js">
            <label for="map-search-input">{move || t_string!(i18n, map.search_label)}</label>
            <input
                id="map-search-input"
                type="search"
                autocomplete="off"
                role="combobox"
                aria-autocomplete="list"
                aria-controls="map-search-results"
                aria-expanded=move || (!results.with(Vec::is_empty)).to_string()
                aria-activedescendant=move || {
                    results.with(|r| r.get(active.get()).map(|(iso3, _)| format!("search-{iso3}")))
                }
                prop:value=move || text.get()
                on:input=move |ev| {
                    active.set(0);
                    text.set(event_target_value(&ev));
                }
                on:keydown=on_key
            />
            <ul id="map-search-results" role="listbox" class="map-search-results">
                {move || {
                    results
                        .get()
                        .into_iter()
                        .enumerate()
                        .map(|(i, (iso3, name))| {
                            let pick = iso3.clone();
                            view! {
                                <li
                                    id=format!("search-{iso3}")
                                    role="option"
                                    aria-selected=move || (active.get() == i).to_string()
                                    on:mousedown=move |ev| {
                                        ev.prevent_default();
                                        choose(pick.clone());
                                    }
                                >
                                    {name}
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
        </div>
    }
}

/// Case- and accent-insensitive form of a name for matching: "Côte" → "cote",
/// Arabic without vowel marks and with one form of alef.
pub fn fold(text: &str) -> String {
    #[cfg(feature = "hydrate")]
    let decomposed = browser::decompose(text);
    #[cfg(not(feature = "hydrate"))]
    let decomposed = text.to_owned();
    decomposed
        .chars()
        .filter(|c| !matches!(*c, '\u{0300}'..='\u{036f}' | '\u{064b}'..='\u{065f}' | '\u{0670}'))
        .map(|c| match c {
            'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
            'ى' => 'ي',
            'ة' => 'ه',
            c => c,
        })
        .flat_map(char::to_lowercase)
        .collect::<String>()
        .trim()
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_query_keeps_the_other_parameter() {
        assert_eq!(map_query(MapMode::Regions, None), "?");
        assert_eq!(map_query(MapMode::Progress, None), "?view=progress");
        assert_eq!(
            map_query(MapMode::Progress, Some(Region::Africa)),
            "?view=progress&region=africa"
        );
    }

    #[test]
    fn folding_ignores_case_and_arabic_marks() {
        assert_eq!(fold("  KENYA "), "kenya");
        assert_eq!(fold("كِينيا"), "كينيا");
        assert_eq!(fold("أفغانستان"), "افغانستان");
    }
}
