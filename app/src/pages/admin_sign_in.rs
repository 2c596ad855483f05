//! The administration page's section on signing in with an organisation's
//! account: the providers the operator configured, the rules that give an
//! account at a first sign-in, and the people no rule let in, waiting for
//! approval. Part of the administration island, whose overview is fetched
//! again after each of these changes (an approval adds an account).

use crate::components::error::{action_error, FieldErrors, FormError};
use crate::components::scroll_box::ScrollBox;
use crate::i18n::*;
use crate::model::{SignInAdmin, SignInRequest};
use crate::pages::admin_fields::{RegionSelect, RoleSelect};
use crate::server_fns::admin_sign_in::{
    AddSignInRule, ApproveSignIn, DismissSignIn, RemoveSignInRule,
};
use leptos::form::ActionForm;
use leptos::prelude::*;
use summit::sign_in::{Matcher, SignInRule};
use summit::Role;

/// The section's forms, owned by the administration island.
#[derive(Clone, Copy)]
pub struct SignInActions {
    pub add: ServerAction<AddSignInRule>,
    pub remove: ServerAction<RemoveSignInRule>,
    pub approve: ServerAction<ApproveSignIn>,
    pub dismiss: ServerAction<DismissSignIn>,
}

impl Default for SignInActions {
    fn default() -> Self {
        Self::new()
    }
}

impl SignInActions {
    pub fn new() -> Self {
        SignInActions {
            add: ServerAction::new(),
            remove: ServerAction::new(),
            approve: ServerAction::new(),
            dismiss: ServerAction::new(),
        }
    }

    /// Moves whenever one of them finished.
    pub fn version(&self) -> usize {
        self.add.version().get()
            + self.remove.version().get()
            + self.approve.version().get()
            + self.dismiss.version().get()
    }
}

#[component]
pub fn SignInSection(data: SignInAdmin, actions: SignInActions) -> impl IntoView {
    let i18n = use_i18n();
    let data = Signal::stored(data);
    let add_error = action_error(*actions.add);
    view! {
        <section class="card" aria-labelledby="sign-in-admin-heading" data-testid="sign-in-admin">
            <h2 id="sign-in-admin-heading">{move || t_string!(i18n, admin.sign_in_heading)}</h2>
            {move || {
                let providers = data.with(|d| d.providers.clone());
                if providers.is_empty() {
                    view! { <p>{move || t_string!(i18n, admin.sign_in_none)}</p> }.into_any()
                } else {
                    let names = providers.iter().map(|p| p.name.clone()).collect::<Vec<_>>().join(", ");
                    view! { <p>{move || t_string!(i18n, admin.sign_in_providers, names = names.clone()).to_string()}</p> }.into_any()
                }
            }}
            <h3 id="requests-heading">{move || t_string!(i18n, admin.requests_heading)}</h3>
            <FormError error=action_error(*actions.approve) />
            {move || {
                let requests = data.with(|d| d.requests.clone());
                let providers = data.with(|d| d.providers.clone());
                if requests.is_empty() {
                    view! { <p>{move || t_string!(i18n, admin.requests_none)}</p> }.into_any()
                } else {
                    let rows = requests
                        .into_iter()
                        .map(|request| {
                            let provider = providers
                                .iter()
                                .find(|p| p.id == request.provider)
                                .map_or_else(|| request.provider.clone(), |p| p.name.clone());
                            view! { <RequestRow request provider actions /> }
                        })
                        .collect_view();
                    view! { <ul class="requests">{rows}</ul> }.into_any()
                }
            }}
            <h3 id="rules-heading">{move || t_string!(i18n, admin.rules_heading)}</h3>
            <p class="hint">{move || t_string!(i18n, admin.rules_intro)}</p>
            {move || {
                let rules = data.with(|d| d.rules.clone());
                let providers = data.with(|d| d.providers.clone());
                (!rules.is_empty()).then(|| {
                    let rows = rules
                        .into_iter()
                        .map(|rule| {
                            let provider = rule.provider.as_ref().map(|id| {
                                providers
                                    .iter()
                                    .find(|p| &p.id == id)
                                    .map_or_else(|| id.clone(), |p| p.name.clone())
                            });
                            view! { <RuleRow rule provider action=actions.remove /> }
                        })
                        .collect_view();
                    view! {
                        <ScrollBox>
                            <table>
                                <thead><tr>
                                    <th scope="col">{move || t_string!(i18n, admin.rule_provider)}</th>
                                    <th scope="col">{move || t_string!(i18n, admin.rule_claim)}</th>
                                    <th scope="col">{move || t_string!(i18n, admin.rule_value)}</th>
                                    <th scope="col">{move || t_string!(i18n, account.role)}</th>
                                    <th scope="col"><span class="visually-hidden">{move || t_string!(i18n, admin.rule_remove)}</span></th>
                                </tr></thead>
                                <tbody>{rows}</tbody>
                            </table>
                        </ScrollBox>
                    }
                })
            }}
            <h3 id="new-rule-heading">{move || t_string!(i18n, admin.rule_new)}</h3>
            <ActionForm action=actions.add attr:class="form" attr:aria-labelledby="new-rule-heading" attr:novalidate=true>
                <FormError error=add_error />
                <div class="field">
                    <label for="rule-provider">{move || t_string!(i18n, admin.rule_provider)}</label>
                    <select name="provider" id="rule-provider">
                        <option value="">{move || t_string!(i18n, admin.rule_any_provider)}</option>
                        {move || data.with(|d| d.providers.clone()).into_iter().map(|p| view! {
                            <option value=p.id>{p.name}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="rule-claim">{move || t_string!(i18n, admin.rule_claim)}</label>
                    <select name="claim" id="rule-claim">
                        {Matcher::CLAIMS.into_iter().map(|claim| view! {
                            <option value=claim>{move || claim_name(i18n, claim)}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="rule-value">{move || t_string!(i18n, admin.rule_value)}</label>
                    <input id="rule-value" name="value" type="text" dir="ltr" required=true
                        aria-describedby="rule-value-hint rule-value-errors" />
                    <p class="hint" id="rule-value-hint">{move || t_string!(i18n, admin.rule_value_hint)}</p>
                    <FieldErrors error=add_error field="value" id="rule-value-errors" />
                </div>
                <div class="field">
                    <label for="rule-role">{move || t_string!(i18n, account.role)}</label>
                    <RoleSelect id="rule-role".into() selected=Role::Editor />
                </div>
                <div class="field">
                    <label for="rule-region">{move || t_string!(i18n, admin.region)}</label>
                    <RegionSelect name="region" id="rule-region".into() all=Some(false) />
                </div>
                <div class="field">
                    <label for="rule-countries">{move || t_string!(i18n, admin.countries)}</label>
                    <input id="rule-countries" name="countries" type="text" dir="ltr" />
                </div>
                <button type="submit" class="button primary">{move || t_string!(i18n, admin.rule_add)}</button>
            </ActionForm>
        </section>
    }
}

fn claim_name(i18n: leptos_i18n::I18nContext<Locale>, claim: &str) -> String {
    match claim {
        "email-domain" => t_string!(i18n, admin.claim_email_domain),
        "group" => t_string!(i18n, admin.claim_group),
        _ => t_string!(i18n, admin.claim_role),
    }
    .to_string()
}

fn role_name(i18n: leptos_i18n::I18nContext<Locale>, role: Role) -> String {
    match role {
        Role::Admin => t_string!(i18n, account.role_admin),
        Role::Editor => t_string!(i18n, account.role_editor),
        Role::Reviewer => t_string!(i18n, account.role_reviewer),
    }
    .to_string()
}

#[component]
fn RuleRow(
    rule: SignInRule,
    provider: Option<String>,
    action: ServerAction<RemoveSignInRule>,
) -> impl IntoView {
    let i18n = use_i18n();
    let claim = rule.matcher.claim();
    let value = rule.matcher.value().to_owned();
    let role = rule.role;
    view! {
        <tr>
            <td>{match provider {
                Some(name) => name.into_any(),
                None => view! { {move || t_string!(i18n, admin.rule_any_provider)} }.into_any(),
            }}</td>
            <td>{move || claim_name(i18n, claim)}</td>
            <td><bdi dir="ltr">{value}</bdi></td>
            <td>{move || role_name(i18n, role)}</td>
            <td>
                <ActionForm action attr:class="form inline compact">
                    <input type="hidden" name="id" value=rule.id />
                    <button type="submit" class="button small">{move || t_string!(i18n, admin.rule_remove)}</button>
                </ActionForm>
            </td>
        </tr>
    }
}

#[component]
fn RequestRow(request: SignInRequest, provider: String, actions: SignInActions) -> impl IntoView {
    let i18n = use_i18n();
    let id = format!("request-{}", request.id);
    let claims = request.claims.clone();
    let email = claims
        .email
        .as_ref()
        .map(|e| e.as_str().to_owned())
        .unwrap_or_default();
    let detail = [claims.groups.join(", "), claims.roles.join(", ")]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" · ");
    let name = claims.display_name();
    view! {
        <li class="request" data-testid="sign-in-request">
            <p>
                <strong>{name}</strong> " " <bdi dir="ltr">{email}</bdi>
                <br />
                {move || t_string!(i18n, admin.request_from, provider = provider.clone()).to_string()}
                {(!detail.is_empty()).then(|| view! { <br /><span class="hint" dir="ltr">{detail.clone()}</span> })}
            </p>
            <ActionForm action=actions.approve attr:class="form inline compact">
                <input type="hidden" name="id" value=request.id />
                <label class="visually-hidden" for=format!("{id}-role")>{move || t_string!(i18n, account.role)}</label>
                <RoleSelect id=format!("{id}-role") selected=Role::Editor />
                <label class="visually-hidden" for=format!("{id}-region")>{move || t_string!(i18n, admin.region)}</label>
                <RegionSelect name="region" id=format!("{id}-region") all=Some(false) />
                <label class="visually-hidden" for=format!("{id}-countries")>{move || t_string!(i18n, admin.countries)}</label>
                <input id=format!("{id}-countries") name="countries" type="text" dir="ltr" size="10" />
                <button type="submit" class="button small primary">{move || t_string!(i18n, admin.request_approve)}</button>
            </ActionForm>
            <ActionForm action=actions.dismiss attr:class="form inline compact">
                <input type="hidden" name="id" value=request.id />
                <button type="submit" class="button small">{move || t_string!(i18n, admin.request_dismiss)}</button>
            </ActionForm>
        </li>
    }
}
