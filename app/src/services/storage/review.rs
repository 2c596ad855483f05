//! Storage of review before publishing: where it is on, the proposals and
//! their append-only steps (server only).

use super::{ActionEntry, ActionTarget, StorageError};
use crate::model::Proposal;
use async_trait::async_trait;
use summit::{ActionKind, Actor, ReviewPolicy, ReviewState, ReviewStep, ValidPatch};

/// Why a proposal's write did not happen. Each leaves everything as it was.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ReviewWriteError {
    #[error("no such proposal or action")]
    NotFound,
    /// The proposal is no longer in the state the step was decided on
    /// (someone else took a step meanwhile).
    #[error("the proposal moved on meanwhile")]
    Moved,
    /// The action already has an open proposal.
    #[error("another proposal for this action is open")]
    AnotherOpen,
    /// Approving: the action changed since the proposal's base version.
    #[error("the action changed since the proposal")]
    Stale(Box<ActionEntry>),
    #[error(transparent)]
    Storage(#[from] StorageError),
}

/// A step that moves a proposal: from the state it was decided on to the
/// next, with a return's comment or a revision's patch and base version.
#[derive(Clone, Copy, Debug)]
pub struct StepChange<'a> {
    pub step: ReviewStep,
    pub from: ReviewState,
    pub to: ReviewState,
    pub comment: &'a str,
    pub revision: Option<(i64, &'a ValidPatch)>,
}

/// Which proposals to list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ProposalQuery {
    /// Only pending and returned ones.
    pub open_only: bool,
    /// Only this country's or region's.
    pub target: Option<ActionTarget>,
    /// At most this many, the most recently moved first.
    pub limit: u32,
}

#[async_trait]
pub trait ReviewStorage: Send + Sync + 'static {
    async fn review_policy(&self) -> Result<ReviewPolicy, StorageError>;
    /// Replaces where review is on.
    async fn set_review_policy(&self, policy: &ReviewPolicy) -> Result<(), StorageError>;
    async fn proposals(&self, query: ProposalQuery) -> Result<Vec<Proposal>, StorageError>;
    async fn proposal(&self, id: i64) -> Result<Option<Proposal>, StorageError>;
    /// A new pending proposal of `patch` to the action, made against
    /// `base_version`, with its "proposed" step.
    async fn propose(
        &self,
        target: ActionTarget,
        kind: ActionKind,
        base_version: i64,
        patch: &ValidPatch,
        author: &Actor,
    ) -> Result<Proposal, ReviewWriteError>;
    /// Moves the proposal from `from` to `to` by `step` (return, revise or
    /// withdraw), with the step in the history, only if it is still in
    /// `from`. A revision replaces the patch and its base version; a
    /// return keeps its comment.
    async fn take_step(
        &self,
        id: i64,
        change: StepChange<'_>,
        actor: &Actor,
    ) -> Result<Proposal, ReviewWriteError>;
    /// Approves a pending proposal: in one transaction, the action takes
    /// the patch (a history row in the author's name, the version up by
    /// one, the data version moved) if it is still at the base version,
    /// and the proposal is closed with an "approved" step by `reviewer`.
    async fn approve(
        &self,
        id: i64,
        patch: &ValidPatch,
        reviewer: &Actor,
    ) -> Result<ActionEntry, ReviewWriteError>;
}
