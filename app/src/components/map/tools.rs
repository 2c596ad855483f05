//! What the map's controls do in the browser beyond gestures: zoom to the
//! country a search found, keep the view in the address, save the map as an
//! SVG file, and decompose text for the search.

use super::touch::home_view_for;
use super::{Card, MapMode, DUE_PATTERNS};
use leptos::prelude::*;
use summit::map::{BBox, Viewport};
use wasm_bindgen::JsCast;

/// Zooms to a country and moves keyboard focus to it (which shows its card).
pub fn zoom_to_country(
    iso3: &str,
    viewport: RwSignal<Viewport>,
    _card: RwSignal<Option<Card>>,
    _node: NodeRef<leptos::html::Div>,
    width: f64,
    height: f64,
) {
    let Some(element) = document()
        .query_selector(&format!(".map-svg [data-iso3=\"{iso3}\"]"))
        .ok()
        .flatten()
    else {
        return;
    };
    if let Some(graphic) = element.dyn_ref::<web_sys::SvgGraphicsElement>() {
        if let Ok(b) = graphic.get_b_box() {
            let (x, y) = (f64::from(b.x()), f64::from(b.y()));
            let (w, h) = (
                f64::from(b.width()).max(8.0),
                f64::from(b.height()).max(8.0),
            );
            let bbox = BBox::new(x, y, x + w, y + h);
            // Small countries: show their neighbourhood, not a single blob.
            let view = Viewport::fit(bbox, width, height);
            viewport.set(
                Viewport {
                    k: view.k.min(8.0),
                    ..view
                }
                .clamped(width, height),
            );
            if view.k > 8.0 {
                let (cx, cy) = bbox.center();
                let k = 8.0;
                viewport.set(
                    Viewport {
                        k,
                        tx: width / 2.0 - cx * k,
                        ty: height / 2.0 - cy * k,
                    }
                    .clamped(width, height),
                );
            }
        }
    }
    if let Some(svg) = element.dyn_ref::<web_sys::SvgElement>() {
        // After the transform is applied, so the card lands on the country.
        let svg = svg.clone();
        request_animation_frame(move || {
            let _ = svg.focus();
        });
    }
}

/// Keeps the address's `map=` in step with the view (`history.replaceState`,
/// a moment after the last move), so reloading, going back and forward, and
/// sharing the link all show the same map. The view the map opens on needs
/// no `map=`.
pub fn keep_view_in_address(
    viewport: RwSignal<Viewport>,
    node: NodeRef<leptos::html::Div>,
    width: f64,
    height: f64,
) {
    let pending = StoredValue::new_local(None::<gloo_timers::callback::Timeout>);
    Effect::new(move |first: Option<()>| {
        let view = viewport.get();
        if first.is_none() {
            return;
        }
        let timeout = gloo_timers::callback::Timeout::new(250, move || {
            let Ok(href) = window().location().href() else {
                return;
            };
            let Ok(url) = web_sys::Url::new(&href) else {
                return;
            };
            let home = node
                .get_untracked()
                .map_or(Viewport::IDENTITY, |n| home_view_for(&n, width, height));
            // The view the map opens on needs nothing; the whole world,
            // when that is not it (a phone), is written out.
            let param = if view == home {
                String::new()
            } else if view == Viewport::IDENTITY {
                "1.00,0.0,0.0".to_owned()
            } else {
                view.to_param()
            };
            if param.is_empty() {
                url.search_params().delete("map");
            } else {
                url.search_params().set("map", &param);
            }
            if let Ok(history) = window().history() {
                let state = history.state().unwrap_or(wasm_bindgen::JsValue::NULL);
                let _ = history.replace_state_with_url(&state, "", Some(&url.href()));
            }
        });
        // Replacing the old timeout cancels it.
        pending.set_value(Some(timeout));
    });
}

/// Colours for the downloaded file, which carries no stylesheet of its own.
const DOWNLOAD_CSS: &str = "\
.map-ocean{fill:#eaf2f8}.country path,.country circle{stroke:#fff;stroke-width:.4}\
.view-regions .region-africa{fill:#e69f00}.view-regions .region-arab-states{fill:#009e73}\
.view-regions .region-asia-pacific{fill:#0072b2}.view-regions .region-europe-central-asia{fill:#cc79a7}\
.view-regions .region-latin-america-caribbean{fill:#d55e00}.no-unct{fill:#c9d1d9}\
.view-progress .band-none{fill:#b8c2cc}.view-progress .band-0{fill:#deebf7}\
.view-progress .band-1{fill:#9ecae1}.view-progress .band-2{fill:#4292c6}\
.view-progress .band-3{fill:#08519c}.view-progress .no-unct{fill:#e6e9ec}.disputed{fill:#d9d9d9}\
.view-deadlines .country{fill:#b8c2cc}.view-deadlines .deadline-on-track{fill:#4393c3}\
.view-deadlines .deadline-due-soon{fill:url(#due-fill-soon)}.view-deadlines .deadline-overdue{fill:url(#due-fill-overdue)}\
.view-deadlines .deadline-completed{fill:url(#due-fill-done)}.view-deadlines .no-unct{fill:#e6e9ec}";

/// Saves the current view of the map as a standalone SVG file.
pub fn download_svg(svg_ref: NodeRef<leptos::svg::Svg>, width: f64, height: f64, mode: MapMode) {
    let Some(svg) = svg_ref.get_untracked() else {
        return;
    };
    let Some(group) = svg.query_selector(".map-zoom").ok().flatten() else {
        return;
    };
    let class = mode.class();
    let file = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" class="{class}"><style>{DOWNLOAD_CSS}</style><defs>{DUE_PATTERNS}</defs><rect class="map-ocean" width="{width}" height="{height}"/>{}</svg>"#,
        group.outer_html()
    );
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(&file));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("image/svg+xml");
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    if let Ok(link) = document()
        .create_element("a")
        .map(|a| a.unchecked_into::<web_sys::HtmlAnchorElement>())
    {
        link.set_href(&url);
        link.set_download("social-summit-map.svg");
        link.click();
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}

/// Unicode canonical decomposition (NFD), using the browser's own tables.
pub fn decompose(text: &str) -> String {
    js_sys::JsString::from(text).normalize("NFD").into()
}
