//! Bearer tokens: `POST /api/v1/tokens` and `DELETE /api/v1/tokens/{id}`.

use crate::support::{spawn_app, PASSWORD};
use serde_json::{json, Value};

const KENYA: &str = "/api/v1/countries/KEN/actions/national-strategy";

async fn json(response: reqwest::Response) -> Value {
    response.json().await.expect("a JSON body")
}

#[tokio::test]
async fn tokens_need_the_right_password_and_are_stored_hashed() {
    let app = spawn_app().await;
    app.create_user("amina@un.org", "editor", "africa", "")
        .await;
    let token = app.token("Amina@UN.org").await;
    assert!(token.starts_with("sst_") && token.len() > 60);
    let stored: Vec<(String,)> = sqlx::query_as("SELECT token_hash FROM api_tokens")
        .fetch_all(app.storage.pool())
        .await
        .unwrap();
    assert_eq!(stored.len(), 1);
    assert!(!stored[0].0.contains(&token[4..]), "only a hash is kept");

    let wrong = app
        .client
        .post(app.url("/api/v1/tokens"))
        .json(&json!({ "email": "amina@un.org", "password": "not the password" }))
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 401);
    assert!(wrong.headers().contains_key("www-authenticate"));
    let unknown = app
        .client
        .post(app.url("/api/v1/tokens"))
        .json(&json!({ "email": "nobody@un.org", "password": PASSWORD }))
        .send()
        .await
        .unwrap();
    assert_eq!(
        unknown.status(),
        401,
        "unknown accounts look like wrong passwords"
    );
    let malformed = app
        .client
        .post(app.url("/api/v1/tokens"))
        .header("content-type", "application/json")
        .body("{\"email\": ")
        .send()
        .await
        .unwrap();
    assert_eq!(malformed.status(), 400);
    assert!(json(malformed).await["error"].is_string());
}

#[tokio::test]
async fn sign_in_attempts_are_limited_per_account() {
    let app = spawn_app().await;
    app.create_user("amina@un.org", "editor", "africa", "")
        .await;
    let mut statuses = Vec::new();
    for _ in 0..12 {
        let response = app
            .client
            .post(app.url("/api/v1/tokens"))
            .json(&json!({ "email": "amina@un.org", "password": "guess guess guess" }))
            .send()
            .await
            .unwrap();
        statuses.push(response.status().as_u16());
    }
    assert_eq!(&statuses[..10], &[401; 10]);
    assert_eq!(&statuses[10..], &[429, 429], "{statuses:?}");
    // The right password is refused too while the limit holds.
    let right = app
        .client
        .post(app.url("/api/v1/tokens"))
        .json(&json!({ "email": "amina@un.org", "password": PASSWORD }))
        .send()
        .await
        .unwrap();
    assert_eq!(right.status(), 429);
}

#[tokio::test]
async fn a_revoked_token_stops_working() {
    let app = spawn_app().await;
    app.create_user("amina@un.org", "editor", "africa", "")
        .await;
    app.create_user("omar@un.org", "editor", "arab-states", "")
        .await;
    let token = app.token("amina@un.org").await;
    let other = app.token("omar@un.org").await;
    let (id,): (i64,) = sqlx::query_as("SELECT id FROM api_tokens ORDER BY id LIMIT 1")
        .fetch_one(app.storage.pool())
        .await
        .unwrap();
    let not_yours = app
        .client
        .delete(app.url(&format!("/api/v1/tokens/{id}")))
        .bearer_auth(&other)
        .send()
        .await
        .unwrap();
    assert_eq!(not_yours.status(), 403);
    let revoked = app
        .client
        .delete(app.url(&format!("/api/v1/tokens/{id}")))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(revoked.status(), 204);
    let after = app
        .patch_action(
            Some(&token),
            KENYA,
            Some(0),
            json!({ "status": "completed" }),
        )
        .await;
    assert_eq!(after.status(), 401);
}
