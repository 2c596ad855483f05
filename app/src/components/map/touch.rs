//! Where things are on a phone's or a desktop's map (browser only): the
//! view it opens on, how its units sit in the viewport, what a tap touched,
//! and where the card goes.

use leptos::prelude::*;
use summit::map::Viewport;
use wasm_bindgen::JsCast;

/// The smallest target a finger is given, in CSS pixels (WCAG 2.5.8).
pub const TARGET: f64 = 24.0;
/// The screens on which the map is a phone's: taller than the world's shape
/// (the same query in style/map.css), opening zoomed on the regions, its
/// card under the map rather than over it.
const PHONE_QUERY: &str = "(max-width: 39.99rem)";
/// A phone's opening view: this much larger than the whole world, centred
/// where the regions' countries lie (east of the map's middle: Mexico's
/// west coast to Papua New Guinea), so all five show.
const PHONE_ZOOM: f64 = 1.45;
const PHONE_CENTRE_X: f64 = 0.55;
/// How far from a tap (CSS pixels) a fingertip reaches: the rings of points
/// looked at around it, and the most countries a card offers beside the one
/// tapped.
const FINGER_RINGS: [f64; 2] = [6.0, 11.0];
const NEARBY_SHOWN: usize = 5;
/// Every country of the map, with its box on screen.
pub fn countries_on_screen() -> Vec<(web_sys::Element, web_sys::DomRect)> {
    let Ok(list) = document().query_selector_all(".map-svg [data-iso3]") else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i)?.dyn_into::<web_sys::Element>().ok())
        .map(|el| {
            let rect = el.get_bounding_client_rect();
            (el, rect)
        })
        .collect()
}

pub fn centre_of(el: &web_sys::Element) -> (f64, f64) {
    let r = el.get_bounding_client_rect();
    (r.left() + r.width() / 2.0, r.top() + r.height() / 2.0)
}

/// The box, scale and letterbox offsets of a map viewport `node` showing a
/// `width` × `height` map (`meet`: the whole map, centred).
pub fn fit_of(
    node: &web_sys::Element,
    width: f64,
    height: f64,
) -> Option<(web_sys::DomRect, f64, f64, f64)> {
    let rect = node.get_bounding_client_rect();
    if rect.width() <= 0.0 || rect.height() <= 0.0 {
        return None;
    }
    let scale = (rect.width() / width).min(rect.height() / height);
    let ox = (rect.width() - width * scale) / 2.0;
    let oy = (rect.height() - height * scale) / 2.0;
    Some((rect, scale, ox, oy))
}

/// Whether the map is a phone's (see [`PHONE_QUERY`]).
pub fn on_a_phone() -> bool {
    window()
        .match_media(PHONE_QUERY)
        .ok()
        .flatten()
        .is_some_and(|query| query.matches())
}

/// The view a map viewport `node` opens on: the whole world, or on a phone
/// the regions, [`PHONE_ZOOM`] times larger.
pub fn home_view_for(node: &web_sys::Element, width: f64, height: f64) -> Viewport {
    if !on_a_phone() || node.get_bounding_client_rect().width() <= 0.0 {
        return Viewport::IDENTITY;
    }
    Viewport {
        k: PHONE_ZOOM,
        tx: width / 2.0 - width * PHONE_CENTRE_X * PHONE_ZOOM,
        ty: height / 2.0 - height / 2.0 * PHONE_ZOOM,
    }
    .clamped(width, height)
}

/// The country drawn at a point of the screen, looking through the card.
pub fn shape_at((x, y): (f64, f64)) -> Option<web_sys::Element> {
    document()
        .elements_from_point(x as f32, y as f32)
        .iter()
        .filter_map(|node| node.dyn_into::<web_sys::Element>().ok())
        .find_map(|el| el.closest(".map-svg [data-iso3]").ok().flatten())
}

/// What a tap at `point` touched, `under` being the shape right under it:
/// that country first. When it is a comfortable target itself (at least
/// [`TARGET`] each way: the finger meant it), the others are only countries
/// drawn smaller than `TARGET` whose target (their box grown to `TARGET`
/// around its centre) holds the tap — a tiny state beside a large one stays
/// reachable. Otherwise the others are also the shapes under the rings of
/// points around the tap: everything the fingertip covers, nearest first.
/// On sea, the one country touched, or none and the list to choose from.
pub fn touched_countries(
    (x, y): (f64, f64),
    under: Option<web_sys::Element>,
) -> (Option<web_sys::Element>, Vec<web_sys::Element>) {
    let comfortable = |r: &web_sys::DomRect| r.width() >= TARGET && r.height() >= TARGET;
    let meant = under
        .as_ref()
        .is_some_and(|el| comfortable(&el.get_bounding_client_rect()));
    let mut near: Vec<(web_sys::Element, f64)> = Vec::new();
    let mut add =
        |el: web_sys::Element, distance: f64| match near.iter_mut().find(|(known, _)| *known == el)
        {
            Some((_, d)) => *d = d.min(distance),
            None => near.push((el, distance)),
        };
    if !meant {
        for radius in FINGER_RINGS {
            for step in 0..8 {
                let angle = f64::from(step) * std::f64::consts::FRAC_PI_4;
                let (dx, dy) = (radius * angle.cos(), radius * angle.sin());
                if let Some(el) = shape_at((x + dx, y + dy)) {
                    add(el, radius);
                }
            }
        }
    }
    for (el, r) in countries_on_screen() {
        if comfortable(&r) {
            continue;
        }
        let (cx, cy) = (r.left() + r.width() / 2.0, r.top() + r.height() / 2.0);
        let (hw, hh) = (r.width().max(TARGET) / 2.0, r.height().max(TARGET) / 2.0);
        if (x - cx).abs() <= hw && (y - cy).abs() <= hh {
            add(el, (x - cx).hypot(y - cy));
        }
    }
    if let Some(el) = &under {
        near.retain(|(known, _)| known != el);
    }
    near.sort_by(|a, b| a.1.total_cmp(&b.1));
    let mut near: Vec<web_sys::Element> = near.into_iter().map(|(el, _)| el).collect();
    near.truncate(NEARBY_SHOWN);
    match under {
        Some(el) => (Some(el), near),
        None if near.len() == 1 => (near.pop(), Vec::new()),
        None => (None, near),
    }
}

/// Places a map card. On a phone it lies under the map, never over what was
/// tapped. Elsewhere it stays inside the map: above its point, or below it
/// when there is no room above, shifted sideways to stay within the edges,
/// and as a last resort laid over the point with its height limited to the
/// map's.
pub fn place_card(card: &web_sys::HtmlElement, x: f64, y: f64) {
    let Some(stage) = card.parent_element() else {
        return;
    };
    let style = card.style();
    if on_a_phone() {
        let _ = style.remove_property("left");
        let _ = style.remove_property("top");
        let _ = card.set_attribute("data-docked", "true");
        let _ = card.set_attribute("data-placed", "true");
        return;
    }
    let _ = card.remove_attribute("data-docked");
    let (map_w, map_h) = (
        f64::from(stage.client_width()),
        f64::from(stage.client_height()),
    );
    let _ = style.set_property(
        "max-block-size",
        &format!("{:.0}px", (map_h - 8.0).max(40.0)),
    );
    let _ = style.set_property("transform", "none");
    let (w, h) = (
        f64::from(card.offset_width()),
        f64::from(card.offset_height()),
    );
    let gap = 12.0;
    let left = (x - w / 2.0).clamp(4.0, (map_w - w - 4.0).max(4.0));
    let top = if y - gap - h >= 4.0 {
        y - gap - h
    } else if y + gap + h <= map_h - 4.0 {
        y + gap
    } else {
        (y - h / 2.0).clamp(4.0, (map_h - h - 4.0).max(4.0))
    };
    let _ = style.set_property("left", &format!("{left:.1}px"));
    let _ = style.set_property("top", &format!("{top:.1}px"));
    let _ = card.set_attribute("data-placed", "true");
}

/// Marks the country a card is about on the map (`is-selected`), and only
/// that one; `None` clears the mark.
pub fn mark_selected(iso3: Option<&str>) {
    if let Ok(marked) = document().query_selector_all(".map-svg .is-selected") {
        for i in 0..marked.length() {
            if let Some(el) = marked
                .item(i)
                .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
            {
                let _ = el.class_list().remove_1("is-selected");
            }
        }
    }
    let selector = iso3.map(|code| format!(".map-svg [data-iso3=\"{code}\"]"));
    if let Some(el) = selector.and_then(|s| document().query_selector(&s).ok().flatten()) {
        let _ = el.class_list().add_1("is-selected");
    }
}
