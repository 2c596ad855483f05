//! The Second World Summit for Social Development, Doha, 4–6 November 2025.

use crate::milestone::{Milestone, MilestoneKind, Schedule, Slug};
use jiff::civil::date;

/// The summit's slug among the milestones.
pub const SLUG: &str = "summit";
/// Doha's IANA zone (Arabia Standard Time, UTC+03:00, no daylight saving).
pub const DOHA_ZONE: &str = "Asia/Qatar";
/// Where the dates come from.
pub const SOURCE: &str = "UN DESA news item (shared/seed/000_057c53be743a0d2c.txt)";

/// The source gives no opening hour, so the summit is the local calendar days
/// 4, 5 and 6 November 2025 in Doha.
pub fn schedule() -> Schedule {
    Schedule::AllDay {
        first: date(2025, 11, 4),
        last: date(2025, 11, 6),
        zone: DOHA_ZONE.to_owned(),
    }
}

pub fn milestone() -> Milestone {
    Milestone {
        slug: Slug::parse(SLUG).expect("a valid constant slug"),
        kind: MilestoneKind::Summit,
        schedule: schedule(),
        region: None,
        country: None,
        source: SOURCE.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summit_opened_at_midnight_doha_time() {
        let w = schedule().window().unwrap();
        assert_eq!(w.start().to_string(), "2025-11-03T21:00:00Z");
        assert_eq!(w.duration_seconds(), 3 * 86_400);
    }
}
