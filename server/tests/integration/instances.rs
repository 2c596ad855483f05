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
    // first within the second it keeps what it read (docs/operations.md,
    // "Several instances").
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
async fn an_edit_through_one_instance_reaches_the_others_cache() {
    let (a, b) = two_instances().await;
    a.create_user("amina@un.org", "editor", "africa", "").await;
    // The token is issued by one instance and accepted by the other.
    let token = a.token("amina@un.org").await;
    // The second instance has already served, and kept, the old state.
    assert_eq!(status_of(&b, "national-strategy").await, "not-reported");
    let kept = b.get("/en/countries/KEN").await;
    let old_tag = kept.headers()["etag"].to_str().unwrap().to_owned();
    assert_eq!(
        b.get("/en/countries/KEN").await.headers()["x-response-cache"],
        "hit"
    );
    let edit = a
        .patch_action(
            Some(&token),
            "/api/v1/countries/KEN/actions/national-strategy",
            Some(0),
            json!({ "status": "in-progress", "note": "drafting" }),
        )
        .await;
    assert_eq!(edit.status(), 200);
    assert_eq!(status_of(&a, "national-strategy").await, "in-progress");
    // The stored data version moved: PostgreSQL tells the other instance at
    // commit (NOTIFY), SQLite within the poll (docs/caching.md).
    let bound = if crate::support::postgres_server().is_some() {
        Duration::from_millis(500)
    } else {
        server::storage::version::POLL + Duration::from_millis(500)
    };
    let started = Instant::now();
    while status_of(&b, "national-strategy").await != "in-progress" {
        assert!(started.elapsed() < bound, "the edit never showed");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // Both instances now give the same validator, and the old one no
    // longer matches.
    let new_tag = |app: &TestApp| {
        let url = app.url("/en/countries/KEN");
        let old_tag = old_tag.clone();
        async move {
            crate::support::spawn_client()
                .get(url)
                .header("if-none-match", &old_tag)
                .send()
                .await
                .unwrap()
        }
    };
    let (from_a, from_b) = (new_tag(&a).await, new_tag(&b).await);
    assert_eq!(from_b.status(), 200);
    assert_eq!(from_a.headers()["etag"], from_b.headers()["etag"]);
}

#[tokio::test]
async fn instances_started_together_with_the_same_administrator_both_start() {
    let dir = tempfile::tempdir().unwrap();
    let url = crate::support::database_in(&dir);
    let configure = |config: &mut server::config::Config| {
        config.first_admin = Some(server::config::FirstAdmin {
            email: "ict@un.org".into(),
            password: PASSWORD.into(),
        });
    };
    let (a, b) = tokio::join!(
        crate::support::spawn_app_on_with(tempfile::tempdir().unwrap(), url.clone(), configure),
        crate::support::spawn_app_on_with(tempfile::tempdir().unwrap(), url, configure),
    );
    for app in [&a, &b] {
        let signed_in = app.sign_in("ict@un.org", PASSWORD).await;
        assert!(signed_in.status().is_success() || signed_in.status().is_redirection());
    }
    drop(dir);
}

/// Wrong passwords are counted by every instance together: two instances
/// allow no more guesses than one.
#[tokio::test]
async fn sign_in_failures_count_across_instances() {
    let (a, b) = two_instances().await;
    a.create_user("amina@un.org", "editor", "africa", "").await;
    let guess = |app: &TestApp| {
        let url = app.url("/api/sign-in");
        let origin = app.address.clone();
        async move {
            crate::support::spawn_client()
                .post(url)
                .header("Origin", origin)
                .form(&[
                    ("lang", "en"),
                    ("email", "amina@un.org"),
                    ("password", "a wrong guess here"),
                ])
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        }
    };
    let mut let_through = 0;
    for round in 0..12 {
        let app = if round % 2 == 0 { &a } else { &b };
        if guess(app).await == 401 {
            let_through += 1;
        }
    }
    assert_eq!(
        let_through, 10,
        "ten failures from one address, whichever instance"
    );
    assert_eq!(guess(&a).await, 429);
    assert_eq!(guess(&b).await, 429);
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
