//! Countries and regions: names in each language, the country→region table,
//! the regional briefings and the attendance the source reports.

use super::{corrupt, internal, SqlStorage};
use app::services::storage::{CountryEntry, PlaceStorage, StorageError};
use async_trait::async_trait;
use std::collections::HashMap;
use summit::{
    ActionKind, Briefing, Coverage, Iso3, Language, Participants, Progress, Region,
    SeriesAttendance, Status, M49,
};

/// `(iso3, m49, region, name)` as the country queries return them.
type CountryRow = (String, String, Option<String>, String);

/// Countries with their name in the asked language (English where a
/// translation is missing).
fn country_query(filter: &str) -> String {
    format!(
        "SELECT c.iso3, c.m49, c.region, COALESCE(n.name, e.name)
         FROM countries c
         JOIN country_names e ON e.iso3 = c.iso3 AND e.lang = 'en'
         LEFT JOIN country_names n ON n.iso3 = c.iso3 AND n.lang = $1
         {filter}"
    )
}

fn country_entry(
    (iso3, m49, region, name): CountryRow,
    progress: Progress,
) -> Result<CountryEntry, StorageError> {
    let coverage = match region {
        Some(slug) => {
            Coverage::Region(Region::parse(&slug).map_err(|e| corrupt("countries.region", e))?)
        }
        None => Coverage::NoCountryTeam,
    };
    Ok(CountryEntry {
        iso3: Iso3::parse(&iso3).map_err(|e| corrupt("countries.iso3", e))?,
        m49: M49::parse(&m49).map_err(|e| corrupt("countries.m49", e))?,
        name,
        coverage,
        progress,
        due: None,
    })
}

impl SqlStorage {
    /// Each country's actions' progress (of one country, or of all), counted
    /// by `Progress::from_statuses`: the one place progress is computed.
    async fn progress_by_country(
        &self,
        only: Option<&str>,
    ) -> Result<HashMap<String, Progress>, StorageError> {
        let rows: Vec<(String, String)> = sqlx::query_as(
            "SELECT country, status FROM actions
             WHERE country IS NOT NULL AND ($1 IS NULL OR country = $1)",
        )
        .bind(only)
        .fetch_all(&self.pool)
        .await
        .map_err(internal("statuses"))?;
        let mut statuses: HashMap<String, Vec<Status>> = HashMap::new();
        for (country, status) in rows {
            let status =
                Status::parse(&status).ok_or_else(|| corrupt("actions.status", &status))?;
            statuses.entry(country).or_default().push(status);
        }
        Ok(statuses
            .into_iter()
            .map(|(country, s)| (country, Progress::from_statuses(s)))
            .collect())
    }
}

#[async_trait]
impl PlaceStorage for SqlStorage {
    async fn countries(&self, language: Language) -> Result<Vec<CountryEntry>, StorageError> {
        let rows: Vec<CountryRow> = sqlx::query_as(&country_query(""))
            .bind(language.code())
            .fetch_all(&self.pool)
            .await
            .map_err(internal("countries"))?;
        let progress = self.progress_by_country(None).await?;
        let mut entries = rows
            .into_iter()
            .map(|row| {
                let p = progress.get(&row.0).copied().unwrap_or_default();
                country_entry(row, p)
            })
            .collect::<Result<Vec<_>, _>>()?;
        entries.sort_by(|a, b| super::collation::compare(language, &a.name, &b.name));
        Ok(entries)
    }

    async fn country(
        &self,
        iso3: Iso3,
        language: Language,
    ) -> Result<Option<CountryEntry>, StorageError> {
        let row: Option<CountryRow> = sqlx::query_as(&country_query("WHERE c.iso3 = $2"))
            .bind(language.code())
            .bind(iso3.as_str())
            .fetch_optional(&self.pool)
            .await
            .map_err(internal("country"))?;
        let Some(row) = row else {
            return Ok(None);
        };
        let progress = self.progress_by_country(Some(iso3.as_str())).await?;
        let p = progress.get(&row.0).copied().unwrap_or_default();
        country_entry(row, p).map(Some)
    }

    async fn briefings(&self) -> Result<Vec<Briefing>, StorageError> {
        let rows: Vec<(String, String, String)> = sqlx::query_as(
            "SELECT b.region, b.date, b.participants FROM briefings b
             JOIN regions r ON r.slug = b.region ORDER BY b.date, r.position",
        )
        .fetch_all(&self.pool)
        .await
        .map_err(internal("briefings"))?;
        rows.into_iter()
            .map(|(region, date, participants)| {
                Ok(Briefing {
                    region: Region::parse(&region).map_err(|e| corrupt("briefings.region", e))?,
                    date: date.parse().map_err(|e| corrupt("briefings.date", e))?,
                    participants: Participants::parse(&participants)
                        .ok_or_else(|| corrupt("briefings.participants", participants))?,
                })
            })
            .collect()
    }

    async fn briefing(&self, region: Region) -> Result<Option<Briefing>, StorageError> {
        Ok(self
            .briefings()
            .await?
            .into_iter()
            .find(|b| b.region == region))
    }

    async fn series_attendance(&self) -> Result<SeriesAttendance, StorageError> {
        let rows: Vec<(String, String)> =
            sqlx::query_as("SELECT fact, participants FROM attendance_facts ORDER BY position")
                .fetch_all(&self.pool)
                .await
                .map_err(internal("attendance"))?;
        let mut attendance = SeriesAttendance {
            average_per_session: Participants::NotReported,
            largest_sessions: Vec::new(),
        };
        for (fact, text) in rows {
            let figure = Participants::parse(&text)
                .ok_or_else(|| corrupt("attendance_facts.participants", &text))?;
            match fact.as_str() {
                "average-per-session" => attendance.average_per_session = figure,
                _ => attendance.largest_sessions.push(figure),
            }
        }
        Ok(attendance)
    }

    async fn set_briefing(&self, briefing: &Briefing) -> Result<bool, StorageError> {
        let mut tx = self
            .begin_write()
            .await
            .map_err(internal("begin briefing"))?;
        let done =
            sqlx::query("UPDATE briefings SET date = $1, participants = $2 WHERE region = $3")
                .bind(briefing.date.to_string())
                .bind(briefing.participants.to_storage())
                .bind(briefing.region.slug())
                .execute(&mut *tx)
                .await
                .map_err(internal("set briefing"))?;
        self.commit_changed(tx, done.rows_affected() == 1).await
    }

    async fn set_country_region(
        &self,
        iso3: Iso3,
        region: Option<Region>,
    ) -> Result<bool, StorageError> {
        let mut tx = self.pool.begin().await.map_err(internal("begin region"))?;
        let done = sqlx::query("UPDATE countries SET region = $1 WHERE iso3 = $2")
            .bind(region.map(Region::slug))
            .bind(iso3.as_str())
            .execute(&mut *tx)
            .await
            .map_err(internal("set country region"))?;
        if done.rows_affected() != 1 {
            return Ok(false);
        }
        // A country newly served by a UN Country Team gets its actions; one
        // that loses its team keeps them (nothing recorded is ever dropped).
        if region.is_some() {
            for kind in ActionKind::COUNTRY {
                sqlx::query(
                    "INSERT INTO actions (country, kind) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                )
                .bind(iso3.as_str())
                .bind(kind.slug())
                .execute(&mut *tx)
                .await
                .map_err(internal("actions for country"))?;
            }
        }
        self.commit_changed(tx, true).await
    }

    async fn set_country_name(
        &self,
        iso3: Iso3,
        language: Language,
        name: &str,
    ) -> Result<bool, StorageError> {
        let mut tx = self.begin_write().await.map_err(internal("begin name"))?;
        let done = sqlx::query("UPDATE country_names SET name = $1 WHERE iso3 = $2 AND lang = $3")
            .bind(name)
            .bind(iso3.as_str())
            .bind(language.code())
            .execute(&mut *tx)
            .await
            .map_err(internal("set country name"))?;
        self.commit_changed(tx, done.rows_affected() == 1).await
    }
}
