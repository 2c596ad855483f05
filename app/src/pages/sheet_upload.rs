//! `/{lang}/spreadsheets/{id}`: an upload's dry run — per row unchanged,
//! change (from → to), conflict (both values) or refused (why) — and the
//! form that saves it, all or nothing or row by row; once saved, what
//! became of each row. Its uploader's only (`services::sheets::view`).

use crate::components::error::ErrorMessage;
use crate::components::escaped::Title;
use crate::components::loading::Loading;
use crate::components::scroll_box::ScrollBox;
use crate::components::session::use_session;
use crate::components::sheet_text::{field_label, field_value_text, result_text, row_problem_text};
use crate::i18n::*;
use crate::locale::localized;
use crate::model::{RowView, UploadView};
use crate::pages::account::SignInFirst;
use crate::server_fns::sheets::sheet_upload;
use leptos::either::EitherOf3;
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use leptos_meta::Meta;
use leptos_router::hooks::{use_params_map, use_query_map};
use summit::sheet::{FieldChange, FieldConflict, RowOutcome};

#[component]
pub fn SheetUploadPage() -> impl IntoView {
    let i18n = use_i18n();
    let lang = i18n.get_locale_untracked().as_str().to_owned();
    let id = use_params_map().with_untracked(|p| p.get("id").unwrap_or_default());
    let done = use_query_map().with_untracked(|q| q.get("done"));
    let session = use_session();
    view! {
        <Title text=move || format!("{} — {}", t_string!(i18n, sheets.title), t_string!(i18n, site.name)) />
        <Meta name="robots" content="noindex" />
        <Suspense fallback=Loading>
            {Suspend::new(async move {
                match session.account().await {
                    Ok(Some(_)) => match sheet_upload(lang, id).await {
                        Ok(upload) => EitherOf3::A(view! { <Upload upload done /> }),
                        Err(error) => EitherOf3::C(view! { <h1>{move || t_string!(i18n, sheets.title)}</h1> <ErrorMessage error /> }),
                    },
                    _ => EitherOf3::B(view! { <h1>{move || t_string!(i18n, sheets.title)}</h1> <SignInFirst /> }),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Upload(upload: UploadView, done: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    let [unchanged, changes, conflicts, refused] = upload.counts();
    let file = upload.file_name.clone();
    let note = done.as_deref().map(|done| {
        let (class, text) = match done {
            "moved" => ("card error", t_string!(i18n, sheets.moved).to_string()),
            "not-whole" => (
                "card error",
                t_string!(i18n, sheets.whole_blocked).to_string(),
            ),
            "already" => ("card", t_string!(i18n, sheets.already).to_string()),
            _ => (
                "success",
                t_string!(i18n, sheets.applied_heading).to_string(),
            ),
        };
        view! { <p class=class role="status" data-testid="sheet-done">{text}</p> }
    });
    let applied = upload.applied;
    let rows = upload.rows.clone();
    let themes = upload.themes.clone();
    let apply = (!applied).then(|| view! { <ApplyForm upload=upload.clone() /> });
    view! {
        <h1>{move || t_string!(i18n, sheets.run_title, file = file.clone()).to_string()}</h1>
        {note}
        {(!applied).then(|| view! { <p>{move || t_string!(i18n, sheets.run_intro)}</p> })}
        <p data-testid="sheet-counts">
            {move || t_string!(i18n, sheets.counts, unchanged = unchanged, changes = changes, conflicts = conflicts, refused = refused).to_string()}
        </p>
        <RowsTable rows themes applied />
        {apply}
        <p><a href=move || localized(i18n, "/spreadsheets")>{move || t_string!(i18n, sheets.upload_another)}</a></p>
    }
}

#[component]
fn RowsTable(rows: Vec<RowView>, themes: Vec<(String, String)>, applied: bool) -> impl IntoView {
    let i18n = use_i18n();
    let body = rows
        .into_iter()
        .map(|row| {
            let (kind, label) = outcome_label(i18n, &row.outcome);
            let detail = outcome_detail(i18n, &row.outcome, &themes);
            let result = row.result.map(|r| view! { <td data-testid="sheet-result">{move || result_text(i18n, r)}</td> });
            let empty_result = (applied && row.result.is_none()).then(|| view! { <td></td> });
            view! {
                <tr data-outcome=kind data-line=row.line>
                    <td>{row.line}</td>
                    <td>{row.place}</td>
                    <td>{row.action}</td>
                    <td><strong class=format!("outcome outcome-{kind}")>{label}</strong>{detail}</td>
                    {result}
                    {empty_result}
                </tr>
            }
        })
        .collect_view();
    view! {
        <ScrollBox>
            <table class="sheet-rows">
                <caption id="sheet-rows-caption" class="visually-hidden">{move || t_string!(i18n, sheets.col_outcome)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{move || t_string!(i18n, sheets.col_line)}</th>
                        <th scope="col">{move || t_string!(i18n, sheets.col_place)}</th>
                        <th scope="col">{move || t_string!(i18n, sheets.col_action)}</th>
                        <th scope="col">{move || t_string!(i18n, sheets.col_outcome)}</th>
                        {applied.then(|| view! { <th scope="col">{move || t_string!(i18n, sheets.col_result)}</th> })}
                    </tr>
                </thead>
                <tbody>{body}</tbody>
            </table>
        </ScrollBox>
    }
}

fn outcome_label(i18n: I18nContext<Locale>, outcome: &RowOutcome) -> (&'static str, String) {
    match outcome {
        RowOutcome::Unchanged => (
            "unchanged",
            t_string!(i18n, sheets.outcome_unchanged).to_string(),
        ),
        RowOutcome::Change { .. } => ("change", t_string!(i18n, sheets.outcome_change).to_string()),
        RowOutcome::Conflict { .. } => (
            "conflict",
            t_string!(i18n, sheets.outcome_conflict).to_string(),
        ),
        RowOutcome::Refused { .. } => (
            "refused",
            t_string!(i18n, sheets.outcome_refused).to_string(),
        ),
    }
}

fn outcome_detail(
    i18n: I18nContext<Locale>,
    outcome: &RowOutcome,
    themes: &[(String, String)],
) -> Option<AnyView> {
    let change_line = |change: &FieldChange| {
        t_string!(
            i18n,
            sheets.change_line,
            field = field_label(i18n, &change.to),
            from = field_value_text(i18n, &change.from, themes),
            to = field_value_text(i18n, &change.to, themes)
        )
        .to_string()
    };
    let conflict_line = |conflict: &FieldConflict| {
        t_string!(
            i18n,
            sheets.conflict_line,
            field = field_label(i18n, &conflict.in_file),
            file = field_value_text(i18n, &conflict.in_file, themes),
            site = field_value_text(i18n, &conflict.on_site, themes)
        )
        .to_string()
    };
    match outcome {
        RowOutcome::Unchanged => None,
        RowOutcome::Change { changes, .. } => {
            let items = changes
                .iter()
                .map(|c| view! { <li>{change_line(c)}</li> })
                .collect_view();
            Some(view! { <ul class="plain">{items}</ul> }.into_any())
        }
        RowOutcome::Conflict { conflicts, changes } => {
            let items = conflicts
                .iter()
                .map(|c| view! { <li class="conflict">{conflict_line(c)}</li> })
                .chain(
                    changes
                        .iter()
                        .map(|c| view! { <li class="change">{change_line(c)}</li> }),
                )
                .collect_view();
            Some(
                view! {
                    <ul class="plain">{items}</ul>
                    <p class="hint">{t_string!(i18n, sheets.conflict_help).to_string()}</p>
                }
                .into_any(),
            )
        }
        RowOutcome::Refused { problem } => {
            Some(view! { <p>{row_problem_text(i18n, problem, themes)}</p> }.into_any())
        }
    }
}

/// Save: all or nothing (only when no row is in conflict or refused), or
/// row by row with a box per change (all ticked).
#[component]
fn ApplyForm(upload: UploadView) -> impl IntoView {
    let i18n = use_i18n();
    let [_, changes, _, _] = upload.counts();
    if changes == 0 {
        return view! { <p class="card" data-testid="sheet-nothing">{move || t_string!(i18n, sheets.nothing_to_save)}</p> }.into_any();
    }
    let whole = upload.applies_whole();
    let action = localized(i18n, &format!("/spreadsheets/{}", upload.id));
    let boxes = upload
        .rows
        .iter()
        .filter(|r| matches!(r.outcome, RowOutcome::Change { .. }))
        .map(|row| {
            let line = row.line;
            let label = format!("{} · {}", row.place, row.action);
            view! {
                <li>
                    <label>
                        <input type="checkbox" name="line" value=line checked />
                        " " {move || t_string!(i18n, sheets.save_row, line = line).to_string()} " — " {label}
                    </label>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="card" aria-labelledby="apply-heading">
            <h2 id="apply-heading">{move || t_string!(i18n, sheets.apply_heading)}</h2>
            {upload.proposes.then(|| view! { <p class="hint" data-testid="sheet-proposes">{move || t_string!(i18n, sheets.proposes)}</p> })}
            {(!whole).then(|| view! { <p class="hint">{move || t_string!(i18n, sheets.whole_blocked)}</p> })}
            <form method="post" action=action class="stacked">
                <fieldset>
                    <legend class="visually-hidden">{move || t_string!(i18n, sheets.apply_heading)}</legend>
                    <label>
                        <input type="radio" name="mode" value="whole" checked=whole disabled=!whole />
                        " " {move || t_string!(i18n, sheets.mode_whole)}
                    </label>
                    <label>
                        <input type="radio" name="mode" value="rows" checked=!whole />
                        " " {move || t_string!(i18n, sheets.mode_rows)}
                    </label>
                </fieldset>
                <ul class="plain sheet-lines">{boxes}</ul>
                <button type="submit" class="button primary">{move || t_string!(i18n, sheets.apply_button)}</button>
            </form>
        </section>
    }
    .into_any()
}
