//! Milestones: their schedules, and their texts in each language.

use super::{corrupt, internal, SqlStorage};
use app::services::storage::{MilestoneEntry, MilestoneStorage, StorageError};
use async_trait::async_trait;
use summit::{Iso3, Language, Milestone, Region, Slug};

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
impl MilestoneStorage for SqlStorage {
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
            String,
            i64,
            i64,
        );
        let rows: Vec<Row> = sqlx::query_as(
            "SELECT m.slug, m.kind, m.schedule, m.region, m.country, m.source,
                    COALESCE(s.name, m.source),
                    COALESCE(t.title, e.title), COALESCE(t.description, e.description),
                    CASE WHEN t.slug IS NULL THEN 1 ELSE 0 END,
                    CASE WHEN s.name IS NULL THEN 1 ELSE 0 END
             FROM milestones m
             JOIN milestone_texts e ON e.slug = m.slug AND e.lang = 'en'
             LEFT JOIN milestone_texts t ON t.slug = m.slug AND t.lang = $1
             LEFT JOIN source_names s ON s.source = m.source AND s.lang = $1
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
                    source_name,
                    title,
                    description,
                    in_english,
                    source_in_english,
                )| {
                    let milestone =
                        milestone_from_row(&slug, &kind, &schedule, region, country, source)?;
                    let window = milestone
                        .schedule
                        .window()
                        .map_err(|e| corrupt("milestones.schedule", e))?;
                    Ok(MilestoneEntry {
                        window,
                        title,
                        description,
                        in_english: in_english == 1 && language != Language::En,
                        source_name,
                        source_in_english: source_in_english == 1 && language != Language::En,
                        zone_name: app::services::zone_names::zone_name(
                            language,
                            milestone.schedule.zone(),
                        ),
                        milestone,
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

    async fn set_milestone(
        &self,
        milestone: &Milestone,
        language: Language,
        title: &str,
        description: &str,
    ) -> Result<bool, StorageError> {
        let window = milestone
            .schedule
            .window()
            .map_err(|e| corrupt("milestone schedule", e))?;
        let schedule =
            serde_json::to_string(&milestone.schedule).map_err(|e| corrupt("schedule", e))?;
        let mut tx = self
            .pool
            .begin()
            .await
            .map_err(internal("begin milestone"))?;
        let done = sqlx::query(
            "UPDATE milestones SET schedule = $1, starts_at = $2, ends_at = $3, source = $4
             WHERE slug = $5",
        )
        .bind(schedule)
        .bind(window.start().to_string())
        .bind(window.end().to_string())
        .bind(&milestone.source)
        .bind(milestone.slug.as_str())
        .execute(&mut *tx)
        .await
        .map_err(internal("set milestone"))?;
        if done.rows_affected() != 1 {
            return Ok(false);
        }
        sqlx::query(
            "INSERT INTO milestone_texts (slug, lang, title, description) VALUES ($1, $2, $3, $4)
             ON CONFLICT (slug, lang) DO UPDATE SET title = excluded.title,
                                                   description = excluded.description",
        )
        .bind(milestone.slug.as_str())
        .bind(language.code())
        .bind(title)
        .bind(description)
        .execute(&mut *tx)
        .await
        .map_err(internal("milestone text"))?;
        Self::follow_milestone(&mut tx, &milestone.slug, &milestone.schedule).await?;
        self.commit_changed(tx, true).await
    }
}
