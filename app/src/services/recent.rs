//! Values read moments ago, kept so that the next request within a second
//! does not read them again: who a session is and which account it signed
//! in to, asked by every signed-in request (four queries each before).
//!
//! A value is used only while both hold, as for the shared reads:
//! - the version of its source is the one it was read at (the caller reads
//!   the version *before* the value, so a change landing in between makes
//!   the value unusable rather than stale), and
//! - it is younger than `max_age`, so another instance's change (a
//!   sign-out, a new password, a new role on a server sharing the database)
//!   takes effect within that time.
//!
//! Memory: at most `max_len` values. A full store first drops what can no
//! longer be used, and if that frees nothing, everything: a burst of new
//! keys costs reads, never memory.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::Mutex;
use std::time::{Duration, Instant};

#[derive(Debug)]
pub struct Recent<K, V> {
    max_age: Duration,
    max_len: usize,
    entries: Mutex<HashMap<K, Entry<V>>>,
}

#[derive(Debug)]
struct Entry<V> {
    version: u64,
    read: Instant,
    value: V,
}

impl<K: Eq + Hash, V: Clone> Recent<K, V> {
    pub fn new(max_age: Duration, max_len: usize) -> Self {
        Recent {
            max_age,
            max_len,
            entries: Mutex::default(),
        }
    }

    /// The value of `key` if it was read at `version` less than `max_age` ago.
    pub fn get(&self, key: &K, version: u64) -> Option<V> {
        let entries = self.entries.lock().ok()?;
        entries
            .get(key)
            .filter(|e| e.version == version && e.read.elapsed() < self.max_age)
            .map(|e| e.value.clone())
    }

    /// Keeps `value` of `key`, read at `version` (read before the value).
    pub fn put(&self, key: K, version: u64, value: V) {
        let Ok(mut entries) = self.entries.lock() else {
            return;
        };
        if entries.len() >= self.max_len && !entries.contains_key(&key) {
            let max_age = self.max_age;
            entries.retain(|_, e| e.version == version && e.read.elapsed() < max_age);
            if entries.len() >= self.max_len {
                entries.clear();
            }
        }
        entries.insert(
            key,
            Entry {
                version,
                read: Instant::now(),
                value,
            },
        );
    }

    /// Forgets `key` (its source changed through this instance).
    pub fn forget(&self, key: &K) {
        if let Ok(mut entries) = self.entries.lock() {
            entries.remove(key);
        }
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.entries.lock().map(|e| e.len()).unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_is_used_only_at_the_version_it_was_read_at() {
        let recent = Recent::new(Duration::from_secs(1), 8);
        recent.put(1, 5, "alice");
        assert_eq!(recent.get(&1, 5), Some("alice"));
        assert_eq!(recent.get(&1, 6), None, "the source changed");
        assert_eq!(recent.get(&2, 5), None, "never read");
        recent.forget(&1);
        assert_eq!(recent.get(&1, 5), None, "forgotten");
    }

    #[test]
    fn a_value_is_not_used_after_max_age() {
        let recent = Recent::new(Duration::from_millis(20), 8);
        recent.put(1, 0, "alice");
        std::thread::sleep(Duration::from_millis(30));
        assert_eq!(recent.get(&1, 0), None);
    }

    #[test]
    fn the_store_never_holds_more_than_max_len() {
        let recent = Recent::new(Duration::from_secs(60), 4);
        for key in 0..100 {
            recent.put(key, 0, key);
            assert!(recent.len() <= 4, "{} kept", recent.len());
        }
        assert_eq!(recent.get(&99, 0), Some(99), "the newest is kept");
        // Values of an old version go first: the new one is all that is left.
        for key in 0..3 {
            recent.put(key, 0, key);
        }
        recent.put(50, 1, 50);
        assert_eq!(recent.len(), 4);
        recent.put(51, 1, 51);
        assert_eq!(recent.len(), 2, "only version 1 remains");
    }
}
