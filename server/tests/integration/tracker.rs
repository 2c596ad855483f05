//! Follow-up actions: seeded as "not reported", progress computed from them,
//! and a history that can only grow.

use crate::support::spawn_app;

#[tokio::test]
async fn every_served_country_has_seven_actions_and_every_region_two_all_not_reported() {
    let app = spawn_app().await;
    let pool = app.storage.pool();
    let (served,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM countries WHERE region IS NOT NULL")
            .fetch_one(pool)
            .await
            .unwrap();
    let (country_actions,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM actions WHERE country IS NOT NULL")
            .fetch_one(pool)
            .await
            .unwrap();
    let (region_actions,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM actions WHERE region IS NOT NULL")
            .fetch_one(pool)
            .await
            .unwrap();
    let (reported,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM actions WHERE status <> 'not-reported' OR version <> 0",
    )
    .fetch_one(pool)
    .await
    .unwrap();
    assert_eq!(country_actions, 7 * served);
    assert_eq!(region_actions, 2 * 5);
    assert_eq!(reported, 0, "nothing is invented");
    let (themes,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM themes")
        .fetch_one(pool)
        .await
        .unwrap();
    assert_eq!(themes, 7);
}

#[tokio::test]
async fn progress_on_the_map_and_the_country_page_follows_the_stored_statuses() {
    let app = spawn_app().await;
    sqlx::query(
        "UPDATE actions SET status = 'completed', version = 1, updated_by = 'test', updated_at = '2026-11-29T00:00:00Z'
         WHERE country = 'KEN' AND kind IN ('national-consultation', 'delegation-support', 'solutions-session', 'national-strategy')",
    )
    .execute(app.storage.pool())
    .await
    .unwrap();
    let html = app.get("/en/countries/KEN").await.text().await.unwrap();
    assert!(
        html.contains("4 of 7 actions completed"),
        "summary from the database"
    );
    assert_eq!(html.matches("status-completed").count(), 4);
    assert_eq!(html.matches("status-not-reported").count(), 3);
    // 4 of 7 is 57 %: the third band on the progress map.
    let map = app.get("/en/?view=progress").await.text().await.unwrap();
    assert!(map.contains(r#"class="country region-africa band-2 deadline-none" data-iso3="KEN""#));
}

#[tokio::test]
async fn a_country_without_a_team_says_why_it_has_no_actions() {
    let app = spawn_app().await;
    let html = app.get("/en/countries/FRA").await.text().await.unwrap();
    assert!(html.contains("No UN Country Team serves this country or territory"));
}

#[tokio::test]
async fn the_history_can_only_grow() {
    let app = spawn_app().await;
    let pool = app.storage.pool();
    sqlx::query(
        "INSERT INTO action_history (action_id, version, changed_by, changed_at, changes, note)
         SELECT id, 1, 'test', '2026-11-29T00:00:00Z', '{\"status\":[\"not-reported\",\"in-progress\"]}', ''
         FROM actions WHERE country = 'KEN' AND kind = 'national-consultation'",
    )
    .execute(pool)
    .await
    .unwrap();
    let update = sqlx::query("UPDATE action_history SET changed_by = 'someone else'")
        .execute(pool)
        .await;
    assert!(update.is_err(), "history rows cannot be rewritten");
    let delete = sqlx::query("DELETE FROM action_history")
        .execute(pool)
        .await;
    assert!(delete.is_err(), "history rows cannot be deleted");
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM action_history")
        .fetch_one(pool)
        .await
        .unwrap();
    assert_eq!(n, 1);
}

#[tokio::test]
async fn an_action_belongs_to_a_country_or_a_region_never_both() {
    let app = spawn_app().await;
    let both = sqlx::query(
        "INSERT INTO actions (country, region, kind) VALUES ('KEN', 'africa', 'other')",
    )
    .execute(app.storage.pool())
    .await;
    assert!(both.is_err());
    let twice =
        sqlx::query("INSERT INTO actions (country, kind) VALUES ('KEN', 'national-consultation')")
            .execute(app.storage.pool())
            .await;
    assert!(twice.is_err(), "one action per country and kind");
}

#[tokio::test]
async fn the_public_api_lists_countries_and_regions_with_their_progress() {
    let app = spawn_app().await;
    let countries: Vec<serde_json::Value> = app
        .get("/api/v1/countries?lang=fr")
        .await
        .json()
        .await
        .unwrap();
    assert!(countries.len() > 240);
    let egypt = countries.iter().find(|c| c["iso3"] == "EGY").unwrap();
    assert_eq!(egypt["name"], "Égypte");
    assert_eq!(egypt["region"], "arab-states");
    assert_eq!(egypt["un_country_team"], true);
    assert_eq!(egypt["progress"]["total"], 7);
    assert_eq!(egypt["progress"]["not_reported"], 7);
    assert!(egypt["progress"]["percent_completed"].is_null());

    let kenya: serde_json::Value = app.get("/api/v1/countries/ken").await.json().await.unwrap();
    assert_eq!(kenya["iso3"], "KEN");
    let actions = kenya["actions"].as_array().unwrap();
    assert_eq!(actions.len(), 7);
    for field in [
        "kind",
        "status",
        "themes",
        "evidence",
        "note",
        "updated_by",
        "updated_at",
        "version",
    ] {
        assert!(actions[0].get(field).is_some(), "{field}");
    }
    assert_eq!(actions[0]["kind"], "national-consultation");
    assert_eq!(actions[0]["status"], "not-reported");
    assert_eq!(actions[0]["version"], 0);

    let regions: Vec<serde_json::Value> = app.get("/api/v1/regions").await.json().await.unwrap();
    assert_eq!(regions.len(), 5);
    let africa: serde_json::Value = app
        .get("/api/v1/regions/africa")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(africa["briefing_date"], "2025-08-28");
    assert_eq!(
        africa["countries"],
        africa["country_list"].as_array().unwrap().len()
    );
    assert_eq!(
        africa["progress"]["total"],
        7 * africa["country_list"].as_array().unwrap().len()
    );
}

#[tokio::test]
async fn the_api_answers_bad_input_with_clear_4xx() {
    let app = spawn_app().await;
    for (path, status) in [
        ("/api/v1/countries/XYZ", 404),
        ("/api/v1/countries/kenya", 404),
        ("/api/v1/regions/atlantis", 404),
        ("/api/v1/countries?lang=xx", 400),
    ] {
        let response = app.get(path).await;
        assert_eq!(response.status(), status, "{path}");
        let body: serde_json::Value = response.json().await.unwrap();
        assert!(
            body["error"].as_str().is_some_and(|e| !e.is_empty()),
            "{path}"
        );
    }
}

#[tokio::test]
async fn the_csv_export_parses_and_matches_the_json() {
    let app = spawn_app().await;
    sqlx::query("UPDATE actions SET status = 'at-risk', note = 'Budget, \"delayed\"; see report\nline 2' WHERE country = 'KEN' AND kind = 'financing-pathway'")
        .execute(app.storage.pool())
        .await
        .unwrap();
    let query = "region=africa&kind=financing-pathway";
    let json: Vec<serde_json::Value> = app
        .get(&format!("/api/v1/tracker.json?{query}"))
        .await
        .json()
        .await
        .unwrap();
    let response = app.get(&format!("/api/v1/tracker.csv?{query}")).await;
    assert!(response.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    let text = response.text().await.unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader.headers().unwrap().clone();
    assert_eq!(&headers[0], "iso3");
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), json.len());
    assert!(rows.len() > 40, "every African country's financing pathway");
    for (row, item) in rows.iter().zip(&json) {
        assert_eq!(row[0], *item["iso3"].as_str().unwrap());
        assert_eq!(&row[3], "financing-pathway");
        assert_eq!(row[4], *item["status"].as_str().unwrap());
        assert_eq!(row[7], *item["note"].as_str().unwrap());
    }
    let kenya = rows.iter().find(|r| &r[0] == "KEN").unwrap();
    assert_eq!(&kenya[4], "at-risk");
    assert_eq!(&kenya[7], "Budget, \"delayed\"; see report\nline 2");
    let at_risk: Vec<serde_json::Value> = app
        .get("/api/v1/tracker.json?status=at-risk")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(at_risk.len(), 1);
    assert_eq!(
        app.get("/api/v1/tracker.csv?status=done").await.status(),
        400
    );
}

#[tokio::test]
async fn the_tracker_page_is_a_matrix_with_region_totals_and_url_filters() {
    let app = spawn_app().await;
    sqlx::query("UPDATE actions SET status = 'completed' WHERE country = 'GHA' AND kind = 'national-consultation'")
        .execute(app.storage.pool())
        .await
        .unwrap();
    let html = app.get("/en/tracker").await.text().await.unwrap();
    assert_eq!(
        html.matches(r#"class="totals""#).count(),
        5,
        "a totals row per region"
    );
    assert!(html.contains(r#"<tr data-iso3="KEN">"#));
    assert!(html.contains(r#"href="/api/v1/tracker.csv?lang=en""#));
    let filtered = app
        .get("/en/tracker?status=completed&kind=national-consultation")
        .await
        .text()
        .await
        .unwrap();
    assert!(filtered.contains(r#"<tr data-iso3="GHA">"#));
    assert!(!filtered.contains(r#"<tr data-iso3="KEN">"#));
    let arab = app
        .get("/en/tracker?region=arab-states")
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(arab.matches(r#"class="totals""#).count(), 1);
    assert!(arab.contains(r#"<tr data-iso3="EGY">"#));
}

/// Page bodies are kept by what they show (`components::reused::reused_after`):
/// another address showing the same gets the same body, one showing other
/// filters its own, and a parameter the page does not know never reaches
/// the page's own links or forms.
#[tokio::test]
async fn a_kept_body_is_only_reused_for_what_it_shows() {
    let app = spawn_app().await;
    let africa = app
        .get("/en/tracker?region=africa&utm_source=mail")
        .await
        .text()
        .await
        .unwrap();
    assert!(africa.contains(r#"<option value="africa" selected"#));
    assert!(africa.contains(r#"href="/api/v1/tracker.csv?region=africa&amp;lang=en""#));
    // The header's links keep the whole address (the same page in another
    // language); the page's own form and exports keep only its parameters.
    let main = &africa[africa.find("<main").unwrap()..];
    assert!(
        !main.contains("utm_source"),
        "an unknown parameter is not carried"
    );
    let again = app
        .get("/en/tracker?region=africa&u=2")
        .await
        .text()
        .await
        .unwrap();
    assert!(again.contains(r#"<option value="africa" selected"#));
    let asia = app
        .get("/en/tracker?region=asia-pacific")
        .await
        .text()
        .await
        .unwrap();
    assert!(asia.contains(r#"<option value="asia-pacific" selected"#));
    assert!(!asia.contains(r#"<option value="africa" selected"#));
    assert!(
        !asia.contains(r#"<tr data-iso3="KEN">"#),
        "Kenya is in Africa"
    );
    let french = app
        .get("/fr/tracker?region=africa")
        .await
        .text()
        .await
        .unwrap();
    assert!(french.contains(r#"lang="fr""#));
    assert!(french.contains(r#"href="/api/v1/tracker.csv?region=africa&amp;lang=fr""#));
}
