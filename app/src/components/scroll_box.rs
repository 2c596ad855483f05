//! A box for a table that may be wider than the screen: the table scrolls
//! inside it (never the page), the box can be scrolled from the keyboard,
//! and while it can scroll it says so in a line at its start (style/tracker.css:
//! a scroll-state container query, so the line shows exactly when there is
//! more to the side) and with shadows at the edges it can scroll to. A table
//! in it keeps its first column in view.

use crate::i18n::*;
use leptos::prelude::*;

#[component]
pub fn ScrollBox(children: Children) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="table-scroll" tabindex="0">
            <p class="scroll-hint" aria-hidden="true">{move || t_string!(i18n, tables.scroll_hint)}</p>
            {children()}
        </div>
    }
}
