//! What administrators change besides actions: accounts and their scope,
//! themes, briefing facts, the country→region table and milestones.
//! Every function checks the role on the server; the page only hides links.

// A milestone form has eight fields; the client stub `#[server]` generates
// from it takes them as arguments.
#![allow(clippy::too_many_arguments)]

use crate::error::{AppError, FieldError};
use crate::model::Account;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use serde::{Deserialize, Serialize};

/// What the administration page lists. Dates come as the forms show them,
/// so the browser (which fetches this again after each change) parses none.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminData {
    pub users: Vec<Account>,
    pub themes: Vec<(String, String)>,
    pub briefings: Vec<BriefingFields>,
    pub milestones: Vec<MilestoneFields>,
}

/// A regional briefing's facts as its form shows them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BriefingFields {
    pub region: summit::Region,
    /// `2025-08-28`
    pub date: String,
    /// `56`, `50+`, or empty when not reported.
    pub participants: String,
}

impl From<&summit::Briefing> for BriefingFields {
    fn from(b: &summit::Briefing) -> Self {
        use summit::Participants;
        BriefingFields {
            region: b.region,
            date: b.date.to_string(),
            participants: match b.participants {
                Participants::NotReported => String::new(),
                Participants::Exactly(n) => n.to_string(),
                Participants::MoreThan(n) => format!("{n}+"),
            },
        }
    }
}

/// A milestone as its form shows it: `2025-11-04T10:00` or `2025-11-04`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MilestoneFields {
    pub slug: String,
    pub title: String,
    pub description: String,
    pub source: String,
    pub start: String,
    pub end: String,
    pub zone: String,
}

impl From<&crate::model::MilestoneEntry> for MilestoneFields {
    fn from(entry: &crate::model::MilestoneEntry) -> Self {
        use summit::Schedule;
        let (start, end, zone) = match &entry.milestone.schedule {
            Schedule::Timed { start, end, zone } => (
                start.strftime("%Y-%m-%dT%H:%M").to_string(),
                end.map(|e| e.strftime("%Y-%m-%dT%H:%M").to_string())
                    .unwrap_or_default(),
                zone.clone(),
            ),
            Schedule::AllDay { first, last, zone } => {
                (first.to_string(), last.to_string(), zone.clone())
            }
        };
        MilestoneFields {
            slug: entry.milestone.slug.to_string(),
            title: entry.title.clone(),
            description: entry.description.clone(),
            source: entry.milestone.source.clone(),
            start,
            end,
            zone,
        }
    }
}

#[server(input = GetUrl, endpoint = "admin")]
pub async fn admin_overview(lang: String) -> Result<AdminData, AppError> {
    let language = crate::api::ssr::language(&lang)?;
    crate::services::accounts::require_admin().await?;
    let storage = crate::api::ssr::storage()?;
    Ok(AdminData {
        users: storage.users().await?,
        themes: storage.themes(language).await?,
        briefings: storage.briefings().await?.iter().map(Into::into).collect(),
        milestones: storage
            .milestones(language)
            .await?
            .iter()
            .map(Into::into)
            .collect(),
    })
}

/// Parses the scope fields of the user forms: one region (or none) and
/// ISO3 codes separated by spaces or commas.
pub fn parse_scope(region: &str, countries: &str) -> Result<summit::Scope, Vec<FieldError>> {
    let mut errors = Vec::new();
    let regions = match region.trim() {
        "" => Vec::new(),
        slug => match summit::Region::parse(slug) {
            Ok(r) => vec![r],
            Err(_) => {
                errors.push(FieldError::Choice(slug.chars().take(40).collect()));
                Vec::new()
            }
        },
    };
    let mut codes = Vec::new();
    for code in countries
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|c| !c.is_empty())
    {
        match summit::Iso3::parse_any_case(code) {
            Ok(iso3) if !codes.contains(&iso3) => codes.push(iso3),
            Ok(_) => {}
            Err(_) => errors.push(FieldError::Choice(code.chars().take(10).collect())),
        }
    }
    if errors.is_empty() {
        Ok(summit::Scope {
            regions,
            countries: codes,
        })
    } else {
        Err(errors)
    }
}

#[server(endpoint = "admin/create-user")]
pub async fn create_user(
    email: String,
    name: String,
    role: String,
    #[server(default)] region: String,
    #[server(default)] countries: String,
    password: String,
) -> Result<i64, AppError> {
    crate::services::accounts::require_admin().await?;
    ssr::create_user(&email, &name, &role, &region, &countries, password).await
}

#[server(endpoint = "admin/set-role")]
pub async fn set_role(
    id: i64,
    role: String,
    #[server(default)] region: String,
    #[server(default)] countries: String,
) -> Result<(), AppError> {
    crate::services::accounts::require_admin().await?;
    let role = summit::Role::parse(&role)
        .ok_or_else(|| AppError::Invalid(vec![FieldError::Choice(role.clone())]))?;
    let scope = parse_scope(&region, &countries).map_err(AppError::Invalid)?;
    let storage = crate::api::ssr::storage()?;
    Ok(storage.set_role(id, role, &scope).await?)
}

/// Adds a theme; English is required, the other names fall back to it.
#[server(endpoint = "admin/add-theme")]
pub async fn add_theme(
    slug: String,
    name_en: String,
    #[server(default)] name_ar: String,
    #[server(default)] name_zh: String,
    #[server(default)] name_fr: String,
    #[server(default)] name_ru: String,
    #[server(default)] name_es: String,
) -> Result<(), AppError> {
    use summit::Language::*;
    crate::services::accounts::require_admin().await?;
    let slug =
        summit::Slug::parse(slug.trim()).map_err(|_| AppError::Invalid(vec![FieldError::Slug]))?;
    let name_of = |text: &str| summit::access::parse_name(text).ok();
    let english = name_of(&name_en).ok_or_else(|| {
        AppError::Invalid(vec![FieldError::Account(summit::AccountInputError::Name {
            max: summit::access::NAME_MAX,
        })])
    })?;
    let mut names = vec![(En, english)];
    for (language, text) in [
        (Ar, name_ar),
        (Zh, name_zh),
        (Fr, name_fr),
        (Ru, name_ru),
        (Es, name_es),
    ] {
        if let Some(name) = name_of(&text) {
            names.push((language, name));
        }
    }
    let added = crate::api::ssr::storage()?
        .add_theme(slug.as_str(), &names)
        .await?;
    if added {
        Ok(())
    } else {
        Err(AppError::Invalid(vec![FieldError::Slug]))
    }
}

/// Corrects a briefing's date and attendance. `participants` is empty (not
/// reported), `N` (exactly N) or `N+` (more than N).
#[server(endpoint = "admin/set-briefing")]
pub async fn set_briefing(
    region: String,
    date: String,
    #[server(default)] participants: String,
) -> Result<(), AppError> {
    use summit::Participants;
    crate::services::accounts::require_admin().await?;
    let region = summit::Region::parse(&region).map_err(|_| AppError::NotFound)?;
    let mut errors = Vec::new();
    let date = date.trim().parse::<jiff::civil::Date>().ok();
    if date.is_none() {
        errors.push(FieldError::Date);
    }
    let text = participants.trim();
    let participants = if text.is_empty() {
        Some(Participants::NotReported)
    } else if let Some(n) = text.strip_suffix('+') {
        n.trim().parse().ok().map(Participants::MoreThan)
    } else {
        text.parse().ok().map(Participants::Exactly)
    };
    if participants.is_none() {
        errors.push(FieldError::Choice(text.chars().take(20).collect()));
    }
    let (Some(date), Some(participants)) = (date, participants) else {
        return Err(AppError::Invalid(errors));
    };
    let briefing = summit::Briefing {
        region,
        date,
        participants,
    };
    if crate::api::ssr::storage()?.set_briefing(&briefing).await? {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}

/// Moves a country to a region, or (empty `region`) marks it as served by no
/// UN Country Team.
#[server(endpoint = "admin/set-country-region")]
pub async fn set_country_region(
    code: String,
    #[server(default)] region: String,
) -> Result<(), AppError> {
    crate::services::accounts::require_admin().await?;
    let iso3 = summit::Iso3::parse_any_case(code.trim())
        .map_err(|_| AppError::Invalid(vec![FieldError::Choice(code.clone())]))?;
    let region = match region.trim() {
        "" => None,
        slug => Some(
            summit::Region::parse(slug)
                .map_err(|_| AppError::Invalid(vec![FieldError::Choice(slug.to_owned())]))?,
        ),
    };
    if crate::api::ssr::storage()?
        .set_country_region(iso3, region)
        .await?
    {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}

/// Reschedules a milestone and sets its text in `lang`. `start` and `end` are
/// local `YYYY-MM-DD` days (all-day) or `YYYY-MM-DDTHH:MM` times in `zone`.
#[server(endpoint = "admin/set-milestone")]
pub async fn set_milestone(
    lang: String,
    slug: String,
    start: String,
    #[server(default)] end: String,
    zone: String,
    title: String,
    #[server(default)] description: String,
    #[server(default)] source: String,
) -> Result<(), AppError> {
    let language = crate::api::ssr::language(&lang)?;
    crate::services::accounts::require_admin().await?;
    let slug = summit::Slug::parse(&slug).map_err(|_| AppError::NotFound)?;
    let storage = crate::api::ssr::storage()?;
    let mut milestone = storage.milestone(&slug).await?.ok_or(AppError::NotFound)?;
    let schedule = ssr::schedule(start.trim(), end.trim(), zone.trim())
        .map_err(|e| AppError::Invalid(vec![e]))?;
    // One line of text: a line break in a title would be a new line in the
    // calendar files and feeds that carry it.
    let title: String = title.chars().filter(|c| !c.is_control()).collect();
    let title = title.trim();
    if title.is_empty() || title.chars().count() > 200 {
        return Err(AppError::Invalid(vec![FieldError::Account(
            summit::AccountInputError::Name { max: 200 },
        )]));
    }
    milestone.schedule = schedule;
    let source: String = source.chars().filter(|c| !c.is_control()).collect();
    if !source.trim().is_empty() {
        milestone.source = source.trim().chars().take(500).collect();
    }
    let description: String = description
        .trim()
        .chars()
        .filter(|c| !c.is_control() || *c == '\n')
        .take(2000)
        .collect();
    storage
        .set_milestone(&milestone, language, title, &description)
        .await?;
    Ok(())
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use crate::error::{AppError, FieldError};
    use crate::storage::{CreateUserError, NewUser};
    use summit::Schedule;

    /// Creates an account: the path the admin form, `SUMMIT_ADMIN_EMAIL`
    /// and `server create-admin` share.
    pub async fn create_user_in(
        storage: &crate::storage::SharedStorage,
        email: &str,
        name: &str,
        role: &str,
        region: &str,
        countries: &str,
        password: String,
    ) -> Result<i64, AppError> {
        let mut errors = Vec::new();
        let email = summit::Email::parse(email)
            .map_err(|e| errors.push(e.into()))
            .ok();
        let name = summit::access::parse_name(name)
            .map_err(|e| errors.push(e.into()))
            .ok();
        let role = summit::Role::parse(role)
            .ok_or_else(|| errors.push(FieldError::Choice(role.chars().take(20).collect())))
            .ok();
        let scope = super::parse_scope(region, countries)
            .map_err(|e| errors.extend(e))
            .ok();
        if let Err(e) = summit::access::check_new_password(&password) {
            errors.push(e.into());
        }
        let (Some(email), Some(name), Some(role), Some(scope), true) =
            (email, name, role, scope, errors.is_empty())
        else {
            return Err(AppError::Invalid(errors));
        };
        let password_hash = crate::services::accounts::hash(password).await?;
        storage
            .create_user(NewUser {
                email,
                name,
                role,
                scope,
                password_hash,
            })
            .await
            .map_err(|e| match e {
                CreateUserError::Duplicate => AppError::Invalid(vec![FieldError::EmailTaken]),
                CreateUserError::Storage(_) => AppError::Unavailable,
            })
    }

    pub async fn create_user(
        email: &str,
        name: &str,
        role: &str,
        region: &str,
        countries: &str,
        password: String,
    ) -> Result<i64, AppError> {
        let storage = crate::api::ssr::storage()?;
        create_user_in(&storage, email, name, role, region, countries, password).await
    }

    /// A schedule from form fields: two dates make an all-day range, two
    /// date-times a timed one (the end may be empty).
    pub fn schedule(start: &str, end: &str, zone: &str) -> Result<Schedule, FieldError> {
        use jiff::civil::{Date, DateTime};
        let problem = |e: &dyn std::fmt::Display| FieldError::Schedule(e.to_string());
        // jiff reads "2025-03-30T02:30" as a date too (dropping the time),
        // so a time of day decides the kind of schedule.
        let has_time = |s: &str| s.contains(['T', 't', ' ', ':']);
        if let (false, Ok(first)) = (has_time(start), start.parse::<Date>()) {
            let last = if end.is_empty() {
                first
            } else {
                end.parse::<Date>().map_err(|e| problem(&e))?
            };
            return Schedule::all_day(first, last, zone).map_err(|e| problem(&e));
        }
        let start = start.parse::<DateTime>().map_err(|e| problem(&e))?;
        let end = if end.is_empty() {
            None
        } else {
            Some(end.parse::<DateTime>().map_err(|e| problem(&e))?)
        };
        Schedule::timed(start, end, zone).map_err(|e| problem(&e))
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;
    use summit::Schedule;

    #[test]
    fn dates_make_all_day_schedules_and_times_timed_ones() {
        let all_day = ssr::schedule("2026-11-04", "2026-11-06", "Asia/Qatar").unwrap();
        assert!(matches!(all_day, Schedule::AllDay { .. }));
        let timed = ssr::schedule("2026-11-04T09:30", "", "Asia/Qatar").unwrap();
        assert!(matches!(timed, Schedule::Timed { end: None, .. }));
        assert!(
            ssr::schedule("2025-03-30T02:30", "", "Europe/Berlin").is_err(),
            "DST gap"
        );
        assert!(ssr::schedule("2026-11-06", "2026-11-04", "Asia/Qatar").is_err());
        assert!(ssr::schedule("2026-11-04", "", "Mars/Olympus").is_err());
    }

    #[test]
    fn scopes_read_one_region_and_any_codes() {
        let scope = parse_scope("africa", "per, CHL  per").unwrap();
        assert_eq!(scope.regions, vec![summit::Region::Africa]);
        assert_eq!(scope.countries.len(), 2);
        assert!(parse_scope("", "").unwrap().regions.is_empty());
        assert_eq!(parse_scope("mars", "XX1").unwrap_err().len(), 2);
    }
}
