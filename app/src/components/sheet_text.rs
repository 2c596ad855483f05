//! The spreadsheet round-trip in words: why a file or a row was refused,
//! a field's value, what became of a row — in the reader's language.

use crate::components::error::field_error_text;
use crate::error::FieldError;
use crate::i18n::*;
use crate::model::WriteResult;
use crate::text::status_name;
use leptos_i18n::I18nContext;
use summit::sheet::{Column, FieldValue, FileProblem, RowProblem};

/// A column as its template heading names it.
pub fn column_name(
    i18n: I18nContext<Locale>,
    column: &Column,
    themes: &[(String, String)],
) -> String {
    match column {
        Column::Place => t_string!(i18n, sheets.col_place).to_string(),
        Column::Action => t_string!(i18n, sheets.col_action).to_string(),
        Column::Status => t_string!(i18n, sheets.col_status).to_string(),
        Column::Note => t_string!(i18n, sheets.col_note).to_string(),
        Column::Evidence => t_string!(i18n, sheets.col_evidence).to_string(),
        Column::Version => t_string!(i18n, sheets.col_version).to_string(),
        Column::Theme(slug) => theme_name(slug, themes),
    }
}

fn theme_name(slug: &str, themes: &[(String, String)]) -> String {
    themes
        .iter()
        .find(|(s, _)| s == slug)
        .map_or_else(|| slug.to_owned(), |(_, name)| name.clone())
}

/// Why a whole file was refused, and what to do.
pub fn file_problem_text(i18n: I18nContext<Locale>, problem: &FileProblem) -> String {
    let megabytes = |bytes: u64| bytes / (1024 * 1024);
    match problem {
        FileProblem::Empty => t_string!(i18n, sheets.file_empty).to_string(),
        FileProblem::TooLarge { max_bytes } => t_string!(
            i18n,
            sheets.file_too_large,
            max = megabytes(*max_bytes as u64)
        )
        .to_string(),
        FileProblem::NotASpreadsheet => t_string!(i18n, sheets.file_not_a_spreadsheet).to_string(),
        FileProblem::Unpacked { max_bytes } => {
            t_string!(i18n, sheets.file_unpacked, max = megabytes(*max_bytes)).to_string()
        }
        FileProblem::Macros => t_string!(i18n, sheets.file_macros).to_string(),
        FileProblem::Formula { cell } => {
            t_string!(i18n, sheets.file_formula, cell = cell.clone()).to_string()
        }
        FileProblem::TooManyRows { max } => {
            t_string!(i18n, sheets.file_too_many_rows, max = *max).to_string()
        }
        FileProblem::MissingColumns { columns } => {
            let names: Vec<String> = columns.iter().map(|c| column_name(i18n, c, &[])).collect();
            t_string!(
                i18n,
                sheets.file_missing_columns,
                columns = names.join(", ")
            )
            .to_string()
        }
        FileProblem::NothingToChange => t_string!(i18n, sheets.file_nothing_to_change).to_string(),
        FileProblem::UnknownColumn { heading, position } if heading.is_empty() => t_string!(
            i18n,
            sheets.file_unknown_column_blank,
            position = position.clone()
        )
        .to_string(),
        FileProblem::UnknownColumn { heading, position } => t_string!(
            i18n,
            sheets.file_unknown_column,
            position = position.clone(),
            heading = heading.clone()
        )
        .to_string(),
        FileProblem::RepeatedColumn { heading } => {
            t_string!(i18n, sheets.file_repeated_column, heading = heading.clone()).to_string()
        }
    }
}

/// Why a row was refused.
pub fn row_problem_text(
    i18n: I18nContext<Locale>,
    problem: &RowProblem,
    themes: &[(String, String)],
) -> String {
    match problem {
        RowProblem::UnknownPlace(text) => {
            t_string!(i18n, sheets.row_unknown_place, text = text.clone()).to_string()
        }
        RowProblem::UnknownAction(text) => {
            t_string!(i18n, sheets.row_unknown_action, text = text.clone()).to_string()
        }
        RowProblem::NotThisPlacesAction => t_string!(i18n, sheets.row_not_this_places).to_string(),
        RowProblem::BadVersion(text) => {
            t_string!(i18n, sheets.row_bad_version, text = text.clone()).to_string()
        }
        RowProblem::FutureVersion => t_string!(i18n, sheets.row_future_version).to_string(),
        RowProblem::UnknownStatus(text) => {
            t_string!(i18n, sheets.row_unknown_status, text = text.clone()).to_string()
        }
        RowProblem::BadMark { theme, text } => t_string!(
            i18n,
            sheets.row_bad_mark,
            theme = theme_name(theme, themes),
            text = text.clone(),
            mark = t_string!(i18n, sheets.mark).to_string()
        )
        .to_string(),
        RowProblem::Formula(_) => t_string!(i18n, sheets.row_formula).to_string(),
        RowProblem::Input(errors) => errors
            .iter()
            .map(|e| field_error_text(i18n, &FieldError::Action(e.clone())))
            .collect::<Vec<_>>()
            .join(" "),
        RowProblem::Repeated { line } => {
            t_string!(i18n, sheets.row_repeated, line = *line).to_string()
        }
        RowProblem::NotAllowed => t_string!(i18n, sheets.row_not_allowed).to_string(),
        RowProblem::ProposalOpen => t_string!(i18n, sheets.row_proposal_open).to_string(),
    }
}

/// The name of a value's field: "Status", "Themes"…
pub fn field_label(i18n: I18nContext<Locale>, value: &FieldValue) -> String {
    match value {
        FieldValue::Status(_) => t_string!(i18n, country.status),
        FieldValue::Themes(_) => t_string!(i18n, country.themes),
        FieldValue::Evidence(_) => t_string!(i18n, country.evidence),
        FieldValue::Note(_) => t_string!(i18n, country.note),
    }
    .to_string()
}

/// A value as a person reads it: statuses and themes by name, lists
/// joined, nothing as "none".
pub fn field_value_text(
    i18n: I18nContext<Locale>,
    value: &FieldValue,
    themes: &[(String, String)],
) -> String {
    let none = || t_string!(i18n, history.none).to_string();
    match value {
        FieldValue::Status(status) => status_name(i18n, *status),
        FieldValue::Themes(list) if list.is_empty() => none(),
        FieldValue::Themes(list) => list
            .iter()
            .map(|slug| theme_name(slug, themes))
            .collect::<Vec<_>>()
            .join(", "),
        FieldValue::Evidence(list) if list.is_empty() => none(),
        FieldValue::Evidence(list) => list.join(" "),
        FieldValue::Note(text) if text.is_empty() => none(),
        FieldValue::Note(text) => text.clone(),
    }
}

/// What became of a row once applied.
pub fn result_text(i18n: I18nContext<Locale>, result: WriteResult) -> String {
    match result {
        WriteResult::Published => t_string!(i18n, sheets.result_published),
        WriteResult::Proposed => t_string!(i18n, sheets.result_proposed),
        WriteResult::Stale => t_string!(i18n, sheets.result_stale),
        WriteResult::ProposalOpen => t_string!(i18n, sheets.result_proposal_open),
        WriteResult::RolledBack => t_string!(i18n, sheets.result_rolled_back),
        WriteResult::Skipped => t_string!(i18n, sheets.result_skipped),
    }
    .to_string()
}
