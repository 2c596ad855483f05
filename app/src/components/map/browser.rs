//! Browser-only behaviour of the map: gestures, keyboard, search focus, the
//! SVG download, and fetching markup for maps the server did not render.

use super::touch::{
    centre_of, countries_on_screen, fit_of, home_view_for, shape_at, touched_countries,
};
use super::Card;
use leptos::prelude::*;
use summit::map::Viewport;
use wasm_bindgen::JsCast;

/// Map units moved by one arrow key press.
const KEY_PAN: f64 = 50.0;
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
    /// Where the last touch was lifted: Chromium moves a tap's click onto the
    /// nearest link ("touch adjustment"), which on a map of small countries
    /// is often the neighbour; the finger's own point is the pointer event's.
    lifted_at: Option<(f64, f64)>,
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

    /// How the map's units sit in the viewport: its box on screen, pixels
    /// per unit, and the offsets of the letterbox (on a phone the viewport is
    /// taller than the world, which is centred in it: `meet`).
    fn fit(&self) -> Option<(web_sys::DomRect, f64, f64, f64)> {
        fit_of(&self.node.get_untracked()?.into(), self.width, self.height)
    }

    /// Client pixels → the map's view coordinates, and pixels within the viewport.
    fn locate(&self, client_x: f64, client_y: f64) -> Option<((f64, f64), (f64, f64))> {
        let (rect, scale, ox, oy) = self.fit()?;
        let (px, py) = (client_x - rect.left(), client_y - rect.top());
        Some((((px - ox) / scale, (py - oy) / scale), (px, py)))
    }

    /// View units per screen pixel.
    fn units_per_pixel(&self) -> f64 {
        self.fit().map_or(1.0, |(_, scale, _, _)| 1.0 / scale)
    }

    /// The view the map opens on and returns to (reset, Escape): the whole
    /// world, or on a phone the regions, larger.
    pub fn home_view(&self) -> Viewport {
        self.node
            .get_untracked()
            .map_or(Viewport::IDENTITY, |node| {
                home_view_for(&node, self.width, self.height)
            })
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
                self.viewport.set(self.home_view());
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
            .with_untracked(|c| c.as_ref().and_then(|c| c.iso3.clone()));
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
        let lifted = (ev.pointer_type() == "touch")
            .then(|| (f64::from(ev.client_x()), f64::from(ev.client_y())));
        self.gesture.update_value(|g| {
            g.pointers.retain(|p| p.0 != id);
            g.lifted_at = lifted;
        });
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
        let (moved, pressed_type, card_at_press, lifted_at) = self.gesture.with_value(|g| {
            (
                g.moved,
                g.pointer_type.clone(),
                g.card_at_press.clone(),
                g.lifted_at,
            )
        });
        // Chromium's click is a PointerEvent that knows its own pointer type;
        // a click from the keyboard (Enter on a focused country) has no
        // pointer and no press count, and is never a tap, whatever the last
        // press was.
        let from_keyboard = ev.detail() == 0;
        let touched = !from_keyboard
            && ev
                .dyn_ref::<web_sys::PointerEvent>()
                .map(|p| p.pointer_type())
                .filter(|t| !t.is_empty())
                .unwrap_or_else(|| pressed_type.clone())
                == "touch";
        // What this press told is used once.
        self.gesture.update_value(|g| {
            g.lifted_at = None;
            g.pointer_type.clear();
        });
        let clicked_at = (f64::from(ev.client_x()), f64::from(ev.client_y()));
        if !touched {
            // A mouse click on a country follows its link, unless it ends a drag.
            if !from_keyboard && moved > DRAG_THRESHOLD && country_of(ev.target()).is_some() {
                ev.prevent_default();
            }
            return;
        }
        if moved > DRAG_THRESHOLD {
            ev.prevent_default();
            return;
        }
        // A tap never follows the link under the finger by itself: it shows
        // what the fingertip covered; a second tap on the same country, or
        // the card's link, opens it.
        ev.prevent_default();
        let point = lifted_at.unwrap_or(clicked_at);
        let (country, nearby) = touched_countries(point, shape_at(point));
        let iso3 = |el: &web_sys::Element| el.get_attribute("data-iso3").unwrap_or_default();
        let Some((_, (px, py))) = self.locate(point.0, point.1) else {
            return;
        };
        match country {
            Some(country) if card_at_press.as_deref() == Some(iso3(&country).as_str()) => {
                if let Some(href) = country.get_attribute("href") {
                    let _ = window().location().assign(&href);
                }
            }
            Some(country) => self.card.set(Some(Card {
                iso3: Some(iso3(&country)),
                nearby: nearby.iter().map(iso3).collect(),
                x: px,
                y: py,
            })),
            None if !nearby.is_empty() => self.card.set(Some(Card {
                iso3: None,
                nearby: nearby.iter().map(iso3).collect(),
                x: px,
                y: py,
            })),
            None => self.card.set(None),
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
            self.card.set(Some(Card::of(iso3, px, py)));
        }
    }

    fn hover(&self, ev: &leptos::ev::PointerEvent, x: f64, y: f64) {
        match country_of(ev.target()) {
            Some(country) => {
                if let Some((_, (px, py))) = self.locate(x, y) {
                    let iso3 = country.get_attribute("data-iso3").unwrap_or_default();
                    self.card.set(Some(Card::of(iso3, px, py)));
                }
            }
            None => self.card.set(None),
        }
    }
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

/// The country element (`[data-iso3]`) an event happened in, if any.
fn country_of(target: Option<web_sys::EventTarget>) -> Option<web_sys::Element> {
    target?
        .dyn_into::<web_sys::Element>()
        .ok()?
        .closest("[data-iso3]")
        .ok()
        .flatten()
}
