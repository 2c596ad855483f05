//! What administrators change besides actions: accounts and their scope,
//! themes, briefing facts, the country→region table and milestones.
//! Every function checks the role on the server; the page only hides links.

// A milestone form has eight fields; the client stub `#[server]` generates
// from it takes them as arguments.
#![allow(clippy::too_many_arguments)]

use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::error::FieldError;
use crate::model::AdminData;
#[cfg(feature = "ssr")]
use crate::services::context;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

#[server(input = GetUrl, endpoint = "admin")]
pub async fn admin_overview(lang: String) -> Result<AdminData, AppError> {
    let language = context::language(&lang)?;
    crate::services::accounts::require_admin().await?;
    let storage = context::storage()?;
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
        deadlines: storage.deadlines(language).await?,
        review: storage.review_policy().await?,
        outbox: crate::services::mail::outbox(&storage, crate::services::mail::sending()).await?,
        sign_in: crate::services::sign_in::admin_view(&storage).await?,
    })
}

/// Sets a deadline: the kind's (no `country`) or one country's, before a
/// meeting (`milestone`) or on `due_date` in `zone`; or removes it
/// (`remove` not empty). The rules are in `services::deadlines`.
#[server(endpoint = "admin/set-deadline")]
pub async fn set_deadline(
    kind: String,
    #[server(default)] country: String,
    #[server(default)] milestone: String,
    #[server(default)] due_date: String,
    #[server(default)] zone: String,
    #[server(default)] remove: String,
) -> Result<(), AppError> {
    let account = crate::services::accounts::require_admin().await?;
    let request = crate::services::deadlines::DeadlineRequest {
        kind: &kind,
        country: &country,
        milestone: &milestone,
        date: &due_date,
        zone: &zone,
        remove: !remove.is_empty(),
    };
    crate::services::deadlines::set_deadline(&context::storage()?, &account.actor(), &request).await
}

#[server(endpoint = "admin/create-user")]
pub async fn create_user(
    email: String,
    name: String,
    role: String,
    #[server(default)] region: String,
    #[server(default)] countries: String,
    #[server(default)] password: String,
    #[server(default)] invite: Option<String>,
) -> Result<i64, AppError> {
    crate::services::accounts::require_admin().await?;
    let fields = crate::services::admin::NewAccountFields {
        email: &email,
        name: &name,
        role: &role,
        region: &region,
        countries: &countries,
    };
    if invite.is_some() {
        crate::services::admin::invite_user(fields).await
    } else {
        crate::services::admin::create_user(fields, password).await
    }
}

#[server(endpoint = "admin/set-role")]
pub async fn set_role(
    id: i64,
    role: String,
    #[server(default)] region: String,
    #[server(default)] countries: String,
) -> Result<(), AppError> {
    crate::services::accounts::require_admin().await?;
    let (role, scope) = crate::services::admin::role_and_scope(&role, &region, &countries)?;
    let storage = context::storage()?;
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
    let added = context::storage()?.add_theme(slug.as_str(), &names).await?;
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
    if context::storage()?.set_briefing(&briefing).await? {
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
    if context::storage()?.set_country_region(iso3, region).await? {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}

/// Corrects a country's name in one language (the seed gives UNTERM's or
/// M49's; an administrator's correction is kept by every later seed).
#[server(endpoint = "admin/set-country-name")]
pub async fn set_country_name(code: String, lang: String, name: String) -> Result<(), AppError> {
    crate::services::accounts::require_admin().await?;
    let iso3 = summit::Iso3::parse_any_case(code.trim())
        .map_err(|_| AppError::Invalid(vec![FieldError::Choice(code.clone())]))?;
    let language = summit::Language::parse(lang.trim())
        .ok_or_else(|| AppError::Invalid(vec![FieldError::Choice(lang.clone())]))?;
    let name = summit::access::parse_name(&name)
        .map_err(|e| AppError::Invalid(vec![FieldError::Account(e)]))?;
    if context::storage()?
        .set_country_name(iso3, language, &name)
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
    let language = context::language(&lang)?;
    crate::services::accounts::require_admin().await?;
    let slug = summit::Slug::parse(&slug).map_err(|_| AppError::NotFound)?;
    let storage = context::storage()?;
    let mut milestone = storage.milestone(&slug).await?.ok_or(AppError::NotFound)?;
    let schedule = crate::services::admin::schedule(start.trim(), end.trim(), zone.trim())
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
