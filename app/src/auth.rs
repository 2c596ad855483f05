//! Signing in and out, changing one's password, and bearer tokens: the
//! server functions, and (server only) the axum-login backend and the
//! sign-in rate limits they rely on.

use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::error::{with_status, FieldError};
use crate::model::{Account, TokenInfo};
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

/// The signed-in account, or `None`. GET: it only reads the session.
#[server(input = GetUrl, endpoint = "me")]
pub async fn current_account() -> Result<Option<Account>, AppError> {
    Ok(ssr::session().await?.user.map(|u| u.account))
}

/// Signs in with e-mail and password. On success the browser goes to `next`
/// when it is a path on this site, else to the account page.
#[server(endpoint = "sign-in")]
pub async fn sign_in(
    lang: String,
    email: String,
    password: String,
    #[server(default)] next: String,
) -> Result<Account, AppError> {
    let mut session = ssr::session().await?;
    let addr = ssr::client_addr();
    let account = ssr::check_credentials(&session.backend, addr, &email, &password)
        .await
        .map_err(with_status)?;
    session.login(&account).await.map_err(|error| {
        tracing::error!(%error, "cannot store the session");
        with_status(AppError::Unavailable)
    })?;
    let language = crate::api::ssr::language(&lang)?;
    let to = if next.starts_with('/') && !next.starts_with("//") && !next.contains('\\') {
        next
    } else {
        format!("/{}/account", language.code())
    };
    leptos_axum::redirect(&to);
    Ok(account.account)
}

#[server(endpoint = "sign-out")]
pub async fn sign_out(lang: String) -> Result<(), AppError> {
    let mut session = ssr::session().await?;
    session.logout().await.map_err(|error| {
        tracing::error!(%error, "cannot end the session");
        with_status(AppError::Unavailable)
    })?;
    let language = crate::api::ssr::language(&lang)?;
    leptos_axum::redirect(&format!("/{}/", language.code()));
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
    let user = session
        .user
        .clone()
        .ok_or(AppError::SignInRequired)
        .map_err(with_status)?;
    let mut errors = Vec::new();
    if let Err(e) = summit::access::check_new_password(&new_password) {
        errors.push(FieldError::Account(e));
    } else if new_password != repeat_password {
        errors.push(FieldError::PasswordsDiffer);
    }
    if !ssr::verify(current_password, user.password_hash.clone()).await {
        errors.push(FieldError::CurrentPassword);
    }
    if !errors.is_empty() {
        return Err(with_status(AppError::Invalid(errors)));
    }
    let hash = ssr::hash(new_password).await?;
    let storage = crate::api::ssr::storage()?;
    storage.set_password(user.account.id, &hash).await?;
    let updated = storage
        .user_by_id(user.account.id)
        .await?
        .ok_or(AppError::SignInRequired)?;
    session
        .login(&ssr::User::from(updated))
        .await
        .map_err(|_| AppError::Unavailable)?;
    Ok(())
}

/// A new bearer token for the signed-in account: the secret is in the answer
/// once and never again (only its SHA-256 is stored).
#[server(endpoint = "create-token")]
pub async fn create_token(label: String) -> Result<(TokenInfo, String), AppError> {
    let account = ssr::require_account().await?;
    let label: String = label
        .trim()
        .chars()
        .filter(|c| !c.is_control())
        .take(80)
        .collect();
    ssr::issue_token(&crate::api::ssr::storage()?, account.id, &label).await
}

#[server(input = GetUrl, endpoint = "tokens")]
pub async fn my_tokens() -> Result<Vec<TokenInfo>, AppError> {
    let account = ssr::require_account().await?;
    Ok(crate::api::ssr::storage()?.tokens(account.id).await?)
}

/// Revokes a token of the signed-in account (administrators: anyone's).
#[server(endpoint = "revoke-token")]
pub async fn revoke_token(id: i64) -> Result<(), AppError> {
    let account = ssr::require_account().await?;
    let storage = crate::api::ssr::storage()?;
    let token = storage.token(id).await?.ok_or(AppError::NotFound)?;
    if token.user_id != account.id && account.role != summit::Role::Admin {
        return Err(with_status(AppError::Forbidden));
    }
    storage.revoke_token(id).await?;
    Ok(())
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use crate::error::{with_status, AppError};
    use crate::model::{Account, TokenInfo};
    use crate::storage::{SharedStorage, StorageError, UserRecord};
    use axum_login::{AuthUser, AuthnBackend, UserId};
    use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
    use std::net::IpAddr;
    use std::num::NonZeroU32;
    use std::sync::{Arc, LazyLock};
    use std::time::Duration;
    use summit::Email;

    /// A signed-in account with the password hash its session is bound to.
    #[derive(Clone)]
    pub struct User {
        pub account: Account,
        pub password_hash: String,
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
            User {
                account: r.account,
                password_hash: r.password_hash,
            }
        }
    }

    impl AuthUser for User {
        type Id = i64;

        fn id(&self) -> i64 {
            self.account.id
        }

        /// A new password ends every session opened with the old one.
        fn session_auth_hash(&self) -> &[u8] {
            self.password_hash.as_bytes()
        }
    }

    /// The axum-login backend: accounts from the storage.
    #[derive(Clone)]
    pub struct Backend {
        pub storage: SharedStorage,
    }

    pub struct Credentials {
        pub email: Email,
        pub password: String,
    }

    impl AuthnBackend for Backend {
        type User = User;
        type Credentials = Credentials;
        type Error = StorageError;

        async fn authenticate(&self, creds: Credentials) -> Result<Option<User>, StorageError> {
            let record = self.storage.user_by_email(&creds.email).await?;
            // Hash even for an unknown address, so the time taken does not
            // tell which addresses have accounts.
            let hash = record
                .as_ref()
                .map_or_else(|| DUMMY_HASH.clone(), |r| r.password_hash.clone());
            let ok = verify(creds.password, hash).await;
            Ok(record.filter(|_| ok).map(User::from))
        }

        async fn get_user(&self, id: &UserId<Self>) -> Result<Option<User>, StorageError> {
            Ok(self.storage.user_by_id(*id).await?.map(User::from))
        }
    }

    pub type AuthSession = axum_login::AuthSession<Backend>;

    static DUMMY_HASH: LazyLock<String> =
        LazyLock::new(|| password_auth::generate_hash("not a password anyone has"));

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
    /// `server::http::client`), for per-address rate limits.
    #[derive(Clone, Copy, Debug)]
    pub struct ClientAddr(pub IpAddr);

    pub fn client_addr() -> Option<IpAddr> {
        leptos::prelude::use_context::<http::request::Parts>()
            .and_then(|parts| parts.extensions.get::<ClientAddr>().map(|a| a.0))
    }

    /// Sign-in attempts allowed per client address and per account. Kept in
    /// memory: with several instances each enforces its own limit.
    pub struct LoginLimits {
        per_addr: DefaultKeyedRateLimiter<IpAddr>,
        per_account: DefaultKeyedRateLimiter<String>,
    }

    impl Default for LoginLimits {
        /// 30 attempts at once per address (offices share one address), then
        /// one every 2 s; 10 per account, then one every 30 s.
        fn default() -> Self {
            let quota = |burst: u32, every: Duration| {
                Quota::with_period(every)
                    .map(|q| q.allow_burst(NonZeroU32::new(burst).unwrap_or(NonZeroU32::MIN)))
                    .unwrap_or_else(|| Quota::per_minute(NonZeroU32::MIN))
            };
            LoginLimits {
                per_addr: RateLimiter::keyed(quota(30, Duration::from_secs(2))),
                per_account: RateLimiter::keyed(quota(10, Duration::from_secs(30))),
            }
        }
    }

    impl LoginLimits {
        /// Counts one attempt; `false` when either limit is exhausted.
        pub fn allow(&self, addr: Option<IpAddr>, email: &str) -> bool {
            let addr_ok = addr.is_none_or(|a| self.per_addr.check_key(&a).is_ok());
            let account_ok = self.per_account.check_key(&email.to_owned()).is_ok();
            addr_ok && account_ok
        }

        /// Forgets addresses and accounts whose limits have fully recovered,
        /// so the tables hold recent attempts only, not every address and
        /// e-mail ever tried. The server calls it every minute.
        pub fn forget_recovered(&self) {
            self.per_addr.retain_recent();
            self.per_addr.shrink_to_fit();
            self.per_account.retain_recent();
            self.per_account.shrink_to_fit();
        }
    }

    /// Checks e-mail and password under the rate limits: the one path both
    /// the sign-in form and `POST /api/v1/tokens` take.
    pub async fn check_credentials(
        backend: &Backend,
        addr: Option<IpAddr>,
        email: &str,
        password: &str,
    ) -> Result<User, AppError> {
        let limits = leptos::prelude::use_context::<Arc<LoginLimits>>();
        authenticate(backend, limits.as_deref(), addr, email, password).await
    }

    pub async fn authenticate(
        backend: &Backend,
        limits: Option<&LoginLimits>,
        addr: Option<IpAddr>,
        email: &str,
        password: &str,
    ) -> Result<User, AppError> {
        let email = Email::parse(email).map_err(|_| AppError::BadCredentials)?;
        if let Some(limits) = limits {
            if !limits.allow(addr, email.as_str()) {
                tracing::warn!(?addr, "sign-in rate limit reached");
                return Err(AppError::TooManyAttempts);
            }
        }
        backend
            .authenticate(Credentials {
                email,
                password: password.to_owned(),
            })
            .await?
            .ok_or(AppError::BadCredentials)
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
            .ok_or_else(|| with_status(AppError::SignInRequired))
    }

    /// The signed-in administrator, or 401/403.
    pub async fn require_admin() -> Result<Account, AppError> {
        let account = require_account().await?;
        if account.role == summit::Role::Admin {
            Ok(account)
        } else {
            Err(with_status(AppError::Forbidden))
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
        use sha2::{Digest, Sha256};
        hex(&Sha256::digest(token.as_bytes()))
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
}
