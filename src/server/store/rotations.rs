//! Group commit for refresh-token rotations on SQLite.
//!
//! With `synchronous=FULL` every SQLite commit waits for an fsync of the
//! write-ahead log, and SQLite lets one writer in at a time: rotations done
//! one transaction each queue on the write lock (its busy handler sleeps in
//! steps of milliseconds) and cannot exceed one fsync each. Here every
//! rotation goes to a single writer task, which takes all the rotations that
//! are waiting (up to [`MAX_GROUP`]), applies them in one transaction and
//! answers each caller after the commit: one fsync for the group, and still
//! no rotation answered before it is on disk.
//!
//! The writer is supervised: if its task dies (a panic in the driver, say),
//! a new one takes over the same queue at once, instead of every refresh
//! failing until the process restarts. The group in hand when it died gets
//! no answer, so those callers see an unavailable database and their tokens
//! stay current for a retry.

use std::sync::Arc;

use sqlx::SqlitePool;
use tokio::sync::{Mutex, mpsc, oneshot};

/// Rotations committed together at most.
const MAX_GROUP: usize = 128;

/// One compare-and-swap of a session's refresh token.
pub struct Rotation {
    pub session_id: String,
    pub old_hash: Vec<u8>,
    pub new_hash: Vec<u8>,
    pub new_nonce: Vec<u8>,
    pub now: i64,
}

impl Rotation {
    pub fn new(session_id: &str, old_hash: &[u8], new_hash: &[u8], new_nonce: &[u8], now: i64) -> Self {
        Self {
            session_id: session_id.to_owned(),
            old_hash: old_hash.to_owned(),
            new_hash: new_hash.to_owned(),
            new_nonce: new_nonce.to_owned(),
            now,
        }
    }

    /// Swaps only if `old_hash` is still current and the session active; the
    /// replaced hash goes to `refresh_token_history` through the
    /// `sessions_keep_rotated_hash` trigger, atomically with the swap, marked
    /// with the new `rotated_at`. That time only ever grows (by a millisecond
    /// if two rotations share one), so the history row whose time equals the
    /// session's `rotated_at` is exactly the previous token.
    pub const SQL: &'static str = "UPDATE sessions SET refresh_hash = $1, refresh_nonce = $2, \
        rotated_at = CASE WHEN $3 > rotated_at THEN $3 ELSE rotated_at + 1 END, last_used_at = $3 \
        WHERE id = $4 AND refresh_hash = $5 AND revoked_at IS NULL";

    /// [`Rotation::SQL`] with this rotation's values bound, for either engine.
    pub fn query<'q, DB>(&'q self) -> sqlx::query::Query<'q, DB, DB::Arguments>
    where
        DB: sqlx::Database,
        &'q Vec<u8>: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
        &'q String: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
        i64: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    {
        sqlx::query(Self::SQL)
            .bind(&self.new_hash)
            .bind(&self.new_nonce)
            .bind(self.now)
            .bind(&self.session_id)
            .bind(&self.old_hash)
    }

    async fn apply<'c, E>(&self, executor: E) -> Result<bool, sqlx::Error>
    where
        E: sqlx::Executor<'c, Database = sqlx::Sqlite>,
    {
        Ok(self.query().execute(executor).await?.rows_affected() == 1)
    }
}

enum Pending {
    Rotate { rotation: Rotation, reply: oneshot::Sender<Result<bool, sqlx::Error>> },
    /// Tests only: makes the writer task panic, as a bug in it would.
    #[cfg(test)]
    Crash,
}

/// The handle of the writer task; the task ends when every handle is gone.
#[derive(Clone, Debug)]
pub struct RotationWriter(mpsc::UnboundedSender<Pending>);

impl RotationWriter {
    /// Starts the writer on the current tokio runtime.
    pub fn start(pool: SqlitePool) -> Self {
        let (sender, queue) = mpsc::unbounded_channel();
        let queue = Arc::new(Mutex::new(queue));
        tokio::spawn(async move {
            loop {
                let writer = tokio::spawn(write_until_closed(pool.clone(), Arc::clone(&queue)));
                match writer.await {
                    Ok(()) => return,
                    Err(e) if e.is_panic() => tracing::error!("the refresh rotation writer died; starting a new one"),
                    Err(_) => return,
                }
            }
        });
        Self(sender)
    }

    /// Applies `rotation` durably; whether it won the swap.
    pub async fn rotate(&self, rotation: Rotation) -> Result<bool, sqlx::Error> {
        let (reply, answer) = oneshot::channel();
        self.0.send(Pending::Rotate { rotation, reply }).map_err(|_| sqlx::Error::PoolClosed)?;
        answer.await.map_err(|_| sqlx::Error::PoolClosed)?
    }
}

/// Writes groups until every handle is gone. The queue outlives this task
/// (the supervisor hands it to the next writer).
async fn write_until_closed(pool: SqlitePool, queue: Arc<Mutex<mpsc::UnboundedReceiver<Pending>>>) {
    let mut queue = queue.lock().await;
    let mut taken = Vec::with_capacity(MAX_GROUP);
    let mut group = Vec::with_capacity(MAX_GROUP);
    while queue.recv_many(&mut taken, MAX_GROUP).await > 0 {
        for pending in taken.drain(..) {
            match pending {
                Pending::Rotate { rotation, reply } => group.push((rotation, reply)),
                #[cfg(test)]
                Pending::Crash => panic!("the rotation writer was told to crash"),
            }
        }
        write_group(&pool, &mut group).await;
    }
}

type Group = Vec<(Rotation, oneshot::Sender<Result<bool, sqlx::Error>>)>;

async fn write_group(pool: &SqlitePool, group: &mut Group) {
    // A caller that has gone (its client hung up) never received the new
    // token: leaving its token current lets the client's retry succeed.
    group.retain(|(_, reply)| !reply.is_closed());
    if group.len() == 1 {
        // Alone: the statement is its own transaction, one round trip.
        for (rotation, reply) in group.drain(..) {
            let _ = reply.send(rotation.apply(pool).await);
        }
        return;
    }
    let together = async {
        let mut tx = pool.begin().await?;
        let mut won = Vec::with_capacity(group.len());
        for (rotation, _) in group.iter() {
            won.push(rotation.apply(&mut *tx).await?);
        }
        tx.commit().await?;
        Ok::<_, sqlx::Error>(won)
    };
    match together.await {
        Ok(won) => {
            for ((_, reply), won) in group.drain(..).zip(won) {
                let _ = reply.send(Ok(won));
            }
        }
        // Nothing of the group was written. Every caller gets the failure
        // (as an unavailable database: its token is still current, so a
        // retry works) rather than a slow one-by-one retry here that would
        // hold up everything queued behind it.
        Err(e) => {
            tracing::warn!(error = %e, rotations = group.len(), "a group of refresh rotations failed");
            let message = e.to_string();
            for (_, reply) in group.drain(..) {
                let _ = reply.send(Err(sqlx::Error::Io(std::io::Error::other(message.clone()))));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server::store::Store;

    #[tokio::test]
    async fn a_writer_that_dies_is_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::connect(&format!("sqlite://{}/w.db", dir.path().display())).await.unwrap();
        store.migrate().await.unwrap();
        let Store::Sqlite(pool, writer) = &store else { unreachable!() };
        sqlx::query("INSERT INTO users (id, email, password_hash, created_at, updated_at) VALUES ('u', 'u@x.test', 'h', 0, 0)")
            .execute(pool)
            .await
            .unwrap();
        sqlx::query(
            "INSERT INTO sessions (id, user_id, created_at, last_used_at, user_agent, ip, refresh_hash, refresh_nonce, rotated_at) \
             VALUES ('s', 'u', 0, 0, '', '', x'01', x'01', 0)",
        )
        .execute(pool)
        .await
        .unwrap();
        let rotation = |old: u8, new: u8| Rotation::new("s", &[old], &[new], &[new], i64::from(new));
        assert!(writer.rotate(rotation(1, 2)).await.unwrap());
        writer.0.send(Pending::Crash).unwrap();
        // (Rotations taken together with the crash get no answer: callers
        // see an unavailable database, and their tokens stay current.)
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        // The next rotation is served by the writer that took over.
        let next = tokio::time::timeout(std::time::Duration::from_secs(5), writer.rotate(rotation(2, 3))).await;
        assert!(next.expect("answered, not stuck").unwrap(), "the swap is applied");
        assert!(!writer.rotate(rotation(2, 4)).await.unwrap(), "and still compare-and-swap");
    }
}
