//! Schema changes SQLite cannot make in place, done the way its manual
//! prescribes ("Making Other Kinds Of Table Schema Changes"): a new table,
//! the rows copied, the old one dropped and the new one renamed, with
//! foreign keys off. That pragma is ignored inside a transaction, and sqlx
//! runs every migration in one, so these run after the migrations, each
//! once: it looks at the stored schema first.
//!
//! - `users.role` gains `reviewer` (issue 29). PostgreSQL does this in its
//!   migration `20261206000001_review.sql`.
//! - `outbox.kind` gains `access`, the sign-in links (issue 30). PostgreSQL
//!   does this in its migration `20261208000001_sign_in.sql`.

use sqlx::{AnyPool, Connection, Executor};

/// The users table as it is after the rebuild: the same columns as
/// `20261129000003_accounts.sql`, and the reviewer role.
const USERS_WITH_REVIEWERS: &str = "
CREATE TABLE users_rebuilt (
    id            INTEGER PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE CHECK (email = lower(email) AND length(email) > 0),
    name          TEXT NOT NULL CHECK (length(name) > 0),
    role          TEXT NOT NULL CHECK (role IN ('admin', 'editor', 'reviewer')),
    -- A PHC string (argon2id); never the password.
    password_hash TEXT NOT NULL,
    created_at    TEXT NOT NULL
) STRICT;
INSERT INTO users_rebuilt (id, email, name, role, password_hash, created_at)
    SELECT id, email, name, role, password_hash, created_at FROM users;
DROP TABLE users;
ALTER TABLE users_rebuilt RENAME TO users;
";

/// The outbox as it is after the rebuild: the same columns as
/// `20261207000001_mail.sql`, and the `access` kind.
const OUTBOX_WITH_ACCESS: &str = "
CREATE TABLE outbox_rebuilt (
    id              INTEGER PRIMARY KEY,
    dedupe_key      TEXT NOT NULL UNIQUE,
    kind            TEXT NOT NULL CHECK (kind IN ('returned', 'approved', 'due-soon', 'overdue', 'digest', 'access')),
    user_id         INTEGER NOT NULL REFERENCES users (id),
    payload         TEXT NOT NULL CHECK (json_valid(payload)),
    state           TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'sent', 'failed', 'dropped')),
    attempts        INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_attempt_ms INTEGER NOT NULL,
    lease_until_ms  INTEGER NOT NULL DEFAULT 0,
    claim           TEXT NOT NULL DEFAULT '',
    last_error      TEXT NOT NULL DEFAULT '',
    created_ms      INTEGER NOT NULL,
    done_ms         INTEGER
) STRICT;
INSERT INTO outbox_rebuilt SELECT * FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_rebuilt RENAME TO outbox;
CREATE INDEX outbox_due ON outbox (state, next_attempt_ms);
";

/// The stored definition of `table`, if there is one.
async fn schema_of(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    table: &str,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = $1")
        .bind(table)
        .fetch_optional(&mut **tx)
        .await
}

/// Rebuilds what needs it, once. Two processes starting together queue on
/// the write lock, and the second finds the work done.
pub(super) async fn run(pool: &AnyPool) -> Result<(), sqlx::Error> {
    let mut connection = pool.acquire().await?;
    let result = async {
        connection.execute("PRAGMA foreign_keys = OFF").await?;
        let mut tx = connection.begin_with("BEGIN IMMEDIATE").await?;
        let users = schema_of(&mut tx, "users").await?;
        if users.is_some_and(|sql| !sql.contains("'reviewer'")) {
            tx.execute(USERS_WITH_REVIEWERS).await?;
            // The rows that point at users must all still find theirs.
            let broken: Vec<(String,)> =
                sqlx::query_as("SELECT \"table\" FROM pragma_foreign_key_check")
                    .fetch_all(&mut *tx)
                    .await?;
            if let Some((table,)) = broken.first() {
                return Err(sqlx::Error::Protocol(format!(
                    "rebuilding users would break references from {table}"
                )));
            }
            tracing::info!("users table rebuilt with the reviewer role");
        }
        if schema_of(&mut tx, "outbox")
            .await?
            .is_some_and(|sql| !sql.contains("'access'"))
        {
            tx.execute(OUTBOX_WITH_ACCESS).await?;
            tracing::info!("outbox rebuilt with the access kind");
        }
        tx.commit().await?;
        connection.execute("PRAGMA foreign_keys = ON").await?;
        Ok(())
    }
    .await;
    // Never hand a connection with foreign keys off back to the pool.
    if result.is_err() {
        let _ = connection.close().await;
    }
    result
}
