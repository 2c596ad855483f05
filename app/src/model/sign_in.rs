//! Signing in beyond a password, as the sign-in, account and
//! administration pages show it.

use serde::{Deserialize, Serialize};
use summit::sign_in::{ProviderClaims, SignInRule};

/// An identity provider as the sign-in page offers it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProviderButton {
    pub id: String,
    /// The name the operator gave it ("UN Secretariat").
    pub name: String,
}

/// What the sign-in page offers besides a password.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignInOptions {
    pub providers: Vec<ProviderButton>,
    /// Whether e-mail goes out, so a forgotten password can be reset.
    pub mail: bool,
}

/// A sign-in at a provider that belongs to an account.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdentityInfo {
    /// The provider's name as configured, or its id if it is gone.
    pub provider: String,
    pub email: String,
    pub last_used_at: String,
}

/// A first sign-in that waits for an administrator.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignInRequest {
    pub id: i64,
    pub provider: String,
    pub claims: ProviderClaims,
    pub requested_at: String,
}

/// The administration page's section on organisation sign-in.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignInAdmin {
    pub providers: Vec<ProviderButton>,
    pub rules: Vec<SignInRule>,
    pub requests: Vec<SignInRequest>,
}

/// How the signed-in account signs in, as its account page shows it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignInMethods {
    /// Whether it has a password (an invited account before its holder
    /// chose one, or one made at a first sign-in through a provider, has none).
    pub password: bool,
    pub providers: Vec<IdentityInfo>,
}
