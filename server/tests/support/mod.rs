//! `spawn_app()`: a real server on a free port with its own fresh SQLite file.

#![allow(dead_code)]

use server::config::Config;
use server::startup::Application;
use std::path::PathBuf;

pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    pub database_url: String,
    pub storage: server::storage::SqliteStorage,
    // Dropped with the test: removes the database file.
    _dir: tempfile::TempDir,
}

impl TestApp {
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

pub fn database_in(dir: &tempfile::TempDir) -> String {
    let path: PathBuf = dir.path().join("summit.db");
    format!("sqlite://{}", path.display())
}

pub async fn spawn_app() -> TestApp {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let database_url = database_in(&dir);
    spawn_app_on(dir, database_url).await
}

pub async fn spawn_app_on(dir: tempfile::TempDir, database_url: String) -> TestApp {
    let config = Config {
        addr: "127.0.0.1:0".parse().unwrap(),
        database_url: database_url.clone(),
        log_filter: "warn".into(),
    };
    let app = Application::build(config).await.expect("the app starts");
    let address = format!("http://{}", app.local_addr());
    let storage = app.storage().clone();
    tokio::spawn(app.run_until_stopped(std::future::pending()));
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
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
