//! Signing in with an organisation's OpenID Connect provider (Microsoft
//! Entra ID, or any standard one; set-up in `docs/sign-in.md`): the
//! operator's providers (`config`) and the protocol (`client`, with the
//! `openidconnect` crate). The two addresses a sign-in passes through are
//! `http::oidc`'s; who gets which account is `app::services::sign_in`'s.

pub mod client;
pub mod config;

use app::services::sign_in::{IdentityProviders, ProviderButton};
use async_trait::async_trait;
use client::Provider;
use config::OidcConfig;
use summit::Language;

/// Every configured provider, ready to sign people in.
pub struct Providers {
    providers: Vec<Provider>,
    /// The site's public origin: redirect URIs and the way back after
    /// signing out at the provider.
    origin: String,
}

impl Providers {
    pub fn new(config: OidcConfig, origin: &str) -> Result<Providers, String> {
        let providers = config
            .providers
            .into_iter()
            .map(|p| Provider::new(p, origin, config.timeout))
            .collect::<Result<_, _>>()?;
        Ok(Providers {
            providers,
            origin: origin.to_owned(),
        })
    }

    /// The providers' origins (`https://login.microsoftonline.com`), where
    /// the sign-in and sign-out forms lead: the pages' `form-action`.
    pub fn origins(&self) -> String {
        let mut origins: Vec<String> = self
            .providers
            .iter()
            .filter_map(|p| url::Url::parse(&p.config.issuer).ok())
            .map(|u| u.origin().ascii_serialization())
            .collect();
        origins.sort();
        origins.dedup();
        origins.join(" ")
    }

    pub fn get(&self, id: &str) -> Option<&Provider> {
        self.providers.iter().find(|p| p.config.id == id)
    }
}

#[async_trait]
impl IdentityProviders for Providers {
    fn buttons(&self) -> Vec<ProviderButton> {
        self.providers
            .iter()
            .map(|p| ProviderButton {
                id: p.config.id.clone(),
                name: p.config.name.clone(),
            })
            .collect()
    }

    async fn end_session_url(
        &self,
        provider: &str,
        id_token: &str,
        language: Language,
    ) -> Option<String> {
        let after = format!("{}/{}/", self.origin, language.code());
        self.get(provider)?.end_session_url(id_token, &after).await
    }
}
