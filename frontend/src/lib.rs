//! Hydrates the server-rendered HTML: the same `app::App` the server rendered,
//! taking over the existing DOM instead of re-creating it.

#![recursion_limit = "512"]

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // Pages are split into chunks (app::pages::lazy): hydration first loads
    // the current page's chunk. This is `leptos::mount::hydrate_lazy`, plus
    // the mark once the page is interactive: styles may key off it, and the
    // end-to-end tests wait for it instead of sleeping.
    wasm_bindgen_futures::spawn_local(async {
        let document = leptos::prelude::document();
        let Some(body) = document.body() else {
            return;
        };
        leptos::mount::hydrate_from_async(body, app::App)
            .await
            .forget();
        if let Some(root) = document.document_element() {
            let _ = root.set_attribute("data-hydrated", "true");
        }
    });
}
