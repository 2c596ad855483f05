//! Seed data from `shared/seed/FACTS.md`, loaded once per named set.
//!
//! Each set is applied in one transaction together with its row in `seed_runs`,
//! so a restart (or a crash half-way) never loads a set twice or half. Later
//! sets get new names; editors' changes to seeded rows are never overwritten.

pub mod data;
pub mod un_names;

use super::{Database, SqlStorage};
use data::Text;
use sqlx::{Any, Transaction};
use summit::{briefing, summit as doha, Milestone, MilestoneKind, Region, Schedule, Slug};

/// Loads every set not loaded yet. Instances that start together on one
/// database take turns: the first loads, the others then find it loaded.
pub async fn load_once(storage: &SqlStorage) -> Result<(), sqlx::Error> {
    const FACTS: &str = "facts-2025";
    const MILESTONES: &str = "milestones-2025";
    const ACTIONS: &str = "actions-2025";
    const UN_NAMES: &str = "un-names-2026";
    const SOURCE_NAMES: &str = "source-names-2026";
    let mut tx = storage.begin_write().await?;
    if storage.database() == Database::Postgres {
        // Held until the transaction ends; the key is arbitrary but fixed.
        // (The lock function returns `void`, which the Any driver cannot read.)
        sqlx::query("SELECT 1 FROM (SELECT pg_advisory_xact_lock(520251104)) AS locked")
            .execute(&mut *tx)
            .await?;
    }
    if !already_applied(&mut tx, FACTS).await? {
        facts_2025(&mut tx).await?;
        record(&mut tx, FACTS).await?;
    }
    if !already_applied(&mut tx, MILESTONES).await? {
        milestones_2025(&mut tx).await?;
        record(&mut tx, MILESTONES).await?;
    }
    if !already_applied(&mut tx, ACTIONS).await? {
        actions_2025(&mut tx).await?;
        record(&mut tx, ACTIONS).await?;
    }
    if !already_applied(&mut tx, UN_NAMES).await? {
        un_names::un_names_2026(&mut tx).await?;
        record(&mut tx, UN_NAMES).await?;
    }
    if !already_applied(&mut tx, SOURCE_NAMES).await? {
        source_names_2026(&mut tx).await?;
        record(&mut tx, SOURCE_NAMES).await?;
    }
    tx.commit().await
}

async fn already_applied(
    tx: &mut Transaction<'static, Any>,
    name: &str,
) -> Result<bool, sqlx::Error> {
    let done: Option<(String,)> = sqlx::query_as("SELECT name FROM seed_runs WHERE name = $1")
        .bind(name)
        .fetch_optional(&mut **tx)
        .await?;
    Ok(done.is_some())
}

async fn record(tx: &mut Transaction<'static, Any>, name: &str) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO seed_runs (name, applied_at) VALUES ($1, $2)")
        .bind(name)
        .bind(jiff::Timestamp::now().to_string())
        .execute(&mut **tx)
        .await?;
    tracing::info!(seed = name, "seed data loaded");
    Ok(())
}

/// A seed file that does not parse is a bug in this build: refuse to start.
fn bad_data(message: String) -> sqlx::Error {
    sqlx::Error::Decode(message.into())
}

async fn facts_2025(tx: &mut Transaction<'static, Any>) -> Result<(), sqlx::Error> {
    let sources = data::milestones().map_err(bad_data)?;
    for (position, region) in Region::ALL.iter().enumerate() {
        sqlx::query("INSERT INTO regions (slug, position) VALUES ($1, $2)")
            .bind(region.slug())
            .bind(position as i64)
            .execute(&mut **tx)
            .await?;
    }
    for b in briefing::as_reported() {
        sqlx::query(
            "INSERT INTO briefings (region, date, participants, source) VALUES ($1, $2, $3, $4)",
        )
        .bind(b.region.slug())
        .bind(b.date.to_string())
        .bind(b.participants.to_storage())
        .bind(&sources.briefings.source)
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
            "INSERT INTO attendance_facts (position, fact, participants, source) VALUES ($1, $2, $3, $4)",
        )
        .bind(position as i64)
        .bind(fact)
        .bind(figure.to_storage())
        .bind(&sources.briefings.source)
        .execute(&mut **tx)
        .await?;
    }
    for row in data::countries().map_err(bad_data)? {
        sqlx::query("INSERT INTO countries (iso3, m49, region) VALUES ($1, $2, $3)")
            .bind(row.country.iso3.as_str())
            .bind(row.country.m49.to_string())
            .bind(row.country.coverage.region().map(Region::slug))
            .execute(&mut **tx)
            .await?;
        for (lang, name) in row.names {
            sqlx::query("INSERT INTO country_names (iso3, lang, name) VALUES ($1, $2, $3)")
                .bind(row.country.iso3.as_str())
                .bind(lang)
                .bind(name)
                .execute(&mut **tx)
                .await?;
        }
    }
    let summit: Vec<(String, Text)> = sources.summit.into_iter().collect();
    insert_milestone(tx, &doha::milestone(), &summit).await
}

async fn insert_milestone(
    tx: &mut Transaction<'static, Any>,
    milestone: &Milestone,
    texts: &[(String, Text)],
) -> Result<(), sqlx::Error> {
    let decode = |e: &dyn std::fmt::Display| bad_data(e.to_string());
    let window = milestone.schedule.window().map_err(|e| decode(&e))?;
    let schedule = serde_json::to_string(&milestone.schedule).map_err(|e| decode(&e))?;
    sqlx::query(
        "INSERT INTO milestones (slug, kind, schedule, starts_at, ends_at, region, country, source)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(milestone.slug.as_str())
    .bind(milestone.kind.slug())
    .bind(schedule)
    .bind(window.start().to_string())
    .bind(window.end().to_string())
    .bind(milestone.region.map(Region::slug))
    .bind(milestone.country.map(|c| c.to_string()))
    .bind(&milestone.source)
    .execute(&mut **tx)
    .await?;
    for (lang, text) in texts {
        sqlx::query(
            "INSERT INTO milestone_texts (slug, lang, title, description) VALUES ($1, $2, $3, $4)",
        )
        .bind(milestone.slug.as_str())
        .bind(lang)
        .bind(&text.title)
        .bind(&text.description)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// The five regional briefings, the Doha Political Declaration and the 64th
/// session of the Commission for Social Development (`shared/seed/FACTS.md`;
/// texts in `server/seed/milestones.json`).
async fn milestones_2025(tx: &mut Transaction<'static, Any>) -> Result<(), sqlx::Error> {
    let file = data::milestones().map_err(bad_data)?;
    for briefing in briefing::as_reported() {
        let region = briefing.region;
        let milestone = Milestone {
            slug: Slug::parse(&format!("briefing-{}", region.slug()))
                .map_err(|e| bad_data(e.to_string()))?,
            kind: MilestoneKind::RegionalBriefing,
            schedule: Schedule::AllDay {
                first: briefing.date,
                last: briefing.date,
                zone: file.briefings.zone(region).to_owned(),
            },
            region: Some(region),
            country: None,
            source: file.briefings.source.clone(),
        };
        insert_milestone(tx, &milestone, &file.briefings.texts(region)).await?;
    }
    for other in file.others {
        let milestone = Milestone {
            slug: Slug::parse(&other.slug).map_err(|e| bad_data(e.to_string()))?,
            kind: MilestoneKind::parse(&other.kind).map_err(|e| bad_data(e.to_string()))?,
            schedule: Schedule::AllDay {
                first: other.first,
                last: other.last,
                zone: other.zone,
            },
            region: None,
            country: None,
            source: other.source,
        };
        let texts: Vec<(String, Text)> = other.texts.into_iter().collect();
        insert_milestone(tx, &milestone, &texts).await?;
    }
    Ok(())
}

/// The seven themes FACTS.md names, and every follow-up action of every country
/// a UN Country Team serves (seven kinds) and of every region (two kinds), all
/// "not reported": nothing is assumed until a team reports it.
async fn actions_2025(tx: &mut Transaction<'static, Any>) -> Result<(), sqlx::Error> {
    for (position, theme) in data::themes().map_err(bad_data)?.into_iter().enumerate() {
        sqlx::query("INSERT INTO themes (slug, position, builtin) VALUES ($1, $2, true)")
            .bind(&theme.slug)
            .bind(position as i64)
            .execute(&mut **tx)
            .await?;
        for (lang, name) in theme.names {
            sqlx::query("INSERT INTO theme_names (slug, lang, name) VALUES ($1, $2, $3)")
                .bind(&theme.slug)
                .bind(lang)
                .bind(name)
                .execute(&mut **tx)
                .await?;
        }
    }
    for kind in summit::ActionKind::COUNTRY {
        sqlx::query(
            "INSERT INTO actions (country, kind) SELECT iso3, $1 FROM countries WHERE region IS NOT NULL",
        )
        .bind(kind.slug())
        .execute(&mut **tx)
        .await?;
    }
    for kind in summit::ActionKind::REGION {
        sqlx::query("INSERT INTO actions (region, kind) SELECT slug, $1 FROM regions")
            .bind(kind.slug())
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// Every seeded source named in the reader's language (`milestones.json`'s
/// `source_names`); a name already there (the Arabic one, from a migration,
/// or an administrator's) stays.
async fn source_names_2026(tx: &mut Transaction<'static, Any>) -> Result<(), sqlx::Error> {
    let file = data::milestones().map_err(bad_data)?;
    for (source, names) in &file.source_names {
        for (lang, name) in names {
            sqlx::query(
                "INSERT INTO source_names (source, lang, name) VALUES ($1, $2, $3)
                 ON CONFLICT (source, lang) DO NOTHING",
            )
            .bind(source)
            .bind(lang)
            .bind(name)
            .execute(&mut **tx)
            .await?;
        }
    }
    Ok(())
}
