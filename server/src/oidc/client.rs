//! One identity provider, spoken to with `openidconnect`: discovery (kept
//! for an hour), the authorization-code flow with PKCE, `state` and
//! `nonce`, the ID token validated by the book (issuer, audience, expiry,
//! signature with the provider's published keys, nonce; `alg: none`
//! refused), and its keys fetched again when a token names one we do not
//! have (the provider rotated them).

use super::config::ProviderConfig;
use app::error::ProviderFailure;
use openidconnect::core::{
    CoreAuthDisplay, CoreAuthPrompt, CoreAuthenticationFlow, CoreErrorResponseType,
    CoreGenderClaim, CoreJsonWebKey, CoreJweContentEncryptionAlgorithm, CoreJwsSigningAlgorithm,
    CoreRevocableToken, CoreRevocationErrorResponse, CoreTokenIntrospectionResponse, CoreTokenType,
};
use openidconnect::{
    AdditionalClaims, AuthorizationCode, ClaimsVerificationError, ClientId, ClientSecret,
    CsrfToken, EmptyExtraTokenFields, EndpointMaybeSet, EndpointNotSet, EndpointSet, IdTokenFields,
    IssuerUrl, JsonWebKeySet, LogoutRequest, Nonce, PkceCodeChallenge, PkceCodeVerifier,
    PostLogoutRedirectUrl, ProviderMetadataWithLogout, RedirectUrl, RequestTokenError, Scope,
    SignatureVerificationError, StandardErrorResponse, StandardTokenResponse,
};
use serde::{Deserialize, Serialize};
use std::time::{Duration, Instant};
use summit::sign_in::ProviderClaims;
use summit::Email;
use tokio::sync::RwLock;

/// The claims beyond the standard ones that decide roles.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
pub struct DirectoryClaims {
    #[serde(default)]
    groups: Vec<String>,
    #[serde(default)]
    roles: Vec<String>,
}
impl AdditionalClaims for DirectoryClaims {}

type TokenResponse = StandardTokenResponse<
    IdTokenFields<
        DirectoryClaims,
        EmptyExtraTokenFields,
        CoreGenderClaim,
        CoreJweContentEncryptionAlgorithm,
        CoreJwsSigningAlgorithm,
    >,
    CoreTokenType,
>;

type Client = openidconnect::Client<
    DirectoryClaims,
    CoreAuthDisplay,
    CoreGenderClaim,
    CoreJweContentEncryptionAlgorithm,
    CoreJsonWebKey,
    CoreAuthPrompt,
    StandardErrorResponse<CoreErrorResponseType>,
    TokenResponse,
    CoreTokenIntrospectionResponse,
    CoreRevocableToken,
    CoreRevocationErrorResponse,
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointMaybeSet,
    EndpointMaybeSet,
>;

/// How long a discovery document (and its keys) is used before it is
/// fetched again.
const DISCOVERY_LIFETIME: Duration = Duration::from_secs(3600);

/// A sign-in this browser started: kept in its session until the provider
/// sends the browser back, and used once.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Flow {
    pub provider: String,
    pub state: String,
    pub nonce: String,
    pub pkce_verifier: String,
    /// Where to go once signed in (a path on this site), and in which language.
    pub next: String,
    pub language: String,
    pub started_ms: i64,
}

/// Why a step failed: what the person is told, and what the log says.
#[derive(Debug)]
pub struct Failure {
    pub kind: ProviderFailure,
    pub detail: String,
}

impl Failure {
    fn new(kind: ProviderFailure, detail: impl std::fmt::Display) -> Failure {
        Failure {
            kind,
            detail: detail.to_string(),
        }
    }
}

/// What a sign-in yields: the person, and the ID token (kept in the
/// session as the hint for ending the provider's session at sign-out).
pub struct Verified {
    pub claims: ProviderClaims,
    pub id_token: String,
}

pub struct Provider {
    pub config: ProviderConfig,
    redirect: RedirectUrl,
    http: openidconnect::reqwest::Client,
    discovered: RwLock<Option<(ProviderMetadataWithLogout, Instant)>>,
}

impl Provider {
    /// `origin`: the site's public origin; the redirect URI registered at
    /// the provider is `{origin}/auth/oidc/{id}/callback`.
    pub fn new(
        config: ProviderConfig,
        origin: &str,
        timeout: Duration,
    ) -> Result<Provider, String> {
        let redirect = RedirectUrl::new(format!("{origin}/auth/oidc/{}/callback", config.id))
            .map_err(|e| format!("redirect URI: {e}"))?;
        let http = openidconnect::reqwest::Client::builder()
            // Following redirects would let a provider's answer send us anywhere.
            .redirect(openidconnect::reqwest::redirect::Policy::none())
            .timeout(timeout)
            .connect_timeout(timeout)
            .build()
            .map_err(|e| format!("HTTP client: {e}"))?;
        Ok(Provider {
            config,
            redirect,
            http,
            discovered: RwLock::new(None),
        })
    }

    /// The provider's metadata and keys: kept for [`DISCOVERY_LIFETIME`],
    /// fetched again when older or when `refresh`.
    async fn metadata(&self, refresh: bool) -> Result<ProviderMetadataWithLogout, Failure> {
        if !refresh {
            if let Some((metadata, at)) = self.discovered.read().await.as_ref() {
                if at.elapsed() < DISCOVERY_LIFETIME {
                    return Ok(metadata.clone());
                }
            }
        }
        let issuer = IssuerUrl::new(self.config.issuer.clone())
            .map_err(|e| Failure::new(ProviderFailure::Unreachable, e))?;
        // Discovery checks that the document names the configured issuer.
        let metadata = ProviderMetadataWithLogout::discover_async(issuer, &self.http)
            .await
            .map_err(|e| Failure::new(ProviderFailure::Unreachable, format!("discovery: {e}")))?;
        *self.discovered.write().await = Some((metadata.clone(), Instant::now()));
        Ok(metadata)
    }

    fn client(&self, metadata: ProviderMetadataWithLogout) -> Client {
        Client::from_provider_metadata(
            metadata,
            ClientId::new(self.config.client_id.clone()),
            Some(ClientSecret::new(self.config.client_secret.clone())),
        )
        .set_redirect_uri(self.redirect.clone())
    }

    /// Starts a sign-in: where to send the browser, and what to keep.
    pub async fn begin(
        &self,
        next: String,
        language: &str,
        now_ms: i64,
    ) -> Result<(String, Flow), Failure> {
        let client = self.client(self.metadata(false).await?);
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let mut request = client
            .authorize_url(
                CoreAuthenticationFlow::AuthorizationCode,
                CsrfToken::new_random,
                Nonce::new_random,
            )
            .add_scope(Scope::new("email".into()))
            .add_scope(Scope::new("profile".into()))
            .set_pkce_challenge(challenge)
            .add_ui_locale(openidconnect::LanguageTag::new(language.to_owned()));
        for scope in &self.config.extra_scopes {
            request = request.add_scope(Scope::new(scope.clone()));
        }
        let (url, state, nonce) = request.url();
        Ok((
            url.to_string(),
            Flow {
                provider: self.config.id.clone(),
                state: state.secret().clone(),
                nonce: nonce.secret().clone(),
                pkce_verifier: verifier.secret().clone(),
                next,
                language: language.to_owned(),
                started_ms: now_ms,
            },
        ))
    }

    /// Trades the code for tokens (with the PKCE verifier) and validates
    /// the ID token against the flow's nonce.
    pub async fn finish(&self, flow: &Flow, code: String) -> Result<Verified, Failure> {
        let mut metadata = self.metadata(false).await?;
        let client = self.client(metadata.clone());
        let response = client
            .exchange_code(AuthorizationCode::new(code))
            .map_err(|e| Failure::new(ProviderFailure::Unreachable, e))?
            .set_pkce_verifier(PkceCodeVerifier::new(flow.pkce_verifier.clone()))
            .request_async(&self.http)
            .await
            .map_err(|e| match e {
                // A code used before or made for someone else (RFC 6749's
                // invalid_grant), or a client the provider refuses.
                RequestTokenError::ServerResponse(answer) => Failure::new(
                    if *answer.error() == CoreErrorResponseType::InvalidGrant {
                        ProviderFailure::Stale
                    } else {
                        ProviderFailure::Refused
                    },
                    format!("token endpoint: {answer}"),
                ),
                RequestTokenError::Parse(error, _) => {
                    Failure::new(ProviderFailure::Invalid, format!("token response: {error}"))
                }
                other => Failure::new(
                    ProviderFailure::Unreachable,
                    format!("token endpoint: {other}"),
                ),
            })?;
        let id_token = response
            .extra_fields()
            .id_token()
            .ok_or_else(|| Failure::new(ProviderFailure::Invalid, "no ID token"))?;
        let nonce = Nonce::new(flow.nonce.clone());
        let claims = match id_token.claims(&client.id_token_verifier(), &nonce) {
            Ok(claims) => claims.clone(),
            // A key we do not have: the provider may have rotated its keys.
            // Fetch them once more and check again.
            Err(ClaimsVerificationError::SignatureVerification(
                SignatureVerificationError::NoMatchingKey,
            )) => {
                let keys = JsonWebKeySet::fetch_async(metadata.jwks_uri(), &self.http)
                    .await
                    .map_err(|e| {
                        Failure::new(ProviderFailure::Unreachable, format!("keys: {e}"))
                    })?;
                metadata = metadata.set_jwks(keys);
                *self.discovered.write().await = Some((metadata.clone(), Instant::now()));
                tracing::info!(provider = %self.config.id, "provider keys fetched again");
                let client = self.client(metadata);
                let verifier = client.id_token_verifier();
                let claims = id_token
                    .claims(&verifier, &nonce)
                    .map_err(|e| Failure::new(ProviderFailure::Invalid, format!("ID token: {e}")))?
                    .clone();
                claims
            }
            Err(e) => {
                return Err(Failure::new(
                    ProviderFailure::Invalid,
                    format!("ID token: {e}"),
                ))
            }
        };
        let email = claims.email().and_then(|e| Email::parse(e.as_str()).ok());
        let verified = claims.email_verified() == Some(true);
        let name = claims
            .name()
            .and_then(|n| n.get(None))
            .map(|n| n.as_str().to_owned());
        Ok(Verified {
            claims: ProviderClaims {
                subject: claims.subject().as_str().to_owned(),
                email_trusted: email.is_some() && (verified || self.config.trust_email),
                email,
                name,
                groups: claims.additional_claims().groups.clone(),
                roles: claims.additional_claims().roles.clone(),
            },
            id_token: id_token.to_string(),
        })
    }

    /// Where to send the browser to end its session at the provider too
    /// (OpenID Connect RP-Initiated Logout), if the provider offers it.
    pub async fn end_session_url(&self, id_token: &str, after: &str) -> Option<String> {
        let metadata = match self.metadata(false).await {
            Ok(metadata) => metadata,
            Err(failure) => {
                tracing::warn!(provider = %self.config.id, detail = %failure.detail, "provider unreachable at sign-out");
                return None;
            }
        };
        let endpoint = metadata
            .additional_metadata()
            .end_session_endpoint
            .clone()?;
        let mut request = LogoutRequest::from(endpoint)
            .set_client_id(ClientId::new(self.config.client_id.clone()));
        if let Ok(after) = PostLogoutRedirectUrl::new(after.to_owned()) {
            request = request.set_post_logout_redirect_uri(after);
        }
        // The hint is the token the provider signed for us; an unreadable
        // one is left out rather than sent.
        let url = match id_token.parse::<openidconnect::core::CoreIdToken>() {
            Ok(token) => request.set_id_token_hint(&token).http_get_url(),
            Err(_) => request.http_get_url(),
        };
        Some(url.to_string())
    }
}
