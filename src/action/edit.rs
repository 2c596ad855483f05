//! Changing an action: the input rules, and what a change records.

use super::Status;
use serde::{Deserialize, Serialize};

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
    /// The patch as it arrives, for keeping (a proposal waiting for
    /// review): it validates again to itself.
    pub fn to_patch(&self) -> ActionPatch {
        ActionPatch {
            status: self.status.map(|s| s.slug().to_owned()),
            themes: self.themes.clone(),
            evidence: self.evidence.clone(),
            note: self.note.clone(),
        }
    }

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
    use crate::action::BUILTIN_THEMES;

    #[test]
    fn a_kept_patch_validates_again_to_itself() {
        let known: Vec<String> = BUILTIN_THEMES.iter().map(|t| t.to_string()).collect();
        let patch = ActionPatch {
            status: Some(" completed ".into()),
            themes: Some(vec!["digitalisation".into(), "digitalisation".into()]),
            evidence: Some(vec!["https://un.org/a".into(), " ".into()]),
            note: Some("Adopted.".into()),
        };
        let valid = patch.validate(&known).unwrap();
        assert_eq!(valid.to_patch().validate(&known).unwrap(), valid);
        assert_eq!(valid.to_patch().status.as_deref(), Some("completed"));
        let partial = ActionPatch {
            status: None,
            themes: None,
            evidence: None,
            note: Some("Only the note.".into()),
        };
        let valid = partial.validate(&known).unwrap();
        assert_eq!(valid.to_patch(), partial);
    }

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
}
