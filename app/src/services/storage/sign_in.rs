//! Storage of signing in beyond passwords (server only): accounts' sign-ins
//! at identity providers, the rules that give accounts at first sign-in,
//! the requests waiting for an administrator, disabled accounts, and the
//! e-mailed links that let a person choose a password.

use super::{NewUser, RoleChangeError, StorageError};
pub use crate::model::{IdentityInfo, SignInRequest};
use async_trait::async_trait;
use summit::sign_in::{LinkPurpose, Matcher, ProviderClaims, SignInRule};
use summit::{Role, Scope};

/// An unused link, redeemed or looked at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LinkHolder {
    pub user_id: i64,
    pub purpose: LinkPurpose,
}

#[async_trait]
pub trait SignInStorage: Send + Sync + 'static {
    /// The account that signed in at `provider` as `subject` before, noting
    /// this sign-in.
    async fn user_by_identity(
        &self,
        provider: &str,
        subject: &str,
    ) -> Result<Option<i64>, StorageError>;
    /// Records that account `user_id` signs in at `provider` as `subject`
    /// (`false`: that sign-in already belongs to an account).
    async fn link_identity(
        &self,
        user_id: i64,
        provider: &str,
        subject: &str,
        email: &str,
    ) -> Result<bool, StorageError>;
    /// Creates an account and its sign-in at a provider in one transaction
    /// (`None`: the address or the sign-in belongs to an account already).
    async fn create_user_with_identity(
        &self,
        user: NewUser,
        provider: &str,
        subject: &str,
    ) -> Result<Option<i64>, StorageError>;
    async fn identities(&self, user_id: i64) -> Result<Vec<IdentityInfo>, StorageError>;

    /// Disables or enables an account. Disabling revokes its API tokens and
    /// device cookies and moves its session generation, all in one
    /// transaction; the last enabled administrator cannot be disabled.
    async fn set_disabled(&self, user_id: i64, disabled: bool) -> Result<(), RoleChangeError>;
    /// Ends every session of the account (a password chosen through a link).
    async fn end_sessions(&self, user_id: i64) -> Result<(), StorageError>;

    /// The rules, oldest first.
    async fn sign_in_rules(&self) -> Result<Vec<SignInRule>, StorageError>;
    async fn add_sign_in_rule(
        &self,
        provider: Option<&str>,
        matcher: &Matcher,
        role: Role,
        scope: &Scope,
    ) -> Result<i64, StorageError>;
    async fn remove_sign_in_rule(&self, id: i64) -> Result<bool, StorageError>;

    /// Records (or refreshes) a request, unless `cap` requests wait already.
    async fn request_sign_in(
        &self,
        provider: &str,
        claims: &ProviderClaims,
        cap: i64,
    ) -> Result<(), StorageError>;
    async fn sign_in_requests(&self) -> Result<Vec<SignInRequest>, StorageError>;
    /// Removes a request and returns it (approving or dismissing it).
    async fn take_sign_in_request(&self, id: i64) -> Result<Option<SignInRequest>, StorageError>;
}

/// The e-mailed links that let a person choose a password.
#[async_trait]
pub trait AccessLinkStorage: Send + Sync + 'static {
    /// A new link for `user_id`; earlier unused links of the same purpose
    /// stop working. The token is made later, when the message is sent.
    async fn create_access_link(
        &self,
        user_id: i64,
        purpose: LinkPurpose,
        now_ms: i64,
    ) -> Result<i64, StorageError>;
    /// Gives link `id` the token with hash `token_hash`, expiring
    /// `lifetime_ms` from `now_ms` (a message sent again replaces the
    /// token). `None`: the link was used or replaced, or is too old to send.
    async fn mint_access_link(
        &self,
        id: i64,
        token_hash: &str,
        now_ms: i64,
    ) -> Result<Option<LinkHolder>, StorageError>;
    /// Whose live link has this token hash, without using it.
    async fn access_link(
        &self,
        token_hash: &str,
        now_ms: i64,
    ) -> Result<Option<LinkHolder>, StorageError>;
    /// Uses the live link with this token hash, with every other link of its
    /// account, and sets the account's password, in one transaction.
    async fn redeem_access_link(
        &self,
        token_hash: &str,
        password_hash: &str,
        now_ms: i64,
    ) -> Result<Option<LinkHolder>, StorageError>;
}
