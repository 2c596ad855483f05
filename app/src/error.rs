//! The one error type server functions return: typed, serialisable, and shown
//! to people only through translated messages (see `components::error`).

use leptos::prelude::{FromServerFnError, ServerFnErrorErr};
use leptos::server_fn::codec::JsonEncoding;
use serde::{Deserialize, Serialize};

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
}

impl AppError {
    pub fn status_code(&self) -> http::StatusCode {
        match self {
            AppError::NotFound => http::StatusCode::NOT_FOUND,
            AppError::Unavailable => http::StatusCode::SERVICE_UNAVAILABLE,
            AppError::Communication => http::StatusCode::BAD_GATEWAY,
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        #[cfg(feature = "ssr")]
        tracing::warn!(error = %value, "server function failed");
        #[cfg(not(feature = "ssr"))]
        let _ = value;
        AppError::Communication
    }
}

#[cfg(feature = "ssr")]
impl From<crate::storage::StorageError> for AppError {
    fn from(_: crate::storage::StorageError) -> Self {
        AppError::Unavailable
    }
}
