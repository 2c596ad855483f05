//! A live counter of the time elapsed since an instant.
//!
//! The server renders the value at `rendered_at`; the browser's first render
//! uses the same instant (so hydration matches), then ticks every second with
//! gloo-timers. `role="timer"` keeps screen readers from announcing each tick.

use crate::i18n::*;
use jiff::Timestamp;
use leptos::prelude::*;
use summit::Breakdown;

#[component]
pub fn Elapsed(since: Timestamp, rendered_at: Timestamp) -> impl IntoView {
    let i18n = use_i18n();
    let now = RwSignal::new(rendered_at);
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        now.set(Timestamp::now());
        let interval =
            gloo_timers::callback::Interval::new(1_000, move || now.set(Timestamp::now()));
        let interval = send_wrapper::SendWrapper::new(interval);
        on_cleanup(move || drop(interval));
    });
    let elapsed =
        Memo::new(move |_| Breakdown::from_seconds(now.get().as_second() - since.as_second()));
    view! {
        <p class="counter" role="timer" data-testid="elapsed">
            <span class="counter-unit">
                {t!(i18n, units.days, count = move || elapsed.get().days)}
            </span>
            <span class="counter-unit">
                {t!(i18n, units.hours, count = move || elapsed.get().hours)}
            </span>
            <span class="counter-unit">
                {t!(i18n, units.minutes, count = move || elapsed.get().minutes)}
            </span>
            <span class="counter-unit">
                {t!(i18n, units.seconds, count = move || elapsed.get().seconds)}
            </span>
        </p>
    }
}
