//! Who is signed in, for every page: one resource in context, refreshed when
//! someone signs in or out.

use crate::auth::{current_account, SignIn, SignOut};
use crate::error::AppError;
use crate::model::Account;
use leptos::prelude::*;

/// The sign-in and sign-out actions and the account they lead to.
#[derive(Clone, Copy)]
pub struct Session {
    pub sign_in: ServerAction<SignIn>,
    pub sign_out: ServerAction<SignOut>,
    pub account: Resource<Result<Option<Account>, AppError>>,
}

pub fn provide_session() {
    let sign_in = ServerAction::<SignIn>::new();
    let sign_out = ServerAction::<SignOut>::new();
    let account = Resource::new(
        move || (sign_in.version().get(), sign_out.version().get()),
        |_| current_account(),
    );
    provide_context(Session {
        sign_in,
        sign_out,
        account,
    });
}

pub fn use_session() -> Session {
    expect_context::<Session>()
}

impl Session {
    /// The signed-in account once known (`None` while loading or signed out).
    pub fn signed_in(&self) -> Option<Account> {
        self.account.get().and_then(|r| r.ok()).flatten()
    }
}
