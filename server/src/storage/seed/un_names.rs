//! The UN's own short names of every country and area (`server/seed/un-names.csv`):
//! UNTERM's where UNTERM lists the area in all six languages, M49's otherwise,
//! copied from OCHA's Countries & Territories Taxonomy, eleven broken entries
//! mended (origin, licence and corrections in `server/seed/README.md`).
//!
//! The first seed (`facts-2025`) named countries as CLDR does ("Congo - Kinshasa",
//! "Cape Verde"); the seed set `un-names-2026` replaces each CLDR name by the
//! UN's, but only where the stored name is still the CLDR one: an
//! administrator's correction is never overwritten.

use super::data::{countries, LANGS};
use sqlx::{Any, Transaction};

const UN_NAMES_CSV: &str = include_str!("../../../seed/un-names.csv");

/// Where a row's names come from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NameSource {
    /// UNTERM, the UN terminology database (short names).
    Unterm,
    /// The UN Statistics Division's M49 standard.
    M49,
}

/// One area's UN names, by language code in [`LANGS`] order.
pub struct UnNames {
    pub iso3: summit::Iso3,
    pub source: NameSource,
    pub names: Vec<(&'static str, String)>,
}

#[derive(serde::Deserialize)]
struct Row {
    iso3: String,
    m49: String,
    source: String,
    name_ar: String,
    name_zh: String,
    name_en: String,
    name_fr: String,
    name_ru: String,
    name_es: String,
}

/// Parses `un-names.csv`, checking each code against `countries.csv`.
pub fn un_names() -> Result<Vec<UnNames>, String> {
    let ours = countries()?;
    csv::Reader::from_reader(UN_NAMES_CSV.as_bytes())
        .deserialize::<Row>()
        .enumerate()
        .map(|(i, row)| {
            let line = i + 2;
            let row = row.map_err(|e| format!("un-names.csv line {line}: {e}"))?;
            let iso3 = summit::Iso3::parse(&row.iso3)
                .map_err(|e| format!("un-names.csv line {line}: {e}"))?;
            let known = ours.iter().find(|c| c.country.iso3 == iso3);
            if known.map(|c| c.country.m49.to_string()) != Some(row.m49.clone()) {
                return Err(format!(
                    "un-names.csv line {line}: {} {} is not in countries.csv",
                    row.iso3, row.m49
                ));
            }
            // `+corrected`: one of the source's broken entries, mended
            // (`generate-un-names.py`, CORRECTIONS).
            let list = row.source.strip_suffix("+corrected").unwrap_or(&row.source);
            let source = match list {
                "unterm" => NameSource::Unterm,
                "m49" => NameSource::M49,
                other => return Err(format!("un-names.csv line {line}: source {other:?}")),
            };
            let names: Vec<(&'static str, String)> = LANGS
                .into_iter()
                .zip([
                    row.name_ar,
                    row.name_zh,
                    row.name_en,
                    row.name_fr,
                    row.name_ru,
                    row.name_es,
                ])
                .collect();
            if names.iter().any(|(_, n)| n.trim().is_empty()) {
                return Err(format!("un-names.csv line {line}: a name is empty"));
            }
            Ok(UnNames {
                iso3,
                source,
                names,
            })
        })
        .collect()
}

/// Seed set `un-names-2026`: every name still as `facts-2025` wrote it (CLDR's)
/// becomes the UN's; names an administrator changed stay.
pub async fn un_names_2026(tx: &mut Transaction<'static, Any>) -> Result<(), sqlx::Error> {
    let cldr = countries().map_err(super::bad_data)?;
    for area in un_names().map_err(super::bad_data)? {
        let Some(old) = cldr.iter().find(|c| c.country.iso3 == area.iso3) else {
            continue;
        };
        for ((lang, name), (_, old_name)) in area.names.iter().zip(&old.names) {
            sqlx::query(
                "UPDATE country_names SET name = $1 WHERE iso3 = $2 AND lang = $3 AND name = $4",
            )
            .bind(name)
            .bind(area.iso3.as_str())
            .bind(*lang)
            .bind(old_name)
            .execute(&mut **tx)
            .await?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names_of(code: &str) -> (NameSource, Vec<String>) {
        let all = un_names().unwrap();
        let area = all.into_iter().find(|a| a.iso3.as_str() == code).unwrap();
        (
            area.source,
            area.names.into_iter().map(|(_, n)| n).collect(),
        )
    }

    /// The sample, in ar, zh, en, fr, ru, es, as OCHA's taxonomy
    /// (hdx-python-country 4.2.5) gives UNTERM's short names.
    #[test]
    fn the_sample_has_the_un_short_names_in_six_languages() {
        let expected: [(&str, [&str; 6]); 15] = [
            (
                "COD",
                [
                    "جمهورية الكونغو الديمقراطية",
                    "刚果民主共和国",
                    "Democratic Republic of the Congo",
                    "République démocratique du Congo",
                    "Демократическая Республика Конго",
                    "República Democrática del Congo",
                ],
            ),
            (
                "CPV",
                [
                    "كابو فيردي",
                    "佛得角",
                    "Cabo Verde",
                    "Cabo Verde",
                    "Кабо-Верде",
                    "Cabo Verde",
                ],
            ),
            (
                "KNA",
                [
                    "سانت كيتس ونيفس",
                    "圣基茨和尼维斯",
                    "Saint Kitts and Nevis",
                    "Saint-Kitts-et-Nevis",
                    "Сент-Китс и Невис",
                    "Saint Kitts y Nevis",
                ],
            ),
            (
                "PSE",
                [
                    "دولة فلسطين",
                    "巴勒斯坦国",
                    "State of Palestine",
                    "État de Palestine",
                    "Государство Палестина",
                    "Estado de Palestina",
                ],
            ),
            (
                "GBR",
                [
                    "المملكة المتحدة لبريطانيا العظمى وأيرلندا الشمالية",
                    "大不列颠及北爱尔兰联合王国",
                    "United Kingdom of Great Britain and Northern Ireland",
                    "Royaume-Uni de Grande-Bretagne et d'Irlande du Nord",
                    "Соединенное Королевство Великобритании и Северной Ирландии",
                    "Reino Unido de Gran Bretaña e Irlanda del Norte",
                ],
            ),
            (
                "VEN",
                [
                    "فنزويلا (جمهورية - البوليفارية)",
                    "委内瑞拉玻利瓦尔共和国",
                    "Venezuela (Bolivarian Republic of)",
                    "Venezuela (République bolivarienne du)",
                    "Венесуэла (Боливарианская Республика)",
                    "Venezuela (República Bolivariana de)",
                ],
            ),
            (
                "BOL",
                [
                    "بوليفيا (دولة - المتعددة القوميات)",
                    "多民族玻利维亚国",
                    "Bolivia (Plurinational State of)",
                    "Bolivie (État plurinational de)",
                    "Боливия (Многонациональное Государство)",
                    "Bolivia (Estado Plurinacional de)",
                ],
            ),
            (
                "IRN",
                [
                    "إيران (جمهورية - الإسلامية)",
                    "伊朗伊斯兰共和国",
                    "Iran (Islamic Republic of)",
                    "Iran (République islamique d')",
                    "Иран (Исламская Республика)",
                    "Irán (República Islámica del)",
                ],
            ),
            (
                "KOR",
                [
                    "جمهورية كوريا",
                    "大韩民国",
                    "Republic of Korea",
                    "République de Corée",
                    "Республика Корея",
                    "República de Corea",
                ],
            ),
            (
                "PRK",
                [
                    "جمهورية كوريا الشعبية الديمقراطية",
                    "朝鲜民主主义人民共和国",
                    "Democratic People's Republic of Korea",
                    "République populaire démocratique de Corée",
                    "Корейская Народно-Демократическая Республика",
                    "República Popular Democrática de Corea",
                ],
            ),
            (
                "SYR",
                [
                    "الجمهورية العربية السورية",
                    "阿拉伯叙利亚共和国",
                    "Syrian Arab Republic",
                    "République arabe syrienne",
                    "Сирийская Арабская Республика",
                    "República Árabe Siria",
                ],
            ),
            (
                "TZA",
                [
                    "جمهورية تنزانيا المتحدة",
                    "坦桑尼亚联合共和国",
                    "United Republic of Tanzania",
                    "République-Unie de Tanzanie",
                    "Объединенная Республика Танзания",
                    "República Unida de Tanzanía",
                ],
            ),
            (
                "LAO",
                [
                    "جمهورية لاو الديمقراطية الشعبية",
                    "老挝人民民主共和国",
                    "Lao People's Democratic Republic",
                    "République démocratique populaire lao",
                    "Лаосская Народно-Демократическая Республика",
                    "República Democrática Popular Lao",
                ],
            ),
            (
                "MDA",
                [
                    "جمهورية مولدوفا",
                    "摩尔多瓦共和国",
                    "Republic of Moldova",
                    "République de Moldova",
                    "Республика Молдова",
                    "República de Moldova",
                ],
            ),
            (
                "RUS",
                [
                    "الاتحاد الروسي",
                    "俄罗斯联邦",
                    "Russian Federation",
                    "Fédération de Russie",
                    "Российская Федерация",
                    "Federación de Rusia",
                ],
            ),
        ];
        for (code, names) in expected {
            let (source, got) = names_of(code);
            assert_eq!(source, NameSource::Unterm, "{code}");
            assert_eq!(got, names, "{code}");
        }
    }

    #[test]
    fn every_area_of_the_country_table_has_un_names() {
        let ours = countries().unwrap();
        let un = un_names().unwrap();
        let codes = |iter: &mut dyn Iterator<Item = summit::Iso3>| {
            iter.collect::<std::collections::BTreeSet<_>>()
        };
        assert_eq!(
            codes(&mut un.iter().map(|a| a.iso3)),
            codes(&mut ours.iter().map(|c| c.country.iso3))
        );
        assert_eq!(un.len(), ours.len(), "no area twice");
        // Nothing a reader would take for a defect: no placeholder, no name
        // starting in lower case (the source's own flaws are mended).
        for area in &un {
            for (lang, name) in &area.names {
                assert!(!name.contains('_'), "{} {lang}: {name}", area.iso3);
                assert!(
                    !name.starts_with(char::is_lowercase),
                    "{} {lang}: {name}",
                    area.iso3
                );
            }
        }
        // Territories UNTERM does not list are named as M49 names them.
        let (source, names) = names_of("HKG");
        assert_eq!(source, NameSource::M49);
        assert_eq!(names[2], "China, Hong Kong Special Administrative Region");
        // No CLDR short name survives where the UN has its own.
        for everyday in [
            "Congo - Kinshasa",
            "Cape Verde",
            "St. Kitts & Nevis",
            "Palestinian Territories",
        ] {
            assert!(
                un.iter()
                    .all(|a| a.names.iter().all(|(_, n)| n != everyday)),
                "{everyday}"
            );
        }
    }
}
