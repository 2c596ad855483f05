//! Builds the application (storage, router, listener) and runs it until a
//! shutdown signal, finishing in-flight requests first.

use crate::config::Config;
use crate::http;
use crate::storage::OpenError;
use crate::storage::SqlStorage;
use app::services::storage::SharedStorage;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use tokio::net::TcpListener;

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error(transparent)]
    Storage(#[from] OpenError),
    #[error("identity provider settings: {0}")]
    Oidc(String),
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("the embedded map data is unreadable: {0}")]
    Map(String),
    #[error("cannot prepare the session table: {0}")]
    Sessions(sqlx::Error),
    #[error("cannot create the first administrator: {0}")]
    FirstAdmin(String),
    #[error("cannot reach the mail server's settings: {0}")]
    Mail(String),
}

/// A bound, ready-to-serve application.
pub struct Application {
    listener: TcpListener,
    router: axum::Router,
    storage: SqlStorage,
    header_timeout: std::time::Duration,
    /// The mail sender's settings and the origin its links start with.
    mail: Option<(crate::mail::MailConfig, String)>,
}

impl Application {
    /// Opens the database (migrating and seeding it) and binds the listener.
    /// Port 0 picks a free port, which tests use.
    pub async fn build(config: Config) -> Result<Self, StartError> {
        let storage = SqlStorage::open(&config.database_url).await?;
        let shared: SharedStorage = Arc::new(storage.clone());
        if let Some(admin) = &config.first_admin {
            create_first_admin(&shared, admin).await?;
        }
        let auth = http::session::layer(&config.database_url, shared.clone())
            .await
            .map_err(StartError::Sessions)?;
        let listener = TcpListener::bind(config.addr)
            .await
            .map_err(|source| StartError::Bind {
                addr: config.addr,
                source,
            })?;
        let geometry = crate::map::world().map_err(StartError::Map)?;
        // The listener is bound, so a port 0 default already names the real port.
        let public_url = match config.public_url.clone() {
            Some(url) => url,
            None => {
                let addr = listener.local_addr().unwrap_or(config.addr);
                let url = crate::config::PublicUrl::of_listener(addr);
                if addr.ip().is_unspecified() {
                    tracing::warn!(
                        origin = url.origin(),
                        "SUMMIT_PUBLIC_URL is not set: links and embed code use the listen address"
                    );
                }
                url
            }
        };
        let mail = config
            .mail
            .clone()
            .map(|mail| (mail, public_url.origin().to_owned()));
        let providers = match config.oidc.clone() {
            None => None,
            Some(oidc) => Some(std::sync::Arc::new(
                crate::oidc::Providers::new(oidc, public_url.origin()).map_err(StartError::Oidc)?,
            )),
        };
        let router = http::router(
            shared,
            http::RouterParts {
                mail_sending: mail.is_some(),
                providers,
                geometry,
                addr: config.addr,
                public_url,
                timeouts: config.timeouts,
                auth,
                trust_proxy: config.trust_proxy,
                embed_origins: config.embed_origins.clone(),
                release: config.release.clone(),
                font_dirs: config.font_dirs.clone(),
            },
        );
        Ok(Application {
            listener,
            router,
            storage,
            header_timeout: config.timeouts.headers,
            mail,
        })
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.listener
            .local_addr()
            .unwrap_or_else(|_| SocketAddr::from(([127, 0, 0, 1], 0)))
    }

    pub fn storage(&self) -> &SqlStorage {
        &self.storage
    }

    pub async fn run_until_stopped(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> Result<(), StartError> {
        tracing::info!(addr = %self.local_addr(), "listening");
        let (stop_mail, stopped) = tokio::sync::watch::channel(false);
        let sender = match self.mail {
            Some((config, origin)) => {
                let storage: SharedStorage = Arc::new(self.storage.clone());
                Some(
                    crate::mail::worker::spawn(storage, config, origin, stopped)
                        .map_err(|e| StartError::Mail(e.to_string()))?,
                )
            }
            None => None,
        };
        crate::serve::serve(self.listener, self.router, self.header_timeout, shutdown).await;
        let _ = stop_mail.send(true);
        if let Some(sender) = sender {
            // A message being sent is finished, or its lease runs out and
            // another instance (or the next start) sends it.
            let _ = tokio::time::timeout(std::time::Duration::from_secs(10), sender).await;
        }
        self.storage.pool().close().await;
        tracing::info!("stopped");
        Ok(())
    }
}

/// Creates the administrator from `SUMMIT_ADMIN_EMAIL`/`SUMMIT_ADMIN_PASSWORD`
/// when the database has no account yet; otherwise leaves accounts alone
/// (the variables may stay set across restarts, and be set the same on
/// every instance: instances that start together create it once).
async fn create_first_admin(
    storage: &SharedStorage,
    admin: &crate::config::FirstAdmin,
) -> Result<(), StartError> {
    let count = storage
        .user_count()
        .await
        .map_err(|e| StartError::FirstAdmin(e.to_string()))?;
    if count > 0 {
        return Ok(());
    }
    let name = admin.email.split('@').next().unwrap_or("Administrator");
    let created = app::services::admin::create_user_in(
        storage,
        &admin.email,
        name,
        "admin",
        "",
        "",
        admin.password.clone(),
    )
    .await;
    match created {
        Ok(_) => tracing::info!(email = %admin.email, "first administrator created"),
        // Instances started together with the same environment race here:
        // whichever created the account first won, and the others go on.
        Err(error) if storage.user_count().await.is_ok_and(|n| n > 0) => {
            tracing::info!(reason = %describe(&error), "another instance created the first administrator")
        }
        Err(error) => return Err(StartError::FirstAdmin(describe(&error))),
    }
    Ok(())
}

/// An `AppError` for an operator's terminal: the field problems spelled out.
pub fn describe(error: &app::error::AppError) -> String {
    match error {
        app::error::AppError::Invalid(fields) => fields
            .iter()
            .map(|f| f.to_string())
            .collect::<Vec<_>>()
            .join("; "),
        other => other.to_string(),
    }
}

/// Structured (JSON) logs on standard output, filtered by `RUST_LOG`.
pub fn init_tracing(filter: &str) {
    let filter = tracing_subscriber::EnvFilter::try_new(filter)
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(crate::config::DEFAULT_LOG));
    let _ = tracing_subscriber::fmt()
        .json()
        .with_env_filter(filter)
        .with_current_span(false)
        .try_init();
}

/// Resolves on SIGTERM or Ctrl-C.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutdown signal received, finishing open requests");
}
