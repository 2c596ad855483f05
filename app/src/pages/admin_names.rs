//! The administration page's correction of a country's name in one
//! language: the seeded names are the UN's (UNTERM, or M49 for areas UNTERM
//! does not list; `server/seed/README.md`), and an administrator may still
//! correct one. Part of the administration console island.

use crate::components::error::FormError;
use crate::i18n::*;
use crate::server_fns::admin::SetCountryName;
use leptos::form::ActionForm;
use leptos::prelude::*;
use summit::Language;

#[component]
pub fn CountryNameForm(action: ServerAction<SetCountryName>) -> impl IntoView {
    let i18n = use_i18n();
    let error = crate::components::error::action_error(*action);
    let saved = move || {
        matches!(action.value().get(), Some(Ok(_)))
            .then(|| view! { <p class="success" role="status">{t_string!(i18n, admin.saved)}</p> })
    };
    let languages = Language::ALL
        .into_iter()
        .map(|l| view! { <option value=l.code() lang=l.code()>{l.endonym()}</option> })
        .collect_view();
    view! {
        <section class="card" aria-labelledby="names-admin-heading">
            <h2 id="names-admin-heading">{move || t_string!(i18n, admin.country_names)}</h2>
            <p class="hint">{move || t_string!(i18n, admin.country_names_hint)}</p>
            {saved}
            <ActionForm action attr:class="form inline" attr:aria-labelledby="names-admin-heading">
                <FormError error />
                <div class="field">
                    <label for="name-code">{move || t_string!(i18n, admin.country_code)}</label>
                    <input id="name-code" name="code" type="text" dir="ltr" maxlength="3" required=true size="4" />
                </div>
                <div class="field">
                    <label for="name-lang">{move || t_string!(i18n, embed.language)}</label>
                    <select id="name-lang" name="lang">{languages}</select>
                </div>
                <div class="field">
                    <label for="name-name">{move || t_string!(i18n, admin.name)}</label>
                    <input id="name-name" name="name" type="text" required=true maxlength="120" />
                </div>
                <button type="submit" class="button">{move || t_string!(i18n, admin.save)}</button>
            </ActionForm>
        </section>
    }
}
