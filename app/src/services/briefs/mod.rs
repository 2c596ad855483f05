//! Briefs for a meeting (server only): a country's or a region's follow-up
//! as of a chosen day, with what changed in a chosen period, in the
//! reader's language ([`brief`]). The brief page shows the value; the
//! server's PDF prints it (`server::brief`).
//!
//! - The period ends on the day chosen (`at`, default today) and starts on
//!   `from` (default 90 days before), both between the summit's first day
//!   and today; a `from` after `at` is taken as `at`.
//! - Actions, statuses and deadlines are as they were at the end of `at`
//!   (`views::country` and `views::tracker` with a past day); the changes
//!   listed are the history's between the start of `from` and the end of
//!   `at`; the chart counts every week since the summit up to `at`.

use crate::error::AppError;
use crate::i18n::*;
use crate::model::{ActionEntry, ActionTarget, Brief, BriefLink, HistoryEntry};
use crate::services::change_text::locale_of;
use crate::services::past;
use crate::services::{timeline, views};
use crate::text::{
    action_name_in, long_date_in, progress_summary_in, region_name_in, status_name_in,
};
use jiff::civil::Date;
use summit::{Language, Progress, Region};
use tables::{
    action_deadlines, actions_table, changes_table, chart, countries_table, region_deadlines,
};

mod tables;

/// Days a period covers unless `from` is given.
const DEFAULT_PERIOD_DAYS: i64 = 90;

/// The period a brief covers: `from` and `at` as asked (`None`: the
/// defaults), brought between the summit's first day and today.
pub fn period(from: Option<Date>, at: Option<Date>) -> (Date, Date) {
    let first = summit::summit::first_day();
    let today = past::today();
    let at = at.unwrap_or(today).clamp(first, today.max(first));
    let from = from
        .unwrap_or_else(|| {
            at.checked_sub(jiff::Span::new().days(DEFAULT_PERIOD_DAYS))
                .unwrap_or(first)
        })
        .clamp(first, at);
    (from, at)
}

/// Whose brief an address asks for: a country (ISO3, any case) or a
/// region (slug); `None` when neither names one.
pub fn target(country: &str, region: &str) -> Option<ActionTarget> {
    if !country.is_empty() {
        return summit::Iso3::parse_any_case(country)
            .ok()
            .map(ActionTarget::Country);
    }
    Region::parse(region).ok().map(ActionTarget::Region)
}

/// The period from `from` and `at` as an address gives them (`YYYY-MM-DD`,
/// or empty for the default); a day that is not a date is a bad request.
pub fn parse_period(from: &str, at: &str) -> Result<(Date, Date), AppError> {
    let day = |text: &str| -> Result<Option<Date>, AppError> {
        match text.trim() {
            "" => Ok(None),
            text => text
                .parse::<Date>()
                .map(Some)
                .map_err(|_| AppError::BadRequest),
        }
    };
    Ok(period(day(from)?, day(at)?))
}

/// The brief of `target` in `language` for the period; `site` is the
/// site's own address (sources, and the note of where it was made).
pub async fn brief(
    target: ActionTarget,
    language: Language,
    (from, at): (Date, Date),
    site: &str,
) -> Result<Brief, AppError> {
    let locale = locale_of(language);
    let past_day = (at < past::today()).then_some(at);
    let (title, facts, actions, countries, deadlines, history, timeline, themes) = match target {
        ActionTarget::Country(iso3) => {
            let data = views::country(language, iso3, past_day).await?;
            let facts = vec![
                (
                    td_string!(locale, country.region).to_string(),
                    data.country.coverage.region().map_or_else(
                        || td_string!(locale, country.no_region).to_string(),
                        |r| region_name_in(locale, r),
                    ),
                ),
                (
                    td_string!(locale, brief.fact_progress).to_string(),
                    progress_value(language, data.country.progress),
                ),
            ];
            let deadlines = action_deadlines(language, &data.actions);
            let timeline = timeline::country_over_time(iso3, past_day).await?;
            (
                data.country.name.clone(),
                facts,
                data.actions,
                None,
                deadlines,
                data.history,
                timeline,
                data.themes,
            )
        }
        ActionTarget::Region(region) => {
            // The region's own actions and history (not `views::region`,
            // which draws its map too).
            let storage = crate::services::context::storage()?;
            let own = storage.region_actions(region, language).await?;
            let history = storage.history(ActionTarget::Region(region)).await?;
            let themes = crate::services::context::shared_reads()?
                .themes(language)
                .await?
                .to_vec();
            let actions = region_actions_at(&own, &history, at);
            let tracker = views::tracker(language, past_day).await?;
            let rows: Vec<_> = tracker
                .rows
                .iter()
                .filter(|r| r.country.coverage.region() == Some(region))
                .collect();
            let progress =
                Progress::from_statuses(rows.iter().flat_map(|r| r.statuses.iter().copied()));
            let facts = vec![
                (
                    td_string!(locale, brief.fact_countries).to_string(),
                    rows.len().to_string(),
                ),
                (
                    td_string!(locale, brief.fact_progress).to_string(),
                    progress_value(language, progress),
                ),
            ];
            let countries = countries_table(language, &rows);
            let deadlines = region_deadlines(language, &rows);
            let timeline = timeline::progress_over_time(Some(region), past_day).await?;
            (
                region_name_in(locale, region),
                facts,
                actions,
                Some(countries),
                deadlines,
                history,
                timeline,
                themes,
            )
        }
    };
    let changes: Vec<&HistoryEntry> = history
        .iter()
        .filter(|h| past::day_of(&h.changed_at) >= from && past::made_by(&h.changed_at, at))
        .collect();
    let mut sources = vec![BriefLink {
        text: td_string!(locale, brief.source_site, date = long_date_in(locale, at)).to_string(),
        url: format!("{site}/{}{}?at={at}", language.code(), target.path()),
    }];
    for action in &actions {
        for url in &action.evidence {
            sources.push(BriefLink {
                text: action_name_in(locale, action.kind),
                url: url.clone(),
            });
        }
    }
    let now = jiff::Timestamp::now();
    Ok(Brief {
        lang: language.code().to_owned(),
        rtl: language.is_rtl(),
        title: td_string!(locale, brief.title, place = title).to_string(),
        subtitle: td_string!(
            locale,
            brief.subtitle,
            at = long_date_in(locale, at),
            from = long_date_in(locale, from)
        )
        .to_string(),
        from: from.to_string(),
        at: at.to_string(),
        facts,
        actions: actions_table(language, &actions, &themes),
        countries,
        changes: changes_table(language, &changes, &themes),
        deadlines,
        chart: chart(language, timeline),
        sources_heading: td_string!(locale, brief.sources).to_string(),
        sources,
        made: td_string!(
            locale,
            brief.made,
            date = long_date_in(locale, past::today()),
            time = now.strftime("%H:%M").to_string()
        )
        .to_string(),
    })
}

/// The follow-up fact's value: "2 of 7 actions completed", or "Not
/// reported" (its label says "Follow-up" already).
fn progress_value(language: Language, progress: Progress) -> String {
    let locale = locale_of(language);
    match progress.percent_completed() {
        None => status_name_in(locale, summit::Status::NotReported),
        Some(_) => progress_summary_in(locale, progress),
    }
}

/// A region's own actions as they were at the end of `day`: today's, with
/// the later changes undone.
fn region_actions_at(
    actions: &[ActionEntry],
    history: &[HistoryEntry],
    day: Date,
) -> Vec<ActionEntry> {
    actions
        .iter()
        .map(|action| {
            let newer: Vec<Vec<summit::Change>> = history
                .iter()
                .filter(|h| h.kind == action.kind && !past::made_by(&h.changed_at, day))
                .map(|h| h.changes.clone())
                .collect();
            let then = summit::sheet::state_at(&crate::services::review::state_of(action), &newer);
            ActionEntry {
                status: then.status,
                note: then.note,
                evidence: then.evidence,
                themes: action
                    .themes
                    .iter()
                    .filter(|(slug, _)| then.themes.contains(slug))
                    .cloned()
                    .collect(),
                ..action.clone()
            }
        })
        .collect()
}
