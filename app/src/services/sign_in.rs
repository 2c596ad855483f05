//! Signing in through an organisation's identity provider, once the
//! provider has vouched for the person (`server::oidc` speaks the
//! protocol): which account they are, whether one is made for them, and
//! what happens at sign-out.

use crate::error::{AppError, ProviderFailure};
pub use crate::model::ProviderButton;
use crate::services::accounts::User;
use crate::services::storage::{NewUser, SharedStorage, NO_PASSWORD};
use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use summit::sign_in::{first_match, ProviderClaims};
use summit::Language;

/// The configured providers, as the pages and sign-out need them (the
/// server implements this; none configured: no context, passwords only).
#[async_trait]
pub trait IdentityProviders: Send + Sync + 'static {
    fn buttons(&self) -> Vec<ProviderButton>;
    /// Where to send a browser signing out of a session opened at
    /// `provider` with `id_token`, to end the provider's session too, and
    /// then come back to this site's home page in `language`. `None`: the
    /// provider offers no such thing (or cannot be reached).
    async fn end_session_url(
        &self,
        provider: &str,
        id_token: &str,
        language: Language,
    ) -> Option<String>;
}

pub type SharedProviders = Arc<dyn IdentityProviders>;

/// The providers of this request, if any are configured.
pub fn providers() -> Option<SharedProviders> {
    leptos::prelude::use_context::<SharedProviders>()
}

/// What the session keeps of a sign-in at a provider, for sign-out.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ProviderSession {
    pub provider: String,
    pub id_token: String,
}

/// The session key [`ProviderSession`] is kept under.
pub const PROVIDER_SESSION: &str = "summit.oidc.session";

/// How many first sign-ins may wait for an administrator at once: a
/// provider open to many more people than should come in cannot fill the
/// database.
pub const MAX_WAITING: i64 = 500;

/// The account of the person `provider` vouched for:
///
/// 1. the account that signed in at this provider as this subject before;
/// 2. else the account with the same address, when the address can be
///    relied on ([`ProviderClaims::trusted_email`]): the sign-in is linked;
/// 3. else a new account, when a rule allows it (the oldest matching);
/// 4. else nobody: the request waits for an administrator.
///
/// A disabled account signs nobody in.
pub async fn admit(
    storage: &SharedStorage,
    provider: &str,
    claims: &ProviderClaims,
) -> Result<User, AppError> {
    let known = storage.user_by_identity(provider, &claims.subject).await?;
    let id = match known {
        Some(id) => Some(id),
        None => link_by_address(storage, provider, claims).await?,
    };
    let id = match id {
        Some(id) => id,
        None => match create_by_rule(storage, provider, claims).await? {
            Some(id) => id,
            None => {
                storage
                    .request_sign_in(provider, claims, MAX_WAITING)
                    .await?;
                tracing::info!(%provider, "first sign-in waits for an administrator");
                return Err(AppError::ProviderSignIn(ProviderFailure::AwaitingApproval));
            }
        },
    };
    let record = storage.user_by_id(id).await?.ok_or(AppError::Unavailable)?;
    if record.account.disabled {
        return Err(AppError::AccountDisabled);
    }
    Ok(User::from(record))
}

async fn link_by_address(
    storage: &SharedStorage,
    provider: &str,
    claims: &ProviderClaims,
) -> Result<Option<i64>, AppError> {
    let Some(email) = claims.trusted_email() else {
        return Ok(None);
    };
    let Some(record) = storage.user_by_email(email).await? else {
        return Ok(None);
    };
    let id = record.account.id;
    if storage
        .link_identity(id, provider, &claims.subject, email.as_str())
        .await?
    {
        tracing::info!(%provider, user = id, "provider sign-in linked to an account by its address");
    }
    Ok(Some(id))
}

async fn create_by_rule(
    storage: &SharedStorage,
    provider: &str,
    claims: &ProviderClaims,
) -> Result<Option<i64>, AppError> {
    let rules = storage.sign_in_rules().await?;
    let Some(rule) = first_match(&rules, provider, claims) else {
        return Ok(None);
    };
    // An account needs an address to be told of reviews and deadlines.
    let Some(email) = claims.email.clone() else {
        return Ok(None);
    };
    let created = storage
        .create_user_with_identity(
            NewUser {
                email,
                name: claims.display_name(),
                role: rule.role,
                scope: rule.scope.clone(),
                password_hash: NO_PASSWORD.to_owned(),
            },
            provider,
            &claims.subject,
        )
        .await?;
    if let Some(id) = created {
        tracing::info!(%provider, user = id, rule = rule.id, "account created at first sign-in");
    }
    Ok(created)
}

/// An administrator lets in a person whose first sign-in waited: an
/// account with `role` and `scope` (or, when the address is an account's
/// already, that account gets this sign-in).
pub async fn approve(
    storage: &SharedStorage,
    request_id: i64,
    role: summit::Role,
    scope: summit::Scope,
) -> Result<(), AppError> {
    // Removed only once the account exists: a refused approval leaves the
    // request waiting.
    let request = storage
        .sign_in_requests()
        .await?
        .into_iter()
        .find(|r| r.id == request_id)
        .ok_or(AppError::NotFound)?;
    let claims = &request.claims;
    let email =
        claims
            .email
            .clone()
            .ok_or(AppError::Invalid(vec![crate::error::FieldError::Account(
                summit::AccountInputError::Email,
            )]))?;
    let created = storage
        .create_user_with_identity(
            NewUser {
                email: email.clone(),
                name: claims.display_name(),
                role,
                scope,
                password_hash: NO_PASSWORD.to_owned(),
            },
            &request.provider,
            &claims.subject,
        )
        .await?;
    if created.is_none() {
        if let Some(record) = storage.user_by_email(&email).await? {
            storage
                .link_identity(
                    record.account.id,
                    &request.provider,
                    &claims.subject,
                    email.as_str(),
                )
                .await?;
        }
    }
    storage.take_sign_in_request(request_id).await?;
    Ok(())
}

/// The administration page's section: the providers, the rules (oldest
/// first) and the waiting requests.
pub async fn admin_view(storage: &SharedStorage) -> Result<crate::model::SignInAdmin, AppError> {
    Ok(crate::model::SignInAdmin {
        providers: providers().map(|p| p.buttons()).unwrap_or_default(),
        rules: storage.sign_in_rules().await?,
        requests: storage.sign_in_requests().await?,
    })
}
