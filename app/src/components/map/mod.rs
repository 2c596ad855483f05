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
mod legend;
mod search;
#[cfg(feature = "hydrate")]
mod tools;
#[cfg(feature = "hydrate")]
mod touch;

use legend::{Legend, MapCard};
pub use search::fold;
use search::CountrySearch;

use crate::components::island::{interactive, island_i18n, page_locale};
use crate::components::reused::reused;
use crate::i18n::*;
use crate::model::MapData;
use leptos::either::Either;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};
use summit::map::Viewport;
use summit::Region;

/// Colour countries by region, by share of follow-up actions completed
/// (`?view=progress`), or by their actions' most pressing deadline
/// (`?view=deadlines`, told apart by pattern as well as colour).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum MapMode {
    Regions,
    Progress,
    Deadlines,
}

impl MapMode {
    const ALL: [MapMode; 3] = [MapMode::Regions, MapMode::Progress, MapMode::Deadlines];

    fn from_query(view: Option<&str>) -> Self {
        MapMode::ALL
            .into_iter()
            .find(|m| m.param().is_some() && m.param() == view)
            .unwrap_or(MapMode::Regions)
    }

    /// The address's `view=`; none for the default, regions.
    const fn param(self) -> Option<&'static str> {
        match self {
            MapMode::Regions => None,
            MapMode::Progress => Some("progress"),
            MapMode::Deadlines => Some("deadlines"),
        }
    }

    /// The class on the map's root (and on a downloaded SVG's) that the
    /// style sheet colours the countries by.
    pub(super) const fn class(self) -> &'static str {
        match self {
            MapMode::Regions => "view-regions",
            MapMode::Progress => "view-progress",
            MapMode::Deadlines => "view-deadlines",
        }
    }
}

/// What the card shows and where (pixels from the viewport's top-left): a
/// country, and on touch the other countries the fingertip covered; or, for
/// a tap between several small countries and none under the finger, only
/// those to choose from.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Card {
    iso3: Option<String>,
    nearby: Vec<String>,
    x: f64,
    y: f64,
}

impl Card {
    /// The card of one country.
    #[cfg(feature = "hydrate")]
    fn of(iso3: String, x: f64, y: f64) -> Self {
        Card {
            iso3: Some(iso3),
            nearby: Vec::new(),
            x,
            y,
        }
    }
}

/// The fills that tell the deadline states apart by shape as well as
/// colour: stripes for due soon, a cross-hatch for overdue, dots for done;
/// on track is plain (`style/map.css` uses them; a downloaded SVG carries
/// them too).
pub(super) const DUE_PATTERNS: &str = concat!(
    r##"<pattern id="due-fill-soon" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">"##,
    r##"<rect width="6" height="6" fill="#fdb863"/><rect width="2.2" height="6" fill="#8c510a"/></pattern>"##,
    r##"<pattern id="due-fill-overdue" width="5" height="5" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">"##,
    r##"<rect width="5" height="5" fill="#b2182b"/><rect width="1.3" height="5" fill="#fff"/><rect width="5" height="1.3" fill="#fff"/></pattern>"##,
    r##"<pattern id="due-fill-done" width="5" height="5" patternUnits="userSpaceOnUse">"##,
    r##"<rect width="5" height="5" fill="#d1e5f0"/><circle cx="2.5" cy="2.5" r="1.2" fill="#2166ac"/></pattern>"##,
);

/// A query string keeping the map's other parameters:
/// `?view=progress&region=africa&map=2.50,-300.0,-120.5`.
pub(super) fn map_query(mode: MapMode, region: Option<Region>, view: Option<Viewport>) -> String {
    let mut parts = Vec::new();
    if let Some(view) = mode.param() {
        parts.push(format!("view={view}"));
    }
    if let Some(r) = region {
        parts.push(format!("region={}", r.slug()));
    }
    if let Some(param) = view.map(Viewport::to_param).filter(|p| !p.is_empty()) {
        parts.push(format!("map={param}"));
    }
    if parts.is_empty() {
        "?".to_owned()
    } else {
        format!("?{}", parts.join("&"))
    }
}

/// The address's parameters the map reads, which a page keeps when it
/// links to itself (the "as of" form).
pub const MAP_PARAMS: &[&str] = &["view", "region", "map"];

/// What of the address a page's map shows, for the key of a reused page
/// body holding it (`components::reused::reused_after`): the raw `view=`
/// and `region=`. `None` with a `map=` view: anyone's numbers, rendered
/// each time and never kept (as the map itself does).
pub fn map_part() -> Option<String> {
    use_query_map().with_untracked(|q| {
        q.get("map")
            .is_none()
            .then(|| format!("map/{:?}/{:?}", q.get("view"), q.get("region")))
    })
}

/// The map as a page shows it: mode, region and view come from the address
/// (`?view=progress&region=africa&map=…`), read on the server, so a reload,
/// back and forward, or a shared link show the same map; the map itself is
/// an island, which keeps the address up to date as people pan and zoom.
#[component]
pub fn WorldMap(
    data: MapData,
    /// A region the map is about (the region page): zoomed to when no `?region=` says otherwise.
    #[prop(optional)]
    home_region: Option<Region>,
) -> impl IntoView {
    let query = use_query_map();
    let (mode, url_region, url_view) = query.with_untracked(|q| {
        (
            MapMode::from_query(q.get("view").as_deref()),
            q.get("region").and_then(|s| Region::parse(&s).ok()),
            q.get("map")
                .filter(|m| m.len() <= 64)
                .and_then(|m| Viewport::from_param(&m, data.width, data.height)),
        )
    });
    // The island's HTML (props, shapes, legend) is the same for every page
    // showing this mode and region in this language on this day: rendered
    // once per data version and copied after (its props are part of the
    // key). A `map=` view is anyone's numbers, so it is rendered each time
    // rather than let junk addresses crowd the store.
    let past = data.past;
    let locale = page_locale();
    let island = move || {
        view! { <MapIsland data home_region mode url_region url_view locale /> }
    };
    let island = if url_view.is_none() {
        Either::Left(reused(
            move || format!("map/{mode:?}/{url_region:?}/{home_region:?}/{past}"),
            island,
        ))
    } else {
        Either::Right(island())
    };
    // Hydrated when it comes near the viewport (`island_loader.js`): below
    // the fold on phones, it should not hold up the countdowns above it.
    view! { <div class="map-host" data-hydrate="visible">{island}</div> }
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
    /// The address's `map=` (zoom and offsets), which wins over a region;
    /// parsed on the server, so no float parsing ships in the wasm.
    url_view: Option<Viewport>,
    locale: Locale,
) -> impl IntoView {
    let i18n = island_i18n(locale);
    let ready = interactive();
    let (width, height) = (data.width, data.height);
    let viewport_ref = NodeRef::<leptos::html::Div>::new();
    let start = url_view
        .or_else(|| {
            url_region.or(home_region).and_then(|r| {
                data.region_bounds
                    .iter()
                    .find(|(x, _)| *x == r)
                    .map(|(_, bbox)| Viewport::fit(*bbox, width, height))
            })
        })
        .unwrap_or(Viewport::IDENTITY);
    let viewport = RwSignal::new(start);
    #[cfg(feature = "hydrate")]
    tools::keep_view_in_address(viewport, viewport_ref, width, height);

    // The country shapes: rendered here on the server; in the browser the
    // island hydrates around them and never renders them again.
    #[cfg(feature = "ssr")]
    let markup = {
        let language =
            summit::Language::parse(locale.as_str()).unwrap_or(summit::Language::DEFAULT);
        // A copy of the shared markup (a memcpy, ~10 µs): the view takes a String.
        crate::services::views::map_markup(language, &data.countries, data.past)
            .map(|markup| markup.as_ref().clone())
            .unwrap_or_default()
    };
    #[cfg(not(feature = "ssr"))]
    let markup = String::new();

    let countries = StoredValue::new(data.countries.clone());
    let everyday_names = StoredValue::new(data.everyday_names.clone());
    let card = RwSignal::new(None::<Card>);
    let svg_ref = NodeRef::<leptos::svg::Svg>::new();

    #[cfg(feature = "hydrate")]
    let handlers = browser::Handlers::new(viewport, card, viewport_ref, width, height);
    // A phone opens on the part of the world the regions cover, larger than
    // the whole world would be (unless the address or a region says where).
    #[cfg(feature = "hydrate")]
    if url_view.is_none() && url_region.or(home_region).is_none() {
        Effect::new(move |_| {
            if viewport_ref.get().is_some() {
                viewport.set(handlers.home_view());
            }
        });
    }

    let transform = move || viewport.get().to_transform();
    let zoom_by = move |factor: f64| {
        viewport.update(|v| *v = v.zoom_at(factor, width / 2.0, height / 2.0, width, height))
    };

    view! {
     <div data-ready=move || ready.get().then_some("true") class=format!("world-map {}", mode.class())>
         <div class="map-toolbar">
             <nav class="map-modes" aria-label=move || t_string!(i18n, map.mode_label).to_string()>
                 <a
                     href=move || map_query(MapMode::Regions, url_region, Some(viewport.get()))
                     aria-current=move || (mode == MapMode::Regions).then_some("true")
                 >
                     {move || t_string!(i18n, map.mode_regions)}
                 </a>
                 <a
                     href=move || map_query(MapMode::Progress, url_region, Some(viewport.get()))
                     aria-current=move || (mode == MapMode::Progress).then_some("true")
                 >
                     {move || t_string!(i18n, map.mode_progress)}
                 </a>
                 <a
                     href=move || map_query(MapMode::Deadlines, url_region, Some(viewport.get()))
                     aria-current=move || (mode == MapMode::Deadlines).then_some("true")
                 >
                     {move || t_string!(i18n, map.mode_deadlines)}
                 </a>
             </nav>
             <CountrySearch countries everyday_names viewport card viewport_ref width height />
             <div class="map-zoom-buttons needs-js" role="group" aria-label=move || t_string!(i18n, map.zoom_label).to_string()>
                 <button type="button" on:click=move |_| zoom_by(1.5) aria-label=move || t_string!(i18n, map.zoom_in).to_string()>"+"</button>
                 <button type="button" on:click=move |_| zoom_by(1.0 / 1.5) aria-label=move || t_string!(i18n, map.zoom_out).to_string()>"−"</button>
                 <button type="button" on:click=move |_| {
                     #[cfg(feature = "hydrate")]
                     viewport.set(handlers.home_view());
                 } aria-label=move || t_string!(i18n, map.zoom_reset).to_string()>"⟲"</button>
                 <button
                     type="button"
                     class="map-download"
                     on:click=move |_| {
                         #[cfg(feature = "hydrate")]
                         tools::download_svg(svg_ref, width, height, mode);
                     }
                 >
                     {move || t_string!(i18n, map.download)}
                 </button>
             </div>
             <a class="map-list-link" href="#country-list">{move || t_string!(i18n, map.show_list)}</a>
         </div>
         // The stage holds the map and its card: beside the point on a wide
         // screen, under the map on a phone (`touch::place_card`).
         <div class="map-stage">
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
                 <defs inner_html=DUE_PATTERNS></defs>
                 <rect class="map-ocean" width=width height=height></rect>
                 <g class="map-zoom" transform=transform>
                     <g class="countries" inner_html=markup></g>
                 </g>
             </svg>
         </div>
         {move || card.get().map(|c| view! { <MapCard card=c countries /> })}
         </div>
         <p id="map-help" class="map-help needs-js">{move || t_string!(i18n, map.help)}</p>
         <Legend countries mode url_region />
     </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_query_keeps_the_other_parameter() {
        assert_eq!(map_query(MapMode::Regions, None, None), "?");
        assert_eq!(map_query(MapMode::Progress, None, None), "?view=progress");
        assert_eq!(map_query(MapMode::Deadlines, None, None), "?view=deadlines");
        for mode in MapMode::ALL {
            let query = map_query(mode, None, None);
            let view = query.strip_prefix("?view=");
            assert_eq!(MapMode::from_query(view), mode, "{query}");
        }
        assert_eq!(MapMode::from_query(Some("")), MapMode::Regions);
        assert_eq!(MapMode::from_query(Some("colours")), MapMode::Regions);
        assert_eq!(
            map_query(
                MapMode::Regions,
                None,
                Some(Viewport {
                    k: 2.0,
                    tx: -10.0,
                    ty: -5.0
                })
            ),
            "?map=2.00,-10.0,-5.0"
        );
        assert_eq!(
            map_query(
                MapMode::Progress,
                Some(Region::Africa),
                Some(Viewport::IDENTITY)
            ),
            "?view=progress&region=africa"
        );
    }
}
