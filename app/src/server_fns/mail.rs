//! A person's e-mail choices: which kinds of message they receive and in
//! which language. The rules are in `summit::mail` and `services::mail`.

use crate::error::AppError;
use crate::model::MailSettings;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

/// The signed-in account's e-mail choices.
#[server(input = GetUrl, endpoint = "mail-settings")]
pub async fn my_mail_settings() -> Result<MailSettings, AppError> {
    let account = crate::services::accounts::require_account().await?;
    let storage = crate::services::context::storage()?;
    crate::services::mail::settings(&storage, &account, crate::services::mail::sending()).await
}

/// Saves the signed-in account's e-mail choices: the language of its
/// messages, and a checkbox per kind of message (ticked: send it). A kind
/// the account's role is never sent may be ticked or not: it changes
/// nothing. A plain form POST: the account page says so when it is opened
/// with `?mail=saved`.
#[server(endpoint = "set-mail-settings")]
pub async fn set_mail_settings(
    language: String,
    #[server(default)] returned: Option<String>,
    #[server(default)] approved: Option<String>,
    #[server(default)] due_soon: Option<String>,
    #[server(default)] overdue: Option<String>,
    #[server(default)] digest: Option<String>,
) -> Result<(), AppError> {
    use crate::error::FieldError;
    use summit::MailKind;
    let account = crate::services::accounts::require_account().await?;
    let language = summit::Language::parse(language.trim()).ok_or_else(|| {
        AppError::Invalid(vec![FieldError::Choice(
            language.chars().take(40).collect(),
        )])
    })?;
    let ticked = |value: &Option<String>| value.as_deref().is_some_and(|v| !v.is_empty());
    let on: Vec<MailKind> = [
        (MailKind::Returned, returned),
        (MailKind::Approved, approved),
        (MailKind::DueSoon, due_soon),
        (MailKind::Overdue, overdue),
        (MailKind::Digest, digest),
    ]
    .into_iter()
    .filter(|(_, value)| ticked(value))
    .map(|(kind, _)| kind)
    .collect();
    let storage = crate::services::context::storage()?;
    crate::services::mail::save_settings(
        &storage,
        &account,
        language,
        &on,
        crate::services::mail::sending(),
    )
    .await?;
    let page = crate::security::referring_language().unwrap_or(summit::Language::DEFAULT);
    crate::security::redirect(&format!("/{}/account?mail=saved#mail", page.code()));
    Ok(())
}
