//! Browser-only behaviour of the map: gestures, keyboard, search focus, the
//! SVG download, and fetching markup for maps the server did not render.

use super::{Card, MapMode};
use leptos::prelude::*;
use summit::map::{BBox, Viewport};
use wasm_bindgen::JsCast;

/// Map units moved by one arrow key press.
const KEY_PAN: f64 = 50.0;
/// The smallest target a finger is given, in CSS pixels (WCAG 2.5.8).
const TARGET: f64 = 24.0;
/// Pixels a pointer may move before a press counts as a drag, not a click.
const DRAG_THRESHOLD: f64 = 5.0;

#[derive(Default)]
struct Gesture {
    pointers: Vec<(i32, f64, f64)>,
    moved: f64,
    pointer_type: String,
    /// The country whose card showed when this press began: a tap focuses the
    /// country (showing its card) before the click, so the click must not ask
    /// whether the card shows now.
    card_at_press: Option<String>,
}

/// Event handlers sharing the map's state; `Copy`, so each `on:` closure gets one.
#[derive(Clone, Copy)]
pub struct Handlers {
    viewport: RwSignal<Viewport>,
    card: RwSignal<Option<Card>>,
    node: NodeRef<leptos::html::Div>,
    width: f64,
    height: f64,
    gesture: StoredValue<Gesture>,
}

impl Handlers {
    pub fn new(
        viewport: RwSignal<Viewport>,
        card: RwSignal<Option<Card>>,
        node: NodeRef<leptos::html::Div>,
        width: f64,
        height: f64,
    ) -> Self {
        Handlers {
            viewport,
            card,
            node,
            width,
            height,
            gesture: StoredValue::new(Gesture::default()),
        }
    }

    /// Client pixels → the map's view coordinates, and pixels within the viewport.
    fn locate(&self, client_x: f64, client_y: f64) -> Option<((f64, f64), (f64, f64))> {
        let rect = self.node.get_untracked()?.get_bounding_client_rect();
        if rect.width() <= 0.0 || rect.height() <= 0.0 {
            return None;
        }
        let (px, py) = (client_x - rect.left(), client_y - rect.top());
        Some((
            (
                px / rect.width() * self.width,
                py / rect.height() * self.height,
            ),
            (px, py),
        ))
    }

    /// View units per screen pixel.
    fn units_per_pixel(&self) -> f64 {
        self.node
            .get_untracked()
            .map(|n| n.get_bounding_client_rect().width())
            .filter(|w| *w > 0.0)
            .map_or(1.0, |w| self.width / w)
    }

    fn update(&self, change: impl FnOnce(Viewport, f64, f64) -> Viewport) {
        let (w, h) = (self.width, self.height);
        self.viewport.update(|v| *v = change(*v, w, h));
    }

    pub fn keydown(&self, ev: leptos::ev::KeyboardEvent) {
        let on_map = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .is_some_and(|el| el.closest(".map-viewport").ok().flatten().is_some());
        if !on_map {
            return;
        }
        let key = ev.key();
        if let Some(country) = country_of(ev.target()) {
            // A country has focus: arrows move to the nearest country that way.
            let direction = match key.as_str() {
                "ArrowLeft" => Some((-1.0, 0.0)),
                "ArrowRight" => Some((1.0, 0.0)),
                "ArrowUp" => Some((0.0, -1.0)),
                "ArrowDown" => Some((0.0, 1.0)),
                _ => None,
            };
            if let Some(direction) = direction {
                ev.prevent_default();
                if let Some(next) = neighbour(&country, direction) {
                    self.focus_country(&next);
                }
                return;
            }
            if key == "Escape" {
                ev.prevent_default();
                self.card.set(None);
                if let Some(node) = self.node.get_untracked() {
                    let _ = node.focus();
                }
                return;
            }
        } else if key == "Enter" || key == " " {
            // On the map itself: pick the country nearest its centre.
            ev.prevent_default();
            if let Some(node) = self.node.get_untracked() {
                let rect = node.get_bounding_client_rect();
                let centre = (
                    rect.left() + rect.width() / 2.0,
                    rect.top() + rect.height() / 2.0,
                );
                if let Some(country) = nearest_to(centre) {
                    self.focus_country(&country);
                }
            }
            return;
        }
        let handled = match key.as_str() {
            "ArrowLeft" => {
                self.update(|v, w, h| v.pan(KEY_PAN, 0.0, w, h));
                true
            }
            "ArrowRight" => {
                self.update(|v, w, h| v.pan(-KEY_PAN, 0.0, w, h));
                true
            }
            "ArrowUp" => {
                self.update(|v, w, h| v.pan(0.0, KEY_PAN, w, h));
                true
            }
            "ArrowDown" => {
                self.update(|v, w, h| v.pan(0.0, -KEY_PAN, w, h));
                true
            }
            "+" | "=" => {
                self.update(|v, w, h| v.zoom_at(1.5, w / 2.0, h / 2.0, w, h));
                true
            }
            "-" | "_" => {
                self.update(|v, w, h| v.zoom_at(1.0 / 1.5, w / 2.0, h / 2.0, w, h));
                true
            }
            "Escape" => {
                self.viewport.set(Viewport::IDENTITY);
                self.card.set(None);
                true
            }
            _ => false,
        };
        if handled {
            ev.prevent_default();
        }
    }

    /// Moves keyboard focus to a country (which shows its card), panning the
    /// map first when the country is out of view.
    fn focus_country(&self, country: &web_sys::Element) {
        if let Some(node) = self.node.get_untracked() {
            let view = node.get_bounding_client_rect();
            let (cx, cy) = centre_of(country);
            let margin = 16.0;
            let outside = cx < view.left() + margin
                || cx > view.right() - margin
                || cy < view.top() + margin
                || cy > view.bottom() - margin;
            if outside {
                let unit = self.units_per_pixel();
                let dx = view.left() + view.width() / 2.0 - cx;
                let dy = view.top() + view.height() / 2.0 - cy;
                self.update(|v, w, h| v.pan(dx * unit, dy * unit, w, h));
            }
        }
        if let Some(svg) = country.dyn_ref::<web_sys::SvgElement>() {
            // After the new transform is drawn, so the card lands on it.
            let svg = svg.clone();
            request_animation_frame(move || {
                let _ = svg.focus();
            });
        }
    }

    pub fn wheel(&self, ev: leptos::ev::WheelEvent) {
        let Some(((x, y), _)) = self.locate(ev.client_x().into(), ev.client_y().into()) else {
            return;
        };
        ev.prevent_default();
        let factor = (-ev.delta_y() * 0.002).exp();
        self.update(|v, w, h| v.zoom_at(factor, x, y, w, h));
    }

    pub fn pointer_down(&self, ev: leptos::ev::PointerEvent) {
        let (x, y) = (f64::from(ev.client_x()), f64::from(ev.client_y()));
        let card_now = self
            .card
            .with_untracked(|c| c.as_ref().map(|c| c.iso3.clone()));
        self.gesture.update_value(|g| {
            if g.pointers.is_empty() {
                g.moved = 0.0;
                g.card_at_press = card_now;
            }
            g.pointer_type = ev.pointer_type();
            g.pointers.retain(|p| p.0 != ev.pointer_id());
            g.pointers.push((ev.pointer_id(), x, y));
        });
    }

    pub fn pointer_move(&self, ev: leptos::ev::PointerEvent) {
        let (x, y) = (f64::from(ev.client_x()), f64::from(ev.client_y()));
        let id = ev.pointer_id();
        let pressed = self.gesture.with_value(|g| g.pointers.clone());
        match pressed.as_slice() {
            [] if ev.pointer_type() == "mouse" => self.hover(&ev, x, y),
            [(only, x0, y0)] if *only == id => {
                let unit = self.units_per_pixel();
                let (dx, dy) = (x - x0, y - y0);
                self.update(|v, w, h| v.pan(dx * unit, dy * unit, w, h));
                let mut start_drag = false;
                self.gesture.update_value(|g| {
                    let before = g.moved;
                    g.moved += dx.hypot(dy);
                    start_drag = before <= DRAG_THRESHOLD && g.moved > DRAG_THRESHOLD;
                    g.pointers[0] = (id, x, y);
                });
                if start_drag {
                    if let Some(node) = self.node.get_untracked() {
                        let _ = node.set_pointer_capture(id);
                    }
                    self.card.set(None);
                }
            }
            [a, b] => {
                let (other, mine) = if a.0 == id { (b, a) } else { (a, b) };
                if mine.0 != id {
                    return;
                }
                let before = (mine.1 - other.1).hypot(mine.2 - other.2);
                let after = (x - other.1).hypot(y - other.2);
                if before > 0.0 {
                    if let Some(((mx, my), _)) =
                        self.locate((x + other.1) / 2.0, (y + other.2) / 2.0)
                    {
                        self.update(|v, w, h| v.zoom_at(after / before, mx, my, w, h));
                    }
                }
                self.gesture.update_value(|g| {
                    g.moved += DRAG_THRESHOLD + 1.0;
                    if let Some(p) = g.pointers.iter_mut().find(|p| p.0 == id) {
                        *p = (id, x, y);
                    }
                });
            }
            _ => {}
        }
    }

    pub fn pointer_up(&self, ev: leptos::ev::PointerEvent) {
        let id = ev.pointer_id();
        self.gesture
            .update_value(|g| g.pointers.retain(|p| p.0 != id));
        if let Some(node) = self.node.get_untracked() {
            if node.has_pointer_capture(id) {
                let _ = node.release_pointer_capture(id);
            }
        }
    }

    pub fn pointer_leave(&self, ev: leptos::ev::PointerEvent) {
        if ev.pointer_type() == "mouse" {
            self.card.set(None);
        }
    }

    /// A drag never follows a link; on touch, the first tap shows the card
    /// and the link in the card opens the country.
    pub fn click(&self, ev: leptos::ev::MouseEvent) {
        // The card's own link (and anything in the card) works as a link.
        let in_card = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|el| el.closest(".map-card").ok().flatten())
            .is_some();
        if in_card {
            return;
        }
        let (moved, pressed_type, card_at_press) = self
            .gesture
            .with_value(|g| (g.moved, g.pointer_type.clone(), g.card_at_press.clone()));
        // Chromium's click is a PointerEvent that knows its own pointer type.
        let touched = ev
            .dyn_ref::<web_sys::PointerEvent>()
            .map(|p| p.pointer_type())
            .filter(|t| !t.is_empty())
            .unwrap_or_else(|| pressed_type.clone())
            == "touch";
        // Most countries are smaller than a fingertip at the start: a tap
        // goes to the smallest country whose 24 px target it falls in,
        // unless the shape under the finger is a comfortable target itself.
        let point = (f64::from(ev.client_x()), f64::from(ev.client_y()));
        let country = if touched {
            // The shape under the finger, looking through the card (a tap
            // focuses the shape first, which shows its card under the finger,
            // and the click then lands on the card).
            let under = document()
                .elements_from_point(point.0 as f32, point.1 as f32)
                .iter()
                .filter_map(|node| node.dyn_into::<web_sys::Element>().ok())
                .find_map(|el| el.closest(".map-svg [data-iso3]").ok().flatten());
            touched_country(point, under.or_else(|| country_of(ev.target())))
        } else {
            country_of(ev.target())
        };
        let Some(country) = country else {
            if touched {
                self.card.set(None);
            }
            return;
        };
        if moved > DRAG_THRESHOLD {
            ev.prevent_default();
            return;
        }
        if touched {
            let iso3 = country.get_attribute("data-iso3").unwrap_or_default();
            if card_at_press.as_deref() != Some(iso3.as_str()) {
                ev.prevent_default();
                if let Some((_, (px, py))) = self.locate(point.0, point.1) {
                    self.card.set(Some(Card { iso3, x: px, y: py }));
                }
            } else if country_of(ev.target()).as_ref() != Some(&country) {
                // The second tap on a small country's target: open it, not
                // whatever larger shape lies under the finger.
                ev.prevent_default();
                if let Some(href) = country.get_attribute("href") {
                    let _ = window().location().assign(&href);
                }
            }
        }
    }

    pub fn focus_in(&self, ev: leptos::ev::FocusEvent) {
        let Some(country) = country_of(ev.target()) else {
            return;
        };
        let rect = country.get_bounding_client_rect();
        let centre = (
            rect.left() + rect.width() / 2.0,
            rect.top() + rect.height() / 2.0,
        );
        if let Some((_, (px, py))) = self.locate(centre.0, centre.1) {
            let iso3 = country.get_attribute("data-iso3").unwrap_or_default();
            self.card.set(Some(Card { iso3, x: px, y: py }));
        }
    }

    fn hover(&self, ev: &leptos::ev::PointerEvent, x: f64, y: f64) {
        match country_of(ev.target()) {
            Some(country) => {
                if let Some((_, (px, py))) = self.locate(x, y) {
                    let iso3 = country.get_attribute("data-iso3").unwrap_or_default();
                    self.card.set(Some(Card { iso3, x: px, y: py }));
                }
            }
            None => self.card.set(None),
        }
    }
}

/// Every country of the map, with its box on screen.
fn countries_on_screen() -> Vec<(web_sys::Element, web_sys::DomRect)> {
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

fn centre_of(el: &web_sys::Element) -> (f64, f64) {
    let r = el.get_bounding_client_rect();
    (r.left() + r.width() / 2.0, r.top() + r.height() / 2.0)
}

/// What a tap at `point` means, `hit` being the shape under the finger:
/// that shape when it is a comfortable target itself (at least [`TARGET`]
/// each way: the finger meant it, whatever tiny neighbour lies near);
/// otherwise the smallest country drawn smaller than [`TARGET`] whose target
/// (its box, grown to `TARGET` around its centre) holds the point, equally
/// small ones (the dots of small states) by the nearest centre.
fn touched_country((x, y): (f64, f64), hit: Option<web_sys::Element>) -> Option<web_sys::Element> {
    let comfortable = |r: &web_sys::DomRect| r.width() >= TARGET && r.height() >= TARGET;
    if let Some(el) = &hit {
        if comfortable(&el.get_bounding_client_rect()) {
            return hit;
        }
    }
    let key = |r: &web_sys::DomRect| {
        let (cx, cy) = (r.left() + r.width() / 2.0, r.top() + r.height() / 2.0);
        // Areas within 4 px² of each other count as the same size.
        (
            (r.width() * r.height() / 4.0).round(),
            (x - cx).hypot(y - cy),
        )
    };
    countries_on_screen()
        .into_iter()
        .filter(|(_, r)| !comfortable(r))
        .filter(|(_, r)| {
            let (cx, cy) = (r.left() + r.width() / 2.0, r.top() + r.height() / 2.0);
            let (hw, hh) = (r.width().max(TARGET) / 2.0, r.height().max(TARGET) / 2.0);
            (x - cx).abs() <= hw && (y - cy).abs() <= hh
        })
        .min_by(|(_, a), (_, b)| {
            let (ka, kb) = (key(a), key(b));
            ka.0.total_cmp(&kb.0).then(ka.1.total_cmp(&kb.1))
        })
        .map(|(el, _)| el)
        .or(hit)
}

/// The country whose centre is nearest `point` on screen.
fn nearest_to((x, y): (f64, f64)) -> Option<web_sys::Element> {
    countries_on_screen()
        .into_iter()
        .min_by(|(_, a), (_, b)| {
            let d = |r: &web_sys::DomRect| {
                (r.left() + r.width() / 2.0 - x).hypot(r.top() + r.height() / 2.0 - y)
            };
            d(a).total_cmp(&d(b))
        })
        .map(|(el, _)| el)
}

/// The nearest country from `from` in `direction` (a unit vector on
/// screen): within a cone of about 56° either side, the one closest ahead,
/// sideways distance counting double.
fn neighbour(from: &web_sys::Element, direction: (f64, f64)) -> Option<web_sys::Element> {
    let (x0, y0) = centre_of(from);
    let iso3 = from.get_attribute("data-iso3");
    countries_on_screen()
        .into_iter()
        .filter(|(el, _)| el.get_attribute("data-iso3") != iso3)
        .filter_map(|(el, r)| {
            let (dx, dy) = (
                r.left() + r.width() / 2.0 - x0,
                r.top() + r.height() / 2.0 - y0,
            );
            let ahead = dx * direction.0 + dy * direction.1;
            let aside = (dx * direction.1 - dy * direction.0).abs();
            (ahead > 0.5 && aside <= ahead * 1.5).then_some((el, ahead + 2.0 * aside))
        })
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(el, _)| el)
}

/// Keeps a map card inside the map: above its point, or below it when there
/// is no room above, shifted sideways to stay within the edges, and as a
/// last resort laid over the point with its height limited to the map's.
pub fn place_card(card: &web_sys::HtmlElement, x: f64, y: f64) {
    let Some(map) = card.parent_element() else {
        return;
    };
    let (map_w, map_h) = (
        f64::from(map.client_width()),
        f64::from(map.client_height()),
    );
    let style = card.style();
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

/// The country element (`[data-iso3]`) an event happened in, if any.
fn country_of(target: Option<web_sys::EventTarget>) -> Option<web_sys::Element> {
    target?
        .dyn_into::<web_sys::Element>()
        .ok()?
        .closest("[data-iso3]")
        .ok()
        .flatten()
}

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
/// sharing the link all show the same map.
pub fn keep_view_in_address(viewport: RwSignal<Viewport>) {
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
            let param = view.to_param();
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
.view-progress .band-3{fill:#08519c}.view-progress .no-unct{fill:#e6e9ec}.disputed{fill:#d9d9d9}";

/// Saves the current view of the map as a standalone SVG file.
pub fn download_svg(svg_ref: NodeRef<leptos::svg::Svg>, width: f64, height: f64, mode: MapMode) {
    let Some(svg) = svg_ref.get_untracked() else {
        return;
    };
    let Some(group) = svg.query_selector(".map-zoom").ok().flatten() else {
        return;
    };
    let class = match mode {
        MapMode::Regions => "view-regions",
        MapMode::Progress => "view-progress",
    };
    let file = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" class="{class}"><style>{DOWNLOAD_CSS}</style><rect class="map-ocean" width="{width}" height="{height}"/>{}</svg>"#,
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
