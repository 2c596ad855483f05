//! Whose actions: a country's, or a region's own.

use crate::{Iso3, Region};
use serde::{Deserialize, Serialize};

/// Whose actions: a country's, or a region's own.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ActionTarget {
    Country(Iso3),
    Region(Region),
}

impl ActionTarget {
    /// Its page, after the language: `/countries/KEN`, `/regions/africa`.
    pub fn path(&self) -> String {
        match self {
            ActionTarget::Country(iso3) => format!("/countries/{iso3}"),
            ActionTarget::Region(region) => format!("/regions/{}", region.slug()),
        }
    }
}
