//! One ticking "now" per page for its countdowns.
//!
//! Starts at the instant the server rendered at (so hydration matches), then
//! follows the browser clock every second — every minute for people who ask
//! for reduced motion. While the tab is hidden (or the page prerendered and
//! not yet shown) nothing updates; when it is shown, or restored from the
//! back/forward cache, the clock catches up at once.

use jiff::Timestamp;
use leptos::prelude::*;

pub fn ticking_now(rendered_at: Timestamp) -> RwSignal<Timestamp> {
    let now = RwSignal::new(rendered_at);
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| browser::start(now));
    now
}

#[cfg(feature = "hydrate")]
mod browser {
    use super::*;
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;

    fn hidden() -> bool {
        document().hidden()
    }

    fn reduced_motion() -> bool {
        window()
            .match_media("(prefers-reduced-motion: reduce)")
            .ok()
            .flatten()
            .is_some_and(|m| m.matches())
    }

    /// The browser's clock. Not `Timestamp::now()`: its error path would
    /// link jiff's every error message into the wasm (~60 KB).
    fn browser_now() -> Timestamp {
        Timestamp::from_millisecond(js_sys::Date::now() as i64).unwrap_or(Timestamp::UNIX_EPOCH)
    }

    pub fn start(now: RwSignal<Timestamp>) {
        now.set(browser_now());
        let period = if reduced_motion() { 60_000 } else { 1_000 };
        let interval = gloo_timers::callback::Interval::new(period, move || {
            if !hidden() {
                now.set(browser_now());
            }
        });
        let on_visibility = Closure::<dyn Fn()>::new(move || {
            if !hidden() {
                now.set(browser_now());
            }
        });
        // A prerendered page (Speculation Rules) is hidden until shown:
        // on being shown, the clock jumps to now before the first frame.
        for event in ["visibilitychange", "prerenderingchange", "pageshow"] {
            let _ = document()
                .add_event_listener_with_callback(event, on_visibility.as_ref().unchecked_ref());
        }
        let held = send_wrapper::SendWrapper::new((interval, on_visibility));
        on_cleanup(move || {
            let (interval, listener) = held.take();
            for event in ["visibilitychange", "prerenderingchange", "pageshow"] {
                let _ = document()
                    .remove_event_listener_with_callback(event, listener.as_ref().unchecked_ref());
            }
            drop(interval);
        });
    }
}
