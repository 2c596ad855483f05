//! The one error type server functions return: typed, serialisable, and shown
//! to people only through translated messages (see `components::error`).

use crate::model::ActionEntry;
use leptos::prelude::{FromServerFnError, ServerFnErrorErr};
use leptos::server_fn::codec::JsonEncoding;
use serde::{Deserialize, Serialize};
use summit::{AccountInputError, ActionInputError};

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum AppError {
    /// The thing asked for does not exist.
    #[error("not found")]
    NotFound,
    /// The database could not answer; details are in the server log only.
    #[error("temporarily unavailable")]
    Unavailable,
    /// The request could not reach the server or its answer could not be read.
    #[error("communication failed")]
    Communication,
    /// This needs a signed-in account.
    #[error("sign-in required")]
    SignInRequired,
    /// The e-mail address and password do not match an account.
    #[error("wrong e-mail address or password")]
    BadCredentials,
    /// An administrator disabled the account.
    #[error("this account is disabled")]
    AccountDisabled,
    /// An e-mailed link that was used, replaced or has expired.
    #[error("this link has expired or was used")]
    LinkExpired,
    /// Signing in at an identity provider failed; what went wrong, in
    /// words a person can act on (the details are in the server log).
    #[error("signing in with the provider failed")]
    ProviderSignIn(ProviderFailure),
    /// Too many sign-in attempts from this address or for this account.
    #[error("too many attempts")]
    TooManyAttempts,
    /// Signed in, but this is outside the account's role or scope.
    #[error("not allowed")]
    Forbidden,
    /// Someone else changed the action since the version the edit started
    /// from: their version, so the editor can compare and decide.
    #[error("changed by someone else")]
    Conflict(Box<ActionEntry>),
    /// Input that breaks a rule, field by field.
    #[error("invalid input")]
    Invalid(Vec<FieldError>),
    /// The request itself is malformed: a missing or mistyped argument, a
    /// body that does not decode.
    #[error("malformed request")]
    BadRequest,
    /// The request body is larger than anything this site accepts.
    #[error("request too large")]
    TooLarge,
    /// A review step that may not be taken, by this person or now
    /// (`summit::action::review`): who may not take it is 403, a proposal
    /// in the wrong state for it is 409.
    #[error(transparent)]
    Review(#[from] summit::ReviewError),
}

/// Why a sign-in at an identity provider did not sign anyone in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ProviderFailure {
    /// No provider of that name is configured.
    Unknown,
    /// The provider could not be reached, or answered too slowly or wrongly.
    Unreachable,
    /// The answer did not belong to a sign-in this browser started (a
    /// tampered or replayed `state`, or a sign-in started too long ago).
    Stale,
    /// The provider refused or the person cancelled.
    Refused,
    /// The ID token failed validation (issuer, audience, expiry,
    /// signature, nonce).
    Invalid,
    /// The provider knows the person, but no account or rule lets them in:
    /// their request waits for an administrator.
    AwaitingApproval,
    /// The account is disabled.
    Disabled,
}

impl ProviderFailure {
    pub const ALL: [ProviderFailure; 7] = [
        ProviderFailure::Unknown,
        ProviderFailure::Unreachable,
        ProviderFailure::Stale,
        ProviderFailure::Refused,
        ProviderFailure::Invalid,
        ProviderFailure::AwaitingApproval,
        ProviderFailure::Disabled,
    ];

    pub const fn slug(self) -> &'static str {
        match self {
            ProviderFailure::Unknown => "unknown",
            ProviderFailure::Unreachable => "unreachable",
            ProviderFailure::Stale => "stale",
            ProviderFailure::Refused => "refused",
            ProviderFailure::Invalid => "invalid",
            ProviderFailure::AwaitingApproval => "awaiting-approval",
            ProviderFailure::Disabled => "disabled",
        }
    }

    pub fn parse(text: &str) -> Option<ProviderFailure> {
        Self::ALL.into_iter().find(|f| f.slug() == text)
    }

    pub fn status_code(self) -> http::StatusCode {
        use http::StatusCode;
        match self {
            ProviderFailure::Unknown => StatusCode::NOT_FOUND,
            ProviderFailure::Unreachable => StatusCode::BAD_GATEWAY,
            ProviderFailure::Stale | ProviderFailure::Invalid => StatusCode::BAD_REQUEST,
            ProviderFailure::Refused
            | ProviderFailure::AwaitingApproval
            | ProviderFailure::Disabled => StatusCode::FORBIDDEN,
        }
    }
}

/// One field's problem, as a form shows it beside the field.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum FieldError {
    #[error(transparent)]
    Action(#[from] ActionInputError),
    #[error(transparent)]
    Account(#[from] AccountInputError),
    #[error("the current password is wrong")]
    CurrentPassword,
    #[error("the two new passwords differ")]
    PasswordsDiffer,
    #[error("an account with that e-mail address exists")]
    EmailTaken,
    /// Demoting the only administrator would leave nobody able to administer.
    #[error("the last administrator cannot lose that role")]
    LastAdmin,
    /// A value that is not one of the choices offered (a region, a role…).
    #[error("not one of the choices: {0}")]
    Choice(String),
    #[error("not a date like 2025-11-04")]
    Date,
    #[error("not a valid schedule: {0}")]
    Schedule(String),
    #[error("a short name of lower-case letters, digits and hyphens")]
    Slug,
    /// A deadline that is not a date, names no time zone, or names a day
    /// its zone skipped.
    #[error(transparent)]
    Deadline(#[from] summit::DeadlineError),
    /// A return without a reason, or with one too long.
    #[error(transparent)]
    Comment(#[from] summit::action::review::CommentError),
    /// A sign-in rule's value that is not one.
    #[error(transparent)]
    Rule(#[from] summit::sign_in::RuleError),
}

impl FieldError {
    /// The form field this error belongs to (its input's `name`).
    pub fn field(&self) -> &'static str {
        match self {
            FieldError::Action(ActionInputError::Status(_)) => "status",
            FieldError::Action(ActionInputError::Theme(_)) => "themes",
            FieldError::Action(
                ActionInputError::Evidence(_) | ActionInputError::TooMuchEvidence { .. },
            ) => "evidence",
            FieldError::Action(ActionInputError::Note { .. }) => "note",
            FieldError::Account(AccountInputError::Email) | FieldError::EmailTaken => "email",
            FieldError::Account(AccountInputError::PasswordLength { .. })
            | FieldError::PasswordsDiffer => "new_password",
            FieldError::Account(AccountInputError::Name { .. }) => "name",
            FieldError::CurrentPassword => "current_password",
            FieldError::Choice(_) => "choice",
            FieldError::LastAdmin => "role",
            FieldError::Date => "date",
            FieldError::Schedule(_) => "schedule",
            FieldError::Slug => "slug",
            FieldError::Deadline(summit::DeadlineError::Zone(_)) => "zone",
            FieldError::Deadline(_) => "due_date",
            FieldError::Comment(_) => "comment",
            FieldError::Rule(_) => "value",
        }
    }
}

impl AppError {
    pub fn status_code(&self) -> http::StatusCode {
        use http::StatusCode;
        match self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Communication => StatusCode::BAD_GATEWAY,
            AppError::SignInRequired | AppError::BadCredentials => StatusCode::UNAUTHORIZED,
            AppError::TooManyAttempts => StatusCode::TOO_MANY_REQUESTS,
            AppError::AccountDisabled => StatusCode::FORBIDDEN,
            AppError::LinkExpired => StatusCode::GONE,
            AppError::ProviderSignIn(failure) => failure.status_code(),
            AppError::Forbidden => StatusCode::FORBIDDEN,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::BadRequest => StatusCode::BAD_REQUEST,
            AppError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::Review(summit::ReviewError::NotReviewer | summit::ReviewError::NotAuthor) => {
                StatusCode::FORBIDDEN
            }
            AppError::Review(_) => StatusCode::CONFLICT,
        }
    }

    /// The problems that belong to `field`, for the form to show beside it.
    pub fn field_errors(&self, field: &str) -> Vec<FieldError> {
        match self {
            AppError::Invalid(errors) => errors
                .iter()
                .filter(|e| e.field() == field)
                .cloned()
                .collect(),
            _ => Vec::new(),
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    /// The framework's own errors. On the server they are the request's
    /// fault (arguments missing or mistyped, a body that does not decode,
    /// an unknown function): 400 or 404. In the browser they mean the
    /// server could not be reached or its answer read.
    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        #[cfg(feature = "ssr")]
        {
            tracing::info!(error = %value, "server function refused the request");
            match value {
                ServerFnErrorErr::Registration(_) => AppError::NotFound,
                ServerFnErrorErr::Serialization(_) | ServerFnErrorErr::ServerError(_) => {
                    AppError::Unavailable
                }
                _ => AppError::BadRequest,
            }
        }
        #[cfg(not(feature = "ssr"))]
        {
            let _ = value;
            AppError::Communication
        }
    }
}
/// An edit the server refused, for the page it was posted to: the form of
/// that action is shown open again on what was typed (`draft`, with the
/// version it was based on), and the problem in place. Provided as context
/// by the form's handler (`server::http::edit_form`); absent on every other
/// request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EditAttempt {
    pub draft: crate::model::ActionEdit,
    pub error: AppError,
}

/// A review step the server refused, for the review page it was posted
/// from: the proposal's forms show the problem, and the comment typed is
/// kept. Provided as context by `server::http::review_form`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReviewAttempt {
    pub id: i64,
    pub comment: String,
    pub error: AppError,
}

/// A spreadsheet the server could not read, for the spreadsheets page it
/// was uploaded from: the page says why. Provided as context by
/// `server::http::sheets`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SheetRefusal(pub summit::sheet::FileProblem);
