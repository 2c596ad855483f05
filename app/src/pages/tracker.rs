//! `/{lang}/tracker`: countries × follow-up actions as a matrix of status
//! chips, grouped by region with a totals row each; filters and sorting live
//! in the URL, and the same filters drive the CSV and JSON exports.

use crate::components::as_of::{shown_day, use_at, AsOf};
use crate::components::due::{due_state_name, DueBadge};
use crate::components::error::ErrorMessage;
use crate::components::escaped::Title;
use crate::components::follow::{encode, FeedLink, Follow};
use crate::components::loading::Loading;
use crate::components::report_links::{Briefs, ReportLinks};
use crate::components::reused::{reused, reused_after};
use crate::components::scroll_box::ScrollBox;
use crate::components::timeline_chart::ProgressOverTime;
use crate::i18n::*;
use crate::model::{Timeline, TrackerData, TrackerRow};
use crate::server_fns::reads::{get_timeline, get_tracker};
use crate::text::{action_name, progress_summary, region_name, status_name};
use leptos::either::Either;
use leptos::prelude::*;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;
use summit::{ActionKind, DueState, Region, Status, TrackerFilter};

/// The tracker's own query parameters: what the page shows depends on
/// these (and `at`) only, and links and forms keep only these.
const OWN: &[&str] = &["region", "status", "kind", "theme", "due", "sort"];

#[component]
pub fn TrackerPage() -> impl IntoView {
    let i18n = use_i18n();
    let lang = i18n.get_locale_untracked().as_str().to_owned();
    let at = use_at();
    let own: Vec<(&'static str, String)> = use_query_map().with_untracked(|q| {
        OWN.iter()
            .filter_map(|&key| q.get(key).map(|v| (key, v)))
            .collect()
    });
    // Filters that do not parse show everything: such an address is
    // rendered for itself, never kept.
    let parses = use_query_map().with_untracked(|q| TrackerFilter::parse(|k| q.get(k)).is_ok());
    let part = parses.then(|| format!("tracker/{own:?}"));
    let timeline_region = own
        .iter()
        .find(|(key, _)| *key == "region")
        .and_then(|(_, r)| Region::parse(r).ok());
    // The feed follows the filters the page shows (a status is a state, not
    // a change, so it is left out).
    let feed_filter: Vec<(&'static str, String)> = own
        .iter()
        .filter(|(key, value)| ["region", "kind", "theme"].contains(key) && !value.is_empty())
        .cloned()
        .collect();
    view! {
        <Title text=move || format!("{} — {}", t_string!(i18n, tracker.title), t_string!(i18n, site.name)) />
        <FeedLink filter=feed_filter.clone() />
        <Suspense fallback=Loading>
            {Suspend::new(async move {
                let load = async move {
                    let data = get_tracker(lang, at.clone()).await?;
                    let slug = timeline_region.map(|r| r.slug().to_owned()).unwrap_or_default();
                    let timeline = get_timeline(slug, at).await?;
                    Ok((data, timeline))
                };
                let view = move |(data, timeline)| view! { <Tracker data timeline own feed_filter timeline_region /> };
                reused_after(part, load, view)
                    .await
                    .unwrap_or_else(|error| view! { <ErrorMessage error /> }.into_any())
            })}
        </Suspense>
    }
}

/// The tracker below its head tags: `own` are the page's parameters
/// ([`OWN`]) as the address gives them.
#[component]
fn Tracker(
    data: TrackerData,
    timeline: Timeline,
    own: Vec<(&'static str, String)>,
    feed_filter: Vec<(&'static str, String)>,
    timeline_region: Option<Region>,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = i18n.get_locale_untracked().as_str();
    let at = use_at();
    let mut query = String::new();
    for (key, value) in own
        .iter()
        .map(|(k, v)| (*k, v))
        .chain((!at.is_empty()).then_some(("at", &at)))
    {
        query.push_str(key);
        query.push('=');
        query.push_str(&encode(value));
        query.push('&');
    }
    let export = |format: &str| format!("/api/v1/tracker.{format}?{query}lang={lang}");
    let at = if at.is_empty() {
        String::new()
    } else {
        format!("&at={}", encode(&at))
    };
    let zip = format!("/api/v1/export.zip?lang={lang}{at}");
    // The spreadsheet and brief of the region filtered on, or of everything.
    let region = own
        .iter()
        .find(|(k, _)| *k == "region")
        .and_then(|(_, v)| Region::parse(v).ok());
    let sheet_query = region.map_or_else(String::new, |r| format!("region={}", r.slug()));
    let briefs = region.map_or(Briefs::EachRegion, |r| {
        Briefs::One(format!("/regions/{}/brief", r.slug()))
    });
    view! {
        <header class="page-header">
            <h1>{move || t_string!(i18n, tracker.title)}</h1>
            <p class="lede">{move || t_string!(i18n, tracker.intro)}</p>
            <p class="exports">
                <a href=export("csv") download="social-summit-tracker.csv">{move || t_string!(i18n, tracker.export_csv)}</a>
                <a href=export("json")>{move || t_string!(i18n, tracker.export_json)}</a>
                <a href=zip download="">{move || t_string!(i18n, tracker.export_zip)}</a>
            </p>
            <ReportLinks sheet_query briefs />
            <Follow filter=feed_filter />
            <AsOf keep=OWN />
        </header>
        <Matrix data />
        {match timeline_region {
            Some(region) => Either::Left(view! { <ProgressOverTime timeline region /> }),
            None => Either::Right(view! { <ProgressOverTime timeline /> }),
        }}
    }
}

#[component]
fn Filters(themes: Vec<(String, String)>) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let selected =
        move |key: &'static str, value: &str| query.with(|q| q.get(key).as_deref() == Some(value));
    let options = |key: &'static str,
                   values: Vec<(String, Box<dyn Fn() -> String + Send + Sync>)>| {
        values
            .into_iter()
            .map(|(value, label)| {
                let v = value.clone();
                view! { <option value=value selected=move || selected(key, &v)>{move || label()}</option> }
            })
            .collect_view()
    };
    let regions = options(
        "region",
        Region::ALL
            .into_iter()
            .map(|r| {
                (
                    r.slug().to_owned(),
                    Box::new(move || region_name(i18n, r)) as Box<dyn Fn() -> String + Send + Sync>,
                )
            })
            .collect(),
    );
    let statuses = options(
        "status",
        Status::ALL
            .into_iter()
            .map(|s| {
                (
                    s.slug().to_owned(),
                    Box::new(move || status_name(i18n, s)) as Box<dyn Fn() -> String + Send + Sync>,
                )
            })
            .collect(),
    );
    let kinds = options(
        "kind",
        ActionKind::COUNTRY
            .into_iter()
            .map(|k| {
                (
                    k.slug().to_owned(),
                    Box::new(move || action_name(i18n, k)) as Box<dyn Fn() -> String + Send + Sync>,
                )
            })
            .collect(),
    );
    let due_states = options(
        "due",
        DueState::ALL
            .into_iter()
            .map(|d| {
                (
                    d.slug().to_owned(),
                    Box::new(move || due_state_name(i18n, d))
                        as Box<dyn Fn() -> String + Send + Sync>,
                )
            })
            .collect(),
    );
    let themes = options(
        "theme",
        themes
            .into_iter()
            .map(|(slug, name)| {
                (
                    slug,
                    Box::new(move || name.clone()) as Box<dyn Fn() -> String + Send + Sync>,
                )
            })
            .collect(),
    );
    view! {
        <Form method="GET" action="">
            <fieldset class="filters">
                <legend>{move || t_string!(i18n, milestones.filters)}</legend>
                <label>
                    {move || t_string!(i18n, milestones.filter_region)}
                    <select name="region"><option value="">{move || t_string!(i18n, milestones.all)}</option>{regions}</select>
                </label>
                <label>
                    {move || t_string!(i18n, tracker.theme)}
                    <select name="theme"><option value="">{move || t_string!(i18n, milestones.all)}</option>{themes}</select>
                </label>
                <label>
                    {move || t_string!(i18n, country.status)}
                    <select name="status"><option value="">{move || t_string!(i18n, milestones.all)}</option>{statuses}</select>
                </label>
                <label>
                    {move || t_string!(i18n, country.action)}
                    <select name="kind"><option value="">{move || t_string!(i18n, milestones.all)}</option>{kinds}</select>
                </label>
                <label>
                    {move || t_string!(i18n, due.heading)}
                    <select name="due"><option value="">{move || t_string!(i18n, milestones.all)}</option>{due_states}</select>
                </label>
                <label>
                    {move || t_string!(i18n, tracker.sort)}
                    <select name="sort">
                        <option value="">{move || t_string!(i18n, tracker.sort_name)}</option>
                        <option value="progress" selected=move || selected("sort", "progress")>{move || t_string!(i18n, tracker.sort_progress)}</option>
                    </select>
                </label>
                <button type="submit">{move || t_string!(i18n, milestones.apply)}</button>
            </fieldset>
        </Form>
    }
}

/// The countries × actions matrix, filtered and sorted as the page's address says.
#[component]
fn Matrix(data: TrackerData) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let filter = query.with_untracked(|q| TrackerFilter::parse(|k| q.get(k)).unwrap_or_default());
    let by_progress = query.with_untracked(|q| q.get("sort").as_deref() == Some("progress"));
    // What the table shows besides the data, for reusing it: a theme nobody
    // has matches nothing, whatever its name (so made-up names share one).
    let part = {
        let mut shown = filter.clone();
        if shown
            .theme
            .as_ref()
            .is_some_and(|t| !data.themes.iter().any(|(slug, _)| slug == t))
        {
            shown.theme = Some(String::new());
        }
        format!("matrix/{shown:?}/{by_progress}")
    };
    let rows = data.rows;
    let clear = shown_day().map_or_else(|| "?".to_owned(), |day| format!("?at={day}"));
    let visible = move || {
        Region::ALL
            .into_iter()
            .filter(|r| filter.region.is_none_or(|f| f == *r))
            .map(|region| {
                let mut members: Vec<TrackerRow> = rows
                    .iter()
                    .filter(|row| row.country.coverage.region() == Some(region))
                    .filter(|row| {
                        ActionKind::COUNTRY.iter().enumerate().any(|(i, kind)| {
                            filter.matches(
                                Some(region),
                                *kind,
                                row.statuses[i],
                                row.due[i],
                                &row.themes[i],
                            )
                        })
                    })
                    .cloned()
                    .collect();
                if by_progress {
                    members
                        .sort_by_key(|r| std::cmp::Reverse(r.country.progress.percent_completed()));
                }
                (region, members)
            })
            // A region nothing matches has no rows: no heading, no totals of zeros.
            .filter(|(_, members)| !members.is_empty())
            .collect::<Vec<_>>()
    };
    let filters = view! { <Filters themes=data.themes /> };
    let table = move || {
        let shown = visible();
        if shown.is_empty() {
            // Nothing matches: say so, and offer the way back to everything.
            return Either::Left(view! {
                <div class="empty-state card" data-testid="tracker-empty">
                    <p>{move || t_string!(i18n, tracker.nothing_matches)}</p>
                    // Back to every country, on the same day.
                    <p><a href=clear.clone()>{move || t_string!(i18n, tracker.clear_filters)}</a></p>
                </div>
            });
        }
        let headers = ActionKind::COUNTRY
            .into_iter()
            .map(|kind| view! { <th scope="col">{move || action_name(i18n, kind)}</th> })
            .collect_view();
        Either::Right(view! {
            <ScrollBox>
                <table class="tracker">
                    <caption class="visually-hidden">{move || t_string!(i18n, tracker.title)}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{move || t_string!(i18n, tracker.country)}</th>
                            {headers}
                            <th scope="col">{move || t_string!(i18n, tracker.summary)}</th>
                        </tr>
                    </thead>
                    {shown.into_iter().map(|(region, members)| view! { <RegionRows region members /> }).collect_view()}
                </table>
            </ScrollBox>
        })
    };
    view! {
        {filters}
        {reused(move || part, table)}
    }
}

#[component]
fn RegionRows(region: Region, members: Vec<TrackerRow>) -> impl IntoView {
    let i18n = use_i18n();
    let totals = ActionKind::COUNTRY
        .iter()
        .enumerate()
        .map(|(i, _)| {
            let done = members
                .iter()
                .filter(|r| r.statuses[i] == Status::Completed)
                .count();
            let n = members.len();
            view! { <td class="total">{format!("{done}/{n}")}</td> }
        })
        .collect_view();
    let progress = members
        .iter()
        .map(|r| r.country.progress)
        .sum::<summit::Progress>();
    let rows = members
        .into_iter()
        .map(|row| {
            let iso3 = row.country.iso3;
            let href = move || format!("/{}/countries/{}", i18n.get_locale().as_str(), iso3);
            let cells = row
                .statuses
                .iter()
                .zip(&row.due)
                .map(|(status, due)| {
                    let status = *status;
                    // Done needs no second word beside "Completed".
                    let due = due
                        .filter(|d| *d != DueState::Completed)
                        .map(|state| view! { <DueBadge state /> });
                    view! {
                        <td>
                            <span class=format!("chip status-{}", status.slug())>{move || status_name(i18n, status)}</span>
                            {due}
                        </td>
                    }
                })
                .collect_view();
            let country_progress = row.country.progress;
            view! {
                <tr data-iso3=iso3.to_string()>
                    <th scope="row"><a href=href>{row.country.name.clone()}</a></th>
                    {cells}
                    <td class="summary">{move || progress_summary(i18n, country_progress)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <tbody class=format!("region-{}", region.slug())>
            <tr class="region-heading">
                <th scope="rowgroup" colspan="9">{move || region_name(i18n, region)}</th>
            </tr>
            {rows}
            <tr class="totals">
                <th scope="row">{move || t_string!(i18n, tracker.totals)}</th>
                {totals}
                <td class="summary">{move || progress_summary(i18n, progress)}</td>
            </tr>
        </tbody>
    }
}
