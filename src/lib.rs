//! Domain types and rules of the Social Summit Tracker.
//!
//! Pure Rust: no Leptos, no database, no I/O. Compiles to native and to
//! `wasm32-unknown-unknown`, so the server and the browser share one set of
//! rules. Time zones are resolved with `jiff`; this crate turns off jiff's
//! time-zone database so the wasm stays small — the server enables one.

pub mod access;
pub mod action;
pub mod briefing;
pub mod countdown;
pub mod country;
pub mod language;
pub mod mail;
pub mod map;
pub mod milestone;
pub mod region;
pub mod sheet;
pub mod sign_in;
pub mod summit;
pub mod tracker;

pub use access::{AccountInputError, Actor, Email, Role, Scope};
pub use action::{
    ActionInputError, ActionKind, ActionPatch, ActionState, ActionTarget, Change, Deadline,
    DeadlineError, DueState, Progress, ProgressBand, ReviewError, ReviewPolicy, ReviewState,
    ReviewStep, Share, Status, ValidPatch,
};
pub use briefing::{Briefing, Participants, SeriesAttendance};
pub use countdown::{Breakdown, Countdown, Window};
pub use country::{Country, CountryError, Coverage, Iso3, M49};
pub use language::Language;
pub use mail::MailKind;
pub use milestone::{Milestone, MilestoneError, MilestoneKind, Schedule, Slug};
pub use region::{Region, UnknownRegion};
pub use tracker::{FilterError, TrackerFilter};
