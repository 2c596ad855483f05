//! Stored text reaches every output as text, escaped for where it lands:
//! `<title>`, `<textarea>`, attributes, island props, the SVG map, CSV,
//! iCalendar and JSON. An editor's or administrator's text can never become
//! markup for the next visitor (a `<meta http-equiv="refresh">` would pass
//! the CSP, so nothing short of escaping stops it).

use crate::support::{signed_in_admin, TestApp};

/// Text that closes every element it could be put in, then adds markup.
const BREAKOUT: &str = "Summit</title></textarea></script>\"'><meta http-equiv=\"refresh\" content=\"0;url=https://evil.example/\"><img src=x onerror=alert(1)>";

/// The injected markup, as it would appear had it escaped its element.
fn injected(page: &str) -> bool {
    page.contains("<meta http-equiv=\"refresh\"") || page.contains("<img src=x")
}

async fn with_hostile_milestone() -> TestApp {
    let app = signed_in_admin().await;
    let saved = app
        .post_form(
            "/api/admin/set-milestone",
            &[
                ("lang", "en"),
                ("slug", "summit"),
                ("start", "2025-11-04"),
                ("end", "2025-11-06"),
                ("zone", "Asia/Qatar"),
                ("title", BREAKOUT),
                ("description", BREAKOUT),
                ("source", BREAKOUT),
            ],
        )
        .await;
    assert_eq!(saved.status(), 200, "{}", saved.text().await.unwrap());
    app
}

#[tokio::test]
async fn a_milestone_title_stays_inside_the_page_title() {
    let app = with_hostile_milestone().await;
    for path in [
        "/en/embed/countdown?milestone=summit",
        "/en/embed/countdown",
        "/en/milestones",
        "/en/",
        "/en/embed",
    ] {
        let page = app.get(path).await.text().await.unwrap();
        assert!(!injected(&page), "{path}");
        assert!(
            page.contains("&lt;/title&gt;") || !page.contains("<title>Summit"),
            "{path}"
        );
    }
    let widget = app
        .get("/en/embed/countdown?milestone=summit")
        .await
        .text()
        .await
        .unwrap();
    let title = widget
        .split("<title>")
        .nth(1)
        .and_then(|t| t.split("</title>").next())
        .unwrap();
    assert!(title.starts_with("Summit&lt;/title&gt;"), "{title}");
}

#[tokio::test]
async fn administration_textareas_keep_stored_text_as_text() {
    let app = with_hostile_milestone().await;
    let page = app.get("/en/admin").await.text().await.unwrap();
    assert!(!injected(&page));
    assert!(
        page.contains("&lt;/textarea&gt;"),
        "escaped inside the textarea"
    );
}

#[tokio::test]
async fn island_props_carry_stored_text_inside_their_attribute() {
    let app = with_hostile_milestone().await;
    let page = app.get("/en/embed").await.text().await.unwrap();
    for props in page.split("data-props=\"").skip(1) {
        let value = props.split('"').next().unwrap();
        assert!(!value.contains('<') && !value.contains('>'), "{value}");
    }
    assert!(!injected(&page));
}

#[tokio::test]
async fn calendars_and_json_carry_the_text_unchanged() {
    let app = with_hostile_milestone().await;
    let calendar = app
        .get("/api/v1/milestones/summit.ics")
        .await
        .text()
        .await
        .unwrap();
    let parsed: Vec<_> = ical::IcalParser::new(std::io::BufReader::new(calendar.as_bytes()))
        .collect::<Result<_, _>>()
        .expect("still a valid calendar");
    assert_eq!(parsed.len(), 1);
    assert_eq!(parsed[0].events.len(), 1, "one event, no injected one");
    let summary = parsed[0].events[0]
        .properties
        .iter()
        .find(|p| p.name == "SUMMARY")
        .and_then(|p| p.value.clone())
        .unwrap();
    let unescaped = summary
        .replace("\\,", ",")
        .replace("\\;", ";")
        .replace("\\\\", "\\");
    assert_eq!(unescaped, BREAKOUT);
    let list: serde_json::Value = app.get("/api/v1/milestones").await.json().await.unwrap();
    let summit = list
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["slug"] == "summit")
        .unwrap();
    assert_eq!(summit["title"], BREAKOUT);
}

#[tokio::test]
async fn a_line_break_in_a_title_cannot_add_a_calendar_property() {
    let app = signed_in_admin().await;
    let title = "Review\r\nATTENDEE:mailto:all@evil.example\r\nEND:VEVENT";
    let saved = app
        .post_form(
            "/api/admin/set-milestone",
            &[
                ("lang", "en"),
                ("slug", "summit"),
                ("start", "2025-11-04"),
                ("end", "2025-11-06"),
                ("zone", "Asia/Qatar"),
                ("title", title),
            ],
        )
        .await;
    assert!(saved.status().is_success() || saved.status() == 422);
    let calendar = app
        .get("/api/v1/milestones.ics")
        .await
        .text()
        .await
        .unwrap();
    assert!(!calendar.contains("\r\nATTENDEE"), "{calendar}");
    let parsed: Vec<_> = ical::IcalParser::new(std::io::BufReader::new(calendar.as_bytes()))
        .collect::<Result<_, _>>()
        .expect("still a valid calendar");
    assert!(parsed[0]
        .events
        .iter()
        .all(|e| e.properties.iter().all(|p| p.name != "ATTENDEE")));
}

#[tokio::test]
async fn a_display_name_with_markup_is_shown_as_text() {
    let app = signed_in_admin().await;
    let created = app
        .post_form(
            "/api/admin/create-user",
            &[
                ("email", "mallory@un.org"),
                ("name", "<img src=x onerror=alert(1)>\u{202E}"),
                ("role", "editor"),
                ("region", "africa"),
                ("password", crate::support::PASSWORD),
            ],
        )
        .await;
    assert_eq!(created.status(), 200);
    let admin_page = app.get("/en/admin").await.text().await.unwrap();
    assert!(!injected(&admin_page));
    assert!(admin_page.contains("&lt;img src=x"));
    assert!(
        !admin_page.contains('\u{202E}'),
        "no bidi override survives"
    );
}
