//! The HTTP surface: pages rendered by Leptos, static files, health checks,
//! and the headers every response carries.

pub mod api;
mod assets;
mod cache;
mod document;
mod edit_form;
mod feeds;
mod form_post;
mod guard;
mod gzipped;
mod headers;
mod health;
mod language;
mod oidc;
mod pwa;
mod render;
mod review_form;
mod server_fns;
pub mod session;
mod sheets;
mod unsubscribe;

use app::services::limits::LoginLimits;
use app::services::shared_reads::SharedReads;
use app::services::storage::SharedStorage;
use app::{shell, App};
use axum::extract::FromRef;
use axum::routing::{get, post};
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
    pub shared: Arc<SharedReads>,
    /// The configured public origin (absolute links in feeds).
    pub site_origin: app::security::SiteOrigin,
    /// The tracker exports' bodies as of now.
    pub exports: Arc<api::tracker::Exports>,
    /// Whether e-mail goes out.
    pub mail: app::services::mail::Sending,
    /// The organisation's identity providers, if any are configured.
    pub providers: Option<Arc<crate::oidc::Providers>>,
    /// Makes briefs' PDFs.
    pub printer: Arc<crate::brief::Printer>,
}

/// What the router needs besides the storage.
pub struct RouterParts {
    pub geometry: Arc<WorldGeometry>,
    pub addr: SocketAddr,
    /// The site's own origin: the only source of absolute links.
    pub public_url: crate::config::PublicUrl,
    pub timeouts: crate::config::Timeouts,
    pub auth: session::AuthLayer,
    /// Read the client address from `X-Forwarded-For` (behind a proxy).
    pub trust_proxy: bool,
    /// Who may frame the embed widgets (`frame-ancestors` sources).
    pub embed_origins: String,
    /// Mixed into the service worker's version.
    pub release: Option<String>,
    /// Whether e-mail goes out (`SUMMIT_SMTP_URL` set).
    pub mail_sending: bool,
    /// The identity providers (`SUMMIT_OIDC_PROVIDERS` set).
    pub providers: Option<Arc<crate::oidc::Providers>>,
    /// Where the fonts of briefs' PDFs are (`SUMMIT_FONT_DIRS`).
    pub font_dirs: String,
}

pub fn router(storage: SharedStorage, parts: RouterParts) -> Router {
    let RouterParts {
        geometry,
        addr,
        public_url,
        timeouts,
        auth,
        trust_proxy,
        embed_origins,
        release,
        mail_sending,
        providers,
        font_dirs,
    } = parts;
    let frame_ancestors = app::security::FrameAncestors(Arc::from(embed_origins.as_str()));
    let site_origin = app::security::SiteOrigin(Arc::from(public_url.origin()));
    let origins = guard::Origins::new(&public_url, trust_proxy);
    let leptos_options = leptos_options(addr);
    let limits = Arc::new(LoginLimits::new(storage.clone()));
    // Ends with the router (it holds the last strong reference).
    tokio::spawn({
        let limits = Arc::downgrade(&limits);
        async move {
            let mut every = tokio::time::interval(std::time::Duration::from_secs(60));
            loop {
                every.tick().await;
                match limits.upgrade() {
                    Some(limits) => limits.forget_recovered().await,
                    None => break,
                }
            }
        }
    });
    let shared = Arc::new(SharedReads::new(storage.clone()));
    let state = AppState {
        leptos_options: leptos_options.clone(),
        storage: storage.clone(),
        limits: limits.clone(),
        shared: shared.clone(),
        site_origin: site_origin.clone(),
        exports: Arc::default(),
        mail: app::services::mail::Sending(mail_sending),
        providers: providers.clone(),
        printer: Arc::new(crate::brief::Printer::new(&font_dirs)),
    };
    let provider_origins = providers.as_ref().map(|p| p.origins()).unwrap_or_default();
    let form_targets = app::security::FormTargets(Arc::from(provider_origins.as_str()));
    let routes = route_list();
    // What server functions and SSR components reach through `use_context`.
    let context = {
        let storage = storage.clone();
        move || {
            provide_context(storage.clone());
            provide_context(shared.clone());
            // Before anything is read: the version this page's parts are kept under.
            provide_context(shared.page_version());
            provide_context(app::services::fragments::PageKey::default());
            provide_context(geometry.clone());
            provide_context(limits.clone());
            provide_context(frame_ancestors.clone());
            provide_context(site_origin.clone());
            provide_context(app::services::mail::Sending(mail_sending));
            provide_context(form_targets.clone());
            if let Some(providers) = &providers {
                let shared: app::services::sign_in::SharedProviders = providers.clone();
                provide_context(shared);
            }
            if let Some(error) = server_fns::form_error_from_query() {
                provide_context(error);
            }
        }
    };
    let render_shell = {
        let assets = app::components::island::assets(&leptos_options);
        move || app::root::document(assets)
    };
    // A refused edit or review step renders its page again, with the
    // attempt in the context.
    let edit_form: edit_form::Render = form_post::refused(context.clone(), render_shell);
    let review_form: review_form::Render = form_post::refused(context.clone(), render_shell);
    let review_post = {
        let storage = storage.clone();
        move |auth: app::services::accounts::AuthSession, request: axum::extract::Request| {
            review_form::post(storage.clone(), review_form.clone(), auth, request)
        }
    };
    let sheet_form: sheets::Render = form_post::refused(context.clone(), render_shell);
    let sheet_upload = {
        let storage = storage.clone();
        move |auth: app::services::accounts::AuthSession, request: axum::extract::Request| {
            sheets::upload(storage.clone(), sheet_form.clone(), auth, request)
        }
    };
    let sheet_apply = {
        let storage = storage.clone();
        move |auth: app::services::accounts::AuthSession, request: axum::extract::Request| {
            sheets::apply_post(storage.clone(), auth, request)
        }
    };
    let edit_post = {
        let storage = storage.clone();
        move |auth: app::services::accounts::AuthSession, request: axum::extract::Request| {
            edit_form::post(storage.clone(), edit_form.clone(), auth, request)
        }
    };
    let pages = Router::new()
        .route("/", get(language::redirect_to_preferred))
        // leptos_axum lists the home route as `/{lang}` only; `/{lang}/` is the
        // canonical address `/` redirects to, so it gets the same renderer.
        .route("/{lang}/", get(render::page(context.clone(), render_shell)))
        // The edit forms post to their page (the pages' GETs are Leptos' routes).
        .route("/{lang}/countries/{code}", post(edit_post.clone()))
        .route("/{lang}/regions/{slug}", post(edit_post))
        .route("/{lang}/review", post(review_post))
        // A spreadsheet's upload and its application (the pages' GETs are
        // Leptos' routes).
        .route(
            "/{lang}/spreadsheets",
            post(sheet_upload).layer(axum::extract::DefaultBodyLimit::max(sheets::UPLOAD_LIMIT)),
        )
        .route("/{lang}/spreadsheets/{id}", post(sheet_apply))
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .merge(assets::routes(&leptos_options))
        .merge(api::router())
        .merge(feeds::routes())
        .merge(unsubscribe::routes())
        .merge(oidc::routes())
        .merge(pwa::routes(pwa::script(
            std::path::Path::new(leptos_options.site_root.as_ref()),
            leptos_options.site_pkg_dir.as_ref(),
            release.as_deref(),
        )))
        .merge(pages_rendered(
            &state,
            &routes,
            context.clone(),
            render_shell,
        ))
        // Leptos' server functions, and any route that is not `SsrMode::Async`.
        .leptos_routes_with_context(
            &state,
            routes.into_iter().filter(|r| !is_async(r)).collect(),
            context.clone(),
            render_shell,
        )
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            AppState,
            _,
        >(context, shell))
        .with_state(state)
        .layer(axum::middleware::from_fn(document::end_at_html))
        .layer(auth)
        // Nothing but a spreadsheet's upload needs a large body (a note is
        // at most 2,000 characters): 413 before reading anything larger.
        .layer(axum::middleware::from_fn(guard::body_limit))
        // Server functions read their body there (413 in their own error
        // shape) and answer every error with its status.
        .layer(axum::middleware::from_fn({
            let destinations = Arc::new(server_fns::Destinations {
                site: public_url.origin().to_owned(),
                providers: provider_origins
                    .split_whitespace()
                    .map(str::to_owned)
                    .collect(),
            });
            move |request, next| server_fns::guard(destinations.clone(), request, next)
        }))
        .layer(axum::middleware::from_fn({
            let origins = origins.clone();
            move |request, next| guard::same_origin_only(origins.clone(), request, next)
        }))
        .layer(axum::middleware::from_fn(move |request, next| {
            guard::client_addr(trust_proxy, request, next)
        }))
        .layer(axum::middleware::from_fn(move |request, next| {
            session::secure_cookies(origins.clone(), request, next)
        }))
        .layer(axum::middleware::from_fn(session::keep_personal_private))
        // Slow clients: a body that stops arriving, or a request still
        // unanswered after a while, ends with a 4xx instead of holding a
        // task (headers have their own timeout, see `crate::serve`).
        .layer(tower_http::timeout::RequestBodyTimeoutLayer::new(
            timeouts.body,
        ))
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            timeouts.request,
        ))
        .layer(axum::middleware::from_fn({
            let cache = cache::ResponseCache::new(current_tag(
                storage.clone(),
                &leptos_options,
                release.as_deref(),
            ));
            move |request, next| cache.clone().layer(request, next)
        }));
    headers::apply(pages)
        // The last line of defence: a bug that panics answers 500 (and is
        // logged) instead of dropping the connection.
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(panicked))
}

/// The validator of shared answers as of now: the data version every
/// instance agrees on, the current quarter hour (UTC; it names the day, and
/// deadlines are judged at it, `app::services::deadlines`), and the build
/// (its version, the operator's release name and the hashed names of its
/// files, so instances of one build agree and a new build invalidates).
fn current_tag(
    storage: SharedStorage,
    options: &LeptosOptions,
    release: Option<&str>,
) -> cache::CurrentTag {
    use sha2::{Digest, Sha256};
    let assets = app::components::island::assets(options);
    let digest = Sha256::new()
        .chain_update(env!("CARGO_PKG_VERSION"))
        .chain_update(release.unwrap_or(""))
        .chain_update(&assets.script_hashes)
        .finalize();
    let build = app::services::accounts::hex(&digest[..6]);
    // Asked for by every anonymous request: written anew only when the
    // version or the quarter hour moved, not formatted per request.
    type Last = Option<(u64, jiff::Timestamp, cache::rules::Tag)>;
    let last: std::sync::Mutex<Last> = Default::default();
    Arc::new(move || {
        let version = storage.data_version();
        let quarter = app::services::deadlines::judging_now();
        let mut last = last
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        match &*last {
            Some((v, q, tag)) if *v == version && *q == quarter => tag.clone(),
            _ => {
                let text = summit::action::deadline::quarter_text(quarter);
                let tag = cache::rules::Tag::new(version, &text, &build);
                *last = Some((version, quarter, tag.clone()));
                tag
            }
        }
    })
}

fn is_async(route: &leptos_axum::AxumRouteListing) -> bool {
    matches!(route.mode(), leptos_router::SsrMode::Async)
}

/// The app's `SsrMode::Async` routes (all its pages), each rendered by
/// [`render::page`] with what `leptos_routes_with_context` provides: the
/// state and the method.
fn pages_rendered<IV: leptos::IntoView + 'static>(
    state: &AppState,
    routes: &[leptos_axum::AxumRouteListing],
    context: impl Fn() + Clone + Send + Sync + 'static,
    app_fn: impl Fn() -> IV + Clone + Send + Sync + 'static,
) -> Router<AppState> {
    use axum::routing::MethodRouter;
    use leptos_router::Method;
    let mut router = Router::new();
    for route in routes.iter().filter(|r| is_async(r)) {
        let mut methods = MethodRouter::new();
        for method in route.methods() {
            let context = context.clone();
            let state = state.clone();
            let handler = render::page(
                move || {
                    provide_context(method);
                    provide_context(state.clone());
                    context();
                },
                app_fn.clone(),
            );
            methods = match method {
                Method::Get => methods.get(handler),
                Method::Post => methods.post(handler),
                Method::Put => methods.put(handler),
                Method::Delete => methods.delete(handler),
                Method::Patch => methods.patch(handler),
            };
        }
        router = router.route(route.path(), methods);
    }
    router
}

fn panicked(detail: Box<dyn std::any::Any + Send + 'static>) -> axum::response::Response {
    use axum::response::IntoResponse;
    let message = detail
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| detail.downcast_ref::<&str>().copied())
        .unwrap_or("(no message)");
    tracing::error!(message, "a request panicked");
    (
        axum::http::StatusCode::INTERNAL_SERVER_ERROR,
        axum::Json(serde_json::json!({ "error": "internal error" })),
    )
        .into_response()
}

/// The app's routes, generated once per process. Generating runs the app
/// with resources suppressed through a process-wide flag (leptos_server's
/// `SuppressResourceLoad`): a page rendering on another server of the same
/// process at that moment polls its resources into a `pending()` that never
/// ends (leptos issue #4773). One server per process never meets it; the
/// integration tests, many servers in one process, stalled on it for 30 s
/// now and then. Generated once, before any server of the process serves,
/// the window is gone.
fn route_list() -> Vec<leptos_axum::AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<leptos_axum::AxumRouteListing>> =
        std::sync::OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
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
