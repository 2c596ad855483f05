//! An action as it was at an older version, from the history's changes.

use crate::{ActionState, Change, Status};

/// The state an action had before the changes `newer` made (each a
/// version's changes as the history keeps them, newest first): what the
/// person saw at the row's version.
pub fn state_at(current: &ActionState, newer: &[Vec<Change>]) -> ActionState {
    let mut state = current.clone();
    for changes in newer {
        for change in changes {
            let list = |v: &serde_json::Value| -> Vec<String> {
                v.as_array()
                    .map(|a| {
                        a.iter()
                            .filter_map(|i| i.as_str().map(str::to_owned))
                            .collect()
                    })
                    .unwrap_or_default()
            };
            match change.field.as_str() {
                "status" => {
                    if let Some(status) = change.from.as_str().and_then(Status::parse) {
                        state.status = status;
                    }
                }
                "themes" => state.themes = list(&change.from),
                "evidence" => state.evidence = list(&change.from),
                "note" => state.note = change.from.as_str().unwrap_or_default().to_owned(),
                _ => {}
            }
        }
    }
    state
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_state_at_a_version_undoes_the_newer_changes() {
        let now = ActionState {
            status: Status::Completed,
            note: "Adopted.".into(),
            themes: vec!["digitalisation".into()],
            ..Default::default()
        };
        let change = |field: &str, from: serde_json::Value, to: serde_json::Value| Change {
            field: field.into(),
            from,
            to,
        };
        let newer = vec![
            vec![change("status", "in-progress".into(), "completed".into())],
            vec![
                change("note", "".into(), "Adopted.".into()),
                change(
                    "themes",
                    serde_json::json!([]),
                    serde_json::json!(["digitalisation"]),
                ),
            ],
        ];
        let then = state_at(&now, &newer);
        assert_eq!(then.status, Status::InProgress);
        assert_eq!(then.note, "");
        assert!(then.themes.is_empty());
    }
}
