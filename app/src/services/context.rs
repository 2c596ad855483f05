//! What the server provides to every request, as server functions and
//! services reach it (`use_context`): the storage, the map geometry, and the
//! language a request names.

use crate::error::AppError;
use crate::services::shared_reads::SharedReads;
use crate::services::storage::SharedStorage;
use leptos::prelude::use_context;
use std::sync::Arc;
use summit::map::WorldGeometry;
use summit::Language;

/// The storage the server provided for this request.
pub fn storage() -> Result<SharedStorage, AppError> {
    use_context::<SharedStorage>().ok_or_else(|| {
        tracing::error!("no storage in the request context");
        AppError::Unavailable
    })
}

/// The reads public pages share, once per change.
pub fn shared_reads() -> Result<Arc<SharedReads>, AppError> {
    use_context::<Arc<SharedReads>>().ok_or_else(|| {
        tracing::error!("no shared reads in the request context");
        AppError::Unavailable
    })
}

/// The projected world map the server provided.
pub fn geometry() -> Result<Arc<WorldGeometry>, AppError> {
    use_context::<Arc<WorldGeometry>>().ok_or_else(|| {
        tracing::error!("no map geometry in the request context");
        AppError::Unavailable
    })
}

/// One of the six language codes, or 404 (a page or data in a language
/// the site does not have does not exist).
pub fn language(code: &str) -> Result<Language, AppError> {
    Language::parse(code).ok_or(AppError::NotFound)
}
