//! The storage interface: one type, two backends.
//!
//! [`Store`] holds either a SQLite or a PostgreSQL pool. The SQL is written
//! once (numbered `$n` parameters, integer times, byte strings for hashes),
//! which both engines accept, and [`with_pool!`] binds each query against
//! whichever pool is live. Each table's file holds its reads (on [`Store`])
//! and its writes (on [`Conn`], a connection or a transaction), so that a
//! write alone and the same write in a batch ([`Write`]) are one statement. The rest of the server never learns which one runs.

mod batch;
mod bound;
mod conn;
mod events;
mod factors;
mod identities;
mod keys;
mod links;
mod outbox;
mod passkeys;
mod retention;
mod rotations;
mod sessions;
mod throttle;
mod users;

use std::{str::FromStr, time::Duration};

use sqlx::{
    postgres::{PgConnectOptions, PgPoolOptions},
    sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous},
    PgPool, SqlitePool,
};

pub use events::{ADMIN_AGENT, EventKind, EventRecord, NewEvent};
pub use factors::{PendingSignIn, TotpRecord};
pub use identities::{IdentityRecord, NewFlow, TakenFlow};
pub use keys::SigningKeyRecord;
pub use passkeys::{NewCeremony, PasskeyRecord, TakenCeremony};
pub use batch::{Applied, Write};
pub use bound::{Binding, ChallengePurpose, NewChallenge};
pub use conn::{Conn, Pooled, Tx};
pub(crate) use conn::with_conn;
pub use links::{LinkTokenRecord, NewLinkToken, UNDO_PURPOSE};
pub use outbox::{MailRecord, NewMail};
pub use retention::{Cutoffs, Pruned};
pub use sessions::{HistoryHit, NewSession, RevokeReason, SessionRecord};
pub use throttle::Attempt;
pub use users::{NO_PASSWORD, UserRecord};

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("migrations/postgres");

#[derive(Clone, Debug)]
pub enum Store {
    /// The pool, and the writer that group-commits refresh rotations.
    Sqlite(SqlitePool, rotations::RotationWriter),
    Postgres(PgPool),
}

/// Runs `$body` with `$pool` bound to the live pool. The body is compiled once
/// per backend, so a query that one engine's types cannot express fails to build.
macro_rules! with_pool {
    ($store:expr, $pool:ident => $body:expr) => {
        match $store {
            $crate::server::store::Store::Sqlite($pool, _) => $body,
            $crate::server::store::Store::Postgres($pool) => $body,
        }
    };
}
pub(crate) use with_pool;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("DATABASE_URL: {0}")]
    Config(String),
    #[error("the database is unavailable: {0}")]
    Unavailable(sqlx::Error),
    #[error("a row with this key already exists")]
    Conflict,
    #[error("database error: {0}")]
    Other(sqlx::Error),
    #[error("migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        match &e {
            sqlx::Error::Database(db) if db.is_unique_violation() => Self::Conflict,
            sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_) | sqlx::Error::Tls(_) => {
                Self::Unavailable(e)
            }
            _ => Self::Other(e),
        }
    }
}

pub type StoreResult<T> = Result<T, StoreError>;

#[derive(Clone, Copy, Debug)]
pub struct PoolUsage {
    pub open: u32,
    pub idle: usize,
    pub max: u32,
}

impl Store {
    /// Opens a pool for `DATABASE_URL`. For SQLite the file and its folder are
    /// created; for PostgreSQL nothing is contacted until the first query, so a
    /// database that is down at boot does not keep the server from starting.
    pub async fn connect(url: &str) -> StoreResult<Self> {
        Self::open(url, true).await
    }

    /// [`Store::connect`] to a database that must exist already: the admin
    /// commands refuse to create an empty SQLite file at a mistyped path.
    pub async fn connect_existing(url: &str) -> StoreResult<Self> {
        let store = Self::open(url, false).await?;
        store.ping().await?;
        Ok(store)
    }

    async fn open(url: &str, create: bool) -> StoreResult<Self> {
        if url.starts_with("sqlite:") {
            let options = SqliteConnectOptions::from_str(url)
                .map_err(|e| StoreError::Config(e.to_string()))?
                .create_if_missing(create)
                .journal_mode(SqliteJournalMode::Wal)
                // FULL: a rotated refresh token is on disk before the client sees it.
                .synchronous(SqliteSynchronous::Full)
                .busy_timeout(Duration::from_secs(5))
                .foreign_keys(true);
            if !create && !options.get_filename().exists() {
                return Err(StoreError::Config(format!("no database at {}", options.get_filename().display())));
            }
            if let Some(dir) = options.get_filename().parent().filter(|d| create && !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir)
                    .map_err(|e| StoreError::Config(format!("cannot create {}: {e}", dir.display())))?;
            }
            let pool = SqlitePoolOptions::new()
                .max_connections(8)
                .acquire_timeout(Duration::from_secs(5))
                .connect_with(options)
                .await?;
            let writer = rotations::RotationWriter::start(pool.clone());
            Ok(Self::Sqlite(pool, writer))
        } else {
            let options = PgConnectOptions::from_str(url).map_err(|e| StoreError::Config(e.to_string()))?;
            let pool = PgPoolOptions::new()
                .max_connections(16)
                .acquire_timeout(Duration::from_secs(3))
                .connect_lazy_with(options);
            Ok(Self::Postgres(pool))
        }
    }

    pub async fn migrate(&self) -> StoreResult<()> {
        match self {
            Self::Sqlite(pool, _) => SQLITE_MIGRATIONS.run(pool).await?,
            Self::Postgres(pool) => POSTGRES_MIGRATIONS.run(pool).await?,
        }
        Ok(())
    }

    /// Fails unless the database has applied exactly the migrations this
    /// binary knows (by version).
    pub async fn check_schema(&self) -> StoreResult<()> {
        let migrator = match self {
            Self::Sqlite(..) => &SQLITE_MIGRATIONS,
            Self::Postgres(_) => &POSTGRES_MIGRATIONS,
        };
        let found: Result<Vec<i64>, sqlx::Error> = with_pool!(self, pool => sqlx::query_scalar(
            "SELECT version FROM _sqlx_migrations WHERE success ORDER BY version",
        )
        .fetch_all(pool)
        .await);
        let applied = match found {
            Ok(versions) => versions,
            // No such table (SQLite's message, PostgreSQL's 42P01): a
            // database keycard never migrated.
            Err(sqlx::Error::Database(e))
                if e.code().as_deref() == Some("42P01") || e.message().starts_with("no such table") =>
            {
                Vec::new()
            }
            Err(e) => return Err(e.into()),
        };
        let ours: Vec<i64> = migrator.iter().map(|m| m.version).collect();
        let (newest_applied, newest_ours) = (applied.last().copied().unwrap_or(0), ours.last().copied().unwrap_or(0));
        if applied == ours {
            Ok(())
        } else if applied.iter().all(|v| ours.contains(v)) {
            Err(StoreError::Config(format!(
                "the database's schema (migration {newest_applied}) is older than this keycard's ({newest_ours}): \
                 run `keycard migrate` first"
            )))
        } else {
            Err(StoreError::Config(format!(
                "the database's schema (migration {newest_applied}) is not this keycard's ({newest_ours}): \
                 use the keycard that serves it"
            )))
        }
    }

    /// Readiness: one round trip to the database.
    pub async fn ping(&self) -> StoreResult<()> {
        with_pool!(self, pool => sqlx::query("SELECT 1").execute(pool).await.map(|_| ()))?;
        Ok(())
    }

    /// The database server's clock (unix ms): the one clock all instances share.
    pub async fn database_time_ms(&self) -> StoreResult<i64> {
        let (now,): (i64,) = match self {
            Self::Sqlite(pool, _) => {
                sqlx::query_as("SELECT CAST(ROUND((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER)")
                    .fetch_one(pool)
                    .await?
            }
            Self::Postgres(pool) => {
                sqlx::query_as("SELECT CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT)").fetch_one(pool).await?
            }
        };
        Ok(now)
    }

    /// Connections of the pool: open, and idle among them, for the metrics.
    pub fn pool_usage(&self) -> PoolUsage {
        with_pool!(self, pool => PoolUsage { open: pool.size(), idle: pool.num_idle(), max: pool.options().get_max_connections() })
    }

    pub fn backend(&self) -> &'static str {
        match self {
            Self::Sqlite(..) => "sqlite",
            Self::Postgres(_) => "postgres",
        }
    }

    pub async fn close(&self) {
        with_pool!(self, pool => pool.close().await)
    }
}

/// This machine's time as unix milliseconds, the unit of every time column.
/// Decisions shared across instances use `server::clock::Clock` instead.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or_default()
}
