//! The browser's entry point. Pages are rendered on the server only; this
//! sets up the reactive runtime, and the island loader
//! (`app/src/components/island_loader.js`) then hydrates each `#[island]`
//! (the countdowns, the map, the forms). The last island, `HydrationMark`,
//! marks `<html data-hydrated>`.

#![recursion_limit = "512"]

// The islands live in `app`; naming it keeps their exports in this module.
pub use app::components::island::HydrationMark;

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // A server function that answers with a redirect (signing in or out)
    // loads the new page: islands mode has no client-side router.
    let _ = leptos::server_fn::redirect::set_redirect_hook(|to: &str| {
        let _ = leptos::prelude::window().location().set_href(to);
    });
    leptos::mount::hydrate_islands();
}
