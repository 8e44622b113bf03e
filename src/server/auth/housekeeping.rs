//! Retention: refresh-token history, ended sessions, security events and
//! throttle counters are pruned every [`PRUNE_EVERY`], so the database does
//! not grow without bound.
//!
//! What stays: every superseded token of a live session (reuse detection
//! needs it for as long as the session can be used), ended sessions and
//! events for `KEYCARD_RETENTION` (default 90 days; the activity page shows
//! the latest 50 events), and throttle counters whose window or lock has not
//! passed. Running it on several instances at once is harmless: each
//! statement deletes what is prunable at that moment.

use std::time::Duration;

use super::Auth;
use crate::server::{
    config::Policy,
    store::{Cutoffs, Pruned, Store, StoreResult},
};

pub const PRUNE_EVERY: Duration = Duration::from_secs(3600);

/// Prunes `store` once, as of `now` (the database's clock), by `policy`:
/// what the hourly task and `keycard sessions prune` do.
pub async fn prune(store: &Store, policy: &Policy, now: i64) -> StoreResult<Pruned> {
    let ms = |d: Duration| d.as_millis() as i64;
    let longest_window = policy.login_limit.window.max(policy.register_limit.window);
    let cutoffs = Cutoffs {
        idle_before: now - ms(policy.session.refresh_ttl),
        created_before: now - ms(policy.session.session_max_age),
        kept_since: now - ms(policy.retention),
        window_before: now - ms(longest_window),
        now,
    };
    store.prune(&cutoffs).await
}

impl Auth {
    /// Prunes once, as of the database's clock.
    pub async fn prune(&self) -> StoreResult<Pruned> {
        let pruned = prune(&self.store, &self.policy, self.clock.now_ms()).await?;
        tracing::info!(?pruned, "pruned");
        Ok(pruned)
    }

    /// Prunes every [`PRUNE_EVERY`], starting now.
    pub fn prune_on_schedule(&self) {
        let auth = self.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(PRUNE_EVERY);
            loop {
                tick.tick().await;
                if let Err(e) = auth.prune().await {
                    tracing::warn!(error = %e, "pruning failed; trying again at the next tick");
                }
            }
        });
    }
}
