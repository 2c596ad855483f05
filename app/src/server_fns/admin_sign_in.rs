//! What administrators decide about signing in: who gets an account at a
//! first sign-in through an identity provider (rules), the requests no rule
//! allowed, and disabled accounts. Every function checks the role on the
//! server.

use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::error::FieldError;
#[cfg(feature = "ssr")]
use crate::services::admin::parse_scope;
#[cfg(feature = "ssr")]
use crate::services::context;
use leptos::prelude::*;

/// Adds a rule: whoever `provider` (empty: any) says matches `claim` =
/// `value` gets an account with `role` and the scope at first sign-in.
#[server(endpoint = "admin/add-sign-in-rule")]
pub async fn add_sign_in_rule(
    #[server(default)] provider: String,
    claim: String,
    value: String,
    role: String,
    #[server(default)] region: String,
    #[server(default)] countries: String,
) -> Result<(), AppError> {
    crate::services::accounts::require_admin().await?;
    let storage = context::storage()?;
    let mut errors = Vec::new();
    let matcher = summit::sign_in::Matcher::parse(&claim, &value)
        .map_err(|e| errors.push(FieldError::Rule(e)))
        .ok();
    let role = crate::services::admin::role_of(&role)
        .map_err(|_| errors.push(FieldError::Choice(role)))
        .ok();
    let scope = parse_scope(&region, &countries)
        .map_err(|e| errors.extend(e))
        .ok();
    let known = crate::services::sign_in::providers()
        .map(|p| p.buttons())
        .unwrap_or_default();
    let provider = (!provider.is_empty()).then_some(provider);
    if let Some(p) = &provider {
        if !known.iter().any(|k| &k.id == p) {
            errors.push(FieldError::Choice(p.chars().take(40).collect()));
        }
    }
    let (Some(matcher), Some(role), Some(scope), true) = (matcher, role, scope, errors.is_empty())
    else {
        return Err(AppError::Invalid(errors));
    };
    storage
        .add_sign_in_rule(provider.as_deref(), &matcher, role, &scope)
        .await?;
    Ok(())
}

#[server(endpoint = "admin/remove-sign-in-rule")]
pub async fn remove_sign_in_rule(id: i64) -> Result<(), AppError> {
    crate::services::accounts::require_admin().await?;
    if context::storage()?.remove_sign_in_rule(id).await? {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}

/// Lets in a person whose first sign-in waited, with `role` and the scope.
#[server(endpoint = "admin/approve-sign-in")]
pub async fn approve_sign_in(
    id: i64,
    role: String,
    #[server(default)] region: String,
    #[server(default)] countries: String,
) -> Result<(), AppError> {
    crate::services::accounts::require_admin().await?;
    let (role, scope) = crate::services::admin::role_and_scope(&role, &region, &countries)?;
    crate::services::sign_in::approve(&context::storage()?, id, role, scope).await
}

#[server(endpoint = "admin/dismiss-sign-in")]
pub async fn dismiss_sign_in(id: i64) -> Result<(), AppError> {
    crate::services::accounts::require_admin().await?;
    match context::storage()?.take_sign_in_request(id).await? {
        Some(_) => Ok(()),
        None => Err(AppError::NotFound),
    }
}

/// Disables an account (`disabled` = "true": its sessions and API tokens
/// end on every instance) or enables it again. Administrators cannot
/// disable themselves, and the last enabled administrator stays.
#[server(endpoint = "admin/set-disabled")]
pub async fn set_account_disabled(id: i64, disabled: String) -> Result<(), AppError> {
    let admin = crate::services::accounts::require_admin().await?;
    let disabled = disabled == "true";
    if disabled && admin.id == id {
        return Err(AppError::Invalid(vec![FieldError::LastAdmin]));
    }
    Ok(context::storage()?.set_disabled(id, disabled).await?)
}
