//! `/healthz`: the process is up. `/readyz`: it can also reach its database.

use app::services::storage::SharedStorage;
use axum::extract::State;
use axum::http::StatusCode;

pub async fn healthz() -> &'static str {
    "ok"
}

pub async fn readyz(State(storage): State<SharedStorage>) -> (StatusCode, &'static str) {
    match storage.ping().await {
        Ok(()) => (StatusCode::OK, "ready"),
        Err(_) => (StatusCode::SERVICE_UNAVAILABLE, "database unavailable"),
    }
}
