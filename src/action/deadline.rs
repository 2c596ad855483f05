//! When an action is due, and whether it is on track, due soon or overdue.
//!
//! A deadline is a calendar day in an IANA time zone (usually the zone of the
//! meeting it serves, such as a session of the Commission for Social
//! Development in New York): the action is due by the end of that day there,
//! that is before the first instant of the next day in that zone. Storing
//! the day and the zone, not an instant, keeps "due 11 February" right for
//! whoever reads it and across a daylight-saving change.
//!
//! An administrator gives an action kind a deadline; one country's action may
//! have its own, which then wins ([`effective`]). The time-zone database is
//! the caller's: this crate leaves jiff's off (see the crate's docs) and the
//! server turns one on, so a deadline is made and judged on the server.

use crate::action::Status;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

/// How many days before its deadline an unfinished action counts as due
/// soon: four weeks, the usual notice before a session of a functional
/// commission. Counted in calendar days where the deadline is, so a
/// daylight-saving change moves nothing.
pub const DUE_SOON_DAYS: i64 = 28;

/// Why a deadline was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum DeadlineError {
    #[error("{0:?} is not a date (YYYY-MM-DD)")]
    Date(String),
    #[error("unknown time zone {0:?}")]
    Zone(String),
    /// A day the zone skipped (Samoa went from 29 to 31 December 2011).
    #[error("{date} did not happen in {zone}")]
    Nonexistent { date: String, zone: String },
}

/// The day an action is due, in a zone: made only by [`Deadline::parse`],
/// which resolves the zone and the instant the deadline passes once, so
/// nothing later can fail or guess.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Deadline {
    date: Date,
    zone: String,
    tz: TimeZone,
    passes_at: Timestamp,
}

impl Deadline {
    /// A deadline from its day (`YYYY-MM-DD`) and an IANA zone name; the day
    /// must exist in that zone.
    pub fn parse(date: &str, zone: &str) -> Result<Deadline, DeadlineError> {
        let (date_text, zone) = (date.trim(), zone.trim());
        let day: Date = date_text
            .parse()
            .map_err(|_| DeadlineError::Date(date_text.to_owned()))?;
        let tz = TimeZone::get(zone).map_err(|_| DeadlineError::Zone(zone.to_owned()))?;
        let nonexistent = || DeadlineError::Nonexistent {
            date: day.to_string(),
            zone: zone.to_owned(),
        };
        // The day's first instant (after any gap at midnight) must still be
        // on that day there; the deadline passes at the next day's first.
        let start = day
            .to_zoned_datetime(tz.clone())
            .and_then(|z| z.start_of_day())
            .map_err(|_| nonexistent())?;
        if start.date() != day {
            return Err(nonexistent());
        }
        let passes_at = day
            .tomorrow()
            .and_then(|next| next.to_zoned_datetime(tz.clone()))
            .and_then(|z| z.start_of_day())
            .map_err(|_| nonexistent())?
            .timestamp();
        Ok(Deadline {
            date: day,
            zone: zone.to_owned(),
            tz,
            passes_at,
        })
    }

    pub fn date(&self) -> Date {
        self.date
    }

    pub fn zone(&self) -> &str {
        &self.zone
    }

    /// The first instant after the deadline: the start of the next day in
    /// its zone.
    pub fn passes_at(&self) -> Timestamp {
        self.passes_at
    }

    /// Where an action with `status` stands against this deadline at `now`.
    pub fn state(&self, status: Status, now: Timestamp) -> DueState {
        if status == Status::Completed {
            DueState::Completed
        } else if now >= self.passes_at {
            DueState::Overdue
        } else if self.days_left(now) <= DUE_SOON_DAYS {
            DueState::DueSoon
        } else {
            DueState::OnTrack
        }
    }

    /// Calendar days left where the deadline is, its own day counted: 1 on
    /// the last day, 0 the day after, negative later. For "due in N days".
    pub fn days_left(&self, now: Timestamp) -> i64 {
        let today = now.to_zoned_datetime(self.tz.clone()).date();
        today
            .until(self.date)
            .map_or(0, |span| i64::from(span.get_days()))
            + 1
    }
}

/// The deadline of a report due before a meeting: the day before the
/// meeting's first day, where it happens (a report for a session opening
/// on 9 February in New York is due by the end of 8 February there).
pub fn before(schedule: &crate::Schedule) -> Result<Deadline, DeadlineError> {
    let first = match schedule {
        crate::Schedule::AllDay { first, .. } => *first,
        crate::Schedule::Timed { start, .. } => start.date(),
    };
    let day = first
        .yesterday()
        .map_err(|_| DeadlineError::Date(first.to_string()))?;
    Deadline::parse(&day.to_string(), schedule.zone())
}

/// The instant on which due states are judged for a shared page: `now`
/// rounded down to its quarter hour (UTC). Every deadline passes, and every
/// "due soon" starts, at a local midnight, and every zone's offset is a
/// whole number of quarter hours, so a page judged at the start of a
/// quarter hour is right for all of it: caches and validators key on this
/// ([`quarter_text`]), not on the day, or a deadline passing at 05:00 UTC
/// would be shown as not passed until the next UTC midnight.
pub fn quarter_hour(now: Timestamp) -> Timestamp {
    let seconds = now.as_second().div_euclid(900) * 900;
    Timestamp::from_second(seconds).unwrap_or(now)
}

/// A quarter hour written as caches name it: `2027-02-11T04:45Z`.
pub fn quarter_text(start: Timestamp) -> String {
    start.strftime("%Y-%m-%dT%H:%MZ").to_string()
}

/// The deadline that applies to one action: its own when it has one, else
/// its kind's.
pub fn effective<'a>(
    kind: Option<&'a Deadline>,
    own: Option<&'a Deadline>,
) -> Option<&'a Deadline> {
    own.or(kind)
}

/// Where an action stands against its deadline. Shown in words and by
/// shape, never by colour alone.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DueState {
    /// More than [`DUE_SOON_DAYS`] left, and not completed.
    OnTrack,
    /// At most [`DUE_SOON_DAYS`] left (its own day counted), and not
    /// completed.
    DueSoon,
    /// The deadline has passed and it is not completed.
    Overdue,
    /// Completed: nothing is due any more, whenever it was done.
    Completed,
}

impl DueState {
    pub const ALL: [DueState; 4] = [
        DueState::OnTrack,
        DueState::DueSoon,
        DueState::Overdue,
        DueState::Completed,
    ];

    pub const fn slug(self) -> &'static str {
        match self {
            DueState::OnTrack => "on-track",
            DueState::DueSoon => "due-soon",
            DueState::Overdue => "overdue",
            DueState::Completed => "completed",
        }
    }

    pub fn parse(text: &str) -> Option<DueState> {
        DueState::ALL.into_iter().find(|s| s.slug() == text)
    }

    /// How pressing the state is: overdue first, then due soon, on track,
    /// and done last.
    const fn urgency(self) -> u8 {
        match self {
            DueState::Overdue => 3,
            DueState::DueSoon => 2,
            DueState::OnTrack => 1,
            DueState::Completed => 0,
        }
    }

    /// The most pressing of several actions' states (a country's on the
    /// map): one overdue action makes the country overdue. `None` when no
    /// action has a deadline.
    pub fn most_pressing(states: impl IntoIterator<Item = DueState>) -> Option<DueState> {
        states.into_iter().max_by_key(|s| s.urgency())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_overdue_action_makes_the_country_overdue() {
        use DueState::*;
        assert_eq!(DueState::most_pressing([]), None);
        assert_eq!(DueState::most_pressing([Completed, OnTrack]), Some(OnTrack));
        assert_eq!(
            DueState::most_pressing([OnTrack, Overdue, DueSoon, Completed]),
            Some(Overdue)
        );
        assert_eq!(DueState::most_pressing([Completed, DueSoon]), Some(DueSoon));
        assert_eq!(DueState::most_pressing([Completed]), Some(Completed));
    }

    fn at(text: &str) -> Timestamp {
        text.parse().unwrap()
    }

    #[test]
    fn a_deadline_passes_at_the_end_of_its_day_in_its_zone() {
        let csocd = Deadline::parse("2027-02-10", "America/New_York").unwrap();
        // Midnight in New York in February is 05:00 UTC.
        assert_eq!(csocd.passes_at(), at("2027-02-11T05:00:00Z"));
        let doha = Deadline::parse("2027-02-10", "Asia/Qatar").unwrap();
        assert_eq!(doha.passes_at(), at("2027-02-10T21:00:00Z"));
        // Across a daylight-saving change: New York's clocks go forward on
        // 14 March 2027, so that day's end is at 04:00 UTC.
        let spring = Deadline::parse("2027-03-14", "America/New_York").unwrap();
        assert_eq!(spring.passes_at(), at("2027-03-15T04:00:00Z"));
    }

    #[test]
    fn on_track_due_soon_overdue_and_completed() {
        let due = Deadline::parse("2027-02-10", "America/New_York").unwrap();
        let state = |now: &str, status| due.state(status, at(now));
        assert_eq!(
            state("2026-12-01T00:00:00Z", Status::InProgress),
            DueState::OnTrack
        );
        // 28 days before the end of the day.
        assert_eq!(
            state("2027-01-14T04:59:59Z", Status::NotStarted),
            DueState::OnTrack
        );
        assert_eq!(
            state("2027-01-14T05:00:00Z", Status::NotStarted),
            DueState::DueSoon
        );
        // Still due on its last evening in New York, already the 11th in Doha.
        assert_eq!(
            state("2027-02-11T04:59:59Z", Status::NotReported),
            DueState::DueSoon
        );
        assert_eq!(
            state("2027-02-11T05:00:00Z", Status::NotReported),
            DueState::Overdue
        );
        assert_eq!(
            state("2027-02-11T05:00:00Z", Status::AtRisk),
            DueState::Overdue
        );
        for now in ["2026-12-01T00:00:00Z", "2027-06-01T00:00:00Z"] {
            assert_eq!(state(now, Status::Completed), DueState::Completed);
        }
    }

    #[test]
    fn days_left_count_calendar_days_where_the_deadline_is() {
        let due = Deadline::parse("2027-02-10", "America/New_York").unwrap();
        assert_eq!(due.days_left(at("2027-02-10T12:00:00Z")), 1);
        // 23:00 on the 9th in New York, already the 10th in UTC.
        assert_eq!(due.days_left(at("2027-02-10T04:00:00Z")), 2);
        assert_eq!(due.days_left(at("2027-02-03T05:00:00Z")), 8);
        assert_eq!(due.days_left(at("2027-02-11T05:00:00Z")), 0);
        assert_eq!(due.days_left(at("2027-02-13T05:00:00Z")), -2);
        // Across daylight-saving changes: a 25-hour last day (7 November
        // 2027), and a 23-hour day between now and the deadline.
        let autumn = Deadline::parse("2027-11-07", "America/New_York").unwrap();
        assert_eq!(autumn.days_left(at("2027-11-07T04:30:00Z")), 1);
        let spring = Deadline::parse("2027-03-20", "America/New_York").unwrap();
        assert_eq!(spring.days_left(at("2027-03-11T04:30:00Z")), 11);
        // Due soon from 28 calendar days before, whatever the clocks did.
        assert_eq!(
            spring.state(Status::InProgress, at("2027-02-21T05:00:00Z")),
            DueState::DueSoon
        );
        assert_eq!(
            spring.state(Status::InProgress, at("2027-02-21T04:59:59Z")),
            DueState::OnTrack
        );
    }

    #[test]
    fn a_day_that_did_not_happen_or_an_unknown_zone_is_refused() {
        // Samoa skipped 30 December 2011 when it crossed the date line.
        assert_eq!(
            Deadline::parse("2011-12-30", "Pacific/Apia"),
            Err(DeadlineError::Nonexistent {
                date: "2011-12-30".into(),
                zone: "Pacific/Apia".into()
            })
        );
        assert!(Deadline::parse("2011-12-31", "Pacific/Apia").is_ok());
        // A day whose midnight is skipped still exists (Santiago moves its
        // clocks at midnight): it starts at 01:00.
        assert!(Deadline::parse("2026-09-06", "America/Santiago").is_ok());
        assert_eq!(
            Deadline::parse("2027-02-30", "UTC"),
            Err(DeadlineError::Date("2027-02-30".into()))
        );
        assert_eq!(
            Deadline::parse("2027-02-10", "Mars/Olympus"),
            Err(DeadlineError::Zone("Mars/Olympus".into()))
        );
    }

    #[test]
    fn a_report_for_a_meeting_is_due_the_day_before_it_opens_where_it_is() {
        let first: Date = "2027-02-09".parse().unwrap();
        let session = crate::Schedule::all_day(first, first, "America/New_York").unwrap();
        let due = before(&session).unwrap();
        assert_eq!(due.date().to_string(), "2027-02-08");
        assert_eq!(due.zone(), "America/New_York");
        assert_eq!(due.passes_at(), at("2027-02-09T05:00:00Z"));
        let start: jiff::civil::DateTime = "2027-01-01T10:00".parse().unwrap();
        let timed = crate::Schedule::timed(start, None, "Asia/Qatar").unwrap();
        assert_eq!(before(&timed).unwrap().date().to_string(), "2026-12-31");
    }

    #[test]
    fn the_judging_instant_is_the_quarter_hour_every_transition_falls_on() {
        let start = quarter_hour(at("2027-02-11T05:14:59Z"));
        assert_eq!(start, at("2027-02-11T05:00:00Z"));
        assert_eq!(quarter_text(start), "2027-02-11T05:00Z");
        // Kathmandu (UTC+05:45): a deadline there passes at 18:15 UTC.
        let kathmandu = Deadline::parse("2027-02-10", "Asia/Kathmandu").unwrap();
        let passes = kathmandu.passes_at();
        assert_eq!(quarter_hour(passes), passes);
        assert_eq!(
            kathmandu.state(Status::InProgress, quarter_hour(passes)),
            DueState::Overdue
        );
    }

    #[test]
    fn a_country_s_own_deadline_wins_over_its_kind_s() {
        let kind = Deadline::parse("2027-02-10", "America/New_York").unwrap();
        let own = Deadline::parse("2027-03-01", "Africa/Nairobi").unwrap();
        assert_eq!(effective(Some(&kind), Some(&own)), Some(&own));
        assert_eq!(effective(Some(&kind), None), Some(&kind));
        assert_eq!(effective(None, None), None);
        for s in DueState::ALL {
            assert_eq!(DueState::parse(s.slug()), Some(s));
        }
    }
}
