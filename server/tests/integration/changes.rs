//! `/api/v1/changes` and `/api/v1/countries/{iso3}/history`: the append-only
//! history through the API, filtered and paged by cursor.

use crate::support::spawn_app;
pub use crate::support::TestApp;
use serde_json::{json, Value};

async fn json(response: reqwest::Response) -> Value {
    assert_eq!(response.status(), 200, "{}", response.url());
    response.json().await.expect("a JSON body")
}

/// Sets `iso3`'s `kind` to `status` (from `version`) as an editor of its region.
pub async fn edit(app: &TestApp, token: &str, iso3: &str, kind: &str, version: i64, status: &str) {
    let response = app
        .patch_action(
            Some(token),
            &format!("/api/v1/countries/{iso3}/actions/{kind}"),
            Some(version),
            json!({ "status": status, "themes": ["social-protection"] }),
        )
        .await;
    assert_eq!(response.status(), 200, "{iso3} {kind}");
}

pub async fn africa_editor(app: &TestApp) -> String {
    app.create_user("amina@un.org", "editor", "africa", "")
        .await;
    app.token("amina@un.org").await
}

#[tokio::test]
async fn every_change_is_listed_oldest_first_with_what_changed() {
    let app = spawn_app().await;
    let token = africa_editor(&app).await;
    edit(&app, &token, "KEN", "national-strategy", 0, "in-progress").await;
    edit(&app, &token, "KEN", "national-strategy", 1, "completed").await;
    let page = json(app.get("/api/v1/changes").await).await;
    let changes = page["changes"].as_array().unwrap();
    assert_eq!(changes.len(), 2);
    assert_eq!(page["next_cursor"], Value::Null);
    let status = |c: &Value| {
        c["changes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["field"] == "status")
            .cloned()
            .unwrap()
    };
    assert_eq!(status(&changes[0])["from"], "not-reported");
    assert_eq!(status(&changes[0])["to"], "in-progress");
    assert_eq!(status(&changes[1])["from"], "in-progress");
    assert_eq!(status(&changes[1])["to"], "completed");
    assert_eq!(changes[1]["country"], "KEN");
    assert_eq!(changes[1]["region"], "africa");
    assert_eq!(changes[1]["changed_by"], "Test editor");
    assert_eq!(changes[1]["version"], 2);
}

#[tokio::test]
async fn a_client_pages_through_everything_with_the_cursor() {
    let app = spawn_app().await;
    let token = africa_editor(&app).await;
    for iso3 in ["KEN", "GHA", "NGA", "SEN", "ETH"] {
        edit(&app, &token, iso3, "national-consultation", 0, "completed").await;
    }
    let mut seen = Vec::new();
    let mut path = "/api/v1/changes?limit=2".to_owned();
    for _ in 0..10 {
        let page = json(app.get(&path).await).await;
        for change in page["changes"].as_array().unwrap() {
            seen.push(change["country"].as_str().unwrap().to_owned());
        }
        match page["next_cursor"].as_str() {
            Some(cursor) => path = format!("/api/v1/changes?limit=2&cursor={cursor}"),
            None => break,
        }
    }
    assert_eq!(
        seen,
        ["KEN", "GHA", "NGA", "SEN", "ETH"],
        "each once, in order"
    );

    // Keeping the last cursor, a client later gets only what is new.
    let last = json(app.get("/api/v1/changes").await).await["changes"][4]["id"].clone();
    edit(&app, &token, "KEN", "national-consultation", 1, "at-risk").await;
    let new = json(app.get(&format!("/api/v1/changes?cursor={last}")).await).await;
    assert_eq!(new["changes"].as_array().unwrap().len(), 1);
    assert_eq!(new["changes"][0]["country"], "KEN");
}

#[tokio::test]
async fn filters_narrow_the_changes() {
    let app = spawn_app().await;
    let token = africa_editor(&app).await;
    edit(&app, &token, "KEN", "national-strategy", 0, "completed").await;
    edit(&app, &token, "GHA", "financing-pathway", 0, "in-progress").await;
    let count = |v: Value| v["changes"].as_array().unwrap().len();
    assert_eq!(
        count(json(app.get("/api/v1/changes?country=ken").await).await),
        1
    );
    assert_eq!(
        count(json(app.get("/api/v1/changes?kind=financing-pathway").await).await),
        1
    );
    assert_eq!(
        count(json(app.get("/api/v1/changes?region=africa").await).await),
        2
    );
    assert_eq!(
        count(json(app.get("/api/v1/changes?region=arab-states").await).await),
        0
    );
    assert_eq!(
        count(json(app.get("/api/v1/changes?theme=social-protection").await).await),
        2
    );
    assert_eq!(
        count(json(app.get("/api/v1/changes?since=2999-01-01").await).await),
        0
    );
    assert_eq!(
        count(json(app.get("/api/v1/changes?since=2020-01-01").await).await),
        2
    );
}

#[tokio::test]
async fn unknown_filters_and_cursors_get_400() {
    let app = spawn_app().await;
    for query in [
        "region=atlantis",
        "kind=nope",
        "since=soon",
        "cursor=abc",
        "cursor=-1",
        "limit=0",
        "limit=501",
        "limit=x",
    ] {
        let response = app.get(&format!("/api/v1/changes?{query}")).await;
        assert_eq!(response.status(), 400, "{query}");
        let body: Value = response.json().await.unwrap();
        assert!(body["error"].is_string(), "{query}");
    }
}

#[tokio::test]
async fn a_countrys_history_is_its_changes_newest_first() {
    let app = spawn_app().await;
    let token = africa_editor(&app).await;
    edit(&app, &token, "KEN", "national-strategy", 0, "in-progress").await;
    edit(&app, &token, "GHA", "national-strategy", 0, "in-progress").await;
    edit(&app, &token, "KEN", "national-strategy", 1, "completed").await;
    let history = json(app.get("/api/v1/countries/ken/history").await).await;
    let versions: Vec<i64> = history
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["version"].as_i64().unwrap())
        .collect();
    assert_eq!(versions, [2, 1]);
    assert_eq!(app.get("/api/v1/countries/ZZZ/history").await.status(), 404);
}
