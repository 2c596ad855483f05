//! The response cache of anonymous answers: a replay says so
//! (`X-Response-Cache: hit`), only a change that changed something makes
//! its answers unusable, and personal answers are never kept by anyone.

use crate::support::{signed_in_admin, spawn_app, TestApp};

async fn replayed(app: &TestApp, client: &reqwest::Client, path: &str) -> bool {
    let response = client.get(app.url(path)).send().await.unwrap();
    assert_eq!(response.status(), 200);
    let hit = response
        .headers()
        .get("x-response-cache")
        .is_some_and(|v| v == "hit");
    response.text().await.unwrap();
    hit
}

#[tokio::test]
async fn a_request_that_changes_nothing_leaves_the_cache_warm() {
    let app = spawn_app().await;
    let visitor = crate::support::spawn_client();
    replayed(&app, &visitor, "/en/").await;
    assert!(
        replayed(&app, &visitor, "/en/").await,
        "the second visit is a replay"
    );
    // An anonymous sign-out, and a wrong sign-in, change nothing.
    let anonymous = crate::support::spawn_client();
    let out = anonymous
        .post(app.url("/api/sign-out"))
        .header("Origin", &app.address)
        .form(&[("lang", "en")])
        .send()
        .await
        .unwrap();
    assert!(out.status().is_success() || out.status().is_redirection());
    anonymous
        .post(app.url("/api/sign-in"))
        .header("Origin", &app.address)
        .form(&[("lang", "en"), ("email", "x@un.org"), ("password", "nope")])
        .send()
        .await
        .unwrap();
    assert!(replayed(&app, &visitor, "/en/").await, "still warm");
}

#[tokio::test]
async fn an_edit_that_changes_an_action_shows_at_once() {
    let app = spawn_app().await;
    app.create_user("amina@un.org", "editor", "africa", "")
        .await;
    let token = app.token("amina@un.org").await;
    let visitor = crate::support::spawn_client();
    replayed(&app, &visitor, "/en/countries/KEN").await;
    assert!(replayed(&app, &visitor, "/en/countries/KEN").await);
    let path = "/api/v1/countries/KEN/actions/national-consultation";
    let saved = app
        .patch_action(
            Some(&token),
            path,
            Some(0),
            serde_json::json!({"status": "completed"}),
        )
        .await;
    assert_eq!(saved.status(), 200);
    assert!(
        !replayed(&app, &visitor, "/en/countries/KEN").await,
        "rendered anew"
    );
    // The same patch again changes nothing: the cache stays warm.
    assert!(replayed(&app, &visitor, "/en/countries/KEN").await);
    let same = app
        .patch_action(
            Some(&token),
            path,
            Some(1),
            serde_json::json!({"status": "completed"}),
        )
        .await;
    assert_eq!(same.status(), 200);
    assert!(
        replayed(&app, &visitor, "/en/countries/KEN").await,
        "nothing changed"
    );
}

#[tokio::test]
async fn pages_for_a_signed_in_person_are_private_and_never_stored() {
    let app = signed_in_admin().await;
    for path in ["/en/", "/en/account", "/en/admin", "/api/me", "/api/tokens"] {
        let response = app.get(path).await;
        let control = response.headers()["cache-control"]
            .to_str()
            .unwrap()
            .to_owned();
        assert_eq!(control, "private, no-store", "{path}");
        let vary: Vec<_> = response.headers().get_all("vary").iter().collect();
        assert!(
            vary.iter().any(|v| v.to_str().unwrap().contains("Cookie")),
            "{path}: {vary:?}"
        );
    }
    // Anonymous visitors of the same addresses: personal pages stay private.
    let visitor = crate::support::spawn_client();
    for path in ["/en/account", "/en/sign-in", "/api/me"] {
        let response = visitor.get(app.url(path)).send().await.unwrap();
        assert_eq!(
            response.headers()["cache-control"],
            "private, no-store",
            "{path}"
        );
    }
    // Public pages for visitors are not marked private.
    let public = visitor.get(app.url("/en/")).send().await.unwrap();
    assert_ne!(
        public
            .headers()
            .get("cache-control")
            .map(|v| v.to_str().unwrap()),
        Some("private, no-store")
    );
}

#[tokio::test]
async fn signing_out_tells_the_browser_to_forget_cached_pages() {
    let app = signed_in_admin().await;
    let out = app.post_form("/api/sign-out", &[("lang", "en")]).await;
    assert_eq!(out.headers()["clear-site-data"], "\"cache\"");
}

/// Kenya's map row (`KEN\t404\tKenya\tafrica\t<progress>`) in a page's map props.
fn kenya_progress(html: &str) -> String {
    let marker = "Kenya\\tafrica\\t";
    let at = html.find(marker).expect("Kenya's row in the map") + marker.len();
    html[at..].chars().take_while(|c| *c != '\\').collect()
}

#[tokio::test]
async fn without_the_cache_every_page_shows_an_edit_at_once() {
    // Unique addresses: no answer comes from the page cache, only from the
    // shared reads, assembled views and rendered parts.
    let app = spawn_app().await;
    app.create_user("amina@un.org", "editor", "africa", "")
        .await;
    let token = app.token("amina@un.org").await;
    let page = |path: &str, n: u32| {
        let url = app.url(&format!("{path}?u={n}"));
        async move {
            let response = reqwest::get(url).await.unwrap();
            assert_eq!(response.status(), 200);
            response.text().await.unwrap()
        }
    };
    let completed = |html: &str| html.matches("status-completed").count();
    let exported = |body: &str| body.matches(r#""status":"completed""#).count();
    let before = [
        completed(&page("/en/countries/KEN", 1).await),
        completed(&page("/en/tracker", 1).await),
        exported(&page("/api/v1/tracker.json", 1).await),
        page("/api/v1/tracker.csv", 1)
            .await
            .matches(",completed,")
            .count(),
    ];
    let maps = ["/en/", "/en/regions/africa", "/en/embed/map"];
    let mut map_before = Vec::new();
    for path in maps {
        map_before.push(kenya_progress(&page(path, 1).await));
    }
    // Shown twice, so every part is reused by now.
    page("/en/countries/KEN", 2).await;
    page("/en/tracker", 2).await;
    page("/api/v1/tracker.json", 2).await;
    page("/api/v1/tracker.csv", 2).await;
    let saved = app
        .patch_action(
            Some(&token),
            "/api/v1/countries/KEN/actions/national-consultation",
            Some(0),
            serde_json::json!({"status": "completed"}),
        )
        .await;
    assert_eq!(saved.status(), 200);
    assert_eq!(
        completed(&page("/en/countries/KEN", 3).await),
        before[0] + 1,
        "the country page"
    );
    assert_eq!(
        completed(&page("/en/tracker", 3).await),
        before[1] + 1,
        "the tracker"
    );
    assert_eq!(
        exported(&page("/api/v1/tracker.json", 3).await),
        before[2] + 1,
        "the JSON export"
    );
    assert_eq!(
        page("/api/v1/tracker.csv", 3)
            .await
            .matches(",completed,")
            .count(),
        before[3] + 1,
        "the CSV export"
    );
    for (path, old) in maps.into_iter().zip(map_before) {
        assert_ne!(kenya_progress(&page(path, 3).await), old, "{path}'s map");
    }
}

/// Every anonymous GET says how long a shared cache may keep it, carries a
/// validator and answers 304 to it; an edit changes the validator.
#[tokio::test]
async fn public_answers_follow_the_standard_caching_rules() {
    let app = spawn_app().await;
    app.create_user("amina@un.org", "editor", "africa", "")
        .await;
    let token = app.token("amina@un.org").await;
    let visitor = crate::support::spawn_client();
    let paths = [
        "/en/",
        "/ar/countries/KEN",
        "/fr/tracker?region=africa",
        "/api/v1/tracker.json",
        "/api/v1/countries/KEN",
        "/api/v1/milestones.ics",
    ];
    let mut tags = Vec::new();
    for path in paths {
        let response = visitor.get(app.url(path)).send().await.unwrap();
        assert_eq!(response.status(), 200, "{path}");
        let headers = response.headers();
        assert!(!headers.contains_key("set-cookie"), "{path}");
        let control = headers["cache-control"].to_str().unwrap();
        assert!(
            control.starts_with("public,") && control.contains("s-maxage="),
            "{path}: {control}"
        );
        let vary = headers["vary"].to_str().unwrap();
        assert!(
            vary.contains("Accept-Encoding") && vary.contains("Cookie"),
            "{path}: {vary}"
        );
        let tag = headers["etag"].to_str().unwrap().to_owned();
        let again = visitor
            .get(app.url(path))
            .header("if-none-match", &tag)
            .send()
            .await
            .unwrap();
        assert_eq!(again.status(), 304, "{path}");
        assert!(again.bytes().await.unwrap().is_empty());
        tags.push(tag);
    }
    let saved = app
        .patch_action(
            Some(&token),
            "/api/v1/countries/KEN/actions/national-consultation",
            Some(0),
            serde_json::json!({"status": "completed"}),
        )
        .await;
    assert_eq!(saved.status(), 200);
    for (path, tag) in paths.iter().zip(&tags) {
        let after = visitor
            .get(app.url(path))
            .header("if-none-match", tag)
            .send()
            .await
            .unwrap();
        assert_eq!(after.status(), 200, "{path}: the edit shows");
    }
    // An unknown parameter is the same page, from the cache.
    visitor.get(app.url("/en/tracker")).send().await.unwrap();
    let busted = visitor
        .get(app.url("/en/tracker?utm_source=newsletter"))
        .send()
        .await
        .unwrap();
    assert_eq!(busted.headers()["x-response-cache"], "hit");
}

/// A browser merges a 304's headers into the page it holds: a 304 must not
/// carry a policy other than the page's (which would block its scripts).
#[tokio::test]
async fn a_304_carries_no_policy_of_its_own() {
    let app = spawn_app().await;
    let visitor = crate::support::spawn_client();
    let page = visitor.get(app.url("/en/")).send().await.unwrap();
    let tag = page.headers()["etag"].to_str().unwrap().to_owned();
    let again = visitor
        .get(app.url("/en/"))
        .header("if-none-match", &tag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 304);
    assert!(!again.headers().contains_key("content-security-policy"));
}

/// A signed-in page is not kept by the response cache, so it is compressed
/// per response: as gzip with its kept parts compressed once
/// (`server::http::gzipped`). What arrives inflates to the page as sent
/// uncompressed.
#[tokio::test]
async fn a_signed_in_page_comes_gzipped_and_whole() {
    use std::io::Read;
    let app = signed_in_admin().await;
    for path in [
        "/en/",
        "/ar/regions/africa",
        "/en/countries/KEN",
        "/fr/tracker",
    ] {
        let plain = app.get(path).await.text().await.unwrap();
        let response = app
            .client
            .get(app.url(path))
            .header("accept-encoding", "gzip, deflate, br, zstd")
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "{path}");
        assert_eq!(response.headers()["content-encoding"], "gzip", "{path}");
        assert_eq!(response.headers()["cache-control"], "private, no-store");
        let vary: Vec<_> = response.headers().get_all("vary").iter().collect();
        assert!(
            vary.iter().any(|v| v
                .to_str()
                .unwrap()
                .to_ascii_lowercase()
                .contains("accept-encoding")),
            "{path}: {vary:?}"
        );
        let body = response.bytes().await.unwrap();
        let mut page = String::new();
        flate2::read::GzDecoder::new(&body[..])
            .read_to_string(&mut page)
            .unwrap();
        assert!(page.starts_with("<!DOCTYPE html>"), "{path}");
        assert!(page.ends_with("</html>"), "{path}");
        assert!(!page.contains("<!--kept "), "{path}: a mark was left");
        assert!(
            page.contains("class=\"account-link\""),
            "{path}: the signed-in frame"
        );
        // The same page: only what differs per response (form tokens, the
        // instant countdowns start from) may differ in length.
        let (a, b) = (page.len() as f64, plain.len() as f64);
        assert!((a - b).abs() / b < 0.01, "{path}: {a} against {b} bytes");
        assert!(body.len() * 3 < page.len(), "{path}: {} bytes", body.len());
    }
    // Without gzip in Accept-Encoding: as it is, or brotli by the layer.
    let response = app
        .client
        .get(app.url("/en/"))
        .header("accept-encoding", "br")
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["content-encoding"], "br");
}
