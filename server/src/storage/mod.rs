//! Storage: the database behind the `app::storage` interfaces.
//!
//! `DATABASE_URL` picks the database: `sqlite://…` (the embedded default: one
//! file, WAL journal) or `postgres://…` (several instances on one database).
//!
//! Decision: one implementation over sqlx's `Any` driver, not one copy per
//! database. Every query is written in the SQL both dialects share (numbered
//! `$N` parameters, `ON CONFLICT`, aggregate `FILTER`, `true`/`false`), so
//! the two cannot drift apart and one test suite proves both. What differs
//! lives in [`Database`]: each database has its own migrations
//! (`migrations/sqlite`, `migrations/postgres`) and its own way of taking
//! the write lock. `shared/STACK.md` warns that `Any` has no date/time types
//! and no `query!` macros; neither matters here: instants are stored as
//! RFC 3339 UTC text (which sorts in time order) and queries are checked at
//! run time by the integration tests, on both databases.

mod access_links;
mod accounts;
mod actions;
pub mod collation;
mod deadlines;
mod failures;
mod mail;
mod milestones;
mod places;
mod rebuild;
mod reference;
mod review;
pub mod seed;
mod sheets;
mod sign_in;
pub mod version;

use app::services::storage::{Storage, StorageError};
use async_trait::async_trait;
use sqlx::any::AnyPoolOptions;
use sqlx::{Any, AnyPool, Executor, Transaction};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

/// Which database a URL names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Database {
    Sqlite,
    Postgres,
}

impl Database {
    /// The backend for a `DATABASE_URL`, or `None` for a scheme we do not serve.
    pub fn of_url(url: &str) -> Option<Database> {
        if url.starts_with("sqlite:") {
            Some(Database::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Some(Database::Postgres)
        } else {
            None
        }
    }
}

/// The application's database, whichever it is.
#[derive(Clone, Debug)]
pub struct SqlStorage {
    pool: AnyPool,
    database: Database,
    /// The newest stored data version this instance knows (see
    /// [`version`]); caches compare it.
    version: Arc<AtomicU64>,
    /// The same for accounts' passwords, roles and scopes (see
    /// `AccountStorage::accounts_version`).
    accounts_version: Arc<AtomicU64>,
}

/// Why the database could not be opened; shown to the operator at start.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("DATABASE_URL={0:?} is not supported: use sqlite://path/to/file.db or postgres://…")]
    Scheme(String),
    #[error("cannot open the database {url}: {source}")]
    Connect { url: String, source: sqlx::Error },
    #[error("cannot create the folder {path} for the SQLite database: {source}")]
    Folder {
        path: String,
        source: std::io::Error,
    },
    #[error("database migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("loading the seed data failed: {0}")]
    Seed(sqlx::Error),
    #[error("cannot read the data version (see the log)")]
    Version,
}

/// Hides the password of a database URL before it reaches a log or a message.
pub fn redact(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut parsed) if parsed.password().is_some() => {
            // Cannot fail: the URL has a password, so it has an authority.
            let _ = parsed.set_password(Some("***"));
            parsed.to_string()
        }
        _ => url.to_owned(),
    }
}

impl SqlStorage {
    /// Opens the database at `url` (creating a missing SQLite file), migrates
    /// it and loads the seed data that was never loaded.
    pub async fn open(url: &str) -> Result<Self, OpenError> {
        let database = Database::of_url(url).ok_or_else(|| OpenError::Scheme(url.to_owned()))?;
        let connect_err = |source| OpenError::Connect {
            url: redact(url),
            source,
        };
        sqlx::any::install_default_drivers();
        let pool = match database {
            Database::Sqlite => {
                sqlite::prepare(url).await?;
                AnyPoolOptions::new()
                    .max_connections(8)
                    .after_connect(|conn, _| {
                        Box::pin(async move {
                            // An acknowledged edit survives a power cut, not only a
                            // crash: edits are rare, so one fsync per commit costs
                            // nothing noticeable. Foreign keys are off by default in
                            // SQLite; a busy writer is waited for, not failed.
                            conn.execute(
                                "PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL;
                                 PRAGMA busy_timeout = 5000;",
                            )
                            .await
                            .map(|_| ())
                        })
                    })
                    .connect(url)
                    .await
                    .map_err(connect_err)?
            }
            Database::Postgres => AnyPoolOptions::new()
                .max_connections(16)
                .acquire_timeout(Duration::from_secs(10))
                .connect(url)
                .await
                .map_err(connect_err)?,
        };
        let storage = SqlStorage {
            pool,
            database,
            version: Arc::new(AtomicU64::new(0)),
            accounts_version: Arc::new(AtomicU64::new(0)),
        };
        match database {
            Database::Sqlite => sqlite::migrate(&storage.pool).await?,
            Database::Postgres => POSTGRES_MIGRATIONS.run(&storage.pool).await?,
        }
        seed::load_once(&storage).await.map_err(OpenError::Seed)?;
        storage
            .read_version()
            .await
            .map_err(|_| OpenError::Version)?;
        storage.follow_other_instances(url);
        Ok(storage)
    }

    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    pub fn database(&self) -> Database {
        self.database
    }

    /// Records that an account's password, role or scope changed.
    pub(crate) fn accounts_changed(&self) {
        self.accounts_version.fetch_add(1, Ordering::SeqCst);
    }

    /// The newest data version this instance knows.
    pub fn version(&self) -> u64 {
        self.version.load(Ordering::SeqCst)
    }

    /// A transaction for a read-then-write. SQLite takes its single write
    /// lock at `BEGIN IMMEDIATE`, so two writers queue up instead of both
    /// acting on what they read; PostgreSQL locks per row instead, with the
    /// [`for_update`](Self::for_update) suffix on the first read.
    pub(crate) async fn begin_write(&self) -> Result<Transaction<'static, Any>, sqlx::Error> {
        match self.database {
            Database::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await,
            Database::Postgres => self.pool.begin().await,
        }
    }

    /// Row-lock suffix for the `SELECT` that starts a read-then-write.
    pub(crate) fn for_update(&self) -> &'static str {
        match self.database {
            Database::Sqlite => "",
            Database::Postgres => " FOR UPDATE",
        }
    }
}

mod sqlite {
    use super::OpenError;
    use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode};
    use sqlx::{ConnectOptions, Connection};
    use std::str::FromStr;

    /// Runs the migrations, then the table rebuilds SQLite cannot do in a
    /// migration (`super::rebuild`). sqlx takes no lock on SQLite:
    /// processes started together on one file both find a migration
    /// missing, and the second to apply it fails (its transaction rolled
    /// back). It tries again, and then finds it applied.
    pub(super) async fn migrate(pool: &sqlx::AnyPool) -> Result<(), sqlx::migrate::MigrateError> {
        let mut tries = 0;
        loop {
            let done = match super::SQLITE_MIGRATIONS.run(pool).await {
                Ok(()) => super::rebuild::run(pool)
                    .await
                    .map_err(sqlx::migrate::MigrateError::Execute),
                error => error,
            };
            match done {
                Err(error) if tries < 10 => {
                    tracing::info!(%error, "migrating again (another process migrated at the same time?)");
                    tries += 1;
                    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
                }
                done => return done,
            }
        }
    }

    /// Creates the file (and its folder) when missing and switches it to the
    /// WAL journal, which is a property of the file: the pool's connections
    /// then only need their per-connection settings.
    pub(super) async fn prepare(url: &str) -> Result<(), OpenError> {
        let connect_err = |source| OpenError::Connect {
            url: url.to_owned(),
            source,
        };
        let options = SqliteConnectOptions::from_str(url)
            .map_err(connect_err)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal);
        if let Some(folder) = options.get_filename().parent() {
            if !folder.as_os_str().is_empty() {
                std::fs::create_dir_all(folder).map_err(|source| OpenError::Folder {
                    path: folder.display().to_string(),
                    source,
                })?;
            }
        }
        let connection = options.connect().await.map_err(connect_err)?;
        connection.close().await.map_err(connect_err)
    }
}

#[async_trait]
impl Storage for SqlStorage {
    async fn ping(&self) -> Result<(), StorageError> {
        sqlx::query("SELECT 1")
            .execute(&self.pool)
            .await
            .map(|_| ())
            .map_err(internal("ping"))
    }

    fn data_version(&self) -> u64 {
        self.version()
    }
}

/// Logs the cause and returns the opaque error users see.
pub(crate) fn internal(context: &'static str) -> impl FnOnce(sqlx::Error) -> StorageError {
    move |error| {
        tracing::error!(%error, context, "database error");
        StorageError::Unavailable
    }
}

/// A stored value that does not parse is a bug or a hand edit; log and refuse.
pub(crate) fn corrupt(context: &'static str, detail: impl std::fmt::Display) -> StorageError {
    tracing::error!(%detail, context, "unreadable stored value");
    StorageError::Corrupt
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_url_scheme_picks_the_backend() {
        assert_eq!(Database::of_url("sqlite://a.db"), Some(Database::Sqlite));
        assert_eq!(Database::of_url("sqlite::memory:"), Some(Database::Sqlite));
        assert_eq!(
            Database::of_url("postgres://u@h/db"),
            Some(Database::Postgres)
        );
        assert_eq!(
            Database::of_url("postgresql://u@h/db"),
            Some(Database::Postgres)
        );
        assert_eq!(Database::of_url("mysql://u@h/db"), None);
    }

    #[test]
    fn passwords_never_reach_messages() {
        assert_eq!(
            redact("postgres://summit:s3cret@db:5432/summit"),
            "postgres://summit:***@db:5432/summit"
        );
        assert_eq!(redact("sqlite://data/summit.db"), "sqlite://data/summit.db");
    }
}
