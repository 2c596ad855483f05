//! Counting statuses over a set of actions: the one place progress is computed.

use super::Status;
use serde::{Deserialize, Serialize};

/// Counts of statuses over a set of actions (a country, a region, a theme).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    pub total: u32,
    pub completed: u32,
    pub in_progress: u32,
    pub not_started: u32,
    pub at_risk: u32,
    pub not_reported: u32,
}

/// A part of a set's actions as people read it: whole percent, except that a
/// part that is neither none nor all never rounds to 0 % or 100 % ("<1 %",
/// ">99 %"), so "1 of 322 completed" never stands beside "0 %". A set with
/// no actions has no share at all.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Share {
    /// The set has no actions.
    Nothing,
    Percent(u32),
    /// More than none, less than half a percent.
    UnderOne,
    /// Less than all, more than 99.5 %.
    OverNinetyNine,
}

impl Share {
    pub fn of(part: u32, total: u32) -> Share {
        if total == 0 {
            return Share::Nothing;
        }
        let percent = (u64::from(part) * 100 + u64::from(total) / 2) / u64::from(total);
        match percent {
            0 if part > 0 => Share::UnderOne,
            100 if part < total => Share::OverNinetyNine,
            p => Share::Percent(p as u32),
        }
    }
}

/// A colour class for the map's progress mode.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ProgressBand {
    /// Nothing reported yet: no share can be computed honestly.
    NotReported,
    /// Share of actions completed, in quarters: 0–24 %, 25–49 %, 50–74 %, 75–100 %.
    Quarter(u8),
}

impl Progress {
    pub fn from_statuses(statuses: impl IntoIterator<Item = Status>) -> Self {
        let mut p = Progress::default();
        for s in statuses {
            p.total += 1;
            match s {
                Status::NotReported => p.not_reported += 1,
                Status::NotStarted => p.not_started += 1,
                Status::InProgress => p.in_progress += 1,
                Status::Completed => p.completed += 1,
                Status::AtRisk => p.at_risk += 1,
            }
        }
        p
    }

    /// Completed actions as a share of all actions, in whole percent; `None`
    /// when nothing has been reported.
    pub fn percent_completed(&self) -> Option<u32> {
        (self.total > self.not_reported && self.total > 0)
            .then(|| (self.completed * 100 + self.total / 2) / self.total)
    }

    /// Completed actions as a [`Share`] of all of them.
    pub fn share_completed(&self) -> Share {
        Share::of(self.completed, self.total)
    }

    /// Any part of these actions as a [`Share`] of all of them.
    pub fn share(&self, part: u32) -> Share {
        Share::of(part, self.total)
    }

    pub fn band(&self) -> ProgressBand {
        match self.percent_completed() {
            None => ProgressBand::NotReported,
            Some(p) => ProgressBand::Quarter((p.min(99) / 25) as u8),
        }
    }
}

impl std::ops::Add for Progress {
    type Output = Progress;
    fn add(self, o: Progress) -> Progress {
        Progress {
            total: self.total + o.total,
            completed: self.completed + o.completed,
            in_progress: self.in_progress + o.in_progress,
            not_started: self.not_started + o.not_started,
            at_risk: self.at_risk + o.at_risk,
            not_reported: self.not_reported + o.not_reported,
        }
    }
}

impl std::iter::Sum for Progress {
    fn sum<I: Iterator<Item = Progress>>(iter: I) -> Progress {
        iter.fold(Progress::default(), |a, b| a + b)
    }
}

impl ProgressBand {
    /// The CSS class the map uses for this band.
    pub fn class(self) -> &'static str {
        match self {
            ProgressBand::NotReported => "band-none",
            ProgressBand::Quarter(0) => "band-0",
            ProgressBand::Quarter(1) => "band-1",
            ProgressBand::Quarter(2) => "band-2",
            ProgressBand::Quarter(_) => "band-3",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_reported_has_no_share() {
        let p = Progress::from_statuses([Status::NotReported; 7]);
        assert_eq!(p.total, 7);
        assert_eq!(p.percent_completed(), None);
        assert_eq!(p.band(), ProgressBand::NotReported);
        assert_eq!(Progress::default().band(), ProgressBand::NotReported);
    }

    #[test]
    fn share_completed_counts_all_actions() {
        use Status::*;
        let p = Progress::from_statuses([
            Completed,
            Completed,
            InProgress,
            AtRisk,
            NotReported,
            NotReported,
            NotStarted,
        ]);
        assert_eq!(p.percent_completed(), Some(29));
        assert_eq!(p.band(), ProgressBand::Quarter(1));
        let all = Progress::from_statuses([Completed; 7]);
        assert_eq!(all.percent_completed(), Some(100));
        assert_eq!(all.band().class(), "band-3");
    }

    #[test]
    fn a_share_never_rounds_a_part_away_or_up_to_all() {
        assert_eq!(Share::of(1, 322), Share::UnderOne);
        assert_eq!(Share::of(0, 322), Share::Percent(0));
        assert_eq!(Share::of(321, 322), Share::OverNinetyNine);
        assert_eq!(Share::of(322, 322), Share::Percent(100));
        assert_eq!(Share::of(2, 7), Share::Percent(29));
        assert_eq!(Share::of(0, 0), Share::Nothing);
        assert_eq!(Share::of(u32::MAX, u32::MAX), Share::Percent(100));
    }
}
