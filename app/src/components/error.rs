//! Translated messages for [`AppError`] and its field errors: people never
//! see internals.

use crate::error::{AppError, FieldError, ProviderFailure};
use crate::i18n::*;
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use summit::{AccountInputError, ActionInputError};

pub fn error_text(i18n: I18nContext<Locale>, error: &AppError) -> String {
    match error {
        AppError::NotFound => t_string!(i18n, errors.not_found).to_string(),
        AppError::Unavailable => t_string!(i18n, errors.unavailable).to_string(),
        AppError::Communication => t_string!(i18n, errors.communication).to_string(),
        AppError::SignInRequired => t_string!(i18n, errors.sign_in_required).to_string(),
        AppError::BadCredentials => t_string!(i18n, errors.bad_credentials).to_string(),
        AppError::TooManyAttempts => t_string!(i18n, errors.too_many_attempts).to_string(),
        AppError::AccountDisabled => t_string!(i18n, errors.account_disabled).to_string(),
        AppError::LinkExpired => t_string!(i18n, errors.link_expired).to_string(),
        AppError::ProviderSignIn(failure) => provider_failure_text(i18n, *failure),
        AppError::Forbidden => t_string!(i18n, errors.forbidden).to_string(),
        AppError::Conflict(_) => t_string!(i18n, errors.conflict).to_string(),
        AppError::Invalid(_) => t_string!(i18n, errors.invalid).to_string(),
        AppError::BadRequest => t_string!(i18n, errors.bad_request).to_string(),
        AppError::TooLarge => t_string!(i18n, errors.too_large).to_string(),
        AppError::Review(reason) => review_error_text(i18n, *reason),
    }
}

/// Why signing in at an identity provider signed nobody in, and what to do.
pub fn provider_failure_text(i18n: I18nContext<Locale>, failure: ProviderFailure) -> String {
    match failure {
        ProviderFailure::Unknown => t_string!(i18n, auth.provider_unknown),
        ProviderFailure::Unreachable => t_string!(i18n, auth.provider_unreachable),
        ProviderFailure::Stale => t_string!(i18n, auth.provider_stale),
        ProviderFailure::Refused => t_string!(i18n, auth.provider_refused),
        ProviderFailure::Invalid => t_string!(i18n, auth.provider_invalid),
        ProviderFailure::AwaitingApproval => t_string!(i18n, auth.provider_awaiting_approval),
        ProviderFailure::Disabled => t_string!(i18n, errors.account_disabled),
    }
    .to_string()
}

/// Why a review step was refused, in the reader's language.
pub fn review_error_text(i18n: I18nContext<Locale>, reason: summit::ReviewError) -> String {
    use summit::ReviewError::*;
    match reason {
        NotReviewer => t_string!(i18n, errors.review_not_reviewer),
        NotAuthor => t_string!(i18n, errors.review_not_author),
        AlreadyProposed => t_string!(i18n, errors.review_already_proposed),
        Closed => t_string!(i18n, errors.review_closed),
        NotReturned => t_string!(i18n, errors.review_not_returned),
        NotPending => t_string!(i18n, errors.review_not_pending),
        AnotherOpen => t_string!(i18n, errors.review_another_open),
        Moved => t_string!(i18n, errors.review_moved),
    }
    .to_string()
}

pub fn field_error_text(i18n: I18nContext<Locale>, error: &FieldError) -> String {
    match error {
        FieldError::Action(ActionInputError::Status(_)) => {
            t_string!(i18n, fields.status).to_string()
        }
        FieldError::Action(ActionInputError::Theme(theme)) => {
            t_string!(i18n, fields.theme, value = theme.clone()).to_string()
        }
        FieldError::Action(ActionInputError::Evidence(link)) => {
            t_string!(i18n, fields.evidence, value = link.clone()).to_string()
        }
        FieldError::Action(ActionInputError::TooMuchEvidence { max }) => {
            t_string!(i18n, fields.too_much_evidence, max = *max).to_string()
        }
        FieldError::Action(ActionInputError::Note { max }) => {
            t_string!(i18n, fields.note, max = *max).to_string()
        }
        FieldError::Account(AccountInputError::Email) => t_string!(i18n, fields.email).to_string(),
        FieldError::Account(AccountInputError::PasswordLength { min, max }) => {
            t_string!(i18n, fields.password_length, min = *min, max = *max).to_string()
        }
        FieldError::Account(AccountInputError::Name { max }) => {
            t_string!(i18n, fields.name, max = *max).to_string()
        }
        FieldError::CurrentPassword => t_string!(i18n, fields.current_password).to_string(),
        FieldError::PasswordsDiffer => t_string!(i18n, fields.passwords_differ).to_string(),
        FieldError::EmailTaken => t_string!(i18n, fields.email_taken).to_string(),
        FieldError::LastAdmin => t_string!(i18n, fields.last_admin).to_string(),
        FieldError::Choice(value) => {
            t_string!(i18n, fields.choice, value = value.clone()).to_string()
        }
        FieldError::Date => t_string!(i18n, fields.date).to_string(),
        FieldError::Schedule(_) => t_string!(i18n, fields.schedule).to_string(),
        FieldError::Slug => t_string!(i18n, fields.slug).to_string(),
        FieldError::Deadline(summit::DeadlineError::Date(_)) => {
            t_string!(i18n, fields.date).to_string()
        }
        FieldError::Deadline(summit::DeadlineError::Zone(_)) => {
            t_string!(i18n, fields.zone).to_string()
        }
        FieldError::Deadline(summit::DeadlineError::Nonexistent { .. }) => {
            t_string!(i18n, fields.deadline_day).to_string()
        }
        FieldError::Comment(summit::action::review::CommentError::Empty) => {
            t_string!(i18n, fields.comment_empty).to_string()
        }
        FieldError::Comment(summit::action::review::CommentError::TooLong { max }) => {
            t_string!(i18n, fields.comment_too_long, max = *max).to_string()
        }
        FieldError::Rule(summit::sign_in::RuleError::Value) => {
            t_string!(i18n, fields.rule_value).to_string()
        }
        FieldError::Rule(summit::sign_in::RuleError::Domain) => {
            t_string!(i18n, fields.rule_domain).to_string()
        }
    }
}

#[component]
pub fn ErrorMessage(error: AppError) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p class="error" role="alert">
            {move || error_text(i18n, &error)}
        </p>
    }
}

/// The problems of one form field, under it; `id` is what the input's
/// `aria-describedby` names.
#[component]
pub fn FieldErrors(
    #[prop(into)] error: Signal<Option<AppError>>,
    field: &'static str,
    #[prop(into)] id: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let messages = move || {
        error
            .get()
            .map(|e| e.field_errors(field))
            .unwrap_or_default()
            .into_iter()
            .map(|e| view! { <li>{field_error_text(i18n, &e)}</li> })
            .collect_view()
    };
    view! { <ul class="field-errors" id=id aria-live="polite">{messages}</ul> }
}

/// A form's outcome: the error in words (with `role="alert"`), or nothing.
#[component]
pub fn FormError(#[prop(into)] error: Signal<Option<AppError>>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        error.get().map(|e| {
            view! { <p class="error" role="alert">{error_text(i18n, &e)}</p> }
        })
    }
}

/// The error of a server action's last result, as a signal.
pub fn action_error<I: 'static + Send + Sync, O: 'static + Send + Sync + Clone>(
    action: Action<I, Result<O, AppError>>,
) -> Signal<Option<AppError>> {
    Signal::derive(move || action.value().get().and_then(|r| r.err()))
}
