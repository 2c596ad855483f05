//! The database: created on first start, seeded exactly once, and the
//! server function reading it.

use crate::support::{database_in, spawn_app, spawn_app_on};

async fn count(pool: &sqlx::AnyPool, table: &str) -> i64 {
    let (n,): (i64,) = sqlx::query_as(&format!("SELECT COUNT(*) FROM {table}"))
        .fetch_one(pool)
        .await
        .unwrap();
    n
}

#[tokio::test]
async fn a_fresh_start_creates_migrates_and_seeds_the_database() {
    let app = spawn_app().await;
    let pool = app.storage.pool();
    assert_eq!(count(pool, "regions").await, 5);
    assert_eq!(count(pool, "briefings").await, 5);
    assert_eq!(count(pool, "attendance_facts").await, 3);
    assert!(count(pool, "countries").await > 240);
    assert_eq!(
        count(pool, "country_names").await,
        6 * count(pool, "countries").await
    );
    assert_eq!(count(pool, "milestones").await, 8);
    assert_eq!(count(pool, "milestone_texts").await, 8 * 6);
}

#[tokio::test]
async fn a_restart_does_not_load_the_seed_twice() {
    let dir = tempfile::tempdir().unwrap();
    let url = database_in(&dir);
    let keep = tempfile::tempdir().unwrap();
    let first = spawn_app_on(keep, url.clone()).await;
    let countries = count(first.storage.pool(), "countries").await;
    // An editor's change must survive the restart, too.
    sqlx::query("UPDATE briefings SET participants = 'exactly:57' WHERE region = 'africa'")
        .execute(first.storage.pool())
        .await
        .unwrap();
    let second = spawn_app_on(dir, url).await;
    let pool = second.storage.pool();
    assert_eq!(count(pool, "countries").await, countries);
    assert_eq!(count(pool, "regions").await, 5);
    assert_eq!(count(pool, "seed_runs").await, 5);
    assert_eq!(count(pool, "milestones").await, 8);
    let (p,): (String,) =
        sqlx::query_as("SELECT participants FROM briefings WHERE region = 'africa'")
            .fetch_one(pool)
            .await
            .unwrap();
    assert_eq!(p, "exactly:57");
}

/// A database seeded before the UN names (CLDR's names, one corrected by an
/// administrator) gets the UN's names at its next start, the correction kept.
#[tokio::test]
async fn the_un_names_replace_cldr_s_but_never_a_correction() {
    let dir = tempfile::tempdir().unwrap();
    let url = database_in(&dir);
    let keep = tempfile::tempdir().unwrap();
    let first = spawn_app_on(keep, url.clone()).await;
    let pool = first.storage.pool();
    // As an older database has them: CLDR's names, and no `un-names-2026` yet.
    for (iso3, name) in [("COD", "Congo - Kinshasa"), ("CPV", "Cap-Vert (corrigé)")] {
        sqlx::query("UPDATE country_names SET name = $1 WHERE iso3 = $2 AND lang = 'en'")
            .bind(name)
            .bind(iso3)
            .execute(pool)
            .await
            .unwrap();
    }
    sqlx::query("DELETE FROM seed_runs WHERE name = 'un-names-2026'")
        .execute(pool)
        .await
        .unwrap();
    let second = spawn_app_on(dir, url).await;
    let name = |iso3: &'static str| {
        let pool = second.storage.pool().clone();
        async move {
            let (name,): (String,) =
                sqlx::query_as("SELECT name FROM country_names WHERE iso3 = $1 AND lang = 'en'")
                    .bind(iso3)
                    .fetch_one(&pool)
                    .await
                    .unwrap();
            name
        }
    };
    assert_eq!(name("COD").await, "Democratic Republic of the Congo");
    assert_eq!(
        name("CPV").await,
        "Cap-Vert (corrigé)",
        "the correction stays"
    );
}

#[tokio::test]
async fn the_home_server_function_returns_the_stored_facts() {
    let app = spawn_app().await;
    let response = app.get("/api/home?lang=en").await;
    assert_eq!(response.status(), 200);
    let data: serde_json::Value = response.json().await.unwrap();
    let briefings = data["briefings"].as_array().unwrap();
    assert_eq!(briefings.len(), 5);
    assert_eq!(briefings[0]["region"], "europe-central-asia");
    assert_eq!(briefings[0]["date"], "2025-07-16");
    assert_eq!(briefings[4]["region"], "africa");
    assert_eq!(
        data["attendance"]["average_per_session"]["kind"],
        "more-than"
    );
    assert_eq!(data["attendance"]["average_per_session"]["value"], 50);
    // The roll-up: every served country's seven actions, all not reported yet.
    let overall = &data["rollup"]["overall"];
    assert_eq!(overall["total"], overall["not_reported"]);
    assert_eq!(data["rollup"]["by_region"].as_array().unwrap().len(), 5);
    assert_eq!(data["rollup"]["by_theme"].as_array().unwrap().len(), 7);
}
