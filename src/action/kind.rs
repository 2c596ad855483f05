//! What is tracked: the follow-up actions of each country and each region.

use serde::{Deserialize, Serialize};

/// The follow-up actions tracked for each country, and for each region.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ActionKind {
    NationalConsultation,
    DelegationSupport,
    SolutionsSession,
    NationalStrategy,
    CoordinationMechanism,
    FinancingPathway,
    ResultsMeasurement,
    RegionalStrategy,
    RegionalCoordination,
}

impl ActionKind {
    pub const COUNTRY: [ActionKind; 7] = [
        ActionKind::NationalConsultation,
        ActionKind::DelegationSupport,
        ActionKind::SolutionsSession,
        ActionKind::NationalStrategy,
        ActionKind::CoordinationMechanism,
        ActionKind::FinancingPathway,
        ActionKind::ResultsMeasurement,
    ];

    /// The actions tracked for a region as a whole.
    pub const REGION: [ActionKind; 2] = [
        ActionKind::RegionalStrategy,
        ActionKind::RegionalCoordination,
    ];

    pub const ALL: [ActionKind; 9] = [
        ActionKind::NationalConsultation,
        ActionKind::DelegationSupport,
        ActionKind::SolutionsSession,
        ActionKind::NationalStrategy,
        ActionKind::CoordinationMechanism,
        ActionKind::FinancingPathway,
        ActionKind::ResultsMeasurement,
        ActionKind::RegionalStrategy,
        ActionKind::RegionalCoordination,
    ];

    pub fn parse(text: &str) -> Option<ActionKind> {
        ActionKind::ALL.into_iter().find(|k| k.slug() == text)
    }

    pub const fn slug(self) -> &'static str {
        match self {
            ActionKind::NationalConsultation => "national-consultation",
            ActionKind::DelegationSupport => "delegation-support",
            ActionKind::SolutionsSession => "solutions-session",
            ActionKind::NationalStrategy => "national-strategy",
            ActionKind::CoordinationMechanism => "coordination-mechanism",
            ActionKind::FinancingPathway => "financing-pathway",
            ActionKind::ResultsMeasurement => "results-measurement",
            ActionKind::RegionalStrategy => "regional-strategy",
            ActionKind::RegionalCoordination => "regional-coordination",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn action_kinds_round_trip_and_split_by_scope() {
        for k in ActionKind::ALL {
            assert_eq!(ActionKind::parse(k.slug()), Some(k));
        }
        assert_eq!(
            ActionKind::COUNTRY.len() + ActionKind::REGION.len(),
            ActionKind::ALL.len()
        );
        assert_eq!(ActionKind::parse("party"), None);
    }
}
