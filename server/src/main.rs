//! Starts the server: configuration from the environment, then `startup::Application`.

use server::config::Config;
use server::startup::Application;
use std::process::ExitCode;

/// mimalloc instead of glibc's malloc: a page render allocates and frees
/// thousands of small strings across worker threads, where glibc's arena
/// locks and consolidation showed as a fifth of the server's time.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        None => serve().await,
        Some("create-admin") => create_admin(&args[1..]).await,
        Some(_) => {
            eprintln!("usage: server [create-admin EMAIL [NAME]]");
            ExitCode::from(2)
        }
    }
}

/// `server create-admin EMAIL [NAME]`: adds an administrator to the database
/// of `DATABASE_URL`. The password comes from `SUMMIT_ADMIN_PASSWORD`, or
/// else from the first line of standard input (never from the command line,
/// where other users could read it).
async fn create_admin(args: &[String]) -> ExitCode {
    let Some(email) = args.first() else {
        eprintln!("usage: server create-admin EMAIL [NAME]");
        return ExitCode::from(2);
    };
    let name = args.get(1).cloned().unwrap_or_else(|| {
        email
            .split('@')
            .next()
            .unwrap_or("Administrator")
            .to_owned()
    });
    // Only the database matters here; SUMMIT_ADMIN_PASSWORD alone is expected.
    let config = match Config::from_lookup(|key| {
        (!key.starts_with("SUMMIT_ADMIN_"))
            .then(|| std::env::var(key).ok().filter(|v| !v.is_empty()))
            .flatten()
    }) {
        Ok(config) => config,
        Err(error) => {
            eprintln!("server: {error}");
            return ExitCode::from(2);
        }
    };
    let password = match std::env::var("SUMMIT_ADMIN_PASSWORD") {
        Ok(p) if !p.is_empty() => p,
        _ => {
            eprintln!("password (one line on standard input):");
            let mut line = String::new();
            if std::io::stdin().read_line(&mut line).is_err() {
                eprintln!("server: cannot read the password");
                return ExitCode::from(2);
            }
            line.trim_end_matches(['\n', '\r']).to_owned()
        }
    };
    let storage = match server::storage::SqlStorage::open(&config.database_url).await {
        Ok(s) => s,
        Err(error) => {
            eprintln!("server: {error}");
            return ExitCode::FAILURE;
        }
    };
    let shared: app::services::storage::SharedStorage = std::sync::Arc::new(storage);
    match app::services::admin::create_user_in(&shared, email, &name, "admin", "", "", password)
        .await
    {
        Ok(id) => {
            println!("administrator {email} created (id {id})");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("server: {}", server::startup::describe(&error));
            ExitCode::from(2)
        }
    }
}

async fn serve() -> ExitCode {
    let config = match Config::from_env() {
        Ok(config) => config,
        Err(error) => {
            eprintln!("server: {error}");
            return ExitCode::from(2);
        }
    };
    server::startup::init_tracing(&config.log_filter);
    let app = match Application::build(config).await {
        Ok(app) => app,
        Err(error) => {
            eprintln!("server: {error}");
            return ExitCode::FAILURE;
        }
    };
    match app
        .run_until_stopped(server::startup::shutdown_signal())
        .await
    {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("server: {error}");
            ExitCode::FAILURE
        }
    }
}
