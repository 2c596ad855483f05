//! Signing in and out, changing one's password, and bearer tokens: the
//! server functions. The rules (limits, hashing, sessions) live in
//! `services::accounts`.

use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::error::FieldError;
use crate::model::{Account, TokenInfo};
#[cfg(feature = "ssr")]
use crate::services::accounts as ssr;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

/// The signed-in account, or `None`. GET: it only reads the session.
#[server(input = GetUrl, endpoint = "me")]
pub async fn current_account() -> Result<Option<Account>, AppError> {
    Ok(ssr::session().await?.user.map(|u| u.account))
}

/// Signs in with e-mail and password. On success the browser goes to `next`
/// when it is a path on this site (judged as a browser reads it, see
/// `security::same_site_path`), to the account page when `next` is empty,
/// and home otherwise.
#[server(endpoint = "sign-in")]
pub async fn sign_in(
    lang: String,
    email: String,
    password: String,
    #[server(default)] next: String,
) -> Result<Account, AppError> {
    let language = crate::services::context::language(&lang)?;
    let mut session = ssr::session().await?;
    let storage = crate::services::context::storage()?;
    let limits = ssr::limits();
    let device = ssr::device_cookie();
    let attempt = ssr::Attempt {
        addr: ssr::client_addr(),
        email: &email,
        password: &password,
        device: device.as_deref(),
    };
    let user = ssr::authenticate(&storage, limits.as_deref(), attempt).await?;
    session.login(&user).await.map_err(|error| {
        tracing::error!(%error, "cannot store the session");
        AppError::Unavailable
    })?;
    ssr::remember_device(&storage, &user).await?;
    crate::services::mail::note_language(&storage, user.account.id, language).await;
    let to = if next.is_empty() {
        format!("/{}/account", language.code())
    } else {
        crate::security::same_site_path(&next).unwrap_or_else(|| format!("/{}/", language.code()))
    };
    crate::security::redirect(&to);
    Ok(user.account)
}

#[server(endpoint = "sign-out")]
pub async fn sign_out(lang: String) -> Result<(), AppError> {
    let language = crate::services::context::language(&lang)?;
    let mut session = ssr::session().await?;
    let mut to = format!("/{}/", language.code());
    if session.user.is_some() {
        use crate::services::sign_in::{providers, ProviderSession, PROVIDER_SESSION};
        // Read before the session ends: signed in at a provider, the
        // browser goes on to end the provider's session too (RP-initiated
        // logout), and the provider sends it back home.
        let at_provider: Option<ProviderSession> =
            session.session.get(PROVIDER_SESSION).await.ok().flatten();
        if let (Some(kept), Some(providers)) = (at_provider, providers()) {
            if let Some(url) = providers
                .end_session_url(&kept.provider, &kept.id_token, language)
                .await
            {
                to = url;
            }
        }
        session.logout().await.map_err(|error| {
            tracing::error!(%error, "cannot end the session");
            AppError::Unavailable
        })?;
        // The browser forgets what it kept of this person's pages (its HTTP
        // and back/forward caches); the service worker never kept them.
        if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
            response.insert_header(
                http::HeaderName::from_static("clear-site-data"),
                http::HeaderValue::from_static("\"cache\""),
            );
        }
    }
    crate::security::redirect(&to);
    Ok(())
}

/// Changes the signed-in account's password. Every other session of the
/// account ends (axum-login compares the session's password hash); this one
/// stays signed in.
#[server(endpoint = "change-password")]
pub async fn change_password(
    current_password: String,
    new_password: String,
    repeat_password: String,
) -> Result<(), AppError> {
    let mut session = ssr::session().await?;
    let user = session.user.clone().ok_or(AppError::SignInRequired)?;
    let mut errors = Vec::new();
    if let Err(e) = summit::access::check_new_password(&new_password) {
        errors.push(FieldError::Account(e));
    } else if new_password != repeat_password {
        errors.push(FieldError::PasswordsDiffer);
    }
    if !ssr::confirm_password(&user, current_password).await? {
        errors.push(FieldError::CurrentPassword);
    }
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let hash = ssr::hash(new_password).await?;
    let storage = crate::services::context::storage()?;
    storage.set_password(user.account.id, &hash).await?;
    let updated = storage
        .user_by_id(user.account.id)
        .await?
        .ok_or(AppError::SignInRequired)?;
    session
        .login(&ssr::User::from(updated))
        .await
        .map_err(|_| AppError::Unavailable)?;
    // The form is a plain POST (no wasm): the account page confirms the
    // change when it is opened with `?password=changed`.
    let language = crate::security::referring_language().unwrap_or(summit::Language::DEFAULT);
    crate::security::redirect(&format!("/{}/account?password=changed", language.code()));
    Ok(())
}

/// A new bearer token for the signed-in account: the secret is in the answer
/// once and never again (only its SHA-256 is stored).
#[server(endpoint = "create-token")]
pub async fn create_token(label: String) -> Result<(TokenInfo, String), AppError> {
    let account = ssr::require_account().await?;
    ssr::issue_token(
        &crate::services::context::storage()?,
        account.id,
        &ssr::token_label(&label),
    )
    .await
}

#[server(input = GetUrl, endpoint = "tokens")]
pub async fn my_tokens() -> Result<Vec<TokenInfo>, AppError> {
    let account = ssr::require_account().await?;
    Ok(crate::services::context::storage()?
        .tokens(account.id)
        .await?)
}

/// Revokes a token of the signed-in account (administrators: anyone's).
#[server(endpoint = "revoke-token")]
pub async fn revoke_token(id: i64) -> Result<(), AppError> {
    let account = ssr::require_account().await?;
    let storage = crate::services::context::storage()?;
    let token = storage.token(id).await?.ok_or(AppError::NotFound)?;
    if token.user_id != account.id && account.role != summit::Role::Admin {
        return Err(AppError::Forbidden);
    }
    storage.revoke_token(id).await?;
    Ok(())
}
