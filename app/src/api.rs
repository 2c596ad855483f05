//! Server functions: thin wrappers that read through the storage interface.
//! Read-only ones use GET so browsers and the service worker may cache them;
//! nothing here mutates.

use crate::error::AppError;
use crate::model::{CountryData, MapData, MilestonesData, RegionData, TrackerData};
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use serde::{Deserialize, Serialize};
use summit::{Briefing, SeriesAttendance};

/// The briefings and their attendance, for the home page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HomeData {
    pub briefings: Vec<Briefing>,
    pub attendance: SeriesAttendance,
    pub rollup: crate::model::Rollup,
}

#[server(input = GetUrl, endpoint = "home")]
pub async fn home_overview(lang: String) -> Result<HomeData, AppError> {
    let language = ssr::language(&lang)?;
    let storage = ssr::storage()?;
    Ok(HomeData {
        briefings: storage.briefings().await?,
        attendance: storage.series_attendance().await?,
        rollup: ssr::rollup(language, None).await?,
    })
}

/// Every milestone in `lang`, with the instant the server rendered at so the
/// browser's first render matches the server's HTML before the clocks tick.
#[server(input = GetUrl, endpoint = "milestones")]
pub async fn get_milestones(lang: String) -> Result<MilestonesData, AppError> {
    let language = ssr::language(&lang)?;
    Ok(MilestonesData {
        rendered_at: jiff::Timestamp::now(),
        milestones: ssr::storage()?.milestones(language).await?,
    })
}

/// Names, regions and progress of every country, for the map, its search and its list view.
#[server(input = GetUrl, endpoint = "map")]
pub async fn get_map(lang: String) -> Result<MapData, AppError> {
    let language = ssr::language(&lang)?;
    ssr::map_for(language).await
}

#[server(input = GetUrl, endpoint = "region")]
pub async fn get_region(lang: String, slug: String) -> Result<RegionData, AppError> {
    let language = ssr::language(&lang)?;
    let region = summit::Region::parse(&slug).map_err(|_| AppError::NotFound)?;
    let storage = ssr::storage()?;
    let mut map = ssr::map_for(language).await?;
    let progress = map
        .countries
        .iter()
        .filter(|c| c.coverage.region() == Some(region))
        .map(|c| c.progress)
        .sum();
    map.region_bounds.retain(|(r, _)| *r == region);
    let target = crate::model::ActionTarget::Region(region);
    Ok(RegionData {
        region,
        briefing: storage.briefing(region).await?,
        attendance: storage.series_attendance().await?,
        map,
        progress,
        rollup: ssr::rollup(language, Some(region)).await?,
        actions: storage.region_actions(region, language).await?,
        history: storage.history(target).await?,
        themes: storage.themes(language).await?,
    })
}

/// A country by its ISO3 code in any case (the page redirects to upper case),
/// with its follow-up actions.
#[server(input = GetUrl, endpoint = "country")]
pub async fn get_country(lang: String, code: String) -> Result<CountryData, AppError> {
    let language = ssr::language(&lang)?;
    let iso3 = summit::Iso3::parse_any_case(&code).map_err(|_| AppError::NotFound)?;
    let storage = ssr::storage()?;
    let country = storage
        .country(iso3, language)
        .await?
        .ok_or(AppError::NotFound)?;
    let actions = storage.country_actions(iso3, language).await?;
    Ok(CountryData {
        country,
        actions,
        history: storage
            .history(crate::model::ActionTarget::Country(iso3))
            .await?,
        themes: storage.themes(language).await?,
    })
}

/// Every served country's follow-up statuses, for the tracker matrix.
#[server(input = GetUrl, endpoint = "tracker")]
pub async fn get_tracker(lang: String) -> Result<TrackerData, AppError> {
    use crate::model::TrackerRow;
    let language = ssr::language(&lang)?;
    let storage = ssr::storage()?;
    let countries = storage.countries(language).await?;
    let actions = storage.all_country_actions(language).await?;
    let rows = countries
        .into_iter()
        .filter(|c| c.coverage.region().is_some())
        .map(|country| {
            let mine: Vec<_> = actions
                .iter()
                .filter(|(iso3, _)| *iso3 == country.iso3)
                .collect();
            let statuses = summit::ActionKind::COUNTRY
                .iter()
                .map(|kind| {
                    mine.iter()
                        .find(|(_, a)| a.kind == *kind)
                        .map_or(summit::Status::NotReported, |(_, a)| a.status)
                })
                .collect();
            let themes = summit::ActionKind::COUNTRY
                .iter()
                .map(|kind| {
                    mine.iter()
                        .find(|(_, a)| a.kind == *kind)
                        .map(|(_, a)| a.themes.iter().map(|(slug, _)| slug.clone()).collect())
                        .unwrap_or_default()
                })
                .collect();
            TrackerRow {
                country,
                statuses,
                themes,
            }
        })
        .collect();
    Ok(TrackerData {
        themes: storage.themes(language).await?,
        rows,
    })
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use crate::error::AppError;
    use crate::model::{CountryEntry, MapData};
    use crate::storage::SharedStorage;
    use leptos::prelude::use_context;
    use std::sync::Arc;
    use summit::map::WorldGeometry;
    use summit::{Language, Region};

    /// The storage the server provided for this request.
    pub fn storage() -> Result<SharedStorage, AppError> {
        use_context::<SharedStorage>().ok_or_else(|| {
            tracing::error!("no storage in the request context");
            AppError::Unavailable
        })
    }

    /// The projected world map the server provided.
    pub fn geometry() -> Result<Arc<WorldGeometry>, AppError> {
        use_context::<Arc<WorldGeometry>>().ok_or_else(|| {
            tracing::error!("no map geometry in the request context");
            AppError::Unavailable
        })
    }

    pub fn language(code: &str) -> Result<Language, AppError> {
        Language::parse(code).ok_or(AppError::NotFound)
    }

    pub async fn map_for(language: Language) -> Result<MapData, AppError> {
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

    /// Progress of every served country's actions (or one region's), in
    /// all, by region and by theme.
    pub async fn rollup(
        language: Language,
        only: Option<Region>,
    ) -> Result<crate::model::Rollup, AppError> {
        use crate::model::{Rollup, ThemeProgress};
        use summit::Progress;
        let storage = storage()?;
        let countries = storage.countries(language).await?;
        let region_of = |iso3: &summit::Iso3| {
            countries
                .iter()
                .find(|c| c.iso3 == *iso3)
                .and_then(|c| c.coverage.region())
        };
        let actions: Vec<(Region, crate::model::ActionEntry)> = storage
            .all_country_actions(language)
            .await?
            .into_iter()
            .filter_map(|(iso3, a)| region_of(&iso3).map(|r| (r, a)))
            .filter(|(r, _)| only.is_none_or(|o| o == *r))
            .collect();
        let progress_of = |pick: &dyn Fn(&(Region, crate::model::ActionEntry)) -> bool| {
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

    pub fn markup(language: Language, countries: &[CountryEntry]) -> Result<String, AppError> {
        Ok(crate::components::map::markup::countries(
            &*geometry()?,
            language,
            countries,
        ))
    }
}
