//! The spreadsheet round-trip's rules: which columns a sheet has, how a
//! row's cells become an edit ([`read`]), and what a row would do to the
//! action it names ([`judge`]). Reading the file formats is the server's
//! (`server::sheets`); the words a person sees are the app's.
//!
//! A sheet is a heading row, then one row per action. The columns are
//! found by their headings, in any of the six languages (or the English
//! key the API uses), in any order:
//!
//! - **Country or region**, **Action** and **Version** name the row: all
//!   three are needed, or the file is refused.
//! - **Status**, **Note**, **Evidence** and one column per theme are what a
//!   row may change; a column that is not there leaves its field as it is,
//!   and at least one must be there.
//! - A heading nobody knows, or a heading given twice, refuses the file:
//!   a value is never dropped without a word.

mod history;
mod judge;
mod read;

pub use history::state_at;
pub use judge::{judge, FieldChange, FieldConflict, FieldValue, RowOutcome};
pub use read::{normalise, read_row, ReadRow, RowCells, RowProblem, Vocabulary};

use serde::{Deserialize, Serialize};

/// The largest file accepted, in bytes (a template of every action is
/// about 150 kB).
pub const MAX_FILE_BYTES: usize = 10 * 1024 * 1024;
/// The most a `.xlsx` may unpack to, in bytes, all its parts together.
pub const MAX_UNPACKED_BYTES: u64 = 64 * 1024 * 1024;
/// The most rows a sheet may have after its heading: every action there is
/// is under 1,400.
pub const MAX_ROWS: usize = 5_000;
/// The longest file name kept (it is noted in the history of each change).
pub const FILE_NAME_MAX: usize = 120;

/// A sheet as a file holds it: the heading row and the rows below it that
/// hold anything, every cell as text, each with its line in the file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Table {
    pub headings: Vec<String>,
    pub rows: Vec<(u32, Vec<String>)>,
}

impl Table {
    /// Whether any row holds something in column `index`.
    pub fn column_has_values(&self, index: usize) -> bool {
        self.rows
            .iter()
            .any(|(_, cells)| cells.get(index).is_some_and(|c| !c.trim().is_empty()))
    }
}

/// A column of the sheet.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "column", content = "theme")]
pub enum Column {
    Place,
    Action,
    Status,
    Note,
    Evidence,
    /// One theme's column, by its slug: marked when the action has it.
    Theme(String),
    Version,
}

impl Column {
    /// The columns without which no row can be read.
    pub const NAMING: [Column; 3] = [Column::Place, Column::Action, Column::Version];

    /// The English key of a fixed column (accepted as a heading too).
    pub fn key(&self) -> &str {
        match self {
            Column::Place => "place",
            Column::Action => "action",
            Column::Status => "status",
            Column::Note => "note",
            Column::Evidence => "evidence",
            Column::Theme(slug) => slug,
            Column::Version => "version",
        }
    }

    /// Whether a row's value in this column can change the action.
    pub fn is_editable(&self) -> bool {
        !Column::NAMING.contains(self)
    }
}

/// Why a whole file is refused. Nothing in it is written.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(rename_all = "kebab-case", tag = "problem")]
pub enum FileProblem {
    #[error("the file is empty")]
    Empty,
    #[error("the file is larger than {max_bytes} bytes")]
    TooLarge { max_bytes: usize },
    #[error("neither an .xlsx workbook nor a UTF-8 CSV file")]
    NotASpreadsheet,
    #[error("the workbook unpacks to more than {max_bytes} bytes")]
    Unpacked { max_bytes: u64 },
    #[error("the workbook carries macros")]
    Macros,
    #[error("a cell holds a formula: {cell}")]
    Formula { cell: String },
    #[error("more than {max} rows")]
    TooManyRows { max: usize },
    #[error("columns missing: {columns:?}")]
    MissingColumns { columns: Vec<Column> },
    #[error("no column that could change anything")]
    NothingToChange,
    #[error("a column nobody knows: {heading:?} (column {position})")]
    UnknownColumn { heading: String, position: String },
    #[error("a column given twice: {heading:?}")]
    RepeatedColumn { heading: String },
}

/// The letters of a 0-based column index, as a spreadsheet names it: 0 → A,
/// 26 → AA.
pub fn column_letters(index: usize) -> String {
    let mut n = index + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

/// Where each column is: found from the heading row.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Layout {
    /// For each position of the heading row, its column (`None`: a blank
    /// heading over blank cells).
    pub columns: Vec<Option<Column>>,
}

impl Layout {
    /// Reads the heading row. `column_has_values(i)` says whether any row
    /// below holds something in column `i` (a blank heading over values
    /// refuses the file).
    pub fn from_headings(
        headings: &[String],
        vocabulary: &Vocabulary,
        column_has_values: impl Fn(usize) -> bool,
    ) -> Result<Layout, FileProblem> {
        let mut columns: Vec<Option<Column>> = Vec::with_capacity(headings.len());
        for (i, heading) in headings.iter().enumerate() {
            let text = heading.trim();
            if text.is_empty() {
                if column_has_values(i) {
                    return Err(FileProblem::UnknownColumn {
                        heading: String::new(),
                        position: column_letters(i),
                    });
                }
                columns.push(None);
                continue;
            }
            let Some(column) = vocabulary.column(text) else {
                return Err(FileProblem::UnknownColumn {
                    heading: text.chars().take(80).collect(),
                    position: column_letters(i),
                });
            };
            if columns.iter().flatten().any(|c| *c == column) {
                return Err(FileProblem::RepeatedColumn {
                    heading: text.chars().take(80).collect(),
                });
            }
            columns.push(Some(column));
        }
        let missing: Vec<Column> = Column::NAMING
            .into_iter()
            .filter(|c| !columns.iter().flatten().any(|have| have == c))
            .collect();
        if !missing.is_empty() {
            return Err(FileProblem::MissingColumns { columns: missing });
        }
        if !columns.iter().flatten().any(Column::is_editable) {
            return Err(FileProblem::NothingToChange);
        }
        Ok(Layout { columns })
    }

    /// The position of a column, if the sheet has it.
    pub fn position(&self, column: &Column) -> Option<usize> {
        self.columns.iter().position(|c| c.as_ref() == Some(column))
    }

    /// The theme slugs that have a column.
    pub fn themes(&self) -> impl Iterator<Item = (usize, &str)> {
        self.columns
            .iter()
            .enumerate()
            .filter_map(|(i, c)| match c {
                Some(Column::Theme(slug)) => Some((i, slug.as_str())),
                _ => None,
            })
    }
}

/// Whether a spreadsheet would run this text as a formula when it is
/// exported back: it starts with `=`, `+`, `-`, `@`, a tab or a carriage
/// return (OWASP's list for CSV injection).
pub fn runs_as_formula(text: &str) -> bool {
    text.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

/// A file name as it is kept: its last path part, control characters
/// removed, at most [`FILE_NAME_MAX`] characters.
pub fn clean_file_name(name: &str) -> String {
    let last = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = last
        .chars()
        .filter(|c| !c.is_control())
        .take(FILE_NAME_MAX)
        .collect();
    let cleaned = cleaned.trim().to_owned();
    if cleaned.is_empty() {
        "upload".to_owned()
    } else {
        cleaned
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Status;

    fn vocabulary() -> Vocabulary {
        let mut v = Vocabulary::with_keys();
        v.add_column("Country or region", Column::Place);
        v.add_column("Action", Column::Action);
        v.add_column("Statut", Column::Status);
        v.add_column("Version", Column::Version);
        v.add_column("Digitalisation", Column::Theme("digitalisation".into()));
        v.add_status("En cours", Status::InProgress);
        v
    }

    fn headings(texts: &[&str]) -> Vec<String> {
        texts.iter().map(|t| t.to_string()).collect()
    }

    #[test]
    fn columns_are_found_by_heading_in_any_order_and_case() {
        let layout = Layout::from_headings(
            &headings(&["VERSION", " statut ", "country or region", "action", ""]),
            &vocabulary(),
            |_| false,
        )
        .unwrap();
        assert_eq!(layout.position(&Column::Place), Some(2));
        assert_eq!(layout.position(&Column::Status), Some(1));
        assert_eq!(layout.position(&Column::Note), None);
        assert_eq!(layout.columns[4], None);
        // The English keys work as headings too.
        let keys = Layout::from_headings(
            &headings(&["place", "action", "version", "note"]),
            &vocabulary(),
            |_| false,
        )
        .unwrap();
        assert_eq!(keys.position(&Column::Note), Some(3));
    }

    #[test]
    fn bad_headings_refuse_the_file() {
        let v = vocabulary();
        assert_eq!(
            Layout::from_headings(&headings(&["Action", "Status", "Version"]), &v, |_| false),
            Err(FileProblem::MissingColumns {
                columns: vec![Column::Place]
            })
        );
        assert_eq!(
            Layout::from_headings(
                &headings(&["place", "action", "version", "Budget"]),
                &v,
                |_| false
            ),
            Err(FileProblem::UnknownColumn {
                heading: "Budget".into(),
                position: "D".into()
            })
        );
        assert_eq!(
            Layout::from_headings(
                &headings(&["place", "action", "version", "status", "Statut"]),
                &v,
                |_| false
            ),
            Err(FileProblem::RepeatedColumn {
                heading: "Statut".into()
            })
        );
        assert_eq!(
            Layout::from_headings(&headings(&["place", "action", "version"]), &v, |_| false),
            Err(FileProblem::NothingToChange)
        );
        assert!(matches!(
            Layout::from_headings(
                &headings(&["place", "action", "version", "status", ""]),
                &v,
                |i| i == 4
            ),
            Err(FileProblem::UnknownColumn { .. })
        ));
    }

    #[test]
    fn column_letters_count_like_a_spreadsheet() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
    }

    #[test]
    fn file_names_lose_their_folders_and_control_characters() {
        assert_eq!(clean_file_name("C:\\Users\\x\\Africa.xlsx"), "Africa.xlsx");
        assert_eq!(clean_file_name("../../etc/passwd"), "passwd");
        assert_eq!(clean_file_name("a\u{0}b\r\n.csv"), "ab.csv");
        assert_eq!(clean_file_name(""), "upload");
        assert_eq!(clean_file_name(&"x".repeat(500)).len(), FILE_NAME_MAX);
    }

    #[test]
    fn formula_starts_are_recognised() {
        for text in ["=1+1", "+1", "-2", "@SUM(A1)", "\tx", "\rx"] {
            assert!(runs_as_formula(text), "{text:?}");
        }
        for text in ["Budget adopted", "", "1-2", "a=b", "'=1"] {
            assert!(!runs_as_formula(text), "{text:?}");
        }
    }
}
