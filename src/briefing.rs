//! The five regional online briefings held before the summit, and their attendance
//! exactly as the source reports it.

use crate::region::Region;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// A participant count as the source gives it. The source never gives an exact
/// per-session figure, so the product must be able to say "not reported" and
/// "more than N" without inventing a number.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "kind", content = "value")]
pub enum Participants {
    NotReported,
    Exactly(u32),
    MoreThan(u32),
}

impl Participants {
    /// Reads the storage form: `not-reported`, `exactly:N` or `more-than:N`.
    pub fn parse(text: &str) -> Option<Self> {
        match text.split_once(':') {
            None if text == "not-reported" => Some(Participants::NotReported),
            Some(("exactly", n)) => n.parse().ok().map(Participants::Exactly),
            Some(("more-than", n)) => n.parse().ok().map(Participants::MoreThan),
            _ => None,
        }
    }

    /// The storage form read by [`Participants::parse`].
    pub fn to_storage(self) -> String {
        match self {
            Participants::NotReported => "not-reported".to_owned(),
            Participants::Exactly(n) => format!("exactly:{n}"),
            Participants::MoreThan(n) => format!("more-than:{n}"),
        }
    }
}

/// One regional briefing: which region, on which local calendar day.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Briefing {
    pub region: Region,
    pub date: Date,
    pub participants: Participants,
}

/// What the source says about attendance across the series, not per session:
/// an average above 50, one session above 100 and another above 80, without
/// saying which sessions those were.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeriesAttendance {
    pub average_per_session: Participants,
    pub largest_sessions: Vec<Participants>,
}

impl SeriesAttendance {
    /// The figures in `shared/seed/FACTS.md`.
    pub fn as_reported() -> Self {
        SeriesAttendance {
            average_per_session: Participants::MoreThan(50),
            largest_sessions: vec![Participants::MoreThan(100), Participants::MoreThan(80)],
        }
    }
}

/// The five briefings as the source dates them (July–August 2025), with
/// per-session attendance "not reported".
pub fn as_reported() -> [Briefing; 5] {
    let b = |region, month, day| Briefing {
        region,
        date: jiff::civil::date(2025, month, day),
        participants: Participants::NotReported,
    };
    [
        b(Region::EuropeCentralAsia, 7, 16),
        b(Region::LatinAmericaCaribbean, 8, 19),
        b(Region::AsiaPacific, 8, 26),
        b(Region::ArabStates, 8, 27),
        b(Region::Africa, 8, 28),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn storage_form_round_trips() {
        for p in [
            Participants::NotReported,
            Participants::Exactly(57),
            Participants::MoreThan(100),
        ] {
            assert_eq!(Participants::parse(&p.to_storage()), Some(p));
        }
    }

    #[test]
    fn storage_form_rejects_garbage() {
        for bad in [
            "",
            "57",
            "more-than:",
            "exactly:-3",
            "about:50",
            "not-reported:1",
        ] {
            assert_eq!(Participants::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn every_region_has_exactly_one_briefing() {
        let briefings = as_reported();
        for region in Region::ALL {
            assert_eq!(briefings.iter().filter(|b| b.region == region).count(), 1);
        }
    }

    #[test]
    fn the_source_dates_are_kept() {
        let briefings = as_reported();
        let africa = briefings
            .iter()
            .find(|b| b.region == Region::Africa)
            .unwrap();
        assert_eq!(africa.date, jiff::civil::date(2025, 8, 28));
        let eca = briefings
            .iter()
            .find(|b| b.region == Region::EuropeCentralAsia)
            .unwrap();
        assert_eq!(eca.date, jiff::civil::date(2025, 7, 16));
    }

    #[test]
    fn no_per_session_figure_is_invented() {
        assert!(as_reported()
            .iter()
            .all(|b| b.participants == Participants::NotReported));
    }
}
