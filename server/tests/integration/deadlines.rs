//! Deadlines (issue 29): set through the API and the administration form,
//! a kind's reaching every country and a country's own winning, the state
//! in the actions, the tracker's filter, the exports and past days, a
//! deadline that follows its meeting, and every refusal changing nothing.

use crate::support::{signed_in_admin, spawn_app, TestApp};
use serde_json::{json, Value};

const STRATEGY: &str = "/api/v1/deadlines/national-strategy";

async fn put(app: &TestApp, token: Option<&str>, path: &str, body: Value) -> reqwest::Response {
    let mut request = app.client.put(app.url(path)).json(&body);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    request.send().await.expect("the server answers")
}

async fn delete(app: &TestApp, token: &str, path: &str) -> reqwest::Response {
    app.client
        .delete(app.url(path))
        .bearer_auth(token)
        .send()
        .await
        .expect("the server answers")
}

async fn json(app: &TestApp, path: &str) -> Value {
    let response = app.get(path).await;
    assert_eq!(response.status(), 200, "{path}");
    response.json().await.expect("JSON")
}

/// The national strategy of a country as `/api/v1/countries/{iso3}` gives it.
pub(crate) async fn strategy(app: &TestApp, iso3: &str) -> Value {
    let country = json(app, &format!("/api/v1/countries/{iso3}")).await;
    country["actions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["kind"] == "national-strategy")
        .cloned()
        .unwrap()
}

async fn admin_token(app: &TestApp) -> String {
    app.create_user("chief@un.org", "admin", "", "").await;
    app.token("chief@un.org").await
}

#[tokio::test]
async fn a_kind_s_deadline_reaches_every_country_and_a_country_s_own_wins() {
    let app = spawn_app().await;
    let token = admin_token(&app).await;
    let kind = put(
        &app,
        Some(&token),
        STRATEGY,
        json!({ "date": "2099-02-08", "zone": "America/New_York" }),
    )
    .await;
    assert_eq!(kind.status(), 204);
    let own = put(
        &app,
        Some(&token),
        STRATEGY,
        json!({ "country": "ken", "date": "2026-01-15", "zone": "Africa/Nairobi" }),
    )
    .await;
    assert_eq!(own.status(), 204);

    let ghana = strategy(&app, "GHA").await;
    assert_eq!(ghana["due"]["date"], "2099-02-08");
    assert_eq!(ghana["due"]["zone"], "America/New_York");
    assert_eq!(ghana["due"]["state"], "on-track");
    assert_eq!(ghana["due"]["own"], false);
    assert!(ghana["due"]["days_left"].as_i64().unwrap() > 28);
    let kenya = strategy(&app, "KEN").await;
    assert_eq!(kenya["due"]["state"], "overdue");
    assert_eq!(kenya["due"]["own"], true);
    assert!(kenya["due"]["days_left"].as_i64().unwrap() <= 0);
    // Another kind has no deadline, and says nothing of one.
    let country = json(&app, "/api/v1/countries/GHA").await;
    let other = country["actions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["kind"] != "national-strategy")
        .unwrap();
    assert!(other.get("due").is_none(), "{other}");

    // The list, in the language asked for.
    let list = json(&app, "/api/v1/deadlines?lang=fr").await;
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!(list[0]["kind"], "national-strategy");
    assert!(list[0].get("country").is_none());
    assert_eq!(list[1]["country"], "KEN");
    assert_eq!(list[1]["country_name"], "Kenya");
    assert!(
        list[1]["zone_name"].as_str().unwrap().contains("Kenya"),
        "{}",
        list[1]
    );

    // The tracker's filter, its export and the page.
    let overdue = json(&app, "/api/v1/tracker.json?due=overdue").await;
    let overdue = overdue.as_array().unwrap();
    assert_eq!(overdue.len(), 1, "{overdue:?}");
    assert_eq!(overdue[0]["iso3"], "KEN");
    let csv = app
        .get("/api/v1/tracker.csv?kind=national-strategy&region=africa")
        .await
        .text()
        .await
        .unwrap();
    let header = csv.lines().next().unwrap();
    assert!(
        header.ends_with(",due_date,due_zone,due_state,due_days_left"),
        "{header}"
    );
    let kenya_row = csv.lines().find(|l| l.starts_with("KEN,")).unwrap();
    assert!(
        kenya_row.contains(",2026-01-15,Africa/Nairobi,overdue,"),
        "{kenya_row}"
    );
    let unknown = app.get("/api/v1/tracker.json?due=late").await;
    assert_eq!(unknown.status(), 400);
    let page = app
        .get("/en/tracker?due=overdue")
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("data-iso3=\"KEN\""));
    assert!(!page.contains("data-iso3=\"GHA\""));
    assert!(page.contains("data-due=\"overdue\""));

    // The country page says it in words, in the reader's language.
    let en = app.get("/en/countries/KEN").await.text().await.unwrap();
    assert!(en.contains("Overdue"), "English state");
    assert!(
        en.contains("This country&#x27;s own deadline")
            || en.contains("This country's own deadline")
    );
    assert!(en.contains("15 January 2026"), "the day in words");
    let ar = app.get("/ar/countries/GHA").await.text().await.unwrap();
    assert!(ar.contains("في الموعد"), "Arabic: on track");
    assert!(!ar.contains("America/New_York"), "no IANA identifier shown");

    // Removing the country's own: the kind's applies again.
    assert_eq!(
        delete(&app, &token, &format!("{STRATEGY}?country=KEN"))
            .await
            .status(),
        204
    );
    let kenya = strategy(&app, "KEN").await;
    assert_eq!(kenya["due"]["date"], "2099-02-08");
    assert_eq!(kenya["due"]["own"], false);
}

#[tokio::test]
async fn a_past_day_shows_the_state_judged_at_its_end() {
    let app = spawn_app().await;
    let token = admin_token(&app).await;
    let set = put(
        &app,
        Some(&token),
        STRATEGY,
        json!({ "date": "2026-01-01", "zone": "UTC" }),
    )
    .await;
    assert_eq!(set.status(), 204);
    let kenya = |rows: Value| {
        rows.as_array()
            .unwrap()
            .iter()
            .find(|r| r["iso3"] == "KEN")
            .cloned()
            .unwrap()
    };
    let then = kenya(
        json(
            &app,
            "/api/v1/tracker.json?kind=national-strategy&at=2025-12-01",
        )
        .await,
    );
    assert_eq!(then["due"]["state"], "on-track", "{then}");
    assert_eq!(then["due"]["days_left"], 31);
    let soon = kenya(
        json(
            &app,
            "/api/v1/tracker.json?kind=national-strategy&at=2025-12-10",
        )
        .await,
    );
    assert_eq!(soon["due"]["state"], "due-soon");
    let now = kenya(json(&app, "/api/v1/tracker.json?kind=national-strategy").await);
    assert_eq!(now["due"]["state"], "overdue");
}

#[tokio::test]
async fn a_deadline_before_a_meeting_is_the_day_before_it_opens_and_follows_it() {
    let app = signed_in_admin().await;
    let set = app
        .post_form(
            "/api/admin/set-deadline",
            &[("kind", "national-strategy"), ("milestone", "csocd-64")],
        )
        .await;
    assert_eq!(set.status(), 200, "{}", set.text().await.unwrap());
    let list = json(&app, "/api/v1/deadlines").await;
    assert_eq!(list[0]["date"], "2026-02-01");
    assert_eq!(list[0]["zone"], "America/New_York");
    assert_eq!(list[0]["milestone"], "csocd-64");
    assert_eq!(
        list[0]["milestone_title"],
        "64th session of the Commission for Social Development"
    );
    let moved = app
        .post_form(
            "/api/admin/set-milestone",
            &[
                ("lang", "en"),
                ("slug", "csocd-64"),
                ("start", "2027-02-08"),
                ("end", "2027-02-17"),
                ("zone", "America/New_York"),
                (
                    "title",
                    "64th session of the Commission for Social Development",
                ),
            ],
        )
        .await;
    assert_eq!(moved.status(), 200);
    let list = json(&app, "/api/v1/deadlines").await;
    assert_eq!(list[0]["date"], "2027-02-07", "the deadline follows");
    let ghana = strategy(&app, "GHA").await;
    assert_eq!(ghana["due"]["date"], "2027-02-07");
    assert_eq!(
        ghana["due"]["milestone"],
        "64th session of the Commission for Social Development"
    );
}

#[tokio::test]
async fn bad_deadlines_are_refused_with_their_reason_and_change_nothing() {
    let app = spawn_app().await;
    let token = admin_token(&app).await;
    app.create_user("amina@un.org", "editor", "africa", "")
        .await;
    let editor = app.token("amina@un.org").await;
    let good = json!({ "date": "2027-02-08", "zone": "America/New_York" });
    // (token, path, body, status, the field named)
    type Case<'a> = (Option<&'a str>, &'a str, Value, u16, Option<&'a str>);
    let cases: Vec<Case> = vec![
        (None, STRATEGY, good.clone(), 401, None),
        (Some(&editor), STRATEGY, good.clone(), 403, None),
        // Samoa skipped 30 December 2011.
        (
            Some(&token),
            STRATEGY,
            json!({ "date": "2011-12-30", "zone": "Pacific/Apia" }),
            422,
            Some("due_date"),
        ),
        (
            Some(&token),
            STRATEGY,
            json!({ "date": "2027-02-30", "zone": "UTC" }),
            422,
            Some("due_date"),
        ),
        (
            Some(&token),
            STRATEGY,
            json!({ "date": "2027-02-08", "zone": "Mars/Olympus_Mons" }),
            422,
            Some("zone"),
        ),
        (
            Some(&token),
            "/api/v1/deadlines/world-peace",
            good.clone(),
            422,
            Some("choice"),
        ),
        (
            Some(&token),
            "/api/v1/deadlines/regional-strategy",
            json!({ "country": "KEN", "date": "2027-02-08", "zone": "UTC" }),
            422,
            Some("choice"),
        ),
        (
            Some(&token),
            STRATEGY,
            json!({ "country": "XYZ", "date": "2027-02-08", "zone": "UTC" }),
            422,
            Some("choice"),
        ),
        (
            Some(&token),
            STRATEGY,
            json!({ "milestone": "no-such-meeting" }),
            422,
            Some("choice"),
        ),
        (
            Some(&token),
            STRATEGY,
            json!({ "date": "2027-02-08", "zone": "UTC", "colour": "red" }),
            422,
            Some("body"),
        ),
    ];
    for (token, path, body, status, field) in cases {
        let response = put(&app, token, path, body.clone()).await;
        assert_eq!(response.status().as_u16(), status, "{path} {body}");
        let error: Value = response.json().await.unwrap();
        if let Some(field) = field {
            assert_eq!(error["fields"][0]["field"], field, "{error}");
        }
    }
    let list = json(&app, "/api/v1/deadlines").await;
    assert_eq!(list, json!([]), "nothing was stored");
    assert!(strategy(&app, "KEN").await.get("due").is_none());
    // The administration form answers the same, for a page to translate.
    let admin = signed_in_admin().await;
    let refused = admin
        .post_form(
            "/api/admin/set-deadline",
            &[
                ("kind", "national-strategy"),
                ("due_date", "2011-12-30"),
                ("zone", "Pacific/Apia"),
            ],
        )
        .await;
    assert_eq!(refused.status(), 422);
    assert!(refused.text().await.unwrap().contains("Nonexistent"));
}

#[tokio::test]
async fn the_map_s_deadline_mode_shows_each_country_s_most_pressing_state() {
    let app = spawn_app().await;
    let token = admin_token(&app).await;
    let far = put(
        &app,
        Some(&token),
        STRATEGY,
        json!({ "date": "2099-02-08", "zone": "America/New_York" }),
    )
    .await;
    assert_eq!(far.status(), 204);
    let late = put(
        &app,
        Some(&token),
        STRATEGY,
        json!({ "country": "KEN", "date": "2020-01-31", "zone": "Africa/Nairobi" }),
    )
    .await;
    assert_eq!(late.status(), 204);
    let page = app.get("/en/?view=deadlines").await.text().await.unwrap();
    assert!(
        page.contains(r#"class="world-map view-deadlines""#),
        "the mode is on"
    );
    assert!(
        page.contains(r#"band-none deadline-overdue" data-iso3="KEN""#),
        "Kenya is overdue"
    );
    assert!(
        page.contains(r#"band-none deadline-on-track" data-iso3="GHA""#),
        "Ghana is on track"
    );
    assert!(
        page.contains(r#"<pattern id="due-fill-overdue""#),
        "told apart by pattern"
    );
    assert!(
        page.contains("Most pressing deadline of each country"),
        "the legend says what it shows"
    );
    // The island's rows carry it too (the card says it in words).
    assert!(
        page.contains(r"KEN\t404\tKenya\tafrica\t"),
        "the rows are there"
    );
    let arabic = app.get("/ar/?view=deadlines").await.text().await.unwrap();
    assert!(
        arabic.contains("أقرب موعد نهائي لإجراءات كل بلد"),
        "in Arabic too"
    );
}
