//! Reference data: the themes follow-up actions are tagged with.

use super::{internal, SqlStorage};
use app::services::storage::{ReferenceStorage, StorageError};
use async_trait::async_trait;
use summit::Language;

#[async_trait]
impl ReferenceStorage for SqlStorage {
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

    async fn add_theme(
        &self,
        slug: &str,
        names: &[(Language, String)],
    ) -> Result<bool, StorageError> {
        let mut tx = self.pool.begin().await.map_err(internal("begin theme"))?;
        let added = sqlx::query(
            "INSERT INTO themes (slug, position, builtin)
             SELECT $1, COALESCE(MAX(position), 0) + 1, false FROM themes WHERE true
             ON CONFLICT (slug) DO NOTHING",
        )
        .bind(slug)
        .execute(&mut *tx)
        .await
        .map_err(internal("add theme"))?
        .rows_affected()
            == 1;
        if !added {
            return Ok(false);
        }
        for (language, name) in names {
            sqlx::query("INSERT INTO theme_names (slug, lang, name) VALUES ($1, $2, $3)")
                .bind(slug)
                .bind(language.code())
                .bind(name)
                .execute(&mut *tx)
                .await
                .map_err(internal("theme name"))?;
        }
        self.commit_changed(tx, true).await
    }
}
