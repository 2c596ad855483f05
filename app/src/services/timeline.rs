//! The follow-up over time (server only): the history's status changes of
//! the served countries' actions (one region's, or all; or one country's,
//! for its brief), counted on every
//! seventh day since the summit's first day and on the last day shown:
//! today, or the past day a page is shown "as of" (`?at=`).

use crate::error::AppError;
use crate::model::{ActionTarget, Timeline};
use crate::services::context::shared_reads;
use std::collections::HashMap;
use summit::action::timeline::{counts_by_day, sample_days, StatusEvent};
use summit::{ActionKind, Iso3, Language, Region, Status};

/// Days between two points of the chart.
const STEP_DAYS: i32 = 7;

/// The chart's counts up to today, made once per data version (and day) for
/// each scope: every home and region page shows one. Up to a past day
/// (`until`, a page shown `?at=`) they are counted each time: the history is
/// in memory, and one kept per day would never be let go.
pub async fn progress_over_time(
    only: Option<Region>,
    until: Option<jiff::civil::Date>,
) -> Result<Timeline, AppError> {
    if until.is_some() {
        return count(Scope::Served(only), until).await;
    }
    let shared = shared_reads()?;
    let version = shared.version();
    let timeline = shared
        .views
        .timeline
        .get(only, version, || count(Scope::Served(only), None))
        .await?;
    Ok(Timeline::clone(&timeline))
}

/// One country's actions over time, up to `until` (a brief's day).
pub async fn country_over_time(
    iso3: Iso3,
    until: Option<jiff::civil::Date>,
) -> Result<Timeline, AppError> {
    count(Scope::Country(iso3), until).await
}

/// Whose actions a chart counts.
#[derive(Clone, Copy)]
enum Scope {
    /// The served countries' (one region's, or all).
    Served(Option<Region>),
    Country(Iso3),
}

async fn count(scope: Scope, until: Option<jiff::civil::Date>) -> Result<Timeline, AppError> {
    let shared = shared_reads()?;
    // Regions and actions are language-independent; English is as good as any.
    let countries = shared.countries(Language::En).await?;
    let region_of: HashMap<Iso3, Region> = countries
        .iter()
        .filter_map(|c| c.coverage.region().map(|r| (c.iso3, r)))
        .collect();
    let in_scope = |iso3: &Iso3| match scope {
        Scope::Served(only) => region_of
            .get(iso3)
            .is_some_and(|r| only.is_none_or(|o| o == *r)),
        Scope::Country(country) => *iso3 == country,
    };
    let total = shared
        .all_country_actions(Language::En)
        .await?
        .iter()
        .filter(|(iso3, _)| in_scope(iso3))
        .count() as u32;
    let history = shared.history().await?;
    let events: Vec<StatusEvent<(Iso3, ActionKind)>> = history
        .iter()
        .filter_map(|change| {
            let ActionTarget::Country(iso3) = change.target else {
                return None;
            };
            if !in_scope(&iso3) {
                return None;
            }
            let to = change
                .changes
                .iter()
                .find(|c| c.field == "status")
                .and_then(|c| c.to.as_str())
                .and_then(Status::parse)?;
            let day = change
                .changed_at
                .parse::<jiff::Timestamp>()
                .ok()?
                .to_zoned_datetime(jiff::tz::TimeZone::UTC)
                .date();
            Some(StatusEvent {
                action: (iso3, change.kind),
                day,
                to,
            })
        })
        .collect();
    let first = summit::summit::first_day();
    let today = jiff::Timestamp::now()
        .to_zoned_datetime(jiff::tz::TimeZone::UTC)
        .date();
    let last = until.map_or(today, |day| day.min(today));
    let days = sample_days(first, last.max(first), STEP_DAYS);
    let counts = counts_by_day(total, &events, &days);
    Ok(Timeline {
        days,
        counts: counts.iter().map(|c| c.counts).collect(),
        total,
    })
}
