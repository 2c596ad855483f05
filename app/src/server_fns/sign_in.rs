//! Signing in beyond the password form: what the sign-in page offers, and
//! the e-mailed links to choose a password (`services::access_links`).
//! The identity providers' own addresses are the server's
//! (`server::http::oidc`), not server functions.

use crate::error::AppError;
use crate::model::{SignInMethods, SignInOptions};
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

/// The identity providers' buttons, and whether a forgotten password can be
/// reset by e-mail.
#[server(input = GetUrl, endpoint = "sign-in-options")]
pub async fn sign_in_choices() -> Result<SignInOptions, AppError> {
    Ok(SignInOptions {
        providers: crate::services::sign_in::providers()
            .map(|p| p.buttons())
            .unwrap_or_default(),
        mail: crate::services::mail::sending(),
    })
}

/// How the signed-in account signs in: a password, providers, or both.
#[server(input = GetUrl, endpoint = "me/sign-ins")]
pub async fn my_sign_ins() -> Result<SignInMethods, AppError> {
    let user = crate::services::accounts::session()
        .await?
        .user
        .ok_or(AppError::SignInRequired)?;
    let storage = crate::services::context::storage()?;
    let names = crate::services::sign_in::providers()
        .map(|p| p.buttons())
        .unwrap_or_default();
    let providers = storage
        .identities(user.account.id)
        .await?
        .into_iter()
        .map(|mut identity| {
            if let Some(known) = names.iter().find(|b| b.id == identity.provider) {
                identity.provider = known.name.clone();
            }
            identity
        })
        .collect();
    Ok(SignInMethods {
        password: user.password_hash != crate::services::storage::NO_PASSWORD,
        providers,
    })
}

/// Asks for a link to choose a new password. The answer is the same for
/// any address (the page then says "if an account has this address…"):
/// only a malformed address or the limits (429) answer otherwise.
#[server(endpoint = "password-reset")]
pub async fn request_password_reset(lang: String, email: String) -> Result<(), AppError> {
    let language = crate::services::context::language(&lang)?;
    // No mail server configured: there is no such thing here.
    if !crate::services::mail::sending() {
        return Err(AppError::NotFound);
    }
    let storage = crate::services::context::storage()?;
    let limits = crate::services::accounts::limits();
    crate::services::access_links::request_reset(
        &storage,
        limits.as_deref(),
        crate::services::accounts::client_addr(),
        &email,
    )
    .await?;
    crate::security::redirect(&format!("/{}/password-reset?sent=1", language.code()));
    Ok(())
}

/// The address and purpose of a link to choose a password, as its page
/// shows them (`None`: the link does not work).
#[server(input = GetUrl, endpoint = "access-link")]
pub async fn access_link(
    token: String,
) -> Result<Option<(String, summit::sign_in::LinkPurpose)>, AppError> {
    let storage = crate::services::context::storage()?;
    crate::services::access_links::look(&storage, &token).await
}

/// Sets the password through an e-mailed link; the browser then goes to the
/// sign-in page, which says the password was set.
#[server(endpoint = "set-password")]
pub async fn set_password_with_link(
    lang: String,
    token: String,
    new_password: String,
    repeat_password: String,
) -> Result<(), AppError> {
    let language = crate::services::context::language(&lang)?;
    let storage = crate::services::context::storage()?;
    crate::services::access_links::choose_password(
        &storage,
        &token,
        new_password,
        &repeat_password,
    )
    .await?;
    crate::security::redirect(&format!("/{}/sign-in?password=set", language.code()));
    Ok(())
}
