//! The identity providers the operator configured, from the environment:
//!
//! ```text
//! SUMMIT_OIDC_PROVIDERS=entra                  # ids, comma-separated
//! SUMMIT_OIDC_ENTRA_ISSUER=https://login.microsoftonline.com/<tenant>/v2.0
//! SUMMIT_OIDC_ENTRA_CLIENT_ID=…
//! SUMMIT_OIDC_ENTRA_CLIENT_SECRET=…
//! SUMMIT_OIDC_ENTRA_NAME=UN Secretariat        # the name on the button
//! SUMMIT_OIDC_ENTRA_TRUST_EMAIL=true           # optional, see below
//! SUMMIT_OIDC_ENTRA_SCOPES=groups              # optional, added to openid email profile
//! SUMMIT_OIDC_TIMEOUT_SECS=10                  # optional, for every provider
//! ```
//!
//! `TRUST_EMAIL` says the provider's addresses are its users' own even
//! without `email_verified` (an organisation's directory where addresses
//! are assigned, not typed): only then can an e-mail domain rule match, or
//! a first sign-in find an account by address. Leave it unset for a
//! provider where people type their own address.

use std::time::Duration;

/// One provider.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProviderConfig {
    /// Lower-case letters, digits and `-`: in the redirect URI
    /// (`/auth/oidc/{id}/callback`) and stored with each sign-in.
    pub id: String,
    pub issuer: String,
    pub client_id: String,
    pub client_secret: String,
    /// The name on the sign-in button ("Sign in with {name}").
    pub name: String,
    pub trust_email: bool,
    /// Scopes asked for beyond `openid email profile`.
    pub extra_scopes: Vec<String>,
}

/// Every provider, and how long any answer of theirs may take.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OidcConfig {
    pub providers: Vec<ProviderConfig>,
    pub timeout: Duration,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum OidcConfigError {
    #[error("SUMMIT_OIDC_PROVIDERS: {0:?} is not a provider id (lower-case letters, digits and -, at most 40)")]
    Id(String),
    #[error("SUMMIT_OIDC_PROVIDERS names {0:?} twice")]
    Twice(String),
    #[error("{0} must be set for each provider in SUMMIT_OIDC_PROVIDERS")]
    Missing(String),
    #[error("{0} is not an https:// issuer URL (http:// only for 127.0.0.1 or localhost)")]
    Issuer(String),
    #[error("{0} must be true or false")]
    Flag(String),
    #[error("SUMMIT_OIDC_TIMEOUT_SECS must be a number of seconds from 1 to 120")]
    Timeout,
    #[error("SUMMIT_OIDC_PROVIDERS needs SUMMIT_PUBLIC_URL: the redirect URI registered at the provider is built from it")]
    PublicUrl,
}

fn id_ok(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 40
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// An issuer over HTTPS, or plain HTTP on this machine (tests, a provider
/// beside the server).
fn issuer_ok(text: &str) -> bool {
    url::Url::parse(text).is_ok_and(|u| match u.scheme() {
        "https" => u.host_str().is_some(),
        "http" => matches!(u.host_str(), Some("127.0.0.1" | "localhost" | "[::1]")),
        _ => false,
    })
}

impl OidcConfig {
    /// Reads the providers; `None` when `SUMMIT_OIDC_PROVIDERS` is unset or
    /// empty (passwords only).
    pub fn from_lookup(
        lookup: &impl Fn(&str) -> Option<String>,
        has_public_url: bool,
    ) -> Result<Option<OidcConfig>, OidcConfigError> {
        let Some(list) = lookup("SUMMIT_OIDC_PROVIDERS").filter(|l| !l.trim().is_empty()) else {
            return Ok(None);
        };
        if !has_public_url {
            return Err(OidcConfigError::PublicUrl);
        }
        let mut providers: Vec<ProviderConfig> = Vec::new();
        for id in list.split(',').map(str::trim) {
            if !id_ok(id) {
                return Err(OidcConfigError::Id(id.to_owned()));
            }
            if providers.iter().any(|p| p.id == id) {
                return Err(OidcConfigError::Twice(id.to_owned()));
            }
            let key = |field: &str| {
                format!(
                    "SUMMIT_OIDC_{}_{field}",
                    id.to_uppercase().replace('-', "_")
                )
            };
            let need = |field: &str| {
                lookup(&key(field))
                    .filter(|v| !v.trim().is_empty())
                    .ok_or_else(|| OidcConfigError::Missing(key(field)))
            };
            let issuer = need("ISSUER")?.trim().trim_end_matches('/').to_owned();
            if !issuer_ok(&issuer) {
                return Err(OidcConfigError::Issuer(key("ISSUER")));
            }
            let trust_email = match lookup(&key("TRUST_EMAIL")).as_deref() {
                None | Some("false" | "0") => false,
                Some("true" | "1") => true,
                Some(_) => return Err(OidcConfigError::Flag(key("TRUST_EMAIL"))),
            };
            providers.push(ProviderConfig {
                id: id.to_owned(),
                issuer,
                client_id: need("CLIENT_ID")?,
                client_secret: need("CLIENT_SECRET")?,
                name: need("NAME")?.trim().chars().take(80).collect(),
                trust_email,
                extra_scopes: lookup(&key("SCOPES"))
                    .unwrap_or_default()
                    .split_whitespace()
                    .filter(|s| !["openid", "email", "profile"].contains(s))
                    .map(str::to_owned)
                    .collect(),
            });
        }
        let timeout = match lookup("SUMMIT_OIDC_TIMEOUT_SECS") {
            None => Duration::from_secs(10),
            Some(text) => text
                .trim()
                .parse::<u64>()
                .ok()
                .filter(|s| (1..=120).contains(s))
                .map(Duration::from_secs)
                .ok_or(OidcConfigError::Timeout)?,
        };
        Ok(Some(OidcConfig { providers, timeout }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn read(vars: &[(&str, &str)]) -> Result<Option<OidcConfig>, OidcConfigError> {
        let vars: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        OidcConfig::from_lookup(&|k: &str| vars.get(k).cloned(), true)
    }

    const ENTRA: [(&str, &str); 5] = [
        ("SUMMIT_OIDC_PROVIDERS", "un-entra"),
        (
            "SUMMIT_OIDC_UN_ENTRA_ISSUER",
            "https://login.microsoftonline.com/tenant/v2.0/",
        ),
        ("SUMMIT_OIDC_UN_ENTRA_CLIENT_ID", "client"),
        ("SUMMIT_OIDC_UN_ENTRA_CLIENT_SECRET", "secret"),
        ("SUMMIT_OIDC_UN_ENTRA_NAME", "UN Secretariat"),
    ];

    #[test]
    fn unset_means_passwords_only() {
        assert_eq!(read(&[]), Ok(None));
        assert_eq!(read(&[("SUMMIT_OIDC_PROVIDERS", " ")]), Ok(None));
    }

    #[test]
    fn a_provider_needs_its_issuer_client_and_name() {
        let c = read(&ENTRA).unwrap().unwrap();
        let p = &c.providers[0];
        assert_eq!(p.issuer, "https://login.microsoftonline.com/tenant/v2.0");
        assert_eq!((p.id.as_str(), p.trust_email), ("un-entra", false));
        assert_eq!(c.timeout, Duration::from_secs(10));
        assert_eq!(
            read(&ENTRA[..4]),
            Err(OidcConfigError::Missing("SUMMIT_OIDC_UN_ENTRA_NAME".into()))
        );
        let mut plain = ENTRA.to_vec();
        plain[1].1 = "http://idp.example.org";
        assert!(matches!(read(&plain), Err(OidcConfigError::Issuer(_))));
        plain[1].1 = "http://127.0.0.1:4000";
        assert!(read(&plain).is_ok());
        assert_eq!(
            read(&[("SUMMIT_OIDC_PROVIDERS", "Entra")]),
            Err(OidcConfigError::Id("Entra".into()))
        );
        assert_eq!(
            OidcConfig::from_lookup(
                &|k: &str| (k == "SUMMIT_OIDC_PROVIDERS").then(|| "x".into()),
                false
            ),
            Err(OidcConfigError::PublicUrl)
        );
    }
}
