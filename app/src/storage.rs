//! The storage interface the server functions call (server only).
//!
//! Server functions cannot be generic, so they reach the database through a
//! trait object provided as context; `server/` implements it for each database.

use async_trait::async_trait;
use std::sync::Arc;
use summit::{Briefing, Iso3, Language, Milestone, Region, SeriesAttendance, Slug};

pub use crate::model::{ActionEntry, CountryEntry, MilestoneEntry};

/// What went wrong, without internals: the cause is logged where it happened.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum StorageError {
    #[error("the database is unavailable")]
    Unavailable,
    #[error("a stored value could not be read")]
    Corrupt,
}

#[async_trait]
pub trait Storage: Send + Sync + 'static {
    /// Succeeds when the database answers (used by `/readyz`).
    async fn ping(&self) -> Result<(), StorageError>;
    /// The five regional briefings, in date order.
    async fn briefings(&self) -> Result<Vec<Briefing>, StorageError>;
    /// Attendance the source reports for the series as a whole.
    async fn series_attendance(&self) -> Result<SeriesAttendance, StorageError>;
    async fn milestone(&self, slug: &Slug) -> Result<Option<Milestone>, StorageError>;
    /// Every country with its name in `language`, in that language's alphabetical order
    /// as far as the database can sort it (callers re-sort where it matters).
    async fn countries(&self, language: Language) -> Result<Vec<CountryEntry>, StorageError>;
    async fn country(
        &self,
        iso3: Iso3,
        language: Language,
    ) -> Result<Option<CountryEntry>, StorageError>;
    async fn briefing(&self, region: Region) -> Result<Option<Briefing>, StorageError>;
    /// Every milestone with its text in `language` (English where none was
    /// entered), in start order.
    async fn milestones(&self, language: Language) -> Result<Vec<MilestoneEntry>, StorageError>;
    /// A country's follow-up actions in kind order, theme names in `language`.
    async fn country_actions(
        &self,
        iso3: Iso3,
        language: Language,
    ) -> Result<Vec<ActionEntry>, StorageError>;
    /// Every country's actions, by country then kind.
    async fn all_country_actions(
        &self,
        language: Language,
    ) -> Result<Vec<(Iso3, ActionEntry)>, StorageError>;
    /// The themes, `(slug, name in language)`, in their display order.
    async fn themes(&self, language: Language) -> Result<Vec<(String, String)>, StorageError>;
}

/// The shared handle the server provides to every request.
pub type SharedStorage = Arc<dyn Storage>;
