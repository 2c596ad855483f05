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
        use crate::services::fragments::{PageKey, PageVersion};
        use crate::services::shared_reads::SharedReads;
        use leptos::either::Either;
        use leptos::tachys::html::InertElement;
        // Without the request's contexts (seen only in a render that goes
        // on after its client left, its owner already disposed) the part is
        // rendered here, as if never reused.
        let shared = use_context::<std::sync::Arc<SharedReads>>();
        match shared.zip(use_context::<PageVersion>()) {
            Some((shared, page)) => {
                let page_key = use_context::<PageKey>().unwrap_or_default();
                let prefix = page_key.get_or_init(|| format!("{}|{}", language(), day()));
                let key = format!("{prefix}|{}", part());
                let html = shared.fragment(page, &key, || view().into_view().to_html());
                Either::Left(InertElement::new(String::from(&*html)))
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

#[cfg(feature = "ssr")]
fn language() -> &'static str {
    use crate::i18n::*;
    use_i18n().get_locale_untracked().as_str()
}

/// The past day the page shows (`?at=`, as the server functions read it),
/// or `now`: anything else in `at` shows today, and shares today's parts.
#[cfg(feature = "ssr")]
fn day() -> String {
    use crate::services::past::{parse_day, today};
    parse_day(&crate::components::as_of::use_at(), today())
        .map_or_else(|| "now".to_owned(), |d| d.to_string())
}
