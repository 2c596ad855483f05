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
}
