//! Who is signed in on this device: the state every page, the header and the
//! browser's session keeper share. A leaf: it depends on the auth types only.

use leptos::prelude::*;

use crate::auth::SessionInfo;

/// Who is signed in on this device, shared by every page. `None` when nobody is.
#[derive(Clone, Copy)]
pub struct CurrentUser(pub Resource<Option<SessionInfo>>);

impl CurrentUser {
    pub fn refetch(&self) {
        self.0.refetch();
    }
}
