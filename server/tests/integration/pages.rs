//! Pages as a browser without JavaScript gets them: language, direction,
//! content, status codes and headers.

use crate::support::spawn_app;

const LANGS: [(&str, &str); 6] = [
    ("ar", "rtl"),
    ("zh", "ltr"),
    ("en", "ltr"),
    ("fr", "ltr"),
    ("ru", "ltr"),
    ("es", "ltr"),
];

#[tokio::test]
async fn root_redirects_by_accept_language() {
    let app = spawn_app().await;
    for (accept, expected) in [
        ("fr-CA,fr;q=0.9,en;q=0.8", "/fr/"),
        ("de-DE,de;q=0.9,ar;q=0.5", "/ar/"),
        ("zh-Hant-TW", "/zh/"),
        ("ja", "/en/"),
    ] {
        let response = app
            .client
            .get(app.url("/"))
            .header("accept-language", accept)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 302, "{accept}");
        assert_eq!(response.headers()["location"], expected, "{accept}");
    }
    let response = app.get("/").await;
    assert_eq!(response.headers()["location"], "/en/");
}

#[tokio::test]
async fn a_chosen_language_wins_over_accept_language() {
    let app = spawn_app().await;
    let response = app
        .client
        .get(app.url("/"))
        .header("accept-language", "en")
        .header("cookie", "other=1; i18n_pref_locale=ru")
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["location"], "/ru/");
}

#[tokio::test]
async fn every_language_renders_with_its_lang_and_dir() {
    let app = spawn_app().await;
    for (lang, dir) in LANGS {
        let response = app.get(&format!("/{lang}/")).await;
        assert_eq!(response.status(), 200, "{lang}");
        let html = response.text().await.unwrap();
        let html_tag = html
            .split("<html")
            .nth(1)
            .and_then(|rest| rest.split('>').next())
            .unwrap_or_default();
        assert!(
            html_tag.contains(&format!("lang=\"{lang}\"")),
            "{lang}: <html{html_tag}>"
        );
        assert!(
            html_tag.contains(&format!("dir=\"{dir}\"")),
            "{lang}: <html{html_tag}>"
        );
        assert_eq!(html.matches("<html").count(), 1);
    }
}

#[tokio::test]
async fn the_home_page_shows_the_summit_and_the_five_briefings_without_javascript() {
    let app = spawn_app().await;
    let html = app.get("/en/").await.text().await.unwrap();
    assert!(html.contains("Second World Summit for Social Development"));
    assert!(html.contains("4–6 November 2025"));
    assert!(html.contains("Doha, Qatar"));
    for (region, date) in [
        ("Europe and Central Asia", "16 July 2025"),
        ("Latin America and the Caribbean", "19 August 2025"),
        ("Asia and the Pacific", "26 August 2025"),
        ("Arab States", "27 August 2025"),
        ("Africa", "28 August 2025"),
    ] {
        assert!(html.contains(region), "{region}");
        assert!(html.contains(date), "{date}");
    }
    // Attendance exactly as the source gives it, never per session.
    assert!(html.contains("more than 50 participants"));
    assert!(html.contains("more than 100 participants"));
    assert!(html.contains("more than 80 participants"));
    assert_eq!(html.matches(">not reported<").count(), 5);
    // The elapsed counter is rendered on the server, in days.
    assert!(html.contains("data-testid=\"elapsed\""));
    assert!(html.contains(" days"));
}

#[tokio::test]
async fn the_arabic_home_page_is_in_arabic() {
    let app = spawn_app().await;
    let html = app.get("/ar/").await.text().await.unwrap();
    assert!(html.contains("مؤتمر القمة العالمي الثاني للتنمية الاجتماعية"));
    assert!(html.contains("الدول العربية"));
    assert!(html.contains("28 أغسطس 2025"));
}

#[tokio::test]
async fn unknown_pages_get_a_translated_404() {
    let app = spawn_app().await;
    for (path, text) in [
        ("/en/nowhere", "Page not found"),
        ("/fr/nulle-part", "Page introuvable"),
        ("/ar/x/y", "الصفحة غير موجودة"),
        ("/xx/", "Page not found"),
        ("/EN/", "Page not found"),
    ] {
        let response = app.get(path).await;
        assert_eq!(response.status(), 404, "{path}");
        let html = response.text().await.unwrap();
        assert!(html.contains(text), "{path}");
    }
}

#[tokio::test]
async fn pages_carry_security_headers_that_allow_their_scripts_by_hash() {
    let app = spawn_app().await;
    let first = app.get("/en/").await;
    let headers = first.headers().clone();
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert_eq!(
        headers["referrer-policy"],
        "strict-origin-when-cross-origin"
    );
    let csp = headers["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(csp.contains("frame-ancestors 'self'"), "{csp}");
    let scripts = csp
        .split("script-src")
        .nth(1)
        .unwrap()
        .split(';')
        .next()
        .unwrap();
    assert_eq!(scripts.matches("'sha256-").count(), 2, "{csp}");
    assert!(
        !csp.contains("unsafe-inline") && !csp.contains("nonce"),
        "{csp}"
    );
    let html = first.text().await.unwrap();
    // The one inline style (the page-transition opt-in) is allowed by its
    // hash, and it comes before the stylesheet.
    let inline = format!("<style>{}</style>", app::transitions::OPT_IN_CSS);
    let (style_at, sheet_at) = (html.find(&inline), html.find("rel=\"stylesheet\""));
    assert!(
        style_at.is_some() && style_at < sheet_at,
        "opt-in inline before the stylesheet"
    );
    let styles = csp
        .split("style-src")
        .nth(1)
        .unwrap()
        .split(';')
        .next()
        .unwrap();
    assert_eq!(
        styles.trim(),
        format!("'self' {}", app::transitions::csp_source())
    );

    let second = app.get("/en/").await;
    let csp2 = second.headers()["content-security-policy"]
        .to_str()
        .unwrap();
    assert_eq!(csp, csp2, "the same policy for everyone");

    let health = app.get("/healthz").await;
    let csp = health.headers()["content-security-policy"]
        .to_str()
        .unwrap();
    assert!(csp.contains("frame-ancestors 'self'") && !csp.contains("nonce"));
}

#[tokio::test]
async fn pages_are_compressed_when_the_browser_accepts_it() {
    let app = spawn_app().await;
    for encoding in ["br", "gzip"] {
        let response = app
            .client
            .get(app.url("/en/"))
            .header("accept-encoding", encoding)
            .send()
            .await
            .unwrap();
        assert_eq!(response.headers()["content-encoding"], encoding);
    }
}

/// Anonymous pages are the same bytes for everyone: no cookie, no nonce
/// (their inline scripts are allowed by hash, and each hash is of a script
/// the page carries). The language a person picks is remembered by the page
/// script (`public/app.js`, tested in the browser) and read by `/`.
#[tokio::test]
async fn anonymous_pages_set_no_cookie_and_allow_their_scripts_by_hash() {
    let app = spawn_app().await;
    for path in ["/es/", "/ar/tracker", "/en/embed/map"] {
        let response = app.get(path).await;
        assert!(!response.headers().contains_key("set-cookie"), "{path}");
        let policy = response.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(!policy.contains("nonce"), "{policy}");
        let html = response.text().await.unwrap();
        assert!(!html.contains("nonce="), "{path}");
        let mut inline = 0;
        for piece in html.split("<script").skip(1) {
            let (attributes, rest) = piece.split_once('>').unwrap();
            if attributes.contains("src=") {
                continue;
            }
            let text = rest.split("</script>").next().unwrap();
            if text.is_empty() {
                // leptos_i18n's placeholder: browsers run no CSP check on it.
                continue;
            }
            let hash = app::security::csp_hash(text);
            assert!(
                policy.contains(&hash),
                "{path}: an inline script not in {policy}"
            );
            inline += 1;
        }
        // The loader, and on the site's pages (not widgets) the speculation rules.
        let expected = if path.contains("/embed/") { 1 } else { 2 };
        assert_eq!(inline, expected, "{path}");
        let again = app.get(path).await.bytes().await.unwrap();
        assert_eq!(again, html.as_bytes(), "{path}: the same bytes twice");
    }
    let back = app
        .client
        .get(app.url("/"))
        .header("accept-language", "en")
        .header("cookie", "i18n_pref_locale=es")
        .send()
        .await
        .unwrap();
    assert_eq!(back.headers()["location"], "/es/");
}
