//! Follow-up actions: reading them (with themes, evidence and the deadline
//! that applies, judged at the current quarter hour), changing one
//! (versioned, with its history row, in one transaction), and the history.

use super::{corrupt, internal, SqlStorage};
use app::services::storage::{
    ActionEntry, ActionStorage, ActionTarget, ChangeQuery, ChangeRecord, HistoryEntry,
    StorageError, UpdateError,
};
use async_trait::async_trait;
use summit::{ActionKind, ActionState, Actor, Iso3, Language, Region, Status, ValidPatch};

impl SqlStorage {
    /// Actions of one owner, or of all owners of a kind (`column` is
    /// `country` or `region`), with themes and evidence, in owner then kind
    /// order: three queries whatever the number of owners.
    pub(super) async fn load_actions(
        &self,
        column: OwnerColumn,
        owner: Option<String>,
        language: Language,
    ) -> Result<Vec<(String, ActionEntry)>, StorageError> {
        let column = column.name();
        type Row = (
            i64,
            String,
            String,
            String,
            String,
            Option<String>,
            Option<String>,
            i64,
        );
        let rows: Vec<Row> = sqlx::query_as(&format!(
            "SELECT id, {column}, kind, status, note, updated_by, updated_at, version
             FROM actions WHERE {column} IS NOT NULL AND ($1 IS NULL OR {column} = $1)"
        ))
        .bind(&owner)
        .fetch_all(&self.pool)
        .await
        .map_err(internal("actions"))?;
        let themes: Vec<(i64, String, String)> = sqlx::query_as(&format!(
            "SELECT at.action_id, t.slug, COALESCE(n.name, e.name)
             FROM action_themes at
             JOIN actions a ON a.id = at.action_id AND a.{column} IS NOT NULL
                  AND ($1 IS NULL OR a.{column} = $1)
             JOIN themes t ON t.slug = at.theme
             JOIN theme_names e ON e.slug = t.slug AND e.lang = 'en'
             LEFT JOIN theme_names n ON n.slug = t.slug AND n.lang = $2
             ORDER BY t.position"
        ))
        .bind(&owner)
        .bind(language.code())
        .fetch_all(&self.pool)
        .await
        .map_err(internal("action themes"))?;
        let evidence: Vec<(i64, String)> = sqlx::query_as(&format!(
            "SELECT ev.action_id, ev.url FROM action_evidence ev
             JOIN actions a ON a.id = ev.action_id AND a.{column} IS NOT NULL
                  AND ($1 IS NULL OR a.{column} = $1)
             ORDER BY ev.position"
        ))
        .bind(&owner)
        .fetch_all(&self.pool)
        .await
        .map_err(internal("action evidence"))?;
        let mut themes_of: std::collections::HashMap<i64, Vec<(String, String)>> =
            Default::default();
        for (id, slug, name) in themes {
            themes_of.entry(id).or_default().push((slug, name));
        }
        let mut evidence_of: std::collections::HashMap<i64, Vec<String>> = Default::default();
        for (id, url) in evidence {
            evidence_of.entry(id).or_default().push(url);
        }
        let mut actions = rows
            .into_iter()
            .map(
                |(id, owner, kind, status, note, updated_by, updated_at, version)| {
                    let action = ActionEntry {
                        kind: summit::ActionKind::parse(&kind)
                            .ok_or_else(|| corrupt("actions.kind", &kind))?,
                        status: summit::Status::parse(&status)
                            .ok_or_else(|| corrupt("actions.status", &status))?,
                        themes: themes_of.remove(&id).unwrap_or_default(),
                        evidence: evidence_of.remove(&id).unwrap_or_default(),
                        note,
                        updated_by,
                        updated_at,
                        version,
                        due: None,
                    };
                    Ok((owner, action))
                },
            )
            .collect::<Result<Vec<_>, StorageError>>()?;
        let rules = self.deadline_rules(language).await?;
        let now = app::services::deadlines::judging_now();
        for (owner, action) in &mut actions {
            let country = match column {
                "country" => Iso3::parse(owner).ok(),
                _ => None,
            };
            action.due =
                app::services::deadlines::due(&rules, country, action.kind, action.status, now);
        }
        let order = |k: summit::ActionKind| summit::ActionKind::ALL.iter().position(|x| *x == k);
        actions.sort_by(|(c, a), (d, b)| (c, order(a.kind)).cmp(&(d, order(b.kind))));
        Ok(actions)
    }

    /// Country actions keyed by country.
    async fn load_country_actions(
        &self,
        iso3: Option<Iso3>,
        language: Language,
    ) -> Result<Vec<(Iso3, ActionEntry)>, StorageError> {
        self.load_actions(OwnerColumn::Country, iso3.map(|c| c.to_string()), language)
            .await?
            .into_iter()
            .map(|(owner, action)| {
                let iso3 = Iso3::parse(&owner).map_err(|e| corrupt("actions.country", e))?;
                Ok((iso3, action))
            })
            .collect()
    }
}

/// Which column owns an action.
#[derive(Clone, Copy, Debug)]
pub(super) enum OwnerColumn {
    Country,
    Region,
}

impl OwnerColumn {
    pub(super) fn name(self) -> &'static str {
        match self {
            OwnerColumn::Country => "country",
            OwnerColumn::Region => "region",
        }
    }
}

pub(super) fn owner(target: ActionTarget) -> (OwnerColumn, String) {
    match target {
        ActionTarget::Country(iso3) => (OwnerColumn::Country, iso3.to_string()),
        ActionTarget::Region(region) => (OwnerColumn::Region, region.slug().to_owned()),
    }
}

#[async_trait]
impl ActionStorage for SqlStorage {
    async fn country_actions(
        &self,
        iso3: Iso3,
        language: Language,
    ) -> Result<Vec<ActionEntry>, StorageError> {
        Ok(self
            .load_country_actions(Some(iso3), language)
            .await?
            .into_iter()
            .map(|(_, action)| action)
            .collect())
    }

    async fn all_country_actions(
        &self,
        language: Language,
    ) -> Result<Vec<(Iso3, ActionEntry)>, StorageError> {
        self.load_country_actions(None, language).await
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
        let changed = apply_patch(
            &mut tx,
            StoredAction {
                id,
                version,
                status,
                note,
            },
            patch,
            actor,
            None,
        )
        .await?;
        self.commit_changed(tx, changed).await?;
        Ok(self
            .action(target, kind, Language::En)
            .await?
            .ok_or(UpdateError::NotFound)?)
    }

    async fn history(&self, target: ActionTarget) -> Result<Vec<HistoryEntry>, StorageError> {
        let (column, key) = owner(target);
        let column = column.name();
        type Row = (String, i64, String, String, String, String, Option<String>);
        let rows: Vec<Row> = sqlx::query_as(&format!(
            "SELECT a.kind, h.version, h.changed_by, h.changed_at, h.changes, h.note, h.source
             FROM action_history h JOIN actions a ON a.id = h.action_id
             WHERE a.{column} = $1 ORDER BY h.changed_at DESC, h.id DESC"
        ))
        .bind(&key)
        .fetch_all(&self.pool)
        .await
        .map_err(internal("history"))?;
        rows.into_iter()
            .map(
                |(kind, version, changed_by, changed_at, changes, note, source)| {
                    Ok(HistoryEntry {
                        kind: ActionKind::parse(&kind)
                            .ok_or_else(|| corrupt("actions.kind", &kind))?,
                        version,
                        changed_by,
                        changed_at,
                        changes: serde_json::from_str(&changes)
                            .map_err(|e| corrupt("action_history.changes", e))?,
                        note,
                        source,
                    })
                },
            )
            .collect()
    }

    async fn changes(&self, query: &ChangeQuery) -> Result<Vec<ChangeRecord>, StorageError> {
        // Only the filters asked for become conditions (PostgreSQL cannot
        // type a parameter that appears only in `$1 IS NULL`).
        let mut conditions = Vec::new();
        let mut binds: Vec<String> = Vec::new();
        // Each `?` becomes the next numbered parameter, bound to `value`.
        let mut bind = |condition: &str, value: String| {
            let mut sql = String::new();
            for (i, part) in condition.split('?').enumerate() {
                if i > 0 {
                    binds.push(value.clone());
                    sql.push_str(&format!("${}", binds.len()));
                }
                sql.push_str(part);
            }
            conditions.push(sql);
        };
        if let Some(region) = query.region {
            bind("(c.region = ? OR a.region = ?)", region.slug().to_owned());
        }
        if let Some(country) = query.country {
            bind("a.country = ?", country.to_string());
        }
        if let Some(kind) = query.kind {
            bind("a.kind = ?", kind.slug().to_owned());
        }
        if let Some(theme) = &query.theme {
            bind(
                "EXISTS (SELECT 1 FROM action_themes t WHERE t.action_id = a.id AND t.theme = ?)",
                theme.clone(),
            );
        }
        if let Some(since) = &query.since {
            bind("h.changed_at >= ?", since.clone());
        }
        if let Some(before) = &query.before {
            bind("h.changed_at < ?", before.clone());
        }
        let after = query.after.map(|after| format!(" AND h.id > {after}"));
        let sql = format!(
            "SELECT h.id, a.country, a.region, c.region, a.kind, h.version, h.changed_by,
                    h.changed_at, h.changes, h.note
             FROM action_history h JOIN actions a ON a.id = h.action_id
             LEFT JOIN countries c ON c.iso3 = a.country
             WHERE 1 = 1{conditions}{after}
             ORDER BY h.id {order} LIMIT {limit}",
            conditions = conditions
                .iter()
                .map(|c| format!(" AND {c}"))
                .collect::<String>(),
            after = after.unwrap_or_default(),
            order = if query.newest_first { "DESC" } else { "ASC" },
            limit = query.limit,
        );
        type Row = (
            i64,
            Option<String>,
            Option<String>,
            Option<String>,
            String,
            i64,
            String,
            String,
            String,
            String,
        );
        let mut statement = sqlx::query_as::<_, Row>(&sql);
        for value in &binds {
            statement = statement.bind(value);
        }
        let rows = statement
            .fetch_all(&self.pool)
            .await
            .map_err(internal("changes"))?;
        rows.into_iter()
            .map(|row| {
                let (id, country, own_region, country_region, kind, version) =
                    (row.0, row.1, row.2, row.3, row.4, row.5);
                let target = match (&country, &own_region) {
                    (Some(iso3), _) => ActionTarget::Country(
                        Iso3::parse(iso3).map_err(|_| corrupt("actions.country", iso3))?,
                    ),
                    (None, Some(slug)) => ActionTarget::Region(
                        Region::parse(slug).map_err(|_| corrupt("actions.region", slug))?,
                    ),
                    (None, None) => return Err(corrupt("actions", "no owner")),
                };
                let region = own_region
                    .or(country_region)
                    .and_then(|slug| Region::parse(&slug).ok());
                Ok(ChangeRecord {
                    id,
                    target,
                    region,
                    kind: ActionKind::parse(&kind).ok_or_else(|| corrupt("actions.kind", &kind))?,
                    version,
                    changed_by: row.6,
                    changed_at: row.7,
                    changes: serde_json::from_str(&row.8)
                        .map_err(|e| corrupt("action_history.changes", e))?,
                    note: row.9,
                })
            })
            .collect()
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

/// An action's row as read, under the write lock, before a change.
pub(super) struct StoredAction {
    pub id: i64,
    pub version: i64,
    pub status: String,
    pub note: String,
}

/// Applies `patch` to the action in `tx` in `actor`'s name: its row,
/// themes and evidence, and a history row, the version up by one. Whether
/// anything changed (a patch repeating the current values changes nothing).
/// `source` names the file the change came from (the history notes it).
pub(super) async fn apply_patch(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    action: StoredAction,
    patch: &ValidPatch,
    actor: &Actor,
    source: Option<&str>,
) -> Result<bool, StorageError> {
    let StoredAction {
        id,
        version,
        status,
        note,
    } = action;
    let themes: Vec<String> =
        sqlx::query_scalar("SELECT theme FROM action_themes WHERE action_id = $1")
            .bind(id)
            .fetch_all(&mut **tx)
            .await
            .map_err(internal("themes for edit"))?;
    let evidence: Vec<String> = sqlx::query_scalar(
        "SELECT url FROM action_evidence WHERE action_id = $1 ORDER BY position",
    )
    .bind(id)
    .fetch_all(&mut **tx)
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
        write_action(tx, id, &new, actor, &now, new_version)
            .await
            .map_err(internal("write action"))?;
        let changes =
            serde_json::to_string(&changes).map_err(|e| corrupt("action_history.changes", e))?;
        sqlx::query(
            "INSERT INTO action_history
                   (action_id, version, changed_by, changed_at, changes, note, changed_by_user,
                    source)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(id)
        .bind(new_version)
        .bind(&actor.name)
        .bind(&now)
        .bind(changes)
        .bind(&new.note)
        .bind(actor.id)
        .bind(source)
        .execute(&mut **tx)
        .await
        .map_err(internal("history"))?;
    }
    Ok(!changes.is_empty())
}
