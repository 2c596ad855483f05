//! The state on a past date (`?at=YYYY-MM-DD`), rebuilt from the history
//! (server only). Every action starts "not reported" with no themes, evidence
//! or note (the seed writes no history); its state at the end of a day is its
//! changes up to then applied in order, each field taking the value it was
//! changed `to`. What is not historised stays as it is now: country names,
//! regions, the list of themes, deadlines (an action's deadline is judged
//! at the end of the day with the status it had then).

use crate::model::{ActionEntry, ActionTarget, ChangeRecord, CountryEntry};
use jiff::civil::Date;
use std::collections::HashMap;
use summit::{ActionKind, Iso3, Progress, Status};

/// The day `value` names, when it is one the history can answer: from the
/// summit's first day to `today`. Anything else is the live state (`None`).
pub fn parse_day(value: &str, today: Date) -> Option<Date> {
    let day: Date = value.trim().parse().ok()?;
    (day >= summit::summit::first_day() && day <= today).then_some(day)
}

/// Today in UTC, the zone the history's instants are in.
pub fn today() -> Date {
    jiff::Timestamp::now()
        .to_zoned_datetime(jiff::tz::TimeZone::UTC)
        .date()
}

/// The day (UTC) a stored instant falls on; today when it does not parse.
pub fn day_of(changed_at: &str) -> Date {
    changed_at
        .get(..10)
        .and_then(|d| d.parse().ok())
        .unwrap_or_else(today)
}

/// The first instant after `day`, as the stored instants compare
/// (`YYYY-MM-DDTHH:MM:SS` sorts before every stored instant of its second).
pub fn end_of(day: Date) -> String {
    let next = day.tomorrow().unwrap_or(day);
    format!("{next}T00:00:00")
}

/// Whether a change happened by the end of `day`.
pub fn made_by(change_at: &str, day: Date) -> bool {
    change_at < end_of(day).as_str()
}

/// `current`'s actions as they were at the end of `day`: same countries and
/// kinds, fields from the history. `themes` names theme slugs.
pub fn actions_at(
    current: &[(Iso3, ActionEntry)],
    history: &[ChangeRecord],
    themes: &[(String, String)],
    day: Date,
) -> Vec<(Iso3, ActionEntry)> {
    let mut by_action: HashMap<(Iso3, ActionKind), Vec<&ChangeRecord>> = HashMap::new();
    for change in history {
        if let ActionTarget::Country(iso3) = change.target {
            if made_by(&change.changed_at, day) {
                by_action
                    .entry((iso3, change.kind))
                    .or_default()
                    .push(change);
            }
        }
    }
    let name_of = |slug: &str| {
        themes
            .iter()
            .find(|(s, _)| s == slug)
            .map_or_else(|| slug.to_owned(), |(_, n)| n.clone())
    };
    current
        .iter()
        .map(|(iso3, now)| {
            let mut then = ActionEntry {
                kind: now.kind,
                status: Status::NotReported,
                themes: Vec::new(),
                evidence: Vec::new(),
                note: String::new(),
                updated_by: None,
                updated_at: None,
                version: 0,
                due: None,
            };
            for change in by_action.get(&(*iso3, now.kind)).into_iter().flatten() {
                for field in &change.changes {
                    let strings = || -> Vec<String> {
                        field
                            .to
                            .as_array()
                            .into_iter()
                            .flatten()
                            .filter_map(|v| v.as_str().map(str::to_owned))
                            .collect()
                    };
                    match field.field.as_str() {
                        "status" => {
                            if let Some(status) = field.to.as_str().and_then(Status::parse) {
                                then.status = status;
                            }
                        }
                        "themes" => {
                            then.themes = strings()
                                .into_iter()
                                .map(|slug| {
                                    let name = name_of(&slug);
                                    (slug, name)
                                })
                                .collect();
                        }
                        "evidence" => then.evidence = strings(),
                        "note" => then.note = field.to.as_str().unwrap_or_default().to_owned(),
                        _ => {}
                    }
                }
                then.version = change.version;
                then.updated_by = Some(change.changed_by.clone());
                then.updated_at = Some(change.changed_at.clone());
            }
            // The deadline as it is now (deadlines are not historised),
            // judged at the day's end with the status the action had.
            then.due = now.due.as_ref().map(|due| {
                crate::services::deadlines::rejudge(
                    due,
                    then.status,
                    crate::services::deadlines::end_of(day),
                )
            });
            (*iso3, then)
        })
        .collect()
}

/// `countries` with each one's progress counted from `actions` instead.
pub fn with_progress(
    countries: &[CountryEntry],
    actions: &[(Iso3, ActionEntry)],
) -> Vec<CountryEntry> {
    let mut statuses: HashMap<Iso3, Vec<Status>> = HashMap::new();
    for (iso3, action) in actions {
        statuses.entry(*iso3).or_default().push(action.status);
    }
    countries
        .iter()
        .map(|c| CountryEntry {
            progress: Progress::from_statuses(statuses.get(&c.iso3).into_iter().flatten().copied()),
            ..c.clone()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;
    use summit::Change;

    fn iso3(code: &str) -> Iso3 {
        Iso3::parse(code).unwrap()
    }

    fn change(id: i64, at: &str, version: i64, fields: Vec<Change>) -> ChangeRecord {
        ChangeRecord {
            id,
            target: ActionTarget::Country(iso3("KEN")),
            region: Some(summit::Region::Africa),
            kind: ActionKind::NationalStrategy,
            version,
            changed_by: "Amina".into(),
            changed_at: at.into(),
            changes: fields,
            note: String::new(),
        }
    }

    fn field(name: &str, from: serde_json::Value, to: serde_json::Value) -> Change {
        Change {
            field: name.into(),
            from,
            to,
        }
    }

    fn now() -> Vec<(Iso3, ActionEntry)> {
        vec![(
            iso3("KEN"),
            ActionEntry {
                kind: ActionKind::NationalStrategy,
                status: Status::AtRisk,
                themes: vec![("social-protection".into(), "Social protection".into())],
                evidence: vec!["https://b.example/".into()],
                note: "now".into(),
                updated_by: Some("Amina".into()),
                updated_at: Some("2026-05-01T09:00:00.5Z".into()),
                version: 2,
                due: None,
            },
        )]
    }

    fn history() -> Vec<ChangeRecord> {
        vec![
            change(
                1,
                "2026-03-01T09:00:00.123Z",
                1,
                vec![
                    field("status", "not-reported".into(), "completed".into()),
                    field(
                        "themes",
                        serde_json::json!([]),
                        serde_json::json!(["social-protection"]),
                    ),
                    field(
                        "evidence",
                        serde_json::json!([]),
                        serde_json::json!(["https://a.example/"]),
                    ),
                ],
            ),
            change(
                2,
                "2026-05-01T09:00:00.5Z",
                2,
                vec![
                    field("status", "completed".into(), "at-risk".into()),
                    field(
                        "evidence",
                        serde_json::json!(["https://a.example/"]),
                        serde_json::json!(["https://b.example/"]),
                    ),
                    field("note", "".into(), "now".into()),
                ],
            ),
        ]
    }

    const THEMES: &[(&str, &str)] = &[("social-protection", "Social protection")];

    fn themes() -> Vec<(String, String)> {
        THEMES
            .iter()
            .map(|(a, b)| ((*a).into(), (*b).into()))
            .collect()
    }

    #[test]
    fn before_any_change_an_action_is_not_reported() {
        let then = actions_at(&now(), &history(), &themes(), date(2026, 2, 28));
        assert_eq!(then[0].1.status, Status::NotReported);
        assert_eq!(then[0].1.version, 0);
        assert!(then[0].1.evidence.is_empty() && then[0].1.updated_by.is_none());
    }

    #[test]
    fn each_field_has_the_value_it_was_last_changed_to_by_that_day() {
        let then = actions_at(&now(), &history(), &themes(), date(2026, 3, 1));
        let a = &then[0].1;
        assert_eq!(a.status, Status::Completed);
        assert_eq!(
            a.themes,
            vec![(
                "social-protection".to_owned(),
                "Social protection".to_owned()
            )]
        );
        assert_eq!(a.evidence, ["https://a.example/"]);
        assert_eq!(a.version, 1);
        assert_eq!(a.note, "");
    }

    #[test]
    fn the_state_after_the_last_change_is_the_state_now() {
        let then = actions_at(&now(), &history(), &themes(), date(2026, 6, 30));
        assert_eq!(then, now());
    }

    #[test]
    fn only_days_the_history_can_answer_are_past_states() {
        let today = date(2026, 12, 2);
        assert_eq!(parse_day("2026-06-30", today), Some(date(2026, 6, 30)));
        assert_eq!(parse_day("2025-01-01", today), None, "before the summit");
        assert_eq!(parse_day("2027-01-01", today), None, "the future");
        assert_eq!(parse_day("30/06/2026", today), None);
        assert!(made_by("2026-06-30T23:59:59.9Z", date(2026, 6, 30)));
        assert!(!made_by("2026-07-01T00:00:00Z", date(2026, 6, 30)));
    }
}
