//! `spawn_app()`: a real server on a free port with its own fresh database:
//! a new SQLite file, or, when `SUMMIT_TEST_POSTGRES` names a PostgreSQL
//! server (`make test` starts one and runs the suite once more on it), a new
//! database on that server.

#![allow(dead_code)]

use server::config::Config;
use server::startup::Application;
use std::path::PathBuf;

pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    pub database_url: String,
    pub storage: server::storage::SqlStorage,
    // Dropped with the test: removes the database file.
    _dir: tempfile::TempDir,
}

impl TestApp {
    /// The same server seen from another browser (its own cookie jar).
    pub fn with_client(&self, client: reqwest::Client) -> TestApp {
        TestApp {
            address: self.address.clone(),
            client,
            database_url: self.database_url.clone(),
            storage: self.storage.clone(),
            _dir: tempfile::tempdir().expect("a temporary folder"),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .send()
            .await
            .expect("the server answers")
    }
}

/// A password every test account gets.
pub const PASSWORD: &str = "correct horse battery staple";

/// A server with an administrator `admin@un.org` signed in on its client.
pub async fn signed_in_admin() -> TestApp {
    let app = spawn_app().await;
    app.create_user("admin@un.org", "admin", "", "").await;
    let response = app.sign_in("admin@un.org", PASSWORD).await;
    assert!(
        !response.status().is_client_error(),
        "{}",
        response.status()
    );
    app
}

impl TestApp {
    /// Creates an account directly in the database: `role` is `admin` or
    /// `editor`, `region` a slug or "", `countries` ISO3 codes.
    pub async fn create_user(&self, email: &str, role: &str, region: &str, countries: &str) -> i64 {
        let shared: app::services::storage::SharedStorage =
            std::sync::Arc::new(self.storage.clone());
        app::services::admin::create_user_in(
            &shared,
            email,
            &format!("Test {role}"),
            role,
            region,
            countries,
            PASSWORD.to_owned(),
        )
        .await
        .expect("the account is created")
    }

    /// Signs in through the site's own form endpoint (as a browser on this
    /// origin would); the session cookie lands in `client`'s jar.
    pub async fn sign_in(&self, email: &str, password: &str) -> reqwest::Response {
        self.client
            .post(self.url("/api/sign-in"))
            .header("Origin", &self.address)
            .form(&[
                ("lang", "en"),
                ("email", email),
                ("password", password),
                ("next", "/en/tracker"),
            ])
            .send()
            .await
            .expect("the server answers")
    }

    /// A form post to a server function, as a page of this site sends it.
    pub async fn post_form(&self, path: &str, form: &[(&str, &str)]) -> reqwest::Response {
        self.client
            .post(self.url(path))
            .header("Origin", &self.address)
            .form(form)
            .send()
            .await
            .expect("the server answers")
    }

    /// A bearer token for an account created with [`PASSWORD`].
    pub async fn token(&self, email: &str) -> String {
        let response = self
            .client
            .post(self.url("/api/v1/tokens"))
            .json(&serde_json::json!({ "email": email, "password": PASSWORD, "label": "test" }))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 201, "a token is issued");
        let body: serde_json::Value = response.json().await.unwrap();
        body["token"].as_str().unwrap().to_owned()
    }

    /// `PATCH /api/v1/countries/{iso3}/actions/{kind}` with a bearer token and If-Match.
    pub async fn patch_action(
        &self,
        token: Option<&str>,
        path: &str,
        version: Option<i64>,
        body: serde_json::Value,
    ) -> reqwest::Response {
        let mut request = self.client.patch(self.url(path)).json(&body);
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(version) = version {
            request = request.header("If-Match", format!("\"{version}\""));
        }
        request.send().await.expect("the server answers")
    }
}

/// The PostgreSQL server the suite runs against, if any: a URL whose
/// account may create databases.
pub fn postgres_server() -> Option<String> {
    std::env::var("SUMMIT_TEST_POSTGRES")
        .ok()
        .filter(|v| !v.is_empty())
}

/// Which backend this run exercises.
pub fn on_postgres() -> bool {
    postgres_server().is_some()
}

/// The table the session store writes to.
pub fn sessions_table() -> &'static str {
    if on_postgres() {
        "tower_sessions.session"
    } else {
        "tower_sessions"
    }
}

/// A new, empty database for one test: a file in `dir`, or a database with a
/// fresh name on the PostgreSQL server. Left behind on PostgreSQL: `make
/// test` starts that server on a throw-away data folder.
pub fn database_in(dir: &tempfile::TempDir) -> String {
    let Some(server) = postgres_server() else {
        let path: PathBuf = dir.path().join("summit.db");
        return format!("sqlite://{}", path.display());
    };
    static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos();
    let name = format!(
        "summit_test_{}_{}_{nanos}",
        std::process::id(),
        NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    );
    let mut url = url::Url::parse(&server).expect("SUMMIT_TEST_POSTGRES is a URL");
    // Its own thread and runtime, so this works from sync and async tests alike.
    let create = format!("CREATE DATABASE {name}");
    std::thread::spawn(move || {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap()
            .block_on(async move {
                use sqlx::{Connection, Executor};
                let mut admin = sqlx::PgConnection::connect(&server)
                    .await
                    .expect("the PostgreSQL test server answers");
                admin.execute(create.as_str()).await.unwrap();
                admin.close().await.ok();
            })
    })
    .join()
    .unwrap();
    url.set_path(&format!("/{name}"));
    url.to_string()
}

/// With `SUMMIT_TEST_LOG` set (a `tracing` filter), the servers' logs go to
/// standard error, each line with its thread (one test per thread).
fn init_test_log() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        if let Ok(filter) = std::env::var("SUMMIT_TEST_LOG") {
            let _ = tracing_subscriber::fmt()
                .with_env_filter(tracing_subscriber::EnvFilter::new(filter))
                .with_thread_names(true)
                .with_writer(std::io::stderr)
                .try_init();
        }
    });
}

pub async fn spawn_app() -> TestApp {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let database_url = database_in(&dir);
    spawn_app_on(dir, database_url).await
}

/// The configuration every test server starts from: a free port on
/// loopback, the given database, defaults for the rest.
pub fn test_config(database_url: String) -> Config {
    Config {
        addr: "127.0.0.1:0".parse().unwrap(),
        database_url,
        log_filter: "warn".into(),
        first_admin: None,
        trust_proxy: false,
        embed_origins: "*".into(),
        release: None,
        public_url: None,
        timeouts: Default::default(),
        mail: None,
        oidc: None,
        font_dirs: server::brief::DEFAULT_FONT_DIRS.into(),
    }
}

pub async fn spawn_app_on(dir: tempfile::TempDir, database_url: String) -> TestApp {
    spawn_configured(dir, test_config(database_url)).await
}

/// A server on the given database whose configuration `configure` changes first.
pub async fn spawn_app_on_with(
    dir: tempfile::TempDir,
    database_url: String,
    configure: impl FnOnce(&mut Config),
) -> TestApp {
    let mut config = test_config(database_url);
    configure(&mut config);
    spawn_configured(dir, config).await
}

/// A server whose configuration `configure` changes first (a public URL,
/// `TRUST_PROXY`…).
pub async fn spawn_app_with(configure: impl FnOnce(&mut Config)) -> TestApp {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let mut config = test_config(database_in(&dir));
    configure(&mut config);
    spawn_configured(dir, config).await
}

async fn spawn_configured(dir: tempfile::TempDir, config: Config) -> TestApp {
    init_test_log();
    let database_url = config.database_url.clone();
    let app = Application::build(config).await.expect("the app starts");
    let address = format!("http://{}", app.local_addr());
    let storage = app.storage().clone();
    tokio::spawn(app.run_until_stopped(std::future::pending()));
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .cookie_store(true)
        .build()
        .unwrap();
    TestApp {
        address,
        client,
        database_url,
        storage,
        _dir: dir,
    }
}

/// A second browser: its own cookie jar.
pub fn spawn_client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .cookie_store(true)
        .build()
        .unwrap()
}

/// Starts a helper server (`command`), which prints one line on standard
/// output once it listens: the child, and that line.
pub fn start_helper(
    command: &mut std::process::Command,
    what: &str,
) -> (std::process::Child, String) {
    use std::io::BufRead;
    let mut child = command
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{what} does not start: {e}"));
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.take().expect("its standard output"))
        .read_line(&mut line)
        .unwrap();
    (child, line.trim().to_owned())
}
