//! The rules of what administrators change besides actions: creating
//! accounts (the form, `SUMMIT_ADMIN_EMAIL` and `server create-admin` share
//! one path) or inviting people by e-mail, editors' scopes, and milestone
//! schedules from form fields.

use crate::error::{AppError, FieldError};
use crate::services::storage::{CreateUserError, NewUser, SharedStorage, NO_PASSWORD};
use summit::Schedule;

/// A role from a form's choice, or why not.
pub fn role_of(role: &str) -> Result<summit::Role, AppError> {
    summit::Role::parse(role)
        .ok_or_else(|| AppError::Invalid(vec![FieldError::Choice(role.chars().take(20).collect())]))
}

/// A role and a scope from a form's fields (an account's, or an approved
/// first sign-in's).
pub fn role_and_scope(
    role: &str,
    region: &str,
    countries: &str,
) -> Result<(summit::Role, summit::Scope), AppError> {
    let role = role_of(role)?;
    let scope = parse_scope(region, countries).map_err(AppError::Invalid)?;
    Ok((role, scope))
}

/// The fields of a new account as a form sends them.
#[derive(Clone, Copy, Debug)]
pub struct NewAccountFields<'a> {
    pub email: &'a str,
    pub name: &'a str,
    pub role: &'a str,
    pub region: &'a str,
    pub countries: &'a str,
}

/// Creates an account: the path the admin form, `SUMMIT_ADMIN_EMAIL`
/// and `server create-admin` share.
pub async fn create_user_in(
    storage: &SharedStorage,
    email: &str,
    name: &str,
    role: &str,
    region: &str,
    countries: &str,
    password: String,
) -> Result<i64, AppError> {
    let fields = NewAccountFields {
        email,
        name,
        role,
        region,
        countries,
    };
    create_account(storage, fields, Some(password)).await
}

/// Creates an account with `password`, or with none (`None`: an
/// invitation, whose holder chooses one).
async fn create_account(
    storage: &SharedStorage,
    fields: NewAccountFields<'_>,
    password: Option<String>,
) -> Result<i64, AppError> {
    let mut errors = Vec::new();
    let email = summit::Email::parse(fields.email)
        .map_err(|e| errors.push(e.into()))
        .ok();
    let name = summit::access::parse_name(fields.name)
        .map_err(|e| errors.push(e.into()))
        .ok();
    let role = summit::Role::parse(fields.role)
        .ok_or_else(|| errors.push(FieldError::Choice(fields.role.chars().take(20).collect())))
        .ok();
    let scope = parse_scope(fields.region, fields.countries)
        .map_err(|e| errors.extend(e))
        .ok();
    if let Some(Err(e)) = password.as_deref().map(summit::access::check_new_password) {
        errors.push(e.into());
    }
    let (Some(email), Some(name), Some(role), Some(scope), true) =
        (email, name, role, scope, errors.is_empty())
    else {
        return Err(AppError::Invalid(errors));
    };
    let password_hash = match password {
        Some(password) => crate::services::accounts::hash(password).await?,
        None => NO_PASSWORD.to_owned(),
    };
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

pub async fn create_user(fields: NewAccountFields<'_>, password: String) -> Result<i64, AppError> {
    let storage = crate::services::context::storage()?;
    create_account(&storage, fields, Some(password)).await
}

/// Creates an account without a password and e-mails its holder a link to
/// choose one (a week to use it; `summit::sign_in::LinkPurpose`). Needs
/// e-mail to go out.
pub async fn invite_user(fields: NewAccountFields<'_>) -> Result<i64, AppError> {
    // The form offers invitations only when e-mail goes out.
    if !crate::services::mail::sending() {
        return Err(AppError::Invalid(vec![FieldError::Choice("invite".into())]));
    }
    let storage = crate::services::context::storage()?;
    let id = create_account(&storage, fields, None).await?;
    // Written in the language of the page the administrator invited from,
    // until the person chooses their own.
    if let Some(language) = crate::security::referring_language() {
        crate::services::mail::note_language(&storage, id, language).await;
    }
    crate::services::access_links::send_link(
        &storage,
        id,
        summit::sign_in::LinkPurpose::Invitation,
    )
    .await?;
    tracing::info!(user = id, "invitation queued");
    Ok(id)
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

/// Parses the scope fields of the user forms: one region (or none) and
/// ISO3 codes separated by spaces or commas.
pub fn parse_scope(region: &str, countries: &str) -> Result<summit::Scope, Vec<FieldError>> {
    let mut errors = Vec::new();
    let regions = match region.trim() {
        "" => Vec::new(),
        // Every region: a reviewer (or editor) of everything.
        "all" => summit::Region::ALL.to_vec(),
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

#[cfg(test)]
mod tests {
    use super::*;
    use summit::Schedule;

    #[test]
    fn dates_make_all_day_schedules_and_times_timed_ones() {
        let all_day = schedule("2026-11-04", "2026-11-06", "Asia/Qatar").unwrap();
        assert!(matches!(all_day, Schedule::AllDay { .. }));
        let timed = schedule("2026-11-04T09:30", "", "Asia/Qatar").unwrap();
        assert!(matches!(timed, Schedule::Timed { end: None, .. }));
        assert!(
            schedule("2025-03-30T02:30", "", "Europe/Berlin").is_err(),
            "DST gap"
        );
        assert!(schedule("2026-11-06", "2026-11-04", "Asia/Qatar").is_err());
        assert!(schedule("2026-11-04", "", "Mars/Olympus").is_err());
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
