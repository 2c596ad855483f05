//! The Second World Summit for Social Development, Doha, 4–6 November 2025.

use crate::milestone::{Milestone, MilestoneKind, Schedule, Slug};
use jiff::civil::date;

/// The summit's slug among the milestones.
pub const SLUG: &str = "summit";
/// Doha's IANA zone (Arabia Standard Time, UTC+03:00, no daylight saving).
pub const DOHA_ZONE: &str = "Asia/Qatar";
/// Where the dates come from: the UN DESA news item on the regional
/// briefings, named as a reader can find it (its Arabic original is
/// `shared/seed/000_057c53be743a0d2c.txt`; the database names it in Arabic too).
pub const SOURCE: &str = "UN DESA news: “Regional online briefings mobilize UN Country Teams for the Second World Summit for Social Development”, July–August 2025";

/// The summit's first day, where the follow-up's timeline starts.
pub fn first_day() -> jiff::civil::Date {
    date(2025, 11, 4)
}

/// The source gives no opening hour, so the summit is the local calendar days
/// 4, 5 and 6 November 2025 in Doha.
pub fn schedule() -> Schedule {
    Schedule::AllDay {
        first: first_day(),
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
