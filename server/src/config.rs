//! Configuration from the environment. Every variable is optional; a malformed
//! one stops the server at start with a one-line message naming it.

use std::net::SocketAddr;

/// The SQLite file used when `DATABASE_URL` is not set (relative to the working directory).
pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/summit.db";
pub const DEFAULT_ADDR: &str = "127.0.0.1:3000";
pub const DEFAULT_LOG: &str = "info,sqlx=warn,tower_http=info";

#[derive(Clone, Debug)]
pub struct Config {
    /// `LEPTOS_SITE_ADDR`: where to listen.
    pub addr: SocketAddr,
    /// `DATABASE_URL`: `sqlite://path` (or `sqlite::memory:`).
    pub database_url: String,
    /// `RUST_LOG`: a `tracing` filter such as `info,server=debug`.
    pub log_filter: String,
    /// `SUMMIT_ADMIN_EMAIL` and `SUMMIT_ADMIN_PASSWORD`: the first
    /// administrator, created at start when no account exists yet.
    pub first_admin: Option<FirstAdmin>,
    /// `TRUST_PROXY=1`: behind a reverse proxy, take the client address from
    /// the last `X-Forwarded-For` entry (for per-address sign-in limits).
    pub trust_proxy: bool,
    /// `EMBED_ALLOWED_ORIGINS`: who may frame `/{lang}/embed/…` widgets, as
    /// a `frame-ancestors` source list (origins separated by spaces; `*` for
    /// anyone, the default). This site itself is always allowed.
    pub embed_origins: String,
    /// `SUMMIT_RELEASE`: a label mixed into the service worker's version, to
    /// make every browser take a new worker without a new build.
    pub release: Option<String>,
    /// `SUMMIT_PUBLIC_URL`: the site's own origin as visitors reach it
    /// (`https://tracker.un.org`), the only source of absolute links and of
    /// the embed code. `None`: the listen address (see [`PublicUrl::of_listener`]).
    pub public_url: Option<PublicUrl>,
    /// `SUMMIT_OIDC_PROVIDERS` and each provider's settings
    /// (`server::oidc::config`): signing in with an organisation's account.
    pub oidc: Option<crate::oidc::config::OidcConfig>,
    /// How long slow clients may take (not read from the environment; tests
    /// shorten them).
    pub timeouts: Timeouts,
    /// `SUMMIT_SMTP_URL` and the other mail settings (`crate::mail`):
    /// `None`, no e-mail.
    pub mail: Option<crate::mail::MailConfig>,
    /// `SUMMIT_FONT_DIRS`: folders (separated by `:`) holding the fonts of
    /// briefs' PDFs (`crate::brief`); Debian's Noto folders by default.
    pub font_dirs: String,
}

/// Limits on slow clients, so a few of them cannot hold the server.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Timeouts {
    /// To send a request's headers (and, between requests, to start one).
    pub headers: std::time::Duration,
    /// Between two pieces of a request body.
    pub body: std::time::Duration,
    /// Until the answer to a request starts.
    pub request: std::time::Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        use std::time::Duration;
        Timeouts {
            headers: Duration::from_secs(10),
            body: Duration::from_secs(15),
            request: Duration::from_secs(30),
        }
    }
}

/// The site's public origin: `scheme://host[:port]`, no path, checked at
/// start. Absolute links are built from it and never from a request header,
/// so no request can make the site hand out links to another one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublicUrl {
    /// The ASCII serialisation, without a trailing slash.
    origin: String,
}

impl PublicUrl {
    /// Accepts `http(s)://host[:port]` with an optional trailing `/`;
    /// refuses paths, queries, fragments, credentials and other schemes.
    pub fn parse(text: &str) -> Option<PublicUrl> {
        let url = url::Url::parse(text.trim()).ok()?;
        let plain = matches!(url.scheme(), "http" | "https")
            && url.host_str().is_some_and(|h| !h.is_empty())
            && url.username().is_empty()
            && url.password().is_none()
            && url.path() == "/"
            && url.query().is_none()
            && url.fragment().is_none();
        plain.then(|| PublicUrl {
            origin: url.origin().ascii_serialization(),
        })
    }

    /// The default: the address the server listens on (an unspecified
    /// address such as `0.0.0.0` is reached as `127.0.0.1`).
    pub fn of_listener(addr: std::net::SocketAddr) -> PublicUrl {
        let ip = match addr.ip() {
            ip if ip.is_unspecified() && ip.is_ipv4() => std::net::Ipv4Addr::LOCALHOST.into(),
            ip if ip.is_unspecified() => std::net::Ipv6Addr::LOCALHOST.into(),
            ip => ip,
        };
        let origin = match (addr.port(), ip) {
            (80, std::net::IpAddr::V4(ip)) => format!("http://{ip}"),
            (80, std::net::IpAddr::V6(ip)) => format!("http://[{ip}]"),
            (port, ip) => format!("http://{}", std::net::SocketAddr::new(ip, port)),
        };
        PublicUrl { origin }
    }

    /// `https://tracker.un.org` (no trailing slash): what links start with.
    pub fn origin(&self) -> &str {
        &self.origin
    }

    pub fn is_https(&self) -> bool {
        self.origin.starts_with("https://")
    }
}

#[derive(Clone)]
pub struct FirstAdmin {
    pub email: String,
    pub password: String,
}

impl std::fmt::Debug for FirstAdmin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FirstAdmin")
            .field("email", &self.email)
            .finish_non_exhaustive()
    }
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ConfigError {
    #[error("LEPTOS_SITE_ADDR={0:?} is not an address like 127.0.0.1:3000")]
    Addr(String),
    #[error("DATABASE_URL={0:?} is not supported: use sqlite://path/to/file.db or postgres://user:password@host/database")]
    DatabaseScheme(String),
    #[error("RUST_LOG={0:?} is not a valid log filter ({1})")]
    LogFilter(String, String),
    #[error("SUMMIT_ADMIN_EMAIL and SUMMIT_ADMIN_PASSWORD must be set together")]
    AdminPair,
    #[error("TRUST_PROXY={0:?} must be 1, true, 0 or false")]
    TrustProxy(String),
    #[error("EMBED_ALLOWED_ORIGINS has {0:?}: use origins like https://intranet.un.org, or *")]
    EmbedOrigin(String),
    #[error("SUMMIT_PUBLIC_URL={0:?} is not an origin like https://tracker.un.org (scheme and host, no path)")]
    PublicUrl(String),
    #[error(transparent)]
    Mail(#[from] crate::mail::MailConfigError),
    #[error(transparent)]
    Oidc(#[from] crate::oidc::config::OidcConfigError),
}

/// Checks one `frame-ancestors` source: `*`, `'self'`, or a scheme and host
/// (with an optional port, and `*.` for subdomains).
fn embed_source_ok(source: &str) -> bool {
    if source == "*" || source == "'self'" {
        return true;
    }
    let Some((scheme, host)) = source.split_once("://") else {
        return false;
    };
    let host = host.strip_prefix("*.").unwrap_or(host);
    matches!(scheme, "http" | "https")
        && !host.is_empty()
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'))
}

impl Config {
    pub fn from_env() -> Result<Self, ConfigError> {
        Config::from_lookup(|key| std::env::var(key).ok().filter(|v| !v.is_empty()))
    }

    /// Reads the configuration through `lookup`, so tests need not touch the process environment.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let addr_text = lookup("LEPTOS_SITE_ADDR").unwrap_or_else(|| DEFAULT_ADDR.to_owned());
        let addr = addr_text
            .parse()
            .map_err(|_| ConfigError::Addr(addr_text.clone()))?;

        let database_url =
            lookup("DATABASE_URL").unwrap_or_else(|| DEFAULT_DATABASE_URL.to_owned());
        if crate::storage::Database::of_url(&database_url).is_none() {
            return Err(ConfigError::DatabaseScheme(database_url));
        }

        let log_filter = lookup("RUST_LOG").unwrap_or_else(|| DEFAULT_LOG.to_owned());
        tracing_subscriber::EnvFilter::try_new(&log_filter)
            .map_err(|e| ConfigError::LogFilter(log_filter.clone(), e.to_string()))?;

        let first_admin = match (
            lookup("SUMMIT_ADMIN_EMAIL"),
            lookup("SUMMIT_ADMIN_PASSWORD"),
        ) {
            (Some(email), Some(password)) => Some(FirstAdmin { email, password }),
            (None, None) => None,
            _ => return Err(ConfigError::AdminPair),
        };
        let trust_proxy = match lookup("TRUST_PROXY").as_deref() {
            None | Some("0") | Some("false") => false,
            Some("1") | Some("true") => true,
            Some(other) => return Err(ConfigError::TrustProxy(other.to_owned())),
        };

        let embed_origins = lookup("EMBED_ALLOWED_ORIGINS").unwrap_or_else(|| "*".to_owned());
        if let Some(bad) = embed_origins
            .split_whitespace()
            .find(|s| !embed_source_ok(s))
        {
            return Err(ConfigError::EmbedOrigin(bad.to_owned()));
        }
        let embed_origins = embed_origins
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");

        Ok(Config {
            addr,
            database_url,
            log_filter,
            first_admin,
            trust_proxy,
            embed_origins: if embed_origins.is_empty() {
                "*".to_owned()
            } else {
                embed_origins
            },
            release: lookup("SUMMIT_RELEASE"),
            font_dirs: lookup("SUMMIT_FONT_DIRS")
                .unwrap_or_else(|| crate::brief::DEFAULT_FONT_DIRS.to_owned()),
            timeouts: Timeouts::default(),
            mail: crate::mail::MailConfig::from_lookup(&lookup)?,
            oidc: crate::oidc::config::OidcConfig::from_lookup(
                &lookup,
                lookup("SUMMIT_PUBLIC_URL").is_some(),
            )?,
            public_url: match lookup("SUMMIT_PUBLIC_URL") {
                None => None,
                Some(text) => Some(PublicUrl::parse(&text).ok_or(ConfigError::PublicUrl(text))?),
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn config(vars: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let vars: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Config::from_lookup(|k| vars.get(k).cloned())
    }

    #[test]
    fn defaults_need_no_configuration() {
        let c = config(&[]).unwrap();
        assert_eq!(c.addr.to_string(), "127.0.0.1:3000");
        assert_eq!(c.database_url, "sqlite://data/summit.db");
    }

    #[test]
    fn each_malformed_value_is_named() {
        assert_eq!(
            config(&[("LEPTOS_SITE_ADDR", "localhost")]).unwrap_err(),
            ConfigError::Addr("localhost".into())
        );
        assert_eq!(
            config(&[("DATABASE_URL", "mysql://x")]).unwrap_err(),
            ConfigError::DatabaseScheme("mysql://x".into())
        );
        assert!(matches!(
            config(&[("RUST_LOG", "info,[[[")]).unwrap_err(),
            ConfigError::LogFilter(..)
        ));
    }

    #[test]
    fn the_first_admin_needs_both_variables() {
        assert_eq!(
            config(&[("SUMMIT_ADMIN_EMAIL", "a@un.org")]).unwrap_err(),
            ConfigError::AdminPair
        );
        let c = config(&[
            ("SUMMIT_ADMIN_EMAIL", "a@un.org"),
            ("SUMMIT_ADMIN_PASSWORD", "a long enough password"),
        ])
        .unwrap();
        assert_eq!(c.first_admin.unwrap().email, "a@un.org");
        assert!(!format!(
            "{:?}",
            config(&[
                ("SUMMIT_ADMIN_EMAIL", "a@un.org"),
                ("SUMMIT_ADMIN_PASSWORD", "hunter2hunter2"),
            ])
            .unwrap()
        )
        .contains("hunter2"));
    }

    #[test]
    fn embed_origins_are_checked_sources() {
        assert_eq!(config(&[]).unwrap().embed_origins, "*");
        let c = config(&[(
            "EMBED_ALLOWED_ORIGINS",
            " https://intranet.un.org  https://*.undp.org http://localhost:8080 ",
        )])
        .unwrap();
        assert_eq!(
            c.embed_origins,
            "https://intranet.un.org https://*.undp.org http://localhost:8080"
        );
        for bad in [
            "intranet.un.org",
            "javascript:x",
            "https://a.org;script-src *",
            "'unsafe-inline'",
        ] {
            assert!(config(&[("EMBED_ALLOWED_ORIGINS", bad)]).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_public_url_is_a_bare_origin() {
        assert_eq!(config(&[]).unwrap().public_url, None);
        let c = config(&[("SUMMIT_PUBLIC_URL", "https://tracker.un.org/")]).unwrap();
        assert_eq!(c.public_url.unwrap().origin(), "https://tracker.un.org");
        let c = config(&[("SUMMIT_PUBLIC_URL", "http://10.0.0.5:8080")]).unwrap();
        assert_eq!(c.public_url.unwrap().origin(), "http://10.0.0.5:8080");
        for bad in [
            "tracker.un.org",
            "ftp://tracker.un.org",
            "https://tracker.un.org/summit",
            "https://tracker.un.org/?x=1",
            "https://user:pw@tracker.un.org",
            "javascript:alert(1)",
            "https://",
        ] {
            assert_eq!(
                config(&[("SUMMIT_PUBLIC_URL", bad)]).unwrap_err(),
                ConfigError::PublicUrl(bad.into()),
                "{bad}"
            );
        }
    }

    #[test]
    fn the_default_public_url_is_the_listen_address() {
        let of = |a: &str| {
            PublicUrl::of_listener(a.parse().unwrap())
                .origin()
                .to_owned()
        };
        assert_eq!(of("127.0.0.1:3000"), "http://127.0.0.1:3000");
        assert_eq!(of("0.0.0.0:8080"), "http://127.0.0.1:8080");
        assert_eq!(of("[::]:80"), "http://[::1]");
    }

    #[test]
    fn messages_are_one_line() {
        let e = config(&[("LEPTOS_SITE_ADDR", "nope")]).unwrap_err();
        assert!(!e.to_string().contains('\n'));
    }
}
