//! Reading the reference data and the follow-up actions (the `Storage` interface).

use super::{corrupt, internal, SqlStorage};
use app::services::storage::{ActionEntry, CountryEntry, MilestoneEntry};
use app::services::storage::{Storage, StorageError};
use async_trait::async_trait;
use summit::{
    Briefing, Coverage, Iso3, Language, Milestone, Participants, Progress, Region,
    SeriesAttendance, Slug, M49,
};

impl SqlStorage {
    /// Actions of one owner, or of all owners of a kind (`column` is
    /// `country` or `region`), with themes and evidence, in owner then kind
    /// order: three queries whatever the number of owners.
    pub(super) async fn load_actions(
        &self,
        column: OwnerColumn,
        owner: Option<String>,
        language: Language,
    ) -> Result<Vec<(String, ActionEntry)>, StorageError> {
        let column = column.name();
        type Row = (
            i64,
            String,
            String,
            String,
            String,
            Option<String>,
            Option<String>,
            i64,
        );
        let rows: Vec<Row> = sqlx::query_as(&format!(
            "SELECT id, {column}, kind, status, note, updated_by, updated_at, version
             FROM actions WHERE {column} IS NOT NULL AND ($1 IS NULL OR {column} = $1)"
        ))
        .bind(&owner)
        .fetch_all(&self.pool)
        .await
        .map_err(internal("actions"))?;
        let themes: Vec<(i64, String, String)> = sqlx::query_as(&format!(
            "SELECT at.action_id, t.slug, COALESCE(n.name, e.name)
             FROM action_themes at
             JOIN actions a ON a.id = at.action_id AND a.{column} IS NOT NULL
                  AND ($1 IS NULL OR a.{column} = $1)
             JOIN themes t ON t.slug = at.theme
             JOIN theme_names e ON e.slug = t.slug AND e.lang = 'en'
             LEFT JOIN theme_names n ON n.slug = t.slug AND n.lang = $2
             ORDER BY t.position"
        ))
        .bind(&owner)
        .bind(language.code())
        .fetch_all(&self.pool)
        .await
        .map_err(internal("action themes"))?;
        let evidence: Vec<(i64, String)> = sqlx::query_as(&format!(
            "SELECT ev.action_id, ev.url FROM action_evidence ev
             JOIN actions a ON a.id = ev.action_id AND a.{column} IS NOT NULL
                  AND ($1 IS NULL OR a.{column} = $1)
             ORDER BY ev.position"
        ))
        .bind(&owner)
        .fetch_all(&self.pool)
        .await
        .map_err(internal("action evidence"))?;
        let mut themes_of: std::collections::HashMap<i64, Vec<(String, String)>> =
            Default::default();
        for (id, slug, name) in themes {
            themes_of.entry(id).or_default().push((slug, name));
        }
        let mut evidence_of: std::collections::HashMap<i64, Vec<String>> = Default::default();
        for (id, url) in evidence {
            evidence_of.entry(id).or_default().push(url);
        }
        let mut actions = rows
            .into_iter()
            .map(
                |(id, owner, kind, status, note, updated_by, updated_at, version)| {
                    let action = ActionEntry {
                        kind: summit::ActionKind::parse(&kind)
                            .ok_or_else(|| corrupt("actions.kind", &kind))?,
                        status: summit::Status::parse(&status)
                            .ok_or_else(|| corrupt("actions.status", &status))?,
                        themes: themes_of.remove(&id).unwrap_or_default(),
                        evidence: evidence_of.remove(&id).unwrap_or_default(),
                        note,
                        updated_by,
                        updated_at,
                        version,
                    };
                    Ok((owner, action))
                },
            )
            .collect::<Result<Vec<_>, StorageError>>()?;
        let order = |k: summit::ActionKind| summit::ActionKind::ALL.iter().position(|x| *x == k);
        actions.sort_by(|(c, a), (d, b)| (c, order(a.kind)).cmp(&(d, order(b.kind))));
        Ok(actions)
    }

    /// Country actions keyed by country.
    async fn load_country_actions(
        &self,
        iso3: Option<Iso3>,
        language: Language,
    ) -> Result<Vec<(Iso3, ActionEntry)>, StorageError> {
        self.load_actions(OwnerColumn::Country, iso3.map(|c| c.to_string()), language)
            .await?
            .into_iter()
            .map(|(owner, action)| {
                let iso3 = Iso3::parse(&owner).map_err(|e| corrupt("actions.country", e))?;
                Ok((iso3, action))
            })
            .collect()
    }
}

/// Which column owns an action.
#[derive(Clone, Copy, Debug)]
pub(super) enum OwnerColumn {
    Country,
    Region,
}

impl OwnerColumn {
    pub(super) fn name(self) -> &'static str {
        match self {
            OwnerColumn::Country => "country",
            OwnerColumn::Region => "region",
        }
    }
}

/// `(iso3, m49, region, name, total, completed, in progress, not started, at
/// risk, not reported)` as the country queries return them.
type CountryRow = (
    String,
    String,
    Option<String>,
    String,
    i64,
    i64,
    i64,
    i64,
    i64,
    i64,
);

/// Countries with their name in the asked language (English where a
/// translation is missing) and their actions' statuses counted.
fn country_query(filter: &str) -> String {
    format!(
        "SELECT c.iso3, c.m49, c.region, COALESCE(n.name, e.name),
                COUNT(a.id),
                COUNT(a.id) FILTER (WHERE a.status = 'completed'),
                COUNT(a.id) FILTER (WHERE a.status = 'in-progress'),
                COUNT(a.id) FILTER (WHERE a.status = 'not-started'),
                COUNT(a.id) FILTER (WHERE a.status = 'at-risk'),
                COUNT(a.id) FILTER (WHERE a.status = 'not-reported')
         FROM countries c
         JOIN country_names e ON e.iso3 = c.iso3 AND e.lang = 'en'
         LEFT JOIN country_names n ON n.iso3 = c.iso3 AND n.lang = $1
         LEFT JOIN actions a ON a.country = c.iso3
         {filter}
         GROUP BY c.iso3, c.m49, c.region, n.name, e.name"
    )
}

fn country_entry(row: CountryRow) -> Result<CountryEntry, StorageError> {
    let (
        iso3,
        m49,
        region,
        name,
        total,
        completed,
        in_progress,
        not_started,
        at_risk,
        not_reported,
    ) = row;
    let coverage = match region {
        Some(slug) => {
            Coverage::Region(Region::parse(&slug).map_err(|e| corrupt("countries.region", e))?)
        }
        None => Coverage::NoCountryTeam,
    };
    let count = |n: i64| u32::try_from(n).map_err(|e| corrupt("actions count", e));
    Ok(CountryEntry {
        iso3: Iso3::parse(&iso3).map_err(|e| corrupt("countries.iso3", e))?,
        m49: M49::parse(&m49).map_err(|e| corrupt("countries.m49", e))?,
        name,
        coverage,
        progress: Progress {
            total: count(total)?,
            completed: count(completed)?,
            in_progress: count(in_progress)?,
            not_started: count(not_started)?,
            at_risk: count(at_risk)?,
            not_reported: count(not_reported)?,
        },
    })
}

fn milestone_from_row(
    slug: &str,
    kind: &str,
    schedule: &str,
    region: Option<String>,
    country: Option<String>,
    source: String,
) -> Result<Milestone, StorageError> {
    Ok(Milestone {
        slug: Slug::parse(slug).map_err(|e| corrupt("milestones.slug", e))?,
        kind: summit::MilestoneKind::parse(kind).map_err(|e| corrupt("milestones.kind", e))?,
        schedule: serde_json::from_str(schedule).map_err(|e| corrupt("milestones.schedule", e))?,
        region: region
            .map(|r| Region::parse(&r))
            .transpose()
            .map_err(|e| corrupt("milestones.region", e))?,
        country: country
            .map(|c| Iso3::parse(&c))
            .transpose()
            .map_err(|e| corrupt("milestones.country", e))?,
        source,
    })
}

#[async_trait]
impl Storage for SqlStorage {
    async fn ping(&self) -> Result<(), StorageError> {
        sqlx::query("SELECT 1")
            .execute(&self.pool)
            .await
            .map(|_| ())
            .map_err(internal("ping"))
    }

    fn data_version(&self) -> u64 {
        self.version()
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

    async fn countries(&self, language: Language) -> Result<Vec<CountryEntry>, StorageError> {
        let rows: Vec<CountryRow> = sqlx::query_as(&country_query(""))
            .bind(language.code())
            .fetch_all(&self.pool)
            .await
            .map_err(internal("countries"))?;
        let mut entries = rows
            .into_iter()
            .map(country_entry)
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
        row.map(country_entry).transpose()
    }

    async fn briefing(&self, region: Region) -> Result<Option<Briefing>, StorageError> {
        Ok(self
            .briefings()
            .await?
            .into_iter()
            .find(|b| b.region == region))
    }

    async fn country_actions(
        &self,
        iso3: Iso3,
        language: Language,
    ) -> Result<Vec<ActionEntry>, StorageError> {
        Ok(self
            .load_country_actions(Some(iso3), language)
            .await?
            .into_iter()
            .map(|(_, action)| action)
            .collect())
    }

    async fn all_country_actions(
        &self,
        language: Language,
    ) -> Result<Vec<(Iso3, ActionEntry)>, StorageError> {
        self.load_country_actions(None, language).await
    }

    async fn themes(&self, language: Language) -> Result<Vec<(String, String)>, StorageError> {
        sqlx::query_as(
            "SELECT t.slug, COALESCE(n.name, e.name) FROM themes t
             JOIN theme_names e ON e.slug = t.slug AND e.lang = 'en'
             LEFT JOIN theme_names n ON n.slug = t.slug AND n.lang = $1
             ORDER BY t.position",
        )
        .bind(language.code())
        .fetch_all(&self.pool)
        .await
        .map_err(internal("themes"))
    }

    async fn milestones(&self, language: Language) -> Result<Vec<MilestoneEntry>, StorageError> {
        type Row = (
            String,
            String,
            String,
            Option<String>,
            Option<String>,
            String,
            String,
            String,
            i64,
        );
        let rows: Vec<Row> = sqlx::query_as(
            "SELECT m.slug, m.kind, m.schedule, m.region, m.country, m.source,
                    COALESCE(t.title, e.title), COALESCE(t.description, e.description),
                    CASE WHEN t.slug IS NULL THEN 1 ELSE 0 END
             FROM milestones m
             JOIN milestone_texts e ON e.slug = m.slug AND e.lang = 'en'
             LEFT JOIN milestone_texts t ON t.slug = m.slug AND t.lang = $1
             ORDER BY m.starts_at, m.slug",
        )
        .bind(language.code())
        .fetch_all(&self.pool)
        .await
        .map_err(internal("milestones"))?;
        rows.into_iter()
            .map(
                |(
                    slug,
                    kind,
                    schedule,
                    region,
                    country,
                    source,
                    title,
                    description,
                    in_english,
                )| {
                    let milestone =
                        milestone_from_row(&slug, &kind, &schedule, region, country, source)?;
                    let window = milestone
                        .schedule
                        .window()
                        .map_err(|e| corrupt("milestones.schedule", e))?;
                    Ok(MilestoneEntry {
                        milestone,
                        window,
                        title,
                        description,
                        in_english: in_english == 1 && language != Language::En,
                    })
                },
            )
            .collect()
    }

    async fn milestone(&self, slug: &Slug) -> Result<Option<Milestone>, StorageError> {
        type Row = (String, String, Option<String>, Option<String>, String);
        let row: Option<Row> = sqlx::query_as(
            "SELECT kind, schedule, region, country, source FROM milestones WHERE slug = $1",
        )
        .bind(slug.as_str())
        .fetch_optional(&self.pool)
        .await
        .map_err(internal("milestone"))?;
        let Some((kind, schedule, region, country, source)) = row else {
            return Ok(None);
        };
        milestone_from_row(slug.as_str(), &kind, &schedule, region, country, source).map(Some)
    }
}
