//! The rules every edit of a follow-up action passes, from the edit form,
//! the edit function (and so the offline queue) and the bearer-token API
//! alike. Where review before publishing holds an editor's edits, the edit
//! becomes a proposal (`services::review`).

use crate::error::{AppError, FieldError};
use crate::model::{ActionEdit, ActionTarget, EditOutcome};
use crate::services::storage::SharedStorage;
use summit::{ActionKind, Actor, Language, Region};

/// The rules every edit passes, in the order their answers are given:
/// the action exists (404), the actor may edit it (403), the input is
/// valid (422), the version is current (409). Then it is published, or,
/// where review holds the actor's edits, proposed (or, for its author's
/// returned proposal, revised).
pub async fn apply_edit(
    storage: &SharedStorage,
    actor: &Actor,
    edit: &ActionEdit,
) -> Result<EditOutcome, AppError> {
    let (allowed, region) = match edit.target {
        ActionTarget::Country(iso3) => {
            if !ActionKind::COUNTRY.contains(&edit.kind) {
                return Err(AppError::NotFound);
            }
            let country = storage
                .country(iso3, Language::En)
                .await?
                .ok_or(AppError::NotFound)?;
            (
                actor.can_edit_country(iso3, country.coverage),
                country.coverage.region(),
            )
        }
        ActionTarget::Region(region) => {
            if !ActionKind::REGION.contains(&edit.kind) {
                return Err(AppError::NotFound);
            }
            (actor.can_edit_region(region), Some(region))
        }
    };
    let Some(current) = storage.action(edit.target, edit.kind, Language::En).await? else {
        return Err(AppError::NotFound);
    };
    if !allowed {
        return Err(AppError::Forbidden);
    }
    let themes = theme_slugs(storage).await?;
    let patch = edit.patch.validate(&themes).map_err(|errors| {
        AppError::Invalid(errors.into_iter().map(FieldError::Action).collect())
    })?;
    if held_for_review(storage, actor, region).await? {
        return crate::services::review::propose(storage, actor, edit, &patch, current).await;
    }
    Ok(EditOutcome::Published(
        storage
            .update_action(edit.target, edit.kind, edit.version, &patch, actor)
            .await?,
    ))
}

/// Whether review before publishing holds `actor`'s edits of actions in
/// `region` (`None`: a country without a UN Country Team).
pub async fn held_for_review(
    storage: &SharedStorage,
    actor: &Actor,
    region: Option<Region>,
) -> Result<bool, AppError> {
    Ok(storage.review_policy().await?.holds(actor.role, region))
}

/// The slugs of the themes an action may be tagged with.
pub async fn theme_slugs(storage: &SharedStorage) -> Result<Vec<String>, AppError> {
    Ok(storage
        .themes(Language::En)
        .await?
        .into_iter()
        .map(|(slug, _)| slug)
        .collect())
}
