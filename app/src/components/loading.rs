//! What a section shows while its data loads. `<Suspense>` needs one, but
//! people never see it: pages are rendered on the server with their data
//! (`SsrMode::Async`) and never in the browser.

use crate::i18n::*;
use leptos::prelude::*;

#[component]
pub fn Loading() -> impl IntoView {
    let i18n = use_i18n();
    view! { <p class="loading" role="status">{move || t_string!(i18n, site.loading)}</p> }
}
