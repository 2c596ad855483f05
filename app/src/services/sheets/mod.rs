//! The spreadsheet round-trip's steps (server only): the words a sheet may
//! use ([`vocabulary`]), the dry run of an upload ([`dry_run`]) and its
//! application ([`apply`]). The rules of a row are `summit::sheet`; reading
//! and writing the files is `server::sheets`; what a template holds is
//! [`template`].
//!
//! An application writes through the same rules as the edit form: the
//! account's scope, review before publishing (a held row becomes a
//! proposal), the input rules, and each row's version; the history notes
//! the file. Before anything is written every row is judged again: what
//! the person saw in the dry run must still be true, or nothing is written
//! for that row (all or nothing: for the file), and the dry run is shown
//! again.

mod apply;
pub mod template;
mod upload;

pub use apply::{apply, Applied, ApplyMode};
pub use upload::{dry_run, view};

use crate::error::AppError;
use crate::i18n::*;
use crate::services::change_text::locale_of;
use crate::services::editing::{held_for_review, theme_slugs};
use crate::services::review::state_of;
use crate::services::storage::SharedStorage;
use crate::text::{action_name_in, region_name_in, status_name_in};
use std::collections::HashMap;
use summit::sheet::{
    judge, read_row, state_at, Column, FileProblem, Layout, ReadRow, RowOutcome, RowProblem, Table,
    Vocabulary, MAX_ROWS,
};
use summit::{ActionKind, ActionTarget, Actor, Language, Region, Status};

/// A column's heading in a given language.
pub fn heading_in(language: Language, column: &Column, themes: &[(String, String)]) -> String {
    let locale = locale_of(language);
    match column {
        Column::Place => td_string!(locale, sheets.col_place).to_string(),
        Column::Action => td_string!(locale, sheets.col_action).to_string(),
        Column::Status => td_string!(locale, sheets.col_status).to_string(),
        Column::Note => td_string!(locale, sheets.col_note).to_string(),
        Column::Evidence => td_string!(locale, sheets.col_evidence).to_string(),
        Column::Version => td_string!(locale, sheets.col_version).to_string(),
        Column::Theme(slug) => themes
            .iter()
            .find(|(s, _)| s == slug)
            .map_or_else(|| slug.clone(), |(_, name)| name.clone()),
    }
}

/// The word that marks a theme as an action's, in a given language.
pub fn mark_in(language: Language) -> String {
    td_string!(locale_of(language), sheets.mark).to_string()
}

/// Every word a sheet may use, in the six languages: headings, country and
/// region names (and ISO codes), actions, statuses, themes and marks.
pub async fn vocabulary(storage: &SharedStorage) -> Result<Vocabulary, AppError> {
    let mut words = Vocabulary::with_keys();
    for language in Language::ALL {
        let locale = locale_of(language);
        let themes = storage.themes(language).await?;
        for column in fixed_columns() {
            words.add_column(&heading_in(language, &column, &themes), column);
        }
        for (slug, name) in &themes {
            words.add_column(name, Column::Theme(slug.clone()));
            words.add_column(slug, Column::Theme(slug.clone()));
        }
        for status in Status::ALL {
            words.add_status(&status_name_in(locale, status), status);
        }
        for kind in ActionKind::ALL {
            words.add_kind(&action_name_in(locale, kind), kind);
        }
        for region in Region::ALL {
            words.add_place(
                &region_name_in(locale, region),
                ActionTarget::Region(region),
            );
            words.add_place(region.slug(), ActionTarget::Region(region));
        }
        for country in storage.countries(language).await? {
            words.add_place(&country.name, ActionTarget::Country(country.iso3));
            words.add_place(country.iso3.as_str(), ActionTarget::Country(country.iso3));
        }
        words.add_mark(&mark_in(language));
    }
    Ok(words)
}

/// The columns every template has, in their order (the themes' go between
/// evidence and version).
pub fn fixed_columns() -> [Column; 6] {
    [
        Column::Place,
        Column::Action,
        Column::Status,
        Column::Note,
        Column::Evidence,
        Column::Version,
    ]
}

/// Reads a table's rows against the headings: the file's problem, or every
/// row as read.
pub fn read_table(table: &Table, words: &Vocabulary) -> Result<Vec<ReadRow>, FileProblem> {
    if table.rows.len() > MAX_ROWS {
        return Err(FileProblem::TooManyRows { max: MAX_ROWS });
    }
    let layout = Layout::from_headings(&table.headings, words, |i| table.column_has_values(i))?;
    Ok(table
        .rows
        .iter()
        .map(|(line, cells)| read_row(*line, cells, &layout, words))
        .collect())
}

/// Judges every row for `actor`, as the dry run shows it and as applying
/// writes it: each row's outcome, and whether review holds it.
pub async fn judge_rows(
    storage: &SharedStorage,
    actor: &Actor,
    rows: &[ReadRow],
) -> Result<Vec<(RowOutcome, bool)>, AppError> {
    let themes = theme_slugs(storage).await?;
    let mut seen: HashMap<(ActionTarget, ActionKind), u32> = HashMap::new();
    let mut history = HashMap::new();
    let mut judged = Vec::with_capacity(rows.len());
    for row in rows {
        let refused = |problem| (RowOutcome::Refused { problem }, false);
        let cells = match &row.cells {
            Ok(cells) => cells,
            Err(problem) => {
                judged.push(refused(problem.clone()));
                continue;
            }
        };
        if let Some(first) = seen.insert((cells.target, cells.kind), row.line) {
            seen.insert((cells.target, cells.kind), first);
            judged.push(refused(RowProblem::Repeated { line: first }));
            continue;
        }
        let Some(current) = storage
            .action(cells.target, cells.kind, Language::En)
            .await?
        else {
            // A country no UN Country Team serves has no actions.
            judged.push(refused(RowProblem::NotThisPlacesAction));
            continue;
        };
        let (allowed, region) = match cells.target {
            ActionTarget::Country(iso3) => match storage.country(iso3, Language::En).await? {
                Some(country) => (
                    actor.can_edit_country(iso3, country.coverage),
                    country.coverage.region(),
                ),
                None => (false, None),
            },
            ActionTarget::Region(region) => (actor.can_edit_region(region), Some(region)),
        };
        if !allowed {
            judged.push(refused(RowProblem::NotAllowed));
            continue;
        }
        let held = held_for_review(storage, actor, region).await?;
        if held
            && crate::services::review::open_proposal(storage, cells.target, cells.kind)
                .await?
                .is_some()
        {
            judged.push(refused(RowProblem::ProposalOpen));
            continue;
        }
        let now = state_of(&current);
        let base = if cells.version < current.version {
            if let std::collections::hash_map::Entry::Vacant(slot) = history.entry(cells.target) {
                slot.insert(storage.history(cells.target).await?);
            }
            let newer: Vec<Vec<summit::Change>> = history[&cells.target]
                .iter()
                .filter(|h| h.kind == cells.kind && h.version > cells.version)
                .map(|h| h.changes.clone())
                .collect();
            state_at(&now, &newer)
        } else {
            now.clone()
        };
        judged.push((judge(cells, &now, current.version, &base, &themes), held));
    }
    Ok(judged)
}

/// The place and the action a row names, in `language` (as the file wrote
/// them when they could not be read).
pub(super) async fn row_names(
    storage: &SharedStorage,
    language: Language,
    row: &ReadRow,
) -> Result<(String, String), AppError> {
    let locale = locale_of(language);
    let Ok(cells) = &row.cells else {
        return Ok((row.place.clone(), row.action.clone()));
    };
    let place = match cells.target {
        ActionTarget::Country(iso3) => storage
            .country(iso3, language)
            .await?
            .map_or_else(|| row.place.clone(), |c| c.name),
        ActionTarget::Region(region) => region_name_in(locale, region),
    };
    Ok((place, action_name_in(locale, cells.kind)))
}
