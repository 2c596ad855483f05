//! What pages show, assembled from the storage: the map's data, roll-ups
//! of progress, a region's or a country's page, the tracker's rows.

use crate::error::AppError;
use crate::model::{
    ActionEntry, ActionTarget, CountryData, HomeData, MapData, MilestoneEntry, RecentChange,
    RegionData, Rollup, ThemeProgress, TrackerData, TrackerRow,
};
use crate::services::context::{geometry, shared_reads, storage};
use crate::services::past;
use crate::services::shared_reads::{Memo, Views};
use jiff::civil::Date;
use std::future::Future;
use std::hash::Hash;
use std::sync::Arc;
use summit::{Iso3, Language, Progress, Region};

/// A page's data as of now, assembled by `load` once per data version and
/// `key` (see `SharedReads::views`). The version is read before `load`
/// reads anything, so a change landing meanwhile never leaves older data
/// under the newer version.
async fn assembled<K, V, Fut>(
    memo: fn(&Views) -> &Memo<K, V>,
    key: K,
    load: impl FnOnce() -> Fut,
) -> Result<Arc<V>, AppError>
where
    K: Eq + Hash + Copy,
    Fut: Future<Output = Result<V, AppError>>,
{
    let shared = shared_reads()?;
    let version = shared.version();
    memo(&shared.views).get(key, version, load).await
}

/// Every country's actions at the end of `day`, or now.
async fn country_actions_at(
    language: Language,
    at: Option<Date>,
) -> Result<std::sync::Arc<Vec<(Iso3, ActionEntry)>>, AppError> {
    let shared = shared_reads()?;
    let now = shared.all_country_actions(language).await?;
    let Some(day) = at else {
        return Ok(now);
    };
    let history = shared.history().await?;
    let themes = shared.themes(language).await?;
    Ok(std::sync::Arc::new(past::actions_at(
        &now, &history, &themes, day,
    )))
}

/// Every country with its progress and most pressing deadline at the end
/// of `day`, or now.
async fn countries_at(
    language: Language,
    at: Option<Date>,
) -> Result<std::sync::Arc<Vec<crate::model::CountryEntry>>, AppError> {
    let now = shared_reads()?.countries(language).await?;
    let actions = country_actions_at(language, at).await?;
    let countries = match at {
        None => crate::services::deadlines::with_due(&now, &actions),
        Some(_) => {
            crate::services::deadlines::with_due(&past::with_progress(&now, &actions), &actions)
        }
    };
    Ok(std::sync::Arc::new(countries))
}

/// Names, regions and progress of every country (at the end of `at`, or
/// now), with the boxes to zoom to.
pub async fn map(language: Language, at: Option<Date>) -> Result<MapData, AppError> {
    if at.is_none() {
        let data = assembled(|v| &v.map, language, || map_at(language, None)).await?;
        return Ok(MapData::clone(&data));
    }
    map_at(language, at).await
}

async fn map_at(language: Language, at: Option<Date>) -> Result<MapData, AppError> {
    let geometry = geometry()?;
    let countries = countries_at(language, at).await?;
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
    let everyday_names = crate::services::aliases::everyday_names(
        language,
        countries.iter().map(|c| (c.iso3, c.name.as_str())),
    );
    Ok(MapData {
        width: geometry.width,
        height: geometry.height,
        countries: countries.to_vec(),
        region_bounds,
        past: at.is_some(),
        everyday_names,
    })
}

/// Progress of every served country's actions (or one region's), in all,
/// by region and by theme.
pub async fn rollup(language: Language, only: Option<Region>) -> Result<Rollup, AppError> {
    rollup_at(language, only, None).await
}

/// The roll-ups of `only`'s actions (or all) at the end of `at`, or now.
async fn rollup_at(
    language: Language,
    only: Option<Region>,
    at: Option<Date>,
) -> Result<Rollup, AppError> {
    let shared = shared_reads()?;
    let countries = shared.countries(language).await?;
    let region_of = |iso3: &Iso3| {
        countries
            .iter()
            .find(|c| c.iso3 == *iso3)
            .and_then(|c| c.coverage.region())
    };
    let all_actions = country_actions_at(language, at).await?;
    let actions: Vec<(Region, &ActionEntry)> = all_actions
        .iter()
        .filter_map(|(iso3, a)| region_of(iso3).map(|r| (r, a)))
        .filter(|(r, _)| only.is_none_or(|o| o == *r))
        .collect();
    let progress_of = |pick: &dyn Fn(&(Region, &ActionEntry)) -> bool| {
        Progress::from_statuses(actions.iter().filter(|a| pick(a)).map(|(_, a)| a.status))
    };
    let by_region = Region::ALL
        .into_iter()
        .filter(|r| only.is_none_or(|o| o == *r))
        .map(|r| (r, progress_of(&|(region, _)| *region == r)))
        .collect();
    let by_theme = shared
        .themes(language)
        .await?
        .iter()
        .map(|(slug, name)| ThemeProgress {
            progress: progress_of(&|(_, a)| a.themes.iter().any(|(s, _)| s == slug)),
            slug: slug.clone(),
            name: name.clone(),
        })
        .collect();
    Ok(Rollup {
        overall: progress_of(&|_| true),
        by_region,
        by_theme,
    })
}

/// How many of the newest changes the home page lists.
const RECENT: usize = 6;

/// The home page's briefings, attendance, roll-ups and newest changes: as
/// they are now (made once per data version), or as they were at the end of
/// a past `at` (the roll-ups and changes of that day; made each time).
pub async fn home(language: Language, at: Option<Date>) -> Result<HomeData, AppError> {
    let load = || async move {
        Ok(HomeData {
            briefings: storage()?.briefings().await?,
            attendance: storage()?.series_attendance().await?,
            rollup: rollup_at(language, None, at).await?,
            recent: recent_changes(language, at).await?,
        })
    };
    if at.is_some() {
        return load().await;
    }
    let data = assembled(|v| &v.home, language, load).await?;
    Ok(HomeData::clone(&data))
}

/// The newest changes made by the end of `until` (or now), newest first,
/// each told in `language`.
async fn recent_changes(
    language: Language,
    until: Option<Date>,
) -> Result<Vec<RecentChange>, AppError> {
    use crate::services::change_text;
    let shared = shared_reads()?;
    let history = shared.history().await?;
    let countries = shared.countries(language).await?;
    let place = |target: &ActionTarget| match target {
        ActionTarget::Country(iso3) => countries
            .iter()
            .find(|c| c.iso3 == *iso3)
            .map_or_else(|| iso3.to_string(), |c| c.name.clone()),
        ActionTarget::Region(region) => change_text::region_name(language, *region),
    };
    Ok(history
        .iter()
        .rev()
        .filter(|change| until.is_none_or(|day| past::made_by(&change.changed_at, day)))
        .take(RECENT)
        .map(|change| RecentChange {
            target: change.target,
            title: change_text::entry_title(language, &place(&change.target), change),
            day: past::day_of(&change.changed_at),
        })
        .collect())
}

/// Every milestone in `language`.
pub async fn milestones(language: Language) -> Result<Vec<MilestoneEntry>, AppError> {
    let data = assembled(
        |v| &v.milestones,
        language,
        || async { Ok(storage()?.milestones(language).await?) },
    )
    .await?;
    Ok(data.to_vec())
}

/// A region's page: its briefing, countries, roll-ups, own actions and history.
pub async fn region(language: Language, region: Region) -> Result<RegionData, AppError> {
    let data = assembled(
        |v| &v.region,
        (language, region),
        || region_now(language, region),
    )
    .await?;
    Ok(RegionData::clone(&data))
}

async fn region_now(language: Language, region: Region) -> Result<RegionData, AppError> {
    let storage = storage()?;
    let mut map = map(language, None).await?;
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
        themes: shared_reads()?.themes(language).await?.to_vec(),
    })
}

/// A country's page: the country, its actions and their history (as they
/// were at the end of `at`, or now). A code the storage does not know is
/// not found without a query.
pub async fn country(
    language: Language,
    iso3: Iso3,
    at: Option<Date>,
) -> Result<CountryData, AppError> {
    let shared = shared_reads()?;
    if !shared
        .countries(language)
        .await?
        .iter()
        .any(|c| c.iso3 == iso3)
    {
        return Err(AppError::NotFound);
    }
    let now = assembled(
        |v| &v.country,
        (language, iso3),
        || country_now(language, iso3),
    )
    .await?;
    let mut data = CountryData::clone(&now);
    if let Some(day) = at {
        let now: Vec<(Iso3, ActionEntry)> = data.actions.into_iter().map(|a| (iso3, a)).collect();
        let then = past::actions_at(
            &now,
            &shared.history().await?,
            &shared.themes(language).await?,
            day,
        );
        data.country.progress = Progress::from_statuses(then.iter().map(|(_, a)| a.status));
        data.actions = then.into_iter().map(|(_, a)| a).collect();
        data.history.retain(|h| past::made_by(&h.changed_at, day));
    }
    Ok(data)
}

async fn country_now(language: Language, iso3: Iso3) -> Result<CountryData, AppError> {
    let storage = storage()?;
    Ok(CountryData {
        country: storage
            .country(iso3, language)
            .await?
            .ok_or(AppError::NotFound)?,
        actions: storage.country_actions(iso3, language).await?,
        history: storage.history(ActionTarget::Country(iso3)).await?,
        themes: shared_reads()?.themes(language).await?.to_vec(),
    })
}

/// Every served country's statuses (and each action's themes and due
/// state), for the
/// tracker matrix, in `ActionKind::COUNTRY` order; at the end of `at`, or now.
pub async fn tracker(language: Language, at: Option<Date>) -> Result<TrackerData, AppError> {
    if at.is_none() {
        let data = assembled(|v| &v.tracker, language, || tracker_rows(language, None)).await?;
        return Ok(TrackerData::clone(&data));
    }
    tracker_rows(language, at).await
}

async fn tracker_rows(language: Language, at: Option<Date>) -> Result<TrackerData, AppError> {
    let shared = shared_reads()?;
    let countries = countries_at(language, at).await?;
    let actions = country_actions_at(language, at).await?;
    let rows = countries
        .iter()
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
                due: summit::ActionKind::COUNTRY
                    .iter()
                    .map(|kind| of_kind(kind).and_then(|a| a.due.as_ref().map(|d| d.state)))
                    .collect(),
                themes: summit::ActionKind::COUNTRY
                    .iter()
                    .map(|kind| {
                        of_kind(kind)
                            .map(|a| a.themes.iter().map(|(slug, _)| slug.clone()).collect())
                            .unwrap_or_default()
                    })
                    .collect(),
                country: country.clone(),
            }
        })
        .collect();
    Ok(TrackerData {
        themes: shared.themes(language).await?.to_vec(),
        rows,
    })
}

/// The map's country shapes as SVG markup in `language`: made once per
/// change of the data (the shapes' colours follow progress) and shared by
/// every page; a past state's (`past`) is made for its page alone.
pub fn map_markup(
    language: Language,
    countries: &[crate::model::CountryEntry],
    past: bool,
) -> Result<std::sync::Arc<String>, AppError> {
    let geometry = geometry()?;
    let make = || crate::services::map_markup::countries(&geometry, language, countries);
    if past {
        return Ok(std::sync::Arc::new(make()));
    }
    Ok(shared_reads()?.map_markup(language, make))
}
