//! Server functions that read: thin wrappers over `services::views`.
//! They use GET, so browsers and the service worker may cache them; nothing
//! here changes anything.

use crate::error::AppError;
use crate::model::{CountryData, HomeData, MapData, MilestonesData, RegionData, TrackerData};
#[cfg(feature = "ssr")]
use crate::services::{context, views};
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

/// The briefings, their attendance and the roll-ups, for the home page.
#[server(input = GetUrl, endpoint = "home")]
pub async fn home_overview(lang: String) -> Result<HomeData, AppError> {
    let language = context::language(&lang)?;
    let storage = context::storage()?;
    Ok(HomeData {
        briefings: storage.briefings().await?,
        attendance: storage.series_attendance().await?,
        rollup: views::rollup(language, None).await?,
    })
}

/// Every milestone in `lang`, with the instant the server rendered at so the
/// browser's first render matches the server's HTML before the clocks tick.
#[server(input = GetUrl, endpoint = "milestones")]
pub async fn get_milestones(lang: String) -> Result<MilestonesData, AppError> {
    let language = context::language(&lang)?;
    Ok(MilestonesData {
        rendered_at: jiff::Timestamp::now(),
        milestones: context::storage()?.milestones(language).await?,
    })
}

/// Names, regions and progress of every country, for the map, its search and its list view.
#[server(input = GetUrl, endpoint = "map")]
pub async fn get_map(lang: String) -> Result<MapData, AppError> {
    views::map(context::language(&lang)?).await
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
pub async fn get_country(lang: String, code: String) -> Result<CountryData, AppError> {
    let language = context::language(&lang)?;
    let iso3 = summit::Iso3::parse_any_case(&code).map_err(|_| AppError::NotFound)?;
    views::country(language, iso3).await
}

/// Every served country's follow-up statuses, for the tracker matrix.
#[server(input = GetUrl, endpoint = "tracker")]
pub async fn get_tracker(lang: String) -> Result<TrackerData, AppError> {
    views::tracker(context::language(&lang)?).await
}
