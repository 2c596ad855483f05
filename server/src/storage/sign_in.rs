//! Sign-ins at identity providers, sign-in rules and requests, and
//! disabled accounts (see `app::services::storage::SignInStorage`).

use super::{corrupt, internal, SqlStorage};
use app::services::storage::{
    IdentityInfo, NewUser, RoleChangeError, SignInRequest, SignInStorage, StorageError,
};
use async_trait::async_trait;
use summit::sign_in::{Matcher, ProviderClaims, SignInRule};
use summit::{Role, Scope};

fn now() -> String {
    jiff::Timestamp::now().to_string()
}

type RuleRow = (i64, Option<String>, String, String, String, String);
type RequestRow = (i64, String, String, String);

fn rule((id, provider, claim, value, role, scope): RuleRow) -> Result<SignInRule, StorageError> {
    Ok(SignInRule {
        id,
        provider,
        matcher: Matcher::parse(&claim, &value).map_err(|e| corrupt("sign_in_rules.value", e))?,
        role: Role::parse(&role).ok_or_else(|| corrupt("sign_in_rules.role", &role))?,
        scope: serde_json::from_str(&scope).map_err(|e| corrupt("sign_in_rules.scope", e))?,
    })
}

fn request(
    (id, provider, claims, requested_at): RequestRow,
) -> Result<SignInRequest, StorageError> {
    Ok(SignInRequest {
        id,
        provider,
        claims: serde_json::from_str(&claims).map_err(|e| corrupt("sign_in_requests", e))?,
        requested_at,
    })
}

impl SqlStorage {
    /// Records a sign-in at a provider for `user_id` (`false`: it is an
    /// account's already).
    async fn insert_identity(
        connection: &mut sqlx::AnyConnection,
        user_id: i64,
        provider: &str,
        subject: &str,
        email: &str,
    ) -> Result<bool, StorageError> {
        let done = sqlx::query(
            "INSERT INTO user_identities (user_id, provider, subject, email, created_at, last_used_at)
             VALUES ($1, $2, $3, $4, $5, $5) ON CONFLICT (provider, subject) DO NOTHING",
        )
        .bind(user_id)
        .bind(provider)
        .bind(subject)
        .bind(email)
        .bind(now())
        .execute(&mut *connection)
        .await
        .map_err(internal("link identity"))?;
        Ok(done.rows_affected() == 1)
    }

    /// Moves an account's session generation inside `tx`.
    pub(super) async fn next_epoch(
        tx: &mut sqlx::AnyConnection,
        user_id: i64,
    ) -> Result<(), sqlx::Error> {
        sqlx::query(
            "INSERT INTO user_access (user_id, session_epoch) VALUES ($1, 1)
             ON CONFLICT (user_id) DO UPDATE SET session_epoch = user_access.session_epoch + 1",
        )
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
        Ok(())
    }
}

#[async_trait]
impl SignInStorage for SqlStorage {
    async fn user_by_identity(
        &self,
        provider: &str,
        subject: &str,
    ) -> Result<Option<i64>, StorageError> {
        sqlx::query_scalar(
            "UPDATE user_identities SET last_used_at = $1
             WHERE provider = $2 AND subject = $3 RETURNING user_id",
        )
        .bind(now())
        .bind(provider)
        .bind(subject)
        .fetch_optional(&self.pool)
        .await
        .map_err(internal("user by identity"))
    }

    async fn link_identity(
        &self,
        user_id: i64,
        provider: &str,
        subject: &str,
        email: &str,
    ) -> Result<bool, StorageError> {
        let mut connection = self.pool.acquire().await.map_err(internal("connect"))?;
        Self::insert_identity(&mut connection, user_id, provider, subject, email).await
    }

    async fn create_user_with_identity(
        &self,
        user: NewUser,
        provider: &str,
        subject: &str,
    ) -> Result<Option<i64>, StorageError> {
        let mut tx = self.pool.begin().await.map_err(internal("begin"))?;
        let Some(id) = Self::insert_user(&mut tx, &user).await? else {
            return Ok(None);
        };
        if !Self::insert_identity(&mut tx, id, provider, subject, user.email.as_str()).await? {
            return Ok(None);
        }
        tx.commit().await.map_err(internal("commit user"))?;
        Ok(Some(id))
    }

    async fn identities(&self, user_id: i64) -> Result<Vec<IdentityInfo>, StorageError> {
        let rows: Vec<(String, String, String)> = sqlx::query_as(
            "SELECT provider, email, last_used_at FROM user_identities
             WHERE user_id = $1 ORDER BY provider, id",
        )
        .bind(user_id)
        .fetch_all(&self.pool)
        .await
        .map_err(internal("identities"))?;
        Ok(rows
            .into_iter()
            .map(|(provider, email, last_used_at)| IdentityInfo {
                provider,
                email,
                last_used_at,
            })
            .collect())
    }

    async fn set_disabled(&self, user_id: i64, disabled: bool) -> Result<(), RoleChangeError> {
        // The write lock first, as for a role change: two administrators
        // disabling each other at once cannot leave none.
        let mut tx = self
            .begin_write()
            .await
            .map_err(internal("begin disable"))?;
        let admins: Vec<i64> = sqlx::query_scalar(&format!(
            "SELECT u.id FROM users u LEFT JOIN user_access a ON a.user_id = u.id
             WHERE u.role = 'admin' AND a.disabled_at IS NULL ORDER BY u.id{}",
            // PostgreSQL cannot lock the nullable side of an outer join.
            if self.for_update().is_empty() {
                ""
            } else {
                " FOR UPDATE OF u"
            }
        ))
        .fetch_all(&mut *tx)
        .await
        .map_err(internal("administrators"))?;
        let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM users WHERE id = $1")
            .bind(user_id)
            .fetch_optional(&mut *tx)
            .await
            .map_err(internal("account to disable"))?;
        if exists.is_none() {
            return Err(RoleChangeError::NotFound);
        }
        if disabled && admins.contains(&user_id) && admins.len() <= 1 {
            return Err(RoleChangeError::LastAdmin);
        }
        let at = disabled.then(now);
        sqlx::query(
            "INSERT INTO user_access (user_id, disabled_at, session_epoch) VALUES ($1, $2, 1)
             ON CONFLICT (user_id) DO UPDATE SET disabled_at = $2,
                 session_epoch = user_access.session_epoch + 1",
        )
        .bind(user_id)
        .bind(&at)
        .execute(&mut *tx)
        .await
        .map_err(internal("disable"))?;
        if disabled {
            sqlx::query(
                "UPDATE api_tokens SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL",
            )
            .bind(now())
            .bind(user_id)
            .execute(&mut *tx)
            .await
            .map_err(internal("revoke tokens"))?;
            // Its sign-ins at providers stay: they name the person, and an
            // account enabled again finds its own.
            sqlx::query("DELETE FROM trusted_devices WHERE user_id = $1")
                .bind(user_id)
                .execute(&mut *tx)
                .await
                .map_err(internal("forget devices"))?;
            sqlx::query(
                "UPDATE access_links SET used_ms = $1 WHERE user_id = $2 AND used_ms IS NULL",
            )
            .bind(jiff::Timestamp::now().as_millisecond())
            .bind(user_id)
            .execute(&mut *tx)
            .await
            .map_err(internal("end links"))?;
        }
        tx.commit().await.map_err(internal("commit disable"))?;
        self.accounts_changed();
        Ok(())
    }

    async fn end_sessions(&self, user_id: i64) -> Result<(), StorageError> {
        let mut tx = self.pool.begin().await.map_err(internal("begin"))?;
        Self::next_epoch(&mut tx, user_id)
            .await
            .map_err(internal("end sessions"))?;
        tx.commit().await.map_err(internal("commit end sessions"))?;
        self.accounts_changed();
        Ok(())
    }

    async fn sign_in_rules(&self) -> Result<Vec<SignInRule>, StorageError> {
        let rows: Vec<RuleRow> = sqlx::query_as(
            "SELECT id, provider, claim, value, role, scope FROM sign_in_rules ORDER BY id",
        )
        .fetch_all(&self.pool)
        .await
        .map_err(internal("sign-in rules"))?;
        rows.into_iter().map(rule).collect()
    }

    async fn add_sign_in_rule(
        &self,
        provider: Option<&str>,
        matcher: &Matcher,
        role: Role,
        scope: &Scope,
    ) -> Result<i64, StorageError> {
        let scope = serde_json::to_string(scope).map_err(|e| corrupt("rule scope", e))?;
        sqlx::query_scalar(
            "INSERT INTO sign_in_rules (provider, claim, value, role, scope, created_at)
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(provider)
        .bind(matcher.claim())
        .bind(matcher.value())
        .bind(role.slug())
        .bind(scope)
        .bind(now())
        .fetch_one(&self.pool)
        .await
        .map_err(internal("add sign-in rule"))
    }

    async fn remove_sign_in_rule(&self, id: i64) -> Result<bool, StorageError> {
        let done = sqlx::query("DELETE FROM sign_in_rules WHERE id = $1")
            .bind(id)
            .execute(&self.pool)
            .await
            .map_err(internal("remove sign-in rule"))?;
        Ok(done.rows_affected() == 1)
    }

    async fn request_sign_in(
        &self,
        provider: &str,
        claims: &ProviderClaims,
        cap: i64,
    ) -> Result<(), StorageError> {
        let json = serde_json::to_string(claims).map_err(|e| corrupt("request claims", e))?;
        // One statement: the count and the insert cannot be split by
        // another instance's request.
        sqlx::query(
            "INSERT INTO sign_in_requests (provider, subject, claims, requested_at)
             SELECT $1, $2, $3, $4 WHERE (SELECT COUNT(*) FROM sign_in_requests) < $5
             ON CONFLICT (provider, subject) DO UPDATE SET claims = $3, requested_at = $4",
        )
        .bind(provider)
        .bind(&claims.subject)
        .bind(json)
        .bind(now())
        .bind(cap)
        .execute(&self.pool)
        .await
        .map_err(internal("request sign-in"))?;
        Ok(())
    }

    async fn sign_in_requests(&self) -> Result<Vec<SignInRequest>, StorageError> {
        let rows: Vec<RequestRow> = sqlx::query_as(
            "SELECT id, provider, claims, requested_at FROM sign_in_requests ORDER BY id",
        )
        .fetch_all(&self.pool)
        .await
        .map_err(internal("sign-in requests"))?;
        rows.into_iter().map(request).collect()
    }

    async fn take_sign_in_request(&self, id: i64) -> Result<Option<SignInRequest>, StorageError> {
        let row: Option<RequestRow> = sqlx::query_as(
            "DELETE FROM sign_in_requests WHERE id = $1
             RETURNING id, provider, claims, requested_at",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await
        .map_err(internal("take sign-in request"))?;
        row.map(request).transpose()
    }
}
