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

use sqlx::SqlitePool;
use tokio::sync::{mpsc, oneshot};

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

struct Pending {
    rotation: Rotation,
    reply: oneshot::Sender<Result<bool, sqlx::Error>>,
}

/// The handle of the writer task; the task ends when every handle is gone.
#[derive(Clone, Debug)]
pub struct RotationWriter(mpsc::UnboundedSender<Pending>);

impl RotationWriter {
    /// Starts the writer on the current tokio runtime.
    pub fn start(pool: SqlitePool) -> Self {
        let (sender, mut queue) = mpsc::unbounded_channel();
        tokio::spawn(async move {
            let mut group = Vec::with_capacity(MAX_GROUP);
            while queue.recv_many(&mut group, MAX_GROUP).await > 0 {
                write_group(&pool, &mut group).await;
            }
        });
        Self(sender)
    }

    /// Applies `rotation` durably; whether it won the swap.
    pub async fn rotate(&self, rotation: Rotation) -> Result<bool, sqlx::Error> {
        let (reply, answer) = oneshot::channel();
        self.0.send(Pending { rotation, reply }).map_err(|_| sqlx::Error::PoolClosed)?;
        answer.await.map_err(|_| sqlx::Error::PoolClosed)?
    }
}

async fn write_group(pool: &SqlitePool, group: &mut Vec<Pending>) {
    // A caller that has gone (its client hung up) never received the new
    // token: leaving its token current lets the client's retry succeed.
    group.retain(|pending| !pending.reply.is_closed());
    if group.len() == 1 {
        // Alone: the statement is its own transaction, one round trip.
        for pending in group.drain(..) {
            let _ = pending.reply.send(pending.rotation.apply(pool).await);
        }
        return;
    }
    let together = async {
        let mut tx = pool.begin().await?;
        let mut won = Vec::with_capacity(group.len());
        for pending in group.iter() {
            won.push(pending.rotation.apply(&mut *tx).await?);
        }
        tx.commit().await?;
        Ok::<_, sqlx::Error>(won)
    };
    match together.await {
        Ok(won) => {
            for (pending, won) in group.drain(..).zip(won) {
                let _ = pending.reply.send(Ok(won));
            }
        }
        // Nothing of the group was written. Every caller gets the failure
        // (as an unavailable database: its token is still current, so a
        // retry works) rather than a slow one-by-one retry here that would
        // hold up everything queued behind it.
        Err(e) => {
            tracing::warn!(error = %e, rotations = group.len(), "a group of refresh rotations failed");
            let message = e.to_string();
            for pending in group.drain(..) {
                let _ = pending.reply.send(Err(sqlx::Error::Io(std::io::Error::other(message.clone()))));
            }
        }
    }
}
