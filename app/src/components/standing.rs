//! "Where the follow-up stands": for each region and in all, how many served
//! countries have reported anything, how the region's actions divide among
//! the statuses, and how many are completed. The home page leads with it.

use crate::i18n::*;
use crate::locale::localized;
use crate::model::CountryEntry;
use crate::text::{region_name, share_text, status_name};
use leptos::prelude::*;
use summit::{Progress, Region, Status};

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

/// The statuses in the order the bars stack them: done first, unknown last.
const BAR_ORDER: [Status; 5] = [
    Status::Completed,
    Status::InProgress,
    Status::NotStarted,
    Status::AtRisk,
    Status::NotReported,
];

fn count(progress: &Progress, status: Status) -> u32 {
    match status {
        Status::Completed => progress.completed,
        Status::InProgress => progress.in_progress,
        Status::NotStarted => progress.not_started,
        Status::AtRisk => progress.at_risk,
        Status::NotReported => progress.not_reported,
    }
}

/// A bar of a set's actions by status (SVG: no inline styles, which the
/// page's policy refuses). Hidden from screen readers: the text beside it
/// says the same.
#[component]
pub fn StatusBar(progress: Progress) -> impl IntoView {
    let total = progress.total.max(1) as f64;
    let mut x = 0.0;
    let parts = BAR_ORDER
        .into_iter()
        .filter(|s| count(&progress, *s) > 0)
        .map(|status| {
            let width = f64::from(count(&progress, status)) * 100.0 / total;
            let start = x;
            x += width;
            view! {
                <rect class=format!("status-{}", status.slug()) x=format!("{start:.2}") y="0"
                    width=format!("{width:.2}") height="10"></rect>
            }
        })
        .collect_view();
    view! {
        <svg class="status-bar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true">{parts}</svg>
    }
}

/// What the bars' colours mean.
#[component]
pub fn StatusKey() -> impl IntoView {
    let i18n = use_i18n();
    let items = BAR_ORDER
        .into_iter()
        .map(|status| {
            view! {
                <li class=format!("status-{}", status.slug())>{move || status_name(i18n, status)}</li>
            }
        })
        .collect_view();
    view! { <ul class="status-key" aria-hidden="true">{items}</ul> }
}

#[component]
pub fn FollowUpToday(countries: Vec<CountryEntry>) -> impl IntoView {
    let i18n = use_i18n();
    let in_region =
        |r: Region| Standing::of(countries.iter().filter(|c| c.coverage.region() == Some(r)));
    let all = Standing::of(countries.iter().filter(|c| c.coverage.region().is_some()));
    let cards = Region::ALL
        .into_iter()
        .map(|region| {
            let s = in_region(region);
            let completed = s.progress.share_completed();
            view! {
                <li class=format!("region-card region-{}", region.slug()) data-region=region.slug()>
                    <h3>
                        <a href=move || localized(i18n, &format!("/regions/{}", region.slug()))>{move || region_name(i18n, region)}</a>
                    </h3>
                    <p class="region-reporting">
                        {move || t_string!(i18n, home.card_reporting, reporting = s.reporting, total = s.served).to_string()}
                    </p>
                    <StatusBar progress=s.progress />
                    <p class="region-completed">
                        {move || t_string!(i18n, home.card_completed, share = share_text(i18n, completed), total = s.progress.total).to_string()}
                    </p>
                    {(s.progress.at_risk > 0).then(|| view! {
                        <p class="region-at-risk status-at-risk">
                            {move || t_string!(i18n, home.at_risk_count, count = s.progress.at_risk).to_string()}
                        </p>
                    })}
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="standing" aria-labelledby="standing-heading" data-testid="standing">
            <h2 id="standing-heading">{move || t_string!(i18n, home.standing_heading)}</h2>
            <p class="note">{move || t_string!(i18n, home.standing_intro)}</p>
            <p class="standing-totals">
                <span>{move || t_string!(i18n, home.card_reporting, reporting = all.reporting, total = all.served).to_string()}</span>
                <span>{move || t_string!(i18n, home.card_completed, share = share_text(i18n, all.progress.share_completed()), total = all.progress.total).to_string()}</span>
            </p>
            <ul class="region-cards">{cards}</ul>
            <StatusKey />
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
            due: None,
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
