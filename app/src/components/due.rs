//! An action's deadline, in words and by shape, never by colour alone: a
//! mark whose shape differs per state (● on track, ▲ due soon, ✖ overdue,
//! ✔ done) beside the state's name, then the day and zone it is due by,
//! the days left or overdue, and the meeting it serves.

use crate::i18n::*;
use crate::model::Due;
use crate::text::long_date;
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use summit::DueState;

/// The state's name in the page's language.
pub fn due_state_name(i18n: I18nContext<Locale>, state: DueState) -> String {
    match state {
        DueState::OnTrack => t_string!(i18n, due.on_track),
        DueState::DueSoon => t_string!(i18n, due.due_soon),
        DueState::Overdue => t_string!(i18n, due.overdue),
        DueState::Completed => t_string!(i18n, due.completed),
    }
    .to_string()
}

/// The shape that tells the states apart without colour.
pub const fn due_mark(state: DueState) -> &'static str {
    match state {
        DueState::OnTrack => "●",
        DueState::DueSoon => "▲",
        DueState::Overdue => "✖",
        DueState::Completed => "✔",
    }
}

/// The state as a mark and its name (the mark is hidden from screen
/// readers, which read the name).
#[component]
pub fn DueBadge(state: DueState) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <span class=format!("due due-{}", state.slug()) data-due=state.slug()>
            <span class="due-mark" aria-hidden="true">{due_mark(state)}</span>
            {move || due_state_name(i18n, state)}
        </span>
    }
}

/// "Overdue — due by the end of 8 February 2027, Eastern Time — 3 days
/// overdue — before: the 65th session…", or "No deadline".
#[component]
pub fn DueDetails(due: Option<Due>) -> impl IntoView {
    let i18n = use_i18n();
    let Some(due) = due else {
        return view! { <span class="due-none">{move || t_string!(i18n, due.none)}</span> }
            .into_any();
    };
    let (date, zone) = (due.date, due.zone_name.clone());
    let by = move || {
        t_string!(
            i18n,
            due.by,
            date = long_date(i18n, date),
            zone = zone.clone()
        )
        .to_string()
    };
    let days = due.days_left;
    let count = match due.state {
        DueState::Completed => None,
        DueState::Overdue => Some(1 - days),
        _ => Some(days),
    };
    let state = due.state;
    let count = count.map(|n| {
        let n = i32::try_from(n).unwrap_or(i32::MAX);
        move || {
            let span = t_string!(i18n, units.days, count = n).to_string();
            match state {
                DueState::Overdue => t_string!(i18n, due.late, days = span).to_string(),
                _ if n == 1 => t_string!(i18n, due.last_day).to_string(),
                _ => t_string!(i18n, due.left, days = span).to_string(),
            }
        }
    });
    let meeting = due.milestone.clone().map(|title| {
        view! { <span class="due-for">{move || t_string!(i18n, due.before, meeting = title.clone()).to_string()}</span> }
    });
    let own = due
        .own
        .then(|| view! { <span class="due-own">{move || t_string!(i18n, due.own)}</span> });
    view! {
        <span class="due-details">
            <DueBadge state />
            {count.map(|c| view! { <span class="due-count">{c}</span> })}
            <span class="due-by">{by}</span>
            {meeting}
            {own}
        </span>
    }
    .into_any()
}
