//! Where writes run: a connection of the pool, or a transaction.
//!
//! Each table's writes are methods of [`Conn`] in that table's own file, so
//! a statement is written once and runs the same alone (on a connection
//! from [`Store::conn`]) or with others in one transaction (a batch of
//! [`super::Write`]s, [`Store::apply`]).

use sqlx::{PgConnection, Postgres, Sqlite, SqliteConnection, Transaction, pool::PoolConnection};

use super::{Store, StoreResult};

/// A connection of either backend that writes run on.
pub enum Conn<'a> {
    Sqlite(&'a mut SqliteConnection),
    Postgres(&'a mut PgConnection),
}

/// Runs `$body` with `$c` bound to the connection (as `&mut &mut` the
/// backend's connection: execute on `&mut **$c`). Like [`super::with_pool!`],
/// the body is compiled once per backend.
macro_rules! with_conn {
    ($conn:expr, $c:ident => $body:expr) => {
        match $conn {
            $crate::server::store::Conn::Sqlite($c) => $body,
            $crate::server::store::Conn::Postgres($c) => $body,
        }
    };
}
pub(crate) use with_conn;

/// A connection taken from the pool; it goes back when dropped.
pub enum Pooled {
    Sqlite(PoolConnection<Sqlite>),
    Postgres(PoolConnection<Postgres>),
}

impl Pooled {
    pub fn on(&mut self) -> Conn<'_> {
        match self {
            Self::Sqlite(c) => Conn::Sqlite(&mut **c),
            Self::Postgres(c) => Conn::Postgres(&mut **c),
        }
    }
}

/// A transaction: what is written on it happens together, or not at all.
pub enum Tx {
    Sqlite(Transaction<'static, Sqlite>),
    Postgres(Transaction<'static, Postgres>),
}

impl Tx {
    pub fn on(&mut self) -> Conn<'_> {
        match self {
            Self::Sqlite(tx) => Conn::Sqlite(&mut **tx),
            Self::Postgres(tx) => Conn::Postgres(&mut **tx),
        }
    }

    pub async fn commit(self) -> StoreResult<()> {
        match self {
            Self::Sqlite(tx) => tx.commit().await?,
            Self::Postgres(tx) => tx.commit().await?,
        }
        Ok(())
    }

    pub async fn rollback(self) -> StoreResult<()> {
        match self {
            Self::Sqlite(tx) => tx.rollback().await?,
            Self::Postgres(tx) => tx.rollback().await?,
        }
        Ok(())
    }
}

impl Store {
    /// A connection for one write.
    pub async fn conn(&self) -> StoreResult<Pooled> {
        Ok(match self {
            Self::Sqlite(pool, _) => Pooled::Sqlite(pool.acquire().await?),
            Self::Postgres(pool) => Pooled::Postgres(pool.acquire().await?),
        })
    }

    pub async fn begin(&self) -> StoreResult<Tx> {
        Ok(match self {
            Self::Sqlite(pool, _) => Tx::Sqlite(pool.begin().await?),
            Self::Postgres(pool) => Tx::Postgres(pool.begin().await?),
        })
    }
}
