//! The account page's e-mail section: where messages go, in which language,
//! and which kinds of message to receive. A plain form POST (no wasm), like
//! the password form: the page says "saved" when opened with `?mail=saved`.

use crate::components::error::{action_error, FormError};
use crate::i18n::*;
use crate::model::MailSettings;
use crate::server_fns::mail::SetMailSettings;
use crate::text::mail_kind_name_in;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use summit::{Language, MailKind};

/// Where the address goes in the translated sentence.
const PLACE: &str = "\u{2066}\u{2069}";

/// The server function's parameter for a kind's box.
fn field_name(kind: MailKind) -> &'static str {
    match kind {
        MailKind::Returned => "returned",
        MailKind::Approved => "approved",
        MailKind::DueSoon => "due_soon",
        MailKind::Overdue => "overdue",
        MailKind::Digest => "digest",
        MailKind::Access => "access",
    }
}

#[component]
pub fn MailChoices(settings: MailSettings) -> impl IntoView {
    let i18n = use_i18n();
    let save = ServerAction::<SetMailSettings>::new();
    let error = action_error(*save);
    let saved = use_query_map().with_untracked(|q| q.get("mail").is_some_and(|v| v == "saved"));
    let done = move || saved && error.get().is_none();
    let MailSettings {
        sending,
        address,
        language,
        kinds,
    } = settings;
    let options = Language::ALL
        .into_iter()
        .map(|l| {
            view! { <option value=l.code() selected=l == language lang=l.code()>{l.endonym()}</option> }
        })
        .collect_view();
    let boxes = kinds
        .into_iter()
        .map(|(kind, on)| {
            let id = format!("mail-{}", kind.slug());
            view! {
                <li>
                    <input type="checkbox" id=id.clone() name=field_name(kind) value="1" checked=on />
                    <label for=id>{move || mail_kind_name_in(i18n.get_locale(), kind)}</label>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="card" id="mail" aria-labelledby="mail-heading" data-testid="mail-choices">
            <h2 id="mail-heading">{move || t_string!(i18n, mail.heading)}</h2>
            {(!sending).then(|| view! {
                <p class="info" role="note" data-testid="mail-off">{move || t_string!(i18n, mail.not_sending)}</p>
            })}
            // The address in an element of its own, left to right, so a
            // right-to-left sentence does not reorder its parts.
            <p>{move || {
                let sentence = t_string!(i18n, mail.address, address = PLACE).to_string();
                let (before, after) = sentence.split_once(PLACE).unwrap_or((&sentence, ""));
                view! { {before.to_owned()} <bdi dir="ltr">{address.clone()}</bdi> {after.to_owned()} }
            }}</p>
            <ActionForm action=save attr:class="form" attr:novalidate=true>
                <FormError error />
                {move || done().then(|| view! { <p class="success" role="status">{t_string!(i18n, mail.saved)}</p> })}
                <div class="field">
                    <label for="mail-language">{move || t_string!(i18n, mail.language)}</label>
                    <select id="mail-language" name="language">{options}</select>
                </div>
                <fieldset class="field">
                    <legend>{move || t_string!(i18n, mail.legend)}</legend>
                    <ul class="checkboxes">{boxes}</ul>
                </fieldset>
                <button type="submit" class="button primary">{move || t_string!(i18n, mail.save)}</button>
            </ActionForm>
        </section>
    }
}
