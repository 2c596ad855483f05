//! Countdown arithmetic: where "now" stands against a milestone's window.
//!
//! Pure arithmetic on absolute instants, so the server (rendering at request
//! time) and the browser (ticking every second) compute the same value.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

/// An absolute interval: `start` inclusive, `end` exclusive (`end == start` for an instant).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Window {
    start: Timestamp,
    end: Timestamp,
}

impl Window {
    /// `None` when the end is before the start.
    pub fn new(start: Timestamp, end: Timestamp) -> Option<Self> {
        (end >= start).then_some(Window { start, end })
    }

    pub fn start(&self) -> Timestamp {
        self.start
    }

    pub fn end(&self) -> Timestamp {
        self.end
    }

    pub fn duration_seconds(&self) -> i64 {
        self.end.as_second() - self.start.as_second()
    }

    /// Where `now` stands against this window.
    pub fn countdown(&self, now: Timestamp) -> Countdown {
        let now_s = now.as_second();
        if now < self.start {
            Countdown::Upcoming {
                until_start: Breakdown::from_seconds(self.start.as_second() - now_s),
            }
        } else if now < self.end {
            Countdown::Ongoing {
                until_end: Breakdown::from_seconds(self.end.as_second() - now_s),
            }
        } else {
            Countdown::Past {
                since_start: Breakdown::from_seconds(now_s - self.start.as_second()),
                since_end: Breakdown::from_seconds(now_s - self.end.as_second()),
            }
        }
    }
}

/// A non-negative duration split into whole days (of 24 hours), hours, minutes
/// and seconds. Elapsed and remaining times are absolute durations, so a "day"
/// here is 86 400 seconds whatever the viewer's daylight-saving rules.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Breakdown {
    pub days: i64,
    pub hours: i64,
    pub minutes: i64,
    pub seconds: i64,
}

impl Breakdown {
    /// Negative input is treated as zero: a countdown never shows "−1 seconds".
    pub fn from_seconds(total: i64) -> Self {
        let total = total.max(0);
        Breakdown {
            days: total / 86_400,
            hours: total % 86_400 / 3_600,
            minutes: total % 3_600 / 60,
            seconds: total % 60,
        }
    }

    pub fn total_seconds(&self) -> i64 {
        self.days * 86_400 + self.hours * 3_600 + self.minutes * 60 + self.seconds
    }
}

/// The state of a countdown at one instant.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "phase")]
pub enum Countdown {
    Upcoming {
        until_start: Breakdown,
    },
    Ongoing {
        until_end: Breakdown,
    },
    Past {
        since_start: Breakdown,
        since_end: Breakdown,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    fn summit() -> Window {
        Window::new(ts("2025-11-03T21:00:00Z"), ts("2025-11-06T21:00:00Z")).unwrap()
    }

    #[test]
    fn before_the_start_it_counts_down() {
        let c = summit().countdown(ts("2025-11-02T19:58:30Z"));
        assert_eq!(
            c,
            Countdown::Upcoming {
                until_start: Breakdown {
                    days: 1,
                    hours: 1,
                    minutes: 1,
                    seconds: 30
                }
            }
        );
    }

    #[test]
    fn during_the_window_it_is_ongoing_with_time_left() {
        let c = summit().countdown(ts("2025-11-05T09:00:00Z"));
        assert_eq!(
            c,
            Countdown::Ongoing {
                until_end: Breakdown {
                    days: 1,
                    hours: 12,
                    minutes: 0,
                    seconds: 0
                }
            }
        );
    }

    #[test]
    fn the_start_instant_is_ongoing_and_the_end_instant_is_past() {
        assert!(matches!(
            summit().countdown(summit().start()),
            Countdown::Ongoing { .. }
        ));
        assert!(matches!(
            summit().countdown(summit().end()),
            Countdown::Past { .. }
        ));
    }

    #[test]
    fn after_the_end_it_counts_up_from_both_ends() {
        let c = summit().countdown(ts("2026-11-29T02:35:07Z"));
        let Countdown::Past {
            since_start,
            since_end,
        } = c
        else {
            panic!("{c:?}")
        };
        // 2025-11-03T21:00Z → 2026-11-29T02:35:07Z: 390 days, 5 h 35 min 7 s.
        assert_eq!(
            since_start,
            Breakdown {
                days: 390,
                hours: 5,
                minutes: 35,
                seconds: 7
            }
        );
        assert_eq!(since_end.days, 387);
    }

    #[test]
    fn an_instant_milestone_is_never_ongoing() {
        let at = ts("2025-11-04T07:00:00Z");
        let w = Window::new(at, at).unwrap();
        assert!(matches!(
            w.countdown(ts("2025-11-04T06:59:59Z")),
            Countdown::Upcoming { .. }
        ));
        assert!(matches!(w.countdown(at), Countdown::Past { .. }));
    }

    #[test]
    fn end_before_start_is_not_a_window() {
        assert_eq!(
            Window::new(ts("2025-11-06T00:00:00Z"), ts("2025-11-04T00:00:00Z")),
            None
        );
    }

    #[test]
    fn breakdown_splits_and_recombines() {
        let b = Breakdown::from_seconds(90_061);
        assert_eq!(
            b,
            Breakdown {
                days: 1,
                hours: 1,
                minutes: 1,
                seconds: 1
            }
        );
        assert_eq!(b.total_seconds(), 90_061);
        assert_eq!(Breakdown::from_seconds(-5), Breakdown::default());
    }
}
