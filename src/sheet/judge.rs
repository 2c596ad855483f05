//! What a row would do: compared field by field with the action as it is
//! now and as it was at the row's version (what the person saw when the
//! template was made).
//!
//! For each field the sheet has:
//! - the file's value is today's: nothing to do;
//! - the file's value is the one of the row's version: the person did not
//!   touch it (someone else may have since): nothing to do;
//! - the field has not moved since the row's version: a **change** from
//!   today's value to the file's;
//! - both moved, to different values: a **conflict**, both values shown,
//!   and the row changes nothing until it is settled.

use super::read::{RowCells, RowProblem};
use super::{runs_as_formula, Column};
use crate::{ActionPatch, ActionState, Status, ValidPatch};
use serde::{Deserialize, Serialize};

/// A field's value, as the dry run shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "field", content = "value")]
pub enum FieldValue {
    Status(Status),
    /// Theme slugs, sorted.
    Themes(Vec<String>),
    Evidence(Vec<String>),
    Note(String),
}

/// A field the row changes: from today's value to the file's.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldChange {
    pub from: FieldValue,
    pub to: FieldValue,
}

/// A field changed both in the file and on the site since the row's
/// version, to different values.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldConflict {
    pub in_file: FieldValue,
    pub on_site: FieldValue,
}

/// What a row would do.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "outcome")]
pub enum RowOutcome {
    Unchanged,
    /// The changes, and the patch that makes them (from `version`).
    Change {
        changes: Vec<FieldChange>,
        patch: ActionPatch,
        version: i64,
    },
    /// The conflicts; the row's clean changes wait with them.
    Conflict {
        conflicts: Vec<FieldConflict>,
        changes: Vec<FieldChange>,
    },
    Refused {
        problem: RowProblem,
    },
}

/// Judges a row against the action now (`current`, at `current_version`)
/// and at the row's version (`base`), with the themes there are. The values
/// pass the edit form's rules (`ActionPatch::validate`) first.
pub fn judge(
    cells: &RowCells,
    current: &ActionState,
    current_version: i64,
    base: &ActionState,
    known_themes: &[String],
) -> RowOutcome {
    let refused = |problem| RowOutcome::Refused { problem };
    if cells.version > current_version {
        return refused(RowProblem::FutureVersion);
    }
    let themes = (!cells.themes.is_empty()).then(|| {
        let mut themes = base.themes.clone();
        for (slug, marked) in &cells.themes {
            themes.retain(|t| t != slug);
            if *marked {
                themes.push(slug.clone());
            }
        }
        themes
    });
    let asked = ActionPatch {
        status: cells.status.map(|s| s.slug().to_owned()),
        themes,
        evidence: cells.evidence.clone(),
        note: cells.note.clone(),
    };
    let valid = match asked.validate(known_themes) {
        Ok(valid) => valid,
        Err(errors) => return refused(RowProblem::Input(errors)),
    };
    let file = values(&valid);
    let (now, then) = (values(&every_field(current)), values(&every_field(base)));
    let mut changes = Vec::new();
    let mut conflicts = Vec::new();
    let mut patch = ValidPatch::default();
    for ((in_file, on_site), at_version) in file.into_iter().zip(now).zip(then) {
        let (Some(in_file), Some(on_site), Some(at_version)) = (in_file, on_site, at_version)
        else {
            continue;
        };
        if in_file == on_site || in_file == at_version {
            continue;
        }
        if let FieldValue::Note(text) = &in_file {
            if runs_as_formula(text) {
                return refused(RowProblem::Formula(Column::Note));
            }
        }
        if on_site == at_version {
            set(&mut patch, &in_file);
            changes.push(FieldChange {
                from: on_site,
                to: in_file,
            });
        } else {
            conflicts.push(FieldConflict { in_file, on_site });
        }
    }
    if !conflicts.is_empty() {
        RowOutcome::Conflict { conflicts, changes }
    } else if changes.is_empty() {
        RowOutcome::Unchanged
    } else {
        RowOutcome::Change {
            changes,
            patch: patch.to_patch(),
            version: current_version,
        }
    }
}

/// Every field of a state, as a patch that sets it.
fn every_field(state: &ActionState) -> ValidPatch {
    let mut themes = state.themes.clone();
    themes.sort();
    ValidPatch {
        status: Some(state.status),
        themes: Some(themes),
        evidence: Some(state.evidence.clone()),
        note: Some(state.note.clone()),
    }
}

/// The fields of a patch in one order: status, themes, evidence, note.
fn values(patch: &ValidPatch) -> [Option<FieldValue>; 4] {
    let mut themes = patch.themes.clone();
    if let Some(themes) = themes.as_mut() {
        themes.sort();
    }
    [
        patch.status.map(FieldValue::Status),
        themes.map(FieldValue::Themes),
        patch.evidence.clone().map(FieldValue::Evidence),
        patch.note.clone().map(FieldValue::Note),
    ]
}

fn set(patch: &mut ValidPatch, value: &FieldValue) {
    match value.clone() {
        FieldValue::Status(s) => patch.status = Some(s),
        FieldValue::Themes(t) => patch.themes = Some(t),
        FieldValue::Evidence(e) => patch.evidence = Some(e),
        FieldValue::Note(n) => patch.note = Some(n),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::action::BUILTIN_THEMES;
    use crate::{ActionKind, ActionTarget, Region};

    fn themes() -> Vec<String> {
        BUILTIN_THEMES.iter().map(|t| t.to_string()).collect()
    }

    fn cells(version: i64) -> RowCells {
        RowCells {
            target: ActionTarget::Region(Region::Africa),
            kind: ActionKind::RegionalStrategy,
            version,
            status: None,
            note: None,
            evidence: None,
            themes: vec![],
        }
    }

    fn state(status: Status, note: &str) -> ActionState {
        ActionState {
            status,
            note: note.into(),
            ..Default::default()
        }
    }

    #[test]
    fn the_same_values_are_unchanged() {
        let now = state(Status::InProgress, "Drafted.");
        let row = RowCells {
            status: Some(Status::InProgress),
            note: Some(" Drafted. ".into()),
            ..cells(2)
        };
        assert_eq!(judge(&row, &now, 2, &now, &themes()), RowOutcome::Unchanged);
    }

    #[test]
    fn a_changed_field_is_a_change_from_today_to_the_file() {
        let now = state(Status::InProgress, "Drafted.");
        let row = RowCells {
            status: Some(Status::Completed),
            note: Some("Drafted.".into()),
            themes: vec![("digitalisation".into(), true)],
            ..cells(2)
        };
        let RowOutcome::Change {
            changes,
            patch,
            version,
        } = judge(&row, &now, 2, &now, &themes())
        else {
            panic!("not a change");
        };
        assert_eq!(version, 2);
        assert_eq!(changes.len(), 2);
        assert_eq!(changes[0].from, FieldValue::Status(Status::InProgress));
        assert_eq!(changes[0].to, FieldValue::Status(Status::Completed));
        assert_eq!(patch.status.as_deref(), Some("completed"));
        assert_eq!(patch.note, None, "only what changes is patched");
    }

    #[test]
    fn a_field_someone_else_changed_since_is_kept_when_the_file_left_it() {
        let then = state(Status::InProgress, "Drafted.");
        let now = state(Status::AtRisk, "Drafted.");
        let row = RowCells {
            status: Some(Status::InProgress),
            note: Some("Adopted by cabinet.".into()),
            ..cells(1)
        };
        let outcome = judge(&row, &now, 2, &then, &themes());
        let RowOutcome::Change { changes, .. } = outcome else {
            panic!("{outcome:?}");
        };
        assert_eq!(changes.len(), 1, "the status is left at theirs");
        assert_eq!(
            changes[0].to,
            FieldValue::Note("Adopted by cabinet.".into())
        );
    }

    #[test]
    fn both_changed_is_a_conflict_with_both_values() {
        let then = state(Status::InProgress, "");
        let now = state(Status::AtRisk, "");
        let row = RowCells {
            status: Some(Status::Completed),
            ..cells(1)
        };
        assert_eq!(
            judge(&row, &now, 2, &then, &themes()),
            RowOutcome::Conflict {
                conflicts: vec![FieldConflict {
                    in_file: FieldValue::Status(Status::Completed),
                    on_site: FieldValue::Status(Status::AtRisk),
                }],
                changes: vec![],
            }
        );
    }

    #[test]
    fn refusals_name_their_reason() {
        let now = state(Status::InProgress, "");
        let future = judge(&cells(3), &now, 2, &now, &themes());
        assert_eq!(
            future,
            RowOutcome::Refused {
                problem: RowProblem::FutureVersion
            }
        );
        let formula = RowCells {
            note: Some("=HYPERLINK(\"http://x\")".into()),
            ..cells(2)
        };
        assert_eq!(
            judge(&formula, &now, 2, &now, &themes()),
            RowOutcome::Refused {
                problem: RowProblem::Formula(Column::Note)
            }
        );
        let bad_link = RowCells {
            evidence: Some(vec!["javascript:alert(1)".into()]),
            ..cells(2)
        };
        assert!(matches!(
            judge(&bad_link, &now, 2, &now, &themes()),
            RowOutcome::Refused {
                problem: RowProblem::Input(_)
            }
        ));
    }

    #[test]
    fn a_note_that_starts_like_a_formula_may_stay_as_it_is() {
        let now = state(Status::InProgress, "- consulted in May");
        let row = RowCells {
            note: Some("- consulted in May".into()),
            ..cells(2)
        };
        assert_eq!(judge(&row, &now, 2, &now, &themes()), RowOutcome::Unchanged);
    }

    #[test]
    fn theme_columns_change_only_their_themes() {
        let now = ActionState {
            themes: vec!["social-protection".into(), "digitalisation".into()],
            ..Default::default()
        };
        let row = RowCells {
            themes: vec![
                ("digitalisation".into(), false),
                ("climate-resilience".into(), true),
            ],
            ..cells(0)
        };
        let RowOutcome::Change { changes, .. } = judge(&row, &now, 0, &now, &themes()) else {
            panic!("not a change");
        };
        assert_eq!(
            changes[0].to,
            FieldValue::Themes(vec![
                "climate-resilience".into(),
                "social-protection".into()
            ])
        );
    }
}
