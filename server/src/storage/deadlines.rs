//! Deadlines: a kind's and a country's own (`migrations/*/…_deadlines.sql`),
//! read as rules for judging actions and as entries for the administration
//! page and the API; set, moved with their milestone, and removed.

use super::{corrupt, internal, SqlStorage};
use app::model::DeadlineEntry;
use app::services::deadlines::Rule;
use app::services::storage::{DeadlineStorage, StorageError};
use app::services::zone_names::zone_name;
use async_trait::async_trait;
use summit::{ActionKind, Actor, Deadline, Iso3, Language, Schedule, Slug};

/// One stored row, parsed.
struct Stored {
    kind: ActionKind,
    country: Option<Iso3>,
    country_name: Option<String>,
    deadline: Deadline,
    milestone: Option<(String, String)>,
    set_by: String,
    set_at: String,
}

impl SqlStorage {
    async fn stored_deadlines(&self, language: Language) -> Result<Vec<Stored>, StorageError> {
        type Row = (
            String,
            Option<String>,
            String,
            String,
            Option<String>,
            Option<String>,
            String,
            String,
            Option<String>,
        );
        let rows: Vec<Row> = sqlx::query_as(
            "SELECT d.kind, d.country, d.due_date, d.zone, d.milestone,
                    COALESCE(t.title, e.title), d.set_by, d.set_at, COALESCE(n.name, ne.name)
             FROM deadlines d
             LEFT JOIN milestone_texts e ON e.slug = d.milestone AND e.lang = 'en'
             LEFT JOIN milestone_texts t ON t.slug = d.milestone AND t.lang = $1
             LEFT JOIN country_names ne ON ne.iso3 = d.country AND ne.lang = 'en'
             LEFT JOIN country_names n ON n.iso3 = d.country AND n.lang = $1",
        )
        .bind(language.code())
        .fetch_all(&self.pool)
        .await
        .map_err(internal("deadlines"))?;
        let mut stored = rows
            .into_iter()
            .map(
                |(kind, country, date, zone, slug, title, set_by, set_at, name)| {
                    Ok(Stored {
                        country_name: name,
                        kind: ActionKind::parse(&kind)
                            .ok_or_else(|| corrupt("deadlines.kind", &kind))?,
                        country: country
                            .map(|c| Iso3::parse(&c).map_err(|_| corrupt("deadlines.country", &c)))
                            .transpose()?,
                        deadline: Deadline::parse(&date, &zone)
                            .map_err(|e| corrupt("deadlines.due_date", e))?,
                        milestone: slug.map(|slug| {
                            let title = title.unwrap_or_else(|| slug.clone());
                            (slug, title)
                        }),
                        set_by,
                        set_at,
                    })
                },
            )
            .collect::<Result<Vec<_>, StorageError>>()?;
        let order = |k: ActionKind| ActionKind::ALL.iter().position(|x| *x == k);
        stored.sort_by_key(|s| (s.country.map(|c| c.to_string()), order(s.kind)));
        Ok(stored)
    }

    /// The deadlines as rules to judge actions by.
    pub(super) async fn deadline_rules(
        &self,
        language: Language,
    ) -> Result<Vec<Rule>, StorageError> {
        Ok(self
            .stored_deadlines(language)
            .await?
            .into_iter()
            .map(|s| Rule {
                kind: s.kind,
                country: s.country,
                zone_name: zone_name(language, s.deadline.zone()),
                deadline: s.deadline,
                milestone: s.milestone.map(|(_, title)| title),
            })
            .collect())
    }

    /// Moves the deadlines that follow `slug` to the day before `schedule`
    /// opens, inside the transaction that reschedules it.
    pub(super) async fn follow_milestone(
        tx: &mut sqlx::AnyConnection,
        slug: &Slug,
        schedule: &Schedule,
    ) -> Result<(), StorageError> {
        let deadline = summit::action::deadline::before(schedule)
            .map_err(|e| corrupt("milestone schedule", e))?;
        sqlx::query("UPDATE deadlines SET due_date = $1, zone = $2 WHERE milestone = $3")
            .bind(deadline.date().to_string())
            .bind(deadline.zone())
            .bind(slug.as_str())
            .execute(&mut *tx)
            .await
            .map_err(internal("deadlines follow milestone"))?;
        Ok(())
    }
}

#[async_trait]
impl DeadlineStorage for SqlStorage {
    async fn deadlines(&self, language: Language) -> Result<Vec<DeadlineEntry>, StorageError> {
        Ok(self
            .stored_deadlines(language)
            .await?
            .into_iter()
            .map(|s| DeadlineEntry {
                kind: s.kind,
                country: s.country,
                country_name: s.country_name,
                date: s.deadline.date(),
                zone: s.deadline.zone().to_owned(),
                zone_name: zone_name(language, s.deadline.zone()),
                milestone: s.milestone,
                set_by: s.set_by,
                set_at: s.set_at,
            })
            .collect())
    }

    async fn set_deadline(
        &self,
        kind: ActionKind,
        country: Option<Iso3>,
        deadline: Option<(&Deadline, Option<&Slug>)>,
        actor: &Actor,
    ) -> Result<bool, StorageError> {
        let country = country.map(|c| c.to_string());
        let mut tx = self
            .begin_write()
            .await
            .map_err(internal("begin deadline"))?;
        // `country = $2` is never true for NULL: the kind's row is matched
        // with IS NULL (PostgreSQL cannot type `$2 IS NULL` alone).
        let matches = if country.is_some() {
            "kind = $1 AND country = $2"
        } else {
            "kind = $1 AND country IS NULL"
        };
        let sql = format!("DELETE FROM deadlines WHERE {matches}");
        let mut delete = sqlx::query(&sql).bind(kind.slug());
        if let Some(country) = &country {
            delete = delete.bind(country);
        }
        let removed = delete
            .execute(&mut *tx)
            .await
            .map_err(internal("remove deadline"))?
            .rows_affected()
            > 0;
        let changed = match deadline {
            Some((deadline, milestone)) => {
                sqlx::query(
                    "INSERT INTO deadlines
                       (kind, country, due_date, zone, milestone, set_by, set_at)
                     VALUES ($1, $2, $3, $4, $5, $6, $7)",
                )
                .bind(kind.slug())
                .bind(&country)
                .bind(deadline.date().to_string())
                .bind(deadline.zone())
                .bind(milestone.map(Slug::as_str))
                .bind(&actor.name)
                .bind(jiff::Timestamp::now().to_string())
                .execute(&mut *tx)
                .await
                .map_err(internal("set deadline"))?;
                true
            }
            None => removed,
        };
        self.commit_changed(tx, changed).await
    }
}
