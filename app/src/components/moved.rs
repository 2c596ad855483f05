//! What the follow-up needs people to see first after where it stands: what
//! moved lately, and which countries report actions at risk.

use crate::i18n::*;
use crate::locale::localized;
use crate::model::{CountryEntry, RecentChange};
use crate::text::long_date;
use leptos::prelude::*;

/// The newest changes, each linking to its country or region.
#[component]
pub fn RecentlyMoved(recent: Vec<RecentChange>) -> impl IntoView {
    let i18n = use_i18n();
    let empty = recent.is_empty();
    let items = recent
        .into_iter()
        .map(|change| {
            let path = change.target.path();
            let day = change.day;
            view! {
                <li>
                    <a href=move || localized(i18n, &path)>{change.title.clone()}</a>
                    " "
                    <time class="note" datetime=day.to_string()>{move || long_date(i18n, day)}</time>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="moved card" aria-labelledby="moved-heading" data-testid="recently-moved">
            <h2 id="moved-heading">{move || t_string!(i18n, home.moved_heading)}</h2>
            {empty.then(|| view! { <p class="empty-state">{move || t_string!(i18n, home.moved_none)}</p> })}
            <ul class="moved-list">{items}</ul>
        </section>
    }
}

/// How many countries the list names at most; the tracker has the rest.
const AT_RISK_SHOWN: usize = 8;

/// Countries reporting actions at risk, most first.
#[component]
pub fn OffTrack(countries: Vec<CountryEntry>) -> impl IntoView {
    let i18n = use_i18n();
    let mut at_risk: Vec<CountryEntry> = countries
        .into_iter()
        .filter(|c| c.progress.at_risk > 0)
        .collect();
    // Most actions at risk first; the server's order (the language's
    // collation) among equals.
    at_risk.sort_by_key(|c| std::cmp::Reverse(c.progress.at_risk));
    let more = at_risk.len().saturating_sub(AT_RISK_SHOWN);
    let empty = at_risk.is_empty();
    let items = at_risk
        .into_iter()
        .take(AT_RISK_SHOWN)
        .map(|c| {
            let path = format!("/countries/{}", c.iso3);
            let count = c.progress.at_risk;
            view! {
                <li>
                    <a href=move || localized(i18n, &path)>{c.name.clone()}</a>
                    " "
                    <span class="status-at-risk">{move || t_string!(i18n, home.at_risk_count, count = count).to_string()}</span>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="off-track card" aria-labelledby="off-track-heading" data-testid="off-track">
            <h2 id="off-track-heading">{move || t_string!(i18n, home.off_track_heading)}</h2>
            {empty.then(|| view! { <p class="empty-state">{move || t_string!(i18n, home.off_track_none)}</p> })}
            <ul class="off-track-list">{items}</ul>
            {(more > 0).then(|| view! {
                <p>
                    <a href=move || localized(i18n, "/tracker?status=at-risk")>
                        {move || t_string!(i18n, home.off_track_more, count = more).to_string()}
                    </a>
                </p>
            })}
        </section>
    }
}
