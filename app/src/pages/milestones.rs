//! `/{lang}/milestones`: the timeline — upcoming first, then past — filterable
//! by kind and region (the filters live in the URL and work without
//! JavaScript), each milestone with its countdown and an "Add to calendar" file.

use crate::components::countdown::Countdown;
use crate::components::embed_link::EmbedThis;
use crate::components::error::ErrorMessage;
use crate::components::escaped::Title;
use crate::components::loading::Loading;
use crate::components::reused::reused_after;
use crate::i18n::*;
use crate::model::{MilestoneEntry, MilestonesData};
use crate::server_fns::reads::get_milestones;
use crate::text::{kind_name, region_name};
use leptos::prelude::*;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;
use summit::{Countdown as Phase, MilestoneKind, Region};

#[component]
pub fn MilestonesPage() -> impl IntoView {
    let i18n = use_i18n();
    let lang = i18n.get_locale_untracked().as_str().to_owned();
    // The page shows its filters' values as given (and nothing else of the address).
    let part = use_query_map()
        .with_untracked(|q| format!("milestones/{:?}/{:?}", q.get("kind"), q.get("region")));
    view! {
        <Title text=move || format!("{} — {}", t_string!(i18n, milestones.title), t_string!(i18n, site.name)) />
        <header class="page-header">
            <h1>{move || t_string!(i18n, milestones.title)}</h1>
            <p class="lede">{move || t_string!(i18n, milestones.intro)}</p>
            <p>
                <a
                    class="calendar-link"
                    href=move || format!("/api/v1/milestones.ics?lang={}", i18n.get_locale().as_str())
                    download="social-summit-milestones.ics"
                >
                    {move || t_string!(i18n, milestones.subscribe)}
                </a>
            </p>
            <EmbedThis query="widget=countdown" />
        </header>
        <Suspense fallback=Loading>
            {Suspend::new(async move {
                let view = |data| view! { <Filters /> <Timeline data /> };
                reused_after(Some(part), get_milestones(lang), view)
                    .await
                    .unwrap_or_else(|error| view! { <Filters /> <ErrorMessage error /> }.into_any())
            })}
        </Suspense>
    }
}

#[component]
fn Filters() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let selected = move |key: &'static str| query.with(|q| q.get(key).unwrap_or_default());
    let kinds = MilestoneKind::ALL
        .into_iter()
        .map(|kind| {
            view! {
                <option value=kind.slug() selected=move || selected("kind") == kind.slug()>
                    {move || kind_name(i18n, kind)}
                </option>
            }
        })
        .collect_view();
    let regions = Region::ALL
        .into_iter()
        .map(|region| {
            view! {
                <option value=region.slug() selected=move || selected("region") == region.slug()>
                    {move || region_name(i18n, region)}
                </option>
            }
        })
        .collect_view();
    view! {
        <Form method="GET" action="">
            <fieldset class="filters">
                <legend>{move || t_string!(i18n, milestones.filters)}</legend>
                <label>
                    {move || t_string!(i18n, milestones.filter_kind)}
                    <select name="kind">
                        <option value="">{move || t_string!(i18n, milestones.all)}</option>
                        {kinds}
                    </select>
                </label>
                <label>
                    {move || t_string!(i18n, milestones.filter_region)}
                    <select name="region">
                        <option value="">{move || t_string!(i18n, milestones.all)}</option>
                        {regions}
                    </select>
                </label>
                <button type="submit">{move || t_string!(i18n, milestones.apply)}</button>
            </fieldset>
        </Form>
    }
}

#[component]
fn Timeline(data: MilestonesData) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let rendered_at = data.rendered_at;
    let all = StoredValue::new(data.milestones);
    let filtered = move || {
        let kind = query.with(|q| q.get("kind").and_then(|k| MilestoneKind::parse(&k).ok()));
        let region = query.with(|q| q.get("region").and_then(|r| Region::parse(&r).ok()));
        let mut upcoming = Vec::new();
        let mut past = Vec::new();
        all.with_value(|entries| {
            for e in entries {
                if kind.is_some_and(|k| e.milestone.kind != k)
                    || region.is_some_and(|r| e.milestone.region != Some(r))
                {
                    continue;
                }
                match e.window.countdown(rendered_at) {
                    Phase::Past { .. } => past.push(e.clone()),
                    _ => upcoming.push(e.clone()),
                }
            }
        });
        upcoming.sort_by_key(|e| e.window.start());
        past.sort_by_key(|e| std::cmp::Reverse(e.window.start()));
        (upcoming, past)
    };
    let section = move |entries: Vec<MilestoneEntry>| {
        entries
            .into_iter()
            .map(|entry| view! { <MilestoneItem entry rendered_at /> })
            .collect_view()
    };
    view! {
        {move || {
            let (upcoming, past) = filtered();
            let filtered_by_address =
                query.with(|q| q.get("kind").is_some_and(|v| !v.is_empty()) || q.get("region").is_some_and(|v| !v.is_empty()));
            // Nothing at all matches the filters: say so, and offer the way back.
            let nothing = (upcoming.is_empty() && past.is_empty() && filtered_by_address).then(|| view! {
                <div class="empty-state card" data-testid="milestones-empty">
                    <p>{move || t_string!(i18n, milestones.nothing_matches)}</p>
                    <p><a href="?">{move || t_string!(i18n, tracker.clear_filters)}</a></p>
                </div>
            });
            // With that card shown, the sections say nothing more.
            let none_upcoming = upcoming.is_empty() && nothing.is_none();
            let none_past = past.is_empty() && nothing.is_none();
            view! {
                {nothing}
                <section class="timeline" aria-labelledby="upcoming-heading">
                    <h2 id="upcoming-heading">{move || t_string!(i18n, milestones.upcoming)}</h2>
                    {none_upcoming.then(|| view! { <p class="note">{move || t_string!(i18n, milestones.none_upcoming)}</p> })}
                    <ol class="milestone-list">{section(upcoming)}</ol>
                </section>
                <section class="timeline" aria-labelledby="past-heading">
                    <h2 id="past-heading">{move || t_string!(i18n, milestones.past)}</h2>
                    {none_past.then(|| view! { <p class="note">{move || t_string!(i18n, milestones.none_past)}</p> })}
                    <ol class="milestone-list">{section(past)}</ol>
                </section>
            }
        }}
    }
}

#[component]
fn MilestoneItem(entry: MilestoneEntry, rendered_at: jiff::Timestamp) -> impl IntoView {
    let i18n = use_i18n();
    let slug = entry.milestone.slug.to_string();
    let kind = entry.milestone.kind;
    let region = entry.milestone.region;
    let ics = {
        let slug = slug.clone();
        move || {
            format!(
                "/api/v1/milestones/{slug}.ics?lang={}",
                i18n.get_locale().as_str()
            )
        }
    };
    let in_english = entry.in_english;
    view! {
        <li class="milestone card" id=slug.clone()>
            <p class="milestone-tags">
                <span class="tag">{move || kind_name(i18n, kind)}</span>
                {region.map(|r| view! { <span class=format!("tag region-{}", r.slug())>{move || region_name(i18n, r)}</span> })}
            </p>
            <h3 lang=in_english.then_some("en")>{entry.title.clone()}</h3>
            {in_english.then(|| view! { <p class="note">{move || t_string!(i18n, milestones.in_english)}</p> })}
            {(!entry.description.is_empty()).then(|| {
                let description = entry.description.clone();
                view! { <p lang=in_english.then_some("en")>{description}</p> }
            })}
            <Countdown entry=entry.clone() rendered_at />
            <p class="milestone-meta">
                <a href=ics download=format!("{slug}.ics")>{move || t_string!(i18n, milestones.add_to_calendar)}</a>
                <span class="source">
                    {move || t_string!(i18n, milestones.source)} " " <span lang=entry.source_in_english.then_some("en")>{entry.source_name.clone()}</span>
                </span>
            </p>
        </li>
    }
}
