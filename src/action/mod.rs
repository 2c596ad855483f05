//! Follow-up actions: what country teams report after Doha, per country and
//! per region, with their status, themes, evidence and note.

pub mod deadline;
mod edit;
mod kind;
mod progress;
pub mod review;
mod status;
mod target;
pub mod timeline;

pub use deadline::{Deadline, DeadlineError, DueState};
pub use edit::{
    parse_evidence, parse_note, ActionInputError, ActionPatch, ActionState, Change, ValidPatch,
    EVIDENCE_MAX, NOTE_MAX,
};
pub use kind::ActionKind;
pub use progress::{Progress, ProgressBand, Share};
pub use review::{CommentError, Party, ReviewError, ReviewPolicy, ReviewState, ReviewStep};
pub use status::Status;
pub use target::ActionTarget;

/// The themes FACTS.md names; administrators can add more.
pub const BUILTIN_THEMES: [&str; 7] = [
    "poverty-eradication",
    "digitalisation",
    "disability-inclusion",
    "anti-discrimination",
    "climate-resilience",
    "social-protection",
    "rights-based-social-contracts",
];
