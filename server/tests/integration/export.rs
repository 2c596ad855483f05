//! `/api/v1/export.zip`: opened with the `zip` crate, each file checked
//! against the API it repeats.

use crate::changes::{africa_editor, edit};
use crate::support::spawn_app;
use std::io::Read;

fn file(archive: &mut zip::ZipArchive<std::io::Cursor<Vec<u8>>>, name: &str) -> Vec<u8> {
    let mut out = Vec::new();
    archive
        .by_name(name)
        .unwrap_or_else(|_| panic!("{name} is in the zip"))
        .read_to_end(&mut out)
        .unwrap();
    out
}

#[tokio::test]
async fn the_zip_holds_every_dataset_as_the_api_gives_it_with_a_dictionary() {
    let app = spawn_app().await;
    let token = africa_editor(&app).await;
    edit(&app, &token, "GHA", "national-strategy", 0, "completed").await;
    edit(&app, &token, "GHA", "national-strategy", 1, "at-risk").await;

    let response = app.get("/api/v1/export.zip?lang=fr").await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/zip");
    assert!(response.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .contains("attachment"));
    let bytes = response.bytes().await.unwrap().to_vec();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a valid zip");
    // Every member is dated when the export was made (UTC), not 1 January 1980.
    let year = jiff::Timestamp::now()
        .to_zoned_datetime(jiff::tz::TimeZone::UTC)
        .year();
    for i in 0..archive.len() {
        let member = archive.by_index(i).unwrap();
        let dated = member.last_modified().expect("a date");
        assert_eq!(
            i32::from(dated.year()),
            i32::from(year),
            "{}",
            member.name().unwrap()
        );
    }

    let json = |bytes: Vec<u8>| serde_json::from_slice::<serde_json::Value>(&bytes).unwrap();
    let api = |path: &'static str| {
        let app = &app;
        async move {
            app.get(path)
                .await
                .json::<serde_json::Value>()
                .await
                .unwrap()
        }
    };
    assert_eq!(
        json(file(&mut archive, "tracker.json")),
        api("/api/v1/tracker.json?lang=fr").await
    );
    assert_eq!(
        json(file(&mut archive, "countries.json")),
        api("/api/v1/countries?lang=fr").await
    );
    assert_eq!(
        json(file(&mut archive, "regions.json")),
        api("/api/v1/regions?lang=fr").await
    );
    assert_eq!(
        json(file(&mut archive, "milestones.json")),
        api("/api/v1/milestones?lang=fr").await
    );
    let csv = app
        .get("/api/v1/tracker.csv?lang=fr")
        .await
        .bytes()
        .await
        .unwrap();
    assert_eq!(file(&mut archive, "tracker.csv"), csv.to_vec());
    let changes = api("/api/v1/changes?limit=500").await;
    assert_eq!(json(file(&mut archive, "history.json")), changes["changes"]);

    let history_csv = String::from_utf8(file(&mut archive, "history.csv")).unwrap();
    let mut reader = csv::Reader::from_reader(history_csv.as_bytes());
    let statuses: Vec<(String, String)> = reader
        .records()
        .map(|r| r.unwrap())
        .filter(|r| &r[7] == "status")
        .map(|r| (r[8].to_owned(), r[9].to_owned()))
        .collect();
    assert_eq!(
        statuses,
        [
            ("not-reported".to_owned(), "completed".to_owned()),
            ("completed".to_owned(), "at-risk".to_owned())
        ]
    );

    let ics = String::from_utf8(file(&mut archive, "milestones.ics")).unwrap();
    assert!(ics.starts_with("BEGIN:VCALENDAR"));

    let readme = String::from_utf8(file(&mut archive, "README.md")).unwrap();
    for needle in [
        "`not-reported`",
        "`social-protection`",
        "`national-strategy`",
        "licence",
        "`changed_at`",
    ] {
        assert!(readme.contains(needle), "the dictionary names {needle}");
    }
    assert!(!readme.contains("{{"), "every list is filled in");
}

#[tokio::test]
async fn an_unknown_language_gets_400_before_any_byte_of_zip() {
    let app = spawn_app().await;
    let response = app.get("/api/v1/export.zip?lang=xx").await;
    assert_eq!(response.status(), 400);
    assert_eq!(response.headers()["content-type"], "application/json");
}
