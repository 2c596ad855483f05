//! The installable app and the embeds as HTTP sees them: the service worker
//! script and who may frame which page (the manifest and its icons are
//! checked in `end2end/tests/pwa.spec.ts`, against the built site).

use crate::support::spawn_app;
use server::config::Config;
use server::startup::Application;

#[tokio::test]
async fn the_service_worker_is_never_cached_and_lists_this_build() {
    let app = spawn_app().await;
    let response = app.get("/sw.js").await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["cache-control"], "no-cache");
    assert!(response.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/javascript"));
    let script = response.text().await.unwrap();
    assert!(!script.contains("__VERSION__") && !script.contains("__PRECACHE__"));
    assert!(script.contains("\"/offline.html\""));
    let version = script
        .lines()
        .find(|l| l.starts_with("const VERSION"))
        .unwrap();
    assert!(version.len() > "const VERSION = '';".len());
}

fn frame_ancestors(response: &reqwest::Response) -> String {
    let policy = response.headers()["content-security-policy"]
        .to_str()
        .unwrap();
    policy
        .split(';')
        .map(str::trim)
        .find(|d| d.starts_with("frame-ancestors"))
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn widgets_may_be_framed_and_nothing_else() {
    let app = spawn_app().await;
    for path in [
        "/en/embed/countdown",
        "/fr/embed/map?view=progress",
        "/ar/embed/regions/africa",
    ] {
        let response = app.get(path).await;
        assert_eq!(response.status(), 200, "{path}");
        assert_eq!(frame_ancestors(&response), "frame-ancestors *", "{path}");
        assert!(response.headers().get("x-frame-options").is_none());
        let html = response.text().await.unwrap();
        assert!(
            !html.contains("class=\"site-header\""),
            "{path}: no site header"
        );
        assert!(html.contains("target=\"_blank\""), "{path}: a link out");
    }
    for path in ["/en/", "/en/embed", "/en/tracker", "/en/sign-in"] {
        let response = app.get(path).await;
        assert_eq!(
            frame_ancestors(&response),
            "frame-ancestors 'self'",
            "{path}"
        );
    }
    assert_eq!(app.get("/en/embed/regions/atlantis").await.status(), 404);
}

#[tokio::test]
async fn embed_origins_come_from_the_configuration() {
    let dir = tempfile::tempdir().unwrap();
    let config = Config {
        addr: "127.0.0.1:0".parse().unwrap(),
        database_url: crate::support::database_in(&dir),
        log_filter: "warn".into(),
        first_admin: None,
        trust_proxy: false,
        embed_origins: "https://intranet.un.org https://*.undp.org".into(),
        release: None,
        public_url: None,
        timeouts: Default::default(),
        mail: None,
        oidc: None,
        font_dirs: server::brief::DEFAULT_FONT_DIRS.into(),
    };
    let app = Application::build(config).await.unwrap();
    let address = format!("http://{}", app.local_addr());
    tokio::spawn(app.run_until_stopped(std::future::pending()));
    let widget = reqwest::get(format!("{address}/en/embed/countdown"))
        .await
        .unwrap();
    assert_eq!(
        frame_ancestors(&widget),
        "frame-ancestors 'self' https://intranet.un.org https://*.undp.org"
    );
    let page = reqwest::get(format!("{address}/en/milestones"))
        .await
        .unwrap();
    assert_eq!(frame_ancestors(&page), "frame-ancestors 'self'");
}

#[tokio::test]
async fn cached_pages_are_the_same_bytes_and_edits_show_at_once() {
    let app = spawn_app().await;
    let first = app.get("/en/countries/KEN").await;
    let policy = first.headers()["content-security-policy"].clone();
    let first = first.bytes().await.unwrap();
    let second = app.get("/en/countries/KEN").await;
    assert_eq!(second.headers()["x-response-cache"], "hit");
    assert_eq!(second.headers()["content-security-policy"], policy);
    assert_eq!(second.bytes().await.unwrap(), first);

    app.create_user("amina@un.org", "editor", "africa", "")
        .await;
    let token = app.token("amina@un.org").await;
    let status = |body: serde_json::Value| {
        body["actions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["kind"] == "national-strategy")
            .unwrap()["status"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let before: serde_json::Value = app.get("/api/v1/countries/KEN").await.json().await.unwrap();
    assert_eq!(status(before), "not-reported");
    let edit = app
        .patch_action(
            Some(&token),
            "/api/v1/countries/KEN/actions/national-strategy",
            Some(0),
            serde_json::json!({ "status": "completed" }),
        )
        .await;
    assert_eq!(edit.status(), 200);
    let after = app.get("/api/v1/countries/KEN").await.text().await.unwrap();
    assert!(
        after.contains("\"completed\""),
        "the edit is visible at once"
    );
}
