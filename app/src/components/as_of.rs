//! "As of a date": a page showing the state on a past day (`?at=`) says so
//! in a banner that cannot be missed, with the way back to today; and a
//! small form to choose the day. Server-rendered only (no wasm).

use crate::i18n::*;
use crate::text::long_date;
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_query_map};

/// The page's `?at=`, as given (the server functions decide what it means).
pub fn use_at() -> String {
    use_query_map().with_untracked(|q| q.get("at").unwrap_or_default())
}

/// The past day this page shows (`?at=` read as the server reads it), if any.
pub fn shown_day() -> Option<jiff::civil::Date> {
    past_day(&use_at())
}

/// The day `at` names when the history can answer it (from the summit's
/// first day to today), else `None`: the live state, and no banner.
fn past_day(at: &str) -> Option<jiff::civil::Date> {
    #[cfg(feature = "ssr")]
    {
        crate::services::past::parse_day(at, crate::services::past::today())
    }
    #[cfg(not(feature = "ssr"))]
    {
        let _ = at;
        None
    }
}

/// The page's own parameters of the address (`keep`, such as the tracker's
/// filters), kept when the day changes; any other (`utm_source`, a cache
/// buster) is dropped, so the form is the same for every address that
/// shows the same page and can be part of a reused body.
fn other_params(keep: &[&str]) -> Vec<(String, String)> {
    use_query_map().with_untracked(|q| {
        keep.iter()
            .filter_map(|&k| q.get(k).map(|v| (k.to_owned(), v)))
            .collect()
    })
}

#[component]
pub fn AsOf(
    /// The page's own query parameters, kept when the day changes.
    #[prop(optional)]
    keep: &'static [&'static str],
) -> impl IntoView {
    let i18n = use_i18n();
    let at = use_at();
    let day = past_day(&at);
    let path = use_location().pathname.get_untracked();
    let others = other_params(keep);
    let today_href = {
        let mut query = String::new();
        for (key, value) in &others {
            query.push(if query.is_empty() { '?' } else { '&' });
            query.push_str(&crate::components::follow::encode(key));
            query.push('=');
            query.push_str(&crate::components::follow::encode(value));
        }
        format!("{path}{query}")
    };
    #[cfg(feature = "ssr")]
    let max = crate::services::past::today().to_string();
    #[cfg(not(feature = "ssr"))]
    let max = String::new();
    let banner = day.map(|day| {
        view! {
            <div class="past-banner" role="note" data-testid="past-banner">
                <p>
                    <strong>{move || t_string!(i18n, past.label)}</strong> " "
                    {move || t_string!(i18n, past.banner, date = long_date(i18n, day)).to_string()}
                </p>
                <p><a href=today_href.clone()>{move || t_string!(i18n, past.today)}</a></p>
            </div>
        }
    });
    view! {
        {banner}
        <form method="get" class="as-of">
            {others.into_iter().map(|(key, value)| view! { <input type="hidden" name=key value=value /> }).collect_view()}
            <label for="as-of-day">{move || t_string!(i18n, past.choose)}</label>
            <input id="as-of-day" type="date" name="at" min=summit::summit::first_day().to_string() max=max
                value=day.map(|d| d.to_string()).unwrap_or_default() />
            <button type="submit" class="button small">{move || t_string!(i18n, past.show)}</button>
        </form>
    }
}
