//! Page parts rendered once and copied after: see `services::fragments` for
//! when a copy is reused and how much memory the copies may take.

use leptos::prelude::*;

/// `view`, rendered to HTML on the server once per (part, language, day the
/// page shows, data version) and copied into every later page that shows
/// the same part: another address, an unknown query, a signed-in editor.
/// `part` names the part and whatever else it depends on (a region, the
/// tracker's filters); the language and the `?at=` day are added here.
///
/// For server markup, and for an island only when `part` names every prop
/// it takes (islands carry no hydration ids, so one island's HTML fits any
/// page with the same props: the map does this). Never head tags like
/// `<Title>` (they would be lost), nor anything of one person (a session, a
/// CSRF token, a nonce). In the browser, which renders islands only, this
/// renders `view` as it is.
pub fn reused<V>(part: impl FnOnce() -> String, view: impl FnOnce() -> V) -> impl IntoView
where
    V: IntoView + 'static,
{
    #[cfg(feature = "ssr")]
    {
        use crate::services::fragments::PageVersion;
        use crate::services::shared_reads::SharedReads;
        use leptos::either::Either;
        // Without the request's contexts (seen only in a render that goes
        // on after its client left, its owner already disposed) the part is
        // rendered here, as if never reused.
        let shared = use_context::<std::sync::Arc<SharedReads>>();
        match shared.zip(use_context::<PageVersion>()) {
            Some((shared, page)) => {
                let key = key(&part());
                let html = shared.fragment(page, &key, || {
                    let _whole = kept::Splices::hold();
                    view().into_view().to_html()
                });
                Either::Left(kept::Kept::new(html))
            }
            None => Either::Right(view()),
        }
    }
    #[cfg(not(feature = "ssr"))]
    {
        let _ = part;
        view()
    }
}

/// A page's body loaded and shown as a whole, for a page whose parts all
/// come from shared data: when the server kept this body for `part` (see
/// [`reused`]; the address's path is added to the key), it is copied and
/// `load` never runs, so such a request reads nothing and renders only the
/// page's frame. `part` is `None` when this request shows something of its
/// own (a note after a save, a refused post): it is then rendered and not
/// kept. Call it inside the page's `Suspend`, with nothing in `view` that
/// waits (no `<Suspense>`: it would be kept as its fallback) and no head
/// tags; errors are the page's to show, and never kept.
pub async fn reused_after<T, V>(
    part: Option<String>,
    load: impl std::future::Future<Output = Result<T, crate::error::AppError>>,
    view: impl FnOnce(T) -> V,
) -> Result<AnyView, crate::error::AppError>
where
    V: IntoView + 'static,
{
    #[cfg(feature = "ssr")]
    {
        use crate::services::fragments::PageVersion;
        use crate::services::shared_reads::SharedReads;
        let shared = use_context::<std::sync::Arc<SharedReads>>();
        let page = use_context::<PageVersion>();
        let kept = match (shared, page, part) {
            (Some(shared), Some(page), Some(part)) => {
                let path = leptos_router::hooks::use_location()
                    .pathname
                    .get_untracked();
                let key = key(&format!("{path}|{part}"));
                if let Some(html) = shared.kept_fragment(page, &key) {
                    return Ok(kept::Kept::new(html).into_any());
                }
                Some((shared, page, key))
            }
            _ => None,
        };
        let data = load.await?;
        Ok(match kept {
            Some((shared, page, key)) => {
                let html = {
                    let _whole = kept::Splices::hold();
                    view(data).into_view().to_html()
                };
                kept::Kept::new(shared.keep_fragment(page, &key, html)).into_any()
            }
            None => view(data).into_any(),
        })
    }
    #[cfg(not(feature = "ssr"))]
    {
        let _ = part;
        Ok(view(load.await?).into_any())
    }
}

/// A part's key: the page's language and day, then `part`.
#[cfg(feature = "ssr")]
fn key(part: &str) -> String {
    use crate::services::fragments::PageKey;
    let page_key = use_context::<PageKey>().unwrap_or_default();
    let prefix = page_key.get_or_init(|| format!("{}|{}", language(), day()));
    format!("{prefix}|{part}")
}

#[cfg(feature = "ssr")]
fn language() -> &'static str {
    use crate::i18n::*;
    use_i18n().get_locale_untracked().as_str()
}

/// The past day the page shows (`?at=`, as the server functions read it),
/// or `now/` and the current quarter hour (UTC, which names today too):
/// anything else in `at` shows today, and shares today's parts. The time is
/// named because "now" parts count to it (the chart, the date picker's last
/// day, upcoming milestones, deadlines judged at the quarter hour,
/// `services::deadlines`): a part kept before midnight, or before a
/// deadline passed, is never shown after it.
#[cfg(feature = "ssr")]
fn day() -> String {
    use crate::services::past::{parse_day, today};
    parse_day(&crate::components::as_of::use_at(), today()).map_or_else(
        || format!("now/{}", crate::services::deadlines::judging_quarter()),
        |d| d.to_string(),
    )
}

#[cfg(feature = "ssr")]
pub use kept::{Splices, MARK};

/// A kept part's HTML as a view. Within a response that splices
/// ([`Splices`], provided by the server's page renderer), the part is
/// written as a mark and goes to the socket as it is kept, never copied;
/// elsewhere it is written as it is, still without the copy
/// `InertElement` (which owns its string) would make of 100 KB and more on
/// every request. Server only: nothing is ever hydrated from it.
#[cfg(feature = "ssr")]
mod kept {
    use leptos::prelude::use_context;
    use leptos::tachys::html::attribute::any_attribute::AnyAttribute;
    use leptos::tachys::html::attribute::Attribute;
    use leptos::tachys::hydration::Cursor;
    use leptos::tachys::view::add_attr::AddAnyAttr;
    use leptos::tachys::view::{Position, PositionState, Render, RenderHtml};
    use std::fmt::Write as _;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::{Arc, Mutex, PoisonError};

    /// How a mark begins: `<!--kept ` then the response's token, a space,
    /// the part's index and `-->`.
    pub const MARK: &str = "<!--kept ";

    /// The parts one response writes as marks, and the token that makes its
    /// marks its own: 128 random bits, so no text can forge one (a page's
    /// text is escaped anyway, and a comment cannot come out of escaped
    /// text). The renderer replaces each mark with its part
    /// ([`Splices::part`]); a mark is written by one `push_str`, and Leptos
    /// joins chunks but never splits one, so a mark is never cut in two.
    #[derive(Clone)]
    pub struct Splices(Arc<Inner>);

    struct Inner {
        token: String,
        parts: Mutex<Vec<Arc<str>>>,
        /// Renders of a part to keep going on: a part met inside one is
        /// written out, since what is kept must be whole.
        holding: AtomicUsize,
    }

    impl Default for Splices {
        fn default() -> Self {
            use rand::RngCore;
            let mut bytes = [0u8; 16];
            rand::rng().fill_bytes(&mut bytes);
            let token = bytes.iter().fold(String::with_capacity(32), |mut hex, b| {
                let _ = write!(hex, "{b:02x}");
                hex
            });
            Self(Arc::new(Inner {
                token,
                parts: Mutex::default(),
                holding: AtomicUsize::new(0),
            }))
        }
    }

    impl Splices {
        /// This response's token, as its marks carry it.
        pub fn token(&self) -> &str {
            &self.0.token
        }

        /// The part mark `index` stands for.
        pub fn part(&self, index: usize) -> Option<Arc<str>> {
            let parts = self.0.parts.lock().unwrap_or_else(PoisonError::into_inner);
            parts.get(index).cloned()
        }

        /// Until the guard drops, parts are written out: for the render of
        /// a part to keep, which must hold its inner parts whole.
        pub(super) fn hold() -> Option<Hold> {
            let splices = use_context::<Splices>()?;
            splices.0.holding.fetch_add(1, Ordering::SeqCst);
            Some(Hold(splices))
        }

        /// Writes `part`'s mark into `buf`, or `None` while held.
        pub fn mark(&self, part: &Arc<str>, buf: &mut String) -> Option<()> {
            if self.0.holding.load(Ordering::SeqCst) > 0 {
                return None;
            }
            let mut parts = self.0.parts.lock().unwrap_or_else(PoisonError::into_inner);
            let _ = write!(buf, "{MARK}{} {}-->", self.0.token, parts.len());
            parts.push(Arc::clone(part));
            Some(())
        }
    }

    pub struct Hold(Splices);

    impl Drop for Hold {
        fn drop(&mut self) {
            self.0 .0.holding.fetch_sub(1, Ordering::SeqCst);
        }
    }

    pub struct Kept {
        html: Arc<str>,
        splices: Option<Splices>,
    }

    impl Kept {
        pub fn new(html: Arc<str>) -> Self {
            Self {
                html,
                splices: use_context::<Splices>(),
            }
        }
    }

    impl Render for Kept {
        type State = ();

        fn build(self) {}

        fn rebuild(self, _state: &mut ()) {}
    }

    impl AddAnyAttr for Kept {
        type Output<SomeNewAttr: Attribute> = Self;

        /// A part is a child, never an element given attributes.
        fn add_any_attr<NewAttr: Attribute>(self, _attr: NewAttr) -> Self {
            self
        }
    }

    impl RenderHtml for Kept {
        type AsyncOutput = Self;
        type Owned = Self;

        const MIN_LENGTH: usize = 0;

        /// A mark's length when marked: this only sizes buffers.
        fn html_len(&self) -> usize {
            match self.splices {
                Some(_) => MARK.len() + 32 + 8,
                None => self.html.len(),
            }
        }

        fn dry_resolve(&mut self) {}

        async fn resolve(self) -> Self {
            self
        }

        fn to_html_with_buf(
            self,
            buf: &mut String,
            position: &mut Position,
            _escape: bool,
            _mark_branches: bool,
            _extra_attrs: Vec<AnyAttribute>,
        ) {
            let marked = self
                .splices
                .as_ref()
                .and_then(|splices| splices.mark(&self.html, buf));
            if marked.is_none() {
                buf.push_str(&self.html);
            }
            *position = Position::NextChild;
        }

        fn hydrate<const FROM_SERVER: bool>(self, _cursor: &Cursor, _position: &PositionState) {}

        fn into_owned(self) -> Self {
            self
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;
        use leptos::prelude::{provide_context, Owner};

        fn written(kept: Kept) -> String {
            let mut buf = String::new();
            kept.to_html_with_buf(&mut buf, &mut Position::FirstChild, true, false, vec![]);
            buf
        }

        #[test]
        fn a_part_is_marked_in_a_response_that_splices_and_written_out_elsewhere() {
            let owner = Owner::new();
            owner.with(|| {
                let part: Arc<str> = Arc::from("<p>kept</p>");
                assert_eq!(written(Kept::new(part.clone())), "<p>kept</p>");
                let splices = Splices::default();
                provide_context(splices.clone());
                let mark = written(Kept::new(part.clone()));
                assert_eq!(mark, format!("{MARK}{} 0-->", splices.token()));
                assert_eq!(splices.part(0).as_deref(), Some("<p>kept</p>"));
                assert_eq!(splices.part(1), None);
                // Inside the render of a part to keep, parts are whole.
                let hold = Splices::hold();
                assert_eq!(written(Kept::new(part.clone())), "<p>kept</p>");
                drop(hold);
                assert!(written(Kept::new(part)).ends_with(" 1-->"));
                assert_ne!(Splices::default().token(), splices.token());
            });
        }
    }
}
