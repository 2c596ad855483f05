//! `/api/v1/changes`: every change to every follow-up action, from the
//! append-only history, filtered and paged by cursor; and one country's
//! history at `/api/v1/countries/{iso3}/history`. The Atom feeds
//! (`http::feeds`) read the same filters.

use super::ApiError;
use app::services::storage::{
    every_change, ActionTarget, ChangeQuery, ChangeRecord, SharedStorage,
};
use axum::extract::{Path, Query, State};
use axum::Json;
use serde::Serialize;
use std::collections::HashMap;
use summit::{ActionKind, Iso3, Region};
use utoipa::{IntoParams, ToSchema};

/// The most changes one page holds.
pub const MAX_LIMIT: u32 = 500;
const DEFAULT_LIMIT: u32 = 100;

/// One field of one change: its value before and after.
#[derive(Debug, Serialize, ToSchema)]
pub struct FieldChangeJson {
    /// `status`, `themes`, `evidence` or `note`.
    field: String,
    /// A status slug, a list of theme slugs or links, or the note's text.
    from: serde_json::Value,
    to: serde_json::Value,
}

/// One change to one action.
#[derive(Debug, Serialize, ToSchema)]
pub struct ChangeJson {
    /// Orders changes as they were committed; the paging cursor.
    id: i64,
    /// The country whose action changed (ISO3), or null for a region's own action.
    country: Option<String>,
    /// The country's region, or the region whose own action changed.
    region: Option<&'static str>,
    kind: &'static str,
    /// The action's version after this change.
    version: i64,
    /// The display name of who made the change.
    changed_by: String,
    /// RFC 3339, UTC.
    changed_at: String,
    changes: Vec<FieldChangeJson>,
    note: String,
}

impl From<ChangeRecord> for ChangeJson {
    fn from(c: ChangeRecord) -> Self {
        ChangeJson {
            id: c.id,
            country: match c.target {
                ActionTarget::Country(iso3) => Some(iso3.to_string()),
                ActionTarget::Region(_) => None,
            },
            region: c.region.map(Region::slug),
            kind: c.kind.slug(),
            version: c.version,
            changed_by: c.changed_by,
            changed_at: c.changed_at,
            changes: c
                .changes
                .into_iter()
                .map(|f| FieldChangeJson {
                    field: f.field,
                    from: f.from,
                    to: f.to,
                })
                .collect(),
            note: c.note,
        }
    }
}

/// A page of changes, oldest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct ChangesPage {
    changes: Vec<ChangeJson>,
    /// Pass as `cursor` for the next page; null on the last page. A client
    /// that keeps the last cursor asks later for only what is new.
    next_cursor: Option<String>,
}

/// The filters of `/api/v1/changes` and of the feeds.
#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)] // documents the parameters; they are read as a map
pub struct ChangeParams {
    /// Only changes on or after this date (`YYYY-MM-DD`) or instant (RFC 3339).
    since: Option<String>,
    /// A region slug: its countries' actions and its own.
    region: Option<String>,
    /// A country, ISO 3166-1 alpha-3, any case.
    country: Option<String>,
    /// An action kind slug.
    kind: Option<String>,
    /// A theme slug: changes to actions tagged with it.
    theme: Option<String>,
}

/// `?since=` as the stored instants compare: `YYYY-MM-DDTHH:MM:SS` in UTC.
pub fn instant_bound(value: &str) -> Option<String> {
    // An instant first: jiff also reads the date at the start of one.
    let timestamp = match value.parse::<jiff::Timestamp>() {
        Ok(timestamp) => timestamp,
        Err(_) => {
            let date = value.parse::<jiff::civil::Date>().ok()?;
            jiff::tz::TimeZone::UTC
                .to_timestamp(date.to_datetime(jiff::civil::Time::midnight()))
                .ok()?
        }
    };
    Some(timestamp.strftime("%Y-%m-%dT%H:%M:%S").to_string())
}

/// The filters from a query string, each checked (400 for a value that
/// names nothing). `limit` and `cursor` are the caller's.
pub fn filters(query: &HashMap<String, String>) -> Result<ChangeQuery, ApiError> {
    let value = |key: &str| query.get(key).map(|v| v.trim()).filter(|v| !v.is_empty());
    let region = value("region")
        .map(|v| Region::parse(v).map_err(|_| ApiError::bad_request("unknown region")))
        .transpose()?;
    let country = value("country")
        .map(|v| {
            Iso3::parse_any_case(v)
                .map_err(|_| ApiError::bad_request("country must be an ISO 3166-1 alpha-3 code"))
        })
        .transpose()?;
    let kind = value("kind")
        .map(|v| ActionKind::parse(v).ok_or_else(|| ApiError::bad_request("unknown kind")))
        .transpose()?;
    let theme = value("theme")
        .map(|v| {
            let ok = v.len() <= 64
                && v.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
            ok.then(|| v.to_owned())
                .ok_or_else(|| ApiError::bad_request("unknown theme"))
        })
        .transpose()?;
    let since = value("since")
        .map(|v| {
            instant_bound(v).ok_or_else(|| {
                ApiError::bad_request("since must be a date (YYYY-MM-DD) or an RFC 3339 instant")
            })
        })
        .transpose()?;
    Ok(ChangeQuery {
        region,
        country,
        kind,
        theme,
        since,
        limit: DEFAULT_LIMIT,
        ..ChangeQuery::default()
    })
}

/// Every change, oldest first, under the filters; `cursor` continues a page.
#[utoipa::path(get, path = "/api/v1/changes", tag = "read",
    params(ChangeParams,
        ("cursor" = Option<String>, Query, description = "The `next_cursor` of the previous page"),
        ("limit" = Option<u32>, Query, description = "Changes per page, 1–500 (default 100)", minimum = 1, maximum = 500)),
    responses((status = 200, body = ChangesPage),
              (status = 400, description = "Unknown filter value, or a malformed cursor or limit", body = ApiError)))]
pub async fn changes(
    State(storage): State<SharedStorage>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Json<ChangesPage>, ApiError> {
    let mut filter = filters(&query)?;
    if let Some(limit) = query.get("limit") {
        filter.limit = limit
            .parse()
            .ok()
            .filter(|n| (1..=MAX_LIMIT).contains(n))
            .ok_or_else(|| ApiError::bad_request("limit must be a number from 1 to 500"))?;
    }
    if let Some(cursor) = query.get("cursor").filter(|c| !c.is_empty()) {
        filter.after = Some(
            cursor
                .parse()
                .ok()
                .filter(|n: &i64| *n >= 0)
                .ok_or_else(|| ApiError::bad_request("cursor is not one this API gave"))?,
        );
    }
    // One more than asked tells whether there is a next page.
    let limit = filter.limit;
    filter.limit += 1;
    let mut rows = storage.changes(&filter).await?;
    let more = rows.len() > limit as usize;
    rows.truncate(limit as usize);
    let next_cursor = more
        .then(|| rows.last().map(|c| c.id.to_string()))
        .flatten();
    Ok(Json(ChangesPage {
        changes: rows.into_iter().map(ChangeJson::from).collect(),
        next_cursor,
    }))
}

/// Every change to one country's actions, newest first.
#[utoipa::path(get, path = "/api/v1/countries/{iso3}/history", tag = "read",
    params(("iso3" = String, Path, description = "ISO 3166-1 alpha-3 code, any case")),
    responses((status = 200, body = Vec<ChangeJson>),
              (status = 404, description = "Unknown code", body = ApiError)))]
pub async fn country_history(
    State(storage): State<SharedStorage>,
    Path(code): Path<String>,
) -> Result<Json<Vec<ChangeJson>>, ApiError> {
    let not_found = || ApiError::not_found("no country with that ISO 3166-1 alpha-3 code");
    let iso3 = Iso3::parse_any_case(&code).map_err(|_| not_found())?;
    storage
        .country(iso3, summit::Language::DEFAULT)
        .await?
        .ok_or_else(not_found)?;
    let query = ChangeQuery {
        country: Some(iso3),
        limit: MAX_LIMIT,
        ..ChangeQuery::default()
    };
    let mut all = every_change(storage.as_ref(), query).await?;
    all.reverse();
    Ok(Json(all.into_iter().map(ChangeJson::from).collect()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn since_reads_a_date_or_an_instant() {
        assert_eq!(
            instant_bound("2026-06-30").as_deref(),
            Some("2026-06-30T00:00:00")
        );
        assert_eq!(
            instant_bound("2026-06-30T12:30:00+02:00").as_deref(),
            Some("2026-06-30T10:30:00")
        );
        assert_eq!(instant_bound("yesterday"), None);
        assert_eq!(instant_bound("2026-02-30"), None);
    }

    #[test]
    fn the_bound_sorts_before_every_stored_instant_of_its_second() {
        let bound = instant_bound("2026-06-30").unwrap();
        for stored in ["2026-06-30T00:00:00Z", "2026-06-30T00:00:00.5Z"] {
            assert!(bound.as_str() <= stored, "{stored}");
        }
        assert!("2026-06-29T23:59:59.999Z" < bound.as_str());
    }

    #[test]
    fn unknown_filter_values_are_refused() {
        for (key, value) in [
            ("region", "atlantis"),
            ("country", "XX"),
            ("kind", "nope"),
            ("theme", "Not A Slug"),
            ("since", "soon"),
        ] {
            let query = HashMap::from([(key.to_owned(), value.to_owned())]);
            assert!(filters(&query).is_err(), "{key}={value}");
        }
    }
}
