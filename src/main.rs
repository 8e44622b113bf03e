//! The `keycard` server binary: `keycard` serves, `keycard migrate` applies
//! migrations, `keycard keys rotate` starts signing with a new key, and
//! `keycard users …` / `keycard sessions prune` are the operator's tools.

use std::{
    io::{BufRead, IsTerminal, Write},
    process::ExitCode,
    sync::Arc,
};

use clap::{Args, Parser, Subcommand};
use keycard::server::{
    AppState, Config,
    admin::{Action, Admin},
    config::LogFormat,
    http,
    jwt::Keyring,
    secret::Secret,
    store::Store,
};
use leptos::config::get_configuration;
use tracing_subscriber::{EnvFilter, fmt::writer::BoxMakeWriter};

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
    /// Look up and act on accounts, by e-mail address.
    Users {
        #[command(subcommand)]
        action: UsersAction,
    },
    /// Maintain sessions and the other records retention prunes.
    Sessions {
        #[command(subcommand)]
        action: SessionsAction,
    },
}

#[derive(Subcommand)]
enum UsersAction {
    /// Show an account: status, verification, creation, last sign-in, factors, active sessions.
    Find { email: String },
    /// Lock an account: every session ends and none opens until it is unlocked.
    Lock(Target),
    /// Unlock an account and clear its failed sign-ins (also for a user locked out by them).
    Unlock(Target),
    /// Sign out every session of an account.
    SignOut(Target),
    /// Delete an account with its sessions and activity.
    Delete(Target),
    /// Mark an account's address as confirmed.
    Verify(Target),
    /// Remove the authenticator app and recovery codes of a user who lost both;
    /// the password alone signs in again. Confirm who is asking first.
    RemoveSecondFactor(Target),
}

#[derive(Args)]
struct Target {
    email: String,
    /// Do not ask for confirmation.
    #[arg(long, short)]
    yes: bool,
}

#[derive(Subcommand)]
enum SessionsAction {
    /// Prune ended sessions, old token history, events and counters now, as the hourly task does.
    Prune {
        /// Do not ask for confirmation.
        #[arg(long, short)]
        yes: bool,
    },
}

#[derive(Subcommand)]
enum KeysAction {
    /// Sign new tokens with a fresh key; tokens of the old key stay valid until they expire.
    Rotate,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let config = match Config::from_env() {
        Ok(config) => config,
        Err(e) => return fail(e),
    };
    // The server logs to stdout; a command prints its answer there and logs
    // to stderr.
    let serving = matches!(cli.command, None | Some(Command::Serve));
    init_logging(config.log_format, serving);
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
            Command::Users { action } => users(&config, action).await,
            Command::Sessions { action: SessionsAction::Prune { yes } } => {
                let admin = Admin::open(&config).await.map_err(|e| e.to_string())?;
                confirm("Prune ended sessions, old token history, events and counters now?", yes)?;
                let pruned = admin.prune().await.map_err(|e| e.to_string())?;
                admin.close().await;
                println!(
                    "pruned {} ended sessions, {} superseded tokens, {} events, {} sign-in counters, {} used links and {} sent mails",
                    pruned.sessions, pruned.history, pruned.events, pruned.throttle, pruned.links, pruned.mails
                );
                Ok(())
            }
        }
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(e),
    }
}

fn init_logging(format: LogFormat, to_stdout: bool) {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let (writer, at_terminal) = if to_stdout {
        (BoxMakeWriter::new(std::io::stdout), std::io::stdout().is_terminal())
    } else {
        (BoxMakeWriter::new(std::io::stderr), std::io::stderr().is_terminal())
    };
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_target(false).with_writer(writer);
    match format {
        // Colour for people at a terminal; plain key=value lines for log collectors.
        LogFormat::Text => builder.with_ansi(at_terminal).init(),
        // One object per line: the event's fields at the top level, and the
        // request span (its id) beside them.
        LogFormat::Json => builder.json().flatten_event(true).with_current_span(true).with_span_list(false).init(),
    }
}

async fn users(config: &Config, action: UsersAction) -> Result<(), String> {
    let admin = Admin::open(config).await.map_err(|e| e.to_string())?;
    let (action, target) = match action {
        UsersAction::Find { email } => {
            let user = admin.user(&email).await.map_err(|e| e.to_string())?;
            println!("{}", admin.report(user).await.map_err(|e| e.to_string())?);
            admin.close().await;
            return Ok(());
        }
        UsersAction::Lock(t) => (Action::Lock, t),
        UsersAction::Unlock(t) => (Action::Unlock, t),
        UsersAction::SignOut(t) => (Action::SignOut, t),
        UsersAction::Delete(t) => (Action::Delete, t),
        UsersAction::Verify(t) => (Action::Verify, t),
        UsersAction::RemoveSecondFactor(t) => (Action::RemoveSecondFactor, t),
    };
    let user = admin.user(&target.email).await.map_err(|e| e.to_string())?;
    confirm(&action.question(&user.email), target.yes)?;
    let done = admin.apply(action, &user).await.map_err(|e| e.to_string())?;
    admin.close().await;
    println!("{done}");
    Ok(())
}

/// Asks `question` on the terminal; without one, only `--yes` goes ahead.
fn confirm(question: &str, yes: bool) -> Result<(), String> {
    if yes {
        return Ok(());
    }
    if !std::io::stdin().is_terminal() {
        return Err("not confirmed: add --yes to run this without a terminal; nothing changed".into());
    }
    print!("{question} [y/N] ");
    std::io::stdout().flush().map_err(|e| e.to_string())?;
    let mut answer = String::new();
    std::io::stdin().lock().read_line(&mut answer).map_err(|e| e.to_string())?;
    match answer.trim().to_ascii_lowercase().as_str() {
        "y" | "yes" => Ok(()),
        _ => Err("not confirmed; nothing changed".into()),
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
    let metrics_addr = config.metrics_addr;
    // Read before anything starts: a missing or bad file is one clear error.
    let tls = config.tls.as_ref().map(http::tls::server_config).transpose().map_err(|e| format!("KEYCARD_TLS_CERT/KEY: {e}"))?;
    let public = config.public_origin.clone();
    let state = AppState::build(config, leptos_options).await.map_err(|e| e.to_string())?;

    state.auth.reload_keys_on_schedule();
    state.auth.warm_providers();
    state.auth.prune_on_schedule();

    if let Some(metrics_addr) = metrics_addr {
        let handle = http::prometheus::install()?;
        let listener = tokio::net::TcpListener::bind(metrics_addr)
            .await
            .map_err(|e| format!("KEYCARD_METRICS_ADDR: cannot listen on {metrics_addr}: {e}"))?;
        let metrics_addr = listener.local_addr().map_err(|e| e.to_string())?;
        tracing::info!(%metrics_addr, "metrics listening at /metrics");
        let auth = state.auth.clone();
        tokio::spawn(async move {
            if let Err(e) = http::prometheus::serve(auth, handle, listener).await {
                tracing::error!(error = %e, "the metrics listener stopped");
            }
        });
    }

    let listener = tokio::net::TcpListener::bind(addr).await.map_err(|e| format!("LEPTOS_SITE_ADDR: cannot listen on {addr}: {e}"))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    tracing::info!(%addr, %public, backend = state.auth.backend(), https = tls.is_some(), "keycard listening");
    let auth = state.auth.clone();
    http::serve(state, listener, tls, shutdown_signal()).await.map_err(|e| e.to_string())?;
    // Mails a request queued after its answer are written before the end.
    auth.shut_down().await;
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
