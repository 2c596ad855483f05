//! Hydrates the server-rendered HTML: the same `app::App` the server rendered,
//! taking over the existing DOM instead of re-creating it.

#![recursion_limit = "512"]

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(app::App);
    // Marks the page as interactive: styles may key off it, and the end-to-end
    // tests wait for it instead of sleeping.
    if let Some(root) = leptos::prelude::document().document_element() {
        let _ = root.set_attribute("data-hydrated", "true");
    }
}
