//! What every island shares. The pages are rendered on the server only; the
//! parts a person interacts with are islands (`#[island]`), the only code
//! the browser downloads and hydrates. An island hydrates apart from the
//! page around it, so it cannot see the page's context: it receives the
//! page's language as a prop and sets up its own translations from it.

use crate::i18n::*;
use leptos::prelude::*;
use leptos_i18n::I18nContext;

/// The translations inside an island, in `locale`.
///
/// On the server the island renders inside the page and shares its context;
/// in the browser an island nested in another shares its parent's, and a
/// top-level island provides its own.
pub fn island_i18n(locale: Locale) -> I18nContext<Locale> {
    if let Some(context) = use_context::<I18nContext<Locale>>() {
        return context;
    }
    let context =
        leptos_i18n::context::init_i18n_subcontext::<Locale>(Some(Signal::stored(locale)));
    provide_context(context);
    context
}

/// `false` on the server and while the island hydrates, `true` once it is
/// interactive (effects run only in the browser, after hydration). Buttons
/// that do nothing without the island are disabled until then, so a click
/// that comes too early is not lost silently.
pub fn interactive() -> ReadSignal<bool> {
    let (ready, set_ready) = signal(false);
    Effect::new(move |_| set_ready.set(true));
    ready
}

/// The page's language, for passing to an island.
pub fn page_locale() -> Locale {
    use_i18n().get_locale_untracked()
}

/// Placed last in `<body>`: islands hydrate one after another in document
/// order, so when this one runs every island before it is interactive. It
/// marks `<html data-hydrated>`, which styles may key off and the end-to-end
/// tests wait for instead of sleeping.
#[island]
pub fn HydrationMark() -> impl IntoView {
    #[cfg(feature = "hydrate")]
    if let Some(root) = document().document_element() {
        let _ = root.set_attribute("data-hydrated", "true");
    }
}
