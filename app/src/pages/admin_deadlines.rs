//! The administration page's deadlines: the list of those set, and one form
//! that sets a kind's deadline or a country's own, before a meeting or on a
//! day in a time zone, or removes one. Part of the administration console
//! island; the rules are in `services::deadlines`.

use crate::components::error::{action_error, FieldErrors, FormError};
use crate::i18n::*;
use crate::model::{DeadlineEntry, MilestoneFields};
use crate::server_fns::admin::SetDeadline;
use crate::text::{action_name, long_date};
use leptos::form::ActionForm;
use leptos::prelude::*;
use summit::ActionKind;

#[component]
pub fn DeadlinesSection(
    deadlines: Vec<DeadlineEntry>,
    milestones: Vec<MilestoneFields>,
    action: ServerAction<SetDeadline>,
) -> impl IntoView {
    let i18n = use_i18n();
    let error = action_error(*action);
    let saved = move || {
        matches!(action.value().get(), Some(Ok(_)))
            .then(|| view! { <p class="success" role="status">{t_string!(i18n, admin.saved)}</p> })
    };
    let list = if deadlines.is_empty() {
        view! { <p>{move || t_string!(i18n, admin.deadline_none_yet)}</p> }.into_any()
    } else {
        let items = deadlines
            .into_iter()
            .map(|d| {
                let kind = d.kind;
                let date = d.date;
                let who = match d.country_name.clone() {
                    Some(name) => name,
                    None => t_string!(i18n, admin.deadline_every).to_string(),
                };
                let zone = d.zone_name.clone();
                let meeting = d.milestone.clone().map(|(_, title)| {
                    view! { " · " {move || t_string!(i18n, due.before, meeting = title.clone()).to_string()} }
                });
                let country = d.country.map(|c| c.to_string()).unwrap_or_default();
                view! {
                    <li data-kind=kind.slug()>
                        <strong>{move || action_name(i18n, kind)}</strong> " · " {who} " · "
                        {move || t_string!(i18n, due.by, date = long_date(i18n, date), zone = zone.clone()).to_string()}
                        {meeting}
                        <ActionForm action attr:class="inline-remove">
                            <input type="hidden" name="kind" value=kind.slug() />
                            <input type="hidden" name="country" value=country />
                            <input type="hidden" name="remove" value="1" />
                            <button type="submit" class="button small">
                                {move || t_string!(i18n, admin.deadline_remove)}
                                <span class="visually-hidden">" " {move || action_name(i18n, kind)}</span>
                            </button>
                        </ActionForm>
                    </li>
                }
            })
            .collect_view();
        view! { <ul class="deadline-list">{items}</ul> }.into_any()
    };
    let kinds = ActionKind::ALL
        .into_iter()
        .map(|k| view! { <option value=k.slug()>{move || action_name(i18n, k)}</option> })
        .collect_view();
    let meetings = milestones
        .into_iter()
        .map(|m| view! { <option value=m.slug>{m.title}</option> })
        .collect_view();
    view! {
        <section class="card" aria-labelledby="deadlines-admin-heading">
            <h2 id="deadlines-admin-heading">{move || t_string!(i18n, admin.deadlines)}</h2>
            <p class="hint" id="deadlines-hint">{move || t_string!(i18n, admin.deadlines_hint)}</p>
            {list}
            {saved}
            <ActionForm action attr:class="form" attr:aria-labelledby="deadlines-admin-heading" attr:novalidate=true>
                <FormError error />
                <div class="field">
                    <label for="deadline-kind">{move || t_string!(i18n, country.action)}</label>
                    <select id="deadline-kind" name="kind">{kinds}</select>
                </div>
                <div class="field">
                    <label for="deadline-country">{move || t_string!(i18n, admin.deadline_country)}</label>
                    <input id="deadline-country" name="country" type="text" dir="ltr" maxlength="3" size="4"
                        aria-describedby="deadline-country-errors" />
                    <FieldErrors error field="choice" id="deadline-country-errors" />
                </div>
                <div class="field">
                    <label for="deadline-milestone">{move || t_string!(i18n, admin.deadline_milestone)}</label>
                    <select id="deadline-milestone" name="milestone">
                        <option value="">{move || t_string!(i18n, admin.deadline_no_milestone)}</option>
                        {meetings}
                    </select>
                </div>
                <div class="field">
                    <label for="deadline-date">{move || t_string!(i18n, admin.deadline_date)}</label>
                    <input id="deadline-date" name="due_date" type="date" aria-describedby="deadline-date-errors" />
                    <FieldErrors error field="due_date" id="deadline-date-errors" />
                </div>
                <div class="field">
                    <label for="deadline-zone">{move || t_string!(i18n, admin.zone)}</label>
                    <input id="deadline-zone" name="zone" type="text" dir="ltr" placeholder="America/New_York"
                        aria-describedby="deadline-zone-errors" />
                    <FieldErrors error field="zone" id="deadline-zone-errors" />
                </div>
                <button type="submit" class="button primary">{move || t_string!(i18n, admin.deadline_set)}</button>
            </ActionForm>
        </section>
    }
}
