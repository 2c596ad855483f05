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
    #[error("unknown status {0}")]
    Status(String),
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

/// What an action holds that people change: the rest (who, when, version) is
/// bookkeeping the storage adds.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionState {
    pub status: Status,
    /// Theme slugs.
    pub themes: Vec<String>,
    pub evidence: Vec<String>,
    pub note: String,
}

/// A requested change as it arrives (from a form or the API): every field is
/// optional, and nothing is trusted until [`ActionPatch::validate`] passes.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActionPatch {
    pub status: Option<String>,
    pub themes: Option<Vec<String>>,
    pub evidence: Option<Vec<String>>,
    pub note: Option<String>,
}

/// A patch whose every field passed its rules.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ValidPatch {
    pub status: Option<Status>,
    pub themes: Option<Vec<String>>,
    pub evidence: Option<Vec<String>>,
    pub note: Option<String>,
}

/// One field's change, as the history keeps it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    pub field: String,
    pub from: serde_json::Value,
    pub to: serde_json::Value,
}

impl ActionPatch {
    /// Checks every field against the rules and the known theme slugs, and
    /// reports every problem at once (a form marks each field).
    pub fn validate(&self, known_themes: &[String]) -> Result<ValidPatch, Vec<ActionInputError>> {
        let mut errors = Vec::new();
        let status = self.status.as_deref().and_then(|s| {
            let parsed = Status::parse(s.trim());
            if parsed.is_none() {
                errors.push(ActionInputError::Status(s.chars().take(40).collect()));
            }
            parsed
        });
        let themes = self.themes.as_ref().map(|themes| {
            let mut out: Vec<String> = Vec::new();
            for t in themes {
                let t = t.trim();
                if !known_themes.iter().any(|k| k == t) {
                    errors.push(ActionInputError::Theme(t.chars().take(60).collect()));
                } else if !out.iter().any(|o| o == t) {
                    out.push(t.to_owned());
                }
            }
            out
        });
        let evidence = self.evidence.as_ref().map(|links| {
            let links: Vec<&String> = links.iter().filter(|l| !l.trim().is_empty()).collect();
            if links.len() > EVIDENCE_MAX {
                errors.push(ActionInputError::TooMuchEvidence { max: EVIDENCE_MAX });
            }
            let mut out: Vec<String> = Vec::new();
            for link in links {
                match parse_evidence(link) {
                    Ok(url) if !out.contains(&url) => out.push(url),
                    Ok(_) => {}
                    Err(e) => errors.push(e),
                }
            }
            out
        });
        let note = self.note.as_deref().and_then(|n| match parse_note(n) {
            Ok(n) => Some(n),
            Err(e) => {
                errors.push(e);
                None
            }
        });
        if errors.is_empty() {
            Ok(ValidPatch {
                status,
                themes,
                evidence,
                note,
            })
        } else {
            Err(errors)
        }
    }
}

impl ValidPatch {
    /// The state after the patch and the fields that really changed (a patch
    /// that repeats the current values changes nothing).
    pub fn apply(&self, old: &ActionState) -> (ActionState, Vec<Change>) {
        let mut new = old.clone();
        let mut changes = Vec::new();
        let mut record = |field: &str, from: serde_json::Value, to: serde_json::Value| {
            if from != to {
                changes.push(Change {
                    field: field.to_owned(),
                    from,
                    to,
                });
            }
        };
        if let Some(status) = self.status {
            record("status", old.status.slug().into(), status.slug().into());
            new.status = status;
        }
        if let Some(themes) = &self.themes {
            let mut sorted_old = old.themes.clone();
            let mut sorted_new = themes.clone();
            sorted_old.sort();
            sorted_new.sort();
            record("themes", sorted_old.into(), sorted_new.clone().into());
            new.themes = sorted_new;
        }
        if let Some(evidence) = &self.evidence {
            record(
                "evidence",
                old.evidence.clone().into(),
                evidence.clone().into(),
            );
            new.evidence = evidence.clone();
        }
        if let Some(note) = &self.note {
            record("note", old.note.clone().into(), note.clone().into());
            new.note = note.clone();
        }
        (new, changes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn themes() -> Vec<String> {
        BUILTIN_THEMES.iter().map(|t| t.to_string()).collect()
    }

    #[test]
    fn a_patch_reports_every_bad_field() {
        let patch = ActionPatch {
            status: Some("done".into()),
            themes: Some(vec!["karaoke".into()]),
            evidence: Some(vec!["javascript:alert(1)".into()]),
            note: Some("n".repeat(NOTE_MAX + 1)),
        };
        let errors = patch.validate(&themes()).unwrap_err();
        assert_eq!(errors.len(), 4, "{errors:?}");
        assert!(errors.contains(&ActionInputError::Status("done".into())));
        assert!(errors.contains(&ActionInputError::Theme("karaoke".into())));
    }

    #[test]
    fn a_patch_changes_only_what_it_names() {
        let old = ActionState {
            status: Status::NotReported,
            themes: vec!["digitalisation".into()],
            evidence: vec![],
            note: "first".into(),
        };
        let patch = ActionPatch {
            status: Some("completed".into()),
            evidence: Some(vec![
                " https://un.org/a ".into(),
                "".into(),
                "https://un.org/a".into(),
            ]),
            ..Default::default()
        }
        .validate(&themes())
        .unwrap();
        let (new, changes) = patch.apply(&old);
        assert_eq!(new.status, Status::Completed);
        assert_eq!(new.themes, old.themes);
        assert_eq!(new.evidence, vec!["https://un.org/a".to_string()]);
        assert_eq!(new.note, "first");
        let fields: Vec<&str> = changes.iter().map(|c| c.field.as_str()).collect();
        assert_eq!(fields, ["status", "evidence"]);
        assert_eq!(changes[0].from, "not-reported");
        assert_eq!(changes[0].to, "completed");
    }

    #[test]
    fn repeating_the_current_values_changes_nothing() {
        let old = ActionState {
            themes: vec!["poverty-eradication".into(), "digitalisation".into()],
            ..Default::default()
        };
        let patch = ActionPatch {
            status: Some("not-reported".into()),
            themes: Some(vec!["digitalisation".into(), "poverty-eradication".into()]),
            ..Default::default()
        }
        .validate(&themes())
        .unwrap();
        assert!(patch.apply(&old).1.is_empty());
    }

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
