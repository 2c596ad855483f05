//! E-mail (server only): what a person chose to receive, and in which
//! language; what to send (`plan`); how a message reads (`compose`); and
//! one-click unsubscribe links. Sending through SMTP, with the outbox's
//! retries, is the `server` crate's (`server::mail`).

mod access;
pub mod compose;
pub mod page;
pub mod plan;
mod render;

use crate::error::AppError;
use crate::model::{Account, MailSettings, OutboxStatus};
use crate::services::accounts::{random_hex, token_hash};
use crate::services::storage::{SharedStorage, Unsubscribed};
use summit::{Language, MailKind};

/// Whether the operator configured a mail server (`SUMMIT_SMTP_URL`):
/// provided to every request, so pages can say that nothing is sent.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Sending(pub bool);

/// The request's [`Sending`], for server functions (none provided: not
/// sending).
pub fn sending() -> bool {
    leptos::prelude::use_context::<Sending>().is_some_and(|s| s.0)
}

/// How long an unsubscribe link works: longer than anyone keeps a message
/// unread, short enough that an old leaked one stops working.
pub const UNSUBSCRIBE_DAYS: i64 = 90;

/// The kinds someone in `account`'s role is ever sent.
pub fn kinds_for(account: &Account) -> Vec<MailKind> {
    MailKind::ALL
        .into_iter()
        .filter(|k| k.reaches(account.role))
        .collect()
}

/// `account`'s e-mail choices, as their account page shows them;
/// `sending`: whether the operator configured a mail server.
pub async fn settings(
    storage: &SharedStorage,
    account: &Account,
    sending: bool,
) -> Result<MailSettings, AppError> {
    let off = storage.mail_optouts(account.id).await?;
    let language = storage
        .mail_language(account.id)
        .await?
        .unwrap_or(Language::DEFAULT);
    Ok(MailSettings {
        sending,
        address: account.email.clone(),
        language,
        kinds: kinds_for(account)
            .into_iter()
            .map(|k| (k, !off.contains(&k)))
            .collect(),
    })
}

/// Saves `account`'s choices: the language of their messages, and which of
/// the kinds their role is sent stay on (`on`; the others are turned off).
/// Kinds the role is never sent keep their choice, for a change of role.
pub async fn save_settings(
    storage: &SharedStorage,
    account: &Account,
    language: Language,
    on: &[MailKind],
    sending: bool,
) -> Result<MailSettings, AppError> {
    let before = storage.mail_optouts(account.id).await?;
    let offered = kinds_for(account);
    let off: Vec<MailKind> = MailKind::ALL
        .into_iter()
        .filter(|k| {
            if offered.contains(k) {
                !on.contains(k)
            } else {
                before.contains(k)
            }
        })
        .collect();
    storage
        .set_mail_language(account.id, language, false)
        .await?;
    storage.set_mail_optouts(account.id, &off).await?;
    settings(storage, account, sending).await
}

/// Records the language someone signed in with as their messages' language,
/// unless they chose one.
pub async fn note_language(storage: &SharedStorage, user_id: i64, language: Language) {
    if let Err(error) = storage.set_mail_language(user_id, language, true).await {
        tracing::warn!(%error, "the language of a person's e-mail was not recorded");
    }
}

/// A new unsubscribe link's token for one person and kind: the token for
/// the link, its hash stored. Single-use; expires after
/// [`UNSUBSCRIBE_DAYS`].
pub async fn unsubscribe_token(
    storage: &SharedStorage,
    user_id: i64,
    kind: MailKind,
    language: Language,
    now_ms: i64,
) -> Result<String, AppError> {
    let token = random_hex(32);
    let expires_ms = now_ms.saturating_add(UNSUBSCRIBE_DAYS * 24 * 3600 * 1000);
    storage
        .store_unsubscribe_token(&token_hash(&token), user_id, kind, language, expires_ms)
        .await?;
    Ok(token)
}

/// Uses an unsubscribe link's token.
pub async fn unsubscribe(
    storage: &SharedStorage,
    token: &str,
    now_ms: i64,
) -> Result<Unsubscribed, AppError> {
    let token = token.trim();
    if token.is_empty() || token.len() > 128 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Ok(Unsubscribed::Unknown);
    }
    Ok(storage.unsubscribe(&token_hash(token), now_ms).await?)
}

/// The outbox for the administration page.
pub async fn outbox(storage: &SharedStorage, sending: bool) -> Result<OutboxStatus, AppError> {
    let now_ms = jiff::Timestamp::now().as_millisecond();
    let mut status = storage.outbox_status(now_ms).await?;
    status.sending = sending;
    Ok(status)
}
