//! Site chrome: header with navigation, the account link and the language
//! choice, and footer.

use crate::i18n::*;
use crate::locale::{localized, query_value, same_page_in};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_location;
use summit::Language;

#[component]
pub fn Header() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <header class="site-header">
            <a class="brand" href=move || localized(i18n, "/")>
                <span class="brand-mark" aria-hidden="true"></span>
                <span class="brand-name">{move || t_string!(i18n, site.name)}</span>
            </a>
            <nav class="site-nav" aria-label=move || t_string!(i18n, nav.label).to_string()>
                <ul>
                    <li>
                        <A href=move || localized(i18n, "/") exact=true>{move || t_string!(i18n, nav.home)}</A>
                    </li>
                    <li>
                        <A href=move || localized(i18n, "/milestones")>{move || t_string!(i18n, nav.milestones)}</A>
                    </li>
                    <li>
                        <A href=move || localized(i18n, "/tracker")>{move || t_string!(i18n, nav.tracker)}</A>
                    </li>
                </ul>
            </nav>
            <AccountLink />
            <LanguageSwitcher />
        </header>
    }
}

/// "Sign in" for visitors (coming back to this page afterwards), the
/// account's name for people signed in.
#[component]
fn AccountLink() -> impl IntoView {
    let i18n = use_i18n();
    let session = crate::components::session::use_session();
    let location = use_location();
    view! {
        <Suspense>
            {Suspend::new(async move {
                match session.account().await {
                    Ok(Some(account)) => leptos::either::Either::Left(view! {
                        // data-account: whose offline edits this page may show and send (public/app.js).
                        <a class="account-link" href=move || localized(i18n, "/account") data-account=account.id>
                            <span class="visually-hidden">{move || t_string!(i18n, nav.account)} ": "</span>
                            {account.name.clone()}
                        </a>
                    }),
                    _ => leptos::either::Either::Right(view! {
                        <a class="account-link" href=move || {
                            let here = location.pathname.get();
                            let next = if here.ends_with("/sign-in") {
                                String::new()
                            } else {
                                let search = location.search.get();
                                let back = if search.is_empty() { here } else { format!("{here}?{search}") };
                                format!("?next={}", query_value(&back))
                            };
                            format!("{}{next}", localized(i18n, "/sign-in"))
                        }>
                            {move || t_string!(i18n, nav.sign_in)}
                        </a>
                    }),
                }
            })}
        </Suspense>
    }
}

/// The language choice, folded into one control: a disclosure (`<details>`,
/// no script) whose button names the page's language and whose list links
/// to the current page in each of the six.
#[component]
fn LanguageSwitcher() -> impl IntoView {
    let i18n = use_i18n();
    let location = use_location();
    let current_language =
        move || Language::parse(i18n.get_locale().as_str()).unwrap_or(Language::DEFAULT);
    let links = Language::ALL
        .into_iter()
        .map(|language| {
            let href =
                move || same_page_in(&location.pathname.get(), &location.search.get(), language);
            let current = move || current_language() == language;
            view! {
                <li>
                    // The server renders the page in the new language; the
                    // page script (`public/app.js`) remembers the choice for `/`.
                    <a
                        href=href
                        hreflang=language.code()
                        lang=language.code()
                        aria-current=move || current().then_some("true")
                    >
                        {language.endonym()}
                    </a>
                </li>
            }
        })
        .collect_view();
    view! {
        <nav class="languages" aria-label=move || t_string!(i18n, nav.languages).to_string()>
            <details class="language-menu">
                <summary>
                    <span class="visually-hidden">{move || t_string!(i18n, nav.languages)} ": "</span>
                    <span class="language-current">{move || current_language().endonym()}</span>
                </summary>
                <ul>{links}</ul>
            </details>
        </nav>
    }
}

#[component]
pub fn Footer() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <footer class="site-footer">
            <p>{move || t_string!(i18n, site.footer_source)}</p>
        </footer>
    }
}
