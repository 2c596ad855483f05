//! After signing in, the browser goes only to a page of this site: `next`
//! is judged as a browser would read it, and nothing in it can crash the
//! request or break the `Location` header.

use crate::support::{spawn_app, TestApp, PASSWORD};

/// Signs in with a plain form post (as a browser without the wasm does)
/// and returns where the answer sends the browser.
async fn location_after_sign_in(app: &TestApp, next: &str) -> String {
    let response = app
        .client
        .post(app.url("/api/sign-in"))
        .header("Origin", &app.address)
        .header("Accept", "text/html,application/xhtml+xml")
        .form(&[
            ("lang", "en"),
            ("email", "amina@un.org"),
            ("password", PASSWORD),
            ("next", next),
        ])
        .send()
        .await
        .expect("an answer, not a dropped connection");
    assert!(
        response.status().is_redirection(),
        "{next:?}: {}",
        response.status()
    );
    response.headers()["location"].to_str().unwrap().to_owned()
}

async fn app_with_editor() -> TestApp {
    let app = spawn_app().await;
    app.create_user("amina@un.org", "editor", "africa", "")
        .await;
    app
}

#[tokio::test]
async fn a_same_site_next_is_followed_with_its_query() {
    let app = app_with_editor().await;
    assert_eq!(
        location_after_sign_in(&app, "/en/tracker?region=africa&kind=national-strategy").await,
        "/en/tracker?region=africa&kind=national-strategy"
    );
    assert_eq!(location_after_sign_in(&app, "").await, "/en/account");
}

#[tokio::test]
async fn a_next_that_leaves_the_site_goes_home() {
    let app = app_with_editor().await;
    for next in [
        "//evil.example/",
        "///evil.example/",
        "/\\evil.example/",
        "\\\\evil.example/",
        "/\t/evil.example/",
        "/\n/evil.example/",
        "https://evil.example/",
        "HTTPS://evil.example/",
        "javascript:alert(1)",
        "evil.example",
        " /\\/evil.example",
    ] {
        let to = location_after_sign_in(&app, next).await;
        assert_eq!(to, "/en/", "{next:?}");
    }
}

#[tokio::test]
async fn control_characters_in_next_neither_crash_nor_reach_the_header() {
    let app = app_with_editor().await;
    for next in [
        "/en/\r\nSet-Cookie: x=1",
        "/en/\u{0}tracker",
        "/en/\u{7f}",
        "/en/\u{1b}[31m",
        "/en/\u{2028}",
    ] {
        let to = location_after_sign_in(&app, next).await;
        assert!(
            to.starts_with('/') && !to.starts_with("//"),
            "{next:?} -> {to}"
        );
        assert!(to.chars().all(|c| !c.is_control()), "{next:?} -> {to:?}");
        assert!(!to.contains("Set-Cookie: "), "{to}");
    }
    // The server is still up and well.
    assert_eq!(app.get("/healthz").await.status(), 200);
}

#[tokio::test]
async fn a_failed_form_sign_in_goes_back_to_a_page_of_this_site() {
    let app = app_with_editor().await;
    let response = app
        .client
        .post(app.url("/api/sign-in"))
        .header("Origin", &app.address)
        .header("Accept", "text/html")
        .header("Referer", "https://evil.example/phish")
        .form(&[
            ("lang", "en"),
            ("email", "amina@un.org"),
            ("password", "not the password"),
        ])
        .send()
        .await
        .unwrap();
    assert!(response.status().is_redirection());
    let to = response.headers()["location"].to_str().unwrap();
    assert!(to.starts_with('/') && !to.starts_with("//"), "{to}");
    assert!(!to.contains("evil.example"), "{to}");
}
