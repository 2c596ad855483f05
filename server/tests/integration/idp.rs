//! A real OpenID provider on loopback for the sign-in tests: npm's
//! `oidc-provider` (a certified implementation) run by
//! `server/tests/oidc/provider.mjs`, and a browser's walk through it with
//! one cookie jar (`Browser`): the site's button, the provider's sign-in
//! form, the way back.

use crate::support::{spawn_app_on_with, TestApp};
use serde_json::{json, Value};
use server::oidc::config::{OidcConfig, ProviderConfig};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// The provider: a node process, killed when dropped.
pub struct Idp {
    pub port: u16,
    child: Child,
}

impl Idp {
    pub fn issuer(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Starts the provider on `port` with `keys` (kids; the first signs)
    /// kept in `state`, for the site at `site` (its origin).
    pub fn start(port: u16, state: &Path, keys: &[&str], site: &str) -> Idp {
        let config = json!({
            "port": port,
            "state_dir": state,
            "signing_keys": keys,
            "clients": [{
                "client_id": "summit",
                "client_secret": "s3cret",
                "redirect_uris": [format!("{site}/auth/oidc/unhq/callback")],
                "post_logout_redirect_uris": [format!("{site}/en/"), format!("{site}/ar/")],
            }],
            "accounts": {
                "amina": {"email": "amina.diallo@un.org", "email_verified": true, "name": "Amina Diallo",
                          "groups": ["summit-africa-editors"], "roles": []},
                "boris": {"email": "boris@example.org", "email_verified": true, "name": "Boris Ivanov",
                          "groups": ["visitors"], "roles": []},
                "chen": {"email": "chen.li@un.org", "email_verified": true, "name": "Chen Li",
                         "groups": [], "roles": ["Reviewer"]},
                "mallory": {"email": "admin@un.org", "email_verified": false, "name": "Mallory",
                            "groups": [], "roles": []},
            },
        });
        let file = state.join("config.json");
        std::fs::write(&file, config.to_string()).unwrap();
        let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/oidc/provider.mjs");
        let (child, line) = crate::support::start_helper(
            Command::new("node")
                .arg(script)
                .arg(&file)
                .stderr(Stdio::null()),
            "node (make unit installs end2end's npm packages)",
        );
        let port = line
            .rsplit(':')
            .next()
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("provider.mjs printed {line:?} (npm ci in end2end?)"));
        Idp { port, child }
    }

    pub fn stop(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    async fn control(&self, path: &str, body: Value) {
        let response = reqwest::Client::new()
            .post(format!("{}/test/{path}", self.issuer()))
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 204, "{path}");
    }

    /// The next ID token the provider issues is altered (`mode`, see provider.mjs).
    pub async fn tamper(&self, mode: &str) {
        self.control("tamper", json!({ "mode": mode })).await;
    }

    /// Token, discovery and keys answers wait `ms` from now on.
    pub async fn delay(&self, ms: u64) {
        self.control("delay", json!({ "ms": ms })).await;
    }
}

impl Drop for Idp {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A free port on loopback (the provider's issuer must be known before the
/// site starts, and the site's origin before the provider starts).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// The site, configured with the provider `unhq` at `issuer`.
pub async fn site(issuer: &str, timeout: Duration, trust_email: bool) -> TestApp {
    let dir = tempfile::tempdir().unwrap();
    let database_url = crate::support::database_in(&dir);
    let issuer = issuer.to_owned();
    spawn_app_on_with(dir, database_url, move |config| {
        config.oidc = Some(OidcConfig {
            providers: vec![ProviderConfig {
                id: "unhq".into(),
                issuer,
                client_id: "summit".into(),
                client_secret: "s3cret".into(),
                name: "UN Secretariat".into(),
                trust_email,
                extra_scopes: vec![],
            }],
            timeout,
        });
    })
    .await
}

/// A site and its provider, both running; keys in `state`.
pub async fn site_and_idp(state: &Path) -> (TestApp, Idp) {
    let port = free_port();
    let app = site(
        &format!("http://127.0.0.1:{port}"),
        Duration::from_secs(3),
        false,
    )
    .await;
    let idp = Idp::start(port, state, &["k1"], &app.address);
    (app, idp)
}

/// Where a response sends the browser.
pub fn location(response: &reqwest::Response) -> String {
    response
        .headers()
        .get("location")
        .map(|l| l.to_str().unwrap().to_owned())
        .unwrap_or_default()
}

/// How a walk through the provider ended.
#[derive(Debug)]
pub struct Arrival {
    /// Where the site sent the browser after its callback.
    pub to: String,
    /// Whether the provider showed its sign-in form on the way.
    pub form_shown: bool,
    /// The callback address the provider sent the browser to.
    pub callback: String,
}

/// Presses the site's "Sign in with UN Secretariat" button and follows the
/// browser through the provider, signing in as `login` if it asks.
pub async fn sign_in(app: &TestApp, login: &str) -> Arrival {
    sign_in_with(app, &app.client, login).await
}

/// [`sign_in`] in the browser that holds `client`'s cookies.
pub async fn sign_in_with(app: &TestApp, client: &reqwest::Client, login: &str) -> Arrival {
    let start = press(app, client, "en").await;
    follow_with(app, client, start, login).await
}

/// Presses the button on the sign-in page in `lang`: where the browser goes.
pub async fn press(app: &TestApp, client: &reqwest::Client, lang: &str) -> String {
    let start = client
        .post(app.url("/auth/oidc/unhq/start"))
        .header("Origin", &app.address)
        .form(&[("lang", lang), ("next", "")])
        .send()
        .await
        .unwrap();
    assert_eq!(start.status(), 303, "the button leads to the provider");
    location(&start)
}

/// Follows redirects from `url` until the site's callback has answered.
pub async fn follow(app: &TestApp, url: String, login: &str) -> Arrival {
    follow_with(app, &app.client, url, login).await
}

async fn follow_with(
    app: &TestApp,
    client: &reqwest::Client,
    mut url: String,
    login: &str,
) -> Arrival {
    let mut form_shown = false;
    for _ in 0..12 {
        if url.starts_with(&app.address) && url.contains("/auth/oidc/unhq/callback") {
            let answer = client.get(&url).send().await.unwrap();
            assert_eq!(answer.status(), 303, "the callback redirects");
            return Arrival {
                to: location(&answer),
                form_shown,
                callback: url,
            };
        }
        let response = client.get(&url).send().await.unwrap();
        if response.status() == 200 {
            let page = response.text().await.unwrap();
            assert!(page.contains("name=\"login\""), "the sign-in form: {page}");
            form_shown = true;
            let action = url
                .split('?')
                .next()
                .unwrap()
                .trim_end_matches('/')
                .to_owned()
                + "/login";
            let posted = client
                .post(&action)
                .form(&[("login", login)])
                .send()
                .await
                .unwrap();
            let next = location(&posted);
            assert!(
                !next.is_empty(),
                "the provider refused {login}: {}",
                posted.text().await.unwrap()
            );
            url = absolute(&url, &next);
            continue;
        }
        assert!(
            response.status().is_redirection(),
            "{} at {url}",
            response.status()
        );
        url = absolute(&url, &location(&response));
    }
    panic!("too many redirects, last at {url}");
}

pub fn absolute(base: &str, to: &str) -> String {
    url::Url::parse(base).unwrap().join(to).unwrap().to_string()
}

/// The signed-in account, as `/api/me` tells it (`Value::Null`: nobody).
pub async fn me(app: &TestApp) -> Value {
    me_with(app, &app.client).await
}

pub async fn me_with(app: &TestApp, client: &reqwest::Client) -> Value {
    let response = client.get(app.url("/api/me")).send().await.unwrap();
    response.json().await.unwrap()
}
