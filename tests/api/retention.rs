//! Retention: pruning removes what nothing needs, and keeps what reuse
//! detection and the activity page do.

use std::time::Duration;

use keycard::server::store::Store;

use crate::{on_both_backends, support::*};

async fn exec(store: &Store, sql: &str, id: &str) {
    let sql = sqlx::AssertSqlSafe(sql.to_owned());
    match store {
        Store::Sqlite(pool, _) => sqlx::query(sql).bind(id).execute(pool).await.map(|_| ()),
        Store::Postgres(pool) => sqlx::query(sql).bind(id).execute(pool).await.map(|_| ()),
    }
    .unwrap();
}

async fn pruning_keeps_what_reuse_detection_and_the_activity_page_need(backend: Backend) {
    let app = spawn_app(backend, &[("KEYCARD_ACCESS_TTL", "5s"), ("KEYCARD_REFRESH_GRACE", "1s"), ("KEYCARD_RETENTION", "1h")])
        .await;
    let store = app.state.auth.store();
    let (live, _) = signed_in(&app).await;
    let live_sid = live.me().await.json()["session_id"].as_str().unwrap().to_owned();
    let replay = live.get_cookie(RT).unwrap();
    assert_eq!(live.refresh().await.status, 200);
    assert_eq!(live.refresh().await.status, 200);

    // A session that ended long ago, with its history and events.
    let (gone, _) = signed_in(&app).await;
    let gone_sid = gone.me().await.json()["session_id"].as_str().unwrap().to_owned();
    assert_eq!(gone.refresh().await.status, 200);
    assert_eq!(gone.post("/api/auth/logout", &[]).await.status, 200);
    exec(store, "UPDATE sessions SET revoked_at = 1 WHERE id = $1", &gone_sid).await;
    exec(store, "UPDATE security_events SET created_at = 1 WHERE session_id = $1", &gone_sid).await;

    // Throttle counters: one long over, one still locked.
    let now = app.state.auth.now_ms();
    store.throttle_attempt("ip:203.0.113.1", 1, 60_000, 10, 3).await.unwrap();
    store.throttle_attempt("ip:203.0.113.2", now, 60_000, 1, 0).await.unwrap();

    let pruned = app.state.auth.prune().await.unwrap();
    assert_eq!(pruned.sessions, 1, "{pruned:?}");
    assert!(pruned.history >= 1, "{pruned:?}");
    assert!(pruned.events >= 1, "{pruned:?}");
    assert_eq!(pruned.throttle, 1, "{pruned:?}");
    assert!(store.session(&gone_sid).await.unwrap().is_none());
    let locked = store.throttle_attempt("ip:203.0.113.2", now + 1, 60_000, 1, 0).await.unwrap();
    assert!(!locked.admitted, "an active lock survives pruning");

    // The live session's history survived: a replayed old token is still
    // detected, and the activity page still shows the recent events.
    let activity = live.post("/api/account/activity", &[]).await;
    assert_eq!(activity.status, 200);
    assert!(!activity.json().as_array().unwrap().is_empty());
    tokio::time::sleep(Duration::from_millis(1300)).await;
    let thief = app.client();
    thief.set_cookie(RT, &replay);
    assert_eq!(thief.refresh().await.status, 401);
    assert!(!store.session(&live_sid).await.unwrap().unwrap().is_active(), "reuse still detected after pruning");

    // Pruning again finds nothing new to remove from what is left.
    assert_eq!(app.state.auth.prune().await.unwrap().sessions, 0);
}

on_both_backends!(pruning_keeps_what_reuse_detection_and_the_activity_page_need);
