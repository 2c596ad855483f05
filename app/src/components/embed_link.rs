//! "Embed this on a page": from a page that has a widget to the embed
//! builder, opened on that widget (`/{lang}/embed?widget=…`).

use crate::i18n::*;
use crate::locale::localized;
use leptos::prelude::*;

/// A link to the builder; `query` chooses the widget (`widget=region&region=africa`).
#[component]
pub fn EmbedThis(#[prop(into)] query: String) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p class="embed-this">
            <a href=move || localized(i18n, &format!("/embed?{query}"))>{move || t_string!(i18n, embed.this)}</a>
        </p>
    }
}
