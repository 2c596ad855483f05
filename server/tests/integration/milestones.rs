//! Milestones as JSON and as iCalendar files, checked against the database
//! and read back with a real iCalendar parser.

use crate::support::spawn_app;

async fn ics(app: &crate::support::TestApp, path: &str) -> (reqwest::header::HeaderMap, String) {
    let response = app.get(path).await;
    assert_eq!(response.status(), 200, "{path}");
    let headers = response.headers().clone();
    (headers, response.text().await.unwrap())
}

fn parse(text: &str) -> Vec<ical::parser::ical::component::IcalCalendar> {
    ical::IcalParser::new(std::io::BufReader::new(text.as_bytes()))
        .collect::<Result<Vec<_>, _>>()
        .expect("a valid iCalendar document")
}

fn property<'a>(
    event: &'a ical::parser::ical::component::IcalEvent,
    name: &str,
) -> &'a ical::property::Property {
    event
        .properties
        .iter()
        .find(|p| p.name == name)
        .unwrap_or_else(|| panic!("no {name}"))
}

#[tokio::test]
async fn the_json_list_matches_the_database() {
    let app = spawn_app().await;
    let list: Vec<serde_json::Value> = app.get("/api/v1/milestones").await.json().await.unwrap();
    let rows: Vec<(String, String, String)> =
        sqlx::query_as("SELECT slug, starts_at, ends_at FROM milestones ORDER BY starts_at, slug")
            .fetch_all(app.storage.pool())
            .await
            .unwrap();
    assert_eq!(list.len(), rows.len());
    for (item, (slug, starts_at, ends_at)) in list.iter().zip(&rows) {
        assert_eq!(item["slug"], *slug);
        assert_eq!(item["starts_at"], *starts_at);
        assert_eq!(item["ends_at"], *ends_at);
    }
    let summit = list.iter().find(|m| m["slug"] == "summit").unwrap();
    assert_eq!(summit["starts_at"], "2025-11-03T21:00:00Z");
    assert_eq!(summit["ends_at"], "2025-11-06T21:00:00Z");
    assert_eq!(summit["time_zone"], "Asia/Qatar");
    assert_eq!(summit["all_day"], true);
    assert_eq!(summit["local_start"], "2025-11-04");
    assert_eq!(summit["local_end"], "2025-11-06");
    let csocd = list.iter().find(|m| m["slug"] == "csocd-64").unwrap();
    assert_eq!(csocd["starts_at"], "2026-02-02T05:00:00Z");
    assert_eq!(csocd["time_zone"], "America/New_York");
    assert_eq!(csocd["kind"], "intergovernmental-session");
}

#[tokio::test]
async fn titles_come_in_the_asked_language() {
    let app = spawn_app().await;
    let list: Vec<serde_json::Value> = app
        .get("/api/v1/milestones?lang=fr")
        .await
        .json()
        .await
        .unwrap();
    let csocd = list.iter().find(|m| m["slug"] == "csocd-64").unwrap();
    assert_eq!(
        csocd["title"],
        "Soixante-quatrième session de la Commission du développement social"
    );
    assert_eq!(csocd["text_language"], "fr");
    assert_eq!(app.get("/api/v1/milestones?lang=de").await.status(), 400);
}

#[tokio::test]
async fn the_calendar_feed_parses_and_round_trips_the_instants() {
    let app = spawn_app().await;
    let (headers, text) = ics(&app, "/api/v1/milestones.ics").await;
    assert!(headers["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/calendar"));
    assert!(text.contains("\r\n"), "CRLF line endings");
    assert!(text.lines().all(|l| l.len() <= 75), "lines are folded");
    let calendars = parse(&text);
    assert_eq!(calendars.len(), 1);
    let events = &calendars[0].events;
    assert_eq!(events.len(), 8);
    for event in events {
        assert!(property(event, "UID")
            .value
            .as_deref()
            .unwrap()
            .ends_with("@social-summit-tracker"));
        assert!(property(event, "DTSTAMP").value.is_some());
    }
    let summit = events
        .iter()
        .find(|e| property(e, "UID").value.as_deref() == Some("summit@social-summit-tracker"))
        .unwrap();
    let start = property(summit, "DTSTART");
    assert_eq!(start.value.as_deref(), Some("20251104"));
    let params = start.params.clone().unwrap_or_default();
    assert!(
        params.iter().any(|(k, v)| k == "VALUE" && v == &["DATE"]),
        "{params:?}"
    );
    // All-day ranges end on the day after the last (exclusive).
    assert_eq!(property(summit, "DTEND").value.as_deref(), Some("20251107"));
}

#[tokio::test]
async fn one_milestone_is_one_event_with_escaped_text() {
    let app = spawn_app().await;
    let (_, text) = ics(&app, "/api/v1/milestones/doha-political-declaration.ics").await;
    let events = &parse(&text)[0].events;
    assert_eq!(events.len(), 1);
    let summary = property(&events[0], "SUMMARY").value.clone().unwrap();
    assert_eq!(
        summary,
        "Adoption of the Doha Political Declaration (A/80/L.5)"
    );
    // The description's commas and semicolons are escaped in the file.
    assert!(text.contains("poverty eradication\\;"));
    assert_eq!(
        app.get("/api/v1/milestones/nothing.ics").await.status(),
        404
    );
    assert_eq!(app.get("/api/v1/milestones/summit").await.status(), 404);
}

#[tokio::test]
async fn the_milestones_page_lists_past_milestones_with_calendar_links() {
    let app = spawn_app().await;
    let html = app.get("/en/milestones").await.text().await.unwrap();
    assert!(html.contains("64th session of the Commission for Social Development"));
    assert!(html.contains(r#"href="/api/v1/milestones/csocd-64.ics?lang=en""#));
    assert!(html.contains("No upcoming milestone matches."));
    let filtered = app
        .get("/en/milestones?kind=regional-briefing&region=africa")
        .await
        .text()
        .await
        .unwrap();
    assert!(filtered.contains(r#"id="briefing-africa""#));
    assert!(!filtered.contains(r#"id="briefing-arab-states""#));
    assert!(!filtered.contains(r#"id="csocd-64""#));
}

#[tokio::test]
async fn a_calendar_entry_names_its_source_in_the_readers_language_not_a_file() {
    let app = spawn_app().await;
    let unfold = |text: String| text.replace("\r\n ", "");
    let (_, english) = ics(&app, "/api/v1/milestones.ics?lang=en").await;
    let english = unfold(english);
    assert!(!english.contains("shared/seed"), "no file path is a source");
    assert!(english.contains("Source: UN DESA news: “Regional online briefings"));
    let (_, arabic) = ics(&app, "/api/v1/milestones.ics?lang=ar").await;
    let arabic = unfold(arabic);
    assert!(
        arabic.contains("الندوات الإقليمية عبر الإنترنت"),
        "the news item's own Arabic title"
    );
    let list: serde_json::Value = app
        .get("/api/v1/milestones?lang=fr")
        .await
        .json()
        .await
        .unwrap();
    for milestone in list.as_array().unwrap() {
        let source = milestone["source"].as_str().unwrap();
        assert!(
            !source.contains("shared/") && !source.contains(".txt"),
            "{source}"
        );
    }
}
