//! Changing a follow-up action from the edit form (and the offline queue,
//! which sends what the form would have). The rules are in
//! `services::editing`, which the bearer-token API takes too.

use crate::error::AppError;
use crate::model::{ActionEdit, EditOutcome};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// Applies an edit for the signed-in account: the action comes back with
/// its new version and theme names in `lang`, or, where review before
/// publishing holds the account's edits, the proposal it became. JSON over
/// POST: never a GET.
#[server(input = Json, endpoint = "update-action")]
pub async fn update_action(lang: String, edit: ActionEdit) -> Result<EditOutcome, AppError> {
    let language = crate::services::context::language(&lang)?;
    let account = crate::services::accounts::require_account().await?;
    let storage = crate::services::context::storage()?;
    match crate::services::editing::apply_edit(&storage, &account.actor(), &edit).await? {
        EditOutcome::Published(_) => Ok(EditOutcome::Published(
            storage
                .action(edit.target, edit.kind, language)
                .await?
                .ok_or(AppError::NotFound)?,
        )),
        proposed => Ok(proposed),
    }
}
