//! Who is signed in on this device, as the server renders the page: the
//! header, the home and account pages read it, and the session keeper's
//! island is started with it. A leaf: it depends on the auth types only.

use leptos::prelude::*;

use crate::auth::SessionInfo;

/// Who is signed in on this device, shared by the page's server render.
/// `None` when nobody is. The browser never runs it: a sign-in or sign-out
/// ends in a new page.
#[derive(Clone, Copy)]
pub struct CurrentUser(pub Resource<Option<SessionInfo>>);
