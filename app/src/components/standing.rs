//! "The follow-up today": for each region and in all, how many served
//! countries have reported anything and how many actions are completed. The
//! home page leads with it, beside the summit's counter.

use crate::i18n::*;
use crate::locale::localized;
use crate::model::CountryEntry;
use crate::text::region_name;
use leptos::prelude::*;
use summit::{Progress, Region};

/// Served countries, those that reported at least one action, and the
/// progress of their actions.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Standing {
    pub served: u32,
    pub reporting: u32,
    pub progress: Progress,
}

impl Standing {
    pub fn of<'a>(countries: impl IntoIterator<Item = &'a CountryEntry>) -> Self {
        countries.into_iter().fold(Standing::default(), |mut s, c| {
            s.served += 1;
            if c.progress.not_reported < c.progress.total {
                s.reporting += 1;
            }
            s.progress = s.progress + c.progress;
            s
        })
    }
}

#[component]
pub fn FollowUpToday(countries: Vec<CountryEntry>) -> impl IntoView {
    let i18n = use_i18n();
    let in_region =
        |r: Region| Standing::of(countries.iter().filter(|c| c.coverage.region() == Some(r)));
    let all = Standing::of(countries.iter().filter(|c| c.coverage.region().is_some()));
    let rows = Region::ALL
        .into_iter()
        .map(|region| {
            let s = in_region(region);
            view! {
                <tr class=format!("region-{}", region.slug())>
                    <th scope="row">
                        <a href=move || localized(i18n, &format!("/regions/{}", region.slug()))>{move || region_name(i18n, region)}</a>
                    </th>
                    <td>{move || t_string!(i18n, home.countries_reporting, reporting = s.reporting, total = s.served).to_string()}</td>
                    <td>{move || t_string!(i18n, home.actions_completed, completed = s.progress.completed, total = s.progress.total).to_string()}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="standing card" aria-labelledby="standing-heading" data-testid="standing">
            <h2 id="standing-heading">{move || t_string!(i18n, home.standing_heading)}</h2>
            <p class="standing-totals">
                <strong>{move || t_string!(i18n, home.countries_reporting, reporting = all.reporting, total = all.served).to_string()}</strong>
                <br />
                <strong>{move || t_string!(i18n, home.actions_completed, completed = all.progress.completed, total = all.progress.total).to_string()}</strong>
            </p>
            <p class="note">{move || t_string!(i18n, home.standing_intro)}</p>
            <div class="table-scroll" tabindex="0">
                <table class="standing-table">
                    <thead><tr>
                        <th scope="col">{move || t_string!(i18n, home.region)}</th>
                        <th scope="col"><span class="visually-hidden">{move || t_string!(i18n, home.standing_heading)}</span></th>
                        <th scope="col"><span class="visually-hidden">{move || t_string!(i18n, rollup.actions)}</span></th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            <p><a href=move || localized(i18n, "/tracker")>{move || t_string!(i18n, home.see_tracker)}</a></p>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use summit::{Coverage, Iso3, M49};

    fn country(code: &str, progress: Progress) -> CountryEntry {
        CountryEntry {
            iso3: Iso3::parse(code).unwrap(),
            m49: M49::parse("288").unwrap(),
            name: code.into(),
            coverage: Coverage::Region(Region::Africa),
            progress,
        }
    }

    #[test]
    fn a_country_reports_once_any_action_is_reported() {
        let silent = Progress {
            total: 7,
            not_reported: 7,
            ..Progress::default()
        };
        let one = Progress {
            total: 7,
            not_reported: 6,
            completed: 1,
            ..Progress::default()
        };
        let s = Standing::of(&[country("GHA", silent), country("KEN", one)]);
        assert_eq!(
            (
                s.served,
                s.reporting,
                s.progress.completed,
                s.progress.total
            ),
            (2, 1, 1, 14)
        );
    }
}
