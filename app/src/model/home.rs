//! What the home page shows beyond the shared data: the briefings, the
//! roll-ups, and what moved lately.

use super::{ActionTarget, Rollup};
use serde::{Deserialize, Serialize};
use summit::{Briefing, SeriesAttendance};

/// The briefings, their attendance, the roll-ups and the latest changes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HomeData {
    pub briefings: Vec<Briefing>,
    pub attendance: SeriesAttendance,
    pub rollup: Rollup,
    /// The newest changes to the follow-up, newest first.
    pub recent: Vec<RecentChange>,
}

/// One change, told in the page's language.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecentChange {
    pub target: ActionTarget,
    /// "Ghana: Commitments in a national strategy — Not reported → Completed".
    pub title: String,
    /// The day it was made (UTC).
    pub day: jiff::civil::Date,
}
