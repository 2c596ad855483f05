//! The installable app's service worker, `/sw.js`: generated once at start
//! from `sw.js` with this build's files and a version derived from them, so
//! every build is a new worker with a new cache. Served with `no-cache` so
//! browsers check for a new one on every visit.

use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;
use sha2::{Digest, Sha256};
use std::path::Path;

const TEMPLATE: &str = include_str!("sw.js");

/// Site files every page needs, besides `/pkg`. Pages arrive whole from
/// the server (islands mode), so no data the browser would fetch to draw a
/// page itself is cached.
const SHELL: [&str; 6] = [
    "/offline.html",
    "/offline.css",
    "/app.js",
    "/favicon.svg",
    "/manifest.webmanifest",
    "/icons/icon-192.png",
];

/// The worker's source for the site in `site_root`. `release` (the
/// `SUMMIT_RELEASE` setting) is mixed into the version, so an operator can
/// make every browser take a new worker without a new build.
pub fn script(site_root: &Path, pkg_dir: &str, release: Option<&str>) -> String {
    let mut pkg: Vec<(String, u64)> = std::fs::read_dir(site_root.join(pkg_dir))
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter_map(|e| {
                    let name = e.file_name().into_string().ok()?;
                    let wanted = [".js", ".wasm", ".css"].iter().any(|x| name.ends_with(x));
                    wanted.then(|| (name, e.metadata().map(|m| m.len()).unwrap_or(0)))
                })
                .collect()
        })
        .unwrap_or_default();
    pkg.sort();
    let mut hasher = Sha256::new();
    for (name, size) in &pkg {
        hasher.update(format!("{name}:{size}\n"));
    }
    for file in SHELL {
        let on_disk = site_root.join(file.trim_start_matches('/'));
        let size = std::fs::metadata(&on_disk).map(|m| m.len()).unwrap_or(0);
        hasher.update(format!("{file}:{size}\n"));
    }
    hasher.update(release.unwrap_or_default());
    hasher.update(TEMPLATE);
    let version = app::services::accounts::hex(&hasher.finalize()[..8]);
    let precache: Vec<String> = pkg
        .iter()
        .map(|(name, _)| format!("/{pkg_dir}/{name}"))
        .chain(SHELL.iter().map(|s| s.to_string()))
        .collect();
    let precache = serde_json::to_string(&precache).unwrap_or_else(|_| "[]".into());
    TEMPLATE
        .replace("'__VERSION__'", &format!("'{version}'"))
        .replace("__PRECACHE__", &precache)
}

pub fn routes(script: String) -> Router<super::AppState> {
    let script: &'static str = Box::leak(script.into_boxed_str());
    Router::new()
        .route("/offline/pages.json", get(offline_pages))
        .route(
            "/sw.js",
            get(move || async move {
                (
                    [
                        (CONTENT_TYPE, "text/javascript; charset=utf-8"),
                        (CACHE_CONTROL, "no-cache"),
                    ],
                    script,
                )
                    .into_response()
            }),
        )
}

/// `?lang=` of the offline page list.
#[derive(serde::Deserialize)]
pub struct OfflineQuery {
    lang: Option<String>,
}

/// Every public page in one language, for the installed app to keep
/// offline (`sw.js`): home, milestones, tracker, the five regions and every
/// country. Anonymous pages only: nothing here depends on who asks.
async fn offline_pages(
    axum::extract::State(storage): axum::extract::State<app::services::storage::SharedStorage>,
    axum::extract::Query(query): axum::extract::Query<OfflineQuery>,
) -> axum::response::Response {
    use axum::http::StatusCode;
    let Some(language) = summit::Language::parse(query.lang.as_deref().unwrap_or("en")) else {
        return (
            StatusCode::NOT_FOUND,
            axum::Json(serde_json::json!({"error": "unknown lang"})),
        )
            .into_response();
    };
    let countries = match storage.countries(language).await {
        Ok(countries) => countries,
        Err(_) => return StatusCode::SERVICE_UNAVAILABLE.into_response(),
    };
    let lang = language.code();
    let mut pages = vec![
        format!("/{lang}/"),
        format!("/{lang}/milestones"),
        format!("/{lang}/tracker"),
    ];
    pages.extend(summit::Region::ALL.map(|r| format!("/{lang}/regions/{}", r.slug())));
    pages.extend(
        countries
            .iter()
            .map(|c| format!("/{lang}/countries/{}", c.iso3)),
    );
    axum::Json(serde_json::json!({ "lang": lang, "pages": pages })).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_version_follows_the_build_and_the_release() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("pkg")).unwrap();
        std::fs::write(dir.path().join("pkg/summit.aaa.wasm"), "x").unwrap();
        std::fs::write(dir.path().join("pkg/summit.aaa.wasm.br"), "x").unwrap();
        let first = script(dir.path(), "pkg", None);
        assert!(first.contains("\"/pkg/summit.aaa.wasm\""));
        assert!(!first.contains(".wasm.br"));
        assert!(!first.contains("__VERSION__") && !first.contains("__PRECACHE__"));
        assert_eq!(
            first,
            script(dir.path(), "pkg", None),
            "stable for one build"
        );
        assert_ne!(first, script(dir.path(), "pkg", Some("2026-12-01")));
        std::fs::rename(
            dir.path().join("pkg/summit.aaa.wasm"),
            dir.path().join("pkg/summit.bbb.wasm"),
        )
        .unwrap();
        let second = script(dir.path(), "pkg", None);
        let version = |s: &str| {
            s.lines()
                .find(|l| l.starts_with("const VERSION"))
                .unwrap()
                .to_owned()
        };
        assert_ne!(
            version(&first),
            version(&second),
            "a new build is a new worker"
        );
    }
}
