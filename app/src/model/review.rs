//! Proposals waiting for review, as the review page, the actions panel and
//! the API show them (`summit::action::review` holds the rules).

use super::ActionTarget;
use serde::{Deserialize, Serialize};
use summit::{ActionKind, ActionPatch, ReviewState, ReviewStep};

/// An editor's change of one action, and where its review stands.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Proposal {
    pub id: i64,
    pub target: ActionTarget,
    pub kind: ActionKind,
    /// The action's version it was made (or last revised) against:
    /// approving applies it only while the action is still there.
    pub base_version: i64,
    /// The fields it sets, validated when it was made.
    pub patch: ActionPatch,
    pub state: ReviewState,
    pub author_id: i64,
    /// The author's name as it was then.
    pub author: String,
    /// The reviewer's comment of the last return ("" when never returned).
    pub comment: String,
    pub created_at: String,
    pub updated_at: String,
    /// Every step, oldest first.
    pub steps: Vec<ReviewStepEntry>,
}

impl Proposal {
    /// Whether it still waits for someone (pending or returned).
    pub fn is_open(&self) -> bool {
        !self.state.is_closed()
    }
}

/// One step of a proposal, as the append-only review history keeps it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewStepEntry {
    pub step: ReviewStep,
    pub by: String,
    pub at: String,
    /// A return's reason ("" for the other steps).
    pub comment: String,
}

/// What an edit became: public at once, or a proposal waiting for review
/// (where review before publishing holds the editor's changes).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum EditOutcome {
    Published(super::ActionEntry),
    Proposed(Proposal),
}

/// What a signed-in editor's or reviewer's page of actions shows of review
/// before publishing: whether their edits here are held for review, and
/// the open proposals of these actions.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewContext {
    /// Saving an edit here makes a proposal.
    pub held: bool,
    /// The viewer's account.
    pub viewer: i64,
    /// Open proposals of the page's actions.
    pub open: Vec<Proposal>,
}

impl ReviewContext {
    /// What of it the page's kept body depends on: the same for everyone
    /// whose context says the same.
    pub fn key(&self) -> String {
        let mut key = format!("held={}", self.held);
        for p in &self.open {
            let mine = p.author_id == self.viewer;
            key.push_str(&format!(
                "/{}:{}:{}:{mine}",
                p.id,
                p.state.slug(),
                p.updated_at
            ));
        }
        key
    }

    /// The open proposal of an action of `kind`, if any.
    pub fn of(&self, kind: ActionKind) -> Option<&Proposal> {
        self.open.iter().find(|p| p.kind == kind)
    }
}

/// What the review page lists.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewPageData {
    pub items: Vec<ReviewItem>,
    /// Whether authors are told of returns and approvals by e-mail (the
    /// operator set up a mail server).
    pub mail_sending: bool,
}

/// A proposal on the review page: with its action as now published, whose
/// action it is, and what the viewer may do with it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewItem {
    pub proposal: Proposal,
    /// The country's or region's name in the page's language.
    pub owner: String,
    /// The action as published now.
    pub current: super::ActionEntry,
    /// The viewer may approve or return it.
    pub may_review: bool,
    /// The viewer proposed it (may withdraw it).
    pub is_author: bool,
}
