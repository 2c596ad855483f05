//! Server functions: thin wrappers that read through the storage interface.
//! Read-only ones use GET so browsers and the service worker may cache them;
//! nothing here mutates.

use crate::error::AppError;
use jiff::Timestamp;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use serde::{Deserialize, Serialize};
use summit::{Briefing, SeriesAttendance, Window};

/// What the home page shows, with the instant it was computed at so the
/// browser's first render matches the server's HTML exactly (no hydration
/// mismatch) before the counter starts ticking.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HomeData {
    pub rendered_at: Timestamp,
    pub summit: Window,
    pub briefings: Vec<Briefing>,
    pub attendance: SeriesAttendance,
}

#[server(input = GetUrl, endpoint = "home")]
pub async fn home_overview() -> Result<HomeData, AppError> {
    let storage = ssr::storage()?;
    let slug = summit::Slug::parse(summit::summit::SLUG).map_err(|_| AppError::NotFound)?;
    let milestone = storage.milestone(&slug).await?.ok_or(AppError::NotFound)?;
    let summit = milestone.schedule.window().map_err(|error| {
        tracing::error!(%error, "the summit's stored schedule does not resolve");
        AppError::Unavailable
    })?;
    Ok(HomeData {
        rendered_at: Timestamp::now(),
        summit,
        briefings: storage.briefings().await?,
        attendance: storage.series_attendance().await?,
    })
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use crate::error::AppError;
    use crate::storage::SharedStorage;
    use leptos::prelude::use_context;

    /// The storage the server provided for this request.
    pub fn storage() -> Result<SharedStorage, AppError> {
        use_context::<SharedStorage>().ok_or_else(|| {
            tracing::error!("no storage in the request context");
            AppError::Unavailable
        })
    }
}
