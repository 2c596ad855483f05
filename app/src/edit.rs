//! Changing follow-up actions: one server function for the UI and one
//! shared rule path (`ssr::apply_edit`) that the bearer-token API takes too.

use crate::error::AppError;
use crate::model::{ActionEntry, ActionTarget};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};
use summit::{ActionKind, ActionPatch};

/// An edit as the form sends it: which action, the version it was based on,
/// and the fields to change.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionEdit {
    pub target: ActionTarget,
    pub kind: ActionKind,
    pub version: i64,
    pub patch: ActionPatch,
}

/// Applies an edit for the signed-in account; the action comes back with its
/// new version and theme names in `lang`. JSON over POST: never a GET.
#[server(input = Json, endpoint = "update-action")]
pub async fn update_action(lang: String, edit: ActionEdit) -> Result<ActionEntry, AppError> {
    let language = crate::api::ssr::language(&lang)?;
    let account = crate::services::accounts::require_account().await?;
    let storage = crate::api::ssr::storage()?;
    ssr::apply_edit(&storage, &account.actor(), &edit).await?;
    storage
        .action(edit.target, edit.kind, language)
        .await?
        .ok_or(AppError::NotFound)
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use super::ActionEdit;
    use crate::error::{AppError, FieldError};
    use crate::model::{ActionEntry, ActionTarget};
    use crate::storage::SharedStorage;
    use summit::{ActionKind, Actor, Language};

    /// The rules every edit passes, in the order their answers are given:
    /// the action exists (404), the actor may edit it (403), the input is
    /// valid (422), the version is current (409).
    pub async fn apply_edit(
        storage: &SharedStorage,
        actor: &Actor,
        edit: &ActionEdit,
    ) -> Result<ActionEntry, AppError> {
        let allowed = match edit.target {
            ActionTarget::Country(iso3) => {
                if !ActionKind::COUNTRY.contains(&edit.kind) {
                    return Err(AppError::NotFound);
                }
                let country = storage
                    .country(iso3, Language::En)
                    .await?
                    .ok_or(AppError::NotFound)?;
                actor.can_edit_country(iso3, country.coverage)
            }
            ActionTarget::Region(region) => {
                if !ActionKind::REGION.contains(&edit.kind) {
                    return Err(AppError::NotFound);
                }
                actor.can_edit_region(region)
            }
        };
        if storage
            .action(edit.target, edit.kind, Language::En)
            .await?
            .is_none()
        {
            return Err(AppError::NotFound);
        }
        if !allowed {
            return Err(AppError::Forbidden);
        }
        let themes: Vec<String> = storage
            .themes(Language::En)
            .await?
            .into_iter()
            .map(|(slug, _)| slug)
            .collect();
        let patch = edit.patch.validate(&themes).map_err(|errors| {
            AppError::Invalid(errors.into_iter().map(FieldError::Action).collect())
        })?;
        Ok(storage
            .update_action(edit.target, edit.kind, edit.version, &patch, actor)
            .await?)
    }
}
