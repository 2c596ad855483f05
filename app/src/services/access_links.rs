//! Links sent by e-mail to choose a password: a reset the person asks for
//! on the sign-in page, an invitation an administrator sends. After OWASP's
//! Forgot Password Cheat Sheet:
//!
//! - the same answer, taking the same time, whether an account has the
//!   address or not (the work is done after the answer);
//! - limited per address and per client like signing in (`services::limits`);
//! - the token is random (256 bits), made when the message is sent, stored
//!   only as a SHA-256, single-use, and expiring (`summit::sign_in::LinkPurpose`);
//!   a newer link replaces an older one;
//! - choosing the password ends every session of the account, and does not
//!   sign anyone in: the person signs in with the new password.

use crate::error::AppError;
use crate::model::MailPayload;
use crate::services::accounts::{random_hex, token_hash};
use crate::services::limits::{FailureKey, LoginLimits};
use crate::services::storage::{MailBatch, NewMail, SharedStorage, StorageError};
use std::net::IpAddr;
use summit::sign_in::LinkPurpose;
use summit::Email;

fn now_ms() -> i64 {
    jiff::Timestamp::now().as_millisecond()
}

/// Queues the message carrying a new link for `user_id`.
pub async fn send_link(
    storage: &SharedStorage,
    user_id: i64,
    purpose: LinkPurpose,
) -> Result<(), StorageError> {
    let now = now_ms();
    let link = storage.create_access_link(user_id, purpose, now).await?;
    let batch = MailBatch {
        messages: vec![NewMail {
            dedupe_key: format!("access-{link}"),
            user_id,
            payload: MailPayload::Access { link, purpose },
        }],
        ..MailBatch::default()
    };
    storage.enqueue_mail(&batch, now).await?;
    Ok(())
}

/// Someone asks for a link to choose a new password for `email`. Answers
/// the same whatever the address: `Ok` once the request is within the
/// limits; the link goes out only to an enabled account's address.
pub async fn request_reset(
    storage: &SharedStorage,
    limits: Option<&LoginLimits>,
    addr: Option<IpAddr>,
    email: &str,
) -> Result<(), AppError> {
    let email = Email::parse(email).map_err(|e| AppError::Invalid(vec![e.into()]))?;
    let keys = [
        FailureKey::ResetAt(addr),
        FailureKey::Reset(email.as_str().to_owned()),
    ];
    if let Some(limits) = limits {
        if !limits.admit(addr, &keys).await? {
            tracing::warn!(?addr, "password reset limit reached");
            return Err(AppError::TooManyAttempts);
        }
        // Every request counts, not only failed ones: each may send mail.
        limits.record_failure(&keys).await;
    }
    let storage = storage.clone();
    // After the answer: whether the address has an account takes no
    // visible time.
    tokio::spawn(async move {
        let found = match storage.user_by_email(&email).await {
            Ok(found) => found,
            Err(error) => {
                tracing::warn!(%error, "password reset not sent");
                return;
            }
        };
        match found {
            Some(record) if !record.account.disabled => {
                if let Err(error) = send_link(&storage, record.account.id, LinkPurpose::Reset).await
                {
                    tracing::warn!(%error, "password reset not queued");
                }
            }
            _ => tracing::info!("password reset asked for an address with no enabled account"),
        }
    });
    Ok(())
}

/// For the sender: a fresh token for link `id`, stored as its hash, or
/// `None` when the link was used, replaced or is too old to send.
pub async fn mint(
    storage: &SharedStorage,
    id: i64,
    now_ms: i64,
) -> Result<Option<String>, StorageError> {
    let token = random_hex(32);
    Ok(storage
        .mint_access_link(id, &token_hash(&token), now_ms)
        .await?
        .map(|_| token))
}

/// What the page a link opens shows: the account's address and why it
/// came, or `None` when the link does not work (any more).
pub async fn look(
    storage: &SharedStorage,
    token: &str,
) -> Result<Option<(String, LinkPurpose)>, AppError> {
    if token.is_empty() || token.len() > 128 {
        return Ok(None);
    }
    let Some(holder) = storage.access_link(&token_hash(token), now_ms()).await? else {
        return Ok(None);
    };
    let Some(record) = storage.user_by_id(holder.user_id).await? else {
        return Ok(None);
    };
    Ok(Some((record.account.email, holder.purpose)))
}

/// Sets the password the link's holder chose, using the link (and every
/// other of the account's) and ending the account's sessions.
pub async fn choose_password(
    storage: &SharedStorage,
    token: &str,
    password: String,
    confirmation: &str,
) -> Result<LinkPurpose, AppError> {
    use crate::error::FieldError;
    if password != confirmation {
        return Err(AppError::Invalid(vec![FieldError::PasswordsDiffer]));
    }
    summit::access::check_new_password(&password).map_err(|e| AppError::Invalid(vec![e.into()]))?;
    if token.is_empty() || token.len() > 128 {
        return Err(AppError::LinkExpired);
    }
    let hash = crate::services::accounts::hash(password).await?;
    let holder = storage
        .redeem_access_link(&token_hash(token), &hash, now_ms())
        .await?
        .ok_or(AppError::LinkExpired)?;
    tracing::info!(
        user = holder.user_id,
        purpose = holder.purpose.slug(),
        "password chosen through a link"
    );
    Ok(holder.purpose)
}
