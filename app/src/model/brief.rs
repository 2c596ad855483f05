//! A brief for a meeting: one country's or region's follow-up as of a
//! chosen day, every word already in the reader's language. The brief page
//! shows it (and prints it on A4 from any browser); the server's PDF prints
//! the same value (`server::brief`), so the two cannot say different things.

use super::Timeline;
use serde::{Deserialize, Serialize};

/// A table: its caption, column headings, rows of text, and what it says
/// when it has no rows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BriefTable {
    pub caption: String,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<String>>,
    pub empty: String,
}

/// A link, with the words that name it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BriefLink {
    pub text: String,
    pub url: String,
}

/// The follow-up over time: the statuses' names (in `Status::ALL` order),
/// the counts on each sampled day, the first and last day in words, and the
/// chart said in one sentence (its text alternative).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BriefChart {
    pub caption: String,
    pub statuses: Vec<String>,
    pub timeline: Timeline,
    pub first_day: String,
    pub last_day: String,
    pub summary: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Brief {
    /// The language's code, and whether it is written right to left.
    pub lang: String,
    pub rtl: bool,
    /// "Kenya — follow-up brief".
    pub title: String,
    /// "As of 4 December 2026 · changes from 5 September to 4 December 2026".
    pub subtitle: String,
    /// The chosen days (`YYYY-MM-DD`), for the form that changes them.
    pub from: String,
    pub at: String,
    /// Label and value: region, UN Country Team, progress.
    pub facts: Vec<(String, String)>,
    pub actions: BriefTable,
    /// A region's brief: its countries' progress.
    pub countries: Option<BriefTable>,
    pub changes: BriefTable,
    pub deadlines: BriefTable,
    pub chart: BriefChart,
    pub sources_heading: String,
    pub sources: Vec<BriefLink>,
    /// "Made on … at … UTC from the Social Summit Tracker".
    pub made: String,
}
