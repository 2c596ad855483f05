//! Failed sign-ins counted in the database, so that every instance counts
//! the same failures (`app::services::limits` does the arithmetic): a key's
//! row holds the instant its bucket is full again, and a failure moves that
//! instant on by the key's period in one statement, so two instances
//! charging at once both count.

use super::{internal, Database, SqlStorage};
use app::services::storage::StorageError;

impl SqlStorage {
    pub(super) async fn bucket_full_at(&self, key: &str) -> Result<Option<i64>, StorageError> {
        sqlx::query_scalar("SELECT full_at FROM sign_in_failures WHERE key = $1")
            .bind(key)
            .fetch_optional(&self.pool)
            .await
            .map_err(internal("read sign-in failures"))
    }

    pub(super) async fn charge_bucket(
        &self,
        key: &str,
        now_ms: i64,
        period_ms: i64,
    ) -> Result<(), StorageError> {
        // The larger of two values: each database spells it its own way.
        let larger = match self.database {
            Database::Sqlite => "MAX",
            Database::Postgres => "GREATEST",
        };
        let sql = format!(
            "INSERT INTO sign_in_failures (key, full_at) VALUES ($1, $2 + $3)
             ON CONFLICT (key) DO UPDATE
             SET full_at = {larger}(sign_in_failures.full_at, $2) + $3"
        );
        sqlx::query(&sql)
            .bind(key)
            .bind(now_ms)
            .bind(period_ms)
            .execute(&self.pool)
            .await
            .map(|_| ())
            .map_err(internal("charge sign-in failure"))
    }

    pub(super) async fn forget_full(&self, now_ms: i64) -> Result<(), StorageError> {
        sqlx::query("DELETE FROM sign_in_failures WHERE full_at <= $1")
            .bind(now_ms)
            .execute(&self.pool)
            .await
            .map(|_| ())
            .map_err(internal("forget sign-in failures"))
    }
}
