//! Follow-up actions and their statuses: what country teams report after Doha.

use serde::{Deserialize, Serialize};

/// The status of one follow-up action. Everything starts as "not reported":
/// nothing is assumed about a country until its team says so.
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

/// The follow-up actions tracked for each country, and for each region.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ActionKind {
    NationalConsultation,
    DelegationSupport,
    SolutionsSession,
    NationalStrategy,
    CoordinationMechanism,
    FinancingPathway,
    ResultsMeasurement,
    RegionalStrategy,
    RegionalCoordination,
}

impl ActionKind {
    pub const COUNTRY: [ActionKind; 7] = [
        ActionKind::NationalConsultation,
        ActionKind::DelegationSupport,
        ActionKind::SolutionsSession,
        ActionKind::NationalStrategy,
        ActionKind::CoordinationMechanism,
        ActionKind::FinancingPathway,
        ActionKind::ResultsMeasurement,
    ];

    /// The actions tracked for a region as a whole.
    pub const REGION: [ActionKind; 2] = [
        ActionKind::RegionalStrategy,
        ActionKind::RegionalCoordination,
    ];

    pub const ALL: [ActionKind; 9] = [
        ActionKind::NationalConsultation,
        ActionKind::DelegationSupport,
        ActionKind::SolutionsSession,
        ActionKind::NationalStrategy,
        ActionKind::CoordinationMechanism,
        ActionKind::FinancingPathway,
        ActionKind::ResultsMeasurement,
        ActionKind::RegionalStrategy,
        ActionKind::RegionalCoordination,
    ];

    pub fn parse(text: &str) -> Option<ActionKind> {
        ActionKind::ALL.into_iter().find(|k| k.slug() == text)
    }

    pub const fn slug(self) -> &'static str {
        match self {
            ActionKind::NationalConsultation => "national-consultation",
            ActionKind::DelegationSupport => "delegation-support",
            ActionKind::SolutionsSession => "solutions-session",
            ActionKind::NationalStrategy => "national-strategy",
            ActionKind::CoordinationMechanism => "coordination-mechanism",
            ActionKind::FinancingPathway => "financing-pathway",
            ActionKind::ResultsMeasurement => "results-measurement",
            ActionKind::RegionalStrategy => "regional-strategy",
            ActionKind::RegionalCoordination => "regional-coordination",
        }
    }
}

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

/// The themes FACTS.md names; administrators can add more.
pub const BUILTIN_THEMES: [&str; 7] = [
    "poverty-eradication",
    "digitalisation",
    "disability-inclusion",
    "anti-discrimination",
    "climate-resilience",
    "social-protection",
    "rights-based-social-contracts",
];

/// Why an action update was refused; each names the field it is about.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "field", content = "problem")]
pub enum ActionInputError {
    #[error("the note is longer than {max} characters")]
    Note { max: usize },
    #[error("evidence must be an http or https address: {0}")]
    Evidence(String),
    #[error("at most {max} evidence links")]
    TooMuchEvidence { max: usize },
    #[error("unknown theme {0}")]
    Theme(String),
}

/// Longest note an action may carry, in characters.
pub const NOTE_MAX: usize = 2000;
/// Most evidence links on one action.
pub const EVIDENCE_MAX: usize = 20;

/// A plain-text note: length-limited, control characters other than line
/// breaks removed, surrounding whitespace trimmed.
pub fn parse_note(text: &str) -> Result<String, ActionInputError> {
    let cleaned: String = text
        .chars()
        .filter(|c| !c.is_control() || *c == '\n')
        .collect();
    let cleaned = cleaned.trim().to_owned();
    if cleaned.chars().count() > NOTE_MAX {
        return Err(ActionInputError::Note { max: NOTE_MAX });
    }
    Ok(cleaned)
}

/// An evidence link: `http` or `https`, a host, no spaces, at most 2,000 bytes.
pub fn parse_evidence(url: &str) -> Result<String, ActionInputError> {
    let url = url.trim();
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    let host = rest.map(|r| r.split(['/', '?', '#']).next().unwrap_or(""));
    let ok = url.len() <= 2000
        && !url
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '"' || c == '<' || c == '>')
        && host.is_some_and(|h| !h.is_empty() && !h.starts_with('@') && !h.starts_with(':'));
    if ok {
        Ok(url.to_owned())
    } else {
        Err(ActionInputError::Evidence(url.chars().take(200).collect()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn action_kinds_round_trip_and_split_by_scope() {
        for k in ActionKind::ALL {
            assert_eq!(ActionKind::parse(k.slug()), Some(k));
        }
        assert_eq!(
            ActionKind::COUNTRY.len() + ActionKind::REGION.len(),
            ActionKind::ALL.len()
        );
        assert_eq!(ActionKind::parse("party"), None);
    }

    #[test]
    fn notes_are_plain_trimmed_and_limited() {
        assert_eq!(
            parse_note("  hello\nworld \u{0007}").unwrap(),
            "hello\nworld"
        );
        assert_eq!(
            parse_note("<script>x</script>").unwrap(),
            "<script>x</script>"
        );
        assert!(parse_note(&"é".repeat(NOTE_MAX)).is_ok());
        assert_eq!(
            parse_note(&"a".repeat(NOTE_MAX + 1)),
            Err(ActionInputError::Note { max: NOTE_MAX })
        );
    }

    #[test]
    fn evidence_must_be_a_web_address() {
        assert!(parse_evidence("https://www.un.org/en/desa").is_ok());
        assert!(parse_evidence("http://example.org").is_ok());
        for bad in [
            "javascript:alert(1)",
            "ftp://example.org/x",
            "https://",
            "https:///path",
            "https://exa mple.org",
            "https://x.org/\"><script>",
            "data:text/html,hi",
            "//example.org",
        ] {
            assert!(parse_evidence(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn statuses_round_trip() {
        for s in Status::ALL {
            assert_eq!(Status::parse(s.slug()), Some(s));
        }
        assert_eq!(Status::parse("done"), None);
        assert_eq!(Status::default(), Status::NotReported);
    }

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
