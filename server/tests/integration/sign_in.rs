//! Signing in through the site's own server functions: session cookies,
//! CSRF refusal, password changes and the first administrator.

use crate::support::{spawn_app, PASSWORD};
use server::config::{Config, FirstAdmin};
use server::startup::Application;

#[tokio::test]
async fn signing_in_sets_a_locked_down_session_cookie() {
    let app = spawn_app().await;
    app.create_user("amina@un.org", "editor", "africa", "")
        .await;
    let response = app.sign_in("amina@un.org", PASSWORD).await;
    assert!(
        response.status().is_success() || response.status().is_redirection(),
        "{}",
        response.status()
    );
    let cookie = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .find(|c| c.starts_with("summit_session="))
        .expect("a session cookie");
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax"), "{cookie}");
    assert!(!cookie.contains("Secure"), "plain HTTP in tests");
    let me: serde_json::Value = app.get("/api/me").await.json().await.unwrap();
    assert_eq!(me["email"], "amina@un.org");
    assert_eq!(me["role"], "editor");
    let page = app.get("/en/account").await.text().await.unwrap();
    assert!(page.contains("amina@un.org"));
    let sessions: (i64,) = sqlx::query_as(&format!(
        "SELECT COUNT(*) FROM {}",
        crate::support::sessions_table()
    ))
    .fetch_one(app.storage.pool())
    .await
    .unwrap();
    assert_eq!(sessions.0, 1, "sessions live in the database");

    let out = app
        .client
        .post(app.url("/api/sign-out"))
        .header("Origin", &app.address)
        .form(&[("lang", "en")])
        .send()
        .await
        .unwrap();
    assert!(out.status().is_success() || out.status().is_redirection());
    let me: serde_json::Value = app.get("/api/me").await.json().await.unwrap();
    assert!(me.is_null());
}

#[tokio::test]
async fn cookies_are_secure_behind_https() {
    // Behind a proxy the operator trusts (TRUST_PROXY=1).
    let app = crate::support::spawn_app_with(|c| c.trust_proxy = true).await;
    app.create_user("amina@un.org", "editor", "africa", "")
        .await;
    let response = app
        .client
        .post(app.url("/api/sign-in"))
        .header("X-Forwarded-Proto", "https")
        .form(&[
            ("lang", "en"),
            ("email", "amina@un.org"),
            ("password", PASSWORD),
        ])
        .send()
        .await
        .unwrap();
    let cookies: Vec<String> = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .collect();
    assert!(!cookies.is_empty());
    assert!(
        cookies.iter().all(|c| c.contains("; Secure")),
        "{cookies:?}"
    );
}

#[tokio::test]
async fn a_wrong_password_is_refused_without_saying_which_part_was_wrong() {
    let app = spawn_app().await;
    app.create_user("amina@un.org", "editor", "africa", "")
        .await;
    let wrong = app.sign_in("amina@un.org", "not my password at all").await;
    let unknown = app.sign_in("nobody@un.org", PASSWORD).await;
    assert_eq!(wrong.status(), 401);
    assert_eq!(unknown.status(), 401);
    assert_eq!(wrong.text().await.unwrap(), unknown.text().await.unwrap());
    let me: serde_json::Value = app.get("/api/me").await.json().await.unwrap();
    assert!(me.is_null());
}

#[tokio::test]
async fn cross_site_requests_cannot_change_anything() {
    let app = spawn_app().await;
    app.create_user("amina@un.org", "editor", "africa", "")
        .await;
    let evil_origin = app
        .client
        .post(app.url("/api/sign-in"))
        .header("Origin", "http://evil.example")
        .form(&[
            ("lang", "en"),
            ("email", "amina@un.org"),
            ("password", PASSWORD),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(evil_origin.status(), 403);
    let cross_site = app
        .client
        .post(app.url("/api/update-action"))
        .header("Sec-Fetch-Site", "cross-site")
        .json(&serde_json::json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(cross_site.status(), 403);
    let token = app
        .client
        .post(app.url("/api/v1/tokens"))
        .header("Sec-Fetch-Site", "same-site")
        .json(&serde_json::json!({ "email": "amina@un.org", "password": PASSWORD }))
        .send()
        .await
        .unwrap();
    assert_eq!(
        token.status(),
        403,
        "a sibling subdomain is another site's page"
    );
}

#[tokio::test]
async fn editing_through_the_site_needs_a_session_and_the_scope() {
    let app = spawn_app().await;
    app.create_user("amina@un.org", "editor", "africa", "")
        .await;
    let edit = |iso3: &str| {
        serde_json::json!({
            "lang": "en",
            "edit": {
                "target": { "Country": iso3 },
                "kind": "national-strategy",
                "version": 0,
                "patch": { "status": "in-progress" }
            }
        })
    };
    let anonymous = app
        .client
        .post(app.url("/api/update-action"))
        .json(&edit("KEN"))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), 401);
    app.sign_in("amina@un.org", PASSWORD).await;
    let own = app
        .client
        .post(app.url("/api/update-action"))
        .json(&edit("KEN"))
        .send()
        .await
        .unwrap();
    assert_eq!(own.status(), 200);
    let other = app
        .client
        .post(app.url("/api/update-action"))
        .json(&edit("PER"))
        .send()
        .await
        .unwrap();
    assert_eq!(other.status(), 403);
    let admin_only = app
        .client
        .post(app.url("/api/admin/add-theme"))
        .form(&[("slug", "gender-equality"), ("name_en", "Gender equality")])
        .send()
        .await
        .unwrap();
    assert_eq!(admin_only.status(), 403);
}

#[tokio::test]
async fn changing_the_password_ends_other_sessions() {
    let app = spawn_app().await;
    app.create_user("amina@un.org", "editor", "africa", "")
        .await;
    app.sign_in("amina@un.org", PASSWORD).await;
    let other = crate::support::spawn_client();
    other
        .post(app.url("/api/sign-in"))
        .form(&[
            ("lang", "en"),
            ("email", "amina@un.org"),
            ("password", PASSWORD),
        ])
        .send()
        .await
        .unwrap();
    let me: serde_json::Value = other
        .get(app.url("/api/me"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(me["email"], "amina@un.org");
    let changed = app
        .client
        .post(app.url("/api/change-password"))
        .form(&[
            ("current_password", PASSWORD),
            ("new_password", "a brand new passphrase"),
            ("repeat_password", "a brand new passphrase"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(changed.status(), 200);
    let mine: serde_json::Value = app.get("/api/me").await.json().await.unwrap();
    assert_eq!(mine["email"], "amina@un.org", "this session stays");
    let theirs: serde_json::Value = other
        .get(app.url("/api/me"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(theirs.is_null(), "the other session ended");
    let short = app
        .client
        .post(app.url("/api/change-password"))
        .form(&[
            ("current_password", "a brand new passphrase"),
            ("new_password", "short"),
            ("repeat_password", "short"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(short.status(), 422);
}

#[tokio::test]
async fn the_first_administrator_comes_from_the_environment_once() {
    let dir = tempfile::tempdir().unwrap();
    let url = crate::support::database_in(&dir);
    let config = |password: &str| Config {
        addr: "127.0.0.1:0".parse().unwrap(),
        database_url: url.clone(),
        log_filter: "warn".into(),
        first_admin: Some(FirstAdmin {
            email: "Admin@UN.org".into(),
            password: password.into(),
        }),
        trust_proxy: false,
        embed_origins: "*".into(),
        release: None,
        public_url: None,
        timeouts: Default::default(),
        mail: None,
        oidc: None,
        font_dirs: server::brief::DEFAULT_FONT_DIRS.into(),
    };
    let first = Application::build(config("first admin password"))
        .await
        .unwrap();
    let users: Vec<(String, String)> = sqlx::query_as("SELECT email, role FROM users")
        .fetch_all(first.storage().pool())
        .await
        .unwrap();
    assert_eq!(users, [("admin@un.org".to_owned(), "admin".to_owned())]);
    drop(first);
    let second = Application::build(config("another password entirely"))
        .await
        .unwrap();
    let (count, hash): (i64, String) =
        sqlx::query_as("SELECT COUNT(*), MAX(password_hash) FROM users")
            .fetch_one(second.storage().pool())
            .await
            .unwrap();
    assert_eq!(count, 1, "set once, never duplicated");
    assert!(
        password_auth::verify_password("first admin password", &hash).is_ok(),
        "never overwritten"
    );
    let weak = Config {
        database_url: crate::support::database_in(&tempfile::tempdir().unwrap()),
        ..config("short")
    };
    assert!(
        Application::build(weak).await.is_err(),
        "a weak password stops the start"
    );
}
