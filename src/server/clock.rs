//! One clock for every instance: the database's.
//!
//! Grace windows, rotation stamps and expiry are compared across instances
//! that share a database, so an instance whose own clock runs fast or slow
//! must not widen the refresh grace window or end sessions early. Each
//! instance measures the offset of the database's clock from its own at
//! startup and every [`SYNC_EVERY`], and tells time as its own clock plus
//! that offset: the database's time, to within a round trip, without a
//! query per request.

use std::{
    sync::{
        Arc,
        atomic::{AtomicI64, Ordering},
    },
    time::Duration,
};

use super::store::{Store, StoreResult, now_ms as local_now_ms};

pub const SYNC_EVERY: Duration = Duration::from_secs(30);

#[derive(Clone, Debug)]
pub struct Clock {
    offset_ms: Arc<AtomicI64>,
    /// Test-only: how far this instance's own clock is off (`KEYCARD_TEST_CLOCK_SKEW`).
    skew_ms: i64,
}

impl Clock {
    pub fn new(skew_ms: i64) -> Self {
        Self { offset_ms: Arc::new(AtomicI64::new(0)), skew_ms }
    }

    /// This instance's own clock (unix ms).
    fn local(&self) -> i64 {
        local_now_ms() + self.skew_ms
    }

    /// The database's time (unix ms), as last measured.
    pub fn now_ms(&self) -> i64 {
        self.local() + self.offset_ms.load(Ordering::Relaxed)
    }

    /// Measures the database clock's offset from ours; returns it.
    pub async fn sync(&self, store: &Store) -> StoreResult<i64> {
        let before = self.local();
        let database = store.database_time_ms().await?;
        let after = self.local();
        let offset = database - (before + after) / 2;
        self.offset_ms.store(offset, Ordering::Relaxed);
        Ok(offset)
    }

    /// Re-measures every [`SYNC_EVERY`] while this clock is in use.
    pub fn keep_in_sync(&self, store: Store) {
        let offset = Arc::downgrade(&self.offset_ms);
        let skew_ms = self.skew_ms;
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(SYNC_EVERY);
            tick.tick().await;
            loop {
                tick.tick().await;
                let Some(offset_ms) = offset.upgrade() else { return };
                if let Err(e) = (Clock { offset_ms, skew_ms }).sync(&store).await {
                    tracing::warn!(error = %e, "cannot read the database clock; keeping the last offset");
                }
            }
        });
    }
}
