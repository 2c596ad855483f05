//! An uploaded file into a table of text, or the reason it is refused.
//!
//! - Whatever the name says, the bytes decide: a zip is read as `.xlsx`,
//!   an old binary workbook (OLE, also what an encrypted `.xlsx` is) is
//!   refused, anything else must be UTF-8 text and is read as CSV.
//! - Before calamine opens a workbook, every part of the zip is unpacked
//!   once with a running total ([`MAX_UNPACKED_BYTES`]): a zip bomb stops
//!   there, whatever sizes its directory claims. A macro project
//!   (`vbaProject.bin`, a macro-enabled content type) refuses the file.
//! - The first sheet is read cell by cell: a cell with a formula refuses
//!   the file (naming the cell), and so does a sheet past [`MAX_ROWS`] rows,
//!   before the rest is read.
//! - CSV: a UTF-8 byte-order mark is dropped, and the separator is the one
//!   of `,` `;` and tab the heading line uses most (Excel writes `;` where
//!   the decimal mark is a comma). Rows are numbered as a spreadsheet
//!   shows them: a record is a row, a blank line none.

use calamine::{DataRef, Reader, Xlsx};
use std::io::{Cursor, Read};
use summit::sheet::{
    column_letters, FileProblem, Table, MAX_FILE_BYTES, MAX_ROWS, MAX_UNPACKED_BYTES,
};

/// The most columns a sheet may use (a template has 14).
const MAX_COLUMNS: u32 = 200;
/// The most parts a workbook's zip may have.
const MAX_PARTS: usize = 2_000;

/// Reads an upload.
pub fn read(bytes: &[u8]) -> Result<Table, FileProblem> {
    if bytes.is_empty() {
        return Err(FileProblem::Empty);
    }
    if bytes.len() > MAX_FILE_BYTES {
        return Err(FileProblem::TooLarge {
            max_bytes: MAX_FILE_BYTES,
        });
    }
    if bytes.starts_with(b"PK\x03\x04") {
        look_inside(bytes)?;
        read_xlsx(bytes)
    } else if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        Err(FileProblem::NotASpreadsheet)
    } else {
        read_csv(bytes)
    }
}

/// Unpacks every part once, counting: refuses a zip bomb and macros.
fn look_inside(bytes: &[u8]) -> Result<(), FileProblem> {
    let mut zip =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| FileProblem::NotASpreadsheet)?;
    if zip.len() > MAX_PARTS {
        return Err(FileProblem::Unpacked {
            max_bytes: MAX_UNPACKED_BYTES,
        });
    }
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let mut part = zip.by_index(i).map_err(|_| FileProblem::NotASpreadsheet)?;
        let name = part
            .name()
            .map_err(|_| FileProblem::NotASpreadsheet)?
            .to_ascii_lowercase();
        if name.ends_with("vbaproject.bin") || name.ends_with(".bin") && name.contains("vba") {
            return Err(FileProblem::Macros);
        }
        let left = MAX_UNPACKED_BYTES.saturating_sub(total);
        let mut content = Vec::new();
        let read = (&mut part)
            .take(left + 1)
            .read_to_end(&mut content)
            .map_err(|_| FileProblem::NotASpreadsheet)? as u64;
        total += read;
        if total > MAX_UNPACKED_BYTES {
            return Err(FileProblem::Unpacked {
                max_bytes: MAX_UNPACKED_BYTES,
            });
        }
        if name == "[content_types].xml"
            && String::from_utf8_lossy(&content)
                .to_ascii_lowercase()
                .contains("macroenabled")
        {
            return Err(FileProblem::Macros);
        }
    }
    Ok(())
}

fn read_xlsx(bytes: &[u8]) -> Result<Table, FileProblem> {
    let mut workbook: Xlsx<_> =
        Xlsx::new(Cursor::new(bytes)).map_err(|_| FileProblem::NotASpreadsheet)?;
    let Some(first) = workbook.sheet_names().first().cloned() else {
        return Err(FileProblem::NotASpreadsheet);
    };
    let mut cells = workbook
        .worksheet_cells_reader(&first)
        .map_err(|_| FileProblem::NotASpreadsheet)?;
    let mut rows: Vec<(u32, Vec<String>)> = Vec::new();
    while let Some(cell) = cells
        .next_cell_with_formula()
        .map_err(|_| FileProblem::NotASpreadsheet)?
    {
        let (row, column) = cell.pos;
        if cell.formula.as_deref().is_some_and(|f| !f.is_empty()) {
            return Err(FileProblem::Formula {
                cell: format!("{}{}", column_letters(column as usize), row + 1),
            });
        }
        let text = text_of(&cell.value);
        if text.trim().is_empty() {
            continue;
        }
        if column >= MAX_COLUMNS {
            return Err(FileProblem::UnknownColumn {
                heading: String::new(),
                position: column_letters(column as usize),
            });
        }
        let line = row + 1;
        if rows.last().is_none_or(|(l, _)| *l != line) {
            // The heading and MAX_ROWS rows below it.
            if rows.len() > MAX_ROWS {
                return Err(FileProblem::TooManyRows { max: MAX_ROWS });
            }
            rows.push((line, Vec::new()));
        }
        if let Some((_, values)) = rows.last_mut() {
            let column = column as usize;
            if values.len() <= column {
                values.resize(column + 1, String::new());
            }
            values[column] = text;
        }
    }
    table(rows)
}

/// A cell's value as text: numbers without a trailing `.0`.
fn text_of(value: &DataRef<'_>) -> String {
    match value {
        DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.clone(),
        DataRef::SharedString(s) => (*s).to_owned(),
        DataRef::Int(i) => i.to_string(),
        DataRef::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        DataRef::Float(f) => f.to_string(),
        DataRef::Bool(b) => b.to_string(),
        DataRef::DateTime(d) => d.as_f64().to_string(),
        DataRef::Error(e) => format!("#{e:?}"),
        DataRef::Empty => String::new(),
    }
}

fn read_csv(bytes: &[u8]) -> Result<Table, FileProblem> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|_| FileProblem::NotASpreadsheet)?;
    if text.contains('\0') {
        return Err(FileProblem::NotASpreadsheet);
    }
    let first_line = text.lines().next().unwrap_or_default();
    let delimiter = [b',', b';', b'\t']
        .into_iter()
        .max_by_key(|d| first_line.bytes().filter(|b| b == d).count())
        .unwrap_or(b',');
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    // A record is a spreadsheet's row (a quoted line break stays inside its
    // cell); the csv crate passes over blank lines, and so do the numbers.
    for (index, record) in reader.records().enumerate() {
        let record = record.map_err(|_| FileProblem::NotASpreadsheet)?;
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if rows.len() > MAX_ROWS {
            return Err(FileProblem::TooManyRows { max: MAX_ROWS });
        }
        if record.len() > MAX_COLUMNS as usize {
            return Err(FileProblem::UnknownColumn {
                heading: String::new(),
                position: column_letters(MAX_COLUMNS as usize),
            });
        }
        rows.push((index as u32 + 1, record.iter().map(str::to_owned).collect()));
    }
    table(rows)
}

/// The first row that holds anything is the heading; the rest are rows.
fn table(mut rows: Vec<(u32, Vec<String>)>) -> Result<Table, FileProblem> {
    if rows.is_empty() {
        return Err(FileProblem::Empty);
    }
    let (_, headings) = rows.remove(0);
    Ok(Table { headings, rows })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_separators_and_byte_order_marks_are_taken_as_they_come() {
        let semicolons = "\u{feff}place;action;version;status\nKEN;national-strategy;3;completed\n";
        let table = read(semicolons.as_bytes()).unwrap();
        assert_eq!(table.headings, ["place", "action", "version", "status"]);
        assert_eq!(
            table.rows,
            vec![(
                2,
                vec![
                    "KEN".into(),
                    "national-strategy".into(),
                    "3".into(),
                    "completed".into()
                ]
            )]
        );
        let quoted = "place,note\r\nKEN,\"one, two\nthree\"\r\n\r\nUGA,x\r\n";
        let table = read(quoted.as_bytes()).unwrap();
        assert_eq!(table.rows[0].1[1], "one, two\nthree");
        assert_eq!(table.rows[1].0, 3, "rows count as a spreadsheet shows them");
    }

    #[test]
    fn what_is_not_a_sheet_is_refused() {
        assert_eq!(read(b""), Err(FileProblem::Empty));
        assert_eq!(
            read(b"\xD0\xCF\x11\xE0rest"),
            Err(FileProblem::NotASpreadsheet)
        );
        assert_eq!(
            read(b"\xff\xfe\x00p\x00l"),
            Err(FileProblem::NotASpreadsheet)
        );
        assert_eq!(read(b"PK\x03\x04broken"), Err(FileProblem::NotASpreadsheet));
        let big = vec![b'a'; MAX_FILE_BYTES + 1];
        assert!(matches!(read(&big), Err(FileProblem::TooLarge { .. })));
    }
}
