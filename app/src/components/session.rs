//! Who is signed in, for every page: read once per page and shared by the
//! parts that show it (the header, an edit panel, the account page).
//! Signing in or out loads another page.
//!
//! Not a `Resource`: nothing hydrates from it (islands never read it), and
//! a resource's task could wake after its page was done and its owner
//! disposed, reading a disposed signal (a panic in a detached task).

use crate::error::AppError;
use crate::model::Account;
use crate::server_fns::accounts::current_account;
use leptos::prelude::*;
use std::future::Future;

/// The account the request is signed in as, if any.
#[derive(Clone, Default)]
pub struct Session {
    #[cfg(feature = "ssr")]
    account: std::sync::Arc<tokio::sync::OnceCell<Result<Option<Account>, AppError>>>,
}

impl Session {
    /// The account, read on the first call and shared by every later one.
    pub fn account(
        &self,
    ) -> impl Future<Output = Result<Option<Account>, AppError>> + Send + 'static {
        #[cfg(feature = "ssr")]
        {
            let account = self.account.clone();
            async move { account.get_or_init(current_account).await.clone() }
        }
        #[cfg(not(feature = "ssr"))]
        {
            // Pages are rendered on the server; a browser never asks.
            current_account()
        }
    }
}

pub fn provide_session() {
    provide_context(Session::default());
}

pub fn use_session() -> Session {
    expect_context::<Session>()
}
