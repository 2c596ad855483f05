//! What pages show, assembled from the storage: the map's data, roll-ups
//! of progress, a region's or a country's page, the tracker's rows.

use crate::error::AppError;
use crate::model::{
    ActionEntry, ActionTarget, CountryData, MapData, RegionData, Rollup, ThemeProgress,
    TrackerData, TrackerRow,
};
use crate::services::context::{geometry, storage};
use summit::{Iso3, Language, Progress, Region};

/// Names, regions and progress of every country, with the boxes to zoom to.
pub async fn map(language: Language) -> Result<MapData, AppError> {
    let geometry = geometry()?;
    let countries = storage()?.countries(language).await?;
    let region_bounds = Region::ALL
        .into_iter()
        .filter_map(|region| {
            countries
                .iter()
                .filter(|c| c.coverage.region() == Some(region))
                .filter_map(|c| geometry.bounds_of(&c.iso3))
                .reduce(|a, b| a.union(b))
                .map(|bounds| (region, bounds))
        })
        .collect();
    Ok(MapData {
        width: geometry.width,
        height: geometry.height,
        countries,
        region_bounds,
    })
}

/// Progress of every served country's actions (or one region's), in all,
/// by region and by theme.
pub async fn rollup(language: Language, only: Option<Region>) -> Result<Rollup, AppError> {
    let storage = storage()?;
    let countries = storage.countries(language).await?;
    let region_of = |iso3: &Iso3| {
        countries
            .iter()
            .find(|c| c.iso3 == *iso3)
            .and_then(|c| c.coverage.region())
    };
    let actions: Vec<(Region, ActionEntry)> = storage
        .all_country_actions(language)
        .await?
        .into_iter()
        .filter_map(|(iso3, a)| region_of(&iso3).map(|r| (r, a)))
        .filter(|(r, _)| only.is_none_or(|o| o == *r))
        .collect();
    let progress_of = |pick: &dyn Fn(&(Region, ActionEntry)) -> bool| {
        Progress::from_statuses(actions.iter().filter(|a| pick(a)).map(|(_, a)| a.status))
    };
    let by_region = Region::ALL
        .into_iter()
        .filter(|r| only.is_none_or(|o| o == *r))
        .map(|r| (r, progress_of(&|(region, _)| *region == r)))
        .collect();
    let by_theme = storage
        .themes(language)
        .await?
        .into_iter()
        .map(|(slug, name)| ThemeProgress {
            progress: progress_of(&|(_, a)| a.themes.iter().any(|(s, _)| *s == slug)),
            slug,
            name,
        })
        .collect();
    Ok(Rollup {
        overall: progress_of(&|_| true),
        by_region,
        by_theme,
    })
}

/// A region's page: its briefing, countries, roll-ups, own actions and history.
pub async fn region(language: Language, region: Region) -> Result<RegionData, AppError> {
    let storage = storage()?;
    let mut map = map(language).await?;
    let progress = map
        .countries
        .iter()
        .filter(|c| c.coverage.region() == Some(region))
        .map(|c| c.progress)
        .sum();
    map.region_bounds.retain(|(r, _)| *r == region);
    Ok(RegionData {
        region,
        briefing: storage.briefing(region).await?,
        attendance: storage.series_attendance().await?,
        map,
        progress,
        rollup: rollup(language, Some(region)).await?,
        actions: storage.region_actions(region, language).await?,
        history: storage.history(ActionTarget::Region(region)).await?,
        themes: storage.themes(language).await?,
    })
}

/// A country's page: the country, its actions and their history.
pub async fn country(language: Language, iso3: Iso3) -> Result<CountryData, AppError> {
    let storage = storage()?;
    let country = storage
        .country(iso3, language)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(CountryData {
        country,
        actions: storage.country_actions(iso3, language).await?,
        history: storage.history(ActionTarget::Country(iso3)).await?,
        themes: storage.themes(language).await?,
    })
}

/// Every served country's statuses (and each action's themes), for the
/// tracker matrix, in `ActionKind::COUNTRY` order.
pub async fn tracker(language: Language) -> Result<TrackerData, AppError> {
    let storage = storage()?;
    let countries = storage.countries(language).await?;
    let actions = storage.all_country_actions(language).await?;
    let rows = countries
        .into_iter()
        .filter(|c| c.coverage.region().is_some())
        .map(|country| {
            let mine: Vec<&ActionEntry> = actions
                .iter()
                .filter(|(iso3, _)| *iso3 == country.iso3)
                .map(|(_, a)| a)
                .collect();
            let of_kind = |kind: &summit::ActionKind| mine.iter().find(|a| a.kind == *kind);
            TrackerRow {
                statuses: summit::ActionKind::COUNTRY
                    .iter()
                    .map(|kind| of_kind(kind).map_or(summit::Status::NotReported, |a| a.status))
                    .collect(),
                themes: summit::ActionKind::COUNTRY
                    .iter()
                    .map(|kind| {
                        of_kind(kind)
                            .map(|a| a.themes.iter().map(|(slug, _)| slug.clone()).collect())
                            .unwrap_or_default()
                    })
                    .collect(),
                country,
            }
        })
        .collect();
    Ok(TrackerData {
        themes: storage.themes(language).await?,
        rows,
    })
}

/// The map's country shapes as SVG markup in `language`.
pub fn map_markup(
    language: Language,
    countries: &[crate::model::CountryEntry],
) -> Result<String, AppError> {
    Ok(crate::services::map_markup::countries(
        &*geometry()?,
        language,
        countries,
    ))
}
