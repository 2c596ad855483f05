//! The milestones as data: `/api/v1/milestones` (JSON, instants in UTC with
//! their zone) and iCalendar files (RFC 5545) for one milestone or all of them.

use super::types::{Lang, LangQuery};
use super::ApiError;
use app::services::storage::{MilestoneEntry, SharedStorage};
use axum::extract::{Path, State};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use axum::Json;
use icalendar::{Calendar, Component, EventLike};
use serde::Serialize;
use summit::{Language, Schedule};

async fn load(
    storage: &SharedStorage,
    language: Language,
) -> Result<Vec<MilestoneEntry>, ApiError> {
    Ok(storage.milestones(language).await?)
}

/// One milestone in the JSON API.
#[derive(Serialize, utoipa::ToSchema)]
pub struct MilestoneJson {
    slug: String,
    kind: &'static str,
    title: String,
    description: String,
    /// The language of `title` and `description` (English where no translation exists).
    text_language: &'static str,
    starts_at: String,
    ends_at: String,
    time_zone: String,
    all_day: bool,
    /// Local start and end in `time_zone`: dates for all-day milestones (end inclusive).
    local_start: String,
    local_end: Option<String>,
    region: Option<&'static str>,
    country: Option<String>,
    source: String,
    calendar: String,
}

impl MilestoneJson {
    fn new(entry: MilestoneEntry, language: Language) -> Self {
        let m = entry.milestone;
        let (all_day, local_start, local_end) = match &m.schedule {
            Schedule::AllDay { first, last, .. } => {
                (true, first.to_string(), Some(last.to_string()))
            }
            Schedule::Timed { start, end, .. } => {
                (false, start.to_string(), end.map(|e| e.to_string()))
            }
        };
        MilestoneJson {
            calendar: format!("/api/v1/milestones/{}.ics", m.slug),
            slug: m.slug.to_string(),
            kind: m.kind.slug(),
            title: entry.title,
            description: entry.description,
            text_language: if entry.in_english {
                "en"
            } else {
                language.code()
            },
            starts_at: entry.window.start().to_string(),
            ends_at: entry.window.end().to_string(),
            time_zone: m.schedule.zone().to_owned(),
            all_day,
            local_start,
            local_end,
            region: m.region.map(|r| r.slug()),
            country: m.country.map(|c| c.to_string()),
            source: entry.source_name,
        }
    }
}

/// Every milestone, instants in UTC beside the local schedule and its zone.
#[utoipa::path(get, path = "/api/v1/milestones", tag = "read",
    params(("lang" = Option<Lang>, Query, description = "Language of the titles (default en)")),
    responses((status = 200, body = Vec<MilestoneJson>), (status = 400, description = "Unknown lang", body = ApiError)))]
pub async fn list(
    State(storage): State<SharedStorage>,
    query: LangQuery,
) -> Result<Json<Vec<MilestoneJson>>, ApiError> {
    let language = query.language()?;
    let entries = load(&storage, language).await?;
    Ok(Json(
        entries
            .into_iter()
            .map(|e| MilestoneJson::new(e, language))
            .collect(),
    ))
}

/// Every milestone as one iCalendar (RFC 5545) feed to subscribe to.
#[utoipa::path(get, path = "/api/v1/milestones.ics", tag = "read",
    params(("lang" = Option<Lang>, Query, description = "Language of the titles (default en)")),
    responses((status = 200, content_type = "text/calendar", body = String),
              (status = 400, description = "Unknown lang", body = ApiError)))]
pub async fn calendar(
    State(storage): State<SharedStorage>,
    query: LangQuery,
) -> Result<Response, ApiError> {
    let language = query.language()?;
    let entries = load(&storage, language).await?;
    Ok(ics_response(
        &ics(&entries, language),
        "social-summit-milestones.ics",
    ))
}

/// One milestone as an iCalendar file (`{slug}.ics`).
#[utoipa::path(get, path = "/api/v1/milestones/{file}", tag = "read",
    params(("file" = String, Path, description = "The milestone's slug followed by .ics"),
           ("lang" = Option<Lang>, Query, description = "Language of the title (default en)")),
    responses((status = 200, content_type = "text/calendar", body = String),
              (status = 400, description = "Unknown lang", body = ApiError),
              (status = 404, description = "No such milestone", body = ApiError)))]
pub async fn one_event(
    State(storage): State<SharedStorage>,
    Path(file): Path<String>,
    query: LangQuery,
) -> Result<Response, ApiError> {
    let slug = file
        .strip_suffix(".ics")
        .ok_or_else(|| ApiError::not_found("calendar files end in .ics"))?;
    let language = query.language()?;
    let entries = load(&storage, language).await?;
    let entry = entries
        .into_iter()
        .find(|e| e.milestone.slug.as_str() == slug)
        .ok_or_else(|| ApiError::not_found("no such milestone"))?;
    Ok(ics_response(
        &ics(std::slice::from_ref(&entry), language),
        &format!("{slug}.ics"),
    ))
}

fn ics_response(body: &str, filename: &str) -> Response {
    (
        [
            (CONTENT_TYPE, "text/calendar; charset=utf-8".to_owned()),
            (
                CONTENT_DISPOSITION,
                format!("attachment; filename=\"{filename}\""),
            ),
        ],
        body.to_owned(),
    )
        .into_response()
}

/// An iCalendar document: all-day milestones as `VALUE=DATE` ranges (end
/// exclusive), timed ones in UTC. `icalendar` escapes text and folds lines.
/// Everything a person reads is in `language`: the calendar's name, each
/// event's title, kind (`CATEGORIES`), description and source.
pub fn ics(entries: &[MilestoneEntry], language: Language) -> String {
    let locale = app::services::change_text::locale_of(language);
    let source = app::text::source_label_in(locale);
    let mut calendar = Calendar::new();
    calendar.name(&ics_text(&app::text::calendar_name_in(locale)));
    for entry in entries {
        let m = &entry.milestone;
        let mut event = icalendar::Event::new();
        event
            .uid(&format!("{}@social-summit-tracker", m.slug))
            .timestamp(chrono::Utc::now())
            .summary(&entry.title)
            .add_property(
                "CATEGORIES",
                ics_text(&app::text::kind_name_in(locale, m.kind)),
            );
        let description = if entry.description.is_empty() {
            format!("{source} {}", entry.source_name)
        } else {
            format!("{}\n\n{source} {}", entry.description, entry.source_name)
        };
        event.description(&description);
        match &m.schedule {
            Schedule::AllDay { first, last, .. } => {
                let (Some(start), Some(end)) =
                    (naive(*first), last.tomorrow().ok().and_then(naive))
                else {
                    continue;
                };
                event.starts(start).ends(end);
            }
            Schedule::Timed { .. } => {
                let (Some(start), Some(end)) = (utc(entry.window.start()), utc(entry.window.end()))
                else {
                    continue;
                };
                event.starts(start).ends(end);
            }
        }
        calendar.push(event.done());
    }
    calendar.done().to_string()
}

/// A TEXT value escaped as RFC 5545 (3.3.11) asks, for the properties the
/// `icalendar` crate writes as given: the calendar's `NAME` and
/// `X-WR-CALNAME` (not types it knows) and a `CATEGORIES` item (a list,
/// whose items it leaves to the caller). A translated name with a comma
/// stays one name.
fn ics_text(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace(',', "\\,")
        .replace(';', "\\;")
        .replace('\n', "\\n")
}

fn naive(date: jiff::civil::Date) -> Option<chrono::NaiveDate> {
    chrono::NaiveDate::from_ymd_opt(date.year().into(), date.month() as u32, date.day() as u32)
}

fn utc(at: jiff::Timestamp) -> Option<chrono::DateTime<chrono::Utc>> {
    chrono::DateTime::from_timestamp(at.as_second(), 0)
}

#[cfg(test)]
mod tests {
    use super::ics_text;

    #[test]
    fn calendar_text_is_escaped_as_rfc_5545_asks() {
        assert_eq!(
            ics_text("Sommet, réunion; a\\b\nc"),
            "Sommet\\, réunion\\; a\\\\b\\nc"
        );
        assert_eq!(ics_text("Региональный брифинг"), "Региональный брифинг");
    }
}
