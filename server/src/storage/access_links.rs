//! The e-mailed links that let a person choose a password (see
//! `app::services::storage::AccessLinkStorage`): only tokens' hashes,
//! single-use, expiring.

use super::{corrupt, internal, SqlStorage};
use app::services::storage::{AccessLinkStorage, LinkHolder, StorageError};
use async_trait::async_trait;
use summit::sign_in::LinkPurpose;

fn holder((user_id, purpose): (i64, String)) -> Result<LinkHolder, StorageError> {
    Ok(LinkHolder {
        user_id,
        purpose: LinkPurpose::parse(&purpose)
            .ok_or_else(|| corrupt("access_links.purpose", &purpose))?,
    })
}

#[async_trait]
impl AccessLinkStorage for SqlStorage {
    async fn create_access_link(
        &self,
        user_id: i64,
        purpose: LinkPurpose,
        now_ms: i64,
    ) -> Result<i64, StorageError> {
        let mut tx = self.pool.begin().await.map_err(internal("begin"))?;
        sqlx::query(
            "UPDATE access_links SET used_ms = $1
             WHERE user_id = $2 AND purpose = $3 AND used_ms IS NULL",
        )
        .bind(now_ms)
        .bind(user_id)
        .bind(purpose.slug())
        .execute(&mut *tx)
        .await
        .map_err(internal("replace links"))?;
        let id = sqlx::query_scalar(
            "INSERT INTO access_links (user_id, purpose, created_ms) VALUES ($1, $2, $3)
             RETURNING id",
        )
        .bind(user_id)
        .bind(purpose.slug())
        .bind(now_ms)
        .fetch_one(&mut *tx)
        .await
        .map_err(internal("create link"))?;
        tx.commit().await.map_err(internal("commit link"))?;
        Ok(id)
    }

    async fn mint_access_link(
        &self,
        id: i64,
        token_hash: &str,
        now_ms: i64,
    ) -> Result<Option<LinkHolder>, StorageError> {
        // A link is sent within a day of being asked for, or not at all: a
        // reset that arrives days later was not asked for by whoever reads it.
        const SEND_WITHIN_MS: i64 = 24 * 60 * 60 * 1000;
        let row: Option<(i64, String)> = sqlx::query_as(
            "UPDATE access_links SET token_hash = $1,
                 expires_ms = $2 + CASE purpose WHEN 'reset' THEN $3 ELSE $4 END
             WHERE id = $5 AND used_ms IS NULL AND created_ms > $2 - $6
             RETURNING user_id, purpose",
        )
        .bind(token_hash)
        .bind(now_ms)
        .bind(LinkPurpose::Reset.lifetime_ms())
        .bind(LinkPurpose::Invitation.lifetime_ms())
        .bind(id)
        .bind(SEND_WITHIN_MS)
        .fetch_optional(&self.pool)
        .await
        .map_err(internal("mint link"))?;
        row.map(holder).transpose()
    }

    async fn access_link(
        &self,
        token_hash: &str,
        now_ms: i64,
    ) -> Result<Option<LinkHolder>, StorageError> {
        let row: Option<(i64, String)> = sqlx::query_as(
            "SELECT l.user_id, l.purpose FROM access_links l
             LEFT JOIN user_access a ON a.user_id = l.user_id
             WHERE l.token_hash = $1 AND l.used_ms IS NULL AND l.expires_ms > $2
               AND a.disabled_at IS NULL",
        )
        .bind(token_hash)
        .bind(now_ms)
        .fetch_optional(&self.pool)
        .await
        .map_err(internal("link"))?;
        row.map(holder).transpose()
    }

    async fn redeem_access_link(
        &self,
        token_hash: &str,
        password_hash: &str,
        now_ms: i64,
    ) -> Result<Option<LinkHolder>, StorageError> {
        let mut tx = self.pool.begin().await.map_err(internal("begin"))?;
        let row: Option<(i64, String)> = sqlx::query_as(
            "UPDATE access_links SET used_ms = $1
             WHERE token_hash = $2 AND used_ms IS NULL AND expires_ms > $1
               AND user_id NOT IN (SELECT user_id FROM user_access WHERE disabled_at IS NOT NULL)
             RETURNING user_id, purpose",
        )
        .bind(now_ms)
        .bind(token_hash)
        .fetch_optional(&mut *tx)
        .await
        .map_err(internal("redeem link"))?;
        let Some(found) = row.map(holder).transpose()? else {
            return Ok(None);
        };
        sqlx::query("UPDATE access_links SET used_ms = $1 WHERE user_id = $2 AND used_ms IS NULL")
            .bind(now_ms)
            .bind(found.user_id)
            .execute(&mut *tx)
            .await
            .map_err(internal("end other links"))?;
        sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
            .bind(password_hash)
            .bind(found.user_id)
            .execute(&mut *tx)
            .await
            .map_err(internal("set password"))?;
        Self::next_epoch(&mut tx, found.user_id)
            .await
            .map_err(internal("end sessions"))?;
        tx.commit().await.map_err(internal("commit redeem"))?;
        self.accounts_changed();
        Ok(Some(found))
    }
}
