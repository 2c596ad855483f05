//! E-mail in the database: people's choices, the outbox and its leases,
//! unsubscribe tokens (hashed), and the marks and cursor that make planning
//! happen once across instances. The rules are `summit::mail`'s; sending is
//! `crate::mail`'s.

use super::review::target_of;
use super::{corrupt, internal, Database, SqlStorage};
use app::model::{MailPayload, OutboxStatus};
use app::services::storage::{
    ClaimedMail, MailBatch, MailOutcome, MailStorage, StepEvent, StorageError, Unsubscribed,
};
use async_trait::async_trait;
use sqlx::{Any, Transaction};
use summit::{ActionKind, Language, MailKind, ReviewStep};

/// How much of a mail server's answer is kept (the administrators read it).
const ERROR_KEPT: usize = 500;

fn kept(error: &str) -> String {
    error.chars().take(ERROR_KEPT).collect()
}

fn language_of(code: &str) -> Result<Language, StorageError> {
    Language::parse(code).ok_or_else(|| corrupt("mail language", code))
}

fn kind_of(slug: &str) -> Result<MailKind, StorageError> {
    MailKind::parse(slug).ok_or_else(|| corrupt("mail kind", slug))
}

/// Turns `kind` off for `user_id` (already off: nothing changes).
async fn opt_out(
    tx: &mut Transaction<'static, Any>,
    user_id: i64,
    kind: MailKind,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO mail_optouts (user_id, kind) VALUES ($1, $2) ON CONFLICT DO NOTHING")
        .bind(user_id)
        .bind(kind.slug())
        .execute(&mut **tx)
        .await?;
    Ok(())
}

#[async_trait]
impl MailStorage for SqlStorage {
    async fn mail_language(&self, user_id: i64) -> Result<Option<Language>, StorageError> {
        let code: Option<String> =
            sqlx::query_scalar("SELECT language FROM mail_settings WHERE user_id = $1")
                .bind(user_id)
                .fetch_optional(&self.pool)
                .await
                .map_err(internal("mail language"))?;
        code.map(|c| language_of(&c)).transpose()
    }

    async fn set_mail_language(
        &self,
        user_id: i64,
        language: Language,
        only_if_unset: bool,
    ) -> Result<(), StorageError> {
        let sql = if only_if_unset {
            "INSERT INTO mail_settings (user_id, language) VALUES ($1, $2) ON CONFLICT DO NOTHING"
        } else {
            "INSERT INTO mail_settings (user_id, language) VALUES ($1, $2)
             ON CONFLICT (user_id) DO UPDATE SET language = excluded.language"
        };
        sqlx::query(sql)
            .bind(user_id)
            .bind(language.code())
            .execute(&self.pool)
            .await
            .map_err(internal("set mail language"))?;
        Ok(())
    }

    async fn mail_optouts(&self, user_id: i64) -> Result<Vec<MailKind>, StorageError> {
        let rows: Vec<String> =
            sqlx::query_scalar("SELECT kind FROM mail_optouts WHERE user_id = $1")
                .bind(user_id)
                .fetch_all(&self.pool)
                .await
                .map_err(internal("mail optouts"))?;
        rows.iter().map(|k| kind_of(k)).collect()
    }

    async fn set_mail_optouts(&self, user_id: i64, off: &[MailKind]) -> Result<(), StorageError> {
        let mut tx = self
            .begin_write()
            .await
            .map_err(internal("begin mail optouts"))?;
        let write = async {
            sqlx::query("DELETE FROM mail_optouts WHERE user_id = $1")
                .bind(user_id)
                .execute(&mut *tx)
                .await?;
            for kind in off {
                opt_out(&mut tx, user_id, *kind).await?;
            }
            Ok::<_, sqlx::Error>(())
        };
        write.await.map_err(internal("set mail optouts"))?;
        tx.commit().await.map_err(internal("commit mail optouts"))
    }

    async fn mail_cursor(&self, name: &str) -> Result<Option<i64>, StorageError> {
        sqlx::query_scalar("SELECT last_id FROM mail_cursors WHERE name = $1")
            .bind(name)
            .fetch_optional(&self.pool)
            .await
            .map_err(internal("mail cursor"))
    }

    async fn review_steps_after(
        &self,
        after: i64,
        limit: u32,
    ) -> Result<Vec<StepEvent>, StorageError> {
        type Row = (
            i64,
            String,
            i64,
            i64,
            Option<String>,
            Option<String>,
            String,
            String,
            String,
        );
        let rows: Vec<Row> = sqlx::query_as(
            "SELECT s.id, s.step, p.id, p.author_id, a.country, a.region, a.kind,
                    s.actor_name, s.comment
             FROM review_steps s
             JOIN proposals p ON p.id = s.proposal_id
             JOIN actions a ON a.id = p.action_id
             WHERE s.id > $1 ORDER BY s.id LIMIT $2",
        )
        .bind(after)
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await
        .map_err(internal("review steps after"))?;
        rows.into_iter()
            .map(|r| {
                Ok(StepEvent {
                    id: r.0,
                    step: ReviewStep::parse(&r.1)
                        .ok_or_else(|| corrupt("review_steps.step", &r.1))?,
                    proposal: r.2,
                    author_id: r.3,
                    target: target_of(r.4, r.5, r.2)?,
                    kind: ActionKind::parse(&r.6).ok_or_else(|| corrupt("actions.kind", &r.6))?,
                    by: r.7,
                    comment: r.8,
                })
            })
            .collect()
    }

    async fn last_review_step(&self) -> Result<i64, StorageError> {
        let last: Option<i64> = sqlx::query_scalar("SELECT MAX(id) FROM review_steps")
            .fetch_one(&self.pool)
            .await
            .map_err(internal("last review step"))?;
        Ok(last.unwrap_or(0))
    }

    async fn mail_marks(&self, prefix: &str) -> Result<Vec<String>, StorageError> {
        // A prefix range, not LIKE: no pattern characters to escape.
        sqlx::query_scalar("SELECT mark FROM mail_marks WHERE mark >= $1 AND mark < $2")
            .bind(prefix)
            .bind(format!("{prefix}\u{10FFFF}"))
            .fetch_all(&self.pool)
            .await
            .map_err(internal("mail marks"))
    }

    async fn enqueue_mail(&self, batch: &MailBatch, now_ms: i64) -> Result<bool, StorageError> {
        let mut tx = self
            .begin_write()
            .await
            .map_err(internal("begin enqueue mail"))?;
        let write = async {
            for mark in &batch.marks {
                let done = sqlx::query(
                    "INSERT INTO mail_marks (mark, created_ms) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                )
                .bind(mark)
                .bind(now_ms)
                .execute(&mut *tx)
                .await?;
                if done.rows_affected() == 0 {
                    return Ok(false);
                }
            }
            if let Some(cursor) = batch.cursor {
                let moved = match cursor.from {
                    None => sqlx::query(
                        "INSERT INTO mail_cursors (name, last_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                    )
                    .bind(cursor.name)
                    .bind(cursor.to),
                    Some(from) => sqlx::query(
                        "UPDATE mail_cursors SET last_id = $1 WHERE name = $2 AND last_id = $3",
                    )
                    .bind(cursor.to)
                    .bind(cursor.name)
                    .bind(from),
                }
                .execute(&mut *tx)
                .await?;
                if moved.rows_affected() == 0 {
                    return Ok(false);
                }
            }
            for mail in &batch.messages {
                let payload = serde_json::to_string(&mail.payload)
                    .map_err(|e| sqlx::Error::Protocol(e.to_string()))?;
                sqlx::query(
                    "INSERT INTO outbox (dedupe_key, kind, user_id, payload, next_attempt_ms, created_ms)
                     VALUES ($1, $2, $3, $4, $5, $5) ON CONFLICT DO NOTHING",
                )
                .bind(&mail.dedupe_key)
                .bind(mail.payload.kind().slug())
                .bind(mail.user_id)
                .bind(payload)
                .bind(now_ms)
                .execute(&mut *tx)
                .await?;
            }
            Ok::<_, sqlx::Error>(true)
        };
        let written = write.await.map_err(internal("enqueue mail"))?;
        if written {
            tx.commit().await.map_err(internal("commit enqueue mail"))?;
        }
        Ok(written)
    }

    async fn claim_mail(
        &self,
        now_ms: i64,
        lease_ms: i64,
        limit: u32,
        claim: &str,
    ) -> Result<Vec<ClaimedMail>, StorageError> {
        // PostgreSQL: senders on other instances skip the rows one is
        // claiming instead of waiting for them. SQLite has one writer.
        let skip_locked = match self.database {
            Database::Postgres => " FOR UPDATE SKIP LOCKED",
            Database::Sqlite => "",
        };
        sqlx::query(&format!(
            "UPDATE outbox SET lease_until_ms = $1, claim = $2, attempts = attempts + 1
             WHERE id IN (SELECT id FROM outbox
                          WHERE state = 'queued' AND next_attempt_ms <= $3 AND lease_until_ms <= $3
                          ORDER BY id LIMIT $4{skip_locked})"
        ))
        .bind(now_ms.saturating_add(lease_ms))
        .bind(claim)
        .bind(now_ms)
        .bind(i64::from(limit))
        .execute(&self.pool)
        .await
        .map_err(internal("claim mail"))?;
        type Row = (i64, i64, String, Option<String>, String, i64, i64);
        let rows: Vec<Row> = sqlx::query_as(
            "SELECT o.id, o.user_id, u.email, s.language, o.payload, o.attempts,
                    (SELECT COUNT(*) FROM mail_optouts x WHERE x.user_id = o.user_id AND x.kind = o.kind)
             FROM outbox o
             JOIN users u ON u.id = o.user_id
             LEFT JOIN mail_settings s ON s.user_id = o.user_id
             WHERE o.claim = $1 AND o.state = 'queued'
             ORDER BY o.id",
        )
        .bind(claim)
        .fetch_all(&self.pool)
        .await
        .map_err(internal("claimed mail"))?;
        rows.into_iter()
            .map(
                |(id, user_id, address, language, payload, attempts, opted_out)| {
                    Ok(ClaimedMail {
                        id,
                        user_id,
                        address,
                        language: match language {
                            Some(code) => language_of(&code)?,
                            None => Language::DEFAULT,
                        },
                        payload: serde_json::from_str::<MailPayload>(&payload)
                            .map_err(|e| corrupt("outbox.payload", e))?,
                        attempts: u32::try_from(attempts).unwrap_or(u32::MAX),
                        opted_out: opted_out > 0,
                    })
                },
            )
            .collect()
    }

    async fn finish_mail(
        &self,
        id: i64,
        claim: &str,
        outcome: &MailOutcome,
        now_ms: i64,
    ) -> Result<(), StorageError> {
        let (state, next_ms, error, done_ms) = match outcome {
            MailOutcome::Sent => ("sent", now_ms, String::new(), Some(now_ms)),
            MailOutcome::Dropped => ("dropped", now_ms, String::new(), Some(now_ms)),
            MailOutcome::Failed { error } => ("failed", now_ms, kept(error), Some(now_ms)),
            MailOutcome::Retry { at_ms, error } => ("queued", *at_ms, kept(error), None),
        };
        sqlx::query(
            "UPDATE outbox SET state = $1, next_attempt_ms = $2, last_error = $3, done_ms = $4,
                    lease_until_ms = 0, claim = ''
             WHERE id = $5 AND claim = $6 AND state = 'queued'",
        )
        .bind(state)
        .bind(next_ms)
        .bind(error)
        .bind(done_ms)
        .bind(id)
        .bind(claim)
        .execute(&self.pool)
        .await
        .map_err(internal("finish mail"))?;
        Ok(())
    }

    async fn store_unsubscribe_token(
        &self,
        token_hash: &str,
        user_id: i64,
        kind: MailKind,
        language: Language,
        expires_ms: i64,
    ) -> Result<(), StorageError> {
        sqlx::query(
            "INSERT INTO unsubscribe_tokens (token_hash, user_id, kind, language, expires_ms)
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(token_hash)
        .bind(user_id)
        .bind(kind.slug())
        .bind(language.code())
        .bind(expires_ms)
        .execute(&self.pool)
        .await
        .map_err(internal("store unsubscribe token"))?;
        Ok(())
    }

    async fn unsubscribe(
        &self,
        token_hash: &str,
        now_ms: i64,
    ) -> Result<Unsubscribed, StorageError> {
        let mut tx = self
            .begin_write()
            .await
            .map_err(internal("begin unsubscribe"))?;
        let row: Option<(i64, String, String, i64, Option<i64>)> = sqlx::query_as(&format!(
            "SELECT user_id, kind, language, expires_ms, used_ms FROM unsubscribe_tokens
             WHERE token_hash = $1{}",
            self.for_update()
        ))
        .bind(token_hash)
        .fetch_optional(&mut *tx)
        .await
        .map_err(internal("unsubscribe token"))?;
        let Some((user_id, kind, language, expires_ms, used_ms)) = row else {
            return Ok(Unsubscribed::Unknown);
        };
        let (kind, language) = (kind_of(&kind)?, language_of(&language)?);
        if used_ms.is_some() {
            return Ok(Unsubscribed::AlreadyUsed { kind, language });
        }
        if expires_ms <= now_ms {
            return Ok(Unsubscribed::Unknown);
        }
        let write = async {
            sqlx::query("UPDATE unsubscribe_tokens SET used_ms = $1 WHERE token_hash = $2")
                .bind(now_ms)
                .bind(token_hash)
                .execute(&mut *tx)
                .await?;
            opt_out(&mut tx, user_id, kind).await?;
            Ok::<_, sqlx::Error>(())
        };
        write.await.map_err(internal("unsubscribe"))?;
        tx.commit().await.map_err(internal("commit unsubscribe"))?;
        Ok(Unsubscribed::Done { kind, language })
    }

    async fn outbox_status(&self, now_ms: i64) -> Result<OutboxStatus, StorageError> {
        let week_ago = now_ms - 7 * 24 * 3600 * 1000;
        let (queued, retrying, failed, sent_week): (i64, i64, i64, i64) = sqlx::query_as(
            "SELECT COUNT(*) FILTER (WHERE state = 'queued'),
                    COUNT(*) FILTER (WHERE state = 'queued' AND attempts > 0),
                    COUNT(*) FILTER (WHERE state = 'failed'),
                    COUNT(*) FILTER (WHERE state = 'sent' AND done_ms >= $1)
             FROM outbox",
        )
        .bind(week_ago)
        .fetch_one(&self.pool)
        .await
        .map_err(internal("outbox status"))?;
        let last_error: Option<String> = sqlx::query_scalar(
            "SELECT last_error FROM outbox WHERE last_error <> '' ORDER BY id DESC LIMIT 1",
        )
        .fetch_optional(&self.pool)
        .await
        .map_err(internal("outbox last error"))?;
        Ok(OutboxStatus {
            sending: false,
            queued,
            retrying,
            failed,
            sent_week,
            last_error: last_error.unwrap_or_default(),
        })
    }
}
