//! The translated 404 page, with status 404 on the server.

use crate::components::escaped::Title;
use crate::i18n::*;
use crate::locale::locale_from_path;
use crate::locale::localized;
use leptos::prelude::*;
use leptos_router::hooks::use_location;

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    let i18n = use_i18n();
    // Outside the language layout (e.g. `/en/nowhere`) the URL still names the
    // language; otherwise the provider's choice (cookie, Accept-Language) stands.
    if let Some(locale) = locale_from_path(&use_location().pathname.get_untracked()) {
        if i18n.get_locale_untracked() != locale {
            i18n.set_locale(locale);
        }
    }
    let body = move || {
        view! {
            <h1>{move || t_string!(i18n, not_found.title)}</h1>
            <p>{move || t_string!(i18n, not_found.body)}</p>
            <p>
                <a href=move || localized(i18n, "/")>{move || t_string!(i18n, not_found.home)}</a>
            </p>
        }
    };
    // Inside the site's layout there is a `<main>` already.
    let content = if use_context::<InsideMain>().is_some() {
        leptos::either::Either::Left(view! { <div class="not-found">{body()}</div> })
    } else {
        leptos::either::Either::Right(view! { <main id="main" class="not-found">{body()}</main> })
    };
    view! {
        <Title text=move || t_string!(i18n, not_found.title).to_string() />
        {content}
    }
}

/// Provided by layouts that already have the page's `<main>`.
#[derive(Clone, Copy, Debug)]
pub struct InsideMain;
