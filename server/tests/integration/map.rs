//! The map, region and country pages as a browser without JavaScript gets them.

use crate::support::spawn_app;

#[tokio::test]
async fn the_home_page_has_an_inline_svg_map_with_a_linked_path_for_every_drawn_country() {
    let app = spawn_app().await;
    let html = app.get("/en/").await.text().await.unwrap();
    assert!(html.contains("<svg"));
    let countries = html.matches("data-iso3=\"").count();
    assert!(countries >= 230, "{countries} countries drawn");
    assert!(html.contains(
        r#"<a href="/en/countries/KEN" class="country region-africa band-none deadline-none" data-iso3="KEN""#
    ));
    assert!(html.contains("<title>Kenya — Africa</title>"));
    // Arab States follow UNSDG: Egypt is not in Africa here.
    assert!(html
        .contains(r#"class="country region-arab-states band-none deadline-none" data-iso3="EGY""#));
    // Countries without a UN Country Team are drawn, muted, and say so.
    assert!(html.contains(r#"class="country no-unct band-none deadline-none" data-iso3="FRA""#));
    assert!(html.contains("France — No UN Country Team"));
    // The list view carries the same information.
    assert!(html.contains(r#"id="country-list""#));
}

#[tokio::test]
async fn the_map_svg_stays_within_its_size_budget() {
    let app = spawn_app().await;
    let html = app
        .client
        .get(app.url("/en/"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let start = html.find(r#"class="map-svg">"#).expect("the map");
    let end = start + html[start..].find("</svg>").expect("its end");
    let markup = &html[start..end];
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    std::io::Write::write_all(&mut gz, markup.as_bytes()).unwrap();
    let compressed = gz.finish().unwrap().len();
    assert!(compressed <= 60 * 1024, "{compressed} bytes gzip");
}

#[tokio::test]
async fn map_titles_are_in_the_page_language() {
    let app = spawn_app().await;
    let html = app.get("/ar/").await.text().await.unwrap();
    assert!(html.contains("<title>كينيا — أفريقيا</title>"));
    assert!(html.contains(r#"href="/ar/countries/KEN""#));
}

#[tokio::test]
async fn progress_mode_is_in_the_url_and_honest_about_nothing_reported() {
    let app = spawn_app().await;
    let html = app.get("/en/?view=progress").await.text().await.unwrap();
    assert!(html.contains("world-map view-progress"));
    assert!(html.contains("Not reported"));
    assert!(
        !html.contains("band-0\" data-iso3"),
        "no country has a share yet"
    );
}

#[tokio::test]
async fn a_region_in_the_url_zooms_the_server_rendered_map() {
    let app = spawn_app().await;
    let whole = app.get("/en/").await.text().await.unwrap();
    let africa = app.get("/en/?region=africa").await.text().await.unwrap();
    assert!(whole.contains(r#"transform="translate(0.00 0.00) scale(1.0000)""#));
    assert!(!africa.contains(r#"transform="translate(0.00 0.00) scale(1.0000)""#));
}

#[tokio::test]
async fn region_pages_show_the_briefing_countries_and_highlights() {
    let app = spawn_app().await;
    let response = app.get("/en/regions/latin-america-caribbean").await;
    assert_eq!(response.status(), 200);
    let html = response.text().await.unwrap();
    assert!(html.contains("<h1>Latin America and the Caribbean</h1>"));
    assert!(html.contains("19 August 2025"));
    assert!(html.contains("digitalisation, the inclusion of persons with disabilities"));
    assert!(html.contains(r#"href="/en/countries/BRA""#));
    assert!(
        !html.contains(r#"<a href="/en/countries/KEN">"#),
        "only this region's list"
    );

    let html = app
        .get("/fr/regions/arab-states")
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("<h1>États arabes</h1>"));
    assert!(html.contains("27 août 2025"));
    assert!(html.contains(r#"href="/fr/countries/DZA""#));
}

#[tokio::test]
async fn country_pages_show_region_team_and_actions_not_reported() {
    let app = spawn_app().await;
    let response = app.get("/en/countries/KEN").await;
    assert_eq!(response.status(), 200);
    let html = response.text().await.unwrap();
    assert!(html.contains("<h1>Kenya</h1>"));
    assert!(html.contains(r#"href="/en/regions/africa""#));
    assert!(html.contains("Served by a UN Country Team"));
    assert_eq!(html.matches("status-not-reported").count(), 7);

    let html = app.get("/es/countries/FRA").await.text().await.unwrap();
    assert!(html.contains("<h1>Francia</h1>"));
    assert!(html.contains("Sin equipo de las Naciones Unidas en el país"));
}

#[tokio::test]
async fn a_lower_case_code_redirects_to_the_upper_case_address() {
    let app = spawn_app().await;
    let response = app.get("/en/countries/ken").await;
    assert_eq!(response.status(), 301);
    assert_eq!(response.headers()["location"], "/en/countries/KEN");
}

#[tokio::test]
async fn unknown_regions_and_countries_are_translated_404s() {
    let app = spawn_app().await;
    for (path, text) in [
        ("/en/regions/antarctica", "Page not found"),
        ("/fr/regions/Africa", "Page introuvable"),
        ("/en/countries/XYZ", "Page not found"),
        ("/ru/countries/kenya", "Страница не найдена"),
    ] {
        let response = app.get(path).await;
        assert_eq!(response.status(), 404, "{path}");
        assert!(response.text().await.unwrap().contains(text), "{path}");
    }
}
