//! What a spreadsheet template holds, in the reader's language: today's
//! values of every action in a scope, the lists its drop-downs offer, and
//! the instructions. `server::sheets::template` lays it out as `.xlsx`.

use super::{fixed_columns, heading_in, mark_in};
use crate::error::AppError;
use crate::i18n::*;
use crate::model::ActionEntry;
use crate::services::change_text::locale_of;
use crate::services::storage::SharedStorage;
use crate::text::{action_name_in, long_date_in, region_name_in, status_name_in};
use summit::sheet::Column;
use summit::{ActionKind, Iso3, Language, Region, Status};

/// Whose actions a template holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TemplateScope {
    /// Every country and every region.
    Everything,
    /// A region's own actions and its countries'.
    Region(Region),
    /// These countries' (at most [`COUNTRIES_MAX`]).
    Countries(Vec<Iso3>),
}

/// The most countries a template's address may list.
pub const COUNTRIES_MAX: usize = 200;

/// One action's row: its cells as text by column, and its version.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TemplateRow {
    pub cells: Vec<String>,
    pub version: i64,
}

/// Everything a template shows, already in its language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TemplateContent {
    pub language: Language,
    /// The workbook's title: "Follow-up actions — Africa".
    pub title: String,
    /// A file name for it (without folders): the title and the day.
    pub file_name: String,
    pub sheet_actions: String,
    pub sheet_instructions: String,
    pub sheet_lists: String,
    pub columns: Vec<Column>,
    pub headings: Vec<String>,
    pub rows: Vec<TemplateRow>,
    pub statuses: Vec<String>,
    pub kinds: Vec<String>,
    pub mark: String,
    /// The drop-downs' prompt and refusal.
    pub list_prompt: String,
    pub list_error: String,
    /// Paragraphs of the instructions sheet, the first its heading.
    pub instructions: Vec<String>,
}

/// The template of `scope` in `language`, as of now; `upload_address` is
/// where it is uploaded again (the site's own address, from configuration).
pub async fn template(
    storage: &SharedStorage,
    language: Language,
    scope: &TemplateScope,
    upload_address: &str,
) -> Result<TemplateContent, AppError> {
    let locale = locale_of(language);
    let themes = storage.themes(language).await?;
    let mut columns: Vec<Column> = fixed_columns().into_iter().take(5).collect();
    columns.extend(themes.iter().map(|(slug, _)| Column::Theme(slug.clone())));
    columns.push(Column::Version);
    let headings = columns
        .iter()
        .map(|c| heading_in(language, c, &themes))
        .collect();
    let mark = mark_in(language);
    let row = |place: &str, action: &ActionEntry| TemplateRow {
        cells: columns
            .iter()
            .map(|column| match column {
                Column::Place => place.to_owned(),
                Column::Action => action_name_in(locale, action.kind),
                Column::Status => status_name_in(locale, action.status),
                Column::Note => action.note.clone(),
                Column::Evidence => action.evidence.join("\n"),
                Column::Theme(slug) => {
                    if action.themes.iter().any(|(s, _)| s == slug) {
                        mark.clone()
                    } else {
                        String::new()
                    }
                }
                Column::Version => action.version.to_string(),
            })
            .collect(),
        version: action.version,
    };
    let regions: Vec<Region> = match scope {
        TemplateScope::Everything => Region::ALL.to_vec(),
        TemplateScope::Region(region) => vec![*region],
        TemplateScope::Countries(_) => vec![],
    };
    let mut rows = Vec::new();
    for region in &regions {
        let name = region_name_in(locale, *region);
        for action in storage.region_actions(*region, language).await? {
            rows.push(row(&name, &action));
        }
    }
    let countries = storage.countries(language).await?;
    let actions = storage.all_country_actions(language).await?;
    for country in &countries {
        let wanted = match scope {
            TemplateScope::Everything => true,
            TemplateScope::Region(region) => country.coverage.region() == Some(*region),
            TemplateScope::Countries(list) => list.contains(&country.iso3),
        };
        if !wanted {
            continue;
        }
        for (_, action) in actions.iter().filter(|(iso3, _)| *iso3 == country.iso3) {
            rows.push(row(&country.name, action));
        }
    }
    let scope_name = match scope {
        TemplateScope::Everything => td_string!(locale, sheets.scope_all).to_string(),
        TemplateScope::Region(region) => region_name_in(locale, *region),
        TemplateScope::Countries(list) if list.len() == 1 => countries
            .iter()
            .find(|c| c.iso3 == list[0])
            .map_or_else(String::new, |c| c.name.clone()),
        TemplateScope::Countries(_) => td_string!(locale, sheets.scope_countries).to_string(),
    };
    let now = jiff::Timestamp::now();
    let today = crate::services::past::today();
    let title = td_string!(locale, sheets.file_title, scope = scope_name.clone()).to_string();
    let date = long_date_in(locale, today);
    let time = now.strftime("%H:%M").to_string();
    let instructions = vec![
        td_string!(locale, sheets.instr_title).to_string(),
        td_string!(
            locale,
            sheets.instr_what,
            scope = scope_name,
            date = date,
            time = time
        )
        .to_string(),
        td_string!(locale, sheets.instr_edit).to_string(),
        td_string!(locale, sheets.instr_status).to_string(),
        td_string!(locale, sheets.instr_themes, mark = mark.clone()).to_string(),
        td_string!(locale, sheets.instr_evidence).to_string(),
        td_string!(locale, sheets.instr_note).to_string(),
        td_string!(locale, sheets.instr_blank).to_string(),
        td_string!(locale, sheets.instr_conflict).to_string(),
        td_string!(
            locale,
            sheets.instr_upload,
            address = upload_address.to_owned()
        )
        .to_string(),
        td_string!(locale, sheets.instr_csv).to_string(),
    ];
    Ok(TemplateContent {
        language,
        file_name: format!("{} {today}.xlsx", file_safe(&title)),
        title,
        sheet_actions: td_string!(locale, sheets.sheet_actions).to_string(),
        sheet_instructions: td_string!(locale, sheets.sheet_instructions).to_string(),
        sheet_lists: td_string!(locale, sheets.sheet_lists).to_string(),
        columns,
        headings,
        rows,
        statuses: Status::ALL
            .iter()
            .map(|s| status_name_in(locale, *s))
            .collect(),
        kinds: ActionKind::ALL
            .iter()
            .map(|k| action_name_in(locale, *k))
            .collect(),
        mark,
        list_prompt: td_string!(locale, sheets.list_prompt).to_string(),
        list_error: td_string!(locale, sheets.list_error).to_string(),
        instructions,
    })
}

/// A title as a file name: characters file systems refuse become spaces.
fn file_safe(title: &str) -> String {
    title
        .chars()
        .map(|c| {
            if c.is_control() || "/\\:*?\"<>|".contains(c) {
                ' '
            } else {
                c
            }
        })
        .collect::<String>()
        .trim()
        .to_owned()
}
