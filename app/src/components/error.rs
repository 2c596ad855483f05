//! Translated messages for [`AppError`]: people never see internals.

use crate::error::AppError;
use crate::i18n::*;
use leptos::prelude::*;

#[component]
pub fn ErrorMessage(error: AppError) -> impl IntoView {
    let i18n = use_i18n();
    let message = move || match error {
        AppError::NotFound => t_string!(i18n, errors.not_found).to_string(),
        AppError::Unavailable => t_string!(i18n, errors.unavailable).to_string(),
        AppError::Communication => t_string!(i18n, errors.communication).to_string(),
    };
    view! {
        <p class="error" role="alert">
            {message}
        </p>
    }
}
