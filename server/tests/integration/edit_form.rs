//! The edit form, a plain HTML form posted to the page it is on
//! (`POST /{lang}/countries/{code}`, `POST /{lang}/regions/{slug}`): a save
//! goes back to the page, a refused edit answers the page with the form open
//! on what was typed.

use crate::support::{spawn_app, TestApp};

const GHANA: &str = "/en/countries/GHA";

/// The opening tag of the first element whose tag contains `needle`.
fn tag<'a>(page: &'a str, needle: &str) -> &'a str {
    let at = page
        .find(needle)
        .unwrap_or_else(|| panic!("{needle} is on the page"));
    let start = if needle.starts_with('<') {
        at
    } else {
        page[..at].rfind('<').unwrap_or(0)
    };
    let end = at + page[at..].find('>').unwrap_or(0);
    &page[start..=end]
}

/// The status of a country's national strategy as the JSON API reads it.
async fn strategy_status(app: &TestApp, iso3: &str) -> String {
    let body: serde_json::Value = app
        .get(&format!("/api/v1/countries/{iso3}"))
        .await
        .json()
        .await
        .unwrap();
    let actions = body["actions"].as_array().cloned().unwrap_or_default();
    actions
        .iter()
        .find(|a| a["kind"] == "national-strategy")
        .map(|a| a["status"].as_str().unwrap_or_default().to_owned())
        .unwrap_or_default()
}

/// An Africa editor, signed in on the app's client.
async fn signed_in_editor() -> TestApp {
    let app = spawn_app().await;
    app.create_user("amina@un.org", "editor", "africa", "")
        .await;
    let response = app.sign_in("amina@un.org", crate::support::PASSWORD).await;
    assert!(
        !response.status().is_client_error(),
        "{}",
        response.status()
    );
    app
}

fn form<'a>(version: &'a str, status: &'a str, evidence: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("kind", "national-strategy"),
        ("version", version),
        ("status", status),
        ("themes", "social-protection"),
        ("themes", "digitalisation"),
        ("evidence", evidence),
        ("note", "Adopted <b>in cabinet</b>."),
    ]
}

#[tokio::test]
async fn a_save_goes_back_to_the_page_which_shows_it() {
    let app = signed_in_editor().await;
    let response = app
        .post_form(
            &format!("{GHANA}?at=&view=x"),
            &form("0", "completed", "https://ghana.un.org/en/strategy"),
        )
        .await;
    assert_eq!(response.status(), 303);
    assert_eq!(
        response.headers()["location"],
        "/en/countries/GHA?at=&view=x&saved=national-strategy#tracker-heading"
    );
    let page = app
        .get("/en/countries/GHA?saved=national-strategy")
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("is now at version 1"), "the note says so");
    assert!(page.contains("https://ghana.un.org/en/strategy"));
    assert!(page.contains("Adopted &lt;b&gt;in cabinet&lt;/b&gt;."));
    // Escaped everywhere, in the edit form's textarea too (tachys writes a
    // textarea's text as it is given).
    assert!(!page.contains("<b>in cabinet"));
    // The page's own edit forms are plain HTML: no editor island.
    assert!(page.contains(r#"popovertarget="edit-national-strategy""#));
    assert!(!page.contains("ActionsEditor"));
}

#[tokio::test]
async fn an_invalid_edit_answers_the_page_with_what_was_typed_and_the_problem() {
    let app = signed_in_editor().await;
    let response = app
        .post_form(GHANA, &form("0", "completed", "javascript:alert(1)"))
        .await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.unwrap();
    // The form is open (not a popover) on the draft, with the field's problem.
    let opening = tag(&page, r#"id="edit-national-strategy""#);
    assert!(opening.contains(r#"method="post""#), "{opening}");
    assert!(!opening.contains("popover"), "{opening}");
    assert!(page.contains("javascript:alert(1)</textarea>"));
    assert!(page.contains("http:// or https://"));
    let at = page
        .find("Adopted &lt;b&gt;in cabinet")
        .expect("the note is kept");
    assert!(
        page[at..].starts_with("Adopted &lt;b&gt;in cabinet&lt;/b&gt;.</textarea>"),
        "{}",
        &page[at..at + 80]
    );
    assert_eq!(
        strategy_status(&app, "GHA").await,
        "not-reported",
        "nothing was saved"
    );
}

#[tokio::test]
async fn a_stale_edit_shows_the_version_saved_meanwhile_and_can_be_applied_to_it() {
    let app = signed_in_editor().await;
    let first = app.post_form(GHANA, &form("0", "in-progress", "")).await;
    assert_eq!(first.status(), 303);
    let stale = app.post_form(GHANA, &form("0", "at-risk", "")).await;
    assert_eq!(stale.status(), 409);
    let page = stale.text().await.unwrap();
    assert!(page.contains(r#"data-testid="conflict""#));
    assert!(page.contains(r#"name="rebase" value="1""#));
    let editor = &page[page.find(r#"id="edit-national-strategy""#).unwrap()..];
    let chosen = tag(editor, r#"<option value="at-risk""#);
    assert!(chosen.contains("selected"), "the draft is kept: {chosen}");

    let mut rebased = form("0", "at-risk", "");
    rebased.push(("rebase", "1"));
    let response = app.post_form(GHANA, &rebased).await;
    assert_eq!(response.status(), 303);
    assert_eq!(strategy_status(&app, "GHA").await, "at-risk");
}

#[tokio::test]
async fn outside_the_editors_region_the_post_is_refused() {
    let app = signed_in_editor().await;
    let response = app
        .post_form("/en/countries/PER", &form("0", "completed", ""))
        .await;
    assert_eq!(response.status(), 403);
    let page = response.text().await.unwrap();
    assert!(page.contains(r#"role="alert""#), "the page says why");
    assert_eq!(strategy_status(&app, "PER").await, "not-reported");
}

#[tokio::test]
async fn without_a_session_the_post_goes_to_sign_in_and_changes_nothing() {
    let app = spawn_app().await;
    let response = app.post_form(GHANA, &form("0", "completed", "")).await;
    assert_eq!(response.status(), 303);
    assert_eq!(
        response.headers()["location"],
        "/en/sign-in?next=/en/countries/GHA"
    );
    assert_eq!(strategy_status(&app, "GHA").await, "not-reported");
}

#[tokio::test]
async fn a_post_from_another_site_or_not_from_the_form_is_refused() {
    let app = signed_in_editor().await;
    let cross = app
        .client
        .post(app.url(GHANA))
        .header("Origin", "https://evil.example")
        .header("Sec-Fetch-Site", "cross-site")
        .form(&form("0", "completed", ""))
        .send()
        .await
        .unwrap();
    assert_eq!(cross.status(), 403);
    let no_kind = app
        .post_form(GHANA, &[("version", "0"), ("status", "completed")])
        .await;
    assert_eq!(no_kind.status(), 400);
    let unknown = app
        .post_form("/en/countries/ZZZ", &form("0", "completed", ""))
        .await;
    assert_eq!(unknown.status(), 404);
    assert_eq!(strategy_status(&app, "GHA").await, "not-reported");
}
