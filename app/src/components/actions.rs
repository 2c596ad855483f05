//! A country's or a region's follow-up actions: the table everyone reads,
//! the edit form signed-in editors get for what they may change, and the
//! history of every change.

use crate::components::error::{action_error, FieldErrors, FormError};
use crate::components::island::{interactive, island_i18n, page_locale};
use crate::error::AppError;
use crate::i18n::*;
use crate::model::ActionEdit;
use crate::model::{ActionEntry, ActionTarget, HistoryEntry};
use crate::server_fns::editing::UpdateAction;
use crate::text::{action_name, status_name};
use leptos::either::Either;
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use summit::{ActionKind, ActionPatch, Status};

/// When an action was last changed, by whom: "Amina K. · 2026-11-02 14:05 UTC".
fn updated_text(action: &ActionEntry) -> Option<String> {
    match (&action.updated_by, &action.updated_at) {
        (Some(by), Some(at)) => Some(format!("{by} · {}", short_time(at))),
        _ => None,
    }
}

/// `2026-11-02T14:05:09.123Z` → `2026-11-02 14:05 UTC`.
pub fn short_time(rfc3339: &str) -> String {
    match rfc3339.get(..16) {
        Some(prefix) if rfc3339.ends_with('Z') => format!("{} UTC", prefix.replace('T', " ")),
        _ => rfc3339.to_owned(),
    }
}

/// The actions' table, the editor (an island, for people who may edit) and
/// the history. A save loads the page again with `?saved={kind}`, so
/// everything on it (the table, the history, roll-ups, the map) shows the
/// new state; the note saying so is rendered here from that parameter.
#[component]
pub fn ActionsPanel(
    target: ActionTarget,
    actions: Vec<ActionEntry>,
    themes: Vec<(String, String)>,
    history: Vec<HistoryEntry>,
    /// Whether the signed-in account may edit these actions.
    can_edit: bool,
    heading_id: &'static str,
    /// The country's or region's name, for the list of edits made offline.
    owner: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let saved = leptos_router::hooks::use_query_map()
        .with_untracked(|q| q.get("saved"))
        .and_then(|slug| ActionKind::parse(&slug))
        .and_then(|kind| actions.iter().find(|a| a.kind == kind))
        .map(|a| (a.kind, a.version));
    let saved_note = saved.map(|(kind, version)| {
        view! {
            <p class="success" role="status">
                {move || t_string!(i18n, edit.saved, action = action_name(i18n, kind), version = version).to_string()}
            </p>
        }
    });
    let table = if can_edit {
        leptos::either::Either::Left(view! {
            <ActionsEditor target actions themes heading_id=heading_id.to_owned() owner locale=page_locale() />
        })
    } else {
        leptos::either::Either::Right(actions_table(i18n, &actions, heading_id, None))
    };
    view! {
        {saved_note}
        {table}
        <History entries=history />
    }
}

/// The table, with an "Edit" button per row when `editing` is given (with
/// whether the island is interactive yet).
fn actions_table(
    i18n: I18nContext<Locale>,
    actions: &[ActionEntry],
    heading_id: &str,
    editing: Option<(RwSignal<Option<ActionKind>>, ReadSignal<bool>)>,
) -> impl IntoView {
    let rows = actions
        .iter()
        .map(|action| {
            let kind = action.kind;
            let status = action.status;
            let theme_names = action
                .themes
                .iter()
                .map(|(_, name)| name.clone())
                .collect::<Vec<_>>()
                .join(", ");
            let evidence = action
                .evidence
                .iter()
                .map(|url| view! { <li><a href=url.clone() rel="noopener noreferrer nofollow">{url.clone()}</a></li> })
                .collect_view();
            let updated = match updated_text(action) {
                Some(text) => Either::Left(text),
                None => Either::Right(move || t_string!(i18n, country.never_updated)),
            };
            let editor_id = format!("edit-{}", kind.slug());
            let edit_button = editing.map(|(editing, ready)| {
                view! {
                    <button
                        type="button"
                        class="button small"
                        disabled=move || !ready.get()
                        aria-controls=editor_id
                        aria-expanded=move || (editing.get() == Some(kind)).to_string()
                        on:click=move |_| editing.update(|e| *e = if *e == Some(kind) { None } else { Some(kind) })
                    >
                        {move || t_string!(i18n, edit.edit)}
                        <span class="visually-hidden">" " {move || action_name(i18n, kind)}</span>
                    </button>
                }
            });
            view! {
                <tr data-kind=kind.slug()>
                    <th scope="row">{move || action_name(i18n, kind)}</th>
                    <td>
                        <span class=format!("chip status-{}", status.slug())>
                            {move || status_name(i18n, status)}
                        </span>
                    </td>
                    <td>{theme_names}</td>
                    <td><ul class="evidence">{evidence}</ul></td>
                    <td class="note-text">{action.note.clone()}</td>
                    <td class="updated">{updated}</td>
                    <td class="edit-cell">{edit_button}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-scroll" tabindex="0">
            <table class="actions" aria-labelledby=heading_id.to_owned()>
                <thead>
                    <tr>
                        <th scope="col">{move || t_string!(i18n, country.action)}</th>
                        <th scope="col">{move || t_string!(i18n, country.status)}</th>
                        <th scope="col">{move || t_string!(i18n, country.themes)}</th>
                        <th scope="col">{move || t_string!(i18n, country.evidence)}</th>
                        <th scope="col">{move || t_string!(i18n, country.note)}</th>
                        <th scope="col">{move || t_string!(i18n, country.updated)}</th>
                        <th scope="col"><span class="visually-hidden">{move || t_string!(i18n, edit.edit)}</span></th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

/// The table with its "Edit" buttons and the edit form they open: an island,
/// loaded only on pages where the signed-in account may edit.
#[island(lazy)]
fn ActionsEditor(
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

/// This page's address with `?saved={kind}` (other parameters kept) and the
/// actions' heading as the fragment, to load after a save.
pub fn saved_address(path: &str, search: &str, kind: &str, anchor: &str) -> String {
    let mut query = search
        .trim_start_matches('?')
        .split('&')
        .filter(|p| !p.is_empty() && !p.starts_with("saved="))
        .collect::<Vec<_>>()
        .join("&");
    if !query.is_empty() {
        query.push('&');
    }
    format!("{path}?{query}saved={kind}#{anchor}")
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

fn field_name(i18n: I18nContext<Locale>, field: &str) -> String {
    match field {
        "status" => t_string!(i18n, country.status),
        "themes" => t_string!(i18n, country.themes),
        "evidence" => t_string!(i18n, country.evidence),
        _ => t_string!(i18n, country.note),
    }
    .to_string()
}

/// A value in the history: statuses by name, lists joined, text as is.
fn value_text(i18n: I18nContext<Locale>, field: &str, value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(s) if field == "status" => Status::parse(s)
            .map(|s| status_name(i18n, s))
            .unwrap_or_else(|| s.clone()),
        serde_json::Value::String(s) if s.is_empty() => "—".to_owned(),
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Array(items) if items.is_empty() => "—".to_owned(),
        serde_json::Value::Array(items) => items
            .iter()
            .filter_map(|i| i.as_str())
            .collect::<Vec<_>>()
            .join(", "),
        other => other.to_string(),
    }
}

/// Every change, newest first: who, when, which action, what from what to what.
#[component]
fn History(entries: Vec<HistoryEntry>) -> impl IntoView {
    let i18n = use_i18n();
    let empty = entries.is_empty();
    let items = entries
        .into_iter()
        .map(|entry| {
            let kind = entry.kind;
            let changes = entry
                .changes
                .into_iter()
                .map(|change| {
                    let field = change.field.clone();
                    let from = change.from.clone();
                    let to = change.to.clone();
                    view! {
                        <li>
                            <span class="field-name">{let f = field.clone(); move || field_name(i18n, &f)}</span> ": "
                            <del>{let f = field.clone(); move || value_text(i18n, &f, &from)}</del>
                            " → "
                            <ins>{move || value_text(i18n, &field, &to)}</ins>
                        </li>
                    }
                })
                .collect_view();
            view! {
                <li class="history-entry">
                    <p class="history-meta">
                        <time datetime=entry.changed_at.clone()>{short_time(&entry.changed_at)}</time>
                        " · " {entry.changed_by.clone()} " · "
                        <strong>{move || action_name(i18n, kind)}</strong>
                        " · " {move || t_string!(i18n, edit.version, version = entry.version).to_string()}
                    </p>
                    <ul class="changes">{changes}</ul>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="history" aria-labelledby="history-heading">
            <h3 id="history-heading">{move || t_string!(i18n, history.title)}</h3>
            {empty.then(|| view! { <p>{move || t_string!(i18n, history.empty)}</p> })}
            <ol class="timeline">{items}</ol>
        </section>
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
        let to = super::saved_address(&path(), &search, kind.slug(), anchor);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_address_after_a_save_keeps_other_parameters() {
        assert_eq!(
            saved_address(
                "/en/countries/GHA",
                "",
                "national-strategy",
                "tracker-heading"
            ),
            "/en/countries/GHA?saved=national-strategy#tracker-heading"
        );
        assert_eq!(
            saved_address(
                "/en/regions/africa",
                "?view=progress&saved=regional-strategy",
                "regional-coordination",
                "regional-heading"
            ),
            "/en/regions/africa?view=progress&saved=regional-coordination#regional-heading"
        );
    }
}
