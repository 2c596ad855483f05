//! The cache's slots, bounded in bytes as well as in number.
//!
//! Why bytes: a page is ~250 KB before compression (~300 KB with its
//! brotli and gzip forms), and addresses that differ in the parameters a
//! page reads (a past day, a filter) are each kept. [`MAX_BYTES`] caps the
//! bodies at 48 MiB: every page type in six languages (~100 answers, ~30 MB)
//! fits, and memory stays flat whatever the addresses.
//!
//! What goes first when full: answers never served twice (a unique address is
//! worth nothing to the next visitor), oldest first; only then the oldest of
//! the rest. So a flood of unique addresses cannot push the home page out.

use super::Slot;
use std::collections::HashMap;

pub const MAX_ENTRIES: usize = 512;
pub const MAX_BYTES: usize = 48 * 1024 * 1024;

#[derive(Default)]
pub struct Store {
    slots: HashMap<String, Slot>,
    /// The sum of the stored answers' body sizes.
    bytes: usize,
}

impl Store {
    /// The slot for `key`, made when missing (room is made first).
    pub fn slot(&mut self, key: &str) -> &mut Slot {
        if !self.slots.contains_key(key) && self.slots.len() >= MAX_ENTRIES {
            self.make_room(0);
        }
        self.slots.entry(key.to_owned()).or_default()
    }

    pub fn remove(&mut self, key: &str) {
        if let Some(slot) = self.slots.remove(key) {
            self.bytes -= slot.answer.map_or(0, |a| a.body.len());
        }
    }

    /// Stores `answer` as the slot's answer, evicting others if needed.
    pub fn store(&mut self, key: String, answer: std::sync::Arc<super::Entry>) {
        let size = answer.body.len();
        self.remove_answer(&key);
        if self.bytes + size > MAX_BYTES || self.slots.len() >= MAX_ENTRIES {
            self.make_room(size);
        }
        self.bytes += size;
        let slot = self.slots.entry(key).or_default();
        slot.answer = Some(answer);
        slot.rendering = None;
    }

    fn remove_answer(&mut self, key: &str) {
        if let Some(slot) = self.slots.get_mut(key) {
            if let Some(old) = slot.answer.take() {
                self.bytes -= old.body.len();
            }
        }
    }

    /// Evicts down to three quarters of both limits, with room for `size`
    /// more bytes: answers never replayed first, oldest first, then the rest
    /// by age. Slots being rendered stay (their waiters hold them).
    fn make_room(&mut self, size: usize) {
        let byte_goal = (MAX_BYTES * 3 / 4).saturating_sub(size);
        let count_goal = MAX_ENTRIES * 3 / 4;
        let mut order: Vec<(bool, std::time::Instant, String)> = self
            .slots
            .iter()
            .filter(|(_, slot)| !slot.is_rendering())
            .map(|(key, slot)| {
                let at = slot.answer.as_ref().map(|a| a.at);
                (
                    slot.hits > 0,
                    at.unwrap_or_else(std::time::Instant::now),
                    key.clone(),
                )
            })
            .collect();
        // Unreplayed (false) before replayed, older before newer.
        order.sort();
        for (_, _, key) in order {
            if self.bytes <= byte_goal && self.slots.len() <= count_goal {
                break;
            }
            self.remove(&key);
        }
    }

    #[cfg(test)]
    pub fn bytes(&self) -> usize {
        self.bytes
    }

    #[cfg(test)]
    pub fn contains(&self, key: &str) -> bool {
        self.slots.get(key).is_some_and(|s| s.answer.is_some())
    }
}

#[cfg(test)]
mod tests {
    use super::super::Entry;
    use super::*;
    use axum::body::Bytes;
    use axum::http::{HeaderMap, StatusCode};
    use std::time::Instant;

    fn answer(size: usize) -> std::sync::Arc<Entry> {
        std::sync::Arc::new(Entry {
            at: Instant::now(),
            tag: super::super::rules::Tag::new(0, "2026-12-04", "test"),
            status: StatusCode::OK,
            headers: HeaderMap::new(),
            body: std::sync::Arc::new(super::super::encoded::Encoded::new(
                Bytes::from(vec![b'x'; size]),
                false,
            )),
        })
    }

    #[test]
    fn unique_addresses_never_grow_it_past_its_budget_nor_evict_a_page_in_use() {
        let mut store = Store::default();
        store.store("/en/".into(), answer(250_000));
        store.slot("/en/").hits += 1;
        for i in 0..2_000 {
            store.store(format!("/en/?x={i}"), answer(250_000));
            assert!(store.bytes() <= MAX_BYTES);
            assert!(store.slots.len() <= MAX_ENTRIES);
        }
        assert!(store.contains("/en/"), "the replayed page stays");
    }

    #[test]
    fn bytes_are_counted_back_when_answers_go() {
        let mut store = Store::default();
        store.store("a".into(), answer(10));
        store.store("a".into(), answer(20));
        assert_eq!(store.bytes(), 20);
        store.remove("a");
        assert_eq!(store.bytes(), 0);
    }
}
