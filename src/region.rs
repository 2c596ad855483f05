//! The five UN Sustainable Development Group regions that the briefings were held for.
//!
//! They are neither the M49 continents nor the regional commissions (see
//! `shared/seed/FACTS.md`): DCO's regional offices serve them.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// One of exactly five UNSDG regions, identified in URLs and the API by its slug.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Region {
    Africa,
    ArabStates,
    AsiaPacific,
    EuropeCentralAsia,
    LatinAmericaCaribbean,
}

/// A slug that names no region.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown region {0:?}")]
pub struct UnknownRegion(pub String);

impl Region {
    /// All regions, in the order the product lists them.
    pub const ALL: [Region; 5] = [
        Region::Africa,
        Region::ArabStates,
        Region::AsiaPacific,
        Region::EuropeCentralAsia,
        Region::LatinAmericaCaribbean,
    ];

    /// The stable identifier used in URLs, the API and the database.
    pub const fn slug(self) -> &'static str {
        match self {
            Region::Africa => "africa",
            Region::ArabStates => "arab-states",
            Region::AsiaPacific => "asia-pacific",
            Region::EuropeCentralAsia => "europe-central-asia",
            Region::LatinAmericaCaribbean => "latin-america-caribbean",
        }
    }

    /// Parses a slug exactly (lower case, hyphenated); anything else is an error.
    pub fn parse(slug: &str) -> Result<Self, UnknownRegion> {
        Region::ALL
            .into_iter()
            .find(|r| r.slug() == slug)
            .ok_or_else(|| UnknownRegion(slug.to_owned()))
    }
}

impl FromStr for Region {
    type Err = UnknownRegion;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Region::parse(s)
    }
}

impl fmt::Display for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.slug())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn there_are_exactly_five_regions_with_the_documented_slugs() {
        let slugs: Vec<_> = Region::ALL.iter().map(|r| r.slug()).collect();
        assert_eq!(
            slugs,
            [
                "africa",
                "arab-states",
                "asia-pacific",
                "europe-central-asia",
                "latin-america-caribbean"
            ]
        );
    }

    #[test]
    fn every_slug_round_trips() {
        for region in Region::ALL {
            assert_eq!(Region::parse(region.slug()), Ok(region));
            assert_eq!(region.to_string().parse::<Region>(), Ok(region));
        }
    }

    #[test]
    fn near_misses_are_rejected() {
        for bad in ["Africa", "arab_states", "asia", " africa", "", "europe"] {
            assert_eq!(Region::parse(bad), Err(UnknownRegion(bad.to_owned())));
        }
    }

    #[test]
    fn serde_uses_the_slug() {
        let json = serde_json::to_string(&Region::LatinAmericaCaribbean).unwrap();
        assert_eq!(json, "\"latin-america-caribbean\"");
        let back: Region = serde_json::from_str("\"arab-states\"").unwrap();
        assert_eq!(back, Region::ArabStates);
    }
}
