//! Roll-ups: of all the actions in a set, how many are completed, at risk, or
//! not reported yet — in all, by region and by theme.

use crate::components::scroll_box::ScrollBox;
use crate::i18n::*;
use crate::locale::localized;
use crate::model::Rollup;
use crate::text::{region_name, share_text};
use leptos::either::Either;
use leptos::prelude::*;
use summit::Progress;

/// Every cell is a share of the row's actions, written one way
/// (`summit::Share`): "0 %" when none, "—" only for a row of no actions.
#[component]
fn Cells(progress: Progress) -> impl IntoView {
    let i18n = use_i18n();
    let share = move |part: u32| share_text(i18n, progress.share(part));
    view! {
        <td class="num">{progress.total}</td>
        <td class="num">{move || share(progress.completed)}</td>
        <td class="num">{move || share(progress.at_risk)}</td>
        <td class="num">{move || share(progress.not_reported)}</td>
    }
}

#[component]
fn Header(first: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <thead>
            <tr>
                <th scope="col">{move || match first {
                    "region" => t_string!(i18n, country.region),
                    _ => t_string!(i18n, rollup.theme),
                }}</th>
                <th scope="col" class="num">{move || t_string!(i18n, rollup.actions)}</th>
                <th scope="col" class="num">{move || t_string!(i18n, status.completed)}</th>
                <th scope="col" class="num">{move || t_string!(i18n, status.at_risk)}</th>
                <th scope="col" class="num">{move || t_string!(i18n, status.not_reported)}</th>
            </tr>
        </thead>
    }
}

/// The roll-up tables; `by_region` only where several regions are summed.
#[component]
pub fn RollupTables(rollup: Rollup) -> impl IntoView {
    let i18n = use_i18n();
    let Rollup {
        overall,
        by_region,
        by_theme,
    } = rollup;
    let regions = (by_region.len() > 1).then(|| {
        let rows = by_region
            .into_iter()
            .map(|(region, progress)| {
                view! {
                    <tr>
                        <th scope="row">
                            <a href=move || localized(i18n, &format!("/regions/{}", region.slug()))>
                                {move || region_name(i18n, region)}
                            </a>
                        </th>
                        <Cells progress />
                    </tr>
                }
            })
            .collect_view();
        view! {
            <ScrollBox>
                <table class="rollup" data-testid="rollup-regions">
                    <caption>{move || t_string!(i18n, rollup.by_region)}</caption>
                    <Header first="region" />
                    <tbody>{rows}</tbody>
                    <tfoot>
                        <tr>
                            <th scope="row">{move || t_string!(i18n, rollup.all)}</th>
                            <Cells progress=overall />
                        </tr>
                    </tfoot>
                </table>
            </ScrollBox>
        }
    });
    let tagged = by_theme.iter().any(|t| t.progress.total > 0);
    let themes = if tagged {
        let rows = by_theme
            .into_iter()
            .filter(|t| t.progress.total > 0)
            .map(|t| {
                view! {
                    <tr data-theme=t.slug.clone()>
                        <th scope="row">{t.name.clone()}</th>
                        <Cells progress=t.progress />
                    </tr>
                }
            })
            .collect_view();
        Either::Left(view! {
            <ScrollBox>
                <table class="rollup" data-testid="rollup-themes">
                    <caption>{move || t_string!(i18n, rollup.by_theme)}</caption>
                    <Header first="theme" />
                    <tbody>{rows}</tbody>
                </table>
            </ScrollBox>
        })
    } else {
        Either::Right(view! { <p class="note">{move || t_string!(i18n, rollup.no_themes)}</p> })
    };
    view! {
        <section class="card rollups" aria-labelledby="rollup-heading">
            <h2 id="rollup-heading">{move || t_string!(i18n, rollup.heading)}</h2>
            <p class="rollup-summary" data-testid="rollup-summary">
                {move || t_string!(i18n, rollup.summary,
                    completed = share_text(i18n, overall.share(overall.completed)),
                    at_risk = share_text(i18n, overall.share(overall.at_risk)),
                    not_reported = share_text(i18n, overall.share(overall.not_reported))).to_string()}
            </p>
            {regions}
            {themes}
        </section>
    }
}
