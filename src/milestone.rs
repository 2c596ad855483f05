//! Milestones: the summit, the briefings and every follow-up date editors add.
//!
//! A milestone is scheduled either at a wall-clock time in an IANA zone or as
//! whole local calendar days in a zone. Storing the zone, not a UTC offset,
//! keeps a New York session right across a daylight-saving change.

use crate::countdown::Window;
use crate::country::Iso3;
use crate::region::Region;
use jiff::civil::{Date, DateTime};
use jiff::tz::TimeZone;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Why a milestone was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum MilestoneError {
    #[error("a slug is 1–64 characters a–z, 0–9 and inner hyphens, not {0:?}")]
    Slug(String),
    #[error("unknown time zone {0:?}")]
    Zone(String),
    #[error("the end is before the start")]
    EndBeforeStart,
    #[error("{0} does not exist in that time zone")]
    Nonexistent(String),
    #[error("unknown milestone kind {0:?}")]
    Kind(String),
}

/// A URL-safe identifier: lower-case ASCII letters, digits and inner hyphens.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Slug(String);

impl Slug {
    pub fn parse(text: &str) -> Result<Self, MilestoneError> {
        let ok_chars = text
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        let ok = (1..=64).contains(&text.len())
            && ok_chars
            && !text.starts_with('-')
            && !text.ends_with('-')
            && !text.contains("--");
        if ok {
            Ok(Slug(text.to_owned()))
        } else {
            Err(MilestoneError::Slug(text.to_owned()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for Slug {
    type Error = MilestoneError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Slug::parse(&value)
    }
}

impl From<Slug> for String {
    fn from(value: Slug) -> Self {
        value.0
    }
}

/// What sort of date a milestone is; used for filtering the timeline.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum MilestoneKind {
    Summit,
    RegionalBriefing,
    IntergovernmentalSession,
    National,
    Regional,
    Other,
}

impl MilestoneKind {
    pub const ALL: [MilestoneKind; 6] = [
        MilestoneKind::Summit,
        MilestoneKind::RegionalBriefing,
        MilestoneKind::IntergovernmentalSession,
        MilestoneKind::National,
        MilestoneKind::Regional,
        MilestoneKind::Other,
    ];

    pub const fn slug(self) -> &'static str {
        match self {
            MilestoneKind::Summit => "summit",
            MilestoneKind::RegionalBriefing => "regional-briefing",
            MilestoneKind::IntergovernmentalSession => "intergovernmental-session",
            MilestoneKind::National => "national",
            MilestoneKind::Regional => "regional",
            MilestoneKind::Other => "other",
        }
    }

    pub fn parse(text: &str) -> Result<Self, MilestoneError> {
        MilestoneKind::ALL
            .into_iter()
            .find(|k| k.slug() == text)
            .ok_or_else(|| MilestoneError::Kind(text.to_owned()))
    }
}

/// When a milestone happens, in the zone where it happens.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "type")]
pub enum Schedule {
    /// A wall-clock start (and optional end) in an IANA zone.
    Timed {
        start: DateTime,
        end: Option<DateTime>,
        zone: String,
    },
    /// Whole local calendar days, `first` to `last` inclusive, in an IANA zone.
    AllDay {
        first: Date,
        last: Date,
        zone: String,
    },
}

impl Schedule {
    /// A timed schedule; refuses an unknown zone or an end before the start.
    pub fn timed(
        start: DateTime,
        end: Option<DateTime>,
        zone: &str,
    ) -> Result<Self, MilestoneError> {
        let schedule = Schedule::Timed {
            start,
            end,
            zone: zone.to_owned(),
        };
        schedule.window()?;
        Ok(schedule)
    }

    /// An all-day range; refuses an unknown zone or a last day before the first.
    pub fn all_day(first: Date, last: Date, zone: &str) -> Result<Self, MilestoneError> {
        let schedule = Schedule::AllDay {
            first,
            last,
            zone: zone.to_owned(),
        };
        schedule.window()?;
        Ok(schedule)
    }

    /// The IANA zone the milestone happens in.
    pub fn zone(&self) -> &str {
        match self {
            Schedule::Timed { zone, .. } | Schedule::AllDay { zone, .. } => zone,
        }
    }

    /// The absolute interval: start inclusive, end exclusive. An all-day range
    /// runs from local midnight of the first day to local midnight after the last;
    /// a timed milestone without an end is a single instant.
    ///
    /// Needs a time-zone database, which the server enables (this crate does not,
    /// to keep the wasm small): the browser receives resolved windows.
    pub fn window(&self) -> Result<Window, MilestoneError> {
        let tz = jiff::tz::db()
            .get(self.zone())
            .map_err(|_| MilestoneError::Zone(self.zone().to_owned()))?;
        let (start, end) = match self {
            Schedule::Timed { start, end, .. } => {
                let s = instant(&tz, *start)?;
                let e = match end {
                    Some(end) => instant(&tz, *end)?,
                    None => s,
                };
                (s, e)
            }
            Schedule::AllDay { first, last, .. } => {
                if last < first {
                    return Err(MilestoneError::EndBeforeStart);
                }
                let after = last
                    .tomorrow()
                    .map_err(|_| MilestoneError::Nonexistent(last.to_string()))?;
                (start_of_day(&tz, *first)?, start_of_day(&tz, after)?)
            }
        };
        Window::new(start, end).ok_or(MilestoneError::EndBeforeStart)
    }
}

/// A local time that a daylight-saving gap skips is refused rather than
/// silently moved: an editor must pick a time that exists.
fn instant(tz: &TimeZone, at: DateTime) -> Result<Timestamp, MilestoneError> {
    let ambiguous = tz.to_ambiguous_zoned_datetime(at);
    if matches!(ambiguous.offset(), jiff::tz::AmbiguousOffset::Gap { .. }) {
        return Err(MilestoneError::Nonexistent(at.to_string()));
    }
    // In a fold (the hour repeated when clocks go back) the earlier one is meant.
    ambiguous
        .compatible()
        .map(|z| z.timestamp())
        .map_err(|_| MilestoneError::Nonexistent(at.to_string()))
}

/// The first instant of a local day (not always 00:00 where a gap starts at midnight).
fn start_of_day(tz: &TimeZone, day: Date) -> Result<Timestamp, MilestoneError> {
    day.to_zoned_datetime(tz.clone())
        .and_then(|z| z.start_of_day())
        .map(|z| z.timestamp())
        .map_err(|_| MilestoneError::Nonexistent(day.to_string()))
}

/// A dated event the product counts down (or up) to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Milestone {
    pub slug: Slug,
    pub kind: MilestoneKind,
    pub schedule: Schedule,
    pub region: Option<Region>,
    pub country: Option<Iso3>,
    /// Where the fact comes from (a citation or a link), shown beside it.
    pub source: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::{date, datetime};

    fn ts(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    #[test]
    fn slugs() {
        assert!(Slug::parse("summit").is_ok());
        assert!(Slug::parse("csocd-64").is_ok());
        for bad in [
            "",
            "Summit",
            "-a",
            "a-",
            "a--b",
            "a b",
            "é",
            &"a".repeat(65),
        ] {
            assert!(Slug::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn kinds_round_trip() {
        for k in MilestoneKind::ALL {
            assert_eq!(MilestoneKind::parse(k.slug()), Ok(k));
        }
        assert!(MilestoneKind::parse("party").is_err());
    }

    #[test]
    fn all_day_range_in_doha_spans_local_midnights() {
        let s = Schedule::all_day(date(2025, 11, 4), date(2025, 11, 6), "Asia/Qatar").unwrap();
        let w = s.window().unwrap();
        assert_eq!(w.start(), ts("2025-11-03T21:00:00Z"));
        assert_eq!(w.end(), ts("2025-11-06T21:00:00Z"));
    }

    #[test]
    fn all_day_range_in_new_york_follows_daylight_saving() {
        // 64th CSocD: 2–10 February 2026 in New York (EST, UTC−5).
        let s = Schedule::all_day(date(2026, 2, 2), date(2026, 2, 10), "America/New_York").unwrap();
        let w = s.window().unwrap();
        assert_eq!(w.start(), ts("2026-02-02T05:00:00Z"));
        assert_eq!(w.end(), ts("2026-02-11T05:00:00Z"));
        // A range across the March 2026 change: starts in EST, ends in EDT.
        let s = Schedule::all_day(date(2026, 3, 7), date(2026, 3, 8), "America/New_York").unwrap();
        let w = s.window().unwrap();
        assert_eq!(w.start(), ts("2026-03-07T05:00:00Z"));
        assert_eq!(w.end(), ts("2026-03-09T04:00:00Z"));
        assert_eq!(w.duration_seconds(), 47 * 3600);
    }

    #[test]
    fn timed_milestone_across_daylight_saving() {
        let s = Schedule::timed(
            datetime(2026, 3, 7, 10, 0, 0, 0),
            Some(datetime(2026, 3, 8, 10, 0, 0, 0)),
            "America/New_York",
        )
        .unwrap();
        let w = s.window().unwrap();
        assert_eq!(w.start(), ts("2026-03-07T15:00:00Z"));
        assert_eq!(w.end(), ts("2026-03-08T14:00:00Z"));
        assert_eq!(w.duration_seconds(), 23 * 3600);
    }

    #[test]
    fn a_time_skipped_by_daylight_saving_is_refused() {
        let r = Schedule::timed(datetime(2026, 3, 8, 2, 30, 0, 0), None, "America/New_York");
        assert!(matches!(r, Err(MilestoneError::Nonexistent(_))));
    }

    #[test]
    fn a_repeated_hour_means_the_first_one() {
        let s =
            Schedule::timed(datetime(2026, 11, 1, 1, 30, 0, 0), None, "America/New_York").unwrap();
        assert_eq!(s.window().unwrap().start(), ts("2026-11-01T05:30:00Z"));
    }

    #[test]
    fn end_before_start_is_rejected() {
        assert_eq!(
            Schedule::timed(
                datetime(2026, 2, 10, 10, 0, 0, 0),
                Some(datetime(2026, 2, 2, 10, 0, 0, 0)),
                "America/New_York"
            ),
            Err(MilestoneError::EndBeforeStart)
        );
        assert_eq!(
            Schedule::all_day(date(2025, 11, 6), date(2025, 11, 4), "Asia/Qatar"),
            Err(MilestoneError::EndBeforeStart)
        );
    }

    #[test]
    fn unknown_zone_is_rejected() {
        assert_eq!(
            Schedule::all_day(date(2025, 11, 4), date(2025, 11, 6), "Mars/Olympus"),
            Err(MilestoneError::Zone("Mars/Olympus".into()))
        );
        assert!(Schedule::all_day(date(2025, 11, 4), date(2025, 11, 6), "UTC+3").is_err());
    }
}
