//! From a row's cells to what the row asks for: which action, from which
//! version, and the values it gives.

use super::{Column, Layout};
use crate::{ActionKind, ActionTarget, Status};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Text as it is compared: trimmed, inner spaces made one, lower case.
pub fn normalise(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Every word a cell may hold, in any of the six languages: headings,
/// places, actions, statuses and the mark of a theme. Built by the app from
/// its translations and the stored names; lookups ignore case and spacing.
#[derive(Clone, Debug, Default)]
pub struct Vocabulary {
    columns: HashMap<String, Column>,
    places: HashMap<String, ActionTarget>,
    kinds: HashMap<String, ActionKind>,
    statuses: HashMap<String, Status>,
    marks: Vec<String>,
}

impl Vocabulary {
    /// A vocabulary that knows the English keys and slugs (what the API and
    /// a CSV made by a program use): column keys, status and kind slugs, and
    /// `x`, `1`, `true`, `✓` and `✔` as a theme's mark.
    pub fn with_keys() -> Vocabulary {
        let mut v = Vocabulary::default();
        for column in [
            Column::Place,
            Column::Action,
            Column::Status,
            Column::Note,
            Column::Evidence,
            Column::Version,
        ] {
            v.add_column(column.key().to_owned().as_str(), column);
        }
        for status in Status::ALL {
            v.add_status(status.slug(), status);
        }
        for kind in ActionKind::ALL {
            v.add_kind(kind.slug(), kind);
        }
        for mark in ["x", "1", "true", "✓", "✔"] {
            v.add_mark(mark);
        }
        v
    }

    pub fn add_column(&mut self, heading: &str, column: Column) {
        self.columns.insert(normalise(heading), column);
    }
    pub fn add_place(&mut self, name: &str, place: ActionTarget) {
        self.places.insert(normalise(name), place);
    }
    pub fn add_kind(&mut self, name: &str, kind: ActionKind) {
        self.kinds.insert(normalise(name), kind);
    }
    pub fn add_status(&mut self, name: &str, status: Status) {
        self.statuses.insert(normalise(name), status);
    }
    /// A word that marks a theme as the action's ("Yes", "Oui"…).
    pub fn add_mark(&mut self, mark: &str) {
        self.marks.push(normalise(mark));
    }

    pub fn column(&self, heading: &str) -> Option<Column> {
        self.columns.get(&normalise(heading)).cloned()
    }
    fn place(&self, text: &str) -> Option<ActionTarget> {
        self.places.get(&normalise(text)).copied()
    }
    fn kind(&self, text: &str) -> Option<ActionKind> {
        self.kinds.get(&normalise(text)).copied()
    }
    fn status(&self, text: &str) -> Option<Status> {
        self.statuses.get(&normalise(text)).copied()
    }
    /// `Some(true)` for a mark, `Some(false)` for a blank (or "false",
    /// "0"), `None` for anything else.
    fn mark(&self, text: &str) -> Option<bool> {
        let text = normalise(text);
        if text.is_empty() || text == "false" || text == "0" {
            Some(false)
        } else if self.marks.contains(&text) {
            Some(true)
        } else {
            None
        }
    }
}

/// What a row asks for, once its cells are read: which action, the version
/// the values were read at, and the values of the columns the sheet has
/// (`None`: no such column, the field stays as it is).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowCells {
    pub target: ActionTarget,
    pub kind: ActionKind,
    pub version: i64,
    /// A blank status cell leaves the status as it is.
    pub status: Option<Status>,
    /// A blank note cell clears the note.
    pub note: Option<String>,
    /// Links, one per line (or separated by spaces); blank clears them.
    pub evidence: Option<Vec<String>>,
    /// For each theme with a column: whether the row marks it.
    pub themes: Vec<(String, bool)>,
}

/// Why a row is refused (the rest of the file may still be applied).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "problem", content = "detail")]
pub enum RowProblem {
    UnknownPlace(String),
    UnknownAction(String),
    /// The action is not one this place has (a regional action on a country).
    NotThisPlacesAction,
    /// The version cell is blank or not a whole number.
    BadVersion(String),
    /// The version is newer than the action's: not from this site.
    FutureVersion,
    UnknownStatus(String),
    /// A theme's cell holds something other than a mark or a blank.
    BadMark {
        theme: String,
        text: String,
    },
    /// A changed value a spreadsheet would run as a formula.
    Formula(Column),
    /// A value the edit form would refuse too.
    Input(Vec<crate::ActionInputError>),
    /// The same action is on an earlier row.
    Repeated {
        line: u32,
    },
    /// The signed-in account may not edit this action.
    NotAllowed,
    /// A proposal for this action is waiting for review.
    ProposalOpen,
}

/// A row as the dry run shows it: its line in the file, the words that name
/// its action, and what was read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReadRow {
    /// 1-based, as the spreadsheet numbers it (the heading is line 1).
    pub line: u32,
    pub place: String,
    pub action: String,
    pub cells: Result<RowCells, RowProblem>,
}

/// Reads one row. `cells` are its values by position, as text.
pub fn read_row(line: u32, cells: &[String], layout: &Layout, words: &Vocabulary) -> ReadRow {
    let cell = |column: &Column| -> Option<&str> {
        layout
            .position(column)
            .map(|i| cells.get(i).map(String::as_str).unwrap_or(""))
    };
    let place = cell(&Column::Place).unwrap_or("").trim().to_owned();
    let action = cell(&Column::Action).unwrap_or("").trim().to_owned();
    let cells = read_cells(&place, &action, cell, layout, words);
    ReadRow {
        line,
        place,
        action,
        cells,
    }
}

fn read_cells<'a>(
    place: &str,
    action: &str,
    cell: impl Fn(&Column) -> Option<&'a str>,
    layout: &Layout,
    words: &Vocabulary,
) -> Result<RowCells, RowProblem> {
    let target = words
        .place(place)
        .ok_or_else(|| RowProblem::UnknownPlace(clip(place)))?;
    let kind = words
        .kind(action)
        .ok_or_else(|| RowProblem::UnknownAction(clip(action)))?;
    let belongs = match target {
        ActionTarget::Country(_) => ActionKind::COUNTRY.contains(&kind),
        ActionTarget::Region(_) => ActionKind::REGION.contains(&kind),
    };
    if !belongs {
        return Err(RowProblem::NotThisPlacesAction);
    }
    let version_text = cell(&Column::Version).unwrap_or("").trim();
    let version = version_text
        .parse::<i64>()
        .ok()
        .filter(|v| *v >= 0)
        .ok_or_else(|| RowProblem::BadVersion(clip(version_text)))?;
    let status = match cell(&Column::Status).map(str::trim) {
        None | Some("") => None,
        Some(text) => Some(
            words
                .status(text)
                .ok_or_else(|| RowProblem::UnknownStatus(clip(text)))?,
        ),
    };
    let note = cell(&Column::Note).map(|n| n.replace("\r\n", "\n"));
    let evidence = cell(&Column::Evidence).map(|links| {
        links
            .split_whitespace()
            .map(str::to_owned)
            .collect::<Vec<_>>()
    });
    let mut themes = Vec::new();
    for (i, slug) in layout.themes() {
        let column = Column::Theme(slug.to_owned());
        let text = cell(&column).unwrap_or("");
        let marked = words.mark(text).ok_or_else(|| RowProblem::BadMark {
            theme: slug.to_owned(),
            text: clip(text),
        })?;
        let _ = i;
        themes.push((slug.to_owned(), marked));
    }
    Ok(RowCells {
        target,
        kind,
        version,
        status,
        note,
        evidence,
        themes,
    })
}

/// At most 80 characters of a cell, for a message.
fn clip(text: &str) -> String {
    text.chars().take(80).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Iso3, Region};

    fn words() -> Vocabulary {
        let mut v = Vocabulary::with_keys();
        v.add_place("Kenya", ActionTarget::Country(Iso3::parse("KEN").unwrap()));
        v.add_place("Africa", ActionTarget::Region(Region::Africa));
        v.add_kind("National strategy", ActionKind::NationalStrategy);
        v.add_status("En cours", Status::InProgress);
        v.add_mark("Oui");
        v.add_column("Digitalisation", Column::Theme("digitalisation".into()));
        v
    }

    fn layout(headings: &[&str]) -> Layout {
        let headings: Vec<String> = headings.iter().map(|h| h.to_string()).collect();
        Layout::from_headings(&headings, &words(), |_| false).unwrap()
    }

    fn row(cells: &[&str]) -> Vec<String> {
        cells.iter().map(|c| c.to_string()).collect()
    }

    #[test]
    fn a_row_names_its_action_and_gives_its_values() {
        let layout = layout(&[
            "place",
            "action",
            "version",
            "status",
            "evidence",
            "Digitalisation",
        ]);
        let read = read_row(
            2,
            &row(&[
                " kenya ",
                "national STRATEGY",
                "3",
                "en cours",
                "https://a.org\nhttps://b.org",
                "OUI",
            ]),
            &layout,
            &words(),
        );
        assert_eq!(read.place, "kenya");
        let cells = read.cells.unwrap();
        assert_eq!(cells.kind, ActionKind::NationalStrategy);
        assert_eq!(cells.version, 3);
        assert_eq!(cells.status, Some(Status::InProgress));
        assert_eq!(cells.note, None);
        assert_eq!(cells.evidence.unwrap().len(), 2);
        assert_eq!(cells.themes, vec![("digitalisation".to_string(), true)]);
    }

    #[test]
    fn a_short_row_reads_blanks_and_a_blank_status_keeps_the_status() {
        let layout = layout(&["place", "action", "version", "status", "note"]);
        let cells = read_row(
            3,
            &row(&["Kenya", "national-strategy", "0"]),
            &layout,
            &words(),
        )
        .cells
        .unwrap();
        assert_eq!(cells.status, None);
        assert_eq!(cells.note.as_deref(), Some(""));
    }

    #[test]
    fn each_bad_cell_refuses_its_row() {
        let layout = layout(&["place", "action", "version", "status", "Digitalisation"]);
        let problem = |cells: &[&str]| {
            read_row(2, &row(cells), &layout, &words())
                .cells
                .unwrap_err()
        };
        assert_eq!(
            problem(&["Atlantis", "national-strategy", "1", "", ""]),
            RowProblem::UnknownPlace("Atlantis".into())
        );
        assert_eq!(
            problem(&["Kenya", "Party", "1", "", ""]),
            RowProblem::UnknownAction("Party".into())
        );
        assert_eq!(
            problem(&["Kenya", "regional-strategy", "1", "", ""]),
            RowProblem::NotThisPlacesAction
        );
        assert_eq!(
            problem(&["Africa", "national-strategy", "1", "", ""]),
            RowProblem::NotThisPlacesAction
        );
        assert_eq!(
            problem(&["Kenya", "national-strategy", "1.5", "", ""]),
            RowProblem::BadVersion("1.5".into())
        );
        assert_eq!(
            problem(&["Kenya", "national-strategy", "", "", ""]),
            RowProblem::BadVersion("".into())
        );
        assert_eq!(
            problem(&["Kenya", "national-strategy", "1", "finished", ""]),
            RowProblem::UnknownStatus("finished".into())
        );
        assert_eq!(
            problem(&["Kenya", "national-strategy", "1", "", "maybe"]),
            RowProblem::BadMark {
                theme: "digitalisation".into(),
                text: "maybe".into()
            }
        );
    }
}
