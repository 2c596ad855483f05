//! Builds the application (storage, router, listener) and runs it until a
//! shutdown signal, finishing in-flight requests first.

use crate::config::Config;
use crate::http;
use crate::storage::sqlite::OpenError;
use crate::storage::SqliteStorage;
use app::storage::SharedStorage;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use tokio::net::TcpListener;

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error(transparent)]
    Storage(#[from] OpenError),
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("the embedded map data is unreadable: {0}")]
    Map(String),
    #[error("the server stopped: {0}")]
    Serve(std::io::Error),
}

/// A bound, ready-to-serve application.
pub struct Application {
    listener: TcpListener,
    router: axum::Router,
    storage: SqliteStorage,
}

impl Application {
    /// Opens the database (migrating and seeding it) and binds the listener.
    /// Port 0 picks a free port, which tests use.
    pub async fn build(config: Config) -> Result<Self, StartError> {
        let storage = SqliteStorage::open(&config.database_url).await?;
        let shared: SharedStorage = Arc::new(storage.clone());
        let listener = TcpListener::bind(config.addr)
            .await
            .map_err(|source| StartError::Bind {
                addr: config.addr,
                source,
            })?;
        let geometry = crate::map::world().map_err(StartError::Map)?;
        let router = http::router(shared, geometry, config.addr);
        Ok(Application {
            listener,
            router,
            storage,
        })
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.listener
            .local_addr()
            .unwrap_or_else(|_| SocketAddr::from(([127, 0, 0, 1], 0)))
    }

    pub fn storage(&self) -> &SqliteStorage {
        &self.storage
    }

    pub async fn run_until_stopped(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> Result<(), StartError> {
        tracing::info!(addr = %self.local_addr(), "listening");
        axum::serve(self.listener, self.router)
            .with_graceful_shutdown(shutdown)
            .await
            .map_err(StartError::Serve)?;
        self.storage.pool().close().await;
        tracing::info!("stopped");
        Ok(())
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
