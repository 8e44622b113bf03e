//! The application shell and its routes.

use leptos::prelude::*;
use leptos_meta::{Meta, MetaTags, Title, provide_meta_context};

use leptos_router::{
    SsrMode,
    components::{Route, Router, Routes},
    path,
};

use crate::{
    auth::{SessionInfo, api::me},
    current_user::CurrentUser,
    i18n::ClientText,
    components::layout::{Footer, Header},
    pages::{
        account::AccountPage,
        example::ExamplePage,
        home::HomePage,
        links::{ConfirmPage, ForgotPasswordPage, ResetPasswordPage, VerifyEmailPage},
        login::LoginPage,
        not_found::NotFound,
        register::RegisterPage,
        second_factor::SecondFactorPage,
    },
};

/// The HTML document around the app, rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    crate::server::http::headers::content_security_policy(&options);
    view! {
        <!DOCTYPE html>
        <html lang=crate::i18n::lang().code()>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="color-scheme" content="light dark"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <link rel="stylesheet" id="leptos" href=bundle_paths(&options).css/>
                <AutoReload options=options.clone()/>
                <IslandScripts options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
                <script nonce=leptos::nonce::use_nonce()>{LOCAL_TIMES}</script>
            </body>
        </html>
    }
}

/// Loads the browser bundle and hydrates the page's islands, once the
/// browser is idle (or after 2 s): after the page has painted, so the bundle
/// never delays the first paint. (Leptos' own `HydrationScripts` also
/// preloads the bundle at high priority, which a slow phone downloads before
/// it paints.) The islands hydrate in document order, the session keeper
/// first; one that fails does not stop the others. `<body data-hydrated>`
/// then says all of them hydrated: end-to-end tests wait for it instead of
/// racing the download. The files' names carry their content hashes when
/// the build made them (see `server::http::assets`).
#[component]
fn IslandScripts(options: LeptosOptions) -> impl IntoView {
    // Resources outside islands are not sent to the browser: it never runs them.
    if let Some(context) = Owner::current_shared_context() {
        context.set_is_hydrating(false);
    }
    let BundlePaths { js, wasm, .. } = bundle_paths(&options);
    let script = format!(
        r#"const start = () => import({js:?}).then(async (client) => {{
  await client.default({{ module_or_path: {wasm:?} }});
  client.hydrate();
  let failed = false;
  for (const island of document.querySelectorAll("leptos-island")) {{
    try {{
      const hydrateIsland = client[island.dataset.component];
      if (hydrateIsland) await hydrateIsland(island);
      else throw new Error("this bundle has no island " + island.dataset.component);
    }} catch (error) {{
      failed = true;
      console.error("keycard: an island failed to hydrate", error);
    }}
  }}
  // Once the islands' first effects have run too.
  if (!failed) setTimeout(() => document.body.setAttribute("data-hydrated", "true"));
}});
"requestIdleCallback" in window ? requestIdleCallback(start, {{ timeout: 2000 }}) : setTimeout(start, 1);"#,
    );
    // Before the first paint: styles may tell a page that will run its
    // islands from one that never will (`.js`), and a browser that can use
    // passkeys from one that cannot (`.can-passkeys`, the test of
    // `client::webauthn::supported`): the latter keeps no room for them.
    let nonce = leptos::nonce::use_nonce();
    view! {
        <script nonce=nonce.clone()>{HEAD_SCRIPT}</script>
        <script type="module" nonce=nonce>{script}</script>
    }
}

/// Runs in the head, before the first paint (see `IslandScripts`).
const HEAD_SCRIPT: &str = "{ const c = document.documentElement.classList; c.add('js'); \
const k = window.PublicKeyCredential; \
if (k && k.parseCreationOptionsFromJSON && k.parseRequestOptionsFromJSON && k.prototype.toJSON) c.add('can-passkeys'); }";

/// Shows every `<time datetime>` in the visitor's zone and the page's
/// language (see `components::time`). It runs where it stands, at the end
/// of the body, before the first paint; `client::forms` runs it again on
/// content it swaps in (`keycardTimes(root)`). Without JavaScript the
/// server's UTC text stays.
const LOCAL_TIMES: &str = r#"window.keycardTimes = (root) => {
  const lang = document.documentElement.lang || undefined;
  let full, relative;
  try {
    full = new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeStyle: "short" });
    relative = new Intl.RelativeTimeFormat(lang, { numeric: "auto" });
  } catch (e) { return; }
  const now = Date.now();
  for (const time of root.querySelectorAll("time[datetime]")) {
    const at = Date.parse(time.getAttribute("datetime"));
    if (isNaN(at)) continue;
    const text = full.format(at);
    time.title = text;
    time.textContent = text;
    if (!time.hasAttribute("data-relative")) continue;
    const s = (at - now) / 1000, a = Math.abs(s);
    if (a < 45) time.textContent = relative.format(0, "second");
    else if (a < 45 * 60) time.textContent = relative.format(Math.round(s / 60), "minute");
    else if (a < 22 * 3600) time.textContent = relative.format(Math.round(s / 3600), "hour");
    else if (a < 6 * 86400) time.textContent = relative.format(Math.round(s / 86400), "day");
  }
};
keycardTimes(document);"#;

/// Where the bundle's script, WASM and stylesheet are served.
struct BundlePaths {
    js: String,
    wasm: String,
    css: String,
}

fn bundle_paths(options: &LeptosOptions) -> BundlePaths {
    #[cfg(feature = "ssr")]
    {
        let bundle = crate::server::http::assets::bundle(options);
        let under = |file: &str| format!("/{}/{file}", options.site_pkg_dir);
        BundlePaths { js: under(&bundle.js), wasm: under(&bundle.wasm), css: under(&bundle.css) }
    }
    // The browser never renders the document's shell.
    #[cfg(not(feature = "ssr"))]
    {
        let _ = options;
        BundlePaths { js: String::new(), wasm: String::new(), css: String::new() }
    }
}

/// The browser's session keeper (see `client`), started with the session
/// the page was rendered with, and the behaviour of the page's forms
/// (`client::forms`). It shows nothing.
#[island]
fn SessionKeeper(session: Option<SessionInfo>, text: ClientText) -> impl IntoView {
    #[cfg(feature = "hydrate")]
    {
        crate::client::set_text(text);
        crate::client::start(session);
        crate::client::forms::start();
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (session, text);
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let current = CurrentUser(Resource::new(|| (), |_| async { me().await.ok() }));
    provide_context(current);

    view! {
        <Title formatter=|title: String| if title.is_empty() { "keycard".to_owned() } else { format!("{title} · keycard") }/>
        // What search results say about every page.
        <Meta name="description" content=crate::i18n::t("meta-description")/>
        <Router>
            // First in the page, so it hydrates first: keeping the session
            // alive does not wait for (or depend on) the page's own islands.
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move { view! { <SessionKeeper session=current.0.await text=ClientText::current()/> } })}
            </Suspense>
            <Header/>
            <main id="main" class="main">
                // Async: the HTML is complete when sent, so every page works
                // without JavaScript (streamed Suspense content needs a script).
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=HomePage ssr=SsrMode::Async/>
                    <Route path=path!("/login") view=LoginPage ssr=SsrMode::Async/>
                    <Route path=path!("/login/second-factor") view=SecondFactorPage ssr=SsrMode::Async/>
                    <Route path=path!("/register") view=RegisterPage ssr=SsrMode::Async/>
                    <Route path=path!("/account") view=AccountPage ssr=SsrMode::Async/>
                    <Route path=path!("/forgot-password") view=ForgotPasswordPage ssr=SsrMode::Async/>
                    <Route path=path!("/reset-password") view=ResetPasswordPage ssr=SsrMode::Async/>
                    <Route path=path!("/verify-email") view=VerifyEmailPage ssr=SsrMode::Async/>
                    <Route path=path!("/confirm") view=ConfirmPage ssr=SsrMode::Async/>
                    // An example of a page of your own: see pages/example.rs.
                    <Route path=path!("/account/example") view=ExamplePage ssr=SsrMode::Async/>
                </Routes>
            </main>
            <Footer/>
        </Router>
    }
}
