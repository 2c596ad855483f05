//! The edit form signed-in editors get for the actions they may change:
//! plain HTML, rendered on the server, and no wasm at all.
//!
//! - Each row's "Edit" button opens its action's form as a popover
//!   (`popovertarget`: no script, and it works offline).
//! - The form posts to the page it is on (`server::http::edit_form`). A save
//!   answers with that page again at `?saved={kind}`; a refused edit answers
//!   the page itself with the form open on what was typed, its problems under
//!   their fields, and after a conflict the version saved meanwhile beside it
//!   ([`EditAttempt`]). Nothing typed is lost either way.
//! - What HTML cannot do is in `public/app.js`: a form sent while offline is
//!   kept on the device (with the version it started from) and sent later.
//!   It reads the form's `data-edit` and `data-label`.

use super::updated_text;
use crate::components::error::{FieldErrors, FormError};
// tachys writes a textarea's text unescaped: `rcdata` escapes it.
use crate::components::escaped::rcdata;
use crate::error::AppError;
use crate::error::EditAttempt;
use crate::i18n::*;
use crate::model::{ActionEntry, ActionTarget, Proposal};
use crate::text::{action_name, status_name};
use leptos::prelude::*;
use summit::Status;

/// What one form starts from: the action as stored, or what was typed in a
/// post the server refused.
struct Draft {
    version: i64,
    status: String,
    themes: Vec<String>,
    evidence: String,
    note: String,
    error: Option<AppError>,
}

impl Draft {
    fn new(action: &ActionEntry, attempt: Option<&EditAttempt>, own: Option<&Proposal>) -> Draft {
        let Some(attempt) = attempt else {
            if let Some(own) = own {
                // The author's open proposal, to revise: against the
                // action's version now (revising takes the current one).
                let patch = &own.patch;
                return Draft {
                    version: action.version,
                    status: patch
                        .status
                        .clone()
                        .unwrap_or_else(|| action.status.slug().to_owned()),
                    themes: patch.themes.clone().unwrap_or_else(|| {
                        action.themes.iter().map(|(slug, _)| slug.clone()).collect()
                    }),
                    evidence: patch
                        .evidence
                        .clone()
                        .unwrap_or_else(|| action.evidence.clone())
                        .join("\n"),
                    note: patch.note.clone().unwrap_or_else(|| action.note.clone()),
                    error: None,
                };
            }
            return Draft {
                version: action.version,
                status: action.status.slug().to_owned(),
                themes: action.themes.iter().map(|(slug, _)| slug.clone()).collect(),
                evidence: action.evidence.join("\n"),
                note: action.note.clone(),
                error: None,
            };
        };
        let patch = &attempt.draft.patch;
        Draft {
            version: attempt.draft.version,
            status: patch
                .status
                .clone()
                .unwrap_or_else(|| action.status.slug().to_owned()),
            themes: patch.themes.clone().unwrap_or_default(),
            evidence: patch.evidence.clone().unwrap_or_default().join("\n"),
            note: patch.note.clone().unwrap_or_default(),
            error: Some(attempt.error.clone()),
        }
    }
}

/// The edit form of one action. It has no `action`: it posts to the
/// address of the page it is on, query included, so one form's HTML fits
/// every address of the page and is reused (`components::reused`).
///
/// With an `attempt` (a refused post) it is rendered open in the page, and
/// "cancel" leads to `address` (the page without the post); otherwise it is
/// a closed popover.
#[component]
pub(super) fn ActionEditor(
    target: ActionTarget,
    action: ActionEntry,
    themes: Vec<(String, String)>,
    attempt: Option<EditAttempt>,
    /// The country's or region's name, for the list of edits made offline.
    owner: String,
    address: String,
    /// Saving makes a proposal (review before publishing holds it).
    held: bool,
    /// The viewer's own open proposal of this action, which the form
    /// starts from.
    own: Option<Proposal>,
) -> impl IntoView {
    let i18n = use_i18n();
    let kind = action.kind;
    let open = attempt.is_some();
    let draft = Draft::new(&action, attempt.as_ref(), own.as_ref());
    let held_hint = held.then(|| {
        view! { <p class="hint review-held" data-testid="held-hint">{move || t_string!(i18n, review.held_hint)}</p> }
    });
    let error = Signal::stored(draft.error.clone());
    let id = move |field: &str| format!("{}-{field}", kind.slug());
    // What `public/app.js` needs to keep this edit offline, as the JSON the
    // edit function takes (`server_fns::editing::update_action`).
    let offline = serde_json::json!({
        "lang": i18n.get_locale_untracked().as_str(),
        "target": target,
        "kind": kind,
    })
    .to_string();
    let label = format!("{} — {owner}", action_name(i18n, kind));
    let status_options = Status::ALL
        .into_iter()
        .map(|s| {
            view! { <option value=s.slug() selected=draft.status == s.slug()>{move || status_name(i18n, s)}</option> }
        })
        .collect_view();
    let theme_boxes = themes
        .into_iter()
        .map(|(slug, name)| {
            let input_id = format!("{}-theme-{slug}", kind.slug());
            let checked = draft.themes.contains(&slug);
            view! {
                <li>
                    <input type="checkbox" id=input_id.clone() name="themes" value=slug checked=checked />
                    <label for=input_id>{name}</label>
                </li>
            }
        })
        .collect_view();
    let theirs = match &draft.error {
        Some(AppError::Conflict(theirs)) => Some((**theirs).clone()),
        _ => None,
    };
    let cancel = if open {
        // Rendered open: "cancel" is the page without the refused post.
        leptos::either::Either::Left(view! {
            <a class="button" href=address.clone()>{move || t_string!(i18n, edit.cancel)}</a>
        })
    } else {
        leptos::either::Either::Right(view! {
            <button type="button" class="button" popovertarget=format!("edit-{}", kind.slug())
                popovertargetaction="hide">
                {move || t_string!(i18n, edit.cancel)}
            </button>
        })
    };
    view! {
        <form class="form editor card" id=format!("edit-{}", kind.slug()) method="post"
            popover=(!open).then_some("auto") novalidate=true aria-labelledby=id("heading")
            data-edit=offline data-label=label>
            <h3 id=id("heading")>
                {move || t_string!(i18n, edit.heading, action = action_name(i18n, kind)).to_string()}
            </h3>
            {held_hint}
            <FormError error />
            {theirs.map(|theirs| view! { <TheirVersion theirs /> })}
            <input type="hidden" name="kind" value=kind.slug() />
            <input type="hidden" name="version" value=draft.version />
            <div class="field">
                <label for=id("status")>{move || t_string!(i18n, country.status)}</label>
                <select id=id("status") name="status" aria-describedby=id("status-errors")>
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
                    aria-describedby=format!("{} {}", id("evidence-hint"), id("evidence-errors"))>
                    {rcdata(&draft.evidence)}
                </textarea>
                <p class="hint" id=id("evidence-hint")>{move || t_string!(i18n, edit.evidence_hint)}</p>
                <FieldErrors error field="evidence" id=id("evidence-errors") />
            </div>
            <div class="field">
                <label for=id("note")>{move || t_string!(i18n, country.note)}</label>
                <textarea id=id("note") name="note" rows="4" maxlength="2000"
                    aria-describedby=format!("{} {}", id("note-hint"), id("note-errors"))>
                    {rcdata(&draft.note)}
                </textarea>
                <p class="hint" id=id("note-hint")>{move || t_string!(i18n, edit.note_hint)}</p>
                <FieldErrors error field="note" id=id("note-errors") />
            </div>
            <p class="hint">{move || t_string!(i18n, edit.based_on, version = draft.version).to_string()}</p>
            <div class="buttons">
                <button type="submit" class="button primary">{move || t_string!(i18n, edit.save)}</button>
                {cancel}
            </div>
        </form>
    }
}

/// The version someone else saved while this form was open, and a button
/// that saves what was typed over it.
#[component]
fn TheirVersion(theirs: ActionEntry) -> impl IntoView {
    let i18n = use_i18n();
    let version = theirs.version;
    let status = theirs.status;
    let who = updated_text(&theirs).unwrap_or_default();
    let themes = theirs
        .themes
        .iter()
        .map(|(_, name)| name.clone())
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
            // Sends the form with their version as the base: the entries
            // above are saved over it, knowingly.
            <button type="submit" class="button" name="rebase" value=version>
                {move || t_string!(i18n, edit.use_theirs)}
            </button>
        </div>
    }
}
