//! What the JSON API's answers are made of, and the parameters every
//! endpoint shares (`?lang=`): one place, so the handlers and the OpenAPI
//! document cannot disagree.

use super::ApiError;
use app::i18n::Locale;
use app::services::storage::{ActionEntry, CountryEntry};
use axum::extract::Query;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use summit::{Language, Progress, Region};
use utoipa::openapi::schema::{ObjectBuilder, Schema, Type};
use utoipa::openapi::RefOr;
use utoipa::{PartialSchema, ToSchema};

#[derive(Debug, Serialize, ToSchema)]
pub struct ProgressJson {
    total: u32,
    completed: u32,
    in_progress: u32,
    not_started: u32,
    at_risk: u32,
    not_reported: u32,
    /// Share of actions completed, in percent; null while nothing is reported.
    percent_completed: Option<u32>,
}

impl From<Progress> for ProgressJson {
    fn from(p: Progress) -> Self {
        ProgressJson {
            total: p.total,
            completed: p.completed,
            in_progress: p.in_progress,
            not_started: p.not_started,
            at_risk: p.at_risk,
            not_reported: p.not_reported,
            percent_completed: p.percent_completed(),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CountryJson {
    pub iso3: String,
    pub m49: String,
    pub name: String,
    pub region: Option<&'static str>,
    pub un_country_team: bool,
    pub progress: ProgressJson,
}

impl From<CountryEntry> for CountryJson {
    fn from(c: CountryEntry) -> Self {
        CountryJson {
            iso3: c.iso3.to_string(),
            m49: c.m49.to_string(),
            name: c.name,
            region: c.coverage.region().map(Region::slug),
            un_country_team: c.coverage.region().is_some(),
            progress: c.progress.into(),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ActionJson {
    pub kind: &'static str,
    pub status: &'static str,
    pub themes: Vec<String>,
    pub evidence: Vec<String>,
    pub note: String,
    pub updated_by: Option<String>,
    pub updated_at: Option<String>,
    pub version: i64,
    /// The deadline that applies and where the action stands against it;
    /// absent when it has none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due: Option<DueJson>,
}

/// An action's deadline: due by the end of `date` in `zone`, judged at the
/// current quarter hour (or at the end of the `at` day).
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct DueJson {
    /// YYYY-MM-DD, a day in `zone`.
    #[schema(value_type = String, example = "2027-02-08")]
    pub date: String,
    /// IANA time zone, such as America/New_York.
    pub zone: String,
    /// on-track, due-soon (the last 28 days), overdue or completed.
    #[schema(example = "due-soon")]
    pub state: &'static str,
    /// Calendar days left in `zone`, the last day counted as 1; 0 or less
    /// once it has passed.
    pub days_left: i64,
    /// Whether the country has its own deadline for this action (else the
    /// kind's applies).
    pub own: bool,
    /// The meeting the report is due before, in the language asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub milestone: Option<String>,
}

impl From<app::model::Due> for DueJson {
    fn from(d: app::model::Due) -> Self {
        DueJson {
            date: d.date.to_string(),
            zone: d.zone,
            state: d.state.slug(),
            days_left: d.days_left,
            own: d.own,
            milestone: d.milestone,
        }
    }
}

impl From<ActionEntry> for ActionJson {
    fn from(a: ActionEntry) -> Self {
        ActionJson {
            kind: a.kind.slug(),
            status: a.status.slug(),
            themes: a.themes.into_iter().map(|(slug, _)| slug).collect(),
            evidence: a.evidence,
            note: a.note,
            updated_by: a.updated_by,
            updated_at: a.updated_at,
            version: a.version,
            due: a.due.map(DueJson::from),
        }
    }
}

pub fn region_name(language: Language, region: Region) -> String {
    let locale: Locale = language.code().parse().unwrap_or_default();
    app::text::region_name_in(locale, region)
}

// Schemas that exist only to describe parameters precisely, so a client (or
// the fuzzer, `make fuzz`) knows the valid values without trial and error.

/// A language code: the six of `summit::Language`.
pub struct Lang;

impl PartialSchema for Lang {
    fn schema() -> RefOr<Schema> {
        string_enum(summit::Language::ALL.map(|l| l.code()))
    }
}

impl ToSchema for Lang {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("Lang")
    }
}

/// A follow-up action's status: the five of `summit::Status`.
pub struct StatusSlug;

impl PartialSchema for StatusSlug {
    fn schema() -> RefOr<Schema> {
        string_enum(summit::Status::ALL.map(|s| s.slug()))
    }
}

impl ToSchema for StatusSlug {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("StatusSlug")
    }
}

/// A string schema allowing exactly `values`, listed from the domain types
/// so the document cannot drift from what the server accepts.
fn string_enum(values: impl IntoIterator<Item = &'static str>) -> RefOr<Schema> {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .enum_values(Some(values))
        .into()
}

#[derive(Deserialize)]
pub struct LangQuery {
    lang: Option<String>,
}

/// Read straight from the query string, so a malformed one (`lang` twice,
/// say) gets the API's JSON 400 rather than axum's plain-text rejection.
impl<S: Send + Sync> axum::extract::FromRequestParts<S> for LangQuery {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &S,
    ) -> Result<Self, ApiError> {
        Query::<LangQuery>::from_request_parts(parts, state)
            .await
            .map(|Query(query)| query)
            .map_err(|_| {
                ApiError::bad_request("the query string is malformed: give lang at most once")
            })
    }
}

impl LangQuery {
    /// The `lang` parameter of a query read as a map (the tracker exports).
    pub fn from_map(query: &std::collections::HashMap<String, String>) -> Self {
        LangQuery {
            lang: query.get("lang").cloned(),
        }
    }

    pub fn language(&self) -> Result<Language, ApiError> {
        match self.lang.as_deref() {
            None => Ok(Language::DEFAULT),
            Some(code) => Language::parse(code)
                .ok_or_else(|| ApiError::bad_request("lang must be one of ar, zh, en, fr, ru, es")),
        }
    }
}
