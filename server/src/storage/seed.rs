//! Seed data from `shared/seed/FACTS.md`, loaded once per named set.
//!
//! Each set is applied in one transaction together with its row in `seed_runs`,
//! so a restart (or a crash half-way) never loads a set twice or half. Later
//! sets get new names; editors' changes to seeded rows are never overwritten.

use sqlx::{Sqlite, SqlitePool, Transaction};
use summit::{briefing, summit as doha, Region};

/// The source every seeded briefing and attendance figure traces back to.
const SOURCE_BRIEFINGS: &str =
    "UN DESA news item on the regional online briefings (shared/seed/000_057c53be743a0d2c.txt)";

/// Countries, M49 codes and names (see `server/seed/README.md` for origin and licence).
const COUNTRIES_CSV: &str = include_str!("../../seed/countries.csv");

/// The summit's title in the six languages, as the UN's own pages name it.
const SUMMIT_TITLES: [(&str, &str); 6] = [
    ("ar", "مؤتمر القمة العالمي الثاني للتنمية الاجتماعية"),
    ("zh", "第二届社会发展问题世界首脑会议"),
    ("en", "Second World Summit for Social Development"),
    ("fr", "Deuxième Sommet mondial pour le développement social"),
    (
        "ru",
        "Вторая Всемирная встреча на высшем уровне в интересах социального развития",
    ),
    ("es", "Segunda Cumbre Mundial sobre Desarrollo Social"),
];

pub async fn load_once(pool: &SqlitePool) -> Result<(), sqlx::Error> {
    const FACTS: &str = "facts-2025";
    let mut tx = pool.begin().await?;
    if !already_applied(&mut tx, FACTS).await? {
        facts_2025(&mut tx).await?;
        record(&mut tx, FACTS).await?;
    }
    tx.commit().await
}

async fn already_applied(
    tx: &mut Transaction<'static, Sqlite>,
    name: &str,
) -> Result<bool, sqlx::Error> {
    let done: Option<(String,)> = sqlx::query_as("SELECT name FROM seed_runs WHERE name = ?")
        .bind(name)
        .fetch_optional(&mut **tx)
        .await?;
    Ok(done.is_some())
}

async fn record(tx: &mut Transaction<'static, Sqlite>, name: &str) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO seed_runs (name, applied_at) VALUES (?, ?)")
        .bind(name)
        .bind(jiff::Timestamp::now().to_string())
        .execute(&mut **tx)
        .await?;
    tracing::info!(seed = name, "seed data loaded");
    Ok(())
}

async fn facts_2025(tx: &mut Transaction<'static, Sqlite>) -> Result<(), sqlx::Error> {
    for (position, region) in Region::ALL.iter().enumerate() {
        sqlx::query("INSERT INTO regions (slug, position) VALUES (?, ?)")
            .bind(region.slug())
            .bind(position as i64)
            .execute(&mut **tx)
            .await?;
    }
    for b in briefing::as_reported() {
        sqlx::query(
            "INSERT INTO briefings (region, date, participants, source) VALUES (?, ?, ?, ?)",
        )
        .bind(b.region.slug())
        .bind(b.date.to_string())
        .bind(b.participants.to_storage())
        .bind(SOURCE_BRIEFINGS)
        .execute(&mut **tx)
        .await?;
    }
    let attendance = summit::SeriesAttendance::as_reported();
    let facts = std::iter::once(("average-per-session", attendance.average_per_session)).chain(
        attendance
            .largest_sessions
            .iter()
            .map(|p| ("largest-session", *p)),
    );
    for (position, (fact, figure)) in facts.enumerate() {
        sqlx::query(
            "INSERT INTO attendance_facts (position, fact, participants, source) VALUES (?, ?, ?, ?)",
        )
        .bind(position as i64)
        .bind(fact)
        .bind(figure.to_storage())
        .bind(SOURCE_BRIEFINGS)
        .execute(&mut **tx)
        .await?;
    }
    for row in countries().map_err(|e| sqlx::Error::Decode(e.into()))? {
        sqlx::query("INSERT INTO countries (iso3, m49, region) VALUES (?, ?, ?)")
            .bind(row.country.iso3.as_str())
            .bind(row.country.m49.to_string())
            .bind(row.country.coverage.region().map(Region::slug))
            .execute(&mut **tx)
            .await?;
        for (lang, name) in row.names {
            sqlx::query("INSERT INTO country_names (iso3, lang, name) VALUES (?, ?, ?)")
                .bind(row.country.iso3.as_str())
                .bind(lang)
                .bind(name)
                .execute(&mut **tx)
                .await?;
        }
    }
    insert_summit(tx).await
}

async fn insert_summit(tx: &mut Transaction<'static, Sqlite>) -> Result<(), sqlx::Error> {
    let summit = doha::milestone();
    let window = summit
        .schedule
        .window()
        .map_err(|e| sqlx::Error::Decode(e.into()))?;
    let schedule =
        serde_json::to_string(&summit.schedule).map_err(|e| sqlx::Error::Decode(e.into()))?;
    sqlx::query(
        "INSERT INTO milestones (slug, kind, schedule, starts_at, ends_at, region, country, source)
         VALUES (?, ?, ?, ?, ?, NULL, NULL, ?)",
    )
    .bind(summit.slug.as_str())
    .bind(summit.kind.slug())
    .bind(schedule)
    .bind(window.start().to_string())
    .bind(window.end().to_string())
    .bind(&summit.source)
    .execute(&mut **tx)
    .await?;
    for (lang, title) in SUMMIT_TITLES {
        sqlx::query("INSERT INTO milestone_texts (slug, lang, title) VALUES (?, ?, ?)")
            .bind(summit.slug.as_str())
            .bind(lang)
            .bind(title)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

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
    fn every_country_is_named_in_all_six_languages() {
        for row in countries().unwrap() {
            assert_eq!(row.names.len(), 6);
            assert!(row.names.iter().all(|(_, n)| !n.trim().is_empty()));
        }
    }
}
