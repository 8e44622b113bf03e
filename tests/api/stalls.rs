//! Page renders finish. leptos suppresses resource loading process-wide
//! while any route list is being generated (leptos-rs/leptos#4773): a page
//! render whose resources first ran in that moment waited forever. keycard
//! builds its route list once per process, so a server starting (in the test
//! suite, one per test) no longer freezes another's renders.

use std::sync::{
    Arc,
    atomic::{AtomicBool, Ordering},
};

use keycard::server::http;

use crate::support::*;

/// Stops the router builder when the test ends, passing or failing (the
/// runtime waits for blocking tasks before it shuts down).
struct StopOnDrop(Arc<AtomicBool>);

impl Drop for StopOnDrop {
    fn drop(&mut self) {
        self.0.store(false, Ordering::Relaxed);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn renders_finish_while_other_servers_build_their_routers() {
    let app = spawn_app(Backend::Sqlite, &[]).await;
    let (client, email) = signed_in(&app).await;
    let before = http::render_stalls();

    let building = Arc::new(AtomicBool::new(true));
    let _stop = StopOnDrop(Arc::clone(&building));
    let builder = {
        let (state, building) = (app.state.clone(), Arc::clone(&building));
        tokio::task::spawn_blocking(move || {
            while building.load(Ordering::Relaxed) {
                drop(http::router(state.clone()));
            }
        })
    };
    let readers: Vec<Client> = (0..8).map(|_| app.client().with_cookies_of(&client)).collect();
    for _ in 0..25 {
        let pages = futures::future::join_all(readers.iter().map(|r| r.get("/account"))).await;
        for page in pages {
            assert_eq!(page.status, 200);
            assert!(page.body.contains(&email));
        }
    }
    building.store(false, Ordering::Relaxed);
    builder.await.unwrap();
    assert_eq!(http::render_stalls(), before, "a page render stalled and was run again by the watchdog");
}
