//! A milestone's countdown: time to its start, "in progress" with time left,
//! or time elapsed since — with its dates in its own zone and, once the
//! WebAssembly runs, in the viewer's zone.
//!
//! The ticking digits are hidden from screen readers; a polite live region
//! carries the same value, updated at most once a minute.

use crate::components::clock::ticking_now;
use crate::components::island::{island_i18n, page_locale};
use crate::i18n::*;
use crate::model::MilestoneEntry;
use crate::text::long_date;
use jiff::Timestamp;
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use serde::{Deserialize, Serialize};
use summit::{Breakdown, Countdown as Phase, Schedule, Window};

/// A milestone's countdown as a page places it. The server works out
/// everything that does not tick (the dates in the milestone's own zone, the
/// window in whole seconds) so the browser parses no dates.
#[component]
pub fn Countdown(
    entry: MilestoneEntry,
    rendered_at: Timestamp,
    #[prop(optional, into)] testid: Option<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let schedule = entry.milestone.schedule;
    let facts = CountdownFacts {
        start: entry.window.start().as_second(),
        end: entry.window.end().as_second(),
        rendered_at: rendered_at.as_second(),
        own_dates: own_zone_dates(i18n, &schedule),
        datetimes: machine_dates(&schedule),
        zone: entry.zone_name.clone(),
        all_day: matches!(schedule, Schedule::AllDay { .. }),
    };
    view! { <CountdownIsland facts locale=page_locale() testid /> }
}

/// What the countdown island receives: instants as Unix seconds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CountdownFacts {
    start: i64,
    end: i64,
    rendered_at: i64,
    /// The dates as the organisers state them, already in the page's
    /// language: the start, and the end when there is one.
    own_dates: (String, Option<String>),
    /// The same as `<time datetime>` values: local dates, or local times with
    /// the zone's offset.
    datetimes: (String, Option<String>),
    /// The milestone's zone named in the page's language ("Qatar Time").
    zone: String,
    all_day: bool,
}

/// The ticking part, an island. It keeps its own clock, starting at the
/// instant the server rendered at.
#[island]
fn CountdownIsland(facts: CountdownFacts, locale: Locale, testid: Option<String>) -> impl IntoView {
    let i18n = island_i18n(locale);
    let instant = |s: i64| Timestamp::from_second(s).unwrap_or(Timestamp::UNIX_EPOCH);
    let now = ticking_now(instant(facts.rendered_at));
    let window = Window::new(instant(facts.start), instant(facts.end))?;
    let phase = Memo::new(move |_| window.countdown(now.get()));
    let shown = Memo::new(move |_| match phase.get() {
        Phase::Upcoming { until_start } => until_start,
        Phase::Ongoing { until_end } => until_end,
        Phase::Past { since_start, .. } => since_start,
    });
    let phase_name = move || match phase.get() {
        Phase::Upcoming { .. } => "upcoming",
        Phase::Ongoing { .. } => "ongoing",
        Phase::Past { .. } => "past",
    };
    let label = move || match phase.get() {
        Phase::Upcoming { .. } => t_string!(i18n, countdown.starts_in).to_string(),
        Phase::Ongoing { .. } => t_string!(i18n, countdown.in_progress).to_string(),
        Phase::Past { .. } => t_string!(i18n, countdown.since_start).to_string(),
    };
    // Changes once a minute, so the live region speaks at most that often.
    let minute = Memo::new(move |_| {
        let b = shown.get();
        (phase_name(), b.days, b.hours, b.minutes)
    });
    let live = move || {
        let (_, days, hours, minutes) = minute.get();
        format!(
            "{} {}",
            label(),
            spoken(
                i18n,
                Breakdown {
                    days,
                    hours,
                    minutes,
                    seconds: 0
                }
            )
        )
    };
    let CountdownFacts {
        own_dates: (own_start, own_end),
        datetimes: (start_datetime, end_datetime),
        zone,
        all_day,
        ..
    } = facts;
    let own_end = own_end.zip(end_datetime).map(|(text, datetime)| {
        view! { " – " <time datetime=datetime>{text}</time> }
    });
    let viewer = RwSignal::new(String::new());
    #[cfg(not(feature = "hydrate"))]
    let _ = all_day;
    #[cfg(feature = "hydrate")]
    {
        // In a task of its own: the page's first use of `Intl` costs ~90 ms
        // on a slow phone, which should not lengthen the hydration task.
        Effect::new(move |_| {
            let locale = i18n.get_locale().as_str().to_owned();
            set_timeout(
                move || viewer.set(browser::in_viewer_zone(&locale, window, all_day)),
                std::time::Duration::ZERO,
            );
        });
    }
    Some(view! {
        <div class=move || format!("countdown phase-{}", phase_name())>
            <p class="countdown-label">{label}</p>
            <p class="counter" aria-hidden="true" data-testid=testid>
                <span class="counter-unit">{move || t_string!(i18n, units.days, count = shown.get().days).to_string()}</span>
                <span class="counter-unit">{move || t_string!(i18n, units.hours, count = shown.get().hours).to_string()}</span>
                <span class="counter-unit">{move || t_string!(i18n, units.minutes, count = shown.get().minutes).to_string()}</span>
                <span class="counter-unit unit-seconds">
                    {move || t_string!(i18n, units.seconds, count = shown.get().seconds).to_string()}
                </span>
            </p>
            <p class="visually-hidden" aria-live="polite" aria-atomic="true">{live}</p>
            <p class="countdown-when">
                <span class="own-zone" data-testid="own-zone">
                    <time datetime=start_datetime>{own_start}</time>
                    {own_end}
                    " " <span class="zone">{format!("({zone})")}</span>
                </span>
                <span class="viewer-zone" data-testid="viewer-zone" hidden=move || viewer.with(String::is_empty)>
                    {move || t_string!(i18n, countdown.your_time)} " " {move || viewer.get()}
                </span>
            </p>
        </div>
    })
}

/// Days, hours and minutes in words, for the live region.
fn spoken(i18n: I18nContext<Locale>, b: Breakdown) -> String {
    [
        t_string!(i18n, units.days, count = b.days).to_string(),
        t_string!(i18n, units.hours, count = b.hours).to_string(),
        t_string!(i18n, units.minutes, count = b.minutes).to_string(),
    ]
    .join(", ")
}

/// The milestone's dates as its organisers state them, in its own zone:
/// the start, and the end unless it is the same day.
fn own_zone_dates(i18n: I18nContext<Locale>, schedule: &Schedule) -> (String, Option<String>) {
    let at = |dt: jiff::civil::DateTime| {
        format!(
            "{} {:02}:{:02}",
            long_date(i18n, dt.date()),
            dt.hour(),
            dt.minute()
        )
    };
    match schedule {
        Schedule::AllDay { first, last, .. } => (
            long_date(i18n, *first),
            (first != last).then(|| long_date(i18n, *last)),
        ),
        Schedule::Timed { start, end, .. } => (at(*start), end.map(at)),
    }
}

/// `<time datetime>` values for the same dates: `2025-11-04`, or
/// `2026-02-02T10:00` local time (the zone is named beside it).
fn machine_dates(schedule: &Schedule) -> (String, Option<String>) {
    let local = |dt: jiff::civil::DateTime| dt.strftime("%Y-%m-%dT%H:%M").to_string();
    match schedule {
        Schedule::AllDay { first, last, .. } => {
            (first.to_string(), (first != last).then(|| last.to_string()))
        }
        Schedule::Timed { start, end, .. } => (local(*start), end.map(local)),
    }
}

#[cfg(feature = "hydrate")]
mod browser {
    use summit::Window;
    use wasm_bindgen::JsValue;

    /// Formats the window in the browser's own zone with the browser's
    /// time-zone data (the wasm carries none), naming the zone as the
    /// browser names it in the page's language ("Central European Time"),
    /// never by its IANA identifier.
    pub fn in_viewer_zone(locale: &str, window: Window, all_day: bool) -> String {
        let locales = js_sys::Array::of1(&JsValue::from_str(locale));
        let naming = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&naming, &"timeZoneName".into(), &"longGeneric".into());
        let start = js_sys::Date::new(&JsValue::from_f64(window.start().as_millisecond() as f64));
        let zone = js_sys::Intl::DateTimeFormat::new(&locales, &naming)
            .format_to_parts(&start)
            .iter()
            .find(|part| {
                js_sys::Reflect::get(part, &"type".into())
                    .ok()
                    .and_then(|t| t.as_string())
                    .as_deref()
                    == Some("timeZoneName")
            })
            .and_then(|part| js_sys::Reflect::get(&part, &"value".into()).ok())
            .and_then(|v| v.as_string())
            .unwrap_or_default();
        let options = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&options, &"dateStyle".into(), &"medium".into());
        let _ = js_sys::Reflect::set(&options, &"timeStyle".into(), &"short".into());
        let format = |at: jiff::Timestamp| {
            let date = js_sys::Date::new(&JsValue::from_f64(at.as_millisecond() as f64));
            String::from(date.to_locale_string(locale, &options))
        };
        let text = if all_day || window.end() != window.start() {
            format!("{} – {}", format(window.start()), format(window.end()))
        } else {
            format(window.start())
        };
        if zone.is_empty() {
            text
        } else {
            format!("{text} ({zone})")
        }
    }
}
