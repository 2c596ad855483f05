//! The site's own address comes from the configuration (`SUMMIT_PUBLIC_URL`),
//! never from a request: no header can make a page link elsewhere, and the
//! response cache cannot be poisoned with another site's address.

use crate::support::{spawn_app, spawn_app_with, TestApp};
use server::config::PublicUrl;

const EVIL: &str = "evil.example";

async fn get_as(app: &TestApp, path: &str, headers: &[(&str, &str)]) -> String {
    let mut request = app.client.get(app.url(path));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    request.send().await.unwrap().text().await.unwrap()
}

const FORGED: [(&str, &str); 4] = [
    ("Host", EVIL),
    ("X-Forwarded-Host", EVIL),
    ("X-Forwarded-Proto", "https"),
    ("Forwarded", "host=evil.example;proto=https"),
];

fn alternates(page: &str) -> Vec<String> {
    page.match_indices("hreflang=")
        .filter_map(|(i, _)| {
            let tag_start = page[..i].rfind('<')?;
            let tag = &page[tag_start..i + page[i..].find('>')?];
            let href = tag.split("href=\"").nth(1)?.split('"').next()?;
            tag.contains("rel=\"alternate\"").then(|| href.to_owned())
        })
        .collect()
}

#[tokio::test]
async fn hreflang_links_use_the_configured_origin_whatever_the_headers_say() {
    let app = spawn_app_with(|c| {
        c.public_url = PublicUrl::parse("https://tracker.un.example");
    })
    .await;
    let page = get_as(&app, "/en/regions/africa", &FORGED).await;
    let links = alternates(&page);
    assert_eq!(links.len(), 6, "{links:?}");
    for link in &links {
        assert!(link.starts_with("https://tracker.un.example/"), "{link}");
    }
    assert!(!page.contains(EVIL));
}

#[tokio::test]
async fn without_a_configured_origin_links_use_the_listen_address() {
    let app = spawn_app().await;
    let page = get_as(&app, "/fr/", &FORGED).await;
    let links = alternates(&page);
    assert!(!links.is_empty());
    for link in links {
        assert!(link.starts_with(&format!("{}/", app.address)), "{link}");
    }
    assert!(!page.contains(EVIL));
}

#[tokio::test]
async fn embed_code_loads_this_site_even_after_a_forged_request() {
    let app = spawn_app_with(|c| {
        c.public_url = PublicUrl::parse("https://tracker.un.example");
    })
    .await;
    // The attacker asks first (and again), so a cached copy would be theirs.
    for _ in 0..3 {
        let forged = get_as(&app, "/en/embed", &FORGED).await;
        assert!(!forged.contains(EVIL));
    }
    let visitor = get_as(&app, "/en/embed", &[]).await;
    assert!(
        visitor.contains("https://tracker.un.example/embed.js"),
        "the embed code names this site"
    );
    assert!(!visitor.contains(EVIL));
}

#[tokio::test]
async fn a_forwarded_host_does_not_make_another_site_same_origin() {
    let app = spawn_app().await;
    app.create_user("amina@un.org", "editor", "africa", "")
        .await;
    let response = app
        .client
        .post(app.url("/api/sign-in"))
        .header("Origin", format!("https://{EVIL}"))
        .header("X-Forwarded-Host", EVIL)
        .form(&[
            ("lang", "en"),
            ("email", "amina@un.org"),
            ("password", crate::support::PASSWORD),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403, "TRUST_PROXY is off");
}

#[tokio::test]
async fn forwarded_headers_are_ignored_for_cookies_unless_the_proxy_is_trusted() {
    let app = spawn_app().await;
    app.create_user("amina@un.org", "editor", "africa", "")
        .await;
    let response = app
        .client
        .post(app.url("/api/sign-in"))
        .header("X-Forwarded-Proto", "https")
        .form(&[
            ("lang", "en"),
            ("email", "amina@un.org"),
            ("password", crate::support::PASSWORD),
        ])
        .send()
        .await
        .unwrap();
    let cookies: Vec<String> = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .collect();
    assert!(!cookies.is_empty());
    assert!(cookies.iter().all(|c| !c.contains("Secure")), "{cookies:?}");
}

#[tokio::test]
async fn an_https_public_url_makes_every_cookie_secure() {
    let app = spawn_app_with(|c| {
        c.public_url = PublicUrl::parse("https://tracker.un.example");
    })
    .await;
    app.create_user("amina@un.org", "editor", "africa", "")
        .await;
    let response = app
        .client
        .post(app.url("/api/sign-in"))
        .form(&[
            ("lang", "en"),
            ("email", "amina@un.org"),
            ("password", crate::support::PASSWORD),
        ])
        .send()
        .await
        .unwrap();
    let cookies: Vec<String> = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .collect();
    assert!(!cookies.is_empty(), "the session cookie");
    assert!(
        cookies.iter().all(|c| c.contains("; Secure")),
        "{cookies:?}"
    );
}
