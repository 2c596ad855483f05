//! `/{lang}/admin`: accounts and their scope, themes, briefing facts, the
//! country→region table, countries' names and milestones. Administrators only: the server
//! functions check the role; this page only saves others a dead end.

use crate::components::error::{action_error, ErrorMessage, FieldErrors, FormError};
use crate::components::escaped::Title;
use crate::components::island::{island_i18n, page_locale};
use crate::components::loading::Loading;
use crate::components::scroll_box::ScrollBox;
use crate::error::AppError;
use crate::i18n::*;
use crate::model::{Account, AdminData, MilestoneFields};
use crate::pages::account::{scope_text, SignInFirst};
use crate::pages::admin_deadlines::DeadlinesSection;
use crate::pages::admin_fields::{RegionSelect, RoleSelect};
use crate::pages::admin_names::CountryNameForm;
use crate::pages::admin_review::ReviewPolicySection;
use crate::server_fns::admin::{
    admin_overview, AddTheme, CreateUser, SetBriefing, SetCountryName, SetCountryRegion,
    SetDeadline, SetMilestone, SetRole,
};
use crate::server_fns::admin_sign_in::SetAccountDisabled;
use crate::server_fns::review::SetReviewPolicy;
use crate::text::region_name;
use leptos::either::EitherOf4;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Meta;
use summit::{Region, Role};

#[component]
pub fn AdminPage() -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new_blocking(
        move || i18n.get_locale().as_str().to_owned(),
        admin_overview,
    );
    view! {
        <Title text=move || format!("{} — {}", t_string!(i18n, admin.title), t_string!(i18n, site.name)) />
        <Meta name="robots" content="noindex" />
        <h1>{move || t_string!(i18n, admin.title)}</h1>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(data) => EitherOf4::A(view! { <AdminConsole data locale=page_locale() /> }),
                    Err(AppError::SignInRequired) => EitherOf4::B(view! { <SignInFirst /> }),
                    Err(AppError::Forbidden) => EitherOf4::C(view! { <ErrorMessage error=AppError::Forbidden /> }),
                    Err(error) => EitherOf4::D(view! { <ErrorMessage error /> }),
                }
            })}
        </Suspense>
    }
}

/// Every form of the page, an island: it starts from what the server
/// rendered and fetches the overview again after each change.
#[island(lazy)]
fn AdminConsole(data: AdminData, locale: Locale) -> impl IntoView {
    let i18n = island_i18n(locale);
    let forms = Forms {
        create_user: ServerAction::<CreateUser>::new(),
        set_role: ServerAction::<SetRole>::new(),
        add_theme: ServerAction::<AddTheme>::new(),
        set_briefing: ServerAction::<SetBriefing>::new(),
        set_region: ServerAction::<SetCountryRegion>::new(),
        set_name: ServerAction::<SetCountryName>::new(),
        set_milestone: ServerAction::<SetMilestone>::new(),
        set_deadline: ServerAction::<SetDeadline>::new(),
        set_review: ServerAction::<SetReviewPolicy>::new(),
        set_disabled: ServerAction::<SetAccountDisabled>::new(),
        sign_in: crate::pages::admin_sign_in::SignInActions::new(),
    };
    let data = RwSignal::new(data);
    Effect::watch(
        move || {
            forms.create_user.version().get()
                + forms.set_role.version().get()
                + forms.add_theme.version().get()
                + forms.set_briefing.version().get()
                + forms.set_milestone.version().get()
                + forms.set_deadline.version().get()
                + forms.set_review.version().get()
                + forms.set_disabled.version().get()
                + forms.sign_in.version()
        },
        move |_, _, _| {
            let lang = i18n.get_locale_untracked().as_str().to_owned();
            leptos::task::spawn_local(async move {
                if let Ok(fresh) = admin_overview(lang).await {
                    data.set(fresh);
                }
            });
        },
        false,
    );
    move || view! { <Admin data=data.get() forms /> }
}

#[derive(Clone, Copy)]
struct Forms {
    create_user: ServerAction<CreateUser>,
    set_role: ServerAction<SetRole>,
    add_theme: ServerAction<AddTheme>,
    set_briefing: ServerAction<SetBriefing>,
    set_region: ServerAction<SetCountryRegion>,
    set_name: ServerAction<SetCountryName>,
    set_milestone: ServerAction<SetMilestone>,
    set_deadline: ServerAction<SetDeadline>,
    set_review: ServerAction<SetReviewPolicy>,
    set_disabled: ServerAction<SetAccountDisabled>,
    sign_in: crate::pages::admin_sign_in::SignInActions,
}

/// A "saved" line once the action's last call succeeded.
fn saved_line<I: Send + Sync + 'static, T: Clone + Send + Sync + 'static>(
    i18n: leptos_i18n::I18nContext<Locale>,
    action: Action<I, Result<T, AppError>>,
) -> impl IntoView {
    move || {
        matches!(action.value().get(), Some(Ok(_)))
            .then(|| view! { <p class="success" role="status">{t_string!(i18n, admin.saved)}</p> })
    }
}

#[component]
fn Admin(data: AdminData, forms: Forms) -> impl IntoView {
    let i18n = use_i18n();
    let AdminData {
        users,
        themes,
        briefings,
        milestones,
        deadlines,
        review,
        outbox,
        sign_in,
    } = data;
    let sending = outbox.sending;
    let user_rows = users
        .into_iter()
        .map(|user| view! { <UserRow user forms /> })
        .collect_view();
    let create_error = action_error(*forms.create_user);
    let theme_error = action_error(*forms.add_theme);
    let region_error = action_error(*forms.set_region);
    let theme_list = themes
        .into_iter()
        .map(|(slug, name)| view! { <li><span>{name}</span> " " <code>{slug}</code></li> })
        .collect_view();
    let briefing_forms = briefings
        .into_iter()
        .map(|b| {
            let id = format!("briefing-{}", b.region.slug());
            let name_id = format!("{id}-name");
            let labelled_by = name_id.clone();
            let region = b.region;
            view! {
                <ActionForm action=forms.set_briefing attr:class="form inline" attr:aria-labelledby=labelled_by>
                    <input type="hidden" name="region" value=region.slug() />
                    <p class="form-title" id=name_id>{move || region_name(i18n, region)}</p>
                    <div class="field">
                        <label for=format!("{id}-date")>{move || t_string!(i18n, admin.date)}</label>
                        <input id=format!("{id}-date") name="date" type="date" value=b.date required=true />
                    </div>
                    <div class="field">
                        <label for=format!("{id}-participants")>{move || t_string!(i18n, admin.participants)}</label>
                        <input id=format!("{id}-participants") name="participants" type="text" inputmode="numeric"
                            value=b.participants aria-describedby="participants-hint" />
                    </div>
                    <button type="submit" class="button">{move || t_string!(i18n, admin.save)}</button>
                </ActionForm>
            }
        })
        .collect_view();
    let deadline_section = view! {
        <DeadlinesSection deadlines milestones=milestones.clone() action=forms.set_deadline />
        <ReviewPolicySection policy=review action=forms.set_review />
        <crate::pages::admin_mail::OutboxSection status=outbox />
    };
    let sign_in_section =
        view! { <crate::pages::admin_sign_in::SignInSection data=sign_in actions=forms.sign_in /> };
    let milestone_forms = milestones
        .into_iter()
        .map(|m| view! { <MilestoneForm entry=m action=forms.set_milestone /> })
        .collect_view();
    view! {
        <section class="card" aria-labelledby="users-heading">
            <h2 id="users-heading">{move || t_string!(i18n, admin.users)}</h2>
            {saved_line(i18n, *forms.set_role)}
            <FormError error=action_error(*forms.set_role) />
            <FormError error=action_error(*forms.set_disabled) />
            <ScrollBox>
                <table>
                    <thead><tr>
                        <th scope="col">{move || t_string!(i18n, admin.name)}</th>
                        <th scope="col">{move || t_string!(i18n, auth.email)}</th>
                        <th scope="col">{move || t_string!(i18n, account.scope)}</th>
                        <th scope="col">{move || t_string!(i18n, admin.change_scope)}</th>
                        <th scope="col">{move || t_string!(i18n, admin.access)}</th>
                    </tr></thead>
                    <tbody>{user_rows}</tbody>
                </table>
            </ScrollBox>
            <h3 id="new-user-heading">{move || t_string!(i18n, admin.new_user)}</h3>
            {saved_line(i18n, *forms.create_user)}
            <ActionForm action=forms.create_user attr:class="form" attr:aria-labelledby="new-user-heading" attr:novalidate=true>
                <FormError error=create_error />
                <div class="field">
                    <label for="new-email">{move || t_string!(i18n, auth.email)}</label>
                    <input id="new-email" name="email" type="email" autocomplete="off" required=true aria-describedby="new-email-errors" />
                    <FieldErrors error=create_error field="email" id="new-email-errors" />
                </div>
                <div class="field">
                    <label for="new-name">{move || t_string!(i18n, admin.name)}</label>
                    <input id="new-name" name="name" type="text" required=true aria-describedby="new-name-errors" />
                    <FieldErrors error=create_error field="name" id="new-name-errors" />
                </div>
                <div class="field">
                    <label for="new-role">{move || t_string!(i18n, account.role)}</label>
                    <RoleSelect id="new-role".into() selected=Role::Editor />
                </div>
                <div class="field">
                    <label for="new-region">{move || t_string!(i18n, admin.region)}</label>
                    <RegionSelect name="region" id="new-region".into() all=Some(false) />
                </div>
                <div class="field">
                    <label for="new-countries">{move || t_string!(i18n, admin.countries)}</label>
                    <input id="new-countries" name="countries" type="text" dir="ltr" aria-describedby="new-countries-errors" />
                    <FieldErrors error=create_error field="choice" id="new-countries-errors" />
                </div>
                {sending.then(|| view! {
                    <div class="field checkbox">
                        <input id="new-invite" name="invite" type="checkbox" value="on" aria-describedby="new-invite-hint" />
                        <label for="new-invite">{move || t_string!(i18n, admin.invite)}</label>
                        <p class="hint" id="new-invite-hint">{move || t_string!(i18n, admin.invite_hint)}</p>
                    </div>
                })}
                <div class="field">
                    <label for="new-password">{move || t_string!(i18n, auth.password)}</label>
                    <input id="new-password" name="password" type="password" autocomplete="new-password"
                        aria-describedby="new-password-hint new-password-errors" />
                    <p class="hint" id="new-password-hint">{move || t_string!(i18n, account.password_hint)}</p>
                    <FieldErrors error=create_error field="new_password" id="new-password-errors" />
                </div>
                <button type="submit" class="button primary">{move || t_string!(i18n, admin.create)}</button>
            </ActionForm>
        </section>
        {sign_in_section}
        <section class="card" aria-labelledby="themes-heading">
            <h2 id="themes-heading">{move || t_string!(i18n, admin.themes)}</h2>
            <ul class="theme-list">{theme_list}</ul>
            {saved_line(i18n, *forms.add_theme)}
            <ActionForm action=forms.add_theme attr:class="form" attr:aria-labelledby="themes-heading" attr:novalidate=true>
                <FormError error=theme_error />
                <div class="field">
                    <label for="theme-slug">{move || t_string!(i18n, admin.theme_slug)}</label>
                    <input id="theme-slug" name="slug" type="text" dir="ltr" required=true pattern="[a-z0-9-]+"
                        aria-describedby="theme-slug-errors" />
                    <FieldErrors error=theme_error field="slug" id="theme-slug-errors" />
                </div>
                {summit::Language::ALL.into_iter().map(|l| {
                    let id = format!("theme-name-{}", l.code());
                    view! {
                        <div class="field">
                            <label for=id.clone()>{move || t_string!(i18n, admin.theme_name)} " (" <span lang=l.code()>{l.endonym()}</span> ")"</label>
                            <input id=id name=format!("name_{}", l.code()) type="text" lang=l.code()
                                required=l == summit::Language::En />
                        </div>
                    }
                }).collect_view()}
                <button type="submit" class="button primary">{move || t_string!(i18n, admin.add_theme)}</button>
            </ActionForm>
        </section>
        <section class="card" aria-labelledby="briefings-admin-heading">
            <h2 id="briefings-admin-heading">{move || t_string!(i18n, briefings.heading)}</h2>
            <p class="hint" id="participants-hint">{move || t_string!(i18n, admin.participants_hint)}</p>
            {saved_line(i18n, *forms.set_briefing)}
            <FormError error=action_error(*forms.set_briefing) />
            {briefing_forms}
        </section>
        <section class="card" aria-labelledby="regions-admin-heading">
            <h2 id="regions-admin-heading">{move || t_string!(i18n, admin.country_regions)}</h2>
            {saved_line(i18n, *forms.set_region)}
            <ActionForm action=forms.set_region attr:class="form inline" attr:aria-labelledby="regions-admin-heading">
                <FormError error=region_error />
                <div class="field">
                    <label for="move-code">{move || t_string!(i18n, admin.country_code)}</label>
                    <input id="move-code" name="code" type="text" dir="ltr" maxlength="3" required=true size="4" />
                </div>
                <div class="field">
                    <label for="move-region">{move || t_string!(i18n, admin.region)}</label>
                    <RegionSelect name="region" id="move-region".into() />
                </div>
                <button type="submit" class="button">{move || t_string!(i18n, admin.save)}</button>
            </ActionForm>
        </section>
        <CountryNameForm action=forms.set_name />
        {deadline_section}
        <section class="card" aria-labelledby="milestones-admin-heading">
            <h2 id="milestones-admin-heading">{move || t_string!(i18n, milestones.title)}</h2>
            <p class="hint">{move || t_string!(i18n, admin.schedule_hint)}</p>
            {saved_line(i18n, *forms.set_milestone)}
            <FormError error=action_error(*forms.set_milestone) />
            {milestone_forms}
        </section>
    }
}

#[component]
fn UserRow(user: Account, forms: Forms) -> impl IntoView {
    let i18n = use_i18n();
    let id = format!("user-{}", user.id);
    let every_region = user.scope.regions.len() == Region::ALL.len();
    let region = user
        .scope
        .regions
        .first()
        .copied()
        .filter(|_| !every_region);
    let countries = user
        .scope
        .countries
        .iter()
        .map(|c| c.to_string())
        .collect::<Vec<_>>()
        .join(" ");
    let scope = {
        let user = user.clone();
        move || scope_text(i18n, &user)
    };
    view! {
        <tr>
            <td>{user.name.clone()}</td>
            <td>{user.email.clone()}</td>
            <td>{scope}</td>
            <td>
                <ActionForm action=forms.set_role attr:class="form inline compact">
                    <input type="hidden" name="id" value=user.id />
                    <label class="visually-hidden" for=format!("{id}-role")>{move || t_string!(i18n, account.role)}</label>
                    <RoleSelect id=format!("{id}-role") selected=user.role />
                    <label class="visually-hidden" for=format!("{id}-region")>{move || t_string!(i18n, admin.region)}</label>
                    <RegionSelect name="region" id=format!("{id}-region") selected=region all=Some(every_region) />
                    <label class="visually-hidden" for=format!("{id}-countries")>{move || t_string!(i18n, admin.countries)}</label>
                    <input id=format!("{id}-countries") name="countries" type="text" dir="ltr" size="10" value=countries />
                    <button type="submit" class="button small">{move || t_string!(i18n, admin.save)}</button>
                </ActionForm>
            </td>
            <td>
                {user.disabled.then(|| view! { <span class="badge">{move || t_string!(i18n, admin.disabled)}</span> " " })}
                <ActionForm action=forms.set_disabled attr:class="form inline compact">
                    <input type="hidden" name="id" value=user.id />
                    <input type="hidden" name="disabled" value=if user.disabled { "false" } else { "true" } />
                    <button type="submit" class="button small">{move || if user.disabled {
                        t_string!(i18n, admin.enable)
                    } else {
                        t_string!(i18n, admin.disable)
                    }}</button>
                </ActionForm>
            </td>
        </tr>
    }
}

#[component]
fn MilestoneForm(entry: MilestoneFields, action: ServerAction<SetMilestone>) -> impl IntoView {
    let i18n = use_i18n();
    let MilestoneFields {
        slug,
        title,
        description,
        source,
        start,
        end,
        zone,
    } = entry;
    let id = format!("milestone-{slug}");
    view! {
        <details class="milestone-edit">
            <summary>{title.clone()}</summary>
            <ActionForm action attr:class="form">
                <input type="hidden" name="lang" value=move || i18n.get_locale().as_str() />
                <input type="hidden" name="slug" value=slug />
                <div class="field">
                    <label for=format!("{id}-title")>{move || t_string!(i18n, admin.title_field)}</label>
                    <input id=format!("{id}-title") name="title" type="text" value=title required=true />
                </div>
                <div class="field">
                    <label for=format!("{id}-description")>{move || t_string!(i18n, admin.description)}</label>
                    <textarea id=format!("{id}-description") name="description" rows="3">{crate::components::escaped::rcdata(&description)}</textarea>
                </div>
                <div class="field">
                    <label for=format!("{id}-start")>{move || t_string!(i18n, admin.start)}</label>
                    <input id=format!("{id}-start") name="start" type="text" dir="ltr" value=start required=true />
                </div>
                <div class="field">
                    <label for=format!("{id}-end")>{move || t_string!(i18n, admin.end)}</label>
                    <input id=format!("{id}-end") name="end" type="text" dir="ltr" value=end />
                </div>
                <div class="field">
                    <label for=format!("{id}-zone")>{move || t_string!(i18n, admin.zone)}</label>
                    <input id=format!("{id}-zone") name="zone" type="text" dir="ltr" value=zone required=true />
                </div>
                <div class="field">
                    <label for=format!("{id}-source")>{move || t_string!(i18n, admin.source)}</label>
                    <input id=format!("{id}-source") name="source" type="text" value=source />
                </div>
                <button type="submit" class="button">{move || t_string!(i18n, admin.save)}</button>
            </ActionForm>
        </details>
    }
}
