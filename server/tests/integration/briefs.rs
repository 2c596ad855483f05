//! Briefs for a meeting (issue 31): the server's PDF in the six languages,
//! read back with poppler (`pdftotext`: the right words, Arabic in logical
//! order; `pdffonts`: every font embedded), and the brief's page.

use crate::support::{signed_in_admin, TestApp};
use serde_json::{json, Value};
use std::process::Command;

fn locale(lang: &str) -> Value {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(format!("../app/locales/{lang}.json"));
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// A PDF's text as poppler reads it, and its fonts' table.
fn poppler(pdf: &[u8]) -> (String, String) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("brief.pdf");
    std::fs::write(&file, pdf).unwrap();
    let run = |tool: &str, args: &[&str]| {
        let output = Command::new(tool)
            .args(args)
            .arg(&file)
            .args(if tool == "pdftotext" {
                vec!["-"]
            } else {
                vec![]
            })
            .output()
            .unwrap_or_else(|e| panic!("{tool} runs (Debian's poppler-utils): {e}"));
        assert!(output.status.success(), "{tool}");
        String::from_utf8(output.stdout).unwrap()
    };
    // pdftotext marks right-to-left runs with Unicode's embedding controls
    // (U+202A–U+202E); the words between them are what is compared.
    let text: String = run("pdftotext", &[])
        .chars()
        .filter(|c| !('\u{202a}'..='\u{202e}').contains(c))
        .collect();
    (text, run("pdffonts", &[]))
}

async fn pdf(app: &TestApp, query: &str) -> Vec<u8> {
    let response = app.get(&format!("/api/v1/brief.pdf?{query}")).await;
    let status = response.status();
    if status != 200 {
        panic!("{query}: {status} {}", response.text().await.unwrap());
    }
    assert_eq!(response.headers()["content-type"], "application/pdf");
    let bytes = response.bytes().await.unwrap().to_vec();
    assert!(bytes.starts_with(b"%PDF-"));
    // SUMMIT_KEEP_BRIEFS=folder keeps them, to look at.
    if let Ok(dir) = std::env::var("SUMMIT_KEEP_BRIEFS") {
        let name: String = query
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .collect();
        std::fs::write(
            std::path::Path::new(&dir).join(format!("{name}.pdf")),
            &bytes,
        )
        .unwrap();
    }
    bytes
}

#[tokio::test]
async fn a_country_brief_prints_in_six_languages_with_its_fonts_embedded() {
    let app = signed_in_admin().await;
    let token = app.token("admin@un.org").await;
    let path = "/api/v1/countries/KEN/actions/national-strategy";
    let response = app
        .patch_action(
            Some(&token),
            path,
            Some(0),
            json!({"status": "completed", "note": "Adopted by the cabinet."}),
        )
        .await;
    assert_eq!(response.status(), 200);
    let names = [
        ("en", "Kenya"),
        ("fr", "Kenya"),
        // The UN's Spanish name.
        ("es", "Kenya"),
        ("ru", "Кения"),
        ("zh", "肯尼亚"),
        ("ar", "كينيا"),
    ];
    for (lang, kenya) in names {
        let (text, fonts) = poppler(&pdf(&app, &format!("lang={lang}&country=KEN")).await);
        let words = locale(lang);
        let completed = words["status"]["completed"].as_str().unwrap();
        let changes = words["brief"]["changes"].as_str().unwrap();
        let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(flat.contains(kenya), "{lang}: {kenya} not in {flat}");
        // pdftotext repeats a letter that carries a vowel mark (مُنجَز comes
        // out as ُمُمنَجَجز) and reverses lam-alef (خلال as خالل): Arabic is
        // checked below with words that have neither.
        if lang != "ar" {
            assert!(
                flat.contains(completed),
                "{lang}: {completed} not in {flat}"
            );
            assert!(flat.contains(changes), "{lang}: {changes}");
        }
        // (In Arabic the full stop of an English note sits at its start.)
        assert!(flat.contains("Adopted by the cabinet"), "{lang}: the note");
        // Every font is embedded (pdffonts' "emb" column), none a stand-in.
        let rows: Vec<&str> = fonts.lines().skip(2).collect();
        assert!(!rows.is_empty(), "{lang}: fonts listed");
        for row in rows {
            let columns: Vec<&str> = row.split_whitespace().collect();
            let emb = columns[columns.len() - 5];
            assert_eq!(emb, "yes", "{lang}: {row}");
        }
    }
    // Arabic comes out in logical order: the title's words as typed.
    let (text, fonts) = poppler(&pdf(&app, "lang=ar&country=KEN").await);
    let title = locale("ar")["brief"]["title"]
        .as_str()
        .unwrap()
        .replace("{{ place }}", "كينيا");
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains(&title), "{title} not in {flat}");
    assert!(
        flat.contains("المنطقة أفريقيا"),
        "the region, label first: {flat}"
    );
    assert!(fonts.contains("NotoSansArabic"), "{fonts}");
    let (_, fonts) = poppler(&pdf(&app, "lang=zh&country=KEN").await);
    assert!(fonts.contains("NotoSansCJK"), "{fonts}");
}

#[tokio::test]
async fn a_region_brief_and_its_page_cover_a_chosen_period() {
    let app = signed_in_admin().await;
    let (text, _) =
        poppler(&pdf(&app, "lang=fr&region=africa&from=2026-01-01&at=2026-06-30").await);
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains("Afrique"), "{flat}");
    assert!(flat.contains("30 juin 2026"), "{flat}");
    assert!(flat.contains("Kenya"), "the region's countries: {flat}");
    for bad in ["lang=en&country=XXX", "lang=en", "lang=en&region=mars"] {
        assert_eq!(
            app.get(&format!("/api/v1/brief.pdf?{bad}")).await.status(),
            404,
            "{bad}"
        );
    }
    assert_eq!(
        app.get("/api/v1/brief.pdf?country=KEN&at=yesterday")
            .await
            .status(),
        400
    );
    let page = app.get("/en/countries/KEN/brief?from=2026-01-01").await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("Kenya — follow-up brief"), "{html}");
    assert!(
        html.contains("/api/v1/brief.pdf?lang=en&amp;country=KEN&amp;from=2026-01-01"),
        "the PDF link"
    );
    let page = app.get("/ar/regions/africa/brief").await;
    assert_eq!(page.status(), 200);
    assert!(page.text().await.unwrap().contains("dir=\"rtl\""));
}
