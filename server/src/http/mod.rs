//! The HTTP surface: pages rendered by Leptos, static files, health checks,
//! and the headers every response carries.

mod api;
mod assets;
mod guard;
mod headers;
mod health;
mod language;
mod microcache;
mod milestones;
pub mod openapi;
mod pwa;
pub mod session;
mod write_api;

use app::auth::ssr::LoginLimits;
use app::storage::SharedStorage;
use app::{shell, App};
use axum::extract::FromRef;
use axum::routing::get;
use axum::Router;
use leptos::config::{get_configuration, Env, LeptosOptions};
use leptos::prelude::provide_context;
use leptos_axum::{generate_route_list, LeptosRoutes};
use std::net::SocketAddr;
use std::sync::Arc;
use summit::map::WorldGeometry;

/// What handlers and server functions can reach.
#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub storage: SharedStorage,
    pub limits: Arc<LoginLimits>,
}

/// What the router needs besides the storage.
pub struct RouterParts {
    pub geometry: Arc<WorldGeometry>,
    pub addr: SocketAddr,
    pub auth: session::AuthLayer,
    /// Read the client address from `X-Forwarded-For` (behind a proxy).
    pub trust_proxy: bool,
    /// Who may frame the embed widgets (`frame-ancestors` sources).
    pub embed_origins: String,
    /// Mixed into the service worker's version.
    pub release: Option<String>,
}

pub fn router(storage: SharedStorage, parts: RouterParts) -> Router {
    let RouterParts {
        geometry,
        addr,
        auth,
        trust_proxy,
        embed_origins,
        release,
    } = parts;
    let frame_ancestors = app::root::security::FrameAncestors(Arc::from(embed_origins.as_str()));
    let leptos_options = leptos_options(addr);
    let limits = Arc::new(LoginLimits::default());
    // Ends with the router (it holds the last strong reference).
    tokio::spawn({
        let limits = Arc::downgrade(&limits);
        async move {
            let mut every = tokio::time::interval(std::time::Duration::from_secs(60));
            loop {
                every.tick().await;
                match limits.upgrade() {
                    Some(limits) => limits.forget_recovered(),
                    None => break,
                }
            }
        }
    });
    let state = AppState {
        leptos_options: leptos_options.clone(),
        storage: storage.clone(),
        limits: limits.clone(),
    };
    let routes = generate_route_list(App);
    // What server functions and SSR components reach through `use_context`.
    let context = {
        let storage = storage.clone();
        move || {
            provide_context(storage.clone());
            provide_context(geometry.clone());
            provide_context(limits.clone());
            provide_context(frame_ancestors.clone());
        }
    };
    let render_shell = {
        let options = leptos_options.clone();
        move || shell(options.clone())
    };
    let pages = Router::new()
        .route("/", get(language::redirect_to_preferred))
        // leptos_axum lists the home route as `/{lang}` only; `/{lang}/` is the
        // canonical address `/` redirects to, so it gets the same renderer.
        .route(
            "/{lang}/",
            get(leptos_axum::render_app_async_with_context(
                context.clone(),
                render_shell.clone(),
            )),
        )
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .merge(assets::routes(&leptos_options))
        .merge(milestones::routes())
        .merge(api::routes())
        .merge(write_api::routes())
        .merge(openapi::routes())
        .merge(pwa::routes(pwa::script(
            std::path::Path::new(leptos_options.site_root.as_ref()),
            leptos_options.site_pkg_dir.as_ref(),
            release.as_deref(),
        )))
        .leptos_routes_with_context(&state, routes, context.clone(), render_shell)
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            AppState,
            _,
        >(context, shell))
        .with_state(state)
        .layer(auth)
        // Nothing here needs a large body (a note is at most 2,000
        // characters): refuse anything over 64 KiB with 413 before reading it.
        .layer(tower_http::limit::RequestBodyLimitLayer::new(64 * 1024))
        .layer(axum::middleware::from_fn(guard::same_origin_only))
        .layer(axum::middleware::from_fn(move |request, next| {
            guard::client_addr(trust_proxy, request, next)
        }))
        .layer(axum::middleware::from_fn(session::secure_cookies))
        .layer(axum::middleware::from_fn({
            let cache = microcache::MicroCache::default();
            move |request, next| cache.clone().layer(request, next)
        }));
    headers::apply(pages)
}

/// Leptos' options from the environment cargo-leptos sets, with defaults that
/// let `target/release/server` run from the repository root without any.
fn leptos_options(addr: SocketAddr) -> LeptosOptions {
    let mut options = get_configuration(None)
        .map(|conf| conf.leptos_options)
        .unwrap_or_else(|_| LeptosOptions::builder().output_name("summit").build());
    if options.output_name.is_empty() {
        options.output_name = "summit".into();
    }
    if std::env::var_os("LEPTOS_SITE_ROOT").is_none() {
        options.site_root = "target/site".into();
    }
    if std::env::var_os("LEPTOS_ENV").is_none() {
        options.env = Env::PROD;
    }
    if std::env::var_os("LEPTOS_HASH_FILES").is_none() {
        // cargo-leptos writes hash.txt beside the binary when it hashes file names.
        options.hash_files = std::env::current_exe()
            .ok()
            .and_then(|exe| exe.parent().map(|dir| dir.join(options.hash_file.as_ref())))
            .is_some_and(|path| path.exists());
    }
    options.site_addr = addr;
    options
}
