//! The two pages of a forgotten password, both plain form POSTs with no
//! wasm, both personal (never cached, `server::http::session`):
//!
//! - `/{lang}/password-reset`: an address in, and the same answer whatever
//!   it is (`?sent=1`): if an account has it, a link is on its way.
//! - `/{lang}/set-password?token=…`: the page an e-mailed link opens (a
//!   reset or an invitation): the account's address, and a new password.
//!   A link that does not work says so and offers a new one.

use crate::components::error::{action_error, FieldErrors, FormError};
use crate::components::escaped::Title;
use crate::i18n::*;
use crate::locale::localized;
use crate::server_fns::sign_in::{
    access_link, sign_in_choices, RequestPasswordReset, SetPasswordWithLink,
};
use leptos::either::EitherOf3;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Meta;
use leptos_router::hooks::use_query_map;
use summit::sign_in::LinkPurpose;

#[component]
pub fn PasswordResetPage() -> impl IntoView {
    let i18n = use_i18n();
    let sent = use_query_map().with_untracked(|q| q.get("sent").is_some());
    let request = ServerAction::<RequestPasswordReset>::new();
    let error = action_error(*request);
    let options = Resource::new(|| (), |_| sign_in_choices());
    view! {
        <Title text=move || format!("{} — {}", t_string!(i18n, auth.reset_title), t_string!(i18n, site.name)) />
        <Meta name="robots" content="noindex" />
        <section class="card narrow" aria-labelledby="reset-heading">
            <h1 id="reset-heading">{move || t_string!(i18n, auth.reset_title)}</h1>
            <Suspense>
                {move || Suspend::new(async move {
                    let mail = options.await.map(|o| o.mail).unwrap_or(false);
                    if !mail {
                        EitherOf3::A(view! { <p>{move || t_string!(i18n, auth.reset_no_mail)}</p> })
                    } else if sent && error.get_untracked().is_none() {
                        EitherOf3::B(view! {
                            <p class="success" role="status">{move || t_string!(i18n, auth.reset_sent)}</p>
                        })
                    } else {
                        EitherOf3::C(view! {
                            <p>{move || t_string!(i18n, auth.reset_intro)}</p>
                            <ActionForm action=request attr:class="form" attr:novalidate=true>
                                <input type="hidden" name="lang" value=move || i18n.get_locale().as_str() />
                                <FormError error />
                                <div class="field">
                                    <label for="email">{move || t_string!(i18n, auth.email)}</label>
                                    <input id="email" name="email" type="email" autocomplete="username"
                                        required=true aria-describedby="email-errors" />
                                    <FieldErrors error field="email" id="email-errors" />
                                </div>
                                <button type="submit" class="button primary">{move || t_string!(i18n, auth.reset_submit)}</button>
                            </ActionForm>
                        })
                    }
                })}
            </Suspense>
            <p><a href=move || localized(i18n, "/sign-in")>{move || t_string!(i18n, auth.back_to_sign_in)}</a></p>
        </section>
    }
}

#[component]
pub fn SetPasswordPage() -> impl IntoView {
    let i18n = use_i18n();
    let token = use_query_map().with_untracked(|q| q.get("token").unwrap_or_default());
    let link = Resource::new(
        {
            let token = token.clone();
            move || token.clone()
        },
        access_link,
    );
    view! {
        <Title text=move || format!("{} — {}", t_string!(i18n, auth.choose_title), t_string!(i18n, site.name)) />
        <Meta name="robots" content="noindex" />
        // The token must not leave in a Referer to another site.
        <Meta name="referrer" content="no-referrer" />
        <section class="card narrow" aria-labelledby="choose-heading">
            <h1 id="choose-heading">{move || t_string!(i18n, auth.choose_title)}</h1>
            <Suspense>
                {move || {
                    let token = token.clone();
                    Suspend::new(async move {
                        match link.await {
                            Ok(Some((email, purpose))) => {
                                leptos::either::Either::Left(view! { <ChooseForm token email purpose /> })
                            }
                            _ => leptos::either::Either::Right(view! {
                                <p class="error" role="alert">{move || t_string!(i18n, errors.link_expired)}</p>
                                <p><a href=move || localized(i18n, "/password-reset")>{move || t_string!(i18n, auth.forgot)}</a></p>
                            }),
                        }
                    })
                }}
            </Suspense>
        </section>
    }
}

#[component]
fn ChooseForm(token: String, email: String, purpose: LinkPurpose) -> impl IntoView {
    let i18n = use_i18n();
    let choose = ServerAction::<SetPasswordWithLink>::new();
    let error = action_error(*choose);
    // The address isolated from the sentence around it (right-to-left text).
    let intro = move || match purpose {
        LinkPurpose::Reset => t_string!(i18n, auth.choose_intro_reset),
        LinkPurpose::Invitation => t_string!(i18n, auth.choose_intro_invitation),
    };
    view! {
        <p>{intro}</p>
        <p><bdi dir="ltr" class="address">{email.clone()}</bdi></p>
        <ActionForm action=choose attr:class="form" attr:novalidate=true>
            <input type="hidden" name="lang" value=move || i18n.get_locale().as_str() />
            <input type="hidden" name="token" value=token />
            <FormError error />
            // Lets a password manager save the new password for the right account.
            <input type="email" name="username" value=email autocomplete="username" hidden=true readonly=true />
            <crate::pages::account::NewPasswordFields error />
        </ActionForm>
    }
}
