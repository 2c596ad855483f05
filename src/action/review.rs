//! Review before publishing: a change proposed by a country editor, and the
//! steps it may take until it is published or dropped.
//!
//! ```text
//!            propose                approve
//!   (none) ──────────▶ Pending ─────────────▶ Approved   (published)
//!                       │  ▲
//!               return  │  │ revise
//!          (a comment)  ▼  │
//!                      Returned
//!   Pending or Returned ──withdraw──▶ Withdrawn          (dropped)
//! ```
//!
//! Who may take a step: the proposal's author revises and withdraws it; a
//! reviewer whose scope holds the action approves or returns it (never their
//! own proposal), and a return says why ([`parse_comment`]). An action has
//! at most one open proposal (pending or returned). This is the one
//! statement of these rules: every door (the edit form, the server
//! functions, the API, the offline queue) takes every step through
//! `app::services::review`, which asks [`ReviewState::after`] and
//! [`ReviewPolicy::holds`], and writes each step to the append-only review
//! history with who took it and when.

use crate::{Region, Role};
use serde::{Deserialize, Serialize};

/// Where an administrator turned review before publishing on: everywhere,
/// or for some regions' actions (their countries' and their own).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewPolicy {
    pub everywhere: bool,
    pub regions: Vec<Region>,
}

impl ReviewPolicy {
    /// Whether an edit of an action in `region` (`None`: a country without
    /// a UN Country Team) by someone in `role` becomes a proposal rather
    /// than public at once. Editors' edits are held; administrators'
    /// publish directly (they are who turned review on).
    pub fn holds(&self, role: Role, region: Option<Region>) -> bool {
        role == Role::Editor
            && (self.everywhere || region.is_some_and(|r| self.regions.contains(&r)))
    }

    pub fn is_on(&self) -> bool {
        self.everywhere || !self.regions.is_empty()
    }
}

/// The longest comment a reviewer may return a proposal with.
pub const COMMENT_MAX: usize = 2000;

/// Where a proposal stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReviewState {
    /// Waiting for a reviewer (proposed, or revised after a return).
    Pending,
    /// Sent back to its author with a comment.
    Returned,
    /// Published: readers see it.
    Approved,
    /// Dropped by its author.
    Withdrawn,
}

/// One step of a proposal's life, as the history records it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReviewStep {
    Propose,
    Return,
    Revise,
    Approve,
    Withdraw,
}

/// How the person taking a step stands to the proposal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Party {
    /// Who proposed it.
    Author,
    /// A reviewer whose scope holds the action, not its author.
    Reviewer,
    /// Anyone else.
    Other,
}

/// Why a step was refused; each has its own translated message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum ReviewError {
    #[error("only a reviewer of this action may approve or return it")]
    NotReviewer,
    #[error("only the proposal's author may revise or withdraw it")]
    NotAuthor,
    #[error("a proposal is proposed once")]
    AlreadyProposed,
    #[error("the proposal was already approved or withdrawn")]
    Closed,
    #[error("the proposal waits for a reviewer, not for a revision")]
    NotReturned,
    #[error("the proposal was returned and waits for its author")]
    NotPending,
    #[error("another proposal for this action waits for review")]
    AnotherOpen,
    #[error("someone took a step on the proposal meanwhile")]
    Moved,
}

impl ReviewState {
    pub const ALL: [ReviewState; 4] = [
        ReviewState::Pending,
        ReviewState::Returned,
        ReviewState::Approved,
        ReviewState::Withdrawn,
    ];

    pub const fn slug(self) -> &'static str {
        match self {
            ReviewState::Pending => "pending",
            ReviewState::Returned => "returned",
            ReviewState::Approved => "approved",
            ReviewState::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(text: &str) -> Option<ReviewState> {
        ReviewState::ALL.into_iter().find(|s| s.slug() == text)
    }

    /// Whether nothing more can happen to it.
    pub const fn is_closed(self) -> bool {
        matches!(self, ReviewState::Approved | ReviewState::Withdrawn)
    }

    /// The state after `step` taken by `party` on a proposal in `self`.
    pub fn after(self, step: ReviewStep, party: Party) -> Result<ReviewState, ReviewError> {
        use ReviewState::*;
        use ReviewStep::*;
        if self.is_closed() {
            return Err(ReviewError::Closed);
        }
        match (step, party) {
            (Propose, _) => Err(ReviewError::AlreadyProposed),
            (Approve | Return, Party::Reviewer) => match self {
                Pending => Ok(if step == Approve { Approved } else { Returned }),
                _ => Err(ReviewError::NotPending),
            },
            (Approve | Return, _) => Err(ReviewError::NotReviewer),
            (Revise, Party::Author) => match self {
                Returned => Ok(Pending),
                _ => Err(ReviewError::NotReturned),
            },
            (Withdraw, Party::Author) => Ok(Withdrawn),
            (Revise | Withdraw, _) => Err(ReviewError::NotAuthor),
        }
    }

    /// The state of a new proposal.
    pub const fn proposed() -> ReviewState {
        ReviewState::Pending
    }
}

impl ReviewStep {
    pub const ALL: [ReviewStep; 5] = [
        ReviewStep::Propose,
        ReviewStep::Return,
        ReviewStep::Revise,
        ReviewStep::Approve,
        ReviewStep::Withdraw,
    ];

    pub const fn slug(self) -> &'static str {
        match self {
            ReviewStep::Propose => "proposed",
            ReviewStep::Return => "returned",
            ReviewStep::Revise => "revised",
            ReviewStep::Approve => "approved",
            ReviewStep::Withdraw => "withdrawn",
        }
    }

    pub fn parse(text: &str) -> Option<ReviewStep> {
        ReviewStep::ALL.into_iter().find(|s| s.slug() == text)
    }
}

/// A reviewer's comment when returning a proposal: trimmed, not empty (the
/// author must learn why), at most [`COMMENT_MAX`] characters, without
/// control characters or bidirectional overrides that would reorder the
/// text around it.
pub fn parse_comment(text: &str) -> Result<String, CommentError> {
    let spoofing = |c: &char| matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
    let comment: String = text
        .trim()
        .chars()
        .filter(|c| (*c == '\n' || !c.is_control()) && !spoofing(c))
        .collect();
    let comment = comment.trim().to_owned();
    match comment.chars().count() {
        0 => Err(CommentError::Empty),
        n if n > COMMENT_MAX => Err(CommentError::TooLong { max: COMMENT_MAX }),
        _ => Ok(comment),
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum CommentError {
    #[error("say why the proposal is returned")]
    Empty,
    #[error("a comment has at most {max} characters")]
    TooLong { max: usize },
}

#[cfg(test)]
mod tests {
    use super::*;
    use ReviewState::*;
    use ReviewStep::*;

    #[test]
    fn the_life_of_a_proposal() {
        // Proposed, returned with a comment, revised, approved.
        let state = ReviewState::proposed();
        let state = state.after(Return, Party::Reviewer).unwrap();
        assert_eq!(state, Returned);
        let state = state.after(Revise, Party::Author).unwrap();
        assert_eq!(state, Pending);
        let state = state.after(Approve, Party::Reviewer).unwrap();
        assert_eq!(state, Approved);
        // Withdrawn while pending or returned.
        assert_eq!(Pending.after(Withdraw, Party::Author), Ok(Withdrawn));
        assert_eq!(Returned.after(Withdraw, Party::Author), Ok(Withdrawn));
    }

    #[test]
    fn every_step_that_may_not_follow_is_refused_with_its_reason() {
        let parties = [Party::Author, Party::Reviewer, Party::Other];
        for state in ReviewState::ALL {
            for step in ReviewStep::ALL {
                for party in parties {
                    let result = state.after(step, party);
                    let expected = match (state, step, party) {
                        (Approved | Withdrawn, _, _) => Err(ReviewError::Closed),
                        (_, Propose, _) => Err(ReviewError::AlreadyProposed),
                        (Pending, Approve, Party::Reviewer) => Ok(Approved),
                        (Pending, Return, Party::Reviewer) => Ok(Returned),
                        (Returned, Approve | Return, Party::Reviewer) => {
                            Err(ReviewError::NotPending)
                        }
                        (_, Approve | Return, _) => Err(ReviewError::NotReviewer),
                        (Returned, Revise, Party::Author) => Ok(Pending),
                        (Pending, Revise, Party::Author) => Err(ReviewError::NotReturned),
                        (_, Withdraw, Party::Author) => Ok(Withdrawn),
                        (_, Revise | Withdraw, _) => Err(ReviewError::NotAuthor),
                    };
                    assert_eq!(result, expected, "{state:?} {step:?} by {party:?}");
                }
            }
        }
        // The issue's cases: an approval of a withdrawn proposal, a review
        // by someone not a reviewer.
        assert_eq!(
            Withdrawn.after(Approve, Party::Reviewer),
            Err(ReviewError::Closed)
        );
        assert_eq!(
            Pending.after(Approve, Party::Other),
            Err(ReviewError::NotReviewer)
        );
        assert_eq!(
            Pending.after(Approve, Party::Author),
            Err(ReviewError::NotReviewer)
        );
    }

    #[test]
    fn review_holds_editors_edits_where_it_is_on() {
        let africa_only = ReviewPolicy {
            everywhere: false,
            regions: vec![Region::Africa],
        };
        assert!(africa_only.is_on());
        assert!(africa_only.holds(Role::Editor, Some(Region::Africa)));
        assert!(!africa_only.holds(Role::Editor, Some(Region::AsiaPacific)));
        assert!(!africa_only.holds(Role::Editor, None));
        assert!(!africa_only.holds(Role::Admin, Some(Region::Africa)));
        let everywhere = ReviewPolicy {
            everywhere: true,
            regions: vec![],
        };
        assert!(everywhere.holds(Role::Editor, None));
        assert!(everywhere.holds(Role::Editor, Some(Region::EuropeCentralAsia)));
        assert!(!everywhere.holds(Role::Admin, None));
        let off = ReviewPolicy::default();
        assert!(!off.is_on());
        assert!(!off.holds(Role::Editor, Some(Region::Africa)));
    }

    #[test]
    fn slugs_round_trip() {
        for s in ReviewState::ALL {
            assert_eq!(ReviewState::parse(s.slug()), Some(s));
        }
        for s in ReviewStep::ALL {
            assert_eq!(ReviewStep::parse(s.slug()), Some(s));
        }
        assert_eq!(ReviewState::parse("draft"), None);
    }

    #[test]
    fn a_return_says_why_in_a_comment_that_cannot_reorder_the_page() {
        assert_eq!(parse_comment("  \n "), Err(CommentError::Empty));
        assert_eq!(
            parse_comment("Please cite\nthe decree.\u{202E}"),
            Ok("Please cite\nthe decree.".to_owned())
        );
        assert_eq!(
            parse_comment(&"و".repeat(COMMENT_MAX)).map(|c| c.chars().count()),
            Ok(COMMENT_MAX)
        );
        assert_eq!(
            parse_comment(&"x".repeat(COMMENT_MAX + 1)),
            Err(CommentError::TooLong { max: COMMENT_MAX })
        );
    }
}
