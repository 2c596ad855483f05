//! Accounts, editors' scopes and bearer tokens.

use super::{corrupt, internal, SqlStorage};
use app::services::storage::{
    Account, AccountStorage, CreateUserError, NewUser, RoleChangeError, StorageError, TokenInfo,
    UserRecord,
};
use async_trait::async_trait;
use summit::{Email, Iso3, Region, Role, Scope};

type UserRow = (i64, String, String, String, String, Option<String>, i64);

impl SqlStorage {
    async fn scope_of(&self, id: i64) -> Result<Scope, StorageError> {
        let regions: Vec<(String,)> = sqlx::query_as(
            "SELECT ur.region FROM user_regions ur JOIN regions r ON r.slug = ur.region
             WHERE ur.user_id = $1 ORDER BY r.position",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await
        .map_err(internal("user regions"))?;
        let countries: Vec<(String,)> = sqlx::query_as(
            "SELECT country FROM user_countries WHERE user_id = $1 ORDER BY country",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await
        .map_err(internal("user countries"))?;
        Ok(Scope {
            regions: regions
                .into_iter()
                .map(|(r,)| Region::parse(&r).map_err(|e| corrupt("user_regions.region", e)))
                .collect::<Result<_, _>>()?,
            countries: countries
                .into_iter()
                .map(|(c,)| Iso3::parse(&c).map_err(|e| corrupt("user_countries.country", e)))
                .collect::<Result<_, _>>()?,
        })
    }

    async fn record(&self, row: Option<UserRow>) -> Result<Option<UserRecord>, StorageError> {
        let Some((id, email, name, role, password_hash, disabled_at, session_epoch)) = row else {
            return Ok(None);
        };
        let role = Role::parse(&role).ok_or_else(|| corrupt("users.role", &role))?;
        Ok(Some(UserRecord {
            account: Account {
                id,
                email,
                name,
                role,
                scope: self.scope_of(id).await?,
                disabled: disabled_at.is_some(),
            },
            password_hash,
            session_epoch,
        }))
    }

    /// Inserts an account and its scope inside `tx`; `None`: the address
    /// is an account's already.
    pub(super) async fn insert_user(
        tx: &mut sqlx::AnyConnection,
        user: &NewUser,
    ) -> Result<Option<i64>, StorageError> {
        let inserted = sqlx::query_scalar(
            "INSERT INTO users (email, name, role, password_hash, created_at)
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (email) DO NOTHING RETURNING id",
        )
        .bind(user.email.as_str())
        .bind(&user.name)
        .bind(user.role.slug())
        .bind(&user.password_hash)
        .bind(now())
        .fetch_optional(&mut *tx)
        .await
        .map_err(internal("create user"))?;
        if let Some(id) = inserted {
            Self::write_scope(tx, id, &user.scope)
                .await
                .map_err(internal("user scope"))?;
        }
        Ok(inserted)
    }

    async fn write_scope(
        tx: &mut sqlx::AnyConnection,
        id: i64,
        scope: &Scope,
    ) -> Result<(), sqlx::Error> {
        sqlx::query("DELETE FROM user_regions WHERE user_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM user_countries WHERE user_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        for region in &scope.regions {
            sqlx::query(
                "INSERT INTO user_regions (user_id, region) VALUES ($1, $2) ON CONFLICT DO NOTHING",
            )
            .bind(id)
            .bind(region.slug())
            .execute(&mut *tx)
            .await?;
        }
        for country in &scope.countries {
            sqlx::query("INSERT INTO user_countries (user_id, country) VALUES ($1, $2) ON CONFLICT DO NOTHING")
                .bind(id)
                .bind(country.as_str())
                .execute(&mut *tx)
                .await?;
        }
        Ok(())
    }
}

/// An account with whether it is disabled and its sessions' generation
/// (`user_access`, which has no row for an account never disabled).
const USER_SELECT: &str = "SELECT u.id, u.email, u.name, u.role, u.password_hash, a.disabled_at,
        COALESCE(a.session_epoch, 0)
    FROM users u LEFT JOIN user_access a ON a.user_id = u.id";
const TOKEN_COLUMNS: &str = "id, user_id, label, created_at, last_used_at, revoked_at";

fn now() -> String {
    jiff::Timestamp::now().to_string()
}

#[async_trait]
impl AccountStorage for SqlStorage {
    fn accounts_version(&self) -> u64 {
        self.accounts_version
            .load(std::sync::atomic::Ordering::SeqCst)
    }

    async fn failures_full_at(&self, key: &str) -> Result<Option<i64>, StorageError> {
        self.bucket_full_at(key).await
    }

    async fn charge_failure(
        &self,
        key: &str,
        now_ms: i64,
        period_ms: i64,
    ) -> Result<(), StorageError> {
        self.charge_bucket(key, now_ms, period_ms).await
    }

    async fn forget_full_buckets(&self, now_ms: i64) -> Result<(), StorageError> {
        self.forget_full(now_ms).await
    }

    async fn user_count(&self) -> Result<i64, StorageError> {
        sqlx::query_scalar("SELECT COUNT(*) FROM users")
            .fetch_one(&self.pool)
            .await
            .map_err(internal("user count"))
    }

    async fn create_user(&self, user: NewUser) -> Result<i64, CreateUserError> {
        let mut tx = self.pool.begin().await.map_err(internal("begin"))?;
        let Some(id) = Self::insert_user(&mut tx, &user).await? else {
            return Err(CreateUserError::Duplicate);
        };
        tx.commit().await.map_err(internal("commit user"))?;
        Ok(id)
    }

    async fn user_by_email(&self, email: &Email) -> Result<Option<UserRecord>, StorageError> {
        let row: Option<UserRow> = sqlx::query_as(&format!("{USER_SELECT} WHERE u.email = $1"))
            .bind(email.as_str())
            .fetch_optional(&self.pool)
            .await
            .map_err(internal("user by email"))?;
        self.record(row).await
    }

    async fn user_by_id(&self, id: i64) -> Result<Option<UserRecord>, StorageError> {
        let row: Option<UserRow> = sqlx::query_as(&format!("{USER_SELECT} WHERE u.id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await
            .map_err(internal("user by id"))?;
        self.record(row).await
    }

    async fn users(&self) -> Result<Vec<Account>, StorageError> {
        let rows: Vec<UserRow> = sqlx::query_as(&format!("{USER_SELECT} ORDER BY u.email"))
            .fetch_all(&self.pool)
            .await
            .map_err(internal("users"))?;
        let mut accounts = Vec::with_capacity(rows.len());
        for row in rows {
            if let Some(record) = self.record(Some(row)).await? {
                accounts.push(record.account);
            }
        }
        Ok(accounts)
    }

    async fn set_password(&self, id: i64, password_hash: &str) -> Result<(), StorageError> {
        sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
            .bind(password_hash)
            .bind(id)
            .execute(&self.pool)
            .await
            .map_err(internal("set password"))?;
        self.accounts_changed();
        Ok(())
    }

    async fn set_role(&self, id: i64, role: Role, scope: &Scope) -> Result<(), RoleChangeError> {
        // The write lock comes first (SQLite: `BEGIN IMMEDIATE`; PostgreSQL:
        // every administrator's row, in id order), so the count below cannot
        // change before this transaction commits.
        let mut tx = self.begin_write().await.map_err(internal("begin role"))?;
        let admins: Vec<i64> = sqlx::query_scalar(&format!(
            "SELECT id FROM users WHERE role = 'admin' ORDER BY id{}",
            self.for_update()
        ))
        .fetch_all(&mut *tx)
        .await
        .map_err(internal("administrators"))?;
        let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM users WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await
            .map_err(internal("account for role"))?;
        if exists.is_none() {
            return Err(RoleChangeError::NotFound);
        }
        if role != Role::Admin && admins.contains(&id) && admins.len() <= 1 {
            return Err(RoleChangeError::LastAdmin);
        }
        sqlx::query("UPDATE users SET role = $1 WHERE id = $2")
            .bind(role.slug())
            .bind(id)
            .execute(&mut *tx)
            .await
            .map_err(internal("set role"))?;
        Self::write_scope(&mut tx, id, scope)
            .await
            .map_err(internal("user scope"))?;
        tx.commit().await.map_err(internal("commit role"))?;
        self.accounts_changed();
        Ok(())
    }

    async fn trust_device(&self, user_id: i64, token_hash: &str) -> Result<(), StorageError> {
        sqlx::query(
            "INSERT INTO trusted_devices (token_hash, user_id, created_at) VALUES ($1, $2, $3)
             ON CONFLICT (token_hash) DO NOTHING",
        )
        .bind(token_hash)
        .bind(user_id)
        .bind(now())
        .execute(&self.pool)
        .await
        .map(|_| ())
        .map_err(internal("trust device"))
    }

    async fn device_owner(&self, token_hash: &str) -> Result<Option<i64>, StorageError> {
        sqlx::query_scalar("SELECT user_id FROM trusted_devices WHERE token_hash = $1")
            .bind(token_hash)
            .fetch_optional(&self.pool)
            .await
            .map_err(internal("device owner"))
    }

    async fn create_token(
        &self,
        user_id: i64,
        token_hash: &str,
        label: &str,
    ) -> Result<TokenInfo, StorageError> {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO api_tokens (user_id, token_hash, label, created_at)
             VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(user_id)
        .bind(token_hash)
        .bind(label)
        .bind(now())
        .fetch_one(&self.pool)
        .await
        .map_err(internal("create token"))?;
        self.token(id)
            .await?
            .ok_or_else(|| corrupt("api_tokens", "a new token vanished"))
    }

    async fn user_by_token(&self, token_hash: &str) -> Result<Option<UserRecord>, StorageError> {
        let user: Option<i64> = sqlx::query_scalar(
            "UPDATE api_tokens SET last_used_at = $1
             WHERE token_hash = $2 AND revoked_at IS NULL RETURNING user_id",
        )
        .bind(now())
        .bind(token_hash)
        .fetch_optional(&self.pool)
        .await
        .map_err(internal("token"))?;
        match user {
            // A disabled account's tokens were revoked with it; this holds
            // for any made in the moment between.
            Some(id) => Ok(self.user_by_id(id).await?.filter(|u| !u.account.disabled)),
            None => Ok(None),
        }
    }

    async fn tokens(&self, user_id: i64) -> Result<Vec<TokenInfo>, StorageError> {
        let rows: Vec<TokenRow> = sqlx::query_as(&format!(
            "SELECT {TOKEN_COLUMNS} FROM api_tokens WHERE user_id = $1 ORDER BY id DESC"
        ))
        .bind(user_id)
        .fetch_all(&self.pool)
        .await
        .map_err(internal("tokens"))?;
        Ok(rows.into_iter().map(token_info).collect())
    }

    async fn token(&self, id: i64) -> Result<Option<TokenInfo>, StorageError> {
        let row: Option<TokenRow> = sqlx::query_as(&format!(
            "SELECT {TOKEN_COLUMNS} FROM api_tokens WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await
        .map_err(internal("token"))?;
        Ok(row.map(token_info))
    }

    async fn revoke_token(&self, id: i64) -> Result<bool, StorageError> {
        let done = sqlx::query(
            "UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL",
        )
        .bind(now())
        .bind(id)
        .execute(&self.pool)
        .await
        .map_err(internal("revoke token"))?;
        Ok(done.rows_affected() == 1)
    }
}

type TokenRow = (i64, i64, String, String, Option<String>, Option<String>);

fn token_info((id, user_id, label, created_at, last_used_at, revoked_at): TokenRow) -> TokenInfo {
    TokenInfo {
        id,
        user_id,
        label,
        created_at,
        last_used_at,
        revoked_at,
    }
}
