//! Server functions that read: thin wrappers over `services::views`.
//! They use GET, so browsers and the service worker may cache them; nothing
//! here changes anything.

use crate::error::AppError;
use crate::model::{
    CountryData, HomeData, MapData, MilestonesData, RegionData, Timeline, TrackerData,
};
#[cfg(feature = "ssr")]
use crate::services::{context, views};
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

/// The briefings, their attendance, the roll-ups and the newest changes, for
/// the home page: now, or at the end of the past day `at` (`YYYY-MM-DD`).
#[server(input = GetUrl, endpoint = "home")]
pub async fn home_overview(
    lang: String,
    #[server(default)] at: String,
) -> Result<HomeData, AppError> {
    views::home(context::language(&lang)?, past_day(&at)).await
}

/// Every milestone in `lang`, with the instant the server rendered at so the
/// browser's first render matches the server's HTML before the clocks tick.
#[server(input = GetUrl, endpoint = "milestones")]
pub async fn get_milestones(lang: String) -> Result<MilestonesData, AppError> {
    let language = context::language(&lang)?;
    Ok(MilestonesData {
        rendered_at: jiff::Timestamp::now(),
        milestones: views::milestones(language).await?,
    })
}

/// A past day (`at`, `YYYY-MM-DD`) the history can answer, or now.
#[cfg(feature = "ssr")]
fn past_day(at: &str) -> Option<jiff::civil::Date> {
    crate::services::past::parse_day(at, crate::services::past::today())
}

/// Names, regions and progress of every country (on the day `at`, or now),
/// for the map, its search and its list view.
#[server(input = GetUrl, endpoint = "map")]
pub async fn get_map(lang: String, #[server(default)] at: String) -> Result<MapData, AppError> {
    views::map(context::language(&lang)?, past_day(&at)).await
}

#[server(input = GetUrl, endpoint = "region")]
pub async fn get_region(lang: String, slug: String) -> Result<RegionData, AppError> {
    let language = context::language(&lang)?;
    let region = summit::Region::parse(&slug).map_err(|_| AppError::NotFound)?;
    views::region(language, region).await
}

/// A country by its ISO3 code in any case (the page redirects to upper case),
/// with its follow-up actions.
#[server(input = GetUrl, endpoint = "country")]
pub async fn get_country(
    lang: String,
    code: String,
    #[server(default)] at: String,
) -> Result<CountryData, AppError> {
    let language = context::language(&lang)?;
    let iso3 = summit::Iso3::parse_any_case(&code).map_err(|_| AppError::NotFound)?;
    views::country(language, iso3, past_day(&at)).await
}

/// Every served country's follow-up statuses (on the day `at`, or now), for
/// the tracker matrix.
#[server(input = GetUrl, endpoint = "tracker")]
pub async fn get_tracker(
    lang: String,
    #[server(default)] at: String,
) -> Result<TrackerData, AppError> {
    views::tracker(context::language(&lang)?, past_day(&at)).await
}

/// How many actions were in each status, week by week since the summit: in
/// all, or in one region (`region` a slug, or empty); up to today, or to the
/// past day `at` (`YYYY-MM-DD`) a page is shown as of.
#[server(input = GetUrl, endpoint = "timeline")]
pub async fn get_timeline(
    #[server(default)] region: String,
    #[server(default)] at: String,
) -> Result<Timeline, AppError> {
    let only = match region.as_str() {
        "" => None,
        slug => Some(summit::Region::parse(slug).map_err(|_| AppError::NotFound)?),
    };
    crate::services::timeline::progress_over_time(only, past_day(&at)).await
}
