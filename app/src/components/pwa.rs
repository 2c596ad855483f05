//! The installable app's notices, rendered translated by the server and
//! shown or filled by `public/app.js`: the offline indicator, the "reload to
//! update" prompt, and the list of edits made offline.

use crate::i18n::*;
use leptos::prelude::*;

#[component]
pub fn PwaNotices() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div id="offline-indicator" class="notice offline" role="status" hidden=true>
            {move || t_string!(i18n, pwa.offline)}
        </div>
        <div id="update-banner" class="notice update" role="alert" hidden=true>
            <span>{move || t_string!(i18n, pwa.update)}</span>
            <button type="button" class="button small primary">{move || t_string!(i18n, pwa.reload)}</button>
        </div>
        // Filled by public/app.js from the worker's progress; "{have}" and
        // "{total}" are replaced there.
        <p
            id="offline-set"
            class="offline-set"
            hidden=true
            data-have=move || t_string!(i18n, pwa.offline_set).to_string()
            data-paused=move || t_string!(i18n, pwa.offline_paused).to_string()
            data-off=move || t_string!(i18n, pwa.offline_off).to_string()
            data-turn-off=move || t_string!(i18n, pwa.offline_turn_off).to_string()
            data-turn-on=move || t_string!(i18n, pwa.offline_turn_on).to_string()
        >
            <span></span>
            " "
            <button type="button" class="button small"></button>
        </p>
        <section
            id="sync-status"
            class="notice sync"
            hidden=true
            aria-labelledby="sync-heading"
            data-pending=move || t_string!(i18n, pwa.pending).to_string()
            data-pending-short=move || t_string!(i18n, pwa.pending_short).to_string()
            data-conflict=move || t_string!(i18n, pwa.conflict).to_string()
            data-refused=move || t_string!(i18n, pwa.refused).to_string()
            data-dismiss=move || t_string!(i18n, pwa.dismiss).to_string()
        >
            <h2 id="sync-heading">{move || t_string!(i18n, pwa.sync_heading)}</h2>
            <p>{move || t_string!(i18n, pwa.waiting)} " " <span data-count="">"0"</span></p>
            <ul></ul>
        </section>
    }
}
