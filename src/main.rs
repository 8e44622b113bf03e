//! The `keycard` server binary: `keycard` serves, `keycard migrate` applies
//! migrations, `keycard keys rotate` starts signing with a new key.

use std::{process::ExitCode, sync::Arc};

use clap::{Parser, Subcommand};
use keycard::server::{AppState, Config, http, jwt::Keyring, secret::Secret, store::Store};
use leptos::config::get_configuration;
use tracing_subscriber::EnvFilter;

#[derive(Parser)]
#[command(name = "keycard", version, about = "Authentication for a Leptos app: accounts, sessions, silent refresh.")]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the application (the default).
    Serve,
    /// Apply database migrations and exit.
    Migrate,
    /// Manage access-token signing keys.
    Keys {
        #[command(subcommand)]
        action: KeysAction,
    },
}

#[derive(Subcommand)]
enum KeysAction {
    /// Sign new tokens with a fresh key; tokens of the old key stay valid until they expire.
    Rotate,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")))
        .with_target(false)
        // Colour for people at a terminal; plain key=value lines for log collectors.
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stdout()))
        .init();
    let config = match Config::from_env() {
        Ok(config) => config,
        Err(e) => return fail(e),
    };
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("tokio runtime");
    let result = runtime.block_on(async move {
        match cli.command.unwrap_or(Command::Serve) {
            Command::Serve => serve(config).await,
            Command::Migrate => {
                let store = Store::connect(&config.database_url).await.map_err(|e| e.to_string())?;
                store.migrate().await.map_err(|e| e.to_string())?;
                tracing::info!(backend = store.backend(), "migrations applied");
                Ok(())
            }
            Command::Keys { action: KeysAction::Rotate } => {
                let secret = Secret::load(&config.secret).map_err(|e| e.to_string())?;
                let store = Store::connect(&config.database_url).await.map_err(|e| e.to_string())?;
                store.migrate().await.map_err(|e| e.to_string())?;
                let clock = keycard::server::clock::Clock::new(0);
                clock.sync(&store).await.map_err(|e| e.to_string())?;
                let kid = Keyring::add_key(&store, &clock, &secret).await.map_err(|e| e.to_string())?;
                println!("now signing with key {kid}; running instances pick it up within a minute");
                Ok(())
            }
        }
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(e),
    }
}

fn fail(e: impl std::fmt::Display) -> ExitCode {
    eprintln!("keycard: {e}");
    ExitCode::FAILURE
}

async fn serve(config: Config) -> Result<(), String> {
    let mut leptos_options = get_configuration(None).map_err(|e| format!("leptos configuration: {e}"))?.leptos_options;
    if leptos_options.output_name.is_empty() {
        leptos_options.output_name = Arc::from("keycard");
    }
    leptos_options.site_addr = config.site_addr;
    let addr = config.site_addr;
    let public = config.public_origin.clone();
    let state = AppState::build(config, leptos_options).await.map_err(|e| e.to_string())?;

    // Pick up keys rotated by `keycard keys rotate` or by another instance.
    let keys = state.auth.keys.clone();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(keycard::server::jwt::RELOAD_EVERY);
        loop {
            tick.tick().await;
            if let Err(e) = keys.reload().await {
                tracing::warn!(error = %e, "could not reload signing keys");
            }
        }
    });

    state.auth.prune_on_schedule();

    let listener = tokio::net::TcpListener::bind(addr).await.map_err(|e| format!("LEPTOS_SITE_ADDR: cannot listen on {addr}: {e}"))?;
    tracing::info!(%addr, %public, backend = state.auth.store.backend(), "keycard listening");
    let auth = state.auth.clone();
    http::serve(state, listener, shutdown_signal()).await.map_err(|e| e.to_string())?;
    // Mails a request queued after its answer are written before the end.
    auth.settled().await;
    auth.store.close().await;
    tracing::info!("stopped");
    Ok(())
}

/// Resolves on Ctrl-C or SIGTERM; the server then drains in-flight requests.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
    tracing::info!("shutting down: draining in-flight requests");
}
