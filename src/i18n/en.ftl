# keycard's text in English: the reference catalogue. Every other
# language has exactly these keys (a unit test checks it).

## Around every page
skip-to-content = Skip to content
nav-label = Main
nav-signed-in = Signed in
nav-account = Account
nav-sign-in = Sign in
nav-create-account = Create account
footer-about = keycard — argon2id passwords, short-lived EdDSA access tokens, rotating refresh tokens in HttpOnly cookies.
footer-keys = Public signing keys (JWKS)
footer-language = Language
footer-language-change = Change

## Durations
wait-seconds = { $n ->
    [one] { $n } second
   *[other] { $n } seconds
}

## Why a form was refused (the codes of crate::auth::Reason)
reason-email_empty = Enter your e-mail address.
reason-email_too_long = That e-mail address is too long.
reason-email_no_at = An e-mail address needs an @, like name@example.com.
reason-email_shape = That doesn't look like an e-mail address, like name@example.com.
reason-email_spaces = An e-mail address cannot contain spaces.
reason-password_empty = Enter your password.
reason-password_too_long = Passwords can be at most 1024 bytes long.
reason-password_too_short = Use at least 8 characters.
reason-password_like_email = Choose a password that is not based on your e-mail address.
reason-password_weak = This password is too easy to guess. Try a longer phrase of unrelated words.
reason-bad_credentials = That e-mail and password don't match an account. If you just created it, open the link we mailed you first.
reason-wrong_password = That password is not correct.
reason-busy = The server is busy right now. Please try again in a moment.
reason-password_changed = Your password was changed meanwhile. Sign in again with the new one.
reason-no_such_device = There is no such signed-in device.
reason-link_invalid = This link has expired or was already used. Ask for a new one.
reason-unverified = Confirm your e-mail address first: open the link we sent you, or ask for a new one.
reason-same_address = That is already your address.
reason-address_taken = That address now belongs to another account; nothing was changed.
reason-token_missing = This link is incomplete. Open it from the mail again, or ask for a new one.
reason-account_locked = This account is locked. Contact the people who run this site to unlock it.
reason-second_step_expired = This sign-in has expired. Enter your e-mail and password again.
reason-code_empty = Enter the 6-digit code from your authenticator app.
reason-code_shape = Enter the 6 digits from your authenticator app, or one of your recovery codes.
reason-code_wrong = That code is not right, or was already used. Try the code your app shows now.
reason-second_step_blocked = Too many wrong codes were entered for this account since it last signed in. Choose a new password ("Forgot your password?") to sign in again.
reason-choose_password = Choose a password for your account.
reason-passkeys_unavailable = Passkeys are not available at this address. They need the site to be opened by a host name, such as localhost.
reason-provider_unavailable = That provider cannot be reached right now. Sign in another way, or try again in a moment.
reason-provider_refused = The sign-in with that provider did not complete. Please start it again.
reason-provider_unverified = That provider did not confirm your e-mail address, so no account was made with it. Confirm the address there, or register with a password.
reason-provider_domain = Addresses at that domain cannot sign in with this provider here.
reason-provider_account_exists = An account with this e-mail address exists already. Sign in to it with its password or passkey, then link the provider from your account page.
reason-identity_taken = That account at the provider is linked to another account here.
reason-last_sign_in_method = This is the last way to sign in to your account. Set a password (through 'Forgot your password?') or add a passkey first.
reason-session_bound = This session is protected by the device it was opened on, and only that browser can keep it going. Please sign in.
reason-proof_refused = The browser's proof for this session could not be verified.

## What a limit counts: "Too many { $what }. Try again in { $wait }."
limit-signin_limited = failed sign-in attempts
limit-signin_busy = sign-in attempts at once
limit-register_limited = new accounts from here
limit-requests_limited = requests from here
too-many = Too many { $what }. Try again in { $wait }.

## Refusals no reason says more about
error-invalid = Please check what you entered and try again.
error-unauthorized = You are not signed in, or your session has ended.
error-forbidden = That is not allowed.
error-taken = That already exists.
error-too_large = The request is too large.
error-limited = Too many attempts. Please wait a little and try again.
error-unavailable = The service is temporarily unavailable. Please try again shortly.
error-internal = Something went wrong on our side. Please try again.
error-reauth_required = For your security, confirm it's you before making this change.
error-second_factor_required = Enter the code from your authenticator app to finish signing in.

## How a session ended, on the sign-in page
session-end-revoked = This device was signed out from another device.
session-end-signed_out = You are signed out.
session-end-administrator = This device was signed out by the people who run this site.
session-end-expired = Your session has ended. Please sign in again.

## Shared words
or = or
cancel = Cancel
field-email = E-mail
field-password = Password
password-show = Show
password-hide = Hide

## What the page's script writes itself
client-offline = Cannot reach the server. Check your connection.
client-failed = Something went wrong. Please try again.
passkey-waiting = Waiting for your passkey…
passkey-cancelled = The passkey request was cancelled or timed out. Try again.
passkey-exists = This device already holds a passkey for this account.
passkey-refused = This browser refused passkeys for this site's address.
passkey-failed = This browser could not use a passkey. Try again, or use your password.

## Home
home-title = Sign-in that stays out of the way
home-eyebrow = Authentication for Rust web apps
home-heading = Sign in once. Stay signed in. Stay safe.
home-lead = keycard keeps you signed in across tabs and restarts without ever handing a token to JavaScript: short-lived access tokens, rotating refresh tokens, and a client that renews them quietly before they run out.
home-go-to-account = Go to your account
home-signed-in-as = Signed in as
home-features = What keycard does
home-card-passwords-title = Passwords done properly
home-card-passwords-text = argon2id at OWASP cost, checked against a strength estimator, never truncated, and re-hashed when the cost goes up.
home-card-tokens-title = Tokens JavaScript never sees
home-card-tokens-text = A 15-minute EdDSA access token and a rotating refresh token, both in HttpOnly, SameSite cookies.
home-card-replays-title = Replays caught
home-card-replays-text = Each refresh token works once. A stolen one used again ends the whole session, and you see it in your activity.
home-card-quiet-title = Quietly signed in
home-card-quiet-text = Pages renew the session before rendering, and open tabs renew it together, so nobody is signed out by accident.

## Sign in
login-title = Sign in
login-submit = Sign in
login-pending = Signing in…
login-passkey = Sign in with a passkey
login-provider = Continue with { $provider }
login-forgot = Forgot your password?
login-new-here = New here?
login-create-account = Create an account
resend-title = Send the confirmation link again
resend-email = E-mail of the account
resend-submit = Send the link again
notice-resent = If an unconfirmed account uses this address, a new link is on its way.
notice-undone = The change of address was undone: the address is back, your new password is set, every device was signed out, and the passkeys, authenticator app and recovery codes were removed. Sign in with the new password, then add your own again.
notice-reported-reset = That browser and every other device were signed out, and your new password is set. Sign in with it.

## Create an account
register-title = Create an account
register-password-hint = At least 8 characters. A few unrelated words make a strong, memorable password.
register-submit = Create account
register-pending = Creating your account…
register-have-account = Already have an account?
notice-registered = Check your inbox: we sent a link to confirm the address. It can take a minute to arrive.

## Not found
not-found-title = Page not found
not-found-text = There is nothing at this address.
not-found-back = Back to the start

## Confirm it's you
reauth-title = Confirm it's you
reauth-title-sentence = Confirm it's you.
reauth-why = It has been a while since you signed in: enter your password to make this change.
reauth-why-passkeys = It has been a while since you signed in: enter your password, or use a passkey, to make this change.
reauth-password = Your password
reauth-confirm-continue = Confirm and continue
reauth-passkey = Use a passkey
reauth-form-text = Enter your password, then make the change again.
reauth-confirm = Confirm
