//! Review before publishing: where it is on, proposals and their
//! append-only steps. A step is a compare-and-set on the proposal's state,
//! so two reviewers acting at once cannot both succeed; an approval applies
//! the patch in the same transaction as it closes the proposal.

use super::actions::{apply_patch, owner, StoredAction};
use super::{corrupt, internal, SqlStorage};
use app::model::{Proposal, ReviewStepEntry};
use app::services::storage::{
    ActionEntry, ActionStorage, ActionTarget, ProposalQuery, ReviewStorage, ReviewWriteError,
    StepChange, StorageError,
};
use async_trait::async_trait;
use sqlx::{Any, Transaction};
use std::collections::HashMap;
use summit::{
    ActionKind, ActionPatch, Actor, Iso3, Language, Region, ReviewPolicy, ReviewState, ReviewStep,
    ValidPatch,
};

/// A proposal's row with its action's owner and kind.
type ProposalRow = (
    i64,
    Option<String>,
    Option<String>,
    String,
    i64,
    String,
    String,
    i64,
    String,
    String,
    String,
    String,
);

const PROPOSAL_COLUMNS: &str = "p.id, a.country, a.region, a.kind, p.base_version, p.patch, \
     p.state, p.author_id, p.author_name, p.comment, p.created_at, p.updated_at";

fn proposal_of(row: ProposalRow) -> Result<Proposal, StorageError> {
    let (id, country, region, kind, base_version, patch, state, author_id, author, comment) = (
        row.0, row.1, row.2, row.3, row.4, row.5, row.6, row.7, row.8, row.9,
    );
    let target = target_of(country, region, id)?;
    Ok(Proposal {
        id,
        target,
        kind: ActionKind::parse(&kind).ok_or_else(|| corrupt("actions.kind", &kind))?,
        base_version,
        patch: serde_json::from_str::<ActionPatch>(&patch)
            .map_err(|e| corrupt("proposals.patch", e))?,
        state: ReviewState::parse(&state).ok_or_else(|| corrupt("proposals.state", &state))?,
        author_id,
        author,
        comment,
        created_at: row.10,
        updated_at: row.11,
        steps: Vec::new(),
    })
}

/// An action's owner from its `country` and `region` columns.
pub(super) fn target_of(
    country: Option<String>,
    region: Option<String>,
    id: i64,
) -> Result<ActionTarget, StorageError> {
    match (country, region) {
        (Some(c), _) => Ok(ActionTarget::Country(
            Iso3::parse(&c).map_err(|e| corrupt("actions.country", e))?,
        )),
        (None, Some(r)) => Ok(ActionTarget::Region(
            Region::parse(&r).map_err(|e| corrupt("actions.region", e))?,
        )),
        (None, None) => Err(corrupt("actions owner", id)),
    }
}

fn patch_json(patch: &ValidPatch) -> Result<String, StorageError> {
    serde_json::to_string(&patch.to_patch()).map_err(|e| corrupt("proposals.patch", e))
}

impl SqlStorage {
    /// The steps of the given proposals, oldest first.
    async fn steps_of(
        &self,
        ids: &[i64],
    ) -> Result<HashMap<i64, Vec<ReviewStepEntry>>, StorageError> {
        let mut steps: HashMap<i64, Vec<ReviewStepEntry>> = HashMap::new();
        if ids.is_empty() {
            return Ok(steps);
        }
        let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
        let rows: Vec<(i64, String, String, String, String)> = sqlx::query_as(&format!(
            "SELECT proposal_id, step, actor_name, at, comment FROM review_steps
             WHERE proposal_id IN ({list}) ORDER BY id"
        ))
        .fetch_all(&self.pool)
        .await
        .map_err(internal("review steps"))?;
        for (id, step, by, at, comment) in rows {
            steps.entry(id).or_default().push(ReviewStepEntry {
                step: ReviewStep::parse(&step)
                    .ok_or_else(|| corrupt("review_steps.step", &step))?,
                by,
                at,
                comment,
            });
        }
        Ok(steps)
    }

    async fn with_steps(
        &self,
        mut proposals: Vec<Proposal>,
    ) -> Result<Vec<Proposal>, StorageError> {
        let ids: Vec<i64> = proposals.iter().map(|p| p.id).collect();
        let mut steps = self.steps_of(&ids).await?;
        for p in &mut proposals {
            p.steps = steps.remove(&p.id).unwrap_or_default();
        }
        Ok(proposals)
    }
}

/// Appends a step to the review history.
async fn record_step(
    tx: &mut Transaction<'static, Any>,
    id: i64,
    step: ReviewStep,
    actor: &Actor,
    at: &str,
    comment: &str,
    patch: Option<&str>,
) -> Result<(), StorageError> {
    sqlx::query(
        "INSERT INTO review_steps (proposal_id, step, actor_id, actor_name, at, comment, patch)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(id)
    .bind(step.slug())
    .bind(actor.id)
    .bind(&actor.name)
    .bind(at)
    .bind(comment)
    .bind(patch)
    .execute(&mut **tx)
    .await
    .map_err(internal("review step"))?;
    Ok(())
}

#[async_trait]
impl ReviewStorage for SqlStorage {
    async fn review_policy(&self) -> Result<ReviewPolicy, StorageError> {
        let everywhere: Option<i64> = sqlx::query_scalar("SELECT id FROM review_everywhere")
            .fetch_optional(&self.pool)
            .await
            .map_err(internal("review everywhere"))?;
        let rows: Vec<String> = sqlx::query_scalar(
            "SELECT rr.region FROM review_regions rr JOIN regions r ON r.slug = rr.region
             ORDER BY r.position",
        )
        .fetch_all(&self.pool)
        .await
        .map_err(internal("review regions"))?;
        Ok(ReviewPolicy {
            everywhere: everywhere.is_some(),
            regions: rows
                .iter()
                .map(|r| Region::parse(r).map_err(|e| corrupt("review_regions.region", e)))
                .collect::<Result<_, _>>()?,
        })
    }

    async fn set_review_policy(&self, policy: &ReviewPolicy) -> Result<(), StorageError> {
        let mut tx = self
            .begin_write()
            .await
            .map_err(internal("begin review policy"))?;
        let write = async {
            sqlx::query("DELETE FROM review_everywhere")
                .execute(&mut *tx)
                .await?;
            sqlx::query("DELETE FROM review_regions")
                .execute(&mut *tx)
                .await?;
            if policy.everywhere {
                sqlx::query("INSERT INTO review_everywhere (id) VALUES (1)")
                    .execute(&mut *tx)
                    .await?;
            }
            for region in &policy.regions {
                sqlx::query("INSERT INTO review_regions (region) VALUES ($1)")
                    .bind(region.slug())
                    .execute(&mut *tx)
                    .await?;
            }
            Ok::<_, sqlx::Error>(())
        };
        write.await.map_err(internal("review policy"))?;
        tx.commit().await.map_err(internal("commit review policy"))
    }

    async fn proposals(&self, query: ProposalQuery) -> Result<Vec<Proposal>, StorageError> {
        let (column, key) = match query.target.map(owner) {
            Some((column, key)) => (column.name(), Some(key)),
            None => ("country", None),
        };
        let open = if query.open_only {
            " AND p.state IN ('pending', 'returned')"
        } else {
            ""
        };
        let rows: Vec<ProposalRow> = sqlx::query_as(&format!(
            "SELECT {PROPOSAL_COLUMNS} FROM proposals p JOIN actions a ON a.id = p.action_id
             WHERE ($1 IS NULL OR a.{column} = $1){open}
             ORDER BY p.updated_at DESC, p.id DESC LIMIT $2"
        ))
        .bind(key)
        .bind(i64::from(query.limit))
        .fetch_all(&self.pool)
        .await
        .map_err(internal("proposals"))?;
        let proposals = rows
            .into_iter()
            .map(proposal_of)
            .collect::<Result<_, _>>()?;
        self.with_steps(proposals).await
    }

    async fn proposal(&self, id: i64) -> Result<Option<Proposal>, StorageError> {
        let row: Option<ProposalRow> = sqlx::query_as(&format!(
            "SELECT {PROPOSAL_COLUMNS} FROM proposals p JOIN actions a ON a.id = p.action_id
             WHERE p.id = $1"
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await
        .map_err(internal("proposal"))?;
        let Some(row) = row else {
            return Ok(None);
        };
        Ok(self.with_steps(vec![proposal_of(row)?]).await?.pop())
    }

    async fn propose(
        &self,
        target: ActionTarget,
        kind: ActionKind,
        base_version: i64,
        patch: &ValidPatch,
        author: &Actor,
    ) -> Result<Proposal, ReviewWriteError> {
        let mut tx = self
            .begin_write()
            .await
            .map_err(internal("begin proposal"))?;
        let id = self
            .propose_in(&mut tx, target, kind, base_version, patch, author, None)
            .await?;
        tx.commit().await.map_err(internal("commit proposal"))?;
        self.proposal(id).await?.ok_or(ReviewWriteError::NotFound)
    }

    async fn take_step(
        &self,
        id: i64,
        change: StepChange<'_>,
        actor: &Actor,
    ) -> Result<Proposal, ReviewWriteError> {
        let StepChange {
            step,
            from,
            to,
            comment,
            revision,
        } = change;
        let now = jiff::Timestamp::now().to_string();
        let patch = revision.map(|(_, p)| patch_json(p)).transpose()?;
        let mut tx = self
            .begin_write()
            .await
            .map_err(internal("begin review step"))?;
        // Only from the state the step was decided on; the comment is the
        // return's, and stays until the next return.
        let moved = sqlx::query(
            "UPDATE proposals SET state = $1, updated_at = $2,
                comment = CASE WHEN $3 = 'returned' THEN $4 ELSE comment END,
                patch = COALESCE($5, patch),
                base_version = COALESCE($6, base_version)
             WHERE id = $7 AND state = $8",
        )
        .bind(to.slug())
        .bind(&now)
        .bind(step.slug())
        .bind(comment)
        .bind(patch.as_deref())
        .bind(revision.map(|(version, _)| version))
        .bind(id)
        .bind(from.slug())
        .execute(&mut *tx)
        .await
        .map_err(internal("review step"))?;
        if moved.rows_affected() != 1 {
            return Err(ReviewWriteError::Moved);
        }
        record_step(&mut tx, id, step, actor, &now, comment, patch.as_deref()).await?;
        tx.commit().await.map_err(internal("commit review step"))?;
        self.proposal(id).await?.ok_or(ReviewWriteError::NotFound)
    }

    async fn approve(
        &self,
        id: i64,
        patch: &ValidPatch,
        reviewer: &Actor,
    ) -> Result<ActionEntry, ReviewWriteError> {
        let now = jiff::Timestamp::now().to_string();
        let mut tx = self
            .begin_write()
            .await
            .map_err(internal("begin approval"))?;
        type Row = (
            i64,
            i64,
            i64,
            String,
            i64,
            String,
            String,
            i64,
            Option<String>,
        );
        let row: Option<Row> = sqlx::query_as(&format!(
            "SELECT p.base_version, p.author_id, a.id, a.status, a.version, a.note, p.author_name,
                    CASE WHEN p.state = 'pending' THEN 1 ELSE 0 END, p.source
             FROM proposals p JOIN actions a ON a.id = p.action_id WHERE p.id = $1{}",
            self.for_update()
        ))
        .bind(id)
        .fetch_optional(&mut *tx)
        .await
        .map_err(internal("proposal for approval"))?;
        let Some((base, author_id, action_id, status, version, note, author_name, pending, source)) =
            row
        else {
            return Err(ReviewWriteError::NotFound);
        };
        if pending != 1 {
            return Err(ReviewWriteError::Moved);
        }
        let proposal = self.proposal(id).await?.ok_or(ReviewWriteError::NotFound)?;
        if version != base {
            drop(tx);
            let current = self
                .action(proposal.target, proposal.kind, Language::En)
                .await?
                .ok_or(ReviewWriteError::NotFound)?;
            return Err(ReviewWriteError::Stale(Box::new(current)));
        }
        // The change is the author's: the public history names who made
        // it, the review history who approved it.
        let author = Actor {
            id: author_id,
            name: author_name,
            role: summit::Role::Editor,
            scope: summit::Scope::default(),
        };
        let stored = StoredAction {
            id: action_id,
            version,
            status,
            note,
        };
        let changed = apply_patch(&mut tx, stored, patch, &author, source.as_deref()).await?;
        sqlx::query("UPDATE proposals SET state = 'approved', updated_at = $1 WHERE id = $2")
            .bind(&now)
            .bind(id)
            .execute(&mut *tx)
            .await
            .map_err(internal("approve proposal"))?;
        record_step(&mut tx, id, ReviewStep::Approve, reviewer, &now, "", None).await?;
        self.commit_changed(tx, changed).await?;
        self.action(proposal.target, proposal.kind, Language::En)
            .await?
            .ok_or(ReviewWriteError::NotFound)
    }
}

impl SqlStorage {
    /// A new pending proposal inside `tx` (see `ReviewStorage::propose`),
    /// noting the file it came from: its id.
    #[allow(clippy::too_many_arguments)]
    pub(super) async fn propose_in(
        &self,
        tx: &mut Transaction<'static, Any>,
        target: ActionTarget,
        kind: ActionKind,
        base_version: i64,
        patch: &ValidPatch,
        author: &Actor,
        source: Option<&str>,
    ) -> Result<i64, ReviewWriteError> {
        let (column, key) = owner(target);
        let patch = patch_json(patch)?;
        let now = jiff::Timestamp::now().to_string();
        let action: Option<i64> = sqlx::query_scalar(&format!(
            "SELECT id FROM actions WHERE {} = $1 AND kind = $2{}",
            column.name(),
            self.for_update()
        ))
        .bind(&key)
        .bind(kind.slug())
        .fetch_optional(&mut **tx)
        .await
        .map_err(internal("action for proposal"))?;
        let action = action.ok_or(ReviewWriteError::NotFound)?;
        let open: Option<i64> = sqlx::query_scalar(
            "SELECT id FROM proposals WHERE action_id = $1 AND state IN ('pending', 'returned')",
        )
        .bind(action)
        .fetch_optional(&mut **tx)
        .await
        .map_err(internal("open proposal"))?;
        if open.is_some() {
            return Err(ReviewWriteError::AnotherOpen);
        }
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO proposals
               (action_id, base_version, patch, state, author_id, author_name, created_at, updated_at,
                source)
             VALUES ($1, $2, $3, 'pending', $4, $5, $6, $6, $7) RETURNING id",
        )
        .bind(action)
        .bind(base_version)
        .bind(&patch)
        .bind(author.id)
        .bind(&author.name)
        .bind(&now)
        .bind(source)
        .fetch_one(&mut **tx)
        .await
        .map_err(internal("new proposal"))?;
        record_step(tx, id, ReviewStep::Propose, author, &now, "", Some(&patch)).await?;
        Ok(id)
    }
}
