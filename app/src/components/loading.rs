//! What a section shows while its data loads (only seen on client-side navigation:
//! the server renders pages with their data).

use crate::i18n::*;
use leptos::prelude::*;

#[component]
pub fn Loading() -> impl IntoView {
    let i18n = use_i18n();
    view! { <p class="loading" role="status">{move || t_string!(i18n, site.loading)}</p> }
}
