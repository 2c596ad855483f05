//! Sign-in limits, after OWASP's Authentication Cheat Sheet: guessing stays
//! slow, and nobody can keep an owner who knows the password out.
//!
//! - **Per client address**, every attempt counts (30 at once, then one every
//!   2 s: a country office may share one address). It is checked first; an
//!   attempt it refuses counts nowhere else, so a stranger's flood spends only
//!   the stranger's own allowance.
//! - **Failures only** count against an account, never a successful sign-in:
//!   10 from one address (then one every 30 s), and 100 from everywhere
//!   together (then one every 10 s) against guessing spread over many
//!   addresses.
//! - **A browser that signed in to the account before** (it holds a device
//!   cookie, see `services::accounts`) is judged by its own failures only, so
//!   neither a stranger at the same office nor a botnet can lock its owner out
//!   (OWASP's "device cookies").
//! - **Changing a password** checks the current one: 5 wrong ones per account,
//!   then one a minute, so a session left open is no guessing oracle.
//!
//! Failures are token buckets kept here rather than in `governor`, which has
//! no way to look at a limit without spending it: a limit that counts only
//! failures has to be looked at before the password is checked, and charged
//! after. Kept in memory: with several instances each counts on its own.

use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use std::collections::HashMap;
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Whose failures a limit counts.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum FailureKey {
    /// One account (by e-mail address) from one client address.
    AccountAt(String, Option<IpAddr>),
    /// One account from anywhere.
    Account(String),
    /// One browser that signed in to the account before (its cookie's hash).
    Device(String),
    /// Wrong current passwords on one account's change-password form.
    PasswordChange(i64),
}

impl FailureKey {
    /// How many failures at once, and how fast one more is allowed again.
    fn rule(&self) -> (f64, Duration) {
        match self {
            FailureKey::AccountAt(..) | FailureKey::Device(_) => (10.0, Duration::from_secs(30)),
            FailureKey::Account(_) => (100.0, Duration::from_secs(10)),
            FailureKey::PasswordChange(_) => (5.0, Duration::from_secs(60)),
        }
    }
}

/// Failures a key may still have: `burst` when untouched, one back per period.
#[derive(Clone, Copy, Debug)]
struct Bucket {
    left: f64,
    at: Instant,
}

impl Bucket {
    fn now(self, key: &FailureKey, now: Instant) -> Bucket {
        let (burst, every) = key.rule();
        let regained = now.saturating_duration_since(self.at).as_secs_f64() / every.as_secs_f64();
        Bucket {
            left: (self.left + regained).min(burst),
            at: now,
        }
    }
}

pub struct LoginLimits {
    per_addr: DefaultKeyedRateLimiter<IpAddr>,
    failures: Mutex<HashMap<FailureKey, Bucket>>,
}

impl Default for LoginLimits {
    fn default() -> Self {
        let quota = Quota::with_period(Duration::from_secs(2))
            .map(|q| q.allow_burst(NonZeroU32::new(30).unwrap_or(NonZeroU32::MIN)))
            .unwrap_or_else(|| Quota::per_minute(NonZeroU32::MIN));
        LoginLimits {
            per_addr: RateLimiter::keyed(quota),
            failures: Mutex::new(HashMap::new()),
        }
    }
}

impl LoginLimits {
    /// Counts one attempt from `addr` and says whether it may go on: the
    /// address has allowance left and none of `keys` has run out of failures.
    /// Nothing but the address's allowance is spent here.
    pub fn admit(&self, addr: Option<IpAddr>, keys: &[FailureKey]) -> bool {
        if let Some(addr) = addr {
            if self.per_addr.check_key(&addr).is_err() {
                return false;
            }
        }
        !keys.iter().any(|key| self.exhausted(key))
    }

    /// Whether `key` has no failure left (spends nothing).
    pub fn exhausted(&self, key: &FailureKey) -> bool {
        let Ok(failures) = self.failures.lock() else {
            return false;
        };
        failures
            .get(key)
            .is_some_and(|b| b.now(key, Instant::now()).left < 1.0)
    }

    /// Charges one failure to each key.
    pub fn record_failure(&self, keys: &[FailureKey]) {
        let Ok(mut failures) = self.failures.lock() else {
            return;
        };
        let now = Instant::now();
        for key in keys {
            let burst = key.rule().0;
            let bucket = failures.get(key).map_or(
                Bucket {
                    left: burst,
                    at: now,
                },
                |b| b.now(key, now),
            );
            failures.insert(
                key.clone(),
                Bucket {
                    left: (bucket.left - 1.0).max(0.0),
                    at: now,
                },
            );
        }
    }

    /// Forgets addresses and keys whose limits have fully recovered, so the
    /// tables hold recent attempts only, not every address and e-mail ever
    /// tried. The server calls it every minute.
    pub fn forget_recovered(&self) {
        self.per_addr.retain_recent();
        self.per_addr.shrink_to_fit();
        if let Ok(mut failures) = self.failures.lock() {
            let now = Instant::now();
            failures.retain(|key, bucket| bucket.now(key, now).left < key.rule().0);
            failures.shrink_to_fit();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(last: u8) -> Option<IpAddr> {
        Some(IpAddr::from([10, 0, 0, last]))
    }

    #[test]
    fn only_failures_count_against_an_account() {
        let limits = LoginLimits::default();
        let keys = [FailureKey::AccountAt("a@un.org".into(), ip(1))];
        for _ in 0..25 {
            assert!(limits.admit(ip(1), &keys), "successes never run out");
        }
        for _ in 0..10 {
            limits.record_failure(&keys);
        }
        assert!(!limits.admit(ip(2), &keys), "ten failures exhaust the pair");
    }

    #[test]
    fn a_flood_refused_by_its_address_spends_nothing_else() {
        let limits = LoginLimits::default();
        let stranger = [
            FailureKey::AccountAt("a@un.org".into(), ip(9)),
            FailureKey::Account("a@un.org".into()),
        ];
        let mut admitted = 0;
        for _ in 0..200 {
            if limits.admit(ip(9), &stranger) {
                admitted += 1;
                limits.record_failure(&stranger);
            }
        }
        assert!(admitted <= 30, "{admitted}");
        let owner = [
            FailureKey::AccountAt("a@un.org".into(), ip(1)),
            FailureKey::Account("a@un.org".into()),
        ];
        assert!(limits.admit(ip(1), &owner), "the owner elsewhere gets in");
    }

    #[test]
    fn failures_come_back_with_time_and_are_then_forgotten() {
        let limits = LoginLimits::default();
        let key = FailureKey::PasswordChange(7);
        for _ in 0..5 {
            limits.record_failure(std::slice::from_ref(&key));
        }
        assert!(limits.exhausted(&key));
        if let Ok(mut failures) = limits.failures.lock() {
            let bucket = failures.get_mut(&key).unwrap();
            bucket.at -= Duration::from_secs(61);
        }
        assert!(!limits.exhausted(&key), "one more after a minute");
        if let Ok(mut failures) = limits.failures.lock() {
            failures.get_mut(&key).unwrap().at -= Duration::from_secs(3600);
        }
        limits.forget_recovered();
        assert!(limits.failures.lock().unwrap().is_empty());
    }
}
