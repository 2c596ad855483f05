//! Rendered HTML of page parts that show only shared data (a country list,
//! the tracker's matrix for one filter, the roll-up tables…), kept by what
//! they show so that any request showing the same — another address, an
//! unknown query, a signed-in editor — copies the HTML instead of rendering
//! it again (server only).
//!
//! A part is reused while the storage's `data_version` is the one it was
//! rendered at and it is younger than [`MAX_AGE`], the response cache's
//! bound on what a page shows besides the data (the instant its countdowns
//! start from; the day is in the key). Longer than the shared reads' second:
//! a part re-rendered every second was, at 64 signed-in connections, a
//! render and a compression (`server::http::gzipped`) every second that
//! each request arriving meanwhile waited for. The key must name everything the part
//! shows besides the data (language, filters, a past day), and a part must
//! hold nothing of one person (no session, no CSRF token, no nonce).
//!
//! Memory: at most [`MAX_BYTES`] of HTML in all. Parts past their age or
//! version go first when a new one does not fit, then the oldest; a part
//! larger than a quarter of the budget is rendered but never kept.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The storage's data version when a request began, which the server
/// provides to each request: its parts are looked up and kept under it.
/// Everything the request reads is at least that new, so a part kept under
/// a version never shows older data than that version's, even when an edit
/// lands while the page renders (the next request, at the new version,
/// renders its own).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PageVersion(pub u64);

/// What every part's key on one page starts with (its language and day),
/// worked out by the first part that asks and shared by the rest: one per
/// request, provided by the server beside [`PageVersion`].
#[derive(Clone, Debug, Default)]
pub struct PageKey(std::sync::Arc<std::sync::OnceLock<String>>);

impl PageKey {
    pub fn get_or_init(&self, make: impl FnOnce() -> String) -> &str {
        self.0.get_or_init(make)
    }
}

/// The longest a part is reused, even at the same data version: as long as
/// the response cache keeps a whole page (`server::http::cache`).
pub const MAX_AGE: Duration = Duration::from_secs(60);

/// 24 MB: every part of every page type in six languages at one data
/// version is about 4 MB; the rest is room for filter combinations and
/// past days (a tracker matrix is ~100 KB, so about two hundred of them).
pub const MAX_BYTES: usize = 24 * 1024 * 1024;

struct Part {
    version: u64,
    made: Instant,
    html: Arc<str>,
    /// When a request began rendering this part again after it grew old
    /// (the others are served this copy meanwhile).
    renewing: Option<Instant>,
}

/// How long one request's render of a part that grew old is waited for
/// before another request takes it over (a render cut short by its client
/// leaving never keeps its part).
const RENEWAL: Duration = Duration::from_secs(10);

/// Rendered parts by key, bounded in bytes.
pub struct Fragments {
    max_age: Duration,
    max_bytes: usize,
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    parts: HashMap<String, Part>,
    bytes: usize,
}

impl Inner {
    fn remove(&mut self, key: &str) {
        if let Some(old) = self.parts.remove(key) {
            self.bytes -= old.html.len();
        }
    }

    /// Makes room for `needed` bytes: first what can no longer be served,
    /// then the oldest.
    fn make_room(&mut self, needed: usize, max_bytes: usize, usable: impl Fn(&Part) -> bool) {
        if self.bytes + needed <= max_bytes {
            return;
        }
        let before = self.parts.len();
        self.parts.retain(|_, part| usable(part));
        if self.parts.len() != before {
            self.bytes = self.parts.values().map(|p| p.html.len()).sum();
        }
        while self.bytes + needed > max_bytes {
            let Some(oldest) = self
                .parts
                .iter()
                .min_by_key(|(_, p)| p.made)
                .map(|(k, _)| k.clone())
            else {
                break;
            };
            self.remove(&oldest);
        }
    }
}

impl Fragments {
    pub fn new(max_age: Duration, max_bytes: usize) -> Self {
        Fragments {
            max_age,
            max_bytes,
            inner: Mutex::default(),
        }
    }

    /// The HTML for `key` at `version`, rendered by `make` when there is
    /// none to reuse. The lock is never held while rendering. After a change
    /// every request renders until one has kept its part (either copy is
    /// right); a part that merely grew old is rendered again by one request
    /// while the others are served the old copy ([`Fragments::kept`]), so
    /// 64 requests at once do not all render and compress it again.
    pub fn get(&self, key: &str, version: u64, make: impl FnOnce() -> String) -> Arc<str> {
        match self.kept(key, version) {
            Some(html) => html,
            None => self.keep(key, version, make()),
        }
    }

    /// The HTML kept for `key` at `version`, if it may still be served:
    /// `None` tells the caller to render it (and [`Fragments::keep`] it).
    /// A part of this version older than the age bound is served to everyone
    /// but the one request that renders it again, until that one keeps the
    /// new copy (or for at most [`RENEWAL`]).
    pub fn kept(&self, key: &str, version: u64) -> Option<Arc<str>> {
        let mut inner = self.inner.lock().ok()?;
        let part = inner.parts.get_mut(key)?;
        if self.usable(part, version) {
            return Some(part.html.clone());
        }
        if part.version != version {
            return None;
        }
        match part.renewing {
            Some(since) if since.elapsed() < RENEWAL => Some(part.html.clone()),
            _ => {
                part.renewing = Some(Instant::now());
                None
            }
        }
    }

    /// Keeps `html`, rendered for `key` at `version`, unless it is larger
    /// than a quarter of the budget; returns it either way.
    pub fn keep(&self, key: &str, version: u64, html: String) -> Arc<str> {
        let html: Arc<str> = html.into();
        if html.len() > self.max_bytes / 4 {
            return html;
        }
        if let Ok(mut inner) = self.inner.lock() {
            inner.remove(key);
            inner.make_room(html.len(), self.max_bytes, |part| {
                self.usable(part, version)
            });
            inner.bytes += html.len();
            inner.parts.insert(
                key.to_owned(),
                Part {
                    version,
                    made: Instant::now(),
                    html: html.clone(),
                    renewing: None,
                },
            );
        }
        html
    }

    fn usable(&self, part: &Part, version: u64) -> bool {
        part.version == version && part.made.elapsed() < self.max_age
    }

    /// Bytes of HTML kept now.
    pub fn bytes(&self) -> usize {
        self.inner.lock().map_or(0, |inner| inner.bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store(max_bytes: usize) -> Fragments {
        Fragments::new(Duration::from_secs(60), max_bytes)
    }

    #[test]
    fn a_part_is_rendered_once_per_key_and_version() {
        let parts = store(1000);
        assert_eq!(&*parts.get("a", 1, || "one".into()), "one");
        assert_eq!(&*parts.get("a", 1, || "two".into()), "one", "reused");
        assert_eq!(&*parts.get("b", 1, || "three".into()), "three", "own key");
        assert_eq!(&*parts.get("a", 2, || "four".into()), "four", "a change");
        assert_eq!(parts.bytes(), "four".len() + "three".len());
    }

    #[test]
    fn an_old_part_is_rendered_again_by_one_request_while_the_others_get_it() {
        let parts = Fragments::new(Duration::ZERO, 1000);
        assert_eq!(&*parts.get("a", 1, || "one".into()), "one");
        // The first request to find it old renders it again…
        assert_eq!(parts.kept("a", 1), None);
        // …and those arriving meanwhile are served the old copy.
        assert_eq!(parts.kept("a", 1).as_deref(), Some("one"));
        assert_eq!(&*parts.get("a", 1, || "not rendered".into()), "one");
        parts.keep("a", 1, "two".into());
        assert_eq!(parts.kept("a", 1), None, "old at once (age bound zero)");
        assert_eq!(parts.kept("a", 1).as_deref(), Some("two"));
        // After a change nobody is served the old version.
        assert_eq!(parts.kept("a", 2), None);
        assert_eq!(parts.kept("a", 2), None);
    }

    #[test]
    fn memory_stays_within_the_budget() {
        let parts = store(100);
        for i in 0..50 {
            let key = format!("filter-{i}");
            parts.get(&key, 1, || "x".repeat(20));
            assert!(parts.bytes() <= 100, "{} bytes after {i}", parts.bytes());
        }
        // The newest are kept, the oldest went.
        assert_eq!(&*parts.get("filter-49", 1, || "new".into()), "x".repeat(20));
        assert_eq!(&*parts.get("filter-0", 1, || "new".into()), "new");
    }

    #[test]
    fn stale_parts_go_before_fresh_ones() {
        // Parts of 100 bytes, a quarter of the budget: four fit.
        let parts = store(400);
        parts.get("old", 1, || "x".repeat(100));
        for key in ["kept", "second", "third"] {
            parts.get(key, 2, || "y".repeat(100));
        }
        // At version 2, "old" can no longer be served: it goes, not a fresh one.
        parts.get("new", 2, || "z".repeat(100));
        assert_eq!(parts.bytes(), 400);
        assert_eq!(&*parts.get("kept", 2, || "again".into()), "y".repeat(100));
        assert_eq!(&*parts.get("old", 2, || "again".into()), "again");
    }

    #[test]
    fn a_part_too_large_to_keep_is_still_shown() {
        let parts = store(100);
        assert_eq!(parts.get("big", 1, || "x".repeat(60)).len(), 60);
        assert_eq!(parts.bytes(), 0);
    }
}
