//! The rules every edit of a follow-up action passes, from the edit form and
//! from the bearer-token API alike.

use crate::error::{AppError, FieldError};
use crate::model::{ActionEdit, ActionEntry, ActionTarget};
use crate::services::storage::SharedStorage;
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
