//! Signing in with an organisation's account (issue 30) against a real
//! OpenID provider on loopback (`idp`): who gets an account, sign-out that
//! ends the provider's session too, keys the provider rotates, and every
//! bad answer refused with a reason, creating nothing.

use crate::idp::{
    absolute, follow, free_port, location, me, me_with, press, sign_in, sign_in_with, site,
    site_and_idp, Idp,
};
use crate::support::{TestApp, PASSWORD};
use app::services::storage::{AccountStorage, SignInStorage};
use summit::sign_in::Matcher;
use summit::{Region, Role, Scope};

async fn africa_editors_rule(app: &TestApp) {
    app.storage
        .add_sign_in_rule(
            Some("unhq"),
            &Matcher::Group("summit-africa-editors".into()),
            Role::Editor,
            &Scope {
                regions: vec![Region::Africa],
                countries: vec![],
            },
        )
        .await
        .unwrap();
}

async fn accounts(app: &TestApp) -> i64 {
    app.storage.user_count().await.unwrap()
}

#[tokio::test]
async fn a_rule_gives_an_account_and_signing_out_ends_the_providers_session_too() {
    let state = tempfile::tempdir().unwrap();
    let (app, _idp) = site_and_idp(state.path()).await;
    africa_editors_rule(&app).await;
    // The sign-in page offers the provider by the name the operator gave it.
    let page = app.get("/en/sign-in").await.text().await.unwrap();
    assert!(page.contains("Sign in with UN Secretariat"), "{page}");
    assert!(page.contains(r#"action="/auth/oidc/unhq/start""#));

    let arrival = sign_in(&app, "amina").await;
    assert!(arrival.form_shown);
    assert!(arrival.callback.contains("code=") && arrival.callback.contains("state="));
    assert_eq!(arrival.to, "/en/account");
    let account = me(&app).await;
    assert_eq!(account["email"], "amina.diallo@un.org");
    assert_eq!(account["name"], "Amina Diallo");
    assert_eq!(account["role"], "editor");
    assert_eq!(account["scope"]["regions"], serde_json::json!(["africa"]));

    // Signing out sends the browser to the provider's end-session endpoint
    // with the ID token as the hint, and the provider sends it back home.
    let out = app.post_form("/api/sign-out", &[("lang", "en")]).await;
    let to_provider = location(&out);
    assert!(
        to_provider.contains("/session/end?"),
        "{to_provider} {:?} {:?}",
        out.status(),
        out.headers()
    );
    assert!(to_provider.contains("id_token_hint="));
    let back = format!(
        "post_logout_redirect_uri={}",
        urlencode(&format!("{}/en/", app.address))
    );
    assert!(to_provider.contains(&back), "{to_provider}");
    assert_eq!(me(&app).await, serde_json::Value::Null, "our session ended");
    let page = app
        .client
        .get(&to_provider)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let xsrf = page
        .split("name=\"xsrf\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("the provider's sign-out form");
    let confirm = format!("{}/session/end/confirm", _idp.issuer());
    let done = app
        .client
        .post(&confirm)
        .form(&[("xsrf", xsrf), ("logout", "yes")])
        .send()
        .await
        .unwrap();
    assert!(location(&done).starts_with(&format!("{}/en/", app.address)));
    // The provider's session is over too: signing in asks again.
    let again = sign_in(&app, "amina").await;
    assert!(again.form_shown, "the provider asks who it is again");
    assert_eq!(me(&app).await["email"], "amina.diallo@un.org");
    // Still one account: the sign-in found its own.
    assert_eq!(accounts(&app).await, 1);
}

fn urlencode(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

#[tokio::test]
async fn without_a_rule_the_first_sign_in_waits_for_an_administrator() {
    let state = tempfile::tempdir().unwrap();
    let (app, _idp) = site_and_idp(state.path()).await;
    africa_editors_rule(&app).await;
    let arrival = sign_in(&app, "boris").await;
    assert_eq!(arrival.to, "/en/sign-in?failed=awaiting-approval");
    assert_eq!(me(&app).await, serde_json::Value::Null);
    assert_eq!(accounts(&app).await, 0, "nothing created");
    let page = app.get(&arrival.to).await.text().await.unwrap();
    assert!(
        page.contains("Your request has been passed to its administrators"),
        "{page}"
    );
    // Asking twice leaves one request.
    sign_in(&app, "boris").await;
    let waiting = app.storage.sign_in_requests().await.unwrap();
    assert_eq!(waiting.len(), 1);
    assert_eq!(waiting[0].claims.groups, vec!["visitors".to_owned()]);
    // An administrator approves: the next sign-in gets in, as a reviewer.
    let storage: app::services::storage::SharedStorage = std::sync::Arc::new(app.storage.clone());
    app::services::sign_in::approve(&storage, waiting[0].id, Role::Reviewer, Scope::default())
        .await
        .unwrap();
    assert!(app.storage.sign_in_requests().await.unwrap().is_empty());
    sign_in(&app, "boris").await;
    let account = me(&app).await;
    assert_eq!(account["email"], "boris@example.org");
    assert_eq!(account["role"], "reviewer");
}

#[tokio::test]
async fn an_address_the_provider_does_not_vouch_for_takes_over_no_account() {
    let state = tempfile::tempdir().unwrap();
    let (app, _idp) = site_and_idp(state.path()).await;
    app.create_user("admin@un.org", "admin", "", "").await;
    app.create_user("chen.li@un.org", "editor", "asia-pacific", "")
        .await;
    // "mallory" claims admin@un.org, unverified: no account is hers.
    let arrival = sign_in(&app, "mallory").await;
    assert_eq!(arrival.to, "/en/sign-in?failed=awaiting-approval");
    assert_eq!(me(&app).await, serde_json::Value::Null);
    // A verified address finds its account, which keeps its password too
    // (another browser: the provider still knows the first one as Mallory).
    let browser = crate::support::spawn_client();
    sign_in_with(&app, &browser, "chen").await;
    let chen = me_with(&app, &browser).await;
    assert_eq!(chen["email"], "chen.li@un.org");
    assert_eq!(chen["role"], "editor", "the account's own role");
    let with_password = app.sign_in("chen.li@un.org", PASSWORD).await;
    assert!(
        with_password.status().is_success(),
        "{}",
        with_password.status()
    );
    assert_eq!(me(&app).await["email"], "chen.li@un.org");
    assert_eq!(accounts(&app).await, 2);
}

#[tokio::test]
async fn every_bad_answer_is_refused_with_a_reason_and_creates_nothing() {
    let state = tempfile::tempdir().unwrap();
    let (app, idp) = site_and_idp(state.path()).await;
    africa_editors_rule(&app).await;
    for mode in [
        "issuer",
        "audience",
        "expired",
        "nonce",
        "none",
        "unknown-key",
        "bad-signature",
    ] {
        idp.tamper(mode).await;
        let arrival = sign_in(&app, "amina").await;
        assert_eq!(arrival.to, "/en/sign-in?failed=invalid", "{mode}");
        assert_eq!(me(&app).await, serde_json::Value::Null, "{mode}");
        assert_eq!(accounts(&app).await, 0, "{mode}: nothing created");
    }
    let page = app
        .get("/en/sign-in?failed=invalid")
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("could not be verified"), "{page}");

    // A tampered state, then the genuine answer twice (a replayed code).
    let start = app
        .post_form("/auth/oidc/unhq/start", &[("lang", "en"), ("next", "")])
        .await;
    let to_provider = location(&start);
    let state_param = to_provider
        .split("state=")
        .nth(1)
        .and_then(|s| s.split('&').next())
        .unwrap()
        .to_owned();
    let tampered = to_provider.replace(&format!("state={state_param}"), "state=forged");
    let arrival = follow(&app, tampered, "amina").await;
    assert_eq!(arrival.to, "/en/sign-in?failed=stale");
    let arrival = sign_in(&app, "amina").await;
    assert_eq!(arrival.to, "/en/account");
    app.post_form("/api/sign-out", &[("lang", "en")]).await;
    let replay = app.client.get(&arrival.callback).send().await.unwrap();
    assert_eq!(
        location(&replay),
        "/en/sign-in?failed=stale",
        "a state is good once"
    );
    assert_eq!(me(&app).await, serde_json::Value::Null);
    assert_eq!(accounts(&app).await, 1);

    // The person cancels at the provider (a browser it does not know yet).
    let browser = crate::support::spawn_client();
    let to_provider = press(&app, &browser, "fr").await;
    let auth = browser.get(&to_provider).send().await.unwrap();
    let interaction = absolute(&to_provider, &location(&auth));
    let cancelled = browser
        .post(format!("{interaction}/abort"))
        .send()
        .await
        .unwrap();
    let mut url = absolute(&interaction, &location(&cancelled));
    while !url.starts_with(&app.address) {
        let hop = browser.get(&url).send().await.unwrap();
        url = absolute(&url, &location(&hop));
    }
    let back = browser.get(&url).send().await.unwrap();
    assert_eq!(location(&back), "/fr/sign-in?failed=refused");
    // An unknown provider.
    let unknown = app
        .post_form(
            "/auth/oidc/elsewhere/start",
            &[("lang", "ar"), ("next", "")],
        )
        .await;
    assert_eq!(location(&unknown), "/ar/sign-in?failed=unknown");
}

#[tokio::test]
async fn a_slow_or_missing_provider_is_refused_in_time() {
    let state = tempfile::tempdir().unwrap();
    let port = free_port();
    let app = site(
        &format!("http://127.0.0.1:{port}"),
        std::time::Duration::from_secs(1),
        false,
    )
    .await;
    // Nobody listens there yet.
    let down = app
        .post_form("/auth/oidc/unhq/start", &[("lang", "en"), ("next", "")])
        .await;
    assert_eq!(location(&down), "/en/sign-in?failed=unreachable");
    let idp = Idp::start(port, state.path(), &["k1"], &app.address);
    africa_editors_rule(&app).await;
    // Discovery works; then the token endpoint answers too slowly.
    let start = app
        .post_form("/auth/oidc/unhq/start", &[("lang", "en"), ("next", "")])
        .await;
    idp.delay(2500).await;
    let began = std::time::Instant::now();
    let arrival = follow(&app, location(&start), "amina").await;
    assert_eq!(arrival.to, "/en/sign-in?failed=unreachable");
    assert!(began.elapsed() < std::time::Duration::from_millis(2400));
    assert_eq!(accounts(&app).await, 0);
}

#[tokio::test]
async fn keys_the_provider_rotates_are_fetched_again() {
    let state = tempfile::tempdir().unwrap();
    let (app, idp) = site_and_idp(state.path()).await;
    africa_editors_rule(&app).await;
    sign_in(&app, "amina").await;
    assert_eq!(me(&app).await["email"], "amina.diallo@un.org");
    app.post_form("/api/sign-out", &[("lang", "en")]).await;
    // The provider replaces its key k1 by k2: the site knew only k1.
    let port = idp.port;
    idp.stop();
    let _idp = Idp::start(port, state.path(), &["k2"], &app.address);
    let arrival = sign_in(&app, "amina").await;
    assert_eq!(
        arrival.to, "/en/account",
        "signed with the new key, accepted"
    );
    assert_eq!(me(&app).await["email"], "amina.diallo@un.org");
}
