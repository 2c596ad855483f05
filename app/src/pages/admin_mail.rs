//! The administration page's view of e-mail: whether it goes out at all,
//! and what waits in the outbox, was given up on, or went out this week.

use crate::i18n::*;
use crate::model::OutboxStatus;
use leptos::prelude::*;

#[component]
pub fn OutboxSection(status: OutboxStatus) -> impl IntoView {
    let i18n = use_i18n();
    let OutboxStatus {
        sending,
        queued,
        retrying,
        failed,
        sent_week,
        last_error,
    } = status;
    let counts = move || {
        t_string!(
            i18n,
            mail.outbox_counts,
            queued = queued,
            retrying = retrying,
            failed = failed,
            sent = sent_week
        )
        .to_string()
    };
    let last = (!last_error.is_empty()).then(|| {
        view! {
            <p class="hint" data-testid="outbox-error">
                {move || t_string!(i18n, mail.outbox_last_error)} " " <code>{last_error.clone()}</code>
            </p>
        }
    });
    view! {
        <section class="card" aria-labelledby="outbox-heading" data-testid="outbox">
            <h2 id="outbox-heading">{move || t_string!(i18n, mail.outbox_heading)}</h2>
            {if sending {
                None
            } else {
                Some(view! { <p class="info" role="note">{move || t_string!(i18n, mail.not_sending_admin)}</p> })
            }}
            <p data-testid="outbox-counts">{counts}</p>
            {last}
        </section>
    }
}
