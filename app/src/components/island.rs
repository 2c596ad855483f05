//! What every island shares. The pages are rendered on the server only; the
//! parts a person interacts with are islands (`#[island]`), the only code
//! the browser downloads and hydrates. An island hydrates apart from the
//! page around it, so it cannot see the page's context: it receives the
//! page's language as a prop and sets up its own translations from it.

use crate::i18n::*;
use leptos::prelude::*;
use leptos_i18n::I18nContext;

/// The translations inside an island, in `locale`.
///
/// On the server the island renders inside the page and shares its context;
/// in the browser an island nested in another shares its parent's, and a
/// top-level island provides its own.
pub fn island_i18n(locale: Locale) -> I18nContext<Locale> {
    if let Some(context) = use_context::<I18nContext<Locale>>() {
        return context;
    }
    let context =
        leptos_i18n::context::init_i18n_subcontext::<Locale>(Some(Signal::stored(locale)));
    provide_context(context);
    context
}

/// `false` on the server and while the island hydrates, `true` once it is
/// interactive (effects run only in the browser, after hydration). Buttons
/// that do nothing without the island are disabled until then, so a click
/// that comes too early is not lost silently.
pub fn interactive() -> ReadSignal<bool> {
    let (ready, set_ready) = signal(false);
    Effect::new(move |_| set_ready.set(true));
    ready
}

/// The page's language, for passing to an island.
pub fn page_locale() -> Locale {
    use_i18n().get_locale_untracked()
}

/// Placed last in `<body>`: islands hydrate one after another in document
/// order, so when this one runs every island before it is interactive
/// (except those that wait to come into view, see `island_loader.js`). It
/// marks `<html data-hydrated>`, which styles may key off and the end-to-end
/// tests wait for instead of sleeping.
#[island]
pub fn HydrationMark() -> impl IntoView {
    #[cfg(feature = "hydrate")]
    if let Some(root) = document().document_element() {
        let _ = root.set_attribute("data-hydrated", "true");
    }
}

/// The script that loads the wasm and hydrates the islands
/// (`island_loader.js`), in place of Leptos' `<HydrationScripts islands>`:
/// that one preloads the wasm from `<head>` at high priority, which made
/// Lighthouse count the download in the time to the largest paint, and
/// hydrates every island at once.
#[component]
pub fn IslandScripts(assets: &'static Assets) -> impl IntoView {
    // As `<HydrationScripts islands>` does: pages are not hydrated, so the
    // data of their resources is not written into the HTML (islands get
    // theirs as props).
    if let Some(context) = Owner::current_shared_context() {
        context.set_is_hydrating(false);
    }
    view! { <script type="module">{assets.loader.as_str()}</script> }
}

/// The stylesheet, by its hashed name (pages are rendered on the server
/// only, so this never runs in the browser).
#[component]
pub fn Stylesheet(assets: &'static Assets) -> impl IntoView {
    view! { <link id="leptos" rel="stylesheet" href=assets.stylesheet.as_str() /> }
}

/// What every page's head says about the built files: the loader script
/// with the JS and wasm names, and the stylesheet's address. Worked out
/// once per process, since neither changes while it runs.
pub struct Assets {
    loader: String,
    /// The stylesheet's address (`/pkg/summit-….css`).
    pub stylesheet: String,
    /// The policy's sources for the pages' inline scripts (this loader and
    /// the speculation rules): their hashes, fixed for the build.
    pub script_hashes: String,
}

/// The [`Assets`] of the build `options` describe.
pub fn assets(options: &LeptosOptions) -> &'static Assets {
    static ASSETS: std::sync::OnceLock<Assets> = std::sync::OnceLock::new();
    ASSETS.get_or_init(|| {
        #[cfg(feature = "ssr")]
        let [js, wasm, css] = assets::names(options);
        #[cfg(not(feature = "ssr"))]
        let [js, wasm, css] = [""; 3];
        let pkg = format!("/{}", options.site_pkg_dir);
        let loader = format!(
            "{}({pkg:?}, {js:?}, {wasm:?});",
            include_str!("island_loader.js")
        );
        #[cfg(feature = "ssr")]
        let script_hashes = format!(
            "{} {}",
            crate::security::csp_hash(&loader),
            crate::security::csp_hash(super::speculation::RULES)
        );
        #[cfg(not(feature = "ssr"))]
        let script_hashes = String::new();
        Assets {
            loader,
            stylesheet: format!("{pkg}/{css}.css"),
            script_hashes,
        }
    })
}

#[cfg(feature = "ssr")]
mod assets {
    use leptos::prelude::LeptosOptions;
    use std::sync::OnceLock;

    /// The JS, wasm and CSS file names without `.js`/`.wasm`/`.css`: with
    /// the hashes cargo-leptos writes to the hash file beside the server
    /// binary when `hash-files` is on (read once, where leptos_meta's
    /// `HashedStylesheet` read the file on every page).
    pub fn names(options: &LeptosOptions) -> &'static [String; 3] {
        static NAMES: OnceLock<[String; 3]> = OnceLock::new();
        NAMES.get_or_init(|| {
            let base = options.output_name.to_string();
            if !options.hash_files {
                return [base.clone(), format!("{base}_bg"), base];
            }
            let hashes = std::env::current_exe()
                .ok()
                .and_then(|exe| {
                    let file = exe.parent()?.join(options.hash_file.as_ref());
                    std::fs::read_to_string(file).ok()
                })
                .unwrap_or_default();
            let hash = |kind: &str| {
                hashes
                    .lines()
                    .filter_map(|line| line.split_once(':'))
                    .find(|(k, _)| k.trim() == kind)
                    .map(|(_, h)| format!("{base}.{}", h.trim()))
                    .unwrap_or_else(|| base.clone())
            };
            [hash("js"), hash("wasm"), hash("css")]
        })
    }
}
