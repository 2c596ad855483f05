//! The write API's `PATCH …/actions/{kind}`: every status code, history
//! rows, restarts and concurrent edits, against the real server and a fresh
//! database (tokens are in `tokens`).

use crate::support::{spawn_app, spawn_app_on};
use serde_json::{json, Value};

const KENYA: &str = "/api/v1/countries/KEN/actions/national-strategy";

async fn json(response: reqwest::Response) -> Value {
    response.json().await.expect("a JSON body")
}

#[tokio::test]
async fn an_edit_answers_with_the_new_version_and_writes_history() {
    let app = spawn_app().await;
    app.create_user("amina@un.org", "editor", "africa", "")
        .await;
    let token = app.token("amina@un.org").await;
    let response = app
        .patch_action(
            Some(&token),
            KENYA,
            Some(0),
            json!({
                "status": "completed",
                "themes": ["social-protection", "digitalisation"],
                "evidence": ["https://kenya.un.org/en/strategy"],
                "note": "Adopted by cabinet."
            }),
        )
        .await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["etag"], "\"1\"");
    let action = json(response).await;
    assert_eq!(action["version"], 1);
    assert_eq!(action["status"], "completed");
    assert_eq!(action["updated_by"], "Test editor");
    assert_eq!(
        action["evidence"],
        json!(["https://kenya.un.org/en/strategy"])
    );

    let country = json(app.get("/api/v1/countries/KEN").await).await;
    let stored = country["actions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["kind"] == "national-strategy")
        .unwrap();
    assert_eq!(stored["status"], "completed");
    assert_eq!(stored["note"], "Adopted by cabinet.");
    let mut themes: Vec<String> = serde_json::from_value(stored["themes"].clone()).unwrap();
    themes.sort();
    assert_eq!(themes, ["digitalisation", "social-protection"]);

    let history: Vec<(i64, String, String, String)> = sqlx::query_as(
        "SELECT h.version, h.changed_by, h.changes, h.note FROM action_history h
         JOIN actions a ON a.id = h.action_id WHERE a.country = 'KEN'",
    )
    .fetch_all(app.storage.pool())
    .await
    .unwrap();
    assert_eq!(history.len(), 1);
    let (version, by, changes, note) = &history[0];
    assert_eq!(
        (*version, by.as_str(), note.as_str()),
        (1, "Test editor", "Adopted by cabinet.")
    );
    let changes: Value = serde_json::from_str(changes).unwrap();
    let status = changes
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["field"] == "status")
        .unwrap();
    assert_eq!(
        (status["from"].as_str(), status["to"].as_str()),
        (Some("not-reported"), Some("completed"))
    );

    // A partial patch changes only its field and adds one history row.
    let second = app
        .patch_action(
            Some(&token),
            KENYA,
            Some(1),
            json!({ "note": "Budget approved." }),
        )
        .await;
    assert_eq!(second.status(), 200);
    let second = json(second).await;
    assert_eq!(
        (second["version"].as_i64(), second["status"].as_str()),
        (Some(2), Some("completed"))
    );
    let (rows,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM action_history")
        .fetch_one(app.storage.pool())
        .await
        .unwrap();
    assert_eq!(rows, 2);
}

#[tokio::test]
async fn every_refusal_has_its_status_code() {
    let app = spawn_app().await;
    app.create_user("amina@un.org", "editor", "africa", "")
        .await;
    app.create_user("lucia@un.org", "editor", "", "PER CHL")
        .await;
    let africa = app.token("amina@un.org").await;
    let lucia = app.token("lucia@un.org").await;
    let body = json!({ "status": "in-progress" });

    let none = app.patch_action(None, KENYA, Some(0), body.clone()).await;
    assert_eq!(none.status(), 401);
    let forged = app
        .patch_action(Some("sst_forged"), KENYA, Some(0), body.clone())
        .await;
    assert_eq!(forged.status(), 401);

    let outside = app
        .patch_action(Some(&lucia), KENYA, Some(0), body.clone())
        .await;
    assert_eq!(outside.status(), 403, "Kenya is not in Lucía's countries");
    let peru = app
        .patch_action(
            Some(&lucia),
            "/api/v1/countries/PER/actions/national-strategy",
            Some(0),
            body.clone(),
        )
        .await;
    assert_eq!(peru.status(), 200, "a country assigned by code");
    let region = app
        .patch_action(
            Some(&lucia),
            "/api/v1/regions/africa/actions/regional-strategy",
            Some(0),
            body.clone(),
        )
        .await;
    assert_eq!(region.status(), 403);
    let own_region = app
        .patch_action(
            Some(&africa),
            "/api/v1/regions/africa/actions/regional-strategy",
            Some(0),
            body.clone(),
        )
        .await;
    assert_eq!(own_region.status(), 200);

    for path in [
        "/api/v1/countries/KEN/actions/party",
        "/api/v1/countries/XXX/actions/national-strategy",
        "/api/v1/countries/KEN/actions/regional-strategy",
        "/api/v1/regions/atlantis/actions/regional-strategy",
    ] {
        let response = app
            .patch_action(Some(&africa), path, Some(0), body.clone())
            .await;
        assert_eq!(response.status(), 404, "{path}");
    }

    let no_version = app
        .patch_action(Some(&africa), KENYA, None, body.clone())
        .await;
    assert_eq!(no_version.status(), 428);

    let invalid = app
        .patch_action(
            Some(&africa),
            KENYA,
            Some(0),
            json!({ "status": "done", "evidence": ["javascript:alert(1)"], "themes": ["karaoke"] }),
        )
        .await;
    assert_eq!(invalid.status(), 422);
    let invalid = json(invalid).await;
    let fields: Vec<&str> = invalid["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["status", "themes", "evidence"]);
    let unknown_field = app
        .patch_action(Some(&africa), KENYA, Some(0), json!({ "colour": "red" }))
        .await;
    assert_eq!(unknown_field.status(), 422);

    let first = app
        .patch_action(Some(&africa), KENYA, Some(0), body.clone())
        .await;
    assert_eq!(first.status(), 200);
    let stale = app
        .patch_action(
            Some(&africa),
            KENYA,
            Some(0),
            json!({ "status": "at-risk" }),
        )
        .await;
    assert_eq!(stale.status(), 409);
    let stale = json(stale).await;
    assert_eq!(stale["current"]["version"], 1);
    assert_eq!(
        stale["current"]["status"], "in-progress",
        "the other change is shown"
    );
    let country = json(app.get("/api/v1/countries/KEN").await).await;
    assert!(
        country["actions"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["kind"] == "national-strategy" && a["status"] == "in-progress"),
        "the stale edit did not overwrite"
    );
}

#[tokio::test]
async fn concurrent_edits_from_one_version_let_exactly_one_win() {
    let app = spawn_app().await;
    app.create_user("amina@un.org", "editor", "africa", "")
        .await;
    let token = app.token("amina@un.org").await;
    let attempts = (0..20).map(|i| {
        let (app, token) = (&app, &token);
        async move {
            app.patch_action(
                Some(token),
                KENYA,
                Some(0),
                json!({ "note": format!("edit {i}") }),
            )
            .await
            .status()
            .as_u16()
        }
    });
    let mut statuses = futures_join_all(attempts).await;
    statuses.sort();
    assert_eq!(
        statuses.iter().filter(|s| **s == 200).count(),
        1,
        "{statuses:?}"
    );
    assert_eq!(
        statuses.iter().filter(|s| **s == 409).count(),
        19,
        "{statuses:?}"
    );
    let (rows,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM action_history")
        .fetch_one(app.storage.pool())
        .await
        .unwrap();
    assert_eq!(rows, 1);
}

/// Runs the futures concurrently (without pulling in the `futures` crate).
async fn futures_join_all<F: std::future::Future<Output = u16>>(
    futures: impl Iterator<Item = F>,
) -> Vec<u16> {
    let mut set = Vec::new();
    for f in futures {
        set.push(Box::pin(f));
    }
    let mut out = Vec::new();
    let mut pending: Vec<_> = set.into_iter().map(Some).collect();
    std::future::poll_fn(|cx| {
        for slot in pending.iter_mut() {
            if let Some(f) = slot {
                if let std::task::Poll::Ready(v) = f.as_mut().poll(cx) {
                    out.push(v);
                    *slot = None;
                }
            }
        }
        if pending.iter().all(Option::is_none) {
            std::task::Poll::Ready(())
        } else {
            std::task::Poll::Pending
        }
    })
    .await;
    out
}

#[tokio::test]
async fn a_restart_keeps_every_acknowledged_edit() {
    let dir = tempfile::tempdir().unwrap();
    let url = crate::support::database_in(&dir);
    let app = spawn_app_on(dir, url.clone()).await;
    app.create_user("amina@un.org", "editor", "africa", "")
        .await;
    let token = app.token("amina@un.org").await;
    let mut acknowledged = Vec::new();
    for (i, kind) in [
        "national-consultation",
        "delegation-support",
        "solutions-session",
    ]
    .iter()
    .enumerate()
    {
        let response = app
            .patch_action(
                Some(&token),
                &format!("/api/v1/countries/KEN/actions/{kind}"),
                Some(0),
                json!({ "status": "completed", "note": format!("step {i}") }),
            )
            .await;
        assert_eq!(response.status(), 200);
        acknowledged.push(*kind);
    }
    // A second server on the same file, as after a restart.
    let again = spawn_app_on(tempfile::tempdir().unwrap(), url).await;
    let country = json(again.get("/api/v1/countries/KEN").await).await;
    for kind in acknowledged {
        let action = country["actions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["kind"] == kind)
            .unwrap();
        assert_eq!(action["status"], "completed", "{kind}");
        assert_eq!(action["version"], 1);
    }
    // The token still works: it lives in the database.
    let later = again
        .patch_action(Some(&token), KENYA, Some(0), json!({ "status": "at-risk" }))
        .await;
    assert_eq!(later.status(), 200);
    drop(app);
}

#[tokio::test]
async fn a_note_with_markup_is_shown_as_text() {
    let app = spawn_app().await;
    app.create_user("amina@un.org", "editor", "africa", "")
        .await;
    let token = app.token("amina@un.org").await;
    let note = "<script>alert('x')</script><img src=x onerror=alert(1)>";
    let response = app
        .patch_action(Some(&token), KENYA, Some(0), json!({ "note": note }))
        .await;
    assert_eq!(response.status(), 200);
    let page = app.get("/en/countries/KEN").await.text().await.unwrap();
    assert!(!page.contains("<script>alert('x')"), "never executable");
    assert!(!page.contains("<img src=x"), "never markup");
    assert!(page.contains("&lt;script&gt;alert(") || page.contains("&lt;script>alert("));
}

#[tokio::test]
async fn the_csv_export_matches_the_json_after_edits() {
    let app = spawn_app().await;
    app.create_user("amina@un.org", "editor", "africa", "")
        .await;
    let token = app.token("amina@un.org").await;
    let note = "Line one, with a comma; and \"quotes\"\nline two — ünïcödé";
    let response = app
        .patch_action(
            Some(&token),
            KENYA,
            Some(0),
            json!({ "status": "at-risk", "note": note, "evidence": ["https://a.example/x?y=1,2", "http://b.example"] }),
        )
        .await;
    assert_eq!(response.status(), 200);
    let rows: Vec<Value> = json(
        app.get("/api/v1/tracker.json?region=africa&status=at-risk")
            .await,
    )
    .await
    .as_array()
    .unwrap()
    .clone();
    assert_eq!(rows.len(), 1);
    let csv = app
        .get("/api/v1/tracker.csv?region=africa&status=at-risk")
        .await
        .text()
        .await
        .unwrap();
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let records: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!(records.len(), 1);
    let headers = reader.headers().unwrap().clone();
    let field = |name: &str| {
        records[0]
            .get(headers.iter().position(|h| h == name).unwrap())
            .unwrap()
            .to_owned()
    };
    assert_eq!(field("note"), note);
    assert_eq!(field("note"), rows[0]["note"].as_str().unwrap());
    assert_eq!(
        field("evidence"),
        "https://a.example/x?y=1,2; http://b.example"
    );
    assert_eq!(field("version"), "1");
    assert_eq!(field("updated_by"), rows[0]["updated_by"].as_str().unwrap());
}

#[tokio::test]
async fn the_openapi_document_describes_every_endpoint() {
    let app = spawn_app().await;
    let doc = json(app.get("/api/v1/openapi.json").await).await;
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    let paths = doc["paths"].as_object().unwrap();
    for (path, method) in [
        ("/api/v1/countries", "get"),
        ("/api/v1/countries/{iso3}", "get"),
        ("/api/v1/regions", "get"),
        ("/api/v1/regions/{slug}", "get"),
        ("/api/v1/tracker.json", "get"),
        ("/api/v1/tracker.csv", "get"),
        ("/api/v1/milestones", "get"),
        ("/api/v1/tokens", "post"),
        ("/api/v1/tokens/{id}", "delete"),
        ("/api/v1/countries/{iso3}/actions/{kind}", "patch"),
        ("/api/v1/regions/{slug}/actions/{kind}", "patch"),
    ] {
        assert!(
            paths.get(path).and_then(|p| p.get(method)).is_some(),
            "{method} {path}"
        );
    }
    let patch = &paths["/api/v1/countries/{iso3}/actions/{kind}"]["patch"]["responses"];
    for code in ["200", "401", "403", "409", "422"] {
        assert!(patch.get(code).is_some(), "PATCH documents {code}");
    }
    assert!(doc["components"]["schemas"]["ActionJson"].is_object());
}
