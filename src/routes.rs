//! The routes table, shared by the app, the server and the client: page
//! paths, and which pages need a signed-in user or only make sense signed out.
//! Protection covers everything under a path (`/account/…`).

pub const HOME: &str = "/";
pub const LOGIN: &str = "/login";
pub const REGISTER: &str = "/register";
pub const ACCOUNT: &str = "/account";
/// The second step of a password sign-in (under `/login`, so guest-only too).
pub const SECOND_FACTOR: &str = "/login/second-factor";
/// The pages that links in mails open. None of them is guest-only: a link
/// works in whatever browser opens it, signed in or not.
pub const FORGOT_PASSWORD: &str = "/forgot-password";
pub const RESET_PASSWORD: &str = "/reset-password";
pub const VERIFY_EMAIL: &str = "/verify-email";
pub const CONFIRM: &str = "/confirm";
/// The language picker's form posts here (`server::http::language`).
pub const LANGUAGE: &str = "/language";

/// The answer header of a form's server function that says where the
/// form goes on to: the page a plain form post would be redirected to.
pub const NEXT_HEADER: &str = "x-keycard-next";

/// Pages that need a signed-in user, with everything under them.
pub const PROTECTED: &[&str] = &[ACCOUNT];
/// Pages only for signed-out users; a signed-in one is sent on.
pub const GUEST_ONLY: &[&str] = &[LOGIN, REGISTER];

/// `/account`, `/account/…`, but not `/accounts`.
fn under(path: &str, roots: &[&str]) -> bool {
    roots.iter().any(|root| path == *root || path.strip_prefix(root).is_some_and(|rest| rest.starts_with('/')))
}

pub fn is_protected(path: &str) -> bool {
    under(path, PROTECTED)
}

pub fn is_guest_only(path: &str) -> bool {
    under(path, GUEST_ONLY)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn protection_covers_subpaths_only() {
        assert!(is_protected("/account") && is_protected("/account/") && is_protected("/account/devices"));
        assert!(!is_protected("/accounts") && !is_protected("/") && !is_protected("/login"));
        assert!(is_guest_only("/login") && is_guest_only("/register/") && !is_guest_only("/loginx"));
    }
}
