//! What is refused: bad files whole, bad rows one by one, rows outside the
//! account's scope; and review before publishing.

use super::*;
use crate::deadlines::strategy;
use crate::review::review_africa;
use crate::support::{signed_in_admin, spawn_client, PASSWORD};
use app::services::storage::{ActionStorage, Storage};
use serde_json::{json, Value};
use summit::Iso3;

#[tokio::test]
async fn bad_files_are_refused_whole_with_their_reason_and_change_nothing() {
    let app = signed_in_admin().await;
    let dir = tempfile::tempdir().unwrap();
    let file = |name: &str| dir.path().join(name).to_str().unwrap().to_owned();
    let template_path = file("template.xlsx");
    std::fs::write(&template_path, template(&app, "lang=en&country=KEN").await).unwrap();
    workbook(&["formula", &file("formula.xlsx")]);
    workbook(&["million", &file("million.xlsx")]);
    workbook(&["bomb", &file("bomb.xlsx")]);
    workbook(&["macros", &template_path, &file("macros.xlsm")]);
    workbook(&[
        "create",
        &file("missing.xlsx"),
        &json!([["Action", "Status"], [STRATEGY_EN, "Completed"]]).to_string(),
    ]);
    let read = |name: &str| std::fs::read(dir.path().join(name)).unwrap();
    let utf16: Vec<u8> = "place,action\n"
        .encode_utf16()
        .flat_map(|u| u.to_le_bytes())
        .collect();
    let cases: Vec<(&str, Vec<u8>, u16, &str)> = vec![
        (
            "formula.xlsx",
            read("formula.xlsx"),
            422,
            "Cell D2 holds a formula.",
        ),
        (
            "million.xlsx",
            read("million.xlsx"),
            422,
            "more than 5000 rows",
        ),
        (
            "bomb.xlsx",
            read("bomb.xlsx"),
            422,
            "unpacks to more than 64 MB",
        ),
        ("macros.xlsm", read("macros.xlsm"), 422, "contains macros"),
        (
            "missing.xlsx",
            read("missing.xlsx"),
            422,
            "Columns missing: Country or region, Version (do not change).",
        ),
        (
            "unknown.csv",
            b"place,action,version,Budget\nKEN,national-strategy,0,12\n".to_vec(),
            422,
            "Column D has a heading this site does not know: “Budget”.",
        ),
        (
            "twice.csv",
            b"place,action,version,status,Status\n".to_vec(),
            422,
            "The column “Status” appears twice.",
        ),
        (
            "nothing.csv",
            b"place,action,version\nKEN,national-strategy,0\n".to_vec(),
            422,
            "no column that could change anything",
        ),
        (
            "picture.png",
            b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec(),
            422,
            "neither an Excel workbook",
        ),
        (
            "old.xls",
            b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest".to_vec(),
            422,
            "neither an Excel workbook",
        ),
        ("utf16.csv", utf16, 422, "neither an Excel workbook"),
        ("empty.csv", Vec::new(), 422, "The file is empty."),
        ("huge.csv", vec![b'a'; 10 * 1024 * 1024 + 1], 413, ""),
    ];
    let version = app.storage.data_version();
    for (name, bytes, status, message) in cases {
        let response = upload(&app, "en", name, bytes).await;
        assert_eq!(response.status(), status, "{name}");
        let page = response.text().await.unwrap();
        assert!(page.contains(message), "{name}: {message} not in the page");
    }
    // The same reason in the reader's language.
    let response = upload(&app, "fr", "formula.xlsx", read("formula.xlsx")).await;
    assert!(response
        .text()
        .await
        .unwrap()
        .contains("La cellule D2 contient une formule"));
    assert_eq!(app.storage.data_version(), version, "nothing was written");

    // Text a spreadsheet would run as a formula is refused in its row, a
    // leading minus sign too (a note that already starts so may stay:
    // `summit::sheet::judge`'s tests).
    let kenya = strategy(&app, "KEN").await["version"].as_i64().unwrap();
    let csv = format!(
        "place,action,version,note\nKEN,national-strategy,{kenya},\"=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\"\nKEN,financing-pathway,0,-5% on last year\n"
    );
    let id = uploaded(&app, "injection.csv", csv.into_bytes()).await;
    let view = dry_run(&app, &id).await;
    assert_eq!(outcomes(&view), ["refused", "refused"]);
    assert_eq!(
        view["rows"][0]["outcome"]["problem"],
        json!({"problem": "formula", "detail": {"column": "note"}})
    );
    assert!(apply(&app, &id, &[("mode", "whole")])
        .await
        .ends_with("done=not-whole"));
    assert_eq!(app.storage.data_version(), version, "nothing was written");
}

#[tokio::test]
async fn rows_follow_the_accounts_scope_and_review_before_publishing() {
    let app = signed_in_admin().await;
    app.create_user("amina@un.org", "editor", "africa", "")
        .await;
    app.create_user("rev@un.org", "reviewer", "africa", "")
        .await;
    review_africa(&app).await;
    let editor = app.with_client(spawn_client());
    editor.sign_in("amina@un.org", PASSWORD).await;
    let kenya = strategy(&app, "KEN").await["version"].as_i64().unwrap();
    let india = strategy(&app, "IND").await["version"].as_i64().unwrap();
    let csv = format!(
        "Country or region,Action,Version (do not change),Status,Evidence (one link per line)\n\
         Kenya,{STRATEGY_EN},{kenya},In progress,https://www.un.org/kenya\n\
         India,{STRATEGY_EN},{india},Completed,\n\
         Kenya,{STRATEGY_EN},{kenya},Completed,\n\
         Atlantis,{STRATEGY_EN},0,Completed,\n\
         Uganda,{STRATEGY_EN},0,Finished,\n\
         France,{STRATEGY_EN},0,Completed,\n"
    );
    let id = uploaded(&editor, "amina.csv", csv.into_bytes()).await;
    let view = dry_run(&editor, &id).await;
    assert_eq!(
        outcomes(&view),
        ["change", "refused", "refused", "refused", "refused", "refused"]
    );
    let problems: Vec<&str> = view["rows"].as_array().unwrap()[1..]
        .iter()
        .map(|r| r["outcome"]["problem"]["problem"].as_str().unwrap())
        .collect();
    assert_eq!(
        problems,
        [
            "not-allowed",
            "repeated",
            "unknown-place",
            "unknown-status",
            // No UN Country Team serves France: it has no actions.
            "not-this-places-action"
        ]
    );
    assert!(
        view["proposes"].as_bool().unwrap(),
        "review holds Africa's edits"
    );
    // Only its uploader sees an upload.
    assert_eq!(
        app.get(&format!("/api/sheet-upload?lang=en&id={id}"))
            .await
            .status(),
        404
    );
    let anonymous = app.with_client(spawn_client());
    assert_ne!(
        anonymous
            .get(&format!("/api/sheet-upload?lang=en&id={id}"))
            .await
            .status(),
        200
    );
    assert_eq!(
        anonymous
            .post_form(&format!("/en/spreadsheets/{id}"), &[("mode", "rows")])
            .await
            .status(),
        303
    );

    assert!(apply(&editor, &id, &[("mode", "rows"), ("line", "2")])
        .await
        .ends_with("done=applied"));
    let view = dry_run(&editor, &id).await;
    assert_eq!(view["rows"][0]["result"], "proposed");
    assert_eq!(
        strategy(&app, "KEN").await["status"],
        "not-reported",
        "held for review"
    );
    // The reviewer approves; the history notes the file.
    let reviewer = app.token("rev@un.org").await;
    let proposals: Value = app
        .client
        .get(app.url("/api/v1/proposals"))
        .bearer_auth(&reviewer)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let proposal = proposals
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["country"] == "KEN")
        .expect("a proposal")["id"]
        .as_i64()
        .unwrap();
    let response = crate::review::step(&app, &reviewer, proposal, json!({"step": "approve"})).await;
    assert_eq!(response.status(), 200);
    assert_eq!(strategy(&app, "KEN").await["status"], "in-progress");
    let history = app
        .storage
        .history(summit::ActionTarget::Country(Iso3::parse("KEN").unwrap()))
        .await
        .unwrap();
    assert_eq!(history[0].source.as_deref(), Some("amina.csv"));
}
