//! `/{lang}/sign-in`: a button per identity provider the operator
//! configured (a form POST to `/auth/oidc/{id}/start`), then e-mail and
//! password, as plain form POSTs and no wasm at all: the browser's own
//! validation and a server answer are all a sign-in needs. An error sends
//! the browser back here with the error in the address (server_fn's
//! `__err`, or `?failed=…` from a provider), which the page shows in place
//! (see `server::http::server_fns::form_error_from_query`); success
//! redirects. `?password=set` confirms a password chosen through a link.

use crate::components::error::{action_error, FieldErrors, FormError};
use crate::components::escaped::Title;
use crate::components::session::use_session;
use crate::error::ProviderFailure;
use crate::i18n::*;
use crate::locale::localized;
use crate::model::SignInOptions;
use crate::server_fns::accounts::SignIn;
use crate::server_fns::sign_in::sign_in_choices;
use leptos::either::Either;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Meta;
use leptos_router::hooks::use_query_map;

#[component]
pub fn SignInPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let (next, failed, password_set) = use_query_map().with_untracked(|q| {
        (
            q.get("next").unwrap_or_default(),
            q.get("failed").and_then(|f| ProviderFailure::parse(&f)),
            q.get("password").is_some_and(|p| p == "set"),
        )
    });
    let options = Resource::new(|| (), |_| sign_in_choices());
    view! {
        <Title text=move || format!("{} — {}", t_string!(i18n, auth.sign_in_title), t_string!(i18n, site.name)) />
        <Meta name="robots" content="noindex" />
        <section class="card narrow" aria-labelledby="sign-in-heading">
            <h1 id="sign-in-heading">{move || t_string!(i18n, auth.sign_in_title)}</h1>
            <p>{move || t_string!(i18n, auth.sign_in_intro)}</p>
            <Suspense>
                {Suspend::new(async move {
                    match session.account().await {
                        Ok(Some(account)) => Either::Left(view! {
                            <p>
                                {t_string!(i18n, auth.signed_in_as, name = account.name.clone()).to_string()} " "
                                <a href=move || localized(i18n, "/account")>{move || t_string!(i18n, nav.account)}</a>
                            </p>
                        }),
                        _ => Either::Right(()),
                    }
                })}
            </Suspense>
            {failed.map(|failure| view! {
                <p class="error" role="alert">{crate::components::error::provider_failure_text(i18n, failure)}</p>
            })}
            {password_set.then(|| view! {
                <p class="success" role="status">{move || t_string!(i18n, auth.password_set)}</p>
            })}
            <Suspense>
                {
                    let next = next.clone();
                    Suspend::new(async move {
                        let options = options.await.unwrap_or_default();
                        view! { <Providers options=options.clone() next=next.clone() /> <SignInForm next options /> }
                    })
                }
            </Suspense>
        </section>
    }
}

/// A button per identity provider: each a form POST (same-origin, so the
/// guard's CSRF check applies) that sends the browser to the provider.
#[component]
fn Providers(options: SignInOptions, next: String) -> impl IntoView {
    let i18n = use_i18n();
    let any = !options.providers.is_empty();
    any.then(|| {
        let buttons = options
            .providers
            .into_iter()
            .map(|provider| {
                let action = format!("/auth/oidc/{}/start", provider.id);
                let name = provider.name.clone();
                view! {
                    <form method="post" action=action class="provider">
                        <input type="hidden" name="lang" value=move || i18n.get_locale().as_str() />
                        <input type="hidden" name="next" value=next.clone() />
                        <button type="submit" class="button primary">
                            {move || t_string!(i18n, auth.with_provider, name = name.clone()).to_string()}
                        </button>
                    </form>
                }
            })
            .collect_view();
        view! {
            <h2 class="providers-heading">{move || t_string!(i18n, auth.providers_label)}</h2>
            <div class="providers">{buttons}</div>
            <h2 class="providers-heading">{move || t_string!(i18n, auth.or_password)}</h2>
        }
    })
}

/// The form: server-rendered only (not an island), so it costs no wasm.
#[component]
fn SignInForm(next: String, options: SignInOptions) -> impl IntoView {
    let i18n = use_i18n();
    // Holds the error of the post that sent the browser back here, if any.
    let sign_in = ServerAction::<SignIn>::new();
    let error = action_error(*sign_in);
    view! {
        <ActionForm action=sign_in attr:class="form" attr:novalidate=true>
            <input type="hidden" name="lang" value=move || i18n.get_locale().as_str() />
            <input type="hidden" name="next" value=next />
            <FormError error />
            <div class="field">
                <label for="email">{move || t_string!(i18n, auth.email)}</label>
                <input id="email" name="email" type="email" autocomplete="username" required=true
                    aria-describedby="email-errors" />
                <FieldErrors error field="email" id="email-errors" />
            </div>
            <div class="field">
                <label for="password">{move || t_string!(i18n, auth.password)}</label>
                <input id="password" name="password" type="password" autocomplete="current-password" required=true />
            </div>
            <button type="submit" class="button primary">{move || t_string!(i18n, auth.submit)}</button>
        </ActionForm>
        {options.mail.then(|| view! {
            <p><a href=move || localized(i18n, "/password-reset")>{move || t_string!(i18n, auth.forgot)}</a></p>
        })}
    }
}
