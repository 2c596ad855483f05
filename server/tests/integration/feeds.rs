//! The Atom feeds: well-formed RFC 4287 that a parser reads back, in the
//! asked language, filtered like the pages, linked from them, and cheap to
//! poll (304 on matching validators). `make fuzz` also reads them with
//! Python's feedparser (`end2end/fuzz/feeds.py`).

use crate::changes::{africa_editor, edit};
use crate::support::spawn_app;
use atom_syndication::Feed;

async fn feed(app: &crate::support::TestApp, path: &str) -> (reqwest::header::HeaderMap, Feed) {
    let response = app.get(path).await;
    assert_eq!(response.status(), 200, "{path}");
    assert_eq!(
        response.headers()["content-type"],
        "application/atom+xml; charset=utf-8"
    );
    let headers = response.headers().clone();
    let body = response.bytes().await.unwrap();
    let feed = Feed::read_from(&body[..]).expect("a well-formed Atom feed");
    (headers, feed)
}

#[tokio::test]
async fn each_entry_says_what_changed_from_what_to_what_by_whom_with_links() {
    let app = spawn_app().await;
    let token = africa_editor(&app).await;
    let response = app
        .patch_action(
            Some(&token),
            "/api/v1/countries/GHA/actions/national-strategy",
            Some(0),
            serde_json::json!({
                "status": "completed",
                "evidence": ["https://ghana.un.org/en/strategy?a=1&b=2"],
                "note": "Adopted </content><script>alert(1)</script>"
            }),
        )
        .await;
    assert_eq!(response.status(), 200);
    let (_, feed) = feed(&app, "/feeds/changes.atom").await;
    assert_eq!(feed.lang.as_deref(), Some("en"));
    assert_eq!(feed.entries.len(), 1);
    let entry = &feed.entries[0];
    assert_eq!(
        entry.title.value,
        "Ghana: Commitments in a national strategy — Not reported → Completed"
    );
    assert_eq!(entry.authors[0].name, "Test editor");
    let links: Vec<&str> = entry.links.iter().map(|l| l.href.as_str()).collect();
    assert!(
        links.iter().any(|l| l.ends_with("/en/countries/GHA")),
        "{links:?}"
    );
    assert!(
        links.contains(&"https://ghana.un.org/en/strategy?a=1&b=2"),
        "{links:?}"
    );
    let content = entry.content.as_ref().unwrap().value.as_deref().unwrap();
    assert!(content.contains("Not reported") && content.contains("Completed"));
    assert!(
        !content.contains("<script>"),
        "the note is escaped HTML: {content}"
    );
    assert!(content.contains("&lt;script&gt;"));
}

#[tokio::test]
async fn a_feed_speaks_the_language_asked_for_and_links_are_absolute() {
    let app = spawn_app().await;
    let token = africa_editor(&app).await;
    edit(&app, &token, "GHA", "national-strategy", 0, "completed").await;
    let (_, feed) = feed(&app, "/feeds/changes.atom?lang=fr").await;
    assert_eq!(feed.lang.as_deref(), Some("fr"));
    let entry = &feed.entries[0];
    assert!(
        !entry.title.value.contains("Completed"),
        "{}",
        entry.title.value
    );
    for link in feed.links.iter().chain(entry.links.iter()) {
        assert!(link.href.starts_with("http://127.0.0.1"), "{}", link.href);
    }
    assert!(entry.links[0].href.contains("/fr/countries/GHA"));
    assert_eq!(app.get("/feeds/changes.atom?lang=xx").await.status(), 400);
}

#[tokio::test]
async fn feeds_of_a_country_a_region_a_kind_and_a_theme_hold_only_theirs() {
    let app = spawn_app().await;
    let token = africa_editor(&app).await;
    edit(&app, &token, "GHA", "national-strategy", 0, "completed").await;
    edit(&app, &token, "KEN", "financing-pathway", 0, "at-risk").await;
    for (query, count) in [
        ("country=GHA", 1),
        ("country=ken", 1),
        ("region=africa", 2),
        ("region=asia-pacific", 0),
        ("kind=financing-pathway", 1),
        ("theme=social-protection", 2),
        ("theme=digitalisation", 0),
    ] {
        let (_, feed) = feed(&app, &format!("/feeds/changes.atom?{query}")).await;
        assert_eq!(feed.entries.len(), count, "{query}");
    }
    let (_, ghana) = feed(&app, "/feeds/changes.atom?country=gha").await;
    assert!(ghana.title.value.contains("Ghana"), "{}", ghana.title.value);
    assert_eq!(
        app.get("/feeds/changes.atom?region=atlantis")
            .await
            .status(),
        400
    );
}

#[tokio::test]
async fn a_reader_polling_with_validators_gets_304_until_something_changes() {
    let app = spawn_app().await;
    let token = africa_editor(&app).await;
    edit(&app, &token, "GHA", "national-strategy", 0, "completed").await;
    let (headers, _) = feed(&app, "/feeds/changes.atom?region=africa").await;
    let etag = headers["etag"].to_str().unwrap().to_owned();
    let modified = headers["last-modified"].to_str().unwrap().to_owned();
    for _ in 0..3 {
        let again = app
            .client
            .get(app.url("/feeds/changes.atom?region=africa"))
            .header("If-None-Match", &etag)
            .send()
            .await
            .unwrap();
        assert_eq!(again.status(), 304);
        assert!(again.bytes().await.unwrap().is_empty());
    }
    let since = app
        .client
        .get(app.url("/feeds/changes.atom?region=africa"))
        .header("If-Modified-Since", &modified)
        .send()
        .await
        .unwrap();
    assert_eq!(since.status(), 304);

    edit(&app, &token, "KEN", "national-strategy", 0, "in-progress").await;
    let changed = app
        .client
        .get(app.url("/feeds/changes.atom?region=africa"))
        .header("If-None-Match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(changed.status(), 200, "a new change: the full feed");
    assert_ne!(changed.headers()["etag"].to_str().unwrap(), etag);
}

#[tokio::test]
async fn pages_link_to_their_feed() {
    let app = spawn_app().await;
    for (page, feed) in [
        ("/en/", "/feeds/changes.atom?lang=en"),
        (
            "/fr/regions/africa",
            "/feeds/changes.atom?lang=fr&amp;region=africa",
        ),
        (
            "/en/countries/GHA",
            "/feeds/changes.atom?lang=en&amp;country=GHA",
        ),
        (
            "/en/tracker?kind=national-strategy",
            "/feeds/changes.atom?lang=en&amp;kind=national-strategy",
        ),
    ] {
        let html = app.get(page).await.text().await.unwrap();
        let head_link = format!(r#"<link href="{feed}" rel="alternate""#);
        let at = html
            .find(&head_link)
            .unwrap_or_else(|| panic!("{page} has the feed in its head"));
        let tag = &html[at..at + html[at..].find('>').unwrap()];
        assert!(tag.contains(r#"type="application/atom+xml""#), "{tag}");
        assert!(
            html.contains(&format!(r#"href="{feed}" type="application/atom+xml""#)),
            "{page} shows a Follow link"
        );
    }
}
