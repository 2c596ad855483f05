//! `/healthz` and `/readyz`.

use crate::support::spawn_app;

#[tokio::test]
async fn healthz_answers_while_up() {
    let app = spawn_app().await;
    let response = app.get("/healthz").await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.text().await.unwrap(), "ok");
}

#[tokio::test]
async fn readyz_follows_the_database() {
    let app = spawn_app().await;
    assert_eq!(app.get("/readyz").await.status(), 200);
    app.storage.pool().close().await;
    assert_eq!(app.get("/readyz").await.status(), 503);
    // The process itself is still up.
    assert_eq!(app.get("/healthz").await.status(), 200);
}
