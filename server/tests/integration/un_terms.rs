//! In the UN's own terms, in the reader's language: countries by their UN
//! short names (UNTERM / M49), and no slug, code or IANA identifier where a
//! person reads text — pages, the history, feeds and calendar files.

use crate::changes::africa_editor;
use crate::support::{signed_in_admin, spawn_app, TestApp};
use atom_syndication::Feed;

async fn text(app: &TestApp, path: &str) -> String {
    let response = app.get(path).await;
    assert_eq!(response.status(), 200, "{path}");
    response.text().await.unwrap()
}

async fn name(app: &TestApp, iso3: &str, lang: &str) -> String {
    let country: serde_json::Value = app
        .get(&format!("/api/v1/countries/{iso3}?lang={lang}"))
        .await
        .json()
        .await
        .unwrap();
    country["name"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn countries_have_their_un_names_in_each_language() {
    let app = spawn_app().await;
    assert_eq!(
        name(&app, "COD", "en").await,
        "Democratic Republic of the Congo"
    );
    assert_eq!(
        name(&app, "COD", "fr").await,
        "République démocratique du Congo"
    );
    assert_eq!(name(&app, "CPV", "en").await, "Cabo Verde");
    assert_eq!(name(&app, "KNA", "en").await, "Saint Kitts and Nevis");
    assert_eq!(name(&app, "PSE", "ar").await, "دولة فلسطين");
    assert_eq!(
        name(&app, "TZA", "ru").await,
        "Объединенная Республика Танзания"
    );
    assert_eq!(
        name(&app, "BOL", "es").await,
        "Bolivia (Estado Plurinacional de)"
    );
    assert_eq!(name(&app, "LAO", "zh").await, "老挝人民民主共和国");
    // What a person reads: the country list (the map island's props also
    // carry everyday names, for its search only).
    let page = text(&app, "/en/").await;
    let list = &page[page.find("id=\"country-list\"").expect("the country list")..];
    for everyday in [
        "Congo - Kinshasa",
        "Cape Verde",
        "St. Kitts &amp; Nevis",
        "Palestinian Territories",
    ] {
        assert!(!list.contains(everyday), "{everyday} on the home page");
    }
    assert!(list.contains("State of Palestine"));
}

#[tokio::test]
async fn an_administrator_corrects_a_name_in_one_language() {
    let app = signed_in_admin().await;
    let saved = app
        .post_form(
            "/api/admin/set-country-name",
            &[
                ("code", "cpv"),
                ("lang", "fr"),
                ("name", "République de Cabo Verde"),
            ],
        )
        .await;
    assert_eq!(saved.status(), 200);
    assert_eq!(name(&app, "CPV", "fr").await, "République de Cabo Verde");
    assert_eq!(
        name(&app, "CPV", "en").await,
        "Cabo Verde",
        "only the language corrected"
    );
    for (form, status) in [
        ([("code", "XXX"), ("lang", "fr"), ("name", "Nowhere")], 404),
        (
            [("code", "CPV"), ("lang", "de"), ("name", "Kap Verde")],
            422,
        ),
        ([("code", "CPV"), ("lang", "fr"), ("name", "  ")], 422),
    ] {
        let refused = app.post_form("/api/admin/set-country-name", &form).await;
        assert_eq!(refused.status(), status, "{form:?}");
    }
    assert_eq!(name(&app, "CPV", "fr").await, "République de Cabo Verde");
}

/// The history on a country page and the Atom feed name a theme by its name
/// in the reader's language, and an empty list as "none": never its slug.
#[tokio::test]
async fn the_history_and_feeds_name_themes_never_their_slugs() {
    let app = spawn_app().await;
    let token = africa_editor(&app).await;
    let response = app
        .patch_action(
            Some(&token),
            "/api/v1/countries/GHA/actions/national-strategy",
            Some(0),
            serde_json::json!({ "status": "in-progress", "themes": ["social-protection"] }),
        )
        .await;
    assert_eq!(response.status(), 200);

    let page = text(&app, "/ar/countries/GHA").await;
    let history = &page[page.find("class=\"history\"").expect("a history")..];
    assert!(
        history.contains("الحماية الاجتماعية"),
        "the Arabic theme name"
    );
    assert!(
        !history.contains("social-protection"),
        "no slug in the history"
    );

    let body = app
        .get("/feeds/changes.atom?lang=fr")
        .await
        .bytes()
        .await
        .unwrap();
    let feed = Feed::read_from(&body[..]).unwrap();
    let content = feed.entries[0]
        .content
        .as_ref()
        .unwrap()
        .value
        .clone()
        .unwrap();
    assert!(content.contains("Protection sociale"), "{content}");
    assert!(content.contains("aucun"), "{content}");
    assert!(!content.contains("social-protection"), "{content}");
    assert!(!feed.entries[0].title.value.contains("in-progress"));
}

#[tokio::test]
async fn calendar_files_speak_the_language_asked_for() {
    let app = spawn_app().await;
    let calendar = text(&app, "/api/v1/milestones.ics?lang=ru").await;
    let unfolded = calendar.replace("\r\n ", "");
    assert!(
        unfolded.contains("CATEGORIES:Региональный"),
        "kinds by name: {unfolded}"
    );
    for slug in [
        "regional-briefing",
        "intergovernmental-session",
        "CATEGORIES:summit",
    ] {
        assert!(!unfolded.contains(slug), "{slug} in the calendar");
    }
    assert!(
        unfolded.contains("Пресс-релиз ООН"),
        "the source in Russian"
    );
    assert!(
        unfolded.contains("X-WR-CALNAME:Мониторинг"),
        "the calendar's name in Russian"
    );
}

#[tokio::test]
async fn milestones_name_time_zones_and_sources_in_the_reader_s_language() {
    let app = spawn_app().await;
    for lang in ["ar", "zh", "en", "fr", "ru", "es"] {
        let page = text(&app, &format!("/{lang}/milestones")).await;
        for zone in [
            "Asia/Qatar",
            "America/New_York",
            "Africa/Addis_Ababa",
            "Europe/Istanbul",
        ] {
            assert!(!page.contains(zone), "{zone} on the {lang} milestones page");
        }
    }
    let english = text(&app, "/en/milestones").await;
    assert!(english.contains("Qatar Time"));
    let french = text(&app, "/fr/milestones").await;
    assert!(french.contains("Communiqué de presse de l’ONU"));
    assert!(!french.contains("UN press release"));
    let chinese = text(&app, "/zh/milestones").await;
    assert!(chinese.contains("联合国新闻稿"));
}
