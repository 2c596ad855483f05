//! Everyday names of countries, for finding them (server only): the CLDR
//! names the first seed loaded (`server/seed/countries.csv`: "Vietnam",
//! "Laos", "Bolivia"), where they differ from the UN names a page
//! shows. The map's search matches them too, and shows the UN name.

use std::collections::HashMap;
use std::sync::LazyLock;
use summit::{Iso3, Language};

const COUNTRIES_CSV: &str = include_str!("../../../server/seed/countries.csv");

/// (ISO3, language) → everyday name, read once.
static EVERYDAY: LazyLock<HashMap<(Iso3, Language), String>> = LazyLock::new(|| {
    let mut names = HashMap::new();
    let mut lines = COUNTRIES_CSV.lines();
    let Some(header) = lines.next() else {
        return names;
    };
    let columns: Vec<&str> = header.split(',').collect();
    for line in lines {
        let cells = split_csv(line);
        let Some(iso3) = cells.first().and_then(|c| Iso3::parse(c).ok()) else {
            continue;
        };
        for (column, cell) in columns.iter().zip(&cells) {
            let language = column.strip_prefix("name_").and_then(Language::parse);
            if let Some(language) = language {
                names.insert((iso3, language), cell.clone());
            }
        }
    }
    names
});

/// One line of the seed's CSV: commas, and double quotes around a cell that
/// holds one.
fn split_csv(line: &str) -> Vec<String> {
    let mut cells = vec![String::new()];
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                if let Some(cell) = cells.last_mut() {
                    cell.push('"');
                }
            }
            ('"', _) => quoted = !quoted,
            (',', false) => cells.push(String::new()),
            (c, _) => {
                if let Some(cell) = cells.last_mut() {
                    cell.push(c);
                }
            }
        }
    }
    cells
}

/// The countries' everyday names in `language` where they differ from the
/// names shown (`shown`: ISO3 and name), as rows `ISO3\tname\n`: compact in an
/// island's props.
pub fn everyday_names<'a>(
    language: Language,
    shown: impl IntoIterator<Item = (Iso3, &'a str)>,
) -> String {
    let mut rows = String::new();
    for (iso3, name) in shown {
        if let Some(everyday) = EVERYDAY
            .get(&(iso3, language))
            .filter(|e| e.as_str() != name)
        {
            rows.push_str(iso3.as_str());
            rows.push('\t');
            rows.push_str(&everyday.replace(['\t', '\n'], " "));
            rows.push('\n');
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn everyday_names_are_given_only_where_the_un_name_differs() {
        let vnm = Iso3::parse("VNM").unwrap();
        let ken = Iso3::parse("KEN").unwrap();
        let rows = everyday_names(Language::En, [(vnm, "Viet Nam"), (ken, "Kenya")]);
        assert_eq!(rows, "VNM\tVietnam\n");
        let hkg = Iso3::parse("HKG").unwrap();
        let rows = everyday_names(Language::Fr, [(hkg, "Chine, RAS de Hong Kong")]);
        assert!(
            rows.starts_with("HKG\t") && rows.contains("Hong Kong"),
            "{rows}"
        );
    }

    #[test]
    fn quoted_cells_keep_their_commas_and_quotes() {
        assert_eq!(
            split_csv(r#"A,"b, c","d ""e""""#),
            ["A", "b, c", r#"d "e""#]
        );
    }
}
