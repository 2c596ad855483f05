//! `/{lang}/account`: who you are, what you may edit, your password, your
//! e-mail choices, your API tokens, and signing out.

use crate::components::error::{action_error, FieldErrors, FormError};
use crate::components::escaped::Title;
use crate::components::island::{island_i18n, page_locale};
use crate::components::loading::Loading;
use crate::components::scroll_box::ScrollBox;
use crate::components::session::use_session;
use crate::i18n::*;
use crate::locale::localized;
use crate::model::{Account, MailSettings, SignInMethods, TokenInfo};
use crate::server_fns::accounts::{my_tokens, ChangePassword, CreateToken, RevokeToken, SignOut};
use crate::server_fns::mail::my_mail_settings;
use crate::server_fns::sign_in::my_sign_ins;
use crate::text::region_name;
use leptos::either::{Either, EitherOf3};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Meta;
use leptos_router::hooks::{use_location, use_query_map};
use summit::Role;

#[component]
pub fn AccountPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let tokens = Resource::new_blocking(|| (), |_| my_tokens());
    let mail = Resource::new_blocking(|| (), |_| my_mail_settings());
    let sign_ins = Resource::new_blocking(|| (), |_| my_sign_ins());
    view! {
        <Title text=move || format!("{} — {}", t_string!(i18n, account.title), t_string!(i18n, site.name)) />
        <Meta name="robots" content="noindex" />
        <h1>{move || t_string!(i18n, account.title)}</h1>
        <Suspense fallback=Loading>
            {Suspend::new(async move {
                match session.account().await {
                    Ok(Some(account)) => {
                        let tokens = tokens.await.unwrap_or_default();
                        let mail = mail.await.ok();
                        let sign_ins = sign_ins.await.unwrap_or_default();
                        EitherOf3::A(view! { <AccountDetails account tokens mail sign_ins /> })
                    }
                    Ok(None) => EitherOf3::B(view! { <SignInFirst /> }),
                    Err(error) => EitherOf3::C(view! { <crate::components::error::ErrorMessage error /> }),
                }
            })}
        </Suspense>
    }
}

/// For pages that need an account: a link to sign in that comes back here.
#[component]
pub fn SignInFirst() -> impl IntoView {
    let i18n = use_i18n();
    let location = use_location();
    let href = move || {
        let here = location.pathname.get();
        format!("{}?next={}", localized(i18n, "/sign-in"), here)
    };
    view! {
        <p class="card">
            {move || t_string!(i18n, errors.sign_in_required)} " "
            <a href=href>{move || t_string!(i18n, nav.sign_in)}</a>
        </p>
    }
}

/// "Everything", "nothing yet", or the regions and countries by code.
pub fn scope_text(i18n: leptos_i18n::I18nContext<Locale>, account: &Account) -> String {
    if account.role == Role::Admin || account.scope.regions.len() == summit::Region::ALL.len() {
        return t_string!(i18n, account.scope_all).to_string();
    }
    let mut parts: Vec<String> = account
        .scope
        .regions
        .iter()
        .map(|r| region_name(i18n, *r))
        .collect();
    parts.extend(account.scope.countries.iter().map(|c| c.to_string()));
    if parts.is_empty() {
        t_string!(i18n, account.scope_none).to_string()
    } else {
        parts.join(", ")
    }
}

#[component]
fn AccountDetails(
    account: Account,
    tokens: Vec<TokenInfo>,
    mail: Option<MailSettings>,
    sign_ins: SignInMethods,
) -> impl IntoView {
    let i18n = use_i18n();
    // Not in an island: a plain form POST, answered with a redirect.
    let sign_out = ServerAction::<SignOut>::new();
    let is_admin = account.role == Role::Admin;
    let sending = mail.as_ref().is_some_and(|m| m.sending);
    let role = account.role;
    let scope = {
        let account = account.clone();
        move || scope_text(i18n, &account)
    };
    view! {
        <section class="card" aria-labelledby="who-heading">
            <h2 id="who-heading">{account.name.clone()}</h2>
            <dl class="facts">
                <dt>{move || t_string!(i18n, auth.email)}</dt>
                <dd>{account.email.clone()}</dd>
                <dt>{move || t_string!(i18n, account.role)}</dt>
                <dd>{move || match role {
                    Role::Admin => t_string!(i18n, account.role_admin),
                    Role::Editor => t_string!(i18n, account.role_editor),
                    Role::Reviewer => t_string!(i18n, account.role_reviewer),
                }}</dd>
                <dt>{move || t_string!(i18n, account.scope)}</dt>
                <dd>{scope}</dd>
                {(!sign_ins.providers.is_empty()).then(|| view! {
                    <dt>{move || t_string!(i18n, account.sign_ins)}</dt>
                    <dd><ul class="bare">
                        {sign_ins.providers.iter().map(|p| view! {
                            <li>{p.provider.clone()} " " <bdi dir="ltr">{p.email.clone()}</bdi></li>
                        }).collect_view()}
                    </ul></dd>
                })}
            </dl>
            {is_admin.then(|| view! {
                <p><a href=move || localized(i18n, "/admin")>{move || t_string!(i18n, nav.admin)}</a></p>
            })}
            <ActionForm action=sign_out>
                <input type="hidden" name="lang" value=move || i18n.get_locale().as_str() />
                <button type="submit" class="button">{move || t_string!(i18n, auth.sign_out)}</button>
            </ActionForm>
        </section>
        {if sign_ins.password {
            Either::Left(view! { <PasswordForm /> })
        } else {
            Either::Right(view! {
                <section class="card" aria-labelledby="password-heading">
                    <h2 id="password-heading">{move || t_string!(i18n, account.change_password)}</h2>
                    <p>{move || t_string!(i18n, account.no_password)}</p>
                    {sending.then(|| view! {
                        <p><a href=move || localized(i18n, "/password-reset")>{move || t_string!(i18n, auth.choose_title)}</a></p>
                    })}
                </section>
            })
        }}
        {mail.map(|settings| view! { <crate::pages::account_mail::MailChoices settings /> })}
        <Tokens initial=tokens locale=page_locale() />
    }
}

/// A plain form POST, rendered on the server only (no wasm): an error sends
/// the browser back here with it in the address, shown in place; success
/// comes back with `?password=changed`, confirmed here.
#[component]
fn PasswordForm() -> impl IntoView {
    let i18n = use_i18n();
    // Holds the error of the post that sent the browser back here, if any.
    let change = ServerAction::<ChangePassword>::new();
    let error = action_error(*change);
    let changed =
        use_query_map().with_untracked(|q| q.get("password").is_some_and(|v| v == "changed"));
    let done = move || changed && error.get().is_none();
    view! {
        <section class="card" aria-labelledby="password-heading">
            <h2 id="password-heading">{move || t_string!(i18n, account.change_password)}</h2>
            <ActionForm action=change attr:class="form" attr:novalidate=true>
                <FormError error />
                {move || done().then(|| view! { <p class="success" role="status">{t_string!(i18n, account.password_changed)}</p> })}
                <div class="field">
                    <label for="current_password">{move || t_string!(i18n, account.current_password)}</label>
                    <input id="current_password" name="current_password" type="password"
                        autocomplete="current-password" required=true aria-describedby="current_password-errors" />
                    <FieldErrors error field="current_password" id="current_password-errors" />
                </div>
                <NewPasswordFields error />
            </ActionForm>
        </section>
    }
}

/// A new password twice, and the button that saves it: the account page's
/// change and the page an e-mailed link opens.
#[component]
pub fn NewPasswordFields(error: Signal<Option<crate::error::AppError>>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="field">
            <label for="new_password">{move || t_string!(i18n, account.new_password)}</label>
            <input id="new_password" name="new_password" type="password" autocomplete="new-password"
                required=true minlength="12" aria-describedby="new_password-hint new_password-errors" />
            <p class="hint" id="new_password-hint">{move || t_string!(i18n, account.password_hint)}</p>
            <FieldErrors error field="new_password" id="new_password-errors" />
        </div>
        <div class="field">
            <label for="repeat_password">{move || t_string!(i18n, account.repeat_password)}</label>
            <input id="repeat_password" name="repeat_password" type="password" autocomplete="new-password" required=true />
        </div>
        <button type="submit" class="button primary">{move || t_string!(i18n, account.save_password)}</button>
    }
}

/// An island: the list starts from what the server rendered and is
/// fetched again after each creation or revocation.
#[island(lazy)]
fn Tokens(initial: Vec<TokenInfo>, locale: Locale) -> impl IntoView {
    let i18n = island_i18n(locale);
    let create = ServerAction::<CreateToken>::new();
    let revoke = ServerAction::<RevokeToken>::new();
    let tokens = RwSignal::new(initial);
    Effect::watch(
        move || (create.version().get(), revoke.version().get()),
        move |_, _, _| {
            leptos::task::spawn_local(async move {
                if let Ok(list) = my_tokens().await {
                    tokens.set(list);
                }
            });
        },
        false,
    );
    let error = Signal::derive(move || {
        action_error(*create)
            .get()
            .or_else(|| action_error(*revoke).get())
    });
    let secret = move || {
        create
            .value()
            .get()
            .and_then(|r| r.ok())
            .map(|(_, secret)| secret)
    };
    view! {
        <section class="card" aria-labelledby="tokens-heading">
            <h2 id="tokens-heading">{move || t_string!(i18n, tokens.title)}</h2>
            <p>{move || t_string!(i18n, tokens.intro)}</p>
            <FormError error />
            {move || secret().map(|secret| view! {
                <div class="success" role="status">
                    <p>{t_string!(i18n, tokens.created)}</p>
                    <p><code class="secret" data-testid="new-token">{secret}</code></p>
                </div>
            })}
            <ActionForm action=create attr:class="form inline">
                <div class="field">
                    <label for="token-label">{move || t_string!(i18n, tokens.label)}</label>
                    <input id="token-label" name="label" type="text" maxlength="80" />
                </div>
                <button type="submit" class="button">{move || t_string!(i18n, tokens.create)}</button>
            </ActionForm>
            {move || {
                    let list = tokens.get();
                    if list.is_empty() {
                        Either::Left(view! { <p>{move || t_string!(i18n, tokens.none)}</p> })
                    } else {
                        Either::Right(view! {
                            <ScrollBox>
                            <table>
                                <thead><tr>
                                    <th scope="col">{move || t_string!(i18n, tokens.label)}</th>
                                    <th scope="col">{move || t_string!(i18n, tokens.created_at)}</th>
                                    <th scope="col">{move || t_string!(i18n, tokens.last_used)}</th>
                                    <th scope="col"><span class="visually-hidden">{move || t_string!(i18n, tokens.revoke)}</span></th>
                                </tr></thead>
                                <tbody>
                                    {list.into_iter().map(|token| {
                                        let revoked = token.revoked_at.is_some();
                                        view! {
                                            <tr>
                                                <td>{token.label.clone()}</td>
                                                <td><time datetime=token.created_at.clone()>{token.created_at.chars().take(10).collect::<String>()}</time></td>
                                                <td>{token.last_used_at.clone().map(|t| t.chars().take(16).collect::<String>()).unwrap_or_else(|| t_string!(i18n, tokens.never).to_string())}</td>
                                                <td>{if revoked {
                                                    Either::Left(view! { <span>{move || t_string!(i18n, tokens.revoked)}</span> })
                                                } else {
                                                    Either::Right(view! {
                                                        <ActionForm action=revoke>
                                                            <input type="hidden" name="id" value=token.id />
                                                            <button type="submit" class="button small">{move || t_string!(i18n, tokens.revoke)}</button>
                                                        </ActionForm>
                                                    })
                                                }}</td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                            </ScrollBox>
                        })
                    }
                }}
        </section>
    }
}
