//! The real binary: a malformed setting stops it with one clear line.

use std::process::Command;

fn run_with(vars: &[(&str, &str)]) -> (i32, String) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_server"));
    cmd.env_remove("DATABASE_URL")
        .env_remove("LEPTOS_SITE_ADDR")
        .env_remove("RUST_LOG");
    for (k, v) in vars {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("the binary runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_malformed_database_url_is_refused_with_one_clear_line() {
    let (code, stderr) = run_with(&[("DATABASE_URL", "mysql://localhost/summit")]);
    assert_eq!(code, 2);
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    assert!(stderr.contains("DATABASE_URL"), "{stderr}");
}

#[test]
fn a_malformed_address_is_refused_with_one_clear_line() {
    let (code, stderr) = run_with(&[("LEPTOS_SITE_ADDR", "localhost:http")]);
    assert_eq!(code, 2);
    assert!(stderr.contains("LEPTOS_SITE_ADDR"), "{stderr}");
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
}

#[test]
fn an_unopenable_database_is_reported_not_panicked() {
    let dir = tempfile::tempdir().unwrap();
    let blocker = dir.path().join("file");
    std::fs::write(&blocker, "not a folder").unwrap();
    let url = format!("sqlite://{}/summit.db", blocker.display());
    let (code, stderr) = run_with(&[("DATABASE_URL", &url), ("LEPTOS_SITE_ADDR", "127.0.0.1:0")]);
    assert_eq!(code, 1);
    assert!(stderr.starts_with("server: "), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}
