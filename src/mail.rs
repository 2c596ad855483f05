//! E-mail the follow-up sends, as rules: the kinds of message (each of which
//! a person may turn off on its own), who may receive each, when a message
//! the mail server did not take is tried again, which reminder an action's
//! deadline calls for, and which week a digest covers.
//!
//! Sending is the server's (`server::mail`): an outbox in the database, so a
//! message survives a mail server that is down and an instance that is
//! killed. Nothing here does I/O.

use crate::{DueState, Role};
use jiff::civil::{Date, Weekday};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use std::time::Duration;

/// A kind of message. One-click unsubscribe (RFC 8058) turns off one kind
/// for one person; the others keep coming.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum MailKind {
    /// A reviewer returned the recipient's proposal, with a comment.
    Returned,
    /// A reviewer approved the recipient's proposal: it is public.
    Approved,
    /// Actions in the recipient's scope are due within a few days.
    DueSoon,
    /// Actions in the recipient's scope passed their deadline unfinished.
    Overdue,
    /// Once a week, for reviewers and administrators: what moved, what
    /// waits for review and what is overdue in their scope.
    Digest,
    /// A link to choose a password (an invitation, a reset someone asked
    /// for): sent to whoever it concerns, and never turned off, since
    /// nobody receives one without asking or being invited.
    Access,
}

impl MailKind {
    /// The kinds a person chooses to receive or not ([`MailKind::Access`]
    /// is not among them).
    pub const ALL: [MailKind; 5] = [
        MailKind::Returned,
        MailKind::Approved,
        MailKind::DueSoon,
        MailKind::Overdue,
        MailKind::Digest,
    ];

    pub const fn slug(self) -> &'static str {
        match self {
            MailKind::Returned => "returned",
            MailKind::Approved => "approved",
            MailKind::DueSoon => "due-soon",
            MailKind::Overdue => "overdue",
            MailKind::Digest => "digest",
            MailKind::Access => "access",
        }
    }

    pub fn parse(text: &str) -> Option<MailKind> {
        MailKind::ALL
            .into_iter()
            .chain([MailKind::Access])
            .find(|k| k.slug() == text)
    }

    /// Whether someone in `role` is ever sent this kind: the outcome of a
    /// proposal and reminders go to editors (who report), the digest to
    /// reviewers and administrators (who follow several countries).
    pub const fn reaches(self, role: Role) -> bool {
        match self {
            MailKind::Returned | MailKind::Approved | MailKind::DueSoon | MailKind::Overdue => {
                matches!(role, Role::Editor)
            }
            MailKind::Digest => matches!(role, Role::Reviewer | Role::Admin),
            MailKind::Access => true,
        }
    }
}

/// How many times a message is offered to the mail server before it is
/// given up (over 40 hours with [`retry_after`]'s doubling from a minute:
/// a mail server down for a weekend day loses nothing).
pub const MAX_ATTEMPTS: u32 = 16;

/// The longest wait between two attempts.
pub const LONGEST_WAIT: Duration = Duration::from_secs(6 * 60 * 60);

/// How long to wait before trying again a message that failed for the
/// `attempts`-th time (1 for the first failure): `base`, doubling with each
/// failure up to [`LONGEST_WAIT`]. `None`: give up, after [`MAX_ATTEMPTS`].
pub fn retry_after(attempts: u32, base: Duration) -> Option<Duration> {
    if attempts >= MAX_ATTEMPTS {
        return None;
    }
    let doublings = attempts.saturating_sub(1).min(30);
    let wait = base.saturating_mul(1u32 << doublings);
    Some(wait.min(LONGEST_WAIT).max(base.min(LONGEST_WAIT)))
}

/// A reminder an action's deadline calls for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Reminder {
    /// Due within this many days (its own day counted).
    DueIn(u16),
    Overdue,
}

impl Reminder {
    /// A stable name, part of what records that it was sent.
    pub fn key(self) -> String {
        match self {
            Reminder::DueIn(days) => format!("due-in-{days}"),
            Reminder::Overdue => "overdue".to_owned(),
        }
    }

    pub const fn kind(self) -> MailKind {
        match self {
            Reminder::DueIn(_) => MailKind::DueSoon,
            Reminder::Overdue => MailKind::Overdue,
        }
    }
}

/// The reminders an unfinished action with `state` and `days_left` (as
/// `Deadline::days_left` counts them) has reached, given the days before a
/// deadline the operator wants reminders (`due_in`, any order). Each is sent
/// once per deadline day; a reminder reached late (the server was down, or
/// the deadline was set close) is still sent, but only the nearest one: an
/// action with 2 days left when reminders are at 14 and 3 days gets the
/// 3-day one, and the 14-day one is recorded as passed with it.
pub fn reminders_reached(state: DueState, days_left: i64, due_in: &[u16]) -> Vec<Reminder> {
    match state {
        DueState::Overdue => vec![Reminder::Overdue],
        DueState::DueSoon | DueState::OnTrack => {
            let mut reached: Vec<u16> = due_in
                .iter()
                .copied()
                .filter(|&d| d > 0 && days_left >= 1 && days_left <= i64::from(d))
                .collect();
            reached.sort_unstable();
            reached.dedup();
            reached.into_iter().map(Reminder::DueIn).collect()
        }
        DueState::Completed => Vec::new(),
    }
}

/// The hour (UTC) of a Monday from which that week's digest goes out.
pub const DIGEST_HOUR_UTC: i8 = 6;

/// The week a digest sent at `now` belongs to: the Monday (UTC) it starts
/// on, once that Monday's [`DIGEST_HOUR_UTC`] has come; before it, the
/// week before. One digest per person per week: this is its key. It covers
/// the seven days before the returned Monday's digest hour.
pub fn digest_week(now: Timestamp) -> Date {
    let utc = now.to_zoned_datetime(jiff::tz::TimeZone::UTC);
    let days_since_monday = i64::from(utc.weekday().to_monday_zero_offset());
    let monday = utc
        .date()
        .checked_sub(jiff::Span::new().days(days_since_monday))
        .unwrap_or(utc.date());
    if utc.weekday() == Weekday::Monday && utc.hour() < DIGEST_HOUR_UTC {
        monday
            .checked_sub(jiff::Span::new().days(7))
            .unwrap_or(monday)
    } else {
        monday
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sign_in_links_are_a_kind_nobody_chooses_and_everyone_may_get() {
        assert!(!MailKind::ALL.contains(&MailKind::Access));
        assert_eq!(MailKind::parse("access"), Some(MailKind::Access));
        assert!(Role::ALL.into_iter().all(|r| MailKind::Access.reaches(r)));
    }

    #[test]
    fn kinds_round_trip_and_reach_the_roles_they_are_for() {
        for kind in MailKind::ALL {
            assert_eq!(MailKind::parse(kind.slug()), Some(kind));
        }
        assert_eq!(MailKind::parse("weekly"), None);
        assert!(MailKind::Returned.reaches(Role::Editor));
        assert!(!MailKind::Returned.reaches(Role::Reviewer));
        assert!(MailKind::Digest.reaches(Role::Reviewer));
        assert!(MailKind::Digest.reaches(Role::Admin));
        assert!(!MailKind::Digest.reaches(Role::Editor));
        assert!(!MailKind::Overdue.reaches(Role::Admin));
    }

    #[test]
    fn retries_double_from_the_base_up_to_six_hours_then_stop() {
        let minute = Duration::from_secs(60);
        assert_eq!(retry_after(1, minute), Some(minute));
        assert_eq!(retry_after(2, minute), Some(2 * minute));
        assert_eq!(retry_after(5, minute), Some(16 * minute));
        assert_eq!(retry_after(10, minute), Some(LONGEST_WAIT));
        assert_eq!(retry_after(MAX_ATTEMPTS - 1, minute), Some(LONGEST_WAIT));
        assert_eq!(retry_after(MAX_ATTEMPTS, minute), None);
        // A huge base is still capped; a zero attempt count is the first.
        assert_eq!(
            retry_after(1, Duration::from_secs(u64::MAX / 4)),
            Some(LONGEST_WAIT)
        );
        assert_eq!(retry_after(0, minute), Some(minute));
        let total: Duration = (1..MAX_ATTEMPTS)
            .filter_map(|n| retry_after(n, minute))
            .sum();
        assert!(total > Duration::from_secs(40 * 3600), "{total:?}");
    }

    #[test]
    fn reminders_are_reached_by_days_left_and_only_while_unfinished() {
        let days = [14, 3];
        assert!(reminders_reached(DueState::OnTrack, 40, &days).is_empty());
        assert_eq!(
            reminders_reached(DueState::DueSoon, 14, &days),
            vec![Reminder::DueIn(14)]
        );
        assert_eq!(
            reminders_reached(DueState::DueSoon, 2, &days),
            vec![Reminder::DueIn(3), Reminder::DueIn(14)]
        );
        assert_eq!(
            reminders_reached(DueState::Overdue, 0, &days),
            vec![Reminder::Overdue]
        );
        assert!(reminders_reached(DueState::Completed, 2, &days).is_empty());
        // A reminder further out than "due soon" still counts from the deadline.
        assert_eq!(
            reminders_reached(DueState::OnTrack, 30, &[30]),
            vec![Reminder::DueIn(30)]
        );
        assert!(reminders_reached(DueState::DueSoon, 5, &[0]).is_empty());
        assert_eq!(Reminder::DueIn(3).key(), "due-in-3");
        assert_eq!(Reminder::Overdue.kind(), MailKind::Overdue);
    }

    #[test]
    fn a_digest_week_starts_on_monday_at_six_utc() {
        let at = |s: &str| s.parse::<Timestamp>().unwrap();
        let monday: Date = "2027-02-08".parse().unwrap();
        // Monday 06:00 UTC opens the week; Sunday night still belongs to it.
        assert_eq!(digest_week(at("2027-02-08T06:00:00Z")), monday);
        assert_eq!(digest_week(at("2027-02-14T23:59:59Z")), monday);
        assert_eq!(digest_week(at("2027-02-10T12:00:00Z")), monday);
        // Before six on Monday it is the week before.
        assert_eq!(
            digest_week(at("2027-02-08T05:59:59Z")),
            "2027-02-01".parse::<Date>().unwrap()
        );
        // Whatever the offset the instant was written with.
        assert_eq!(digest_week(at("2027-02-08T09:30:00+03:00")), monday);
        assert_ne!(digest_week(at("2027-02-08T08:30:00+03:00")), monday);
    }
}
