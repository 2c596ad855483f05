//! Sessions and sign-in: sessions live in the database (any instance can
//! serve any request), the cookie is HttpOnly and SameSite=Lax, and
//! `secure_cookies` adds `Secure` whenever the request came over HTTPS.

use app::services::accounts::AuthBackend;
use app::services::recent::Recent;
use app::services::shared_reads::MAX_AGE;
use app::services::storage::SharedStorage;
use async_trait::async_trait;
use axum::extract::Request;
use axum::http::header::SET_COOKIE;
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::Response;
use axum_login::{AuthManagerLayer, AuthManagerLayerBuilder};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use tower_sessions::cookie::time::Duration;
use tower_sessions::cookie::time::OffsetDateTime;
use tower_sessions::cookie::SameSite;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, ExpiredDeletion, SessionStore};
use tower_sessions::{Expiry, SessionManagerLayer};
use tower_sessions_sqlx_store::{PostgresStore, SqliteStore};

/// The session cookie's name.
pub const COOKIE: &str = "summit_session";
/// A session ends after two weeks without a request.
const IDLE: Duration = Duration::days(14);

pub type AuthLayer = AuthManagerLayer<AuthBackend, Sessions>;

/// The session table, with each session read kept for a second: every
/// signed-in request loads its session, and the same person's next page
/// (or the page's own requests) comes within that time.
///
/// Any save or deletion through this instance (signing in, out, a password
/// change) moves `epoch`, and a kept session is used only at the epoch it
/// was read at (read before the load): this instance never answers from a
/// session it changed. A sign-out on another instance sharing the database
/// takes effect here within [`MAX_AGE`], as every other change does. An
/// expired session is never answered from memory, and unknown ids are not
/// kept, so made-up cookies cost a query, never memory.
#[derive(Clone, Debug)]
pub struct Sessions {
    store: Store,
    epoch: Arc<AtomicU64>,
    recent: Arc<Recent<Id, Record>>,
}

/// How many sessions are kept at most (a few hundred bytes each).
const KEPT_SESSIONS: usize = 4096;

impl Sessions {
    fn new(store: Store) -> Self {
        Sessions {
            store,
            epoch: Arc::default(),
            recent: Arc::new(Recent::new(MAX_AGE, KEPT_SESSIONS)),
        }
    }

    fn changed(&self, id: &Id) {
        self.epoch.fetch_add(1, Ordering::SeqCst);
        self.recent.forget(id);
    }
}

#[async_trait]
impl SessionStore for Sessions {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        let result = self.store.create(record).await;
        self.changed(&record.id);
        result
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        let result = self.store.save(record).await;
        self.changed(&record.id);
        result
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        let epoch = self.epoch.load(Ordering::SeqCst);
        let now = OffsetDateTime::now_utc();
        if let Some(record) = self.recent.get(id, epoch).filter(|r| r.expiry_date > now) {
            return Ok(Some(record));
        }
        let record = self.store.load(id).await?;
        if let Some(record) = &record {
            self.recent.put(*id, epoch, record.clone());
        }
        Ok(record)
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        let result = self.store.delete(id).await;
        self.changed(id);
        result
    }
}

/// The session table of whichever database `DATABASE_URL` names: in SQLite
/// `tower_sessions`, in PostgreSQL `tower_sessions.session`. The stores need
/// their database's own pool type, so they get a small pool of their own.
#[derive(Clone, Debug)]
pub enum Store {
    Sqlite(SqliteStore),
    Postgres(PostgresStore),
}

impl Store {
    async fn open(database_url: &str) -> Result<Store, sqlx::Error> {
        use crate::storage::Database;
        use sqlx::pool::PoolOptions;
        let store = match Database::of_url(database_url) {
            Some(Database::Postgres) => Store::Postgres(PostgresStore::new(
                PoolOptions::new()
                    .max_connections(8)
                    .connect(database_url)
                    .await?,
            )),
            _ => Store::Sqlite(SqliteStore::new(
                PoolOptions::new()
                    .max_connections(4)
                    .connect(database_url)
                    .await?,
            )),
        };
        match &store {
            Store::Sqlite(s) => s.migrate().await?,
            Store::Postgres(s) => s.migrate().await?,
        }
        Ok(store)
    }
}

#[async_trait]
impl SessionStore for Store {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        match self {
            Store::Sqlite(s) => s.create(record).await,
            Store::Postgres(s) => s.create(record).await,
        }
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        match self {
            Store::Sqlite(s) => s.save(record).await,
            Store::Postgres(s) => s.save(record).await,
        }
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        match self {
            Store::Sqlite(s) => s.load(id).await,
            Store::Postgres(s) => s.load(id).await,
        }
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        match self {
            Store::Sqlite(s) => s.delete(id).await,
            Store::Postgres(s) => s.delete(id).await,
        }
    }
}

#[async_trait]
impl ExpiredDeletion for Store {
    async fn delete_expired(&self) -> session_store::Result<()> {
        match self {
            Store::Sqlite(s) => s.delete_expired().await,
            Store::Postgres(s) => s.delete_expired().await,
        }
    }
}

/// Creates the session table when missing, starts the hourly clean-up of
/// expired sessions, and returns the layer that loads the signed-in user.
pub async fn layer(database_url: &str, storage: SharedStorage) -> Result<AuthLayer, sqlx::Error> {
    let store = Store::open(database_url).await?;
    tokio::spawn({
        let store = store.clone();
        async move {
            if let Err(error) = store
                .continuously_delete_expired(tokio::time::Duration::from_secs(3600))
                .await
            {
                tracing::warn!(%error, "expired-session clean-up stopped");
            }
        }
    });
    let sessions = SessionManagerLayer::new(Sessions::new(store))
        .with_name(COOKIE)
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(false)
        .with_path("/")
        .with_expiry(Expiry::OnInactivity(IDLE));
    Ok(AuthManagerLayerBuilder::new(AuthBackend::new(storage), sessions).build())
}

/// Adds `Secure` to every cookie set on a response to an HTTPS request, so
/// cookies never travel in clear text once the site is served over TLS,
/// while plain-HTTP development keeps working.
pub async fn secure_cookies(
    origins: super::guard::Origins,
    request: Request,
    next: Next,
) -> Response {
    let https = origins.over_https(&request);
    let mut response = next.run(request).await;
    if https {
        let cookies: Vec<HeaderValue> = response
            .headers_mut()
            .get_all(SET_COOKIE)
            .iter()
            .map(|value| match value.to_str() {
                Ok(text) if !text.to_ascii_lowercase().contains("; secure") => {
                    HeaderValue::from_str(&format!("{text}; Secure")).unwrap_or(value.clone())
                }
                _ => value.clone(),
            })
            .collect();
        response.headers_mut().remove(SET_COOKIE);
        for cookie in cookies {
            response.headers_mut().append(SET_COOKIE, cookie);
        }
    }
    response
}

/// Whether a request carries this site's session cookie.
pub fn has_session_cookie(headers: &axum::http::HeaderMap) -> bool {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .any(|(name, _)| name == COOKIE)
}

/// Addresses whose answers are about the person asking, whoever that is:
/// the account and administration pages, signing in, and the server
/// functions that read accounts and tokens.
pub fn is_personal_path(path: &str) -> bool {
    const DATA: [&str; 9] = [
        "/api/me",
        "/api/sheet-upload",
        "/api/tokens",
        "/api/admin",
        "/api/mail-settings",
        "/api/access-link",
        "/api/set-password",
        "/mail",
        "/auth",
    ];
    if DATA.iter().any(|p| {
        path == *p
            || path
                .strip_prefix(p)
                .is_some_and(|rest| rest.starts_with('/'))
    }) {
        return true;
    }
    let mut segments = path.trim_start_matches('/').split('/');
    let language = segments.next().and_then(summit::Language::parse);
    let page = segments.next();
    let rest: Vec<&str> = segments.filter(|s| !s.is_empty()).collect();
    language.is_some()
        && (matches!(
            page,
            Some("sign-in" | "account" | "admin" | "password-reset" | "set-password")
        ) && rest.is_empty()
            // An upload's dry run: `/{lang}/spreadsheets/{id}`.
            || page == Some("spreadsheets") && rest.len() == 1)
}

/// Answers for a signed-in person (a session cookie or a bearer token), and
/// personal pages for anyone, are never stored by a browser, a proxy or the
/// service worker: `Cache-Control: private, no-store` and `Vary: Cookie`.
/// Static files are the same for everyone and keep their own caching.
pub async fn keep_personal_private(request: Request, next: Next) -> Response {
    use axum::http::header::{AUTHORIZATION, CACHE_CONTROL, CONTENT_TYPE, VARY};
    let path = request.uri().path();
    let personal = is_personal_path(path)
        || has_session_cookie(request.headers())
        || request.headers().contains_key(AUTHORIZATION);
    let dynamic = path.starts_with("/api/") || !path.contains('.');
    let mut response = next.run(request).await;
    let html = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("text/html"));
    if personal && (dynamic || html) {
        let headers = response.headers_mut();
        headers.insert(CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
        headers.append(VARY, HeaderValue::from_static("Cookie"));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn personal_paths_are_the_account_pages_and_data() {
        for path in [
            "/api/me",
            "/api/tokens",
            "/api/admin",
            "/api/admin/create-user",
            "/en/account",
            "/ar/admin",
            "/fr/sign-in",
            "/fr/sign-in/",
            "/api/sheet-upload",
            "/ru/spreadsheets/0123abcd",
        ] {
            assert!(is_personal_path(path), "{path}");
        }
        for path in [
            "/api/metrics",
            "/api/map",
            "/en/",
            "/en/tracker",
            "/en/countries/KEN",
            "/xx/account",
            "/en/regions/admin",
            "/en/spreadsheets",
            "/en/spreadsheets/a/b",
        ] {
            assert!(!is_personal_path(path), "{path}");
        }
    }
}
