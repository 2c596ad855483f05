//! Malformed input gets a 4xx with a clear message, never a 5xx or a crash:
//! locales, slugs, codes, query parameters, oversized bodies, invalid UTF-8.

mod support;
use support::spawn_app;

async fn error_message(response: reqwest::Response) -> String {
    let body: serde_json::Value = response.json().await.expect("a JSON error");
    body["error"].as_str().expect("an error message").to_owned()
}

#[tokio::test]
async fn unknown_locales_slugs_and_codes_are_404() {
    let app = spawn_app().await;
    for path in [
        "/xx/",
        "/EN/",
        "/en/regions/atlantis",
        "/en/regions/%3Cscript%3E",
        "/en/countries/K%E2%82%ACN",
        "/en/countries/%FF%FE",
        "/en/embed/regions/nowhere",
    ] {
        let response = app.get(path).await;
        assert_eq!(response.status(), 404, "{path}");
    }
    // Not UTF-8 in the path: the router refuses it before any handler runs.
    let not_utf8 = app.get("/api/v1/countries/%FF").await;
    assert_eq!(not_utf8.status(), 400);
    assert!(not_utf8.text().await.unwrap().contains("UTF-8"));
    for path in [
        "/api/v1/countries/XXXX",
        "/api/v1/countries/kenya",
        "/api/v1/regions/mars",
    ] {
        let response = app.get(path).await;
        assert_eq!(response.status(), 404, "{path}");
        assert!(!error_message(response).await.is_empty());
    }
}

#[tokio::test]
async fn bad_query_parameters_are_400_with_a_reason() {
    let app = spawn_app().await;
    for path in [
        "/api/v1/countries?lang=klingon",
        "/api/v1/tracker.json?status=done",
        "/api/v1/tracker.csv?region=atlantis",
        "/api/v1/tracker.json?theme=%3Cscript%3E",
        "/api/v1/milestones?lang=%FF",
        "/api/v1/countries?lang=en&lang=fr",
        "/api/v1/regions/africa?lang=en&lang=en",
    ] {
        let response = app.get(path).await;
        assert_eq!(response.status(), 400, "{path}");
        assert!(!error_message(response).await.is_empty(), "{path}");
    }
}

#[tokio::test]
async fn bodies_that_are_not_json_or_too_large_are_refused() {
    let app = spawn_app().await;
    let invalid_utf8 = app
        .client
        .post(app.url("/api/v1/tokens"))
        .header("content-type", "application/json")
        .body(vec![b'{', 0xff, 0xfe, b'}'])
        .send()
        .await
        .unwrap();
    assert_eq!(invalid_utf8.status(), 400);
    assert!(error_message(invalid_utf8).await.contains("JSON"));
    let not_json = app
        .client
        .patch(app.url("/api/v1/countries/KEN/actions/national-strategy"))
        .header("content-type", "text/plain")
        .header("If-Match", "0")
        .body("status=completed")
        .send()
        .await
        .unwrap();
    assert!(not_json.status().is_client_error());
    let huge = app
        .client
        .post(app.url("/api/v1/tokens"))
        .header("content-type", "application/json")
        .body(format!(
            "{{\"email\":\"{}\",\"password\":\"x\"}}",
            "a".repeat(2 * 1024 * 1024)
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(huge.status(), 413);
    let huge_form = app
        .client
        .post(app.url("/api/sign-in"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!(
            "lang=en&email=a%40b.org&password={}",
            "p".repeat(2 * 1024 * 1024)
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(huge_form.status(), 413);
}

#[tokio::test]
async fn free_text_is_never_markup() {
    let app = spawn_app().await;
    app.create_user("amina@un.org", "editor", "africa", "")
        .await;
    let token = app.token("amina@un.org").await;
    let evil = "\"><script>alert(1)</script><svg onload=alert(2)>";
    let response = app
        .patch_action(
            Some(&token),
            "/api/v1/countries/KEN/actions/national-consultation",
            Some(0),
            serde_json::json!({ "note": evil, "evidence": [format!("https://ok.example/{}", "x")] }),
        )
        .await;
    assert_eq!(response.status(), 200);
    for path in ["/en/countries/KEN", "/en/regions/africa", "/en/tracker"] {
        let page = app.get(path).await.text().await.unwrap();
        assert!(!page.contains("<script>alert(1)"), "{path}");
        assert!(!page.contains("<svg onload"), "{path}");
    }
    let csv = app
        .get("/api/v1/tracker.csv?region=africa")
        .await
        .text()
        .await
        .unwrap();
    assert!(csv.contains("\"\"\"><script>"), "quoted in CSV");
}
