//! A template laid out as `.xlsx` (rust_xlsxwriter): the actions sheet
//! first, its instructions second, the drop-downs' lists last and hidden.
//!
//! - Every value is written as text (`write_string`): a note that starts
//!   with `=` is text in the template too, never a formula.
//! - The sheet is protected without a password (against slips, not
//!   people): the columns that name a row (country or region, action,
//!   version) are locked and grey; status, note, evidence and themes are
//!   not. Sorting, filtering and widening columns stay allowed.
//! - Status, action and the themes' marks are drop-down lists (data
//!   validation from the hidden lists sheet) with a prompt and a refusal
//!   in the reader's language; an Arabic template reads right to left.

use app::services::sheets::template::TemplateContent;
use rust_xlsxwriter::{
    Color, DataValidation, DataValidationErrorStyle, DocProperties, Format, FormatAlign,
    FormatBorder, Formula, ProtectionOptions, Workbook, Worksheet, XlsxError,
};
use summit::sheet::Column;

/// The workbook's bytes.
pub fn write(content: &TemplateContent) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    workbook.set_properties(
        &DocProperties::new()
            .set_title(&content.title)
            .set_author("Social Summit Tracker"),
    );
    let lists = sheet_name(&content.sheet_lists);
    actions_sheet(workbook.add_worksheet(), content, &lists)?;
    instructions_sheet(workbook.add_worksheet(), content)?;
    lists_sheet(workbook.add_worksheet(), content, &lists)?;
    workbook.save_to_buffer()
}

fn actions_sheet(
    sheet: &mut Worksheet,
    content: &TemplateContent,
    lists: &str,
) -> Result<(), XlsxError> {
    sheet.set_name(sheet_name(&content.sheet_actions))?;
    sheet.set_right_to_left(content.language.is_rtl());
    let heading = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_background_color(Color::RGB(0xD9E2F3))
        .set_border(FormatBorder::Thin);
    let locked = Format::new()
        .set_align(FormatAlign::Top)
        .set_text_wrap()
        .set_background_color(Color::RGB(0xEDEDED));
    let open = Format::new()
        .set_unlocked()
        .set_align(FormatAlign::Top)
        .set_text_wrap();
    for (col, (heading_text, column)) in content.headings.iter().zip(&content.columns).enumerate() {
        let col = col as u16;
        sheet.write_string_with_format(0, col, heading_text, &heading)?;
        sheet.set_column_width(col, width(column))?;
    }
    for (i, row) in content.rows.iter().enumerate() {
        let r = (i + 1) as u32;
        for (col, (text, column)) in row.cells.iter().zip(&content.columns).enumerate() {
            let col = col as u16;
            match column {
                Column::Version => {
                    sheet.write_number_with_format(r, col, row.version as f64, &locked)?;
                }
                Column::Place | Column::Action => {
                    sheet.write_string_with_format(r, col, text, &locked)?;
                }
                _ => {
                    sheet.write_string_with_format(r, col, text, &open)?;
                }
            }
        }
    }
    let last = content.rows.len().max(1) as u32;
    let quoted = lists.replace('\'', "''");
    let list = |column: char, count: usize| -> Result<DataValidation, XlsxError> {
        Ok(DataValidation::new()
            .allow_list_formula(Formula::new(format!(
                "='{quoted}'!${column}$1:${column}${count}"
            )))
            .set_input_message(&content.list_prompt)?
            .set_error_message(&content.list_error)?
            .set_error_style(DataValidationErrorStyle::Stop))
    };
    for (col, column) in content.columns.iter().enumerate() {
        let validation = match column {
            Column::Status => list('A', content.statuses.len())?,
            Column::Action => list('B', content.kinds.len())?,
            Column::Theme(_) => list('C', 1)?,
            _ => continue,
        };
        sheet.add_data_validation(1, col as u16, last, col as u16, &validation)?;
    }
    let last_col = content.columns.len().saturating_sub(1) as u16;
    sheet.autofilter(0, 0, last, last_col)?;
    sheet.set_freeze_panes(1, 2)?;
    sheet.protect_with_options(&ProtectionOptions {
        format_columns: true,
        format_rows: true,
        sort: true,
        use_autofilter: true,
        ..ProtectionOptions::new()
    });
    sheet.set_active(true);
    Ok(())
}

fn instructions_sheet(sheet: &mut Worksheet, content: &TemplateContent) -> Result<(), XlsxError> {
    sheet.set_name(sheet_name(&content.sheet_instructions))?;
    sheet.set_right_to_left(content.language.is_rtl());
    sheet.set_column_width(0, 100)?;
    let title = Format::new().set_bold().set_font_size(14);
    let text = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    for (i, paragraph) in content.instructions.iter().enumerate() {
        let format = if i == 0 { &title } else { &text };
        sheet.write_string_with_format(i as u32, 0, paragraph, format)?;
    }
    Ok(())
}

fn lists_sheet(
    sheet: &mut Worksheet,
    content: &TemplateContent,
    name: &str,
) -> Result<(), XlsxError> {
    sheet.set_name(name)?;
    for (i, status) in content.statuses.iter().enumerate() {
        sheet.write_string(i as u32, 0, status)?;
    }
    for (i, kind) in content.kinds.iter().enumerate() {
        sheet.write_string(i as u32, 1, kind)?;
    }
    sheet.write_string(0, 2, &content.mark)?;
    sheet.set_hidden(true);
    sheet.protect();
    Ok(())
}

/// A column's width in characters.
fn width(column: &Column) -> f64 {
    match column {
        Column::Place => 24.0,
        Column::Action => 36.0,
        Column::Status => 16.0,
        Column::Note => 50.0,
        Column::Evidence => 40.0,
        Column::Theme(_) => 14.0,
        Column::Version => 12.0,
    }
}

/// A worksheet's name as Excel allows it: at most 31 characters, none of
/// `[]:*?/\`.
fn sheet_name(text: &str) -> String {
    let name: String = text
        .chars()
        .filter(|c| !"[]:*?/\\'".contains(*c))
        .take(31)
        .collect();
    if name.trim().is_empty() {
        "Sheet".to_owned()
    } else {
        name
    }
}
