//! What only administrators change: accounts, themes, briefings, the
//! country→region table and milestones; and `server create-admin`.

use crate::support::{spawn_app, TestApp, PASSWORD};

async fn signed_in_admin() -> TestApp {
    crate::support::signed_in_admin().await
}

async fn post(app: &TestApp, path: &str, form: &[(&str, &str)]) -> reqwest::Response {
    app.post_form(path, form).await
}

#[tokio::test]
async fn the_last_administrator_cannot_be_demoted() {
    let app = signed_in_admin().await;
    let me: serde_json::Value = app.get("/api/me").await.json().await.unwrap();
    let id = me["id"].as_i64().unwrap().to_string();
    let demote = |id: String| {
        let app = &app;
        async move {
            post(
                app,
                "/api/admin/set-role",
                &[
                    ("id", id.as_str()),
                    ("role", "editor"),
                    ("region", "africa"),
                ],
            )
            .await
        }
    };
    let refused = demote(id.clone()).await;
    assert_eq!(refused.status(), 422);
    assert!(refused.text().await.unwrap().contains("LastAdmin"));
    let me: serde_json::Value = app.get("/api/me").await.json().await.unwrap();
    assert_eq!(me["role"], "admin", "still an administrator");
    // With a second administrator, the first may step down.
    app.create_user("second@un.org", "admin", "", "").await;
    assert_eq!(demote(id).await.status(), 200);
    // The session's account was read a moment ago, and is kept a second:
    // a change through this instance still applies to the next request.
    let me: serde_json::Value = app.get("/api/me").await.json().await.unwrap();
    assert_eq!(me["role"], "editor", "the new role applies at once");
}

#[tokio::test]
async fn administrators_create_editors_with_a_scope() {
    let app = signed_in_admin().await;
    let created = post(
        &app,
        "/api/admin/create-user",
        &[
            ("email", "Lucia@UN.org"),
            ("name", "Lucía P."),
            ("role", "editor"),
            ("region", "latin-america-caribbean"),
            ("countries", "ken, UGA"),
            ("password", PASSWORD),
        ],
    )
    .await;
    assert_eq!(created.status(), 200);
    let duplicate = post(
        &app,
        "/api/admin/create-user",
        &[
            ("email", "lucia@un.org"),
            ("name", "Again"),
            ("role", "editor"),
            ("password", "a long enough password"),
        ],
    )
    .await;
    assert_eq!(duplicate.status(), 422);
    assert!(duplicate.text().await.unwrap().contains("EmailTaken"));
    let invalid = post(
        &app,
        "/api/admin/create-user",
        &[
            ("email", "not-an-address"),
            ("name", ""),
            ("role", "root"),
            ("countries", "XX1"),
            ("password", "short"),
        ],
    )
    .await;
    assert_eq!(invalid.status(), 422);
    let token = app.token("lucia@un.org").await;
    let body = serde_json::json!({ "status": "in-progress" });
    for (path, expected) in [
        ("/api/v1/countries/PER/actions/national-strategy", 200),
        ("/api/v1/countries/UGA/actions/national-strategy", 200),
        ("/api/v1/countries/TZA/actions/national-strategy", 403),
    ] {
        let response = app
            .patch_action(Some(&token), path, Some(0), body.clone())
            .await;
        assert_eq!(response.status(), expected, "{path}");
    }
}

#[tokio::test]
async fn administrators_edit_themes_briefings_regions_and_milestones() {
    let app = signed_in_admin().await;
    let theme = post(
        &app,
        "/api/admin/add-theme",
        &[
            ("slug", "gender-equality"),
            ("name_en", "Gender equality"),
            ("name_fr", "Égalité des genres"),
        ],
    )
    .await;
    let status = theme.status();
    assert_eq!(status, 200, "{}", theme.text().await.unwrap());
    let again = post(
        &app,
        "/api/admin/add-theme",
        &[("slug", "gender-equality"), ("name_en", "Again")],
    )
    .await;
    assert_eq!(again.status(), 422);
    let tracker: serde_json::Value = app.get("/api/tracker?lang=fr").await.json().await.unwrap();
    assert!(tracker["themes"].to_string().contains("Égalité des genres"));

    let briefing = post(
        &app,
        "/api/admin/set-briefing",
        &[
            ("region", "africa"),
            ("date", "2025-08-29"),
            ("participants", "120+"),
        ],
    )
    .await;
    assert_eq!(briefing.status(), 200);
    let regions: serde_json::Value = app.get("/api/v1/regions").await.json().await.unwrap();
    let africa = regions
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["slug"] == "africa")
        .unwrap();
    assert_eq!(africa["briefing_date"], "2025-08-29");
    let bad_date = post(
        &app,
        "/api/admin/set-briefing",
        &[("region", "africa"), ("date", "29/08/2025")],
    )
    .await;
    assert_eq!(bad_date.status(), 422);

    // France has no UN Country Team; giving it one creates its actions.
    let moved = post(
        &app,
        "/api/admin/set-country-region",
        &[("code", "fra"), ("region", "europe-central-asia")],
    )
    .await;
    assert_eq!(moved.status(), 200);
    let france: serde_json::Value = app.get("/api/v1/countries/FRA").await.json().await.unwrap();
    assert_eq!(france["region"], "europe-central-asia");
    assert_eq!(france["actions"].as_array().unwrap().len(), 7);

    let milestone = post(
        &app,
        "/api/admin/set-milestone",
        &[
            ("lang", "en"),
            ("slug", "summit"),
            ("start", "2025-11-04"),
            ("end", "2025-11-06"),
            ("zone", "Asia/Qatar"),
            ("title", "World Summit for Social Development (edited)"),
            ("description", "Doha"),
        ],
    )
    .await;
    assert_eq!(milestone.status(), 200);
    let list: serde_json::Value = app.get("/api/v1/milestones").await.json().await.unwrap();
    let summit = list
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["slug"] == "summit")
        .unwrap();
    assert_eq!(
        summit["title"],
        "World Summit for Social Development (edited)"
    );
    assert_eq!(summit["local_start"], "2025-11-04");
    let gap = post(
        &app,
        "/api/admin/set-milestone",
        &[
            ("lang", "en"),
            ("slug", "summit"),
            ("start", "2025-03-30T02:30"),
            ("zone", "Europe/Berlin"),
            ("title", "x"),
        ],
    )
    .await;
    assert_eq!(
        gap.status(),
        422,
        "a time the clock change skips is refused"
    );
}

#[tokio::test]
async fn editors_cannot_reach_administration() {
    let app = spawn_app().await;
    app.create_user("amina@un.org", "editor", "africa", "")
        .await;
    post(
        &app,
        "/api/sign-in",
        &[
            ("lang", "en"),
            ("email", "amina@un.org"),
            ("password", PASSWORD),
        ],
    )
    .await;
    for (path, form) in [
        (
            "/api/admin/set-briefing",
            vec![("region", "africa"), ("date", "2025-08-29")],
        ),
        (
            "/api/admin/set-country-region",
            vec![("code", "FRA"), ("region", "africa")],
        ),
        (
            "/api/admin/create-user",
            vec![
                ("email", "x@un.org"),
                ("name", "X"),
                ("role", "admin"),
                ("password", "a long enough password"),
            ],
        ),
    ] {
        assert_eq!(post(&app, path, &form).await.status(), 403, "{path}");
    }
    let page = app.get("/api/admin?lang=en").await;
    assert_eq!(page.status(), 403);
}

#[test]
fn create_admin_on_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let url = crate::support::database_in(&dir);
    let run = |password: &str| {
        std::process::Command::new(env!("CARGO_BIN_EXE_server"))
            .args(["create-admin", "ops@un.org", "Ops Team"])
            .env("DATABASE_URL", &url)
            .env("SUMMIT_ADMIN_PASSWORD", password)
            .env_remove("SUMMIT_ADMIN_EMAIL")
            .output()
            .unwrap()
    };
    let ok = run("an operator passphrase");
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    assert!(String::from_utf8_lossy(&ok.stdout).contains("ops@un.org"));
    let again = run("an operator passphrase");
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("exists"));
    let weak = std::process::Command::new(env!("CARGO_BIN_EXE_server"))
        .args(["create-admin", "other@un.org"])
        .env("DATABASE_URL", &url)
        .env("SUMMIT_ADMIN_PASSWORD", "short")
        .output()
        .unwrap();
    assert_eq!(weak.status.code(), Some(2));
}

#[tokio::test]
async fn two_administrators_demoting_each_other_at_once_leave_one() {
    let app = crate::support::spawn_app().await;
    for round in 0..5 {
        let a = format!("a{round}@un.org");
        let b = format!("b{round}@un.org");
        let a_id = app.create_user(&a, "admin", "", "").await;
        let b_id = app.create_user(&b, "admin", "", "").await;
        // Only these two are administrators: demote every other one first.
        let others: Vec<i64> = sqlx::query_scalar("SELECT id FROM users WHERE role = 'admin'")
            .fetch_all(app.storage.pool())
            .await
            .unwrap();
        for id in others.into_iter().filter(|id| *id != a_id && *id != b_id) {
            sqlx::query("UPDATE users SET role = 'editor' WHERE id = $1")
                .bind(id)
                .execute(app.storage.pool())
                .await
                .unwrap();
        }
        let (first, second) = (
            crate::support::spawn_client(),
            crate::support::spawn_client(),
        );
        for (client, email) in [(&first, &a), (&second, &b)] {
            let signed_in = client
                .post(app.url("/api/sign-in"))
                .header("Origin", &app.address)
                .form(&[
                    ("lang", "en"),
                    ("email", email.as_str()),
                    ("password", PASSWORD),
                ])
                .send()
                .await
                .unwrap();
            assert!(!signed_in.status().is_client_error());
        }
        let demote = |client: &reqwest::Client, id: i64| {
            client
                .post(app.url("/api/admin/set-role"))
                .header("Origin", &app.address)
                .form(&[
                    ("id", id.to_string()),
                    ("role", "editor".to_owned()),
                    ("region", "africa".to_owned()),
                ])
                .send()
        };
        let (one, two) = tokio::join!(demote(&first, b_id), demote(&second, a_id));
        let statuses = [
            one.unwrap().status().as_u16(),
            two.unwrap().status().as_u16(),
        ];
        let admins: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE role = 'admin'")
            .fetch_one(app.storage.pool())
            .await
            .unwrap();
        assert_eq!(admins, 1, "round {round}: {statuses:?}");
        // The loser is refused: as the last administrator (422), or, when
        // the winner committed first, as no longer an administrator (403).
        let mut sorted = statuses;
        sorted.sort();
        assert!(
            sorted == [200, 403] || sorted == [200, 422],
            "round {round}: {statuses:?}"
        );
    }
}
