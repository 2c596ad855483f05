//! The seed data files beside `countries.csv` (`server/seed/`), parsed and
//! checked: countries with their names, themes with theirs, and the
//! milestones' texts. Each file says where its content comes from
//! (`server/seed/README.md`).

use serde::Deserialize;
use std::collections::BTreeMap;
use summit::Region;

/// Countries, M49 codes and names (see `server/seed/README.md` for origin and licence).
const COUNTRIES_CSV: &str = include_str!("../../../seed/countries.csv");
/// The built-in themes' slugs and names.
const THEMES_CSV: &str = include_str!("../../../seed/themes.csv");
/// The seeded milestones' texts in the six languages.
const MILESTONES_JSON: &str = include_str!("../../../seed/milestones.json");

/// The language codes of the files' columns, in their order.
pub const LANGS: [&str; 6] = ["ar", "zh", "en", "fr", "ru", "es"];

/// One row of `countries.csv`: the country and its names by language code.
pub struct CountryRow {
    pub country: summit::Country,
    pub names: Vec<(&'static str, String)>,
}

#[derive(serde::Deserialize)]
struct CsvRow {
    iso3: String,
    m49: String,
    region: String,
    name_ar: String,
    name_zh: String,
    name_en: String,
    name_fr: String,
    name_ru: String,
    name_es: String,
}

/// Parses the embedded country table, validating every code and region.
pub fn countries() -> Result<Vec<CountryRow>, String> {
    let mut reader = csv::Reader::from_reader(COUNTRIES_CSV.as_bytes());
    reader
        .deserialize::<CsvRow>()
        .enumerate()
        .map(|(i, row)| {
            let line = i + 2;
            let row = row.map_err(|e| format!("countries.csv line {line}: {e}"))?;
            let coverage = if row.region.is_empty() {
                summit::Coverage::NoCountryTeam
            } else {
                summit::Coverage::Region(
                    Region::parse(&row.region).map_err(|e| format!("line {line}: {e}"))?,
                )
            };
            Ok(CountryRow {
                country: summit::Country {
                    iso3: summit::Iso3::parse(&row.iso3)
                        .map_err(|e| format!("line {line}: {e}"))?,
                    m49: summit::M49::parse(&row.m49).map_err(|e| format!("line {line}: {e}"))?,
                    coverage,
                },
                names: vec![
                    ("ar", row.name_ar),
                    ("zh", row.name_zh),
                    ("en", row.name_en),
                    ("fr", row.name_fr),
                    ("ru", row.name_ru),
                    ("es", row.name_es),
                ],
            })
        })
        .collect()
}

/// One built-in theme: its slug and its name by language code.
pub struct ThemeRow {
    pub slug: String,
    pub names: Vec<(&'static str, String)>,
}

#[derive(Deserialize)]
struct ThemeCsv {
    slug: String,
    name_ar: String,
    name_zh: String,
    name_en: String,
    name_fr: String,
    name_ru: String,
    name_es: String,
}

/// Parses `themes.csv`, in display order.
pub fn themes() -> Result<Vec<ThemeRow>, String> {
    csv::Reader::from_reader(THEMES_CSV.as_bytes())
        .deserialize::<ThemeCsv>()
        .enumerate()
        .map(|(i, row)| {
            let row = row.map_err(|e| format!("themes.csv line {}: {e}", i + 2))?;
            summit::Slug::parse(&row.slug)
                .map_err(|e| format!("themes.csv line {}: {e}", i + 2))?;
            Ok(ThemeRow {
                slug: row.slug,
                names: LANGS
                    .into_iter()
                    .zip([
                        row.name_ar,
                        row.name_zh,
                        row.name_en,
                        row.name_fr,
                        row.name_ru,
                        row.name_es,
                    ])
                    .collect(),
            })
        })
        .collect()
}

/// A milestone's title and description in one language.
#[derive(Clone, Debug, Deserialize)]
pub struct Text {
    pub title: String,
    #[serde(default)]
    pub description: String,
}

/// `milestones.json`.
#[derive(Debug, Deserialize)]
pub struct MilestoneFile {
    /// The summit's own texts (its schedule is `summit::summit::milestone`).
    pub summit: BTreeMap<String, Text>,
    pub briefings: BriefingTexts,
    /// Milestones other than the summit and the briefings, in full.
    pub others: Vec<OtherMilestone>,
    /// Each seeded source (as stored, in English) named in the other languages.
    #[serde(default)]
    pub source_names: BTreeMap<String, BTreeMap<String, String>>,
}

/// What makes the five briefing milestones: the region's name goes into
/// `title` where it says `{region}`.
#[derive(Debug, Deserialize)]
pub struct BriefingTexts {
    pub source: String,
    pub zones: BTreeMap<String, String>,
    pub region_names: BTreeMap<String, BTreeMap<String, String>>,
    pub title: BTreeMap<String, String>,
    pub description: BTreeMap<String, String>,
}

#[derive(Debug, Deserialize)]
pub struct OtherMilestone {
    pub slug: String,
    pub kind: String,
    pub first: jiff::civil::Date,
    pub last: jiff::civil::Date,
    pub zone: String,
    pub source: String,
    pub texts: BTreeMap<String, Text>,
}

impl BriefingTexts {
    /// A briefing's texts by language code.
    pub fn texts(&self, region: Region) -> Vec<(String, Text)> {
        let names = self.region_names.get(region.slug());
        LANGS
            .into_iter()
            .filter_map(|lang| {
                let name = names.and_then(|n| n.get(lang))?;
                Some((
                    lang.to_owned(),
                    Text {
                        title: self.title.get(lang)?.replace("{region}", name),
                        description: self.description.get(lang).cloned().unwrap_or_default(),
                    },
                ))
            })
            .collect()
    }

    /// The zone of the DCO regional office serving `region`.
    pub fn zone(&self, region: Region) -> &str {
        self.zones.get(region.slug()).map_or("UTC", String::as_str)
    }
}

/// Parses `milestones.json`.
pub fn milestones() -> Result<MilestoneFile, String> {
    serde_json::from_str(MILESTONES_JSON).map_err(|e| format!("milestones.json: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;
    use summit::Coverage;

    #[test]
    fn the_country_table_parses_and_codes_are_unique() {
        let rows = countries().unwrap();
        assert!(rows.len() > 240, "{}", rows.len());
        let iso3: HashSet<_> = rows.iter().map(|r| r.country.iso3).collect();
        let m49: HashSet<_> = rows.iter().map(|r| r.country.m49).collect();
        assert_eq!(iso3.len(), rows.len());
        assert_eq!(m49.len(), rows.len());
    }

    #[test]
    fn every_region_has_countries_and_the_arab_states_follow_unsdg_not_m49() {
        let rows = countries().unwrap();
        let region_of = |code: &str| {
            rows.iter()
                .find(|r| r.country.iso3.as_str() == code)
                .map(|r| r.country.coverage)
                .unwrap()
        };
        for region in Region::ALL {
            assert!(rows
                .iter()
                .any(|r| r.country.coverage == Coverage::Region(region)));
        }
        for code in ["DZA", "DJI", "EGY", "LBY", "MAR", "SOM", "SDN", "TUN"] {
            assert_eq!(
                region_of(code),
                Coverage::Region(Region::ArabStates),
                "{code}"
            );
        }
        assert_eq!(region_of("KEN"), Coverage::Region(Region::Africa));
        assert_eq!(region_of("FRA"), Coverage::NoCountryTeam);
        // UNCTs serve 162 countries and territories (UNSDG); the table is close to that.
        let served = rows
            .iter()
            .filter(|r| r.country.coverage != Coverage::NoCountryTeam)
            .count();
        assert!((150..=165).contains(&served), "{served}");
    }

    #[test]
    fn the_themes_and_milestone_texts_are_complete_in_six_languages() {
        let themes = themes().unwrap();
        assert_eq!(themes.len(), summit::action::BUILTIN_THEMES.len());
        for (row, slug) in themes.iter().zip(summit::action::BUILTIN_THEMES) {
            assert_eq!(row.slug, slug);
            assert!(row.names.iter().all(|(_, n)| !n.trim().is_empty()));
        }
        let file = milestones().unwrap();
        assert_eq!(file.summit.len(), 6);
        for region in Region::ALL {
            assert_eq!(file.briefings.texts(region).len(), 6, "{region:?}");
            assert_ne!(file.briefings.zone(region), "UTC");
        }
        let sources =
            std::iter::once(&file.briefings.source).chain(file.others.iter().map(|o| &o.source));
        for source in sources {
            let names = file.source_names.get(source).expect(source);
            for lang in LANGS.into_iter().filter(|l| *l != "en") {
                assert!(
                    names.get(lang).is_some_and(|n| !n.trim().is_empty()),
                    "{lang}: {source}"
                );
            }
        }
        for other in &file.others {
            assert_eq!(other.texts.len(), 6, "{}", other.slug);
            assert!(
                summit::MilestoneKind::parse(&other.kind).is_ok(),
                "{}",
                other.kind
            );
        }
    }

    #[test]
    fn every_country_is_named_in_all_six_languages() {
        for row in countries().unwrap() {
            assert_eq!(row.names.len(), 6);
            assert!(row.names.iter().all(|(_, n)| !n.trim().is_empty()));
        }
    }
}
