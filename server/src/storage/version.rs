//! The data version every instance agrees on.
//!
//! One row (`data_version`) goes up by one inside every write that changes
//! public data, in that write's transaction ([`SqlStorage::commit_changed`]),
//! so the new number is visible exactly when the change is. Each instance
//! keeps the newest number it knows in memory (what its caches and the
//! HTTP `ETag` compare, at no cost per request) and learns of other
//! instances' writes:
//! - on PostgreSQL at once, by `LISTEN summit_data` (the bump sends a
//!   `NOTIFY` that PostgreSQL delivers at commit);
//! - and on both databases by reading the row every [`POLL`], which also
//!   covers a listener connection that dropped and several processes on one
//!   SQLite file.
//!
//! So a change through any instance reaches every instance's caches within
//! [`POLL`] at worst, and at once on PostgreSQL.

use super::{internal, Database, SqlStorage};
use app::services::storage::StorageError;
use sqlx::{Any, Transaction};
use std::sync::atomic::Ordering;
use std::time::Duration;

/// How often each instance reads the stored version.
pub const POLL: Duration = Duration::from_secs(2);

/// The PostgreSQL notification channel.
const CHANNEL: &str = "summit_data";

impl SqlStorage {
    /// Moves the stored version on inside `tx` (the write that changed
    /// public data) and, on PostgreSQL, tells the other instances at commit.
    async fn bump_version(&self, tx: &mut Transaction<'static, Any>) -> Result<u64, StorageError> {
        let version: i64 = sqlx::query_scalar(
            "UPDATE data_version SET version = version + 1 WHERE id = 1 RETURNING version",
        )
        .fetch_one(&mut **tx)
        .await
        .map_err(internal("bump data version"))?;
        if self.database == Database::Postgres {
            sqlx::query("SELECT pg_notify($1, $2)")
                .bind(CHANNEL)
                .bind(version.to_string())
                .execute(&mut **tx)
                .await
                .map_err(internal("notify data version"))?;
        }
        Ok(u64::try_from(version).unwrap_or(0))
    }

    /// Commits `tx` (a write), moving the version on inside it first when it
    /// `changed` public data; returns `changed`. Every write that may change
    /// public data commits through here.
    pub(crate) async fn commit_changed(
        &self,
        mut tx: Transaction<'static, Any>,
        changed: bool,
    ) -> Result<bool, StorageError> {
        let version = if changed {
            Some(self.bump_version(&mut tx).await?)
        } else {
            None
        };
        tx.commit().await.map_err(internal("commit"))?;
        if let Some(version) = version {
            self.learned(version);
        }
        Ok(changed)
    }

    /// Records a version seen (never goes back).
    fn learned(&self, version: u64) {
        self.version.fetch_max(version, Ordering::SeqCst);
    }

    /// Reads the stored version into memory.
    pub(crate) async fn read_version(&self) -> Result<u64, StorageError> {
        let version = stored_version(&self.pool)
            .await
            .map_err(internal("read data version"))?;
        self.learned(version);
        Ok(version)
    }

    /// Follows other instances' writes, in a task that ends soon after the
    /// last clone of this storage is dropped: the PostgreSQL listener (when
    /// `url` is PostgreSQL's) and the poll.
    pub(crate) fn follow_other_instances(&self, url: &str) {
        let pool = self.pool.clone();
        let version = std::sync::Arc::downgrade(&self.version);
        let postgres = (self.database == Database::Postgres).then(|| url.to_owned());
        tokio::spawn(async move {
            let mut listener = match postgres {
                Some(url) => listen(&url).await,
                None => None,
            };
            let mut polled = tokio::time::Instant::now();
            loop {
                let heard = match listener.as_mut() {
                    Some(listener) => match tokio::time::timeout(POLL, listener.recv()).await {
                        Ok(Ok(notification)) => notification.payload().parse::<u64>().ok(),
                        Ok(Err(error)) => {
                            // sqlx reconnects at the next `recv`; meanwhile, the poll.
                            tracing::warn!(%error, "the change listener failed; retrying");
                            tokio::time::sleep(POLL).await;
                            None
                        }
                        Err(_) => None,
                    },
                    None => {
                        tokio::time::sleep(POLL).await;
                        None
                    }
                };
                let Some(known) = version.upgrade() else {
                    break;
                };
                if let Some(heard) = heard {
                    known.fetch_max(heard, Ordering::SeqCst);
                }
                if polled.elapsed() >= POLL {
                    polled = tokio::time::Instant::now();
                    match stored_version(&pool).await {
                        Ok(stored) => {
                            known.fetch_max(stored, Ordering::SeqCst);
                        }
                        Err(error) => tracing::warn!(%error, "cannot read the data version"),
                    }
                }
            }
        });
    }
}

/// The version the database holds.
async fn stored_version(pool: &sqlx::AnyPool) -> Result<u64, sqlx::Error> {
    let version: i64 = sqlx::query_scalar("SELECT version FROM data_version WHERE id = 1")
        .fetch_one(pool)
        .await?;
    Ok(u64::try_from(version).unwrap_or(0))
}

/// A listener on `summit_data`, whose notifications carry the new version;
/// `None` (polling only) when it cannot be set up.
async fn listen(url: &str) -> Option<sqlx::postgres::PgListener> {
    let mut listener = match sqlx::postgres::PgListener::connect(url).await {
        Ok(listener) => listener,
        Err(error) => {
            tracing::warn!(%error, "cannot listen for other instances' changes; polling only");
            return None;
        }
    };
    match listener.listen(CHANNEL).await {
        Ok(()) => Some(listener),
        Err(error) => {
            tracing::warn!(%error, "cannot listen for other instances' changes; polling only");
            None
        }
    }
}
