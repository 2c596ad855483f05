//! A brief's tables and chart, in the reader's language.

use crate::i18n::*;
use crate::model::{ActionEntry, BriefChart, BriefTable, Due, HistoryEntry, TrackerRow};
use crate::services::change_text::locale_of;
use crate::services::past;
use crate::text::{action_name_in, field_name_in, long_date_in, status_name_in, value_text_in};
use summit::{DueState, Language, Status};

pub(super) fn actions_table(
    language: Language,
    actions: &[ActionEntry],
    themes: &[(String, String)],
) -> BriefTable {
    let locale = locale_of(language);
    let theme_names = |action: &ActionEntry| {
        action
            .themes
            .iter()
            .map(|(slug, name)| {
                themes
                    .iter()
                    .find(|(s, _)| s == slug)
                    .map_or(name.clone(), |(_, n)| n.clone())
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    BriefTable {
        caption: td_string!(locale, brief.actions).to_string(),
        columns: vec![
            td_string!(locale, country.action).to_string(),
            td_string!(locale, country.status).to_string(),
            td_string!(locale, due.heading).to_string(),
            td_string!(locale, country.themes).to_string(),
            td_string!(locale, country.note).to_string(),
        ],
        rows: actions
            .iter()
            .map(|a| {
                vec![
                    action_name_in(locale, a.kind),
                    status_name_in(locale, a.status),
                    a.due.as_ref().map_or_else(
                        || td_string!(locale, due.none).to_string(),
                        |due| due_text(language, due),
                    ),
                    theme_names(a),
                    a.note.clone(),
                ]
            })
            .collect(),
        empty: td_string!(locale, country.no_team_note).to_string(),
    }
}

/// "Overdue — due by the end of 1 March 2026, Malawi Time — 3 days overdue".
pub(super) fn due_text(language: Language, due: &Due) -> String {
    let locale = locale_of(language);
    let state = match due.state {
        DueState::OnTrack => td_string!(locale, due.on_track),
        DueState::DueSoon => td_string!(locale, due.due_soon),
        DueState::Overdue => td_string!(locale, due.overdue),
        DueState::Completed => td_string!(locale, due.completed),
    };
    let by = td_string!(
        locale,
        due.by,
        date = long_date_in(locale, due.date),
        zone = due.zone_name.clone()
    )
    .to_string();
    let count = match due.state {
        DueState::Completed => None,
        DueState::Overdue => Some(1 - due.days_left),
        _ => Some(due.days_left),
    };
    let count = count.map(|n| {
        let n = i32::try_from(n).unwrap_or(i32::MAX);
        let days = td_string!(locale, units.days, count = n).to_string();
        match due.state {
            DueState::Overdue => td_string!(locale, due.late, days = days).to_string(),
            _ if n == 1 => td_string!(locale, due.last_day).to_string(),
            _ => td_string!(locale, due.left, days = days).to_string(),
        }
    });
    [Some(state.to_string()), Some(by), count]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" — ")
}

/// A country's actions with a deadline: what is due, by when, where it stands.
pub(super) fn action_deadlines(language: Language, actions: &[ActionEntry]) -> BriefTable {
    let locale = locale_of(language);
    BriefTable {
        caption: td_string!(locale, brief.deadlines).to_string(),
        columns: vec![
            td_string!(locale, country.action).to_string(),
            td_string!(locale, due.heading).to_string(),
        ],
        rows: actions
            .iter()
            .filter_map(|a| {
                let due = a.due.as_ref()?;
                Some(vec![
                    action_name_in(locale, a.kind),
                    due_text(language, due),
                ])
            })
            .collect(),
        empty: td_string!(locale, brief.no_deadlines).to_string(),
    }
}

/// A region's countries: their actions by status, as of the brief's day.
pub(super) fn countries_table(language: Language, rows: &[&TrackerRow]) -> BriefTable {
    let locale = locale_of(language);
    let mut columns = vec![td_string!(locale, brief.country).to_string()];
    columns.extend(Status::ALL.iter().rev().map(|s| status_name_in(locale, *s)));
    BriefTable {
        caption: td_string!(locale, brief.countries).to_string(),
        columns,
        rows: rows
            .iter()
            .map(|row| {
                let mut cells = vec![row.country.name.clone()];
                cells.extend(
                    Status::ALL
                        .iter()
                        .rev()
                        .map(|s| row.statuses.iter().filter(|x| *x == s).count().to_string()),
                );
                cells
            })
            .collect(),
        empty: td_string!(locale, brief.no_countries).to_string(),
    }
}

/// A region's deadlines: per kind of action, how many countries stand how.
pub(super) fn region_deadlines(language: Language, rows: &[&TrackerRow]) -> BriefTable {
    let locale = locale_of(language);
    let states = [
        DueState::Overdue,
        DueState::DueSoon,
        DueState::OnTrack,
        DueState::Completed,
    ];
    let mut columns = vec![td_string!(locale, country.action).to_string()];
    columns.extend(states.iter().map(|s| match s {
        DueState::OnTrack => td_string!(locale, due.on_track).to_string(),
        DueState::DueSoon => td_string!(locale, due.due_soon).to_string(),
        DueState::Overdue => td_string!(locale, due.overdue).to_string(),
        DueState::Completed => td_string!(locale, due.completed).to_string(),
    }));
    let table_rows = summit::ActionKind::COUNTRY
        .iter()
        .enumerate()
        .filter_map(|(i, kind)| {
            let counts: Vec<usize> = states
                .iter()
                .map(|s| {
                    rows.iter()
                        .filter(|r| r.due.get(i).copied().flatten() == Some(*s))
                        .count()
                })
                .collect();
            (counts.iter().sum::<usize>() > 0).then(|| {
                let mut cells = vec![action_name_in(locale, *kind)];
                cells.extend(counts.iter().map(usize::to_string));
                cells
            })
        })
        .collect();
    BriefTable {
        caption: td_string!(locale, brief.deadlines).to_string(),
        columns,
        rows: table_rows,
        empty: td_string!(locale, brief.no_deadlines).to_string(),
    }
}

pub(super) fn changes_table(
    language: Language,
    changes: &[&HistoryEntry],
    themes: &[(String, String)],
) -> BriefTable {
    let locale = locale_of(language);
    BriefTable {
        caption: td_string!(locale, brief.changes).to_string(),
        columns: vec![
            td_string!(locale, brief.date).to_string(),
            td_string!(locale, country.action).to_string(),
            td_string!(locale, brief.change).to_string(),
        ],
        rows: changes
            .iter()
            .map(|h| {
                let what = h
                    .changes
                    .iter()
                    .map(|c| {
                        format!(
                            "{}: {} → {}",
                            field_name_in(locale, &c.field),
                            value_text_in(locale, &c.field, &c.from, themes),
                            value_text_in(locale, &c.field, &c.to, themes)
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n");
                vec![
                    long_date_in(locale, past::day_of(&h.changed_at)),
                    action_name_in(locale, h.kind),
                    what,
                ]
            })
            .collect(),
        empty: td_string!(locale, brief.no_changes).to_string(),
    }
}

pub(super) fn chart(language: Language, timeline: crate::model::Timeline) -> BriefChart {
    let locale = locale_of(language);
    let first = timeline
        .days
        .first()
        .map(|d| long_date_in(locale, *d))
        .unwrap_or_default();
    let last = timeline
        .days
        .last()
        .map(|d| long_date_in(locale, *d))
        .unwrap_or_default();
    let completed = timeline.counts.last().map_or(0, |c| c[3]);
    BriefChart {
        caption: td_string!(locale, brief.chart).to_string(),
        statuses: Status::ALL
            .iter()
            .map(|s| status_name_in(locale, *s))
            .collect(),
        summary: td_string!(
            locale,
            brief.chart_summary,
            from = first.clone(),
            to = last.clone(),
            completed = completed,
            total = timeline.total
        )
        .to_string(),
        first_day: first,
        last_day: last,
        timeline,
    }
}
