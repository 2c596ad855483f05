//! A country's or a region's follow-up actions: the table everyone reads,
//! the edit form signed-in editors get for what they may change, and the
//! history of every change.

mod editor;
mod history;
mod review_notices;

pub use review_notices::return_comment;

pub use history::History;

use crate::components::due::DueDetails;
use crate::components::error::ErrorMessage;
use crate::components::reused::reused;
use crate::components::scroll_box::ScrollBox;
use crate::error::EditAttempt;
use crate::i18n::*;
use crate::model::{ActionEntry, ActionTarget, HistoryEntry, ReviewContext};
use crate::text::{action_name, status_name};
use editor::ActionEditor;
use leptos::either::Either;
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use summit::ActionKind;

/// When an action was last changed, by whom: "Amina K. · 2026-11-02 14:05 UTC".
pub(super) fn updated_text(action: &ActionEntry) -> Option<String> {
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

/// Whether this request answers an edit (a `?saved=` note, a `?proposed=`
/// one after an edit held for review, a refused post): the actions panel
/// then shows something of this request's own, so the page around it is
/// rendered for it and never kept.
pub fn answers_an_edit() -> bool {
    leptos_router::hooks::use_query_map()
        .with_untracked(|q| q.get("saved").is_some() || q.get("proposed").is_some())
        || use_context::<EditAttempt>().is_some()
}

/// The actions' table, the edit forms (for people who may edit), the open
/// proposals (for their editors and reviewers) and the history. A save
/// loads the page again with `?saved={kind}`, so everything on it (the
/// table, the history, roll-ups, the map) shows the new state, or with
/// `?proposed={kind}` when review held it; the note saying so is rendered
/// here from that parameter.
#[component]
pub fn ActionsPanel(
    target: ActionTarget,
    actions: Vec<ActionEntry>,
    themes: Vec<(String, String)>,
    history: Vec<HistoryEntry>,
    /// Whether the signed-in account may edit these actions.
    can_edit: bool,
    /// The country's or region's name, for the list of edits made offline.
    owner: String,
    /// For a signed-in editor or reviewer: review before publishing here.
    #[prop(default = None)]
    review: Option<ReviewContext>,
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
    let proposed_note = leptos_router::hooks::use_query_map()
        .with_untracked(|q| q.get("proposed"))
        .and_then(|slug| ActionKind::parse(&slug))
        .map(|kind| {
            view! {
                <p class="success" role="status" data-testid="proposed-note">
                    {move || t_string!(i18n, review.sent, action = action_name(i18n, kind)).to_string()}
                </p>
            }
        });
    let review = review.unwrap_or_default();
    let notices = review_notices::notices(&review, &actions);
    let review_key = review.key();
    let heading = heading_id(target);
    let history_themes = themes.clone();
    // A refused post of this page's actions, if this request answers one.
    let here = use_context::<EditAttempt>().filter(|a| a.draft.target == target);
    // A refused edit of an action this account may not change (or that does
    // not exist) has no form to show its problem in: it is said here.
    let refused = here
        .as_ref()
        .filter(|a| !can_edit || !actions.iter().any(|x| x.kind == a.draft.kind))
        .map(|a| view! { <ErrorMessage error=a.error.clone() /> });
    let table = if can_edit {
        // The same for every editor and every address of the page, unless a
        // refused post of this page is shown.
        let reusable = here.is_none();
        let editing = move || {
            let address = here.as_ref().map(|_| {
                let location = leptos_router::hooks::use_location();
                form_address(
                    &location.pathname.get_untracked(),
                    &location.search.get_untracked(),
                )
            });
            let forms = actions
                .iter()
                .map(|action| {
                    let own = review
                        .of(action.kind)
                        .filter(|p| p.author_id == review.viewer)
                        .cloned();
                    view! {
                        <ActionEditor target action=action.clone() themes=themes.clone()
                            attempt=here.clone().filter(|a| a.draft.kind == action.kind)
                            owner=owner.clone() address=address.clone().unwrap_or_default()
                            held=review.held own />
                    }
                })
                .collect_view();
            view! {
                // Shown by public/app.js when an edit is kept on this device.
                <p class="success" role="status" data-queued-note="" hidden=true>
                    {move || t_string!(i18n, edit.queued)}
                </p>
                {actions_table(i18n, &actions, heading, Some(here.as_ref().map(|a| a.draft.kind)))}
                {forms}
            }
        };
        Either::Left(if reusable {
            Either::Left(reused(
                move || format!("actions-editing/{target:?}/{review_key}"),
                editing,
            ))
        } else {
            Either::Right(editing())
        })
    } else {
        Either::Right(reused(
            move || format!("actions/{target:?}"),
            move || actions_table(i18n, &actions, heading, None),
        ))
    };
    view! {
        {saved_note}
        {proposed_note}
        {refused}
        {notices}
        {table}
        {reused(move || format!("history/{target:?}"), move || view! { <History entries=history themes=history_themes /> })}
    }
}

/// The table, with an "Edit" button per row when `editing` is given: it
/// opens that action's form (a popover). `editing` names the action whose
/// form is already open in the page (after a refused post), if any: its
/// button is a link to it.
pub(super) fn actions_table(
    i18n: I18nContext<Locale>,
    actions: &[ActionEntry],
    heading_id: &str,
    editing: Option<Option<ActionKind>>,
) -> impl IntoView {
    let rows = actions
        .iter()
        .map(|action| {
            let kind = action.kind;
            let status = action.status;
            let due = action.due.clone();
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
            // Empty cells leave no "Note:" with nothing after it in the list a
            // phone shows (style/tracker.css).
            let (no_themes, no_evidence, no_note) = (
                action.themes.is_empty(),
                action.evidence.is_empty(),
                action.note.trim().is_empty(),
            );
            let editor_id = format!("edit-{}", kind.slug());
            let label = move || {
                view! {
                    {move || t_string!(i18n, edit.edit)}
                    <span class="visually-hidden">" " {move || action_name(i18n, kind)}</span>
                }
            };
            let edit_button = editing.map(|open| {
                if open == Some(kind) {
                    Either::Left(view! {
                        <a class="button small" href=format!("#{editor_id}")>{label()}</a>
                    })
                } else {
                    Either::Right(view! {
                        <button type="button" class="button small" popovertarget=editor_id>
                            {label()}
                        </button>
                    })
                }
            });
            // `data-label`: the column's name, shown before each value when
            // the table is a list on a phone (style/tracker.css).
            view! {
                <tr data-kind=kind.slug()>
                    <th scope="row">{move || action_name(i18n, kind)}</th>
                    <td data-label=move || t_string!(i18n, country.status).to_string()>
                        <span class=format!("chip status-{}", status.slug())>
                            {move || status_name(i18n, status)}
                        </span>
                    </td>
                    <td class="due-cell" data-label=move || t_string!(i18n, due.heading).to_string()><DueDetails due /></td>
                    <td class:empty=no_themes data-label=move || t_string!(i18n, country.themes).to_string()>{theme_names}</td>
                    <td class:empty=no_evidence data-label=move || t_string!(i18n, country.evidence).to_string()><ul class="evidence">{evidence}</ul></td>
                    <td class="note-text" class:empty=no_note data-label=move || t_string!(i18n, country.note).to_string()>{action.note.clone()}</td>
                    <td class="updated" data-label=move || t_string!(i18n, country.updated).to_string()>{updated}</td>
                    <td class="edit-cell">{edit_button}</td>
                </tr>
            }
        })
        .collect_view();
    let labelled_by = heading_id.to_owned();
    view! {
        <ScrollBox>
            <table class="actions" aria-labelledby=labelled_by>
                <thead>
                    <tr>
                        <th scope="col">{move || t_string!(i18n, country.action)}</th>
                        <th scope="col">{move || t_string!(i18n, country.status)}</th>
                        <th scope="col">{move || t_string!(i18n, due.heading)}</th>
                        <th scope="col">{move || t_string!(i18n, country.themes)}</th>
                        <th scope="col">{move || t_string!(i18n, country.evidence)}</th>
                        <th scope="col">{move || t_string!(i18n, country.note)}</th>
                        <th scope="col">{move || t_string!(i18n, country.updated)}</th>
                        <th scope="col"><span class="visually-hidden">{move || t_string!(i18n, edit.edit)}</span></th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </ScrollBox>
    }
}

/// The id of the heading of a page's actions section: what the table is
/// labelled by, and where the page scrolls to after a save (the server's
/// form handler sends the browser there).
pub fn heading_id(target: ActionTarget) -> &'static str {
    match target {
        ActionTarget::Country(_) => "tracker-heading",
        ActionTarget::Region(_) => "regional-heading",
    }
}

/// Where a page's edit forms post: the page itself, with its query but
/// without the note of an earlier save (`saved=`).
pub fn form_address(path: &str, search: &str) -> String {
    let query = other_parameters(search);
    if query.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{query}")
    }
}

/// `search` without `saved=` and `proposed=` (and without its leading `?`).
fn other_parameters(search: &str) -> String {
    search
        .trim_start_matches('?')
        .split('&')
        .filter(|p| !p.is_empty() && !p.starts_with("saved=") && !p.starts_with("proposed="))
        .collect::<Vec<_>>()
        .join("&")
}

/// This page's address with `?saved={kind}`, or `?proposed={kind}` for an
/// edit held for review (`parameter`; other parameters kept), and the
/// actions' heading as the fragment, to load after a save.
pub fn saved_address(
    path: &str,
    search: &str,
    parameter: &str,
    kind: &str,
    anchor: &str,
) -> String {
    let mut query = other_parameters(search);
    if !query.is_empty() {
        query.push('&');
    }
    format!("{path}?{query}{parameter}={kind}#{anchor}")
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
                "saved",
                "national-strategy",
                "tracker-heading"
            ),
            "/en/countries/GHA?saved=national-strategy#tracker-heading"
        );
        assert_eq!(
            saved_address(
                "/en/regions/africa",
                "?view=progress&saved=regional-strategy",
                "proposed",
                "regional-coordination",
                "regional-heading"
            ),
            "/en/regions/africa?view=progress&proposed=regional-coordination#regional-heading"
        );
    }
}
