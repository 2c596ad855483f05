//! Getting in without an administrator passing a password on (issue 30):
//! a forgotten password reset through an e-mailed link, an invitation, and
//! an account disabled on every instance. Mail goes through the real SMTP
//! server of the mail tests (`mail::Sink`).

use crate::idp::{location, me, me_with};
use crate::mail::{mail_to, Sink};
use crate::support::{spawn_app_on_with, spawn_app_with, spawn_client, TestApp, PASSWORD};
use serde_json::Value;

const NEW_PASSWORD: &str = "a much longer new passphrase";

/// The link a message carries to choose a password, and its token.
fn link_in(message: &Value) -> (String, String) {
    let link = message["links"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .find(|l| l.contains("/set-password?token="))
        .expect("the message has the link")
        .to_owned();
    let token = link.split("token=").nth(1).unwrap().to_owned();
    (link, token)
}

/// A plain form post from a browser with no session, on the page `from`.
async fn form_post(
    app: &TestApp,
    path: &str,
    from: &str,
    form: &[(&str, &str)],
) -> reqwest::Response {
    spawn_client()
        .post(app.url(path))
        .header("Origin", &app.address)
        .header("Referer", app.url(from))
        .header("Accept", "text/html")
        .form(form)
        .send()
        .await
        .unwrap()
}

async fn ask_reset(app: &TestApp, email: &str) -> reqwest::Response {
    form_post(
        app,
        "/api/password-reset",
        "/en/password-reset",
        &[("lang", "en"), ("email", email)],
    )
    .await
}

async fn choose(app: &TestApp, token: &str, password: &str, repeat: &str) -> reqwest::Response {
    form_post(
        app,
        "/api/set-password",
        "/en/set-password",
        &[
            ("lang", "en"),
            ("token", token),
            ("new_password", password),
            ("repeat_password", repeat),
        ],
    )
    .await
}

/// A server whose mail goes to a fresh sink, with the editor amina@un.org.
async fn with_mail() -> (Sink, TestApp) {
    let sink = Sink::start("accept", 0);
    let port = sink.port;
    let app = spawn_app_with(|c| c.mail = Some(mail_to(port))).await;
    app.create_user("amina@un.org", "editor", "africa", "")
        .await;
    (sink, app)
}

#[tokio::test]
async fn a_forgotten_password_is_reset_through_a_single_use_link() {
    let (sink, app) = with_mail().await;
    // A session open elsewhere, which the new password will end.
    let elsewhere = spawn_client_for(&app);
    elsewhere.sign_in("amina@un.org", PASSWORD).await;
    assert_eq!(me(&elsewhere).await["email"], "amina@un.org");

    // The same answer whether an account has the address or not.
    let known = ask_reset(&app, "amina@un.org").await;
    let unknown = ask_reset(&app, "nobody@un.org").await;
    assert_eq!(known.status(), unknown.status());
    assert_eq!(location(&known), "/en/password-reset?sent=1");
    assert_eq!(location(&unknown), location(&known));
    let page = app
        .get("/en/password-reset?sent=1")
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("If an account has this address"), "{page}");

    let messages = sink.wait_for(1).await;
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert_eq!(
        sink.messages().len(),
        1,
        "nothing goes to an address without an account"
    );
    let message = &messages[0];
    assert_eq!(message["to"], "amina@un.org");
    assert!(message["subject"]
        .as_str()
        .unwrap()
        .contains("new password"));
    assert_eq!(
        message["list_unsubscribe"], "",
        "no unsubscribing from a requested link"
    );
    let (link, token) = link_in(message);
    assert!(link.starts_with(&format!("{}/en/set-password?token=", app.address)));
    assert!(message["text"].as_str().unwrap().contains(&link));
    // Only the token's hash is stored.
    let stored: Vec<(Option<String>,)> = sqlx::query_as("SELECT token_hash FROM access_links")
        .fetch_all(&any_pool(&app).await)
        .await
        .unwrap();
    assert_eq!(stored.len(), 1);
    assert_eq!(
        stored[0].0.as_deref(),
        Some(app::security::sha256_hex(&token).as_str())
    );

    let page = app.get(&format!("/en/set-password?token={token}")).await;
    assert_eq!(page.headers()["cache-control"], "private, no-store");
    let page = page.text().await.unwrap();
    assert!(
        page.contains("amina@un.org") && page.contains("new_password"),
        "{page}"
    );
    // Two different passwords are refused, and the link still works.
    let differ = choose(&app, &token, NEW_PASSWORD, "something else entirely").await;
    assert!(location(&differ).contains("__err"), "{}", location(&differ));
    let done = choose(&app, &token, NEW_PASSWORD, NEW_PASSWORD).await;
    assert_eq!(location(&done), "/en/sign-in?password=set");
    // Every session ended; the old password is gone, the new one works.
    assert_eq!(me(&elsewhere).await, Value::Null);
    elsewhere.sign_in("amina@un.org", PASSWORD).await;
    assert_eq!(me(&elsewhere).await, Value::Null);
    elsewhere.sign_in("amina@un.org", NEW_PASSWORD).await;
    assert_eq!(me(&elsewhere).await["email"], "amina@un.org");
    // Once only.
    let again = choose(
        &app,
        &token,
        "yet another long passphrase",
        "yet another long passphrase",
    )
    .await;
    assert!(location(&again).contains("__err"));
    let page = app
        .get(&format!("/en/set-password?token={token}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("This link has expired or was already used"),
        "{page}"
    );
    let json = spawn_client()
        .post(app.url("/api/set-password"))
        .header("Origin", &app.address)
        .form(&[
            ("lang", "en"),
            ("token", token.as_str()),
            ("new_password", NEW_PASSWORD),
            ("repeat_password", NEW_PASSWORD),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(json.status(), 410);
}

/// A second browser for `app`.
fn spawn_client_for(app: &TestApp) -> TestApp {
    app.with_client(spawn_client())
}

async fn any_pool(app: &TestApp) -> sqlx::AnyPool {
    sqlx::any::install_default_drivers();
    sqlx::AnyPool::connect(&app.database_url).await.unwrap()
}

#[tokio::test]
async fn asking_for_reset_links_is_limited_for_known_and_unknown_addresses_alike() {
    let (sink, app) = with_mail().await;
    for email in ["amina@un.org", "nobody@un.org"] {
        for _ in 0..3 {
            assert_eq!(
                location(&ask_reset(&app, email).await),
                "/en/password-reset?sent=1"
            );
        }
        let fourth = ask_reset(&app, email).await;
        assert!(
            location(&fourth).contains("__err"),
            "{email}: {}",
            location(&fourth)
        );
    }
    sink.wait_for(1).await;
    tokio::time::sleep(std::time::Duration::from_millis(800)).await;
    // Each new link replaces the one before: a message not sent yet when
    // its link was replaced is not sent at all, and only the last link works.
    let messages = sink.messages();
    assert!(
        (1..=3).contains(&messages.len()),
        "{} messages",
        messages.len()
    );
    assert!(messages.iter().all(|m| m["to"] == "amina@un.org"));
    let tokens: Vec<String> = messages.iter().map(|m| link_in(m).1).collect();
    for token in &tokens[..tokens.len() - 1] {
        let page = app
            .get(&format!("/en/set-password?token={token}"))
            .await
            .text()
            .await
            .unwrap();
        assert!(page.contains("This link has expired"), "an older link");
    }
    let last = tokens.last().unwrap();
    let page = app
        .get(&format!("/en/set-password?token={last}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("new_password"), "the newest link works");
}

#[tokio::test]
async fn an_invitation_lets_its_holder_choose_a_password() {
    let sink = Sink::start("accept", 0);
    let port = sink.port;
    let app = spawn_app_with(|c| c.mail = Some(mail_to(port))).await;
    app.create_user("admin@un.org", "admin", "", "").await;
    app.sign_in("admin@un.org", PASSWORD).await;
    let invited = app
        .client
        .post(app.url("/api/admin/create-user"))
        .header("Origin", &app.address)
        .header("Referer", format!("{}/ru/admin", app.address))
        .form(&[
            ("email", "olga@un.org"),
            ("name", "Ольга Петрова"),
            ("role", "editor"),
            ("region", "europe-central-asia"),
            ("countries", ""),
            ("password", ""),
            ("invite", "on"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(invited.status(), 200, "{}", invited.text().await.unwrap());
    let messages = sink.wait_for(1).await;
    let message = &messages[0];
    assert_eq!(message["to"], "olga@un.org");
    assert_eq!(
        message["content_language"], "ru",
        "the inviting page's language"
    );
    let (link, token) = link_in(message);
    assert!(link.contains("/ru/set-password?token="));
    // No password works before one is chosen.
    let olga = spawn_client_for(&app);
    olga.sign_in("olga@un.org", "").await;
    assert_eq!(me(&olga).await, Value::Null);
    let done = choose(&app, &token, NEW_PASSWORD, NEW_PASSWORD).await;
    assert_eq!(location(&done), "/en/sign-in?password=set");
    olga.sign_in("olga@un.org", NEW_PASSWORD).await;
    let account = me(&olga).await;
    assert_eq!(account["name"], "Ольга Петрова");
    assert_eq!(account["role"], "editor");
}

#[tokio::test]
async fn a_disabled_account_loses_its_sessions_and_tokens_on_every_instance() {
    let dir = tempfile::tempdir().unwrap();
    let url = crate::support::database_in(&dir);
    let first = spawn_app_on_with(dir, url.clone(), |_| {}).await;
    let second = crate::support::spawn_app_on(tempfile::tempdir().unwrap(), url).await;
    first.create_user("admin@un.org", "admin", "", "").await;
    let editor = first
        .create_user("amina@un.org", "editor", "africa", "")
        .await;
    first.sign_in("admin@un.org", PASSWORD).await;
    second.sign_in("amina@un.org", PASSWORD).await;
    let token = second.token("amina@un.org").await;
    assert_eq!(me(&second).await["email"], "amina@un.org");

    // An administrator cannot disable their own account.
    let own = first
        .post_form(
            "/api/admin/set-disabled",
            &[("id", "1"), ("disabled", "true")],
        )
        .await;
    assert_eq!(own.status(), 422);
    let disabled = first
        .post_form(
            "/api/admin/set-disabled",
            &[("id", &editor.to_string()), ("disabled", "true")],
        )
        .await;
    assert!(disabled.status().is_success(), "{}", disabled.status());
    // The other instance lets go within its one-second memory.
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    assert_eq!(me(&second).await, Value::Null, "the session ended");
    let api = second
        .client
        .get(second.url("/api/v1/me/mail"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(api.status(), 401, "the token ended");
    // Signing in says why, and only to whoever knows the password.
    let refused = second.sign_in("amina@un.org", PASSWORD).await;
    assert_eq!(refused.status(), 403);
    let wrong = second
        .sign_in("amina@un.org", "not the password at all")
        .await;
    assert_eq!(wrong.status(), 401);
    let listed: Value = first.get("/api/admin?lang=en").await.json().await.unwrap();
    let amina = listed["users"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["email"] == "amina@un.org")
        .unwrap()
        .clone();
    assert_eq!(amina["disabled"], true);
    // Enabled again: a new sign-in works; the old token stays revoked.
    first
        .post_form(
            "/api/admin/set-disabled",
            &[("id", &editor.to_string()), ("disabled", "false")],
        )
        .await;
    let fresh = spawn_client_for(&second);
    fresh.sign_in("amina@un.org", PASSWORD).await;
    assert_eq!(
        me_with(&fresh, &fresh.client).await["email"],
        "amina@un.org"
    );
    let api = second
        .client
        .get(second.url("/api/v1/me/mail"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(api.status(), 401);
}
