//! How the follow-up moved over time: for each status, how many actions were
//! in it on each sampled day, rebuilt from the append-only history.
//!
//! Every action starts "not reported" (the seed records no history), so the
//! state on a day is every status change up to the end of that day applied
//! in order. An action is identified by any key the caller chooses.

use super::Status;
use jiff::civil::Date;
use std::collections::HashMap;
use std::hash::Hash;

/// One status change: which action, on which (UTC) day, to which status.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatusEvent<K> {
    pub action: K,
    pub day: Date,
    pub to: Status,
}

/// The count of actions in each status (in `Status::ALL` order) on a day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DayCounts {
    pub day: Date,
    pub counts: [u32; 5],
}

impl DayCounts {
    pub fn count(&self, status: Status) -> u32 {
        self.counts[index(status)]
    }
}

fn index(status: Status) -> usize {
    Status::ALL
        .iter()
        .position(|s| *s == status)
        .unwrap_or_default()
}

/// The days sampled from `first` to `last`: every `step` days, and `last`
/// itself so the chart ends today.
pub fn sample_days(first: Date, last: Date, step: i32) -> Vec<Date> {
    let mut days = Vec::new();
    let mut day = first;
    while day < last {
        days.push(day);
        match day.checked_add(jiff::Span::new().days(step.max(1))) {
            Ok(next) => day = next,
            Err(_) => break,
        }
    }
    if first <= last {
        days.push(last);
    }
    days
}

/// The counts on each of `days` (ascending) of `total` actions whose status
/// changes are `events` (in the order they were made). Events of actions
/// outside the `total` (another region's) must be left out by the caller.
pub fn counts_by_day<K: Eq + Hash + Clone>(
    total: u32,
    events: &[StatusEvent<K>],
    days: &[Date],
) -> Vec<DayCounts> {
    let mut status: HashMap<K, Status> = HashMap::new();
    let mut counts = [0u32; 5];
    counts[index(Status::NotReported)] = total;
    let mut next = 0;
    days.iter()
        .map(|&day| {
            while next < events.len() && events[next].day <= day {
                let event = &events[next];
                let from = status
                    .insert(event.action.clone(), event.to)
                    .unwrap_or_default();
                counts[index(from)] = counts[index(from)].saturating_sub(1);
                counts[index(event.to)] += 1;
                next += 1;
            }
            DayCounts { day, counts }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn counts_follow_each_change_on_its_day() {
        let events = vec![
            StatusEvent {
                action: 1,
                day: date(2026, 1, 10),
                to: Status::InProgress,
            },
            StatusEvent {
                action: 2,
                day: date(2026, 1, 10),
                to: Status::Completed,
            },
            StatusEvent {
                action: 1,
                day: date(2026, 2, 1),
                to: Status::Completed,
            },
        ];
        let days = [date(2026, 1, 1), date(2026, 1, 10), date(2026, 3, 1)];
        let counts = counts_by_day(3, &events, &days);
        assert_eq!(counts[0].count(Status::NotReported), 3);
        assert_eq!(counts[1].count(Status::NotReported), 1);
        assert_eq!(counts[1].count(Status::InProgress), 1);
        assert_eq!(counts[1].count(Status::Completed), 1);
        assert_eq!(counts[2].count(Status::Completed), 2);
        assert_eq!(counts[2].count(Status::InProgress), 0);
        for c in &counts {
            assert_eq!(c.counts.iter().sum::<u32>(), 3, "every action is somewhere");
        }
    }

    #[test]
    fn sampled_days_end_on_the_last_day() {
        let days = sample_days(date(2025, 11, 4), date(2025, 11, 20), 7);
        assert_eq!(
            days,
            [
                date(2025, 11, 4),
                date(2025, 11, 11),
                date(2025, 11, 18),
                date(2025, 11, 20)
            ]
        );
        assert_eq!(
            sample_days(date(2025, 11, 4), date(2025, 11, 4), 7),
            [date(2025, 11, 4)]
        );
    }
}
