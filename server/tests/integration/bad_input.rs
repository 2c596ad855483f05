//! Malformed input gets a 4xx with a clear message, never a 5xx or a crash:
//! locales, slugs, codes, query parameters, oversized bodies, invalid UTF-8.

use crate::support::spawn_app;

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

/// A server function's error: its status and the `AppError` it carries.
async fn server_fn_error(response: reqwest::Response) -> (u16, serde_json::Value) {
    let status = response.status().as_u16();
    let body = response.text().await.unwrap();
    let error = serde_json::from_str(&body).unwrap_or_else(|_| panic!("JSON error: {body}"));
    (status, error)
}

#[tokio::test]
async fn public_server_functions_answer_unknown_things_with_404() {
    let app = spawn_app().await;
    for path in [
        "/api/home?lang=xx",
        "/api/milestones?lang=klingon",
        "/api/map?lang=",
        "/api/region?lang=en&slug=atlantis",
        "/api/region?lang=xx&slug=africa",
        "/api/country?lang=en&code=XXX",
        "/api/country?lang=en&code=K%E2%82%ACN",
        "/api/country?lang=zz&code=KEN",
        "/api/tracker?lang=%FF",
    ] {
        let (status, error) = server_fn_error(app.get(path).await).await;
        assert_eq!(status, 404, "{path}: {error}");
        assert_eq!(error, "NotFound", "{path}");
    }
}

#[tokio::test]
async fn server_functions_answer_missing_or_mistyped_arguments_with_400() {
    let app = crate::support::signed_in_admin().await;
    for path in [
        "/api/region?lang=en",
        "/api/country?code=KEN",
        "/api/home",
        "/api/home?lang=en&lang=fr&%ZZ=1",
    ] {
        let (status, error) = server_fn_error(app.get(path).await).await;
        assert_eq!(status, 400, "{path}: {error}");
    }
    for (path, form) in [
        ("/api/revoke-token", vec![("id", "abc")]),
        ("/api/revoke-token", vec![]),
        (
            "/api/admin/set-role",
            vec![("id", "1.5"), ("role", "admin")],
        ),
        ("/api/sign-in", vec![("lang", "en")]),
        ("/api/change-password", vec![("current_password", "x")]),
    ] {
        let (status, error) = server_fn_error(app.post_form(path, &form).await).await;
        assert_eq!(status, 400, "{path} {form:?}: {error}");
    }
    let malformed = app
        .client
        .post(app.url("/api/update-action"))
        .header("Origin", &app.address)
        .header("content-type", "application/json")
        .body("{\"lang\": \"en\", \"edit\": {\"target\": ")
        .send()
        .await
        .unwrap();
    assert_eq!(server_fn_error(malformed).await.0, 400);
    let not_form = app
        .client
        .post(app.url("/api/create-token"))
        .header("Origin", &app.address)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(vec![b'l', b'a', b'b', b'e', b'l', b'=', 0xff, 0xfe])
        .send()
        .await
        .unwrap();
    assert!(not_form.status().is_client_error() || not_form.status().is_success());
}

#[tokio::test]
async fn unknown_ids_are_404_and_wrong_languages_are_404_for_signed_in_functions_too() {
    let app = crate::support::signed_in_admin().await;
    let (status, error) = server_fn_error(
        app.post_form("/api/revoke-token", &[("id", "999999")])
            .await,
    )
    .await;
    assert_eq!((status, error.as_str()), (404, Some("NotFound")));
    let (status, _) = server_fn_error(
        app.post_form(
            "/api/admin/set-role",
            &[("id", "424242"), ("role", "editor"), ("region", "africa")],
        )
        .await,
    )
    .await;
    assert_eq!(status, 404);
    let (status, _) = server_fn_error(app.get("/api/admin?lang=xx").await).await;
    assert_eq!(status, 404);
    let (status, _) =
        server_fn_error(app.post_form("/api/sign-out", &[("lang", "tlh")]).await).await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn a_chunked_body_that_keeps_growing_gets_413_not_a_dropped_connection() {
    let app = spawn_app().await;
    let chunks =
        futures_util::stream::iter((0..200).map(|_| Ok::<_, std::io::Error>(vec![b'a'; 4096])));
    let response = app
        .client
        .post(app.url("/api/sign-in"))
        .header("Origin", &app.address)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(reqwest::Body::wrap_stream(chunks))
        .send()
        .await
        .expect("an answer");
    let (status, error) = server_fn_error(response).await;
    assert_eq!(status, 413);
    assert_eq!(error, "TooLarge");
}

#[tokio::test]
async fn hostile_query_strings_on_pages_get_an_answer() {
    let app = spawn_app().await;
    let long = "x".repeat(16 * 1024);
    let paths = [
        "/en/tracker?region=%ZZ".to_owned(),
        "/en/tracker?%FF%FE=%C0%AF".to_owned(),
        "/en/?view=%E2%82".to_owned(),
        "/en/tracker?region[]=africa&region[x]=1".to_owned(),
        "/en/tracker?[=]&]=[".to_owned(),
        "/en/milestones?kind=%00%01".to_owned(),
        "/en/?%".to_owned(),
        "/en/?&&&==&=".to_owned(),
        format!("/en/tracker?theme={long}"),
        format!("/en/countries/KEN?{long}"),
        "/en/regions/africa?view=progress&view=list&view=%F0%9F".to_owned(),
    ];
    for path in &paths {
        let response = app
            .client
            .get(app.url(path))
            .send()
            .await
            .unwrap_or_else(|e| panic!("{}: {}", &path[..path.len().min(60)], e.without_url()));
        let status = response.status();
        assert!(
            status.is_success() || status.is_client_error() || status.is_redirection(),
            "{}: {status}",
            &path[..path.len().min(60)]
        );
        response.text().await.expect("a whole answer");
    }
    assert_eq!(app.get("/healthz").await.status(), 200);
}
