//! Accounts on the server: the axum-login backend, password hashing,
//! checking credentials under the sign-in limits, bearer tokens, and the
//! device cookie that lets a browser which signed in before past a lockout.

use crate::error::AppError;
use crate::model::{Account, TokenInfo};
use crate::services::limits::{FailureKey, LoginLimits};
use crate::services::recent::Recent;
use crate::services::shared_reads::MAX_AGE;
use crate::services::storage::{SharedStorage, StorageError, UserRecord};
use axum_login::{AuthUser, AuthnBackend, UserId};
use std::net::IpAddr;
use std::sync::{Arc, LazyLock};
use summit::Email;

/// A signed-in account with the password hash its session is bound to.
#[derive(Clone)]
pub struct User {
    pub account: Account,
    pub password_hash: String,
    /// What its sessions are bound to: the password hash, and the
    /// account's session generation once that has moved.
    session_key: String,
}

impl std::fmt::Debug for User {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("User")
            .field("id", &self.account.id)
            .finish_non_exhaustive()
    }
}

impl From<UserRecord> for User {
    fn from(r: UserRecord) -> Self {
        // Generation 0 keeps the plain hash, so sessions opened before
        // generations existed stay valid.
        let session_key = match r.session_epoch {
            0 => r.password_hash.clone(),
            epoch => format!("{}\0{epoch}", r.password_hash),
        };
        User {
            account: r.account,
            password_hash: r.password_hash,
            session_key,
        }
    }
}

impl AuthUser for User {
    type Id = i64;

    fn id(&self) -> i64 {
        self.account.id
    }

    /// A new password ends every session opened with the old one, and so
    /// does a new session generation (a disabled account, a password
    /// chosen through an e-mailed link).
    fn session_auth_hash(&self) -> &[u8] {
        self.session_key.as_bytes()
    }
}

/// The axum-login backend: accounts from the storage. Signing in goes
/// through [`authenticate`], which adds the limits; axum-login itself only
/// loads the user of a session, on every request, which [`Recent`] keeps
/// for a second under the storage's `accounts_version`.
#[derive(Clone)]
pub struct AuthBackend {
    storage: SharedStorage,
    users: Arc<Recent<i64, User>>,
}

impl AuthBackend {
    /// At most [`KEPT_USERS`] accounts kept, each for [`MAX_AGE`].
    pub fn new(storage: SharedStorage) -> Self {
        AuthBackend {
            storage,
            users: Arc::new(Recent::new(MAX_AGE, KEPT_USERS)),
        }
    }
}

/// How many signed-in accounts are kept at most (a few KB each): more
/// editors than are signed in at once anywhere.
const KEPT_USERS: usize = 4096;

pub struct Credentials {
    pub email: Email,
    pub password: String,
}

impl AuthnBackend for AuthBackend {
    type User = User;
    type Credentials = Credentials;
    type Error = StorageError;

    async fn authenticate(&self, creds: Credentials) -> Result<Option<User>, StorageError> {
        let record = self.storage.user_by_email(&creds.email).await?;
        Ok(check_password(record, creds.password).await)
    }

    async fn get_user(&self, id: &UserId<Self>) -> Result<Option<User>, StorageError> {
        let version = self.storage.accounts_version();
        if let Some(user) = self.users.get(id, version) {
            return Ok(Some(user));
        }
        // A disabled account has no session anywhere: every instance reads
        // its accounts again within MAX_AGE.
        let user = self
            .storage
            .user_by_id(*id)
            .await?
            .filter(|r| !r.account.disabled)
            .map(User::from);
        if let Some(user) = &user {
            self.users.put(*id, version, user.clone());
        }
        Ok(user)
    }
}

pub type AuthSession = axum_login::AuthSession<AuthBackend>;

static DUMMY_HASH: LazyLock<String> =
    LazyLock::new(|| password_auth::generate_hash("not a password anyone has"));

/// The account if `password` is its password. An unknown address is hashed
/// against a dummy too, so the time taken does not tell which addresses
/// have accounts.
async fn check_password(record: Option<UserRecord>, password: String) -> Option<User> {
    let hash = record
        .as_ref()
        .map_or_else(|| DUMMY_HASH.clone(), |r| r.password_hash.clone());
    let ok = verify(password, hash).await;
    record.filter(|_| ok).map(User::from)
}

/// Checks a password against a PHC hash off the async threads (argon2 is
/// deliberately slow).
pub async fn verify(password: String, hash: String) -> bool {
    tokio::task::spawn_blocking(move || password_auth::verify_password(password, &hash).is_ok())
        .await
        .unwrap_or(false)
}

/// An argon2id PHC hash of a new password.
pub async fn hash(password: String) -> Result<String, AppError> {
    tokio::task::spawn_blocking(move || password_auth::generate_hash(password))
        .await
        .map_err(|error| {
            tracing::error!(%error, "hashing failed");
            AppError::Unavailable
        })
}

/// The client's address as the server determined it (see
/// `server::http::guard::client_addr`), for per-address rate limits.
#[derive(Clone, Copy, Debug)]
pub struct ClientAddr(pub IpAddr);

pub fn client_addr() -> Option<IpAddr> {
    leptos::prelude::use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<ClientAddr>().map(|a| a.0))
}

/// The limits the server provided for this request.
pub fn limits() -> Option<Arc<LoginLimits>> {
    leptos::prelude::use_context::<Arc<LoginLimits>>()
}

/// One sign-in attempt, from the form or `POST /api/v1/tokens`.
pub struct Attempt<'a> {
    pub addr: Option<IpAddr>,
    pub email: &'a str,
    pub password: &'a str,
    /// The device cookie the browser sent, if any.
    pub device: Option<&'a str>,
}

/// Checks e-mail and password under the limits (see `services::limits`):
/// the one path every sign-in takes. A refused attempt is never verified,
/// so the answer (429) says nothing about the password.
pub async fn authenticate(
    storage: &SharedStorage,
    limits: Option<&LoginLimits>,
    attempt: Attempt<'_>,
) -> Result<User, AppError> {
    let email = Email::parse(attempt.email).map_err(|_| AppError::BadCredentials)?;
    let record = storage.user_by_email(&email).await?;
    let device = match (attempt.device, &record) {
        (Some(token), Some(record)) => {
            let hash = token_hash(token);
            (storage.device_owner(&hash).await? == Some(record.account.id)).then_some(hash)
        }
        _ => None,
    };
    let keys = match device {
        Some(hash) => vec![FailureKey::Device(hash)],
        None => vec![
            FailureKey::AccountAt(email.as_str().to_owned(), attempt.addr),
            FailureKey::Account(email.as_str().to_owned()),
        ],
    };
    if let Some(limits) = limits {
        if !limits.admit(attempt.addr, &keys).await? {
            tracing::warn!(addr = ?attempt.addr, "sign-in limit reached");
            return Err(AppError::TooManyAttempts);
        }
    }
    match check_password(record, attempt.password.to_owned()).await {
        // Said only to whoever knows the password.
        Some(user) if user.account.disabled => Err(AppError::AccountDisabled),
        Some(user) => Ok(user),
        None => {
            if let Some(limits) = limits {
                limits.record_failure(&keys).await;
            }
            Err(AppError::BadCredentials)
        }
    }
}

/// The current password on the change-password form: at most 5 wrong ones
/// per account, then one a minute (429), so an open session cannot be used
/// to guess it.
pub async fn confirm_password(user: &User, password: String) -> Result<bool, AppError> {
    let key = [FailureKey::PasswordChange(user.account.id)];
    let limits = limits();
    if let Some(limits) = limits.as_deref() {
        if limits.exhausted(&key[0]).await? {
            return Err(AppError::TooManyAttempts);
        }
    }
    let ok = verify(password, user.password_hash.clone()).await;
    if !ok {
        if let Some(limits) = limits {
            limits.record_failure(&key).await;
        }
    }
    Ok(ok)
}

/// The cookie that marks a browser which signed in to an account before:
/// random, stored only as a hash, sent only to the sign-in endpoints.
pub const DEVICE_COOKIE: &str = "summit_device";

/// The device cookie of this request, if any.
pub fn device_cookie() -> Option<String> {
    let parts = leptos::prelude::use_context::<http::request::Parts>()?;
    parts
        .headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == DEVICE_COOKIE)
        .map(|(_, value)| value.trim().to_owned())
        .filter(|value| !value.is_empty() && value.len() <= 128)
}

/// After a successful sign-in: makes sure this browser carries a device
/// cookie for `user` (a new one unless it already has one for them).
pub async fn remember_device(storage: &SharedStorage, user: &User) -> Result<(), AppError> {
    if let Some(token) = device_cookie() {
        if storage.device_owner(&token_hash(&token)).await? == Some(user.account.id) {
            return Ok(());
        }
    }
    let token = random_hex(32);
    storage
        .trust_device(user.account.id, &token_hash(&token))
        .await?;
    if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
        let cookie = format!(
            "{DEVICE_COOKIE}={token}; Path=/api; Max-Age=31536000; HttpOnly; SameSite=Strict"
        );
        if let Ok(value) = http::HeaderValue::from_str(&cookie) {
            response.append_header(http::header::SET_COOKIE, value);
        }
    }
    Ok(())
}

pub async fn session() -> Result<AuthSession, AppError> {
    leptos_axum::extract::<AuthSession>()
        .await
        .map_err(|error| {
            tracing::error!(%error, "no auth session on the request");
            AppError::Unavailable
        })
}

/// The signed-in account, or 401.
pub async fn require_account() -> Result<Account, AppError> {
    session()
        .await?
        .user
        .map(|u| u.account)
        .ok_or(AppError::SignInRequired)
}

/// The signed-in administrator, or 401/403.
pub async fn require_admin() -> Result<Account, AppError> {
    let account = require_account().await?;
    if account.role == summit::Role::Admin {
        Ok(account)
    } else {
        Err(AppError::Forbidden)
    }
}

/// Bytes as lower-case hex.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// `len` random bytes from the thread's CSPRNG, as hex.
pub fn random_hex(len: usize) -> String {
    use rand::RngCore;
    let mut bytes = vec![0u8; len];
    rand::rng().fill_bytes(&mut bytes);
    hex(&bytes)
}

/// SHA-256 of a token, hex: what the database keeps.
pub fn token_hash(token: &str) -> String {
    crate::security::sha256_hex(token)
}

/// Creates a random token (256 bits, prefixed so scanners can spot
/// leaked ones) and stores its hash.
pub async fn issue_token(
    storage: &SharedStorage,
    user_id: i64,
    label: &str,
) -> Result<(TokenInfo, String), AppError> {
    let token = format!("sst_{}", random_hex(32));
    let info = storage
        .create_token(user_id, &token_hash(&token), label)
        .await?;
    Ok((info, token))
}

/// A token's label as its owner typed it: trimmed, no control characters,
/// at most 80 characters.
pub fn token_label(label: &str) -> String {
    label
        .trim()
        .chars()
        .filter(|c| !c.is_control())
        .take(80)
        .collect()
}
