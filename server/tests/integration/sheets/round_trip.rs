//! Templates edited elsewhere and read back: openpyxl, LibreOffice, CSV, conflicts.

use super::*;
use crate::deadlines::strategy;
use crate::support::signed_in_admin;
use app::services::storage::ActionStorage;
use serde_json::{json, Value};
use summit::Iso3;

#[tokio::test]
async fn a_template_edited_in_openpyxl_round_trips_in_french() {
    let app = signed_in_admin().await;
    let dir = tempfile::tempdir().unwrap();
    let original = dir.path().join("modele.xlsx");
    std::fs::write(&original, template(&app, "lang=fr&region=africa").await).unwrap();
    let inspected: Value =
        serde_json::from_str(&workbook(&["inspect", original.to_str().unwrap()])).unwrap();
    assert_eq!(inspected["sheets"][0], "Actions");
    assert_eq!(
        inspected["states"][2], "hidden",
        "the lists' sheet is hidden"
    );
    assert_eq!(inspected["headings"][0], "Pays ou région");
    assert!(inspected["protected"].as_bool().unwrap());
    let locked: Vec<bool> = serde_json::from_value(inspected["locked"].clone()).unwrap();
    let last = locked.len() - 1;
    assert!(
        locked[0] && locked[1] && locked[last],
        "place, action and version are locked"
    );
    assert!(!locked[2] && !locked[3], "status and note are open");
    let validations = inspected["validations"].to_string();
    assert!(
        validations.contains("C:"),
        "status has a drop-down: {validations}"
    );
    assert!(inspected["instructions"][0]
        .as_str()
        .unwrap()
        .starts_with("Comment"));
    // Africa's two regional actions and seven per country.
    assert_eq!(inspected["rows"].as_u64().unwrap() % 7, 2);

    let edits = json!([
        {"place": KEN, "action": STRATEGY_FR, "column": "État", "value": "Achevé"},
        {"place": KEN, "action": STRATEGY_FR, "column": "Note", "value": "Adoptée en conseil des ministres."},
        {"place": KEN, "action": STRATEGY_FR, "column": "Numérisation", "value": "Oui"},
    ]);
    let id = edited_upload(&app, &original, "Afrique révisé.xlsx", &edits).await;
    let view = dry_run(&app, &id).await;
    assert_eq!(count(&view, "change"), 1, "{view}");
    assert_eq!(
        count(&view, "conflict") + count(&view, "refused"),
        0,
        "{view}"
    );
    let change = view["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["outcome"]["outcome"] == "change")
        .unwrap();
    assert_eq!(change["place"], KEN);
    assert_eq!(change["action"], STRATEGY_EN);
    let changes = change["outcome"]["changes"].as_array().unwrap();
    assert_eq!(changes.len(), 3, "{changes:?}");
    assert_eq!(
        changes[0]["from"],
        json!({"field": "status", "value": "not-reported"})
    );
    assert_eq!(
        changes[0]["to"],
        json!({"field": "status", "value": "completed"})
    );
    // The page says the same in words.
    let page = app
        .get(&format!("/en/spreadsheets/{id}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("Status: Not reported → Completed"), "{page}");
    assert_eq!(
        strategy(&app, "KEN").await["status"],
        "not-reported",
        "nothing saved yet"
    );

    assert_eq!(
        apply(&app, &id, &[("mode", "whole")]).await,
        format!("/en/spreadsheets/{id}?done=applied")
    );
    let now = strategy(&app, "KEN").await;
    assert_eq!(now["status"], "completed");
    assert_eq!(now["note"], "Adoptée en conseil des ministres.");
    assert_eq!(now["themes"], json!(["digitalisation"]));
    let history = app
        .storage
        .history(summit::ActionTarget::Country(Iso3::parse("KEN").unwrap()))
        .await
        .unwrap();
    assert_eq!(history[0].source.as_deref(), Some("Afrique révisé.xlsx"));
    assert_eq!(
        dry_run(&app, &id).await["rows"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["result"] == "published")
            .count(),
        1
    );
    assert!(apply(&app, &id, &[("mode", "whole")])
        .await
        .ends_with("done=already"));

    // An Arabic template reads right to left, in Arabic.
    let arabic = dir.path().join("ar.xlsx");
    std::fs::write(&arabic, template(&app, "lang=ar&country=KEN,UGA").await).unwrap();
    let inspected: Value =
        serde_json::from_str(&workbook(&["inspect", arabic.to_str().unwrap()])).unwrap();
    assert!(inspected["right_to_left"].as_bool().unwrap());
    assert_eq!(inspected["rows"], 14);
    // In Arabic order: Uganda (أوغندا) before Kenya (كينيا).
    assert_eq!(inspected["second_row"][0], "أوغندا");
}

#[tokio::test]
async fn files_converted_by_libreoffice_read_like_their_originals() {
    let app = signed_in_admin().await;
    let dir = tempfile::tempdir().unwrap();
    let original = dir.path().join("asia.xlsx");
    std::fs::write(
        &original,
        template(&app, "lang=ru&region=asia-pacific").await,
    )
    .unwrap();
    let converted = libreoffice(&original, dir.path(), None);
    let id = uploaded(&app, "asia.xlsx", std::fs::read(converted).unwrap()).await;
    let view = dry_run(&app, &id).await;
    assert!(count(&view, "unchanged") > 100, "{view}");
    assert_eq!(
        outcomes(&view).iter().filter(|o| *o != "unchanged").count(),
        0,
        "{view}"
    );

    // A CSV in Russian, with a semicolon as Excel writes it in Russia,
    // made into a workbook by LibreOffice.
    let version = strategy(&app, "KEN").await["version"].as_i64().unwrap();
    let csv = dir.path().join("kenya.csv");
    std::fs::write(
        &csv,
        format!("Страна или регион;Мера;Версия (не изменять);Статус\nКения;Обязательства в национальной стратегии;{version};Под угрозой\n"),
    )
    .unwrap();
    let headings: Value = serde_json::from_str(
        &std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../app/locales/ru.json"),
        )
        .unwrap(),
    )
    .unwrap();
    assert_eq!(
        headings["sheets"]["col_action"], "Мера",
        "the CSV uses the template's headings"
    );
    let converted = libreoffice(&csv, dir.path(), Some("CSV:59,34,76,1"));
    let id = uploaded(&app, "kenya.xlsx", std::fs::read(converted).unwrap()).await;
    let view = dry_run(&app, &id).await;
    assert_eq!(outcomes(&view), ["change"], "{view}");
    // The same CSV uploaded as it is.
    let id = uploaded(&app, "kenya.csv", std::fs::read(&csv).unwrap()).await;
    assert_eq!(outcomes(&dry_run(&app, &id).await), ["change"]);
}

#[tokio::test]
async fn a_change_on_the_site_since_the_template_is_a_conflict_showing_both_values() {
    let app = signed_in_admin().await;
    let token = app.token("admin@un.org").await;
    let dir = tempfile::tempdir().unwrap();
    let original = dir.path().join("kenya.xlsx");
    std::fs::write(&original, template(&app, "lang=en&country=KEN").await).unwrap();
    // Someone reports on the site after the template was made.
    let path = "/api/v1/countries/KEN/actions/national-strategy";
    let version = strategy(&app, "KEN").await["version"].as_i64();
    let response = app
        .patch_action(Some(&token), path, version, json!({"status": "at-risk"}))
        .await;
    assert_eq!(response.status(), 200);
    let edits = json!([
        {"place": KEN, "action": STRATEGY_EN, "column": "Status", "value": "Completed"},
        {"place": KEN, "action": "Financing pathway", "column": "Note", "value": "Budget line agreed."},
    ]);
    let id = edited_upload(&app, &original, "edited.xlsx", &edits).await;
    let view = dry_run(&app, &id).await;
    let conflict = view["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["outcome"]["outcome"] == "conflict")
        .unwrap();
    assert_eq!(
        conflict["outcome"]["conflicts"][0]["in_file"]["value"],
        "completed"
    );
    assert_eq!(
        conflict["outcome"]["conflicts"][0]["on_site"]["value"],
        "at-risk"
    );
    let page = app
        .get(&format!("/en/spreadsheets/{id}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("in the file “Completed”, on the site now “At risk”"),
        "{page}"
    );
    // The whole file cannot go; row by row, the clean change does.
    assert!(apply(&app, &id, &[("mode", "whole")])
        .await
        .ends_with("done=not-whole"));
    assert_eq!(strategy(&app, "KEN").await["status"], "at-risk");
    let change_line = view["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["outcome"]["outcome"] == "change")
        .unwrap()["line"]
        .to_string();
    assert!(
        apply(&app, &id, &[("mode", "rows"), ("line", &change_line)])
            .await
            .ends_with("done=applied")
    );
    assert_eq!(
        strategy(&app, "KEN").await["status"],
        "at-risk",
        "the conflict changed nothing"
    );

    // A change made between the dry run and saving: nothing is saved, and
    // the dry run is shown again with what is true now.
    std::fs::write(&original, template(&app, "lang=en&country=KEN").await).unwrap();
    let edits = json!([{"place": KEN, "action": STRATEGY_EN, "column": "Note", "value": "Cabinet approval due."}]);
    let id = edited_upload(&app, &original, "again.xlsx", &edits).await;
    assert_eq!(
        outcomes(&dry_run(&app, &id).await),
        [
            "unchanged",
            "unchanged",
            "unchanged",
            "change",
            "unchanged",
            "unchanged",
            "unchanged"
        ]
    );
    let version = strategy(&app, "KEN").await["version"].as_i64();
    app.patch_action(
        Some(&token),
        path,
        version,
        json!({"note": "Cabinet approved."}),
    )
    .await;
    assert!(apply(&app, &id, &[("mode", "whole")])
        .await
        .ends_with("done=moved"));
    assert_eq!(strategy(&app, "KEN").await["note"], "Cabinet approved.");
    assert!(outcomes(&dry_run(&app, &id).await).contains(&"conflict".to_owned()));
}
