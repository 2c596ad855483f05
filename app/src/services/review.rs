//! Review before publishing through every door: an edit held for review
//! becomes a proposal (or revises its author's returned one), and a
//! reviewer approves or returns it, or its author withdraws it. Every step
//! is asked of the domain (`summit::action::review`) and written with who
//! took it and when (server only).

use crate::error::{AppError, FieldError};
use crate::model::{ActionEdit, ActionEntry, ActionTarget, EditOutcome, Proposal};
use crate::services::storage::{ProposalQuery, SharedStorage, StepChange};
use summit::action::review::parse_comment;
use summit::action::review::Party;
use summit::{ActionState, Actor, Coverage, Language, ReviewError, ReviewStep, ValidPatch};

/// The most proposals a list shows (open ones first come from the query).
pub const LIST_LIMIT: u32 = 200;

/// An action's state as a patch applies to it.
pub(crate) fn state_of(action: &ActionEntry) -> ActionState {
    ActionState {
        status: action.status,
        themes: action.themes.iter().map(|(slug, _)| slug.clone()).collect(),
        evidence: action.evidence.clone(),
        note: action.note.clone(),
    }
}

/// An edit held for review. Made against an old version: 409 with the
/// action as it is. With no open proposal it proposes (unless it changes
/// nothing: then nothing is proposed and the action comes back as it is);
/// with its author's returned one it revises it; any other open proposal
/// refuses it (one open proposal per action).
pub(crate) async fn propose(
    storage: &SharedStorage,
    actor: &Actor,
    edit: &ActionEdit,
    patch: &ValidPatch,
    current: ActionEntry,
) -> Result<EditOutcome, AppError> {
    if current.version != edit.version {
        return Err(AppError::Conflict(Box::new(current)));
    }
    match open_proposal(storage, edit.target, edit.kind).await? {
        None => {
            let (_, changes) = patch.apply(&state_of(&current));
            if changes.is_empty() {
                return Ok(EditOutcome::Published(current));
            }
            let proposal = storage
                .propose(edit.target, edit.kind, edit.version, patch, actor)
                .await?;
            Ok(EditOutcome::Proposed(proposal))
        }
        Some(open) if open.author_id == actor.id => {
            let next = open.state.after(ReviewStep::Revise, Party::Author)?;
            let change = StepChange {
                step: ReviewStep::Revise,
                from: open.state,
                to: next,
                comment: "",
                revision: Some((edit.version, patch)),
            };
            let proposal = storage.take_step(open.id, change, actor).await?;
            Ok(EditOutcome::Proposed(proposal))
        }
        Some(_) => Err(ReviewError::AnotherOpen.into()),
    }
}

/// The open (pending or returned) proposal of an action, if any.
pub async fn open_proposal(
    storage: &SharedStorage,
    target: ActionTarget,
    kind: summit::ActionKind,
) -> Result<Option<Proposal>, AppError> {
    Ok(storage
        .proposals(ProposalQuery {
            open_only: true,
            target: Some(target),
            limit: LIST_LIMIT,
        })
        .await?
        .into_iter()
        .find(|p| p.kind == kind))
}

/// How `actor` stands to `proposal`: its author, a reviewer of its
/// action, or neither; and whether they edit the action.
struct Standing {
    party: Party,
    edits: bool,
}

impl Standing {
    /// Its author, its reviewers and the editors of its action see it.
    fn may_see(&self) -> bool {
        self.party != Party::Other || self.edits
    }
}

/// `actor`'s [`Standing`] to `proposal`, from one look at the country's
/// region (which moving a country changes).
async fn standing(
    storage: &SharedStorage,
    actor: &Actor,
    proposal: &Proposal,
) -> Result<Standing, AppError> {
    let (reviews, edits) = match proposal.target {
        ActionTarget::Country(iso3) => {
            let coverage = storage
                .country(iso3, Language::En)
                .await?
                .map_or(Coverage::NoCountryTeam, |c| c.coverage);
            (
                actor.can_review_country(iso3, coverage),
                actor.can_edit_country(iso3, coverage),
            )
        }
        ActionTarget::Region(region) => (
            actor.can_review_region(region),
            actor.can_edit_region(region),
        ),
    };
    let party = if proposal.author_id == actor.id {
        Party::Author
    } else if reviews {
        Party::Reviewer
    } else {
        Party::Other
    };
    Ok(Standing { party, edits })
}

/// Whether `actor` may see `proposal`: its author, its reviewers, and the
/// editors of its action.
pub async fn may_see(
    storage: &SharedStorage,
    actor: &Actor,
    proposal: &Proposal,
) -> Result<bool, AppError> {
    Ok(standing(storage, actor, proposal).await?.may_see())
}

/// The proposals `actor` may see, open ones first, then the most recently
/// closed; each with whether `actor` may approve or return it.
pub async fn visible_proposals(
    storage: &SharedStorage,
    actor: &Actor,
) -> Result<Vec<(Proposal, bool)>, AppError> {
    let all = storage
        .proposals(ProposalQuery {
            open_only: false,
            target: None,
            limit: LIST_LIMIT,
        })
        .await?;
    let mut visible = Vec::new();
    for proposal in all {
        let standing = standing(storage, actor, &proposal).await?;
        if standing.may_see() {
            visible.push((proposal, standing.party == Party::Reviewer));
        }
    }
    visible.sort_by_key(|(p, _)| !p.is_open());
    Ok(visible)
}

/// What a review step did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StepOutcome {
    /// Approved: the action as now published.
    Published(ActionEntry),
    /// Returned or withdrawn: the proposal as it now stands.
    Moved(Proposal),
}

/// Approves, returns (with `comment`) or withdraws proposal `id` for
/// `actor`. Unknown, or not theirs to see: 404. A step they may not take,
/// or not in this state: 403 or 409 with the domain's reason. A return
/// without a reason: 422. An approval of a proposal whose action changed
/// since: 409 with the action as it is (return it, and its author revises
/// it). Nothing changes when refused.
pub async fn take_step(
    storage: &SharedStorage,
    actor: &Actor,
    id: i64,
    step: ReviewStep,
    comment: &str,
) -> Result<StepOutcome, AppError> {
    let proposal = storage.proposal(id).await?.ok_or(AppError::NotFound)?;
    let standing = standing(storage, actor, &proposal).await?;
    if !standing.may_see() {
        return Err(AppError::NotFound);
    }
    if matches!(step, ReviewStep::Propose | ReviewStep::Revise) {
        // Made through the edit form or the actions API, never here.
        return Err(AppError::BadRequest);
    }
    let next = proposal.state.after(step, standing.party)?;
    match step {
        ReviewStep::Approve => {
            let themes: Vec<String> = storage
                .themes(Language::En)
                .await?
                .into_iter()
                .map(|(slug, _)| slug)
                .collect();
            let patch = proposal.patch.validate(&themes).map_err(|errors| {
                AppError::Invalid(errors.into_iter().map(FieldError::Action).collect())
            })?;
            let action = storage.approve(id, &patch, actor).await?;
            Ok(StepOutcome::Published(action))
        }
        _ => {
            let comment = if step == ReviewStep::Return {
                parse_comment(comment).map_err(|e| AppError::Invalid(vec![e.into()]))?
            } else {
                String::new()
            };
            let change = StepChange {
                step,
                from: proposal.state,
                to: next,
                comment: &comment,
                revision: None,
            };
            let moved = storage.take_step(id, change, actor).await?;
            Ok(StepOutcome::Moved(moved))
        }
    }
}
