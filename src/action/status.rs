//! The status of a follow-up action.

use serde::{Deserialize, Serialize};

/// The status of one follow-up action. Everything starts as "not reported":
/// nothing is assumed about a country until its team says so.
///
/// Any status may follow any other: a country team reports what is true now,
/// and what was reported can turn out wrong (a "completed" strategy is
/// withdrawn, "at risk" recovers, a report is retracted to "not reported");
/// every change is kept in the history, so nothing is lost by allowing a
/// correction. What guards a change is who may make it (`access`) and its
/// review before publishing (`review`), not the pair of statuses.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    #[default]
    NotReported,
    NotStarted,
    InProgress,
    Completed,
    AtRisk,
}

impl Status {
    pub const ALL: [Status; 5] = [
        Status::NotReported,
        Status::NotStarted,
        Status::InProgress,
        Status::Completed,
        Status::AtRisk,
    ];

    pub const fn slug(self) -> &'static str {
        match self {
            Status::NotReported => "not-reported",
            Status::NotStarted => "not-started",
            Status::InProgress => "in-progress",
            Status::Completed => "completed",
            Status::AtRisk => "at-risk",
        }
    }

    pub fn parse(text: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.slug() == text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_round_trip() {
        for s in Status::ALL {
            assert_eq!(Status::parse(s.slug()), Some(s));
        }
        assert_eq!(Status::parse("done"), None);
        assert_eq!(Status::default(), Status::NotReported);
    }
}
