//! Crash safety: the real binary is killed with SIGKILL in the middle of a
//! stream of edits and restarted on the same file. Every edit that was
//! answered 2xx is there, and nothing is half-written.

use serde_json::{json, Value};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

const PASSWORD: &str = "a crash-test passphrase";

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

fn start(port: u16, database: &str) -> Child {
    Command::new(env!("CARGO_BIN_EXE_server"))
        .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
        .env("DATABASE_URL", database)
        .env("RUST_LOG", "error")
        .env("SUMMIT_ADMIN_EMAIL", "ops@un.org")
        .env("SUMMIT_ADMIN_PASSWORD", PASSWORD)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("the server starts")
}

async fn wait_ready(client: &reqwest::Client, base: &str) {
    for _ in 0..200 {
        if let Ok(r) = client.get(format!("{base}/readyz")).send().await {
            if r.status().is_success() {
                return;
            }
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the server did not become ready");
}

#[tokio::test]
async fn a_sigkill_loses_no_acknowledged_edit() {
    let dir = tempfile::tempdir().unwrap();
    let database = crate::support::database_in(&dir);
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let client = reqwest::Client::new();
    let mut server = start(port, &database);
    wait_ready(&client, &base).await;
    let token: Value = client
        .post(format!("{base}/api/v1/tokens"))
        .json(&json!({ "email": "ops@un.org", "password": PASSWORD }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = token["token"].as_str().unwrap().to_owned();

    // Edits to three actions in turn; each remembers what was acknowledged.
    let kinds = [
        "national-strategy",
        "financing-pathway",
        "results-measurement",
    ];
    let acked: Arc<Mutex<Vec<(usize, i64, String)>>> = Arc::default();
    let writer = {
        let (client, base, token, acked) =
            (client.clone(), base.clone(), token.clone(), acked.clone());
        tokio::spawn(async move {
            let mut versions = [0i64; 3];
            for i in 0.. {
                let k = i % 3;
                let note = format!("edit {i}");
                let status = ["in-progress", "completed", "at-risk"][i % 3];
                let themes: &[&str] = if i.is_multiple_of(2) {
                    &["digitalisation"]
                } else {
                    &["social-protection", "poverty-eradication"]
                };
                let response = client
                    .patch(format!("{base}/api/v1/countries/KEN/actions/{}", kinds[k]))
                    .bearer_auth(&token)
                    .header("If-Match", versions[k].to_string())
                    .json(&json!({
                        "note": note,
                        "status": status,
                        "evidence": [format!("https://example.org/{i}/a"), format!("https://example.org/{i}/b")],
                        "themes": themes,
                    }))
                    .send()
                    .await;
                match response {
                    Ok(r) if r.status().is_success() => {
                        versions[k] += 1;
                        acked.lock().unwrap().push((k, versions[k], note));
                    }
                    _ => break, // the server is gone
                }
            }
        })
    };
    while acked.lock().unwrap().len() < 45 {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    server.kill().unwrap(); // SIGKILL
    server.wait().unwrap();
    let _ = writer.await;
    let acked = acked.lock().unwrap().clone();

    let mut server = start(port, &database);
    wait_ready(&client, &base).await;
    let country: Value = client
        .get(format!("{base}/api/v1/countries/KEN"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    for (k, kind) in kinds.iter().enumerate() {
        let action = country["actions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["kind"] == *kind)
            .unwrap();
        let last = acked
            .iter()
            .rev()
            .find(|(x, _, _)| *x == k)
            .expect("some edits");
        let version = action["version"].as_i64().unwrap();
        // At most one more than acknowledged: an edit may commit just before
        // its answer is lost, never the other way round.
        assert!(
            version == last.1 || version == last.1 + 1,
            "{kind}: {version} vs {}",
            last.1
        );
        if version == last.1 {
            assert_eq!(action["note"], last.2, "{kind}");
        }
        // Not half-written: the evidence pair and themes belong to one edit.
        let note = action["note"].as_str().unwrap();
        let i: usize = note.trim_start_matches("edit ").parse().unwrap();
        assert_eq!(
            action["evidence"],
            json!([
                format!("https://example.org/{i}/a"),
                format!("https://example.org/{i}/b")
            ])
        );
        let themes = action["themes"].as_array().unwrap().len();
        assert_eq!(themes, if i.is_multiple_of(2) { 1 } else { 2 }, "{kind}");
    }
    // Every acknowledged version has exactly its one history row.
    let token_again = client
        .get(format!("{base}/api/v1/tracker.json?kind=national-strategy"))
        .send()
        .await
        .unwrap();
    assert!(token_again.status().is_success());
    server.kill().unwrap();
    server.wait().unwrap();
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&database).await.unwrap();
    let rows: Vec<(String, i64, i64)> = sqlx::query_as(
        "SELECT a.kind, a.version, (SELECT COUNT(*) FROM action_history h WHERE h.action_id = a.id)
         FROM actions a WHERE a.country = 'KEN'",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    for (kind, version, history) in rows {
        assert_eq!(version, history, "{kind}: one history row per version");
    }
}
