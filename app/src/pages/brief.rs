//! `/{lang}/countries/{code}/brief` and `/{lang}/regions/{slug}/brief`: a
//! brief for a meeting (`?at=` the day it is as of, `?from=` the start of
//! the period whose changes it lists). The same `Brief` as the server's PDF
//! (`/api/v1/brief.pdf`); the print stylesheet gives a clean A4 page from
//! any browser (`style/brief.css`).

use crate::components::error::ErrorMessage;
use crate::components::escaped::Title;
use crate::components::loading::Loading;
use crate::components::scroll_box::ScrollBox;
use crate::components::timeline_chart::TimelineChart;
use crate::i18n::*;
use crate::model::{Brief, BriefTable};
use crate::server_fns::briefs::get_brief;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn CountryBriefPage() -> impl IntoView {
    let code = use_params_map().with_untracked(|p| p.get("code").unwrap_or_default());
    view! { <BriefPage country=code region=String::new() /> }
}

#[component]
pub fn RegionBriefPage() -> impl IntoView {
    let slug = use_params_map().with_untracked(|p| p.get("slug").unwrap_or_default());
    view! { <BriefPage country=String::new() region=slug /> }
}

#[component]
fn BriefPage(country: String, region: String) -> impl IntoView {
    let i18n = use_i18n();
    let lang = i18n.get_locale_untracked().as_str().to_owned();
    let (from, at) = use_query_map().with_untracked(|q| {
        (
            q.get("from").unwrap_or_default(),
            q.get("at").unwrap_or_default(),
        )
    });
    let brief = Resource::new_blocking(
        || (),
        move |_| {
            get_brief(
                lang.clone(),
                country.clone(),
                region.clone(),
                from.clone(),
                at.clone(),
            )
        },
    );
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match brief.await {
                    Ok(brief) => view! { <BriefView brief /> }.into_any(),
                    Err(error) => view! { <ErrorMessage error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn BriefView(brief: Brief) -> impl IntoView {
    let i18n = use_i18n();
    let title = brief.title.clone();
    let pdf = pdf_address(&brief);
    let facts = brief
        .facts
        .iter()
        .map(|(label, value)| view! { <dt>{label.clone()}</dt> <dd>{value.clone()}</dd> })
        .collect_view();
    let sources = brief
        .sources
        .iter()
        .map(|link| {
            view! {
                <li>{link.text.clone()} ": " <a href=link.url.clone() dir="ltr">{link.url.clone()}</a></li>
            }
        })
        .collect_view();
    let chart = brief.chart.clone();
    view! {
        <Title text=move || format!("{} — {}", title, t_string!(i18n, site.name)) />
        <form method="get" class="brief-controls card stacked" aria-label=move || t_string!(i18n, brief.link).to_string()>
            <p class="hint">{move || t_string!(i18n, brief.page_intro)}</p>
            <div class="brief-days">
                <label>
                    {move || t_string!(i18n, brief.from_label)} " "
                    <input type="date" name="from" value=brief.from.clone() min=summit::summit::first_day().to_string() />
                </label>
                <label>
                    {move || t_string!(i18n, brief.at_label)} " "
                    <input type="date" name="at" value=brief.at.clone() min=summit::summit::first_day().to_string() />
                </label>
                <button type="submit" class="button">{move || t_string!(i18n, brief.show)}</button>
            </div>
            <p><a class="button primary" href=pdf download data-testid="brief-pdf">{move || t_string!(i18n, brief.pdf)}</a></p>
        </form>
        <article class="brief" data-testid="brief">
            <h1>{brief.title.clone()}</h1>
            <p class="lede">{brief.subtitle.clone()}</p>
            <dl class="facts">{facts}</dl>
            <BriefTableView table=brief.actions.clone() id="brief-actions" />
            {brief.countries.clone().map(|table| view! { <BriefTableView table id="brief-countries" /> })}
            <BriefTableView table=brief.deadlines.clone() id="brief-deadlines" />
            <BriefTableView table=brief.changes.clone() id="brief-changes" />
            <section aria-labelledby="brief-chart" class="brief-chart">
                <h2 id="brief-chart">{chart.caption.clone()}</h2>
                <p>{chart.summary.clone()}</p>
                <TimelineChart timeline=chart.timeline.clone() id="brief-timeline" />
            </section>
            <section aria-labelledby="brief-sources">
                <h2 id="brief-sources">{brief.sources_heading.clone()}</h2>
                <ul class="brief-sources">{sources}</ul>
            </section>
            <p class="hint">{brief.made.clone()}</p>
        </article>
    }
}

/// The server's PDF of the same brief.
fn pdf_address(brief: &Brief) -> String {
    let place = brief_place_query();
    format!(
        "/api/v1/brief.pdf?lang={}&{place}&from={}&at={}",
        brief.lang, brief.from, brief.at
    )
}

/// `country=KEN` or `region=africa`, from the page's address.
fn brief_place_query() -> String {
    use_params_map().with_untracked(|p| match (p.get("code"), p.get("slug")) {
        (Some(code), _) => format!("country={}", code.to_uppercase()),
        (_, Some(slug)) => format!("region={slug}"),
        _ => String::new(),
    })
}

#[component]
fn BriefTableView(table: BriefTable, id: &'static str) -> impl IntoView {
    let BriefTable {
        caption,
        columns,
        rows,
        empty,
    } = table;
    if rows.is_empty() {
        return view! {
            <section aria-labelledby=id>
                <h2 id=id>{caption}</h2>
                <p>{empty}</p>
            </section>
        }
        .into_any();
    }
    let head = columns
        .into_iter()
        .map(|c| view! { <th scope="col">{c}</th> })
        .collect_view();
    let body = rows
        .into_iter()
        .map(|row| {
            let cells = row
                .into_iter()
                .enumerate()
                .map(|(i, cell)| {
                    if i == 0 {
                        view! { <th scope="row">{cell}</th> }.into_any()
                    } else {
                        view! { <td>{cell}</td> }.into_any()
                    }
                })
                .collect_view();
            view! { <tr>{cells}</tr> }
        })
        .collect_view();
    view! {
        <section aria-labelledby=id>
            <h2 id=id>{caption}</h2>
            <ScrollBox>
                <table class="brief-table">
                    <thead><tr>{head}</tr></thead>
                    <tbody>{body}</tbody>
                </table>
            </ScrollBox>
        </section>
    }
    .into_any()
}
