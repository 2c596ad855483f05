//! Deadlines as pages, exports and the API show them (server only): which
//! deadline applies to an action, and where the action stands against it at
//! an instant. The rules themselves are the domain's
//! (`summit::action::deadline`).

use crate::error::{AppError, FieldError};
use crate::model::{ActionEntry, CountryEntry, Due};
use crate::services::storage::SharedStorage;
use jiff::civil::Date;
use jiff::Timestamp;
use std::collections::HashMap;
use summit::action::deadline::{effective, quarter_hour, quarter_text};
use summit::{ActionKind, Deadline, DueState, Iso3, Language, Status};

/// One stored deadline, resolved: a kind's (`country` `None`) or one
/// country's own.
#[derive(Clone, Debug)]
pub struct Rule {
    pub kind: ActionKind,
    pub country: Option<Iso3>,
    pub deadline: Deadline,
    /// The zone's name in the reader's language (named once per rule, not
    /// once per action).
    pub zone_name: String,
    /// The title of the meeting it is due before, in the reader's language.
    pub milestone: Option<String>,
}

/// The instant live states are judged at: the current quarter hour, which
/// is also what shared pages are kept and validated by
/// ([`summit::action::deadline::quarter_hour`]).
pub fn judging_now() -> Timestamp {
    quarter_hour(Timestamp::now())
}

/// The current quarter hour as text (`2027-02-11T04:45Z`): what shared
/// pages' kept parts and validators name "now" by, so that a deadline
/// passing, or becoming due soon, shows at once and not the next UTC day.
pub fn judging_quarter() -> String {
    quarter_text(judging_now())
}

/// The instant a past day's states are judged at (`?at=`): the day's end in
/// UTC, the zone the history's days are counted in.
pub fn end_of(day: Date) -> Timestamp {
    day.tomorrow()
        .ok()
        .and_then(|next| next.to_zoned_datetime(jiff::tz::TimeZone::UTC).ok())
        .map_or_else(Timestamp::now, |z| z.timestamp())
}

/// The deadline of `country`'s (or a region's, `None`) action of `kind`
/// with `status`, judged at `at`: the country's own when it has one, else
/// the kind's; names in the rules' language.
pub fn due(
    rules: &[Rule],
    country: Option<Iso3>,
    kind: ActionKind,
    status: Status,
    at: Timestamp,
) -> Option<Due> {
    let of_kind = rules.iter().find(|r| r.kind == kind && r.country.is_none());
    let own = country.and_then(|c| {
        rules
            .iter()
            .find(|r| r.kind == kind && r.country == Some(c))
    });
    let deadline = effective(of_kind.map(|r| &r.deadline), own.map(|r| &r.deadline))?;
    let rule = own.or(of_kind)?;
    Some(Due {
        date: deadline.date(),
        zone: deadline.zone().to_owned(),
        zone_name: rule.zone_name.clone(),
        own: own.is_some(),
        milestone: rule.milestone.clone(),
        state: deadline.state(status, at),
        days_left: deadline.days_left(at),
    })
}

/// `due` judged again for an action with `status` at `at` (a past day's
/// state). A deadline that no longer parses (it cannot: it was parsed when
/// stored) is left as it was.
pub fn rejudge(due: &Due, status: Status, at: Timestamp) -> Due {
    match Deadline::parse(&due.date.to_string(), &due.zone) {
        Ok(deadline) => Due {
            state: deadline.state(status, at),
            days_left: deadline.days_left(at),
            ..due.clone()
        },
        Err(_) => due.clone(),
    }
}

/// `countries` with each one's most pressing deadline state among
/// `actions` (already judged, now or on a past day): what the map's
/// deadline mode draws.
pub fn with_due(countries: &[CountryEntry], actions: &[(Iso3, ActionEntry)]) -> Vec<CountryEntry> {
    let mut states: HashMap<Iso3, Vec<DueState>> = HashMap::new();
    for (iso3, action) in actions {
        if let Some(due) = &action.due {
            states.entry(*iso3).or_default().push(due.state);
        }
    }
    countries
        .iter()
        .map(|c| CountryEntry {
            due: DueState::most_pressing(states.get(&c.iso3).into_iter().flatten().copied()),
            ..c.clone()
        })
        .collect()
}

/// What an administrator asks for, as the form and the API send it: the
/// kind's deadline (`country` empty) or one country's; before a meeting
/// (`milestone`, a slug) or on a day (`date`, `YYYY-MM-DD`) in `zone`; or
/// none (`remove`).
#[derive(Clone, Debug, Default)]
pub struct DeadlineRequest<'a> {
    pub kind: &'a str,
    pub country: &'a str,
    pub milestone: &'a str,
    pub date: &'a str,
    pub zone: &'a str,
    pub remove: bool,
}

/// Sets or removes a deadline for `actor` (an administrator: the caller
/// checks). An unknown kind or country, or a country a kind is not for, is
/// a choice that is not offered (422), as is an unknown meeting; a day
/// that is not a date, or did not happen in its zone, and an unknown zone
/// are refused with their own message. Nothing is stored then.
pub async fn set_deadline(
    storage: &SharedStorage,
    actor: &summit::Actor,
    request: &DeadlineRequest<'_>,
) -> Result<(), AppError> {
    let choice =
        |value: &str| AppError::Invalid(vec![FieldError::Choice(value.chars().take(40).collect())]);
    let kind = ActionKind::parse(request.kind.trim()).ok_or_else(|| choice(request.kind))?;
    let country = match request.country.trim() {
        "" => None,
        code => {
            let iso3 = Iso3::parse_any_case(code).map_err(|_| choice(code))?;
            if !ActionKind::COUNTRY.contains(&kind) {
                return Err(choice(request.kind));
            }
            let known = storage.country(iso3, Language::En).await?;
            if known.is_none_or(|c| c.coverage.region().is_none()) {
                return Err(choice(code));
            }
            Some(iso3)
        }
    };
    if request.remove {
        storage.set_deadline(kind, country, None, actor).await?;
        return Ok(());
    }
    let (deadline, milestone) = match request.milestone.trim() {
        "" => {
            let deadline = Deadline::parse(request.date, request.zone)
                .map_err(|e| AppError::Invalid(vec![FieldError::Deadline(e)]))?;
            (deadline, None)
        }
        slug => {
            let slug = summit::Slug::parse(slug).map_err(|_| choice(slug))?;
            let meeting = storage
                .milestone(&slug)
                .await?
                .ok_or_else(|| choice(slug.as_str()))?;
            let deadline = summit::action::deadline::before(&meeting.schedule)
                .map_err(|e| AppError::Invalid(vec![FieldError::Deadline(e)]))?;
            (deadline, Some(slug))
        }
    };
    storage
        .set_deadline(kind, country, Some((&deadline, milestone.as_ref())), actor)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use summit::DueState;

    fn rule(kind: ActionKind, country: Option<&str>, date: &str, zone: &str) -> Rule {
        Rule {
            kind,
            country: country.map(|c| Iso3::parse(c).unwrap()),
            deadline: Deadline::parse(date, zone).unwrap(),
            zone_name: crate::services::zone_names::zone_name(Language::En, zone),
            milestone: None,
        }
    }

    #[test]
    fn a_country_s_own_deadline_wins_and_others_take_their_kind_s() {
        let kind = ActionKind::NationalStrategy;
        let rules = [
            rule(kind, None, "2027-02-08", "America/New_York"),
            rule(kind, Some("KEN"), "2027-03-31", "Africa/Nairobi"),
        ];
        let at: Timestamp = "2027-02-10T12:00:00Z".parse().unwrap();
        let ken = Iso3::parse("KEN").ok();
        let gha = Iso3::parse("GHA").ok();
        let own = due(&rules, ken, kind, Status::InProgress, at).unwrap();
        assert!(own.own);
        assert_eq!(own.zone_name, "Kenya Time");
        assert_eq!(own.state, DueState::OnTrack);
        let theirs = due(&rules, gha, kind, Status::InProgress, at).unwrap();
        assert!(!theirs.own);
        assert_eq!(theirs.state, DueState::Overdue);
        assert_eq!(theirs.days_left, -1);
        // No deadline for the kind: nothing is due.
        let other = ActionKind::ALL.into_iter().find(|k| *k != kind).unwrap();
        assert_eq!(due(&rules, gha, other, Status::InProgress, at), None);
    }

    #[test]
    fn a_past_day_is_judged_at_its_end_with_the_status_it_had() {
        let rules = [rule(
            ActionKind::NationalStrategy,
            None,
            "2027-02-08",
            "Asia/Qatar",
        )];
        let now: Timestamp = "2027-03-01T00:00:00Z".parse().unwrap();
        let live = due(
            &rules,
            None,
            ActionKind::NationalStrategy,
            Status::Completed,
            now,
        )
        .unwrap();
        assert_eq!(live.state, DueState::Completed);
        let day: Date = "2027-02-08".parse().unwrap();
        assert_eq!(end_of(day), "2027-02-09T00:00:00Z".parse().unwrap());
        // At the end of 8 February UTC it is already the 9th in Doha.
        let then = rejudge(&live, Status::InProgress, end_of(day));
        assert_eq!(then.state, DueState::Overdue);
        assert_eq!(then.days_left, 0);
    }
}
