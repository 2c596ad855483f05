//! `?at=`: the state on a past date, rebuilt from the history, on the
//! tracker's API and pages, the country page and the exports.

use crate::changes::{africa_editor, edit};
use crate::support::{spawn_app, TestApp};
use serde_json::Value;

/// Records two past changes to Kenya's national strategy, as if made on
/// 1 March 2026 (completed) and 1 May 2026 (at risk), and sets the action to
/// match (history is append-only; the action row is its latest state).
async fn kenya_changed_in_the_past(app: &TestApp) {
    let pool = app.storage.pool();
    let (id,): (i64,) = sqlx::query_as(
        "SELECT id FROM actions WHERE country = 'KEN' AND kind = 'national-strategy'",
    )
    .fetch_one(pool)
    .await
    .unwrap();
    for (version, at, from, to) in [
        (1, "2026-03-01T09:00:00.25Z", "not-reported", "completed"),
        (2, "2026-05-01T09:00:00Z", "completed", "at-risk"),
    ] {
        let changes = format!(r#"[{{"field":"status","from":"{from}","to":"{to}"}}]"#);
        sqlx::query(
            "INSERT INTO action_history (action_id, version, changed_by, changed_at, changes, note)
             VALUES ($1, $2, 'Amina', $3, $4, '')",
        )
        .bind(id)
        .bind(version)
        .bind(at)
        .bind(changes)
        .execute(pool)
        .await
        .unwrap();
    }
    sqlx::query("UPDATE actions SET status = 'at-risk', version = 2, updated_by = 'Amina', updated_at = '2026-05-01T09:00:00Z' WHERE id = $1")
        .bind(id)
        .execute(pool)
        .await
        .unwrap();
}

async fn kenya_strategy(app: &TestApp, query: &str) -> Value {
    let response = app
        .get(&format!(
            "/api/v1/tracker.json?kind=national-strategy&{query}"
        ))
        .await;
    assert_eq!(response.status(), 200, "{query}");
    let rows: Vec<Value> = response.json().await.unwrap();
    rows.into_iter().find(|r| r["iso3"] == "KEN").unwrap()
}

#[tokio::test]
async fn each_past_day_shows_the_status_of_that_day() {
    let app = spawn_app().await;
    kenya_changed_in_the_past(&app).await;
    assert_eq!(
        kenya_strategy(&app, "at=2026-02-28").await["status"],
        "not-reported"
    );
    assert_eq!(
        kenya_strategy(&app, "at=2026-03-01").await["status"],
        "completed"
    );
    assert_eq!(
        kenya_strategy(&app, "at=2026-04-30").await["status"],
        "completed"
    );
    assert_eq!(
        kenya_strategy(&app, "at=2026-05-01").await["status"],
        "at-risk"
    );
    assert_eq!(kenya_strategy(&app, "").await["status"], "at-risk");
    let march = kenya_strategy(&app, "at=2026-03-15").await;
    assert_eq!(march["version"], 1);
    assert_eq!(march["updated_by"], "Amina");
}

#[tokio::test]
async fn the_rebuilt_state_of_today_is_the_state_recorded_now() {
    let app = spawn_app().await;
    let token = africa_editor(&app).await;
    edit(&app, &token, "KEN", "national-strategy", 0, "in-progress").await;
    edit(&app, &token, "GHA", "financing-pathway", 0, "completed").await;
    edit(&app, &token, "KEN", "national-strategy", 1, "completed").await;
    let recorded: Value = app.get("/api/v1/tracker.json").await.json().await.unwrap();
    let today = jiff::Timestamp::now()
        .to_zoned_datetime(jiff::tz::TimeZone::UTC)
        .date();
    let rebuilt: Value = app
        .get(&format!("/api/v1/tracker.json?at={today}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        rebuilt, recorded,
        "status, themes, evidence, note, who, when, version"
    );
    let summit: Vec<Value> = app
        .get("/api/v1/tracker.json?at=2025-11-04")
        .await
        .json()
        .await
        .unwrap();
    assert!(summit.iter().all(|r| r["status"] == "not-reported"));
}

#[tokio::test]
async fn days_the_history_cannot_answer_get_400() {
    let app = spawn_app().await;
    for at in ["2025-01-01", "2999-01-01", "yesterday", "2026-02-30"] {
        let response = app.get(&format!("/api/v1/tracker.json?at={at}")).await;
        assert_eq!(response.status(), 400, "{at}");
        let response = app.get(&format!("/api/v1/export.zip?at={at}")).await;
        assert_eq!(response.status(), 400, "{at}");
    }
}

#[tokio::test]
async fn past_pages_say_so_and_show_that_days_state() {
    let app = spawn_app().await;
    kenya_changed_in_the_past(&app).await;
    let page = app
        .get("/en/countries/KEN?at=2026-03-15")
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains(r#"data-testid="past-banner""#), "a banner");
    assert!(page.contains("15 March 2026"));
    let row_start = page.find(r#"data-kind="national-strategy""#).unwrap();
    let row = &page[row_start..row_start + 2000];
    assert!(
        row.contains("Completed") && !row.contains("At risk"),
        "March's status"
    );

    let tracker = app
        .get("/en/tracker?at=2026-03-15")
        .await
        .text()
        .await
        .unwrap();
    assert!(tracker.contains(r#"data-testid="past-banner""#));
    let today = app.get("/en/tracker").await.text().await.unwrap();
    assert!(
        !today.contains(r#"data-testid="past-banner""#),
        "no banner for today"
    );
    let home = app.get("/en/?at=2026-03-15").await.text().await.unwrap();
    assert!(
        home.contains(r#"data-testid="past-banner""#),
        "the map's past state"
    );
    // An address that names no day the history can answer is today's page.
    let odd = app.get("/en/tracker?at=%FF").await;
    assert_eq!(odd.status(), 200);
    assert!(!odd
        .text()
        .await
        .unwrap()
        .contains(r#"data-testid="past-banner""#));
}

#[tokio::test]
async fn the_export_of_a_past_day_holds_that_days_tracker_and_history() {
    let app = spawn_app().await;
    kenya_changed_in_the_past(&app).await;
    let bytes = app
        .get("/api/v1/export.zip?at=2026-03-15")
        .await
        .bytes()
        .await
        .unwrap()
        .to_vec();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut read = |name: &str| {
        let mut out = String::new();
        std::io::Read::read_to_string(&mut archive.by_name(name).unwrap(), &mut out).unwrap();
        out
    };
    let tracker: Value = serde_json::from_str(&read("tracker.json")).unwrap();
    let expected: Value = app
        .get("/api/v1/tracker.json?at=2026-03-15")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(tracker, expected);
    let history: Value = serde_json::from_str(&read("history.json")).unwrap();
    assert_eq!(history.as_array().unwrap().len(), 1, "only March's change");
    assert!(read("README.md").contains("2026-03-15"));
}

/// A page shown as of a past day draws its chart up to that day, not to today.
#[tokio::test]
async fn the_chart_of_a_past_day_ends_on_that_day() {
    let app = spawn_app().await;
    kenya_changed_in_the_past(&app).await;
    let past: Value = app
        .get("/api/timeline?region=africa&at=2026-03-15")
        .await
        .json()
        .await
        .unwrap();
    let days = past["days"].as_array().unwrap();
    assert_eq!(days.last().unwrap(), "2026-03-15");
    assert_eq!(days.first().unwrap(), "2025-11-04");
    // Counts in Status::ALL order: not reported, not started, in progress,
    // completed, at risk. On 15 March Kenya's strategy was completed, not at risk.
    let last = past["counts"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last[3], 1, "{last}");
    assert_eq!(last[4], 0, "{last}");
    let now: Value = app
        .get("/api/timeline?region=africa")
        .await
        .json()
        .await
        .unwrap();
    assert_ne!(
        now["days"].as_array().unwrap().last().unwrap(),
        "2026-03-15"
    );
    let page = app
        .get("/en/tracker?at=2026-03-15")
        .await
        .text()
        .await
        .unwrap();
    // The chart's own caption (the banner names the day too, but not so).
    assert!(
        page.contains("to 15 March 2026; on 15 March 2026, "),
        "the chart ends on the day shown"
    );
    // The home page's follow-up as of that day: what moved lately stops then.
    let home: Value = app
        .get("/api/home?lang=en&at=2026-03-15")
        .await
        .json()
        .await
        .unwrap();
    let recent = home["recent"].as_array().unwrap();
    assert_eq!(recent.len(), 1, "only the change of 1 March: {recent:?}");
    assert!(recent[0]["title"].as_str().unwrap().contains("Completed"));
}
