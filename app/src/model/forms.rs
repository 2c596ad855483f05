//! The administration page's data, as its forms show it.

use serde::{Deserialize, Serialize};

/// What the administration page lists. Dates come as the forms show them,
/// so the browser (which fetches this again after each change) parses none.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminData {
    pub users: Vec<super::Account>,
    pub themes: Vec<(String, String)>,
    pub briefings: Vec<BriefingFields>,
    pub milestones: Vec<MilestoneFields>,
    pub deadlines: Vec<super::DeadlineEntry>,
    /// Where review before publishing is on.
    pub review: summit::ReviewPolicy,
    /// Whether e-mail goes out, and what waits in the outbox.
    pub outbox: super::OutboxStatus,
    /// Signing in with an organisation's account.
    pub sign_in: super::SignInAdmin,
}

/// A regional briefing's facts as its form shows them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BriefingFields {
    pub region: summit::Region,
    /// `2025-08-28`
    pub date: String,
    /// `56`, `50+`, or empty when not reported.
    pub participants: String,
}

#[cfg(feature = "ssr")]
impl From<&summit::Briefing> for BriefingFields {
    fn from(b: &summit::Briefing) -> Self {
        use summit::Participants;
        BriefingFields {
            region: b.region,
            date: b.date.to_string(),
            participants: match b.participants {
                Participants::NotReported => String::new(),
                Participants::Exactly(n) => n.to_string(),
                Participants::MoreThan(n) => format!("{n}+"),
            },
        }
    }
}

/// A milestone as its form shows it: `2025-11-04T10:00` or `2025-11-04`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MilestoneFields {
    pub slug: String,
    pub title: String,
    pub description: String,
    pub source: String,
    pub start: String,
    pub end: String,
    pub zone: String,
}

#[cfg(feature = "ssr")]
impl From<&super::MilestoneEntry> for MilestoneFields {
    fn from(entry: &crate::model::MilestoneEntry) -> Self {
        use summit::Schedule;
        let (start, end, zone) = match &entry.milestone.schedule {
            Schedule::Timed { start, end, zone } => (
                start.strftime("%Y-%m-%dT%H:%M").to_string(),
                end.map(|e| e.strftime("%Y-%m-%dT%H:%M").to_string())
                    .unwrap_or_default(),
                zone.clone(),
            ),
            Schedule::AllDay { first, last, zone } => {
                (first.to_string(), last.to_string(), zone.clone())
            }
        };
        MilestoneFields {
            slug: entry.milestone.slug.to_string(),
            title: entry.title.clone(),
            description: entry.description.clone(),
            source: entry.milestone.source.clone(),
            start,
            end,
            zone,
        }
    }
}
