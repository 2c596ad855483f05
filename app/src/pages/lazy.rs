//! Pages loaded on demand. Each is its own wasm chunk (`cargo leptos build
//! --split`), fetched the first time it is shown, so a first view downloads
//! the layout, the home page and what they share, not the editor, the
//! administration or the embed builder. The server renders every page in
//! full as before, and the client fetches a page's chunk before it hydrates
//! the page (Leptos preloads it with `<link rel="preload">`). The home page
//! and the 404 page stay in the main module.

use leptos::prelude::*;
use leptos_router::{lazy_route, LazyRoute};

/// A route whose view is the page component `$page`, split into its own chunk.
macro_rules! lazy_page {
    ($(#[$doc:meta])* $route:ident => $page:path) => {
        $(#[$doc])*
        pub struct $route;

        #[lazy_route]
        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            fn view(_this: Self) -> AnyView {
                untrack($page).into_any()
            }
        }
    };
}

lazy_page!(MilestonesRoute => super::milestones::MilestonesPage);
lazy_page!(TrackerRoute => super::tracker::TrackerPage);
lazy_page!(RegionRoute => super::region::RegionPage);
lazy_page!(CountryRoute => super::country::CountryPage);
lazy_page!(SignInRoute => super::sign_in::SignInPage);
lazy_page!(AccountRoute => super::account::AccountPage);
lazy_page!(AdminRoute => super::admin::AdminPage);
lazy_page!(EmbedBuilderRoute => super::embed_builder::EmbedBuilderPage);
lazy_page!(EmbedCountdownRoute => super::embed::EmbedCountdown);
lazy_page!(EmbedMapRoute => super::embed::EmbedMap);
lazy_page!(EmbedRegionRoute => super::embed::EmbedRegion);
