//! Static files. `/pkg` holds content-hashed JS, wasm and CSS, cached for a
//! year; files from `public/` at the site root are routed one by one, because
//! the `/{lang}` page route would otherwise catch `/favicon.svg`.

use super::AppState;
use axum::http::header::CACHE_CONTROL;
use axum::http::HeaderValue;
use axum::Router;
use leptos::config::LeptosOptions;
use std::path::Path;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::SetResponseHeaderLayer;

const IMMUTABLE: &str = "public, max-age=31536000, immutable";
const REVALIDATE: &str = "public, max-age=0, must-revalidate";

pub fn routes(options: &LeptosOptions) -> Router<AppState> {
    let site_root = Path::new(options.site_root.as_ref());
    let pkg_cache = if options.hash_files {
        IMMUTABLE
    } else {
        REVALIDATE
    };
    let pkg = ServeDir::new(site_root.join(options.site_pkg_dir.as_ref()))
        .precompressed_br()
        .precompressed_gzip();
    let mut router = Router::new().nest_service(
        &format!("/{}", options.site_pkg_dir),
        tower::ServiceBuilder::new()
            .layer(SetResponseHeaderLayer::overriding(
                CACHE_CONTROL,
                HeaderValue::from_static(pkg_cache),
            ))
            .service(pkg),
    );
    // Folders of `public/` (icons): served whole, revalidated.
    for (name, path) in top_level_folders(site_root, options.site_pkg_dir.as_ref()) {
        router = router.nest_service(
            &format!("/{name}"),
            tower::ServiceBuilder::new()
                .layer(SetResponseHeaderLayer::if_not_present(
                    CACHE_CONTROL,
                    HeaderValue::from_static(REVALIDATE),
                ))
                .service(ServeDir::new(path)),
        );
    }
    for (name, path) in top_level_files(site_root) {
        router = router.route_service(
            &format!("/{name}"),
            tower::ServiceBuilder::new()
                .layer(SetResponseHeaderLayer::if_not_present(
                    CACHE_CONTROL,
                    HeaderValue::from_static(REVALIDATE),
                ))
                .service(ServeFile::new(path)),
        );
    }
    router
}

/// The folders at the site root other than `/pkg`.
fn top_level_folders(site_root: &Path, pkg_dir: &str) -> Vec<(String, std::path::PathBuf)> {
    let Ok(entries) = std::fs::read_dir(site_root) else {
        return Vec::new();
    };
    let mut folders: Vec<_> = entries
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .filter_map(|e| Some((e.file_name().into_string().ok()?, e.path())))
        .filter(|(name, _)| name != pkg_dir)
        .collect();
    folders.sort();
    folders
}

/// The files (not folders) at the site root, except precompressed twins.
fn top_level_files(site_root: &Path) -> Vec<(String, std::path::PathBuf)> {
    let Ok(entries) = std::fs::read_dir(site_root) else {
        return Vec::new();
    };
    let mut files: Vec<_> = entries
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .filter_map(|e| Some((e.file_name().into_string().ok()?, e.path())))
        .filter(|(name, _)| !name.ends_with(".br") && !name.ends_with(".gz"))
        .collect();
    files.sort();
    files
}
