//! Review before publishing (issue 29) through every door: an editor's
//! change held as a proposal (API 202, the edit form's `?proposed=`), the
//! public reads and the feed showing the published state until approval,
//! a return with a comment, the revision, the approval; and the refusals
//! (a review by someone not a reviewer, an approval of a withdrawn
//! proposal, a stale approval, another open proposal, a return without a
//! reason), each changing nothing.

use crate::support::{spawn_app, spawn_client, TestApp, PASSWORD};
use app::services::storage::ReviewStorage;
use serde_json::{json, Value};

const KENYA: &str = "/api/v1/countries/KEN/actions/national-strategy";

pub(crate) async fn review_africa(app: &TestApp) {
    app.storage
        .set_review_policy(&summit::ReviewPolicy {
            everywhere: false,
            regions: vec![summit::Region::Africa],
        })
        .await
        .unwrap();
}

/// Kenya's national strategy as the public API shows it.
async fn public_strategy(app: &TestApp) -> Value {
    crate::deadlines::strategy(app, "KEN").await
}

/// `GET /api/v1/proposals/{id}` as the token's account.
async fn proposal(app: &TestApp, token: &str, id: i64) -> reqwest::Response {
    app.client
        .get(app.url(&format!("/api/v1/proposals/{id}")))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
}

pub(crate) async fn step(app: &TestApp, token: &str, id: i64, body: Value) -> reqwest::Response {
    app.client
        .post(app.url(&format!("/api/v1/proposals/{id}/steps")))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap()
}

struct People {
    editor: String,
    reviewer: String,
    other_editor: String,
    outsider: String,
}

async fn people(app: &TestApp) -> People {
    app.create_user("amina@un.org", "editor", "africa", "")
        .await;
    app.create_user("rev@un.org", "reviewer", "africa", "")
        .await;
    app.create_user("kofi@un.org", "editor", "", "KEN").await;
    app.create_user("asia-rev@un.org", "reviewer", "asia-pacific", "")
        .await;
    People {
        editor: app.token("amina@un.org").await,
        reviewer: app.token("rev@un.org").await,
        other_editor: app.token("kofi@un.org").await,
        outsider: app.token("asia-rev@un.org").await,
    }
}

#[tokio::test]
async fn a_proposal_is_returned_revised_and_approved_and_public_only_then() {
    let app = spawn_app().await;
    review_africa(&app).await;
    let p = people(&app).await;
    let before = public_strategy(&app).await;
    let version = before["version"].as_i64().unwrap();

    // Proposed: 202, the proposal; the public action is unchanged.
    let response = app
        .patch_action(
            Some(&p.editor),
            KENYA,
            Some(version),
            json!({ "status": "completed", "note": "Adopted in May." }),
        )
        .await;
    assert_eq!(response.status(), 202);
    assert_eq!(response.headers()["cache-control"], "private, no-store");
    let proposed: Value = response.json().await.unwrap();
    let id = proposed["id"].as_i64().unwrap();
    assert_eq!(proposed["state"], "pending");
    assert_eq!(proposed["steps"][0]["step"], "proposed");
    assert_eq!(
        public_strategy(&app).await,
        before,
        "readers see the published state"
    );
    let feed = app.get("/feeds/changes.atom").await.text().await.unwrap();
    assert!(
        !feed.contains("Adopted in May."),
        "the feed waits for approval"
    );

    // Someone not a reviewer of Kenya cannot approve it; nothing changes.
    for token in [&p.outsider, &p.other_editor, &p.editor] {
        let refused = step(&app, token, id, json!({ "step": "approve" })).await;
        assert!(
            matches!(refused.status().as_u16(), 403 | 404),
            "{}",
            refused.status()
        );
    }
    // Another editor's change to the same action waits its turn.
    let second = app
        .patch_action(
            Some(&p.other_editor),
            KENYA,
            Some(version),
            json!({ "status": "at-risk" }),
        )
        .await;
    assert_eq!(second.status(), 409);
    let body: Value = second.json().await.unwrap();
    assert!(
        body["error"].as_str().unwrap().contains("another proposal"),
        "{body}"
    );

    // Returned without a reason: 422. With one: returned.
    let bare = step(
        &app,
        &p.reviewer,
        id,
        json!({ "step": "return", "comment": "  " }),
    )
    .await;
    assert_eq!(bare.status(), 422);
    let returned = step(
        &app,
        &p.reviewer,
        id,
        json!({ "step": "return", "comment": "Cite the decree." }),
    )
    .await;
    assert_eq!(returned.status(), 202);
    let returned: Value = returned.json().await.unwrap();
    assert_eq!(returned["state"], "returned");
    assert_eq!(returned["comment"], "Cite the decree.");
    // The editor sees it with the comment.
    let mine: Value = proposal(&app, &p.editor, id).await.json().await.unwrap();
    assert_eq!(mine["comment"], "Cite the decree.");
    // …and nobody outside it does.
    let hidden = proposal(&app, &p.outsider, id).await;
    assert_eq!(hidden.status(), 404);

    // Revised by its author through the same PATCH: pending again.
    let revised = app
        .patch_action(
            Some(&p.editor),
            KENYA,
            Some(version),
            json!({ "status": "completed", "note": "Adopted in May.", "evidence": ["https://example.org/decree"] }),
        )
        .await;
    assert_eq!(revised.status(), 202);
    let revised: Value = revised.json().await.unwrap();
    assert_eq!(revised["state"], "pending");
    assert_eq!(public_strategy(&app).await, before);

    // Approved: public now, in the author's name, and in the feed.
    let approved = step(&app, &p.reviewer, id, json!({ "step": "approve" })).await;
    assert_eq!(approved.status(), 200);
    let after = public_strategy(&app).await;
    assert_eq!(after["status"], "completed");
    assert_eq!(after["version"].as_i64().unwrap(), version + 1);
    assert_eq!(after["updated_by"], "Test editor");
    let feed = app.get("/feeds/changes.atom").await.text().await.unwrap();
    assert!(
        feed.contains("Adopted in May."),
        "the feed shows it once approved"
    );
    let closed: Value = proposal(&app, &p.reviewer, id).await.json().await.unwrap();
    let steps: Vec<&str> = closed["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["step"].as_str().unwrap())
        .collect();
    assert_eq!(steps, ["proposed", "returned", "revised", "approved"]);
    // Approving again: it is closed.
    let again = step(&app, &p.reviewer, id, json!({ "step": "approve" })).await;
    assert_eq!(again.status(), 409);
}

#[tokio::test]
async fn a_withdrawn_or_stale_proposal_cannot_be_approved() {
    let app = spawn_app().await;
    review_africa(&app).await;
    let p = people(&app).await;
    app.create_user("chief@un.org", "admin", "", "").await;
    let admin = app.token("chief@un.org").await;
    let version = public_strategy(&app).await["version"].as_i64().unwrap();

    let made: Value = app
        .patch_action(
            Some(&p.editor),
            KENYA,
            Some(version),
            json!({ "status": "in-progress" }),
        )
        .await
        .json()
        .await
        .unwrap();
    let id = made["id"].as_i64().unwrap();
    // Only its author withdraws it.
    let not_yours = step(&app, &p.reviewer, id, json!({ "step": "withdraw" })).await;
    assert_eq!(not_yours.status(), 403);
    let withdrawn = step(&app, &p.editor, id, json!({ "step": "withdraw" })).await;
    assert_eq!(withdrawn.status(), 202);
    let approve = step(&app, &p.reviewer, id, json!({ "step": "approve" })).await;
    assert_eq!(approve.status(), 409);
    assert_eq!(
        public_strategy(&app).await["version"].as_i64().unwrap(),
        version
    );

    // Proposed again; an administrator's own edit publishes at once and
    // makes the proposal stale: its approval is a 409 with the action now.
    let made: Value = app
        .patch_action(
            Some(&p.editor),
            KENYA,
            Some(version),
            json!({ "status": "in-progress" }),
        )
        .await
        .json()
        .await
        .unwrap();
    let id = made["id"].as_i64().unwrap();
    let direct = app
        .patch_action(
            Some(&admin),
            KENYA,
            Some(version),
            json!({ "note": "Set by headquarters." }),
        )
        .await;
    assert_eq!(direct.status(), 200, "administrators publish directly");
    let stale = step(&app, &p.reviewer, id, json!({ "step": "approve" })).await;
    assert_eq!(stale.status(), 409);
    let body: Value = stale.json().await.unwrap();
    assert_eq!(body["current"]["note"], "Set by headquarters.");
    let now = public_strategy(&app).await;
    assert_eq!(
        now["status"], "not-reported",
        "nothing of the stale proposal is published"
    );
    // A proposal against an old version is refused like any edit.
    let old = app
        .patch_action(
            Some(&p.other_editor),
            "/api/v1/countries/GHA/actions/national-strategy",
            Some(99),
            json!({ "status": "at-risk" }),
        )
        .await;
    assert_eq!(old.status(), 403, "Ghana is not Kofi's");
    let old = app
        .patch_action(
            Some(&p.editor),
            "/api/v1/countries/GHA/actions/national-strategy",
            Some(99),
            json!({ "status": "at-risk" }),
        )
        .await;
    assert_eq!(old.status(), 409);
    // Outside review (Asia-Pacific) an editor's change is public at once.
    app.create_user("li@un.org", "editor", "asia-pacific", "")
        .await;
    let li = app.token("li@un.org").await;
    let china: Value = app.get("/api/v1/countries/CHN").await.json().await.unwrap();
    let v = china["actions"][0]["version"].as_i64().unwrap();
    let kind = china["actions"][0]["kind"].as_str().unwrap().to_owned();
    let direct = app
        .patch_action(
            Some(&li),
            &format!("/api/v1/countries/CHN/actions/{kind}"),
            Some(v),
            json!({ "status": "in-progress" }),
        )
        .await;
    assert_eq!(direct.status(), 200);
}

/// The pages' door: the edit form's post becomes a proposal, the review
/// page returns and approves it, in the reviewer's language.
#[tokio::test]
async fn the_edit_form_proposes_and_the_review_page_approves() {
    let app = spawn_app().await;
    review_africa(&app).await;
    app.create_user("amina@un.org", "editor", "africa", "")
        .await;
    app.create_user("rev@un.org", "reviewer", "africa", "")
        .await;
    let response = app.sign_in("amina@un.org", PASSWORD).await;
    assert!(!response.status().is_client_error());
    let version = public_strategy(&app).await["version"]
        .as_i64()
        .unwrap()
        .to_string();
    let posted = app
        .post_form(
            "/en/countries/KEN",
            &[
                ("kind", "national-strategy"),
                ("version", &version),
                ("status", "completed"),
                ("note", "Adopted <b>"),
            ],
        )
        .await;
    assert_eq!(posted.status(), 303);
    let location = posted.headers()["location"].to_str().unwrap().to_owned();
    assert!(
        location.contains("proposed=national-strategy"),
        "{location}"
    );
    let page = app.get(&location).await.text().await.unwrap();
    assert!(page.contains("was sent for review"), "the editor is told");
    assert!(page.contains("waits for review"));
    assert_eq!(public_strategy(&app).await["status"], "not-reported");

    // The reviewer, in French, on another browser.
    let reviewer = spawn_client();
    let signed = reviewer
        .post(app.url("/api/sign-in"))
        .header("Origin", &app.address)
        .form(&[
            ("lang", "fr"),
            ("email", "rev@un.org"),
            ("password", PASSWORD),
            ("next", "/fr/review"),
        ])
        .send()
        .await
        .unwrap();
    assert!(!signed.status().is_client_error(), "{}", signed.status());
    let page = reviewer
        .get(app.url("/fr/review"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("Approuver et publier"),
        "the review page in French"
    );
    assert!(
        page.contains("Adopted &lt;b&gt;"),
        "the proposed note, escaped"
    );
    let id = {
        let at = page.find("id=\"proposal-").unwrap() + "id=\"proposal-".len();
        page[at..].split('"').next().unwrap().to_owned()
    };
    // A return without a comment: the page again, 422, the reason translated.
    let refused = reviewer
        .post(app.url("/fr/review"))
        .header("Origin", &app.address)
        .form(&[("id", id.as_str()), ("step", "returned"), ("comment", "")])
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 422);
    assert!(refused.text().await.unwrap().contains("Indiquez le motif"));
    let approved = reviewer
        .post(app.url("/fr/review"))
        .header("Origin", &app.address)
        .form(&[("id", id.as_str()), ("step", "approved")])
        .send()
        .await
        .unwrap();
    assert_eq!(approved.status(), 303);
    assert_eq!(public_strategy(&app).await["status"], "completed");
    // The editor's own review page of someone else's is not theirs to act on.
    let not_theirs = app
        .post_form("/en/review", &[("id", id.as_str()), ("step", "approved")])
        .await;
    assert_eq!(
        not_theirs.status(),
        409,
        "closed, and never the author's to approve"
    );
}
