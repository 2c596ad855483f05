//! The edit form signed-in editors get for the actions they may change: a
//! lazy island (its own wasm chunk), with the other person's version shown
//! side by side after a conflict.

use super::{actions_table, updated_text};
use crate::components::error::{action_error, FieldErrors, FormError};
use crate::components::island::{interactive, island_i18n};
use crate::error::AppError;
use crate::i18n::*;
use crate::model::{ActionEdit, ActionEntry, ActionTarget};
use crate::server_fns::editing::UpdateAction;
use crate::text::{action_name, status_name};
use leptos::prelude::*;
use summit::{ActionKind, ActionPatch, Status};

/// The table with its "Edit" buttons and the edit form they open: an island,
/// loaded only on pages where the signed-in account may edit.
#[island(lazy)]
pub(super) fn ActionsEditor(
    target: ActionTarget,
    actions: Vec<ActionEntry>,
    themes: Vec<(String, String)>,
    heading_id: String,
    owner: String,
    locale: Locale,
) -> impl IntoView {
    let i18n = island_i18n(locale);
    let editing = RwSignal::new(None::<ActionKind>);
    let queued = RwSignal::new(false);
    let table = actions_table(i18n, &actions, &heading_id, Some((editing, interactive())));
    let editor = move || {
        let kind = editing.get()?;
        let action = actions.iter().find(|a| a.kind == kind)?.clone();
        Some(view! {
            <ActionEditor target action themes=themes.clone() queued owner=owner.clone()
                anchor=heading_id.clone() on_close=Callback::new(move |_| editing.set(None)) />
        })
    };
    let queued_note = move || {
        queued
            .get()
            .then(|| view! { <p class="success" role="status">{t_string!(i18n, edit.queued)}</p> })
    };
    view! {
        {queued_note}
        {table}
        {editor}
    }
}

/// The edit form for one action. It sends the version it was opened with; if
/// someone saved in between, their version is shown and nothing is lost.
#[component]
fn ActionEditor(
    target: ActionTarget,
    action: ActionEntry,
    themes: Vec<(String, String)>,
    /// Set when the edit was kept on this device for later (offline).
    queued: RwSignal<bool>,
    owner: String,
    /// Where the page scrolls to after a save.
    anchor: String,
    on_close: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let kind = action.kind;
    let base_version = RwSignal::new(action.version);
    let status = RwSignal::new(action.status.slug().to_owned());
    let chosen = RwSignal::new(
        action
            .themes
            .iter()
            .map(|(slug, _)| slug.clone())
            .collect::<Vec<_>>(),
    );
    let evidence = RwSignal::new(action.evidence.join("\n"));
    let note = RwSignal::new(action.note.clone());
    let save = ServerAction::<UpdateAction>::new();
    // What was sent last, to queue it if the network was down.
    let last_sent = StoredValue::new(None::<UpdateAction>);
    let error = action_error(*save);
    let pending = save.pending();
    // A successful save loads the page again; one that could not reach the
    // server is queued on this device with its base version.
    Effect::new(move |_| match save.value().get() {
        Some(Ok(entry)) => {
            on_close.run(());
            browser::load(&entry.kind, &anchor);
        }
        Some(Err(AppError::Communication)) => {
            let Some(input) = last_sent.get_value() else {
                return;
            };
            let body = serde_json::json!({ "lang": input.lang, "edit": input.edit }).to_string();
            let label = format!("{} — {}", action_name(i18n, kind), owner);
            if crate::components::pwa::queue_offline(&body, &label, &browser::path()) {
                queued.set(true);
                on_close.run(());
            }
        }
        _ => {}
    });
    let id = move |field: &str| format!("{}-{field}", kind.slug());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let edit = ActionEdit {
            target,
            kind,
            version: base_version.get_untracked(),
            patch: ActionPatch {
                status: Some(status.get_untracked()),
                themes: Some(chosen.get_untracked()),
                evidence: Some(
                    evidence
                        .get_untracked()
                        .lines()
                        .map(str::trim)
                        .filter(|l| !l.is_empty())
                        .map(str::to_owned)
                        .collect(),
                ),
                note: Some(note.get_untracked()),
            },
        };
        let input = UpdateAction {
            lang: i18n.get_locale_untracked().as_str().to_owned(),
            edit,
        };
        last_sent.set_value(Some(input.clone()));
        queued.set(false);
        save.dispatch(input);
    };
    let status_options = Status::ALL
        .into_iter()
        .map(|s| view! { <option value=s.slug() selected=move || status.get() == s.slug()>{move || status_name(i18n, s)}</option> })
        .collect_view();
    let theme_boxes = themes
        .into_iter()
        .map(|(slug, name)| {
            let input_id = format!("{}-theme-{slug}", kind.slug());
            let checked = {
                let slug = slug.clone();
                move || chosen.with(|c| c.contains(&slug))
            };
            let toggle = {
                let slug = slug.clone();
                move |ev: leptos::ev::Event| {
                    let on = event_target_checked(&ev);
                    chosen.update(|c| {
                        c.retain(|s| *s != slug);
                        if on {
                            c.push(slug.clone());
                        }
                    });
                }
            };
            view! {
                <li>
                    <input type="checkbox" id=input_id.clone() value=slug.clone() prop:checked=checked on:change=toggle />
                    <label for=input_id>{name}</label>
                </li>
            }
        })
        .collect_view();
    let conflict = move || match save.value().get() {
        Some(Err(AppError::Conflict(theirs))) => Some(*theirs),
        _ => None,
    };
    view! {
        <form class="form editor card" id=format!("edit-{}", kind.slug()) on:submit=submit novalidate=true
            aria-labelledby=id("heading")>
            <h3 id=id("heading")>
                {move || t_string!(i18n, edit.heading, action = action_name(i18n, kind)).to_string()}
            </h3>
            <FormError error />
            {move || conflict().map(|theirs| view! { <TheirVersion theirs base_version /> })}
            <div class="field">
                <label for=id("status")>{move || t_string!(i18n, country.status)}</label>
                <select id=id("status") name="status" aria-describedby=id("status-errors")
                    on:change=move |ev| status.set(event_target_value(&ev))>
                    {status_options}
                </select>
                <FieldErrors error field="status" id=id("status-errors") />
            </div>
            <fieldset class="field">
                <legend>{move || t_string!(i18n, country.themes)}</legend>
                <ul class="checkboxes">{theme_boxes}</ul>
                <FieldErrors error field="themes" id=id("themes-errors") />
            </fieldset>
            <div class="field">
                <label for=id("evidence")>{move || t_string!(i18n, edit.evidence)}</label>
                <textarea id=id("evidence") name="evidence" rows="3" dir="ltr"
                    aria-describedby=format!("{} {}", id("evidence-hint"), id("evidence-errors"))
                    prop:value=move || evidence.get()
                    on:input=move |ev| evidence.set(event_target_value(&ev))>
                </textarea>
                <p class="hint" id=id("evidence-hint")>{move || t_string!(i18n, edit.evidence_hint)}</p>
                <FieldErrors error field="evidence" id=id("evidence-errors") />
            </div>
            <div class="field">
                <label for=id("note")>{move || t_string!(i18n, country.note)}</label>
                <textarea id=id("note") name="note" rows="4" maxlength="2000"
                    aria-describedby=format!("{} {}", id("note-hint"), id("note-errors"))
                    prop:value=move || note.get()
                    on:input=move |ev| note.set(event_target_value(&ev))>
                </textarea>
                <p class="hint" id=id("note-hint")>{move || t_string!(i18n, edit.note_hint)}</p>
                <FieldErrors error field="note" id=id("note-errors") />
            </div>
            <p class="hint">{move || t_string!(i18n, edit.based_on, version = base_version.get()).to_string()}</p>
            <div class="buttons">
                <button type="submit" class="button primary" disabled=move || pending.get()>
                    {move || if pending.get() { t_string!(i18n, edit.saving) } else { t_string!(i18n, edit.save) }}
                </button>
                <button type="button" class="button" on:click=move |_| on_close.run(())>
                    {move || t_string!(i18n, edit.cancel)}
                </button>
            </div>
        </form>
    }
}

/// The version someone else saved while this form was open, and a way to
/// carry on from it.
#[component]
fn TheirVersion(theirs: ActionEntry, base_version: RwSignal<i64>) -> impl IntoView {
    let i18n = use_i18n();
    let version = theirs.version;
    let status = theirs.status;
    let who = updated_text(&theirs).unwrap_or_default();
    let themes = theirs
        .themes
        .iter()
        .map(|(slug, _)| slug.clone())
        .collect::<Vec<_>>()
        .join(", ");
    view! {
        <div class="conflict" data-testid="conflict">
            <h4>{move || t_string!(i18n, edit.their_version, version = version).to_string()}</h4>
            <dl class="facts">
                <dt>{move || t_string!(i18n, country.updated)}</dt>
                <dd>{who}</dd>
                <dt>{move || t_string!(i18n, country.status)}</dt>
                <dd>{move || status_name(i18n, status)}</dd>
                <dt>{move || t_string!(i18n, country.themes)}</dt>
                <dd>{themes}</dd>
                <dt>{move || t_string!(i18n, country.evidence)}</dt>
                <dd class="note-text">{theirs.evidence.join("\n")}</dd>
                <dt>{move || t_string!(i18n, country.note)}</dt>
                <dd class="note-text">{theirs.note.clone()}</dd>
            </dl>
            <button type="button" class="button" on:click=move |_| base_version.set(version)>
                {move || t_string!(i18n, edit.use_theirs)}
            </button>
        </div>
    }
}

/// The page's address in the browser; nothing to do on the server, where
/// effects never run.
mod browser {
    #[cfg(feature = "hydrate")]
    pub fn path() -> String {
        leptos::prelude::window()
            .location()
            .pathname()
            .unwrap_or_default()
    }

    #[cfg(not(feature = "hydrate"))]
    pub fn path() -> String {
        String::new()
    }

    /// Loads this page again after a save of `kind`.
    #[cfg(feature = "hydrate")]
    pub fn load(kind: &summit::ActionKind, anchor: &str) {
        let location = leptos::prelude::window().location();
        let search = location.search().unwrap_or_default();
        let to = super::super::saved_address(&path(), &search, kind.slug(), anchor);
        // The same address again would only scroll to the fragment.
        if to.split('#').next() == Some(&format!("{}{search}", path())) {
            let _ = location.reload();
        } else {
            let _ = location.replace(&to);
        }
    }

    #[cfg(not(feature = "hydrate"))]
    pub fn load(_kind: &summit::ActionKind, _anchor: &str) {}
}
