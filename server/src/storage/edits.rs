//! Changing follow-up actions (versioned, with history) and the facts
//! administrators own.

use super::reads::OwnerColumn;
use super::{corrupt, internal, SqlStorage};
use app::services::storage::{
    ActionEntry, ActionTarget, EditStorage, HistoryEntry, StorageError, UpdateError,
};
use async_trait::async_trait;
use summit::{
    ActionKind, ActionState, Actor, Briefing, Iso3, Language, Milestone, Region, Status, ValidPatch,
};

fn owner(target: ActionTarget) -> (OwnerColumn, String) {
    match target {
        ActionTarget::Country(iso3) => (OwnerColumn::Country, iso3.to_string()),
        ActionTarget::Region(region) => (OwnerColumn::Region, region.slug().to_owned()),
    }
}

#[async_trait]
impl EditStorage for SqlStorage {
    async fn update_action(
        &self,
        target: ActionTarget,
        kind: ActionKind,
        expected_version: i64,
        patch: &ValidPatch,
        actor: &Actor,
    ) -> Result<ActionEntry, UpdateError> {
        let (column, key) = owner(target);
        let column = column.name();
        // The write lock is taken before the first read, so two edits from
        // the same version queue up instead of both reading that version.
        let mut tx = self.begin_write().await.map_err(internal("begin edit"))?;
        let row: Option<(i64, String, String, i64)> = sqlx::query_as(&format!(
            "SELECT id, status, note, version FROM actions WHERE {column} = $1 AND kind = $2{}",
            self.for_update()
        ))
        .bind(&key)
        .bind(kind.slug())
        .fetch_optional(&mut *tx)
        .await
        .map_err(internal("action for edit"))?;
        let Some((id, status, note, version)) = row else {
            return Err(UpdateError::NotFound);
        };
        if version != expected_version {
            drop(tx);
            let current = self
                .action(target, kind, Language::En)
                .await?
                .ok_or(UpdateError::NotFound)?;
            return Err(UpdateError::Stale(Box::new(current)));
        }
        let themes: Vec<String> =
            sqlx::query_scalar("SELECT theme FROM action_themes WHERE action_id = $1")
                .bind(id)
                .fetch_all(&mut *tx)
                .await
                .map_err(internal("themes for edit"))?;
        let evidence: Vec<String> = sqlx::query_scalar(
            "SELECT url FROM action_evidence WHERE action_id = $1 ORDER BY position",
        )
        .bind(id)
        .fetch_all(&mut *tx)
        .await
        .map_err(internal("evidence for edit"))?;
        let old = ActionState {
            status: Status::parse(&status).ok_or_else(|| corrupt("actions.status", &status))?,
            themes,
            evidence,
            note,
        };
        let (new, changes) = patch.apply(&old);
        if !changes.is_empty() {
            let now = jiff::Timestamp::now().to_string();
            let new_version = version + 1;
            write_action(&mut tx, id, &new, actor, &now, new_version)
                .await
                .map_err(internal("write action"))?;
            let changes = serde_json::to_string(&changes)
                .map_err(|e| corrupt("action_history.changes", e))?;
            sqlx::query(
                "INSERT INTO action_history
                   (action_id, version, changed_by, changed_at, changes, note, changed_by_user)
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(id)
            .bind(new_version)
            .bind(&actor.name)
            .bind(&now)
            .bind(changes)
            .bind(&new.note)
            .bind(actor.id)
            .execute(&mut *tx)
            .await
            .map_err(internal("history"))?;
        }
        tx.commit().await.map_err(internal("commit edit"))?;
        if !changes.is_empty() {
            self.changed();
        }
        Ok(self
            .action(target, kind, Language::En)
            .await?
            .ok_or(UpdateError::NotFound)?)
    }

    async fn action(
        &self,
        target: ActionTarget,
        kind: ActionKind,
        language: Language,
    ) -> Result<Option<ActionEntry>, StorageError> {
        let (column, key) = owner(target);
        Ok(self
            .load_actions(column, Some(key), language)
            .await?
            .into_iter()
            .map(|(_, a)| a)
            .find(|a| a.kind == kind))
    }

    async fn region_actions(
        &self,
        region: Region,
        language: Language,
    ) -> Result<Vec<ActionEntry>, StorageError> {
        Ok(self
            .load_actions(
                OwnerColumn::Region,
                Some(region.slug().to_owned()),
                language,
            )
            .await?
            .into_iter()
            .map(|(_, a)| a)
            .collect())
    }

    async fn history(&self, target: ActionTarget) -> Result<Vec<HistoryEntry>, StorageError> {
        let (column, key) = owner(target);
        let column = column.name();
        let rows: Vec<(String, i64, String, String, String, String)> = sqlx::query_as(&format!(
            "SELECT a.kind, h.version, h.changed_by, h.changed_at, h.changes, h.note
             FROM action_history h JOIN actions a ON a.id = h.action_id
             WHERE a.{column} = $1 ORDER BY h.changed_at DESC, h.id DESC"
        ))
        .bind(&key)
        .fetch_all(&self.pool)
        .await
        .map_err(internal("history"))?;
        rows.into_iter()
            .map(|(kind, version, changed_by, changed_at, changes, note)| {
                Ok(HistoryEntry {
                    kind: ActionKind::parse(&kind).ok_or_else(|| corrupt("actions.kind", &kind))?,
                    version,
                    changed_by,
                    changed_at,
                    changes: serde_json::from_str(&changes)
                        .map_err(|e| corrupt("action_history.changes", e))?,
                    note,
                })
            })
            .collect()
    }

    async fn add_theme(
        &self,
        slug: &str,
        names: &[(Language, String)],
    ) -> Result<bool, StorageError> {
        let mut tx = self.pool.begin().await.map_err(internal("begin theme"))?;
        let added = sqlx::query(
            "INSERT INTO themes (slug, position, builtin)
             SELECT $1, COALESCE(MAX(position), 0) + 1, false FROM themes WHERE true
             ON CONFLICT (slug) DO NOTHING",
        )
        .bind(slug)
        .execute(&mut *tx)
        .await
        .map_err(internal("add theme"))?
        .rows_affected()
            == 1;
        if !added {
            return Ok(false);
        }
        for (language, name) in names {
            sqlx::query("INSERT INTO theme_names (slug, lang, name) VALUES ($1, $2, $3)")
                .bind(slug)
                .bind(language.code())
                .bind(name)
                .execute(&mut *tx)
                .await
                .map_err(internal("theme name"))?;
        }
        tx.commit().await.map_err(internal("commit theme"))?;
        self.changed();
        Ok(true)
    }

    async fn set_briefing(&self, briefing: &Briefing) -> Result<bool, StorageError> {
        let done =
            sqlx::query("UPDATE briefings SET date = $1, participants = $2 WHERE region = $3")
                .bind(briefing.date.to_string())
                .bind(briefing.participants.to_storage())
                .bind(briefing.region.slug())
                .execute(&self.pool)
                .await
                .map_err(internal("set briefing"))?;
        let changed = done.rows_affected() == 1;
        if changed {
            self.changed();
        }
        Ok(changed)
    }

    async fn set_country_region(
        &self,
        iso3: Iso3,
        region: Option<Region>,
    ) -> Result<bool, StorageError> {
        let mut tx = self.pool.begin().await.map_err(internal("begin region"))?;
        let done = sqlx::query("UPDATE countries SET region = $1 WHERE iso3 = $2")
            .bind(region.map(Region::slug))
            .bind(iso3.as_str())
            .execute(&mut *tx)
            .await
            .map_err(internal("set country region"))?;
        if done.rows_affected() != 1 {
            return Ok(false);
        }
        // A country newly served by a UN Country Team gets its actions; one
        // that loses its team keeps them (nothing recorded is ever dropped).
        if region.is_some() {
            for kind in ActionKind::COUNTRY {
                sqlx::query(
                    "INSERT INTO actions (country, kind) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                )
                .bind(iso3.as_str())
                .bind(kind.slug())
                .execute(&mut *tx)
                .await
                .map_err(internal("actions for country"))?;
            }
        }
        tx.commit().await.map_err(internal("commit region"))?;
        self.changed();
        Ok(true)
    }

    async fn set_milestone(
        &self,
        milestone: &Milestone,
        language: Language,
        title: &str,
        description: &str,
    ) -> Result<bool, StorageError> {
        let window = milestone
            .schedule
            .window()
            .map_err(|e| corrupt("milestone schedule", e))?;
        let schedule =
            serde_json::to_string(&milestone.schedule).map_err(|e| corrupt("schedule", e))?;
        let mut tx = self
            .pool
            .begin()
            .await
            .map_err(internal("begin milestone"))?;
        let done = sqlx::query(
            "UPDATE milestones SET schedule = $1, starts_at = $2, ends_at = $3, source = $4
             WHERE slug = $5",
        )
        .bind(schedule)
        .bind(window.start().to_string())
        .bind(window.end().to_string())
        .bind(&milestone.source)
        .bind(milestone.slug.as_str())
        .execute(&mut *tx)
        .await
        .map_err(internal("set milestone"))?;
        if done.rows_affected() != 1 {
            return Ok(false);
        }
        sqlx::query(
            "INSERT INTO milestone_texts (slug, lang, title, description) VALUES ($1, $2, $3, $4)
             ON CONFLICT (slug, lang) DO UPDATE SET title = excluded.title,
                                                   description = excluded.description",
        )
        .bind(milestone.slug.as_str())
        .bind(language.code())
        .bind(title)
        .bind(description)
        .execute(&mut *tx)
        .await
        .map_err(internal("milestone text"))?;
        tx.commit().await.map_err(internal("commit milestone"))?;
        self.changed();
        Ok(true)
    }
}

/// Writes the new state of action `id`: its row, themes and evidence.
async fn write_action(
    tx: &mut sqlx::AnyConnection,
    id: i64,
    new: &ActionState,
    actor: &Actor,
    now: &str,
    version: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE actions SET status = $1, note = $2, updated_by = $3, updated_at = $4, version = $5
         WHERE id = $6",
    )
    .bind(new.status.slug())
    .bind(&new.note)
    .bind(&actor.name)
    .bind(now)
    .bind(version)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    sqlx::query("DELETE FROM action_themes WHERE action_id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    for theme in &new.themes {
        sqlx::query("INSERT INTO action_themes (action_id, theme) VALUES ($1, $2)")
            .bind(id)
            .bind(theme)
            .execute(&mut *tx)
            .await?;
    }
    sqlx::query("DELETE FROM action_evidence WHERE action_id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    for (position, url) in new.evidence.iter().enumerate() {
        sqlx::query("INSERT INTO action_evidence (action_id, position, url) VALUES ($1, $2, $3)")
            .bind(id)
            .bind(position as i64)
            .bind(url)
            .execute(&mut *tx)
            .await?;
    }
    Ok(())
}
