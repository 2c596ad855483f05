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
//! - **Asking for a password reset link** counts every request: 3 per
//!   address, then one every 10 minutes, and 10 per client address, then
//!   one a minute (`services::access_links`).
//!
//! Failures are token buckets kept in the database (`AccountStorage`'s
//! `charge_failure`), so several instances count every failure together:
//! N instances allow no more guesses than one. Each bucket is one instant,
//! when it is full again (a "theoretical arrival time"): a failure moves it
//! to the later of it and now, plus the key's period; the failures left are
//! the burst less the time still to wait, in periods. `governor` could not
//! serve here: it has no way to look at a limit without spending it, and a
//! limit that counts only failures has to be looked at before the password
//! is checked and charged after. The per-address allowance on every
//! attempt is a flood guard kept in memory per instance (`governor`).
//!
//! Keys are stored as SHA-256 hashes: no e-mail or client address is kept.

use crate::services::storage::{SharedStorage, StorageError};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::time::Duration;

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
    /// Password reset links asked for one address (every request counts).
    Reset(String),
    /// Password reset links asked for from one client address.
    ResetAt(Option<IpAddr>),
}

impl FailureKey {
    /// How many failures at once, and how fast one more is allowed again.
    fn rule(&self) -> (u32, Duration) {
        match self {
            FailureKey::AccountAt(..) | FailureKey::Device(_) => (10, Duration::from_secs(30)),
            FailureKey::Account(_) => (100, Duration::from_secs(10)),
            FailureKey::PasswordChange(_) => (5, Duration::from_secs(60)),
            // Three messages to one address, then one every ten minutes: a
            // stranger cannot flood someone's inbox.
            FailureKey::Reset(_) => (3, Duration::from_secs(600)),
            FailureKey::ResetAt(_) => (10, Duration::from_secs(60)),
        }
    }

    /// The key as stored: a SHA-256 of its kind and what it names, as
    /// tokens are stored.
    fn stored(&self) -> String {
        let text = match self {
            FailureKey::AccountAt(email, addr) => match addr {
                Some(addr) => format!("account-at\0{email}\0{addr}"),
                None => format!("account-at\0{email}\0"),
            },
            FailureKey::Account(email) => format!("account\0{email}"),
            FailureKey::Device(hash) => format!("device\0{hash}"),
            FailureKey::PasswordChange(id) => format!("password\0{id}"),
            FailureKey::Reset(email) => format!("reset\0{email}"),
            FailureKey::ResetAt(addr) => match addr {
                Some(addr) => format!("reset-at\0{addr}"),
                None => "reset-at\0".to_owned(),
            },
        };
        crate::security::sha256_hex(&text)
    }

    /// Whether a bucket full again at `full_at` has no failure left at `now`
    /// (both Unix milliseconds).
    fn exhausted_at(&self, full_at: i64, now: i64) -> bool {
        let (burst, period) = self.rule();
        let wait = full_at.saturating_sub(now).max(0);
        wait > i64::from(burst - 1).saturating_mul(millis(period))
    }
}

fn millis(duration: Duration) -> i64 {
    i64::try_from(duration.as_millis()).unwrap_or(i64::MAX)
}

fn now_ms() -> i64 {
    jiff::Timestamp::now().as_millisecond()
}

pub struct LoginLimits {
    per_addr: DefaultKeyedRateLimiter<IpAddr>,
    failures: SharedStorage,
}

impl LoginLimits {
    /// Limits whose failures are counted in `storage`.
    pub fn new(storage: SharedStorage) -> Self {
        let quota = Quota::with_period(Duration::from_secs(2))
            .map(|q| q.allow_burst(NonZeroU32::new(30).unwrap_or(NonZeroU32::MIN)))
            .unwrap_or_else(|| Quota::per_minute(NonZeroU32::MIN));
        LoginLimits {
            per_addr: RateLimiter::keyed(quota),
            failures: storage,
        }
    }

    /// Counts one attempt from `addr` and says whether it may go on: the
    /// address has allowance left and none of `keys` has run out of failures.
    /// Nothing but the address's allowance is spent here.
    pub async fn admit(
        &self,
        addr: Option<IpAddr>,
        keys: &[FailureKey],
    ) -> Result<bool, StorageError> {
        if let Some(addr) = addr {
            if self.per_addr.check_key(&addr).is_err() {
                return Ok(false);
            }
        }
        for key in keys {
            if self.exhausted(key).await? {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// Whether `key` has no failure left (spends nothing).
    pub async fn exhausted(&self, key: &FailureKey) -> Result<bool, StorageError> {
        let full_at = self.failures.failures_full_at(&key.stored()).await?;
        Ok(full_at.is_some_and(|full_at| key.exhausted_at(full_at, now_ms())))
    }

    /// Charges one failure to each key. A failure to record is logged (by
    /// the storage) and does not change the answer the person gets.
    pub async fn record_failure(&self, keys: &[FailureKey]) {
        let now = now_ms();
        for key in keys {
            let period = millis(key.rule().1);
            let _ = self
                .failures
                .charge_failure(&key.stored(), now, period)
                .await;
        }
    }

    /// Forgets addresses and keys whose limits have fully recovered, so the
    /// tables hold recent attempts only, not every address and e-mail ever
    /// tried. The server calls it every minute.
    pub async fn forget_recovered(&self) {
        self.per_addr.retain_recent();
        self.per_addr.shrink_to_fit();
        let _ = self.failures.forget_full_buckets(now_ms()).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECOND: i64 = 1000;

    /// The bucket after `n` failures charged at `now` from empty.
    fn after(key: &FailureKey, n: i64, now: i64) -> i64 {
        (0..n).fold(0, |full_at, _| full_at.max(now) + millis(key.rule().1))
    }

    #[test]
    fn ten_failures_exhaust_a_pair_and_one_comes_back_each_period() {
        let key = FailureKey::AccountAt("a@un.org".into(), Some(IpAddr::from([10, 0, 0, 1])));
        let now = 1_000_000 * SECOND;
        assert!(
            !key.exhausted_at(after(&key, 9, now), now),
            "nine leave one"
        );
        let full_at = after(&key, 10, now);
        assert!(key.exhausted_at(full_at, now), "ten exhaust");
        assert!(key.exhausted_at(full_at, now + 29 * SECOND));
        assert!(
            !key.exhausted_at(full_at, now + 30 * SECOND),
            "one more after 30 s"
        );
        assert!(!key.exhausted_at(full_at, now + 301 * SECOND), "full again");
    }

    #[test]
    fn each_kind_has_its_own_burst() {
        let now = 5_000 * SECOND;
        let change = FailureKey::PasswordChange(7);
        assert!(!change.exhausted_at(after(&change, 4, now), now));
        assert!(change.exhausted_at(after(&change, 5, now), now));
        let account = FailureKey::Account("a@un.org".into());
        assert!(!account.exhausted_at(after(&account, 99, now), now));
        assert!(account.exhausted_at(after(&account, 100, now), now));
    }

    #[test]
    fn stored_keys_are_hashes_that_tell_kinds_and_addresses_apart() {
        let email = "a@un.org".to_owned();
        let keys = [
            FailureKey::AccountAt(email.clone(), Some(IpAddr::from([10, 0, 0, 1]))),
            FailureKey::AccountAt(email.clone(), Some(IpAddr::from([10, 0, 0, 2]))),
            FailureKey::AccountAt(email.clone(), None),
            FailureKey::Account(email.clone()),
            FailureKey::Device(email.clone()),
        ];
        let stored: std::collections::HashSet<String> = keys.iter().map(|k| k.stored()).collect();
        assert_eq!(stored.len(), keys.len());
        assert!(stored
            .iter()
            .all(|k| k.len() == 64 && !k.contains("un.org")));
    }
}
