//! Reads every public page shares — the countries with their progress, all
//! countries' actions, the themes, the map's markup — done once per change
//! instead of once per request (server only).
//!
//! Without it each uncached page repeated the same queries and rebuilt the
//! same ~150 KB of map markup; the response cache hides that only for
//! addresses it has seen. A read here is reused while both hold:
//! - the storage's `data_version` is the one it was read at (every
//!   instance's changes move it, see `server::storage::version`), and
//! - it is younger than [`MAX_AGE`], a bound on anything a read shows
//!   besides the data (today's date, for one).
//!
//! The same holds for what pages assemble from those reads ([`Views`]: the
//! home page's, a region's, a country's, the tracker's, the milestones), so
//! an uncached page makes no query at all while the data stands still.
//!
//! Memory: one value per (kind, language): six languages × four kinds, about
//! 1.5 MB in all, plus the history (a few hundred bytes per change), each
//! replaced rather than accumulated; the assembled views, one per (kind,
//! language, place): at most six languages × (5 + 5 regions + ~250
//! countries, the only places `views` lets in) values of a few KB, about
//! 10 MB at the very most; and the rendered page parts, at most
//! [`fragments::MAX_BYTES`].

use crate::model::{
    ActionEntry, ChangeQuery, ChangeRecord, CountryData, CountryEntry, HomeData, MapData,
    MilestoneEntry, RegionData, Timeline, TrackerData,
};
use crate::services::fragments::{self, Fragments, PageVersion};
use crate::services::storage::{every_change, SharedStorage, StorageError};
use std::collections::HashMap;
use std::future::Future;
use std::hash::Hash;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use summit::{Iso3, Language, Region};
use tokio::sync::OnceCell;

/// The longest a read is reused, even at the same data version.
pub const MAX_AGE: Duration = Duration::from_secs(1);

/// One read, at one data version, loaded once by the first request that
/// needs it while the others await the same load.
struct Slot<V> {
    version: u64,
    made: Instant,
    value: OnceCell<Arc<V>>,
}

/// Values by key, each valid for one data version and [`MAX_AGE`].
pub(crate) struct Memo<K, V> {
    slots: Mutex<HashMap<K, Arc<Slot<V>>>>,
}

impl<K: Eq + Hash + Copy, V> Default for Memo<K, V> {
    fn default() -> Self {
        Memo {
            slots: Mutex::default(),
        }
    }
}

impl<K: Eq + Hash + Copy, V> Memo<K, V> {
    /// The slot for `key` at `version`, new when the old one is of another
    /// version or too old.
    fn slot(&self, key: K, version: u64) -> Arc<Slot<V>> {
        let fresh = || {
            Arc::new(Slot {
                version,
                made: Instant::now(),
                value: OnceCell::new(),
            })
        };
        let Ok(mut slots) = self.slots.lock() else {
            return fresh();
        };
        match slots.get(&key) {
            Some(slot) if slot.version == version && slot.made.elapsed() < MAX_AGE => slot.clone(),
            _ => {
                let slot = fresh();
                slots.insert(key, slot.clone());
                slot
            }
        }
    }

    /// The value for `key` at `version`, loaded by `load` when there is none.
    /// `load` must read at `version` or later (read the version first).
    pub(crate) async fn get<F, Fut, E>(&self, key: K, version: u64, load: F) -> Result<Arc<V>, E>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<V, E>>,
    {
        let slot = self.slot(key, version);
        slot.value
            .get_or_try_init(|| async { load().await.map(Arc::new) })
            .await
            .cloned()
    }

    /// The same for a value made synchronously from what the caller holds.
    fn get_sync(&self, key: K, version: u64, make: impl FnOnce() -> V) -> Arc<V> {
        let slot = self.slot(key, version);
        if let Some(value) = slot.value.get() {
            return value.clone();
        }
        let value = Arc::new(make());
        // Another request may have made it meanwhile: either copy is right.
        let _ = slot.value.set(value.clone());
        value
    }
}

/// The shared reads of one storage; the server provides one per router.
pub struct SharedReads {
    storage: SharedStorage,
    countries: Memo<Language, Vec<CountryEntry>>,
    actions: Memo<Language, Vec<(Iso3, ActionEntry)>>,
    themes: Memo<Language, Vec<(String, String)>>,
    map_markup: Memo<Language, String>,
    history: Memo<(), Vec<ChangeRecord>>,
    fragments: Fragments,
    /// What pages assemble from the reads above (see `services::views`).
    pub(crate) views: Views,
}

/// Pages' assembled data as of now (never a past `?at=` day), by what
/// they show; filled by `services::views`.
#[derive(Default)]
pub(crate) struct Views {
    pub home: Memo<Language, HomeData>,
    pub map: Memo<Language, MapData>,
    pub milestones: Memo<Language, Vec<MilestoneEntry>>,
    pub region: Memo<(Language, Region), RegionData>,
    /// Only countries the storage knows: an unknown code is never a key.
    pub country: Memo<(Language, Iso3), CountryData>,
    pub tracker: Memo<Language, TrackerData>,
    /// The follow-up over time, for all regions (`None`) or one; it counts
    /// to today, and a new day shows within [`MAX_AGE`] like a change.
    pub timeline: Memo<Option<Region>, Timeline>,
}

impl SharedReads {
    pub fn new(storage: SharedStorage) -> Self {
        SharedReads {
            storage,
            countries: Memo::default(),
            actions: Memo::default(),
            themes: Memo::default(),
            map_markup: Memo::default(),
            history: Memo::default(),
            fragments: Fragments::new(fragments::MAX_AGE, fragments::MAX_BYTES),
            views: Views::default(),
        }
    }

    pub fn storage(&self) -> &SharedStorage {
        &self.storage
    }

    /// The storage's data version now (read it before what it versions).
    pub(crate) fn version(&self) -> u64 {
        self.storage.data_version()
    }

    /// Every country in `language` with its progress (see `PlaceStorage::countries`).
    pub async fn countries(
        &self,
        language: Language,
    ) -> Result<Arc<Vec<CountryEntry>>, StorageError> {
        self.countries
            .get(language, self.version(), || {
                self.storage.countries(language)
            })
            .await
    }

    /// Every country's actions (see `ActionStorage::all_country_actions`).
    pub async fn all_country_actions(
        &self,
        language: Language,
    ) -> Result<Arc<Vec<(Iso3, ActionEntry)>>, StorageError> {
        self.actions
            .get(language, self.version(), || {
                self.storage.all_country_actions(language)
            })
            .await
    }

    /// The themes in `language` (see `ReferenceStorage::themes`).
    pub async fn themes(
        &self,
        language: Language,
    ) -> Result<Arc<Vec<(String, String)>>, StorageError> {
        self.themes
            .get(language, self.version(), || self.storage.themes(language))
            .await
    }

    /// Every change in the history, oldest first (the timeline's input).
    pub async fn history(&self) -> Result<Arc<Vec<ChangeRecord>>, StorageError> {
        self.history
            .get((), self.version(), || {
                every_change(
                    self.storage.as_ref(),
                    ChangeQuery {
                        limit: 1000,
                        ..ChangeQuery::default()
                    },
                )
            })
            .await
    }

    /// The map's markup in `language`, made by `make` when the data changed.
    /// `make` must draw the countries [`countries`](Self::countries) returns
    /// at the current version.
    pub fn map_markup(&self, language: Language, make: impl FnOnce() -> String) -> Arc<String> {
        self.map_markup.get_sync(language, self.version(), make)
    }

    /// The data version now, for a request that begins (see [`PageVersion`]).
    pub fn page_version(&self) -> PageVersion {
        PageVersion(self.version())
    }

    /// A page part's HTML by what it shows (see [`Fragments`]), rendered by
    /// `make` when the data changed or it is older than
    /// [`fragments::MAX_AGE`].
    pub fn fragment(
        &self,
        page: PageVersion,
        key: &str,
        make: impl FnOnce() -> String,
    ) -> Arc<str> {
        self.fragments.get(key, page.0, make)
    }

    /// The HTML kept for a part at the request's version, if any.
    pub fn kept_fragment(&self, page: PageVersion, key: &str) -> Option<Arc<str>> {
        self.fragments.kept(key, page.0)
    }

    /// Keeps a part's HTML, rendered at the request's version.
    pub fn keep_fragment(&self, page: PageVersion, key: &str, html: String) -> Arc<str> {
        self.fragments.keep(key, page.0, html)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU32, Ordering};

    #[tokio::test]
    async fn a_value_is_loaded_once_per_version() {
        let memo = Memo::<u8, u32>::default();
        let loads = AtomicU32::new(0);
        let load = || async { Ok::<_, ()>(loads.fetch_add(1, Ordering::SeqCst) + 1) };
        assert_eq!(*memo.get(1, 7, load).await.unwrap(), 1);
        assert_eq!(
            *memo.get(1, 7, load).await.unwrap(),
            1,
            "same version: reused"
        );
        assert_eq!(
            *memo.get(2, 7, load).await.unwrap(),
            2,
            "another key: its own"
        );
        assert_eq!(
            *memo.get(1, 8, load).await.unwrap(),
            3,
            "a change: read again"
        );
    }

    #[tokio::test]
    async fn a_failed_load_is_not_kept() {
        let memo = Memo::<u8, u32>::default();
        assert!(memo
            .get(1, 1, || async { Err::<u32, _>(()) })
            .await
            .is_err());
        assert_eq!(
            *memo.get(1, 1, || async { Ok::<_, ()>(5) }).await.unwrap(),
            5
        );
    }

    #[tokio::test]
    async fn a_value_is_read_again_after_a_second() {
        let memo = Memo::<u8, u32>::default();
        assert_eq!(
            *memo.get(1, 1, || async { Ok::<_, ()>(1) }).await.unwrap(),
            1
        );
        // As if made over a second ago (another instance may have changed it).
        if let Some(slot) = memo.slots.lock().unwrap().get_mut(&1) {
            *slot = Arc::new(Slot {
                version: 1,
                made: Instant::now() - MAX_AGE,
                value: OnceCell::new_with(Some(Arc::new(1))),
            });
        }
        assert_eq!(
            *memo.get(1, 1, || async { Ok::<_, ()>(2) }).await.unwrap(),
            2
        );
    }

    #[test]
    fn markup_is_made_once_per_version() {
        let memo = Memo::<u8, String>::default();
        assert_eq!(*memo.get_sync(1, 1, || "a".into()), "a");
        assert_eq!(*memo.get_sync(1, 1, || "b".into()), "a");
        assert_eq!(*memo.get_sync(1, 2, || "c".into()), "c");
    }
}
