//! An action's history: who changed which field, from what to what, when.

use super::short_time;
use crate::i18n::*;
use crate::model::HistoryEntry;
use crate::text::action_name;
use leptos::prelude::*;
use leptos_i18n::I18nContext;

pub(super) fn field_name(i18n: I18nContext<Locale>, field: &str) -> String {
    crate::text::field_name_in(i18n.get_locale(), field)
}

/// A value in the history: statuses and themes by name, lists joined, text as is.
pub(super) fn value_text(
    i18n: I18nContext<Locale>,
    field: &str,
    value: &serde_json::Value,
    themes: &[(String, String)],
) -> String {
    crate::text::value_text_in(i18n.get_locale(), field, value, themes)
}

/// Every change, newest first: who, when, which action, what from what to what.
#[component]
pub fn History(
    entries: Vec<HistoryEntry>,
    /// Theme slugs and their names in the page's language.
    themes: Vec<(String, String)>,
) -> impl IntoView {
    let themes = StoredValue::new(themes);
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
                            <del>{let f = field.clone(); move || themes.with_value(|t| value_text(i18n, &f, &from, t))}</del>
                            " → "
                            <ins>{move || themes.with_value(|t| value_text(i18n, &field, &to, t))}</ins>
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
                        {entry.source.clone().map(|file| view! {
                            " · " <span class="history-source">{move || t_string!(i18n, sheets.from_file, file = file.clone()).to_string()}</span>
                        })}
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
