//! Who is signed in, for every page: one resource in context. Pages are
//! rendered on the server for each request, so it is read once per page;
//! signing in or out loads another page.

use crate::error::AppError;
use crate::model::Account;
use crate::server_fns::accounts::current_account;
use leptos::prelude::*;

/// The account the request is signed in as, if any.
#[derive(Clone, Copy)]
pub struct Session {
    pub account: Resource<Result<Option<Account>, AppError>>,
}

pub fn provide_session() {
    provide_context(Session {
        account: Resource::new(|| (), |_| current_account()),
    });
}

pub fn use_session() -> Session {
    expect_context::<Session>()
}
