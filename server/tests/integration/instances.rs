//! Several instances on one database, as behind a load balancer: what one
//! writes the other serves, a session opened on one is valid on the other,
//! and edits racing through both still let exactly one win. `make test` runs
//! this on SQLite (two instances on one file) and again on PostgreSQL.

use crate::support::{spawn_app_on, TestApp, PASSWORD};
use serde_json::{json, Value};
use std::time::{Duration, Instant};

/// Two servers on one fresh database.
async fn two_instances() -> (TestApp, TestApp) {
    let dir = tempfile::tempdir().unwrap();
    let url = crate::support::database_in(&dir);
    let first = spawn_app_on(dir, url.clone()).await;
    let second = spawn_app_on(tempfile::tempdir().unwrap(), url).await;
    assert_ne!(first.address, second.address);
    (first, second)
}

/// The `summit_session=…` pair a response set.
fn session_cookie(response: &reqwest::Response) -> String {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("summit_session="))
        .and_then(|c| c.split(';').next())
        .expect("a session cookie")
        .to_owned()
}

/// `/api/me` on `app` with exactly this cookie (a browser that the load
/// balancer sent to another instance).
async fn me(app: &TestApp, cookie: &str) -> Value {
    crate::support::spawn_client()
        .get(app.url("/api/me"))
        .header("Cookie", cookie)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

async fn status_of(app: &TestApp, kind: &str) -> String {
    let country: Value = app.get("/api/v1/countries/KEN").await.json().await.unwrap();
    country["actions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["kind"] == kind)
        .map(|a| a["status"].as_str().unwrap().to_owned())
        .unwrap()
}

#[tokio::test]
async fn a_session_opened_on_one_instance_is_valid_on_the_other() {
    let (a, b) = two_instances().await;
    a.create_user("amina@un.org", "editor", "africa", "").await;
    let signed_in = a.sign_in("amina@un.org", PASSWORD).await;
    assert!(signed_in.status().is_redirection() || signed_in.status().is_success());
    let cookie = session_cookie(&signed_in);
    assert_eq!(me(&b, &cookie).await["email"], "amina@un.org");

    // The first has just read the session too (and keeps it a second).
    assert_eq!(me(&a, &cookie).await["email"], "amina@un.org");

    // Signing out on the second ends the session there at once, and on the
    // first within the second it keeps what it read (README: "Several
    // instances").
    let out = crate::support::spawn_client()
        .post(b.url("/api/sign-out"))
        .header("Origin", &b.address)
        .header("Cookie", &cookie)
        .form(&[("lang", "en")])
        .send()
        .await
        .unwrap();
    assert!(out.status().is_redirection() || out.status().is_success());
    assert!(me(&b, &cookie).await.is_null(), "signed out here at once");
    let deadline = Instant::now() + Duration::from_secs(3);
    while !me(&a, &cookie).await.is_null() {
        assert!(Instant::now() < deadline, "still signed in on the first");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn an_edit_through_one_instance_is_served_by_the_other() {
    let (a, b) = two_instances().await;
    a.create_user("amina@un.org", "editor", "africa", "").await;
    // The token is issued by one instance and accepted by the other.
    let token = a.token("amina@un.org").await;
    // The second instance has already served (and may cache) the old state.
    assert_eq!(status_of(&b, "national-strategy").await, "not-reported");
    let edit = b
        .patch_action(
            Some(&token),
            "/api/v1/countries/KEN/actions/national-strategy",
            Some(0),
            json!({ "status": "in-progress", "note": "drafting" }),
        )
        .await;
    assert_eq!(edit.status(), 200);
    assert_eq!(status_of(&a, "national-strategy").await, "in-progress");
    // Anonymous answers are cached for one second per instance (README:
    // "Several instances"); the change shows within that window.
    let deadline = Instant::now() + Duration::from_secs(5);
    while status_of(&b, "national-strategy").await != "in-progress" {
        assert!(Instant::now() < deadline, "the edit never showed");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

#[tokio::test]
async fn edits_racing_through_both_instances_let_exactly_one_win() {
    let (a, b) = two_instances().await;
    a.create_user("amina@un.org", "editor", "africa", "").await;
    let token = a.token("amina@un.org").await;
    let path = "/api/v1/countries/KEN/actions/financing-pathway";
    let edits = (0..12).map(|i| {
        let app = if i % 2 == 0 { &a } else { &b };
        let token = token.clone();
        async move {
            app.patch_action(
                Some(&token),
                path,
                Some(0),
                json!({ "status": "at-risk", "note": format!("writer {i}") }),
            )
            .await
            .status()
            .as_u16()
        }
    });
    let mut statuses = futures_util::future::join_all(edits).await;
    statuses.sort();
    assert_eq!(statuses[0], 200);
    assert!(statuses[1..].iter().all(|s| *s == 409), "{statuses:?}");
    let (history,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM action_history h JOIN actions a ON a.id = h.action_id
         WHERE a.country = 'KEN' AND a.kind = 'financing-pathway'",
    )
    .fetch_one(a.storage.pool())
    .await
    .unwrap();
    assert_eq!(history, 1);
}
