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
reason-passkey_unreadable = The browser's answer could not be read. Try again.
reason-passkey_not_verified = That passkey could not be verified. Try again, or use your password.
reason-passkey_expired = This passkey request has expired. Try again.
reason-passkey_unknown = This passkey is not registered here (it may have been removed). Sign in with your password.
reason-no_such_passkey = No such passkey.
reason-passkey_name_empty = Give the passkey a name, such as the device it is on.
reason-passkey_name_too_long = A passkey name has at most 64 characters.
reason-passkey_name_control = A passkey name cannot contain control characters.
reason-passkeys_busy = Too many passkey requests are under way. Try again in a few minutes.
reason-passkey_limit = An account holds at most 20 passkeys. Remove one first.
reason-passkey_add_refused = The passkey could not be added: the browser's answer did not verify. Try again.
reason-passkey_exists = This passkey is registered already.
reason-no_passkey = This account has no passkey.
reason-app_exists = An authenticator app is already set up. Remove it first to set up another.
reason-app_code_shape = Enter the 6-digit code your authenticator app shows now.
reason-app_code_wrong = That code is not right. Check that the app's clock is correct and try the code it shows now.
reason-app_setup_expired = This setup has expired. Start again to get a new QR code.
reason-app_setup_changed = This setup changed meanwhile (in another tab?). Reload the page.
reason-no_app = No authenticator app is set up.
reason-codes_need_factor = Set up an authenticator app or a passkey first: recovery codes stand in for them.
reason-provider_not_linked = That provider is not linked to your account.

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
passkey-device = Waiting for your device…
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

## The account page
account-title = Your account
account-loading = Loading your account…
account-verified = Verified
account-not-verified = Not verified
account-member-since = Member since
account-confirmed = Thank you. For the next few minutes you can make sensitive changes without confirming again.
sign-out = Sign out
codes-save-now = Save these recovery codes now.
codes-why = They are shown only this once. Each one signs you in once if you lose your phone or passkey; keep them somewhere safe.
codes-new = Create new recovery codes
codes-left = { $n } of 10 recovery codes left.
codes-each = Each lets you in once if your phone is lost.
codes-no-script = Done. Recovery codes are shown only once, by this page's script: with JavaScript on, create new ones to see and save them.
methods-title = Sign-in methods
methods-linked = Linked: you can sign in with that provider now.
methods-password-set = Set
methods-password-not-set = Not set. Choose one with "Forgot your password?" on the sign-in page.
methods-passkeys = { $n ->
    [0] None
    [one] 1, listed below
   *[other] { $n }, listed below
}
methods-linked-at = linked
methods-unlink = Unlink
methods-unlink-label = Unlink { $provider }
methods-link = Link
methods-link-label = Link { $provider }
methods-not-linked = Not linked
devices-title = Signed-in devices
devices-sign-out-others = Sign out all other devices
devices-sign-out-label = Sign out { $device }
devices-sign-out-this-label = Sign out { $device } (this device)
devices-this = This device
devices-bound = Protected on this device
devices-bound-why = This session is bound to a key the browser keeps: copied cookies cannot continue it.
devices-signed-in = signed in
devices-last-active = last active
password-title = Change password
password-changed = Password changed. Your other devices were signed out.
password-current = Current password
password-new = New password
email-title = Change e-mail address
email-changed = Your e-mail address was changed. The old address was told, with a way to undo it.
email-new = New e-mail address
email-submit = Send a confirmation link
notice-email-sent = Check the inbox of the new address: the change takes effect once you open the link we sent there.
delete-title = Delete account
delete-text = This removes your account, every signed-in device and your activity. It cannot be undone.
delete-submit = Delete my account
activity-title = Security activity
factors-title = Two-step sign-in
factors-on = On
factors-on-text = Signing in with your password also asks for a code from your authenticator app
factors-since = since
factors-remove = Remove the authenticator app
factors-scan = Scan this QR code with an authenticator app (such as Google Authenticator, 1Password or Aegis).
factors-qr = QR code of the key
factors-type-key = Or type this key into the app:
factors-enter-code = Enter the 6-digit code the app shows to turn it on.
factors-code = Code from the app
factors-turn-on = Turn on two-step sign-in
factors-why = Protect your account even if someone learns your password: signing in will also ask for a code from an app on your phone.
factors-passkeys-second-step = Your passkeys are the second step after a password.
factors-set-up = Set up an authenticator app
passkeys-title = Passkeys
passkeys-text = Sign in with your device's screen lock (fingerprint, face or PIN) instead of a password. A passkey counts as two factors, and also serves as the second step after a password.
passkeys-need-script = Adding a passkey needs JavaScript and a browser that supports passkeys.
passkeys-name = Name of the new passkey
passkeys-name-example = e.g. Work laptop
passkeys-add = Add a passkey
passkeys-off = Passkeys are off on this server: browsers allow them only for a site opened by a host name (such as localhost), not by an IP address like 127.0.0.1. Open the site by its name, with KEYCARD_PUBLIC_URL set to that address, to use them.
passkeys-none = No passkeys yet.
passkeys-added = Added
passkeys-last-used = last used
passkeys-never-used = never used
passkeys-new-name = New name
passkeys-rename = Rename
passkeys-remove = Remove

## The security activity: one line per kind of event (their codes)
activity-account_created = Account created
activity-signed_in = Signed in
activity-sign_in_failed = Failed sign-in attempt
activity-signed_out = Signed out
activity-session_revoked = Device signed out
activity-refresh_reuse_detected = Reuse of an old sign-in token detected; that session was ended
activity-password_changed = Password changed
activity-sign_in_locked = Sign-in from new devices paused after repeated failed attempts; your signed-in browsers still work
activity-refresh_from_other_client = A just-replaced sign-in token was used from another address or browser
activity-email_verified = E-mail address confirmed
activity-password_reset = Password reset by e-mail link; every device was signed out
activity-email_change_requested = Change of e-mail address requested
activity-email_changed = E-mail address changed
activity-email_change_undone = E-mail address change undone with a new password; every device was signed out
activity-session_reported = A sign-in was reported as not yours; that browser was signed out and is no longer trusted
activity-locked_by_admin = Account locked by an administrator; every device was signed out
activity-unlocked_by_admin = Account unlocked by an administrator
activity-signed_out_by_admin = Signed out everywhere by an administrator
activity-verified_by_admin = E-mail address confirmed by an administrator
activity-limits_cleared_by_admin = Failed sign-in attempts cleared by an administrator
activity-reauthenticated = Confirmed it's you (password or passkey) before a sensitive change
activity-totp_enabled = Authenticator app added as a second factor
activity-totp_disabled = Authenticator app removed
activity-recovery_codes_generated = New recovery codes created; the old ones no longer work
activity-recovery_code_used = A recovery code was used to sign in
activity-recovery_codes_removed = Recovery codes removed
activity-second_factor_guessed = Many wrong second-step codes after the right password: someone may have your password
activity-second_factor_failed = Wrong second-factor code at sign-in (the password was right)
activity-second_factor_removed_by_admin = Second factors (authenticator app, passkeys, recovery codes) removed by an administrator; every device was signed out
activity-passkey_added = Passkey added
activity-passkey_removed = Passkey removed
activity-identity_linked = Sign-in with another provider linked
activity-identity_unlinked = Sign-in with another provider unlinked
activity-session_bound = This browser's session was bound to a key it keeps: copied cookies cannot continue it
activity-copied_cookie_refused = Copied sign-in cookies were refused: that session only continues in the browser holding its key
activity-unknown = Security event
activity-by-admin = An administrator

## Devices
device-unknown = Unknown device
browser-unknown = Unknown browser
device-browser-on = { $browser } on { $system }


## Durations (how long a link works)
duration-minutes = { $n ->
    [one] { $n } minute
   *[other] { $n } minutes
}
duration-hours = { $n ->
    [one] { $n } hour
   *[other] { $n } hours
}
duration-days = { $n ->
    [one] { $n } day
   *[other] { $n } days
}

## Mails, in the recipient's language
mail-or-open = Or open this address:
mail-from = The request came from { $device } at address { $ip }.
mail-last-attempt = The last attempt came from { $device } at address { $ip }.
mail-choose-password = Choose a new password
mail-sign-in = Sign in
mail-verify-subject = Confirm your e-mail address
mail-verify-created = Someone (we hope you) created a keycard account with this address.
mail-verify-confirm = Confirm the address to start using the account. The link works once, within { $valid_for }.
mail-verify-action = Confirm my address
mail-verify-not-you = If you did not create this account, ignore this mail: without the confirmation nobody can use it.
mail-already-registered-subject = Someone tried to register with your address
mail-already-registered-text = Someone tried to create a keycard account with this address, which already has one. No new account was made and nothing about yours changed.
mail-already-registered-forgot = If it was you and you forgot your password, you can choose a new one.
mail-already-registered-not-you = If it was not you, there is nothing to do: your account is safe.
mail-reset-subject = Choose a new password
mail-reset-asked = Someone asked to reset the password of your keycard account.
mail-reset-link = The link works once, within { $valid_for }, in any browser. Choosing a new password signs out every device.
mail-reset-not-you = If you did not ask for this, ignore this mail: your password stays as it is.
mail-password-changed-subject = Your password was changed
mail-password-changed-text = The password of your keycard account was just changed, and your other devices were signed out.
mail-password-changed-action = I did not do this: choose a new password
mail-password-changed-not-you = If it was not you, choose a new password at once: that signs out whoever changed it.
mail-factor-subject = The sign-in protection of your account changed
mail-factor-app-added = An authenticator app was added as a second factor to your keycard account.
mail-factor-app-removed = The authenticator app was removed from your keycard account.
mail-factor-codes-renewed = New recovery codes were created (the old ones no longer work) for your keycard account.
mail-factor-passkey-added = A passkey { $name } was added to your keycard account.
mail-factor-passkey-removed = A passkey { $name } was removed from your keycard account.
mail-factor-provider-linked = Signing in with { $name } was linked to your keycard account.
mail-factor-provider-unlinked = Signing in with { $name } was unlinked from your keycard account.
mail-factor-action = Review your account
mail-factor-not-you = If it was not you, someone is signed in to your account: sign in, sign out every other device and choose a new password.
mail-new-address-subject = Confirm your new e-mail address
mail-new-address-asked = Someone asked to use this address for their keycard account.
mail-new-address-confirm = Confirm to make this the account's address. The link works once, within { $valid_for }.
mail-new-address-action = Use this address
mail-new-address-not-you = If you did not ask for this, ignore this mail and nothing changes.
mail-address-changed-subject = Your e-mail address was changed
mail-address-changed-text = The address of your keycard account was changed from this one to { $address }.
mail-address-changed-undo = If you did not do this, undo it within { $valid_for }: the account gets this address back and every device is signed out.
mail-address-changed-action = Undo the change
mail-address-in-use-subject = Someone tried to use your address
mail-address-in-use-text = Someone asked to move another keycard account to this address. It already belongs to your account, so nothing changed.
mail-address-in-use-not-you = There is nothing to do; your account is as it was.
mail-removed-passkey = - the passkey { $name }
mail-removed-app = - the authenticator app
mail-removed-codes = { $n ->
    [one] - { $n } unused recovery code
   *[other] - { $n } unused recovery codes
}
mail-undone-subject = Your account is back at this address
mail-undone-text = The change of address of your keycard account was undone: this address is back, the new password you chose is set, and every device was signed out.
mail-undone-nothing = The account had no passkeys, authenticator app or recovery codes.
mail-undone-removed = Whoever changed the address may have added ways to sign in, so these were removed:
    { $list }
mail-undone-add-again = Sign in and add your own passkeys or authenticator app again.
mail-guessed-subject = Someone has your password
mail-guessed-text = Someone entered the right password of your keycard account and then several wrong codes at the second step. Your second step kept them out, but they have your password.
mail-guessed-blocked = After so many wrong codes, the second step is refused until the password is reset.
mail-guessed-not-you = If these attempts were yours, choosing a new password lets you sign in again; otherwise it keeps them out.
mail-new-sign-in-subject = New sign-in to your account
mail-new-sign-in-text = Your keycard account was signed in to from { $device }, at address { $ip }, which it had not been used from before.
mail-new-sign-in-if-you = If this was you, there is nothing to do.
mail-new-sign-in-action = This wasn't me
mail-new-sign-in-not-you = If it was not you, use the link: it signs that device out, and then you can choose a new password.
mail-locked-subject = Sign-in to your account was paused
mail-locked-text = There were many failed attempts to sign in to your keycard account, so sign-in from new devices is paused for a while. Browsers you signed in with before still work.
mail-locked-not-you = If these attempts were not yours, someone may be guessing your password: a new, long one keeps them out.
mail-reuse-subject = A session of yours was ended for your safety
mail-reuse-text = An old sign-in token of your keycard account was used again, which happens when a token is stolen and replayed. We ended that session.
mail-reuse-from = The token came from { $device } at address { $ip }.
mail-reuse-not-you = If you do not recognise this, choose a new password: that signs out every device.
mail-copied-subject = Someone tried to use a copy of your sign-in
mail-copied-text = The sign-in cookies of one of your keycard sessions were used without the key that only your own browser holds. This happens when the cookies were copied from that device, for example by malware. We refused them: the session still works only on your device.
mail-copied-from = The copy was used from { $device } at address { $ip }.
mail-copied-action = Review your devices
mail-copied-not-you = Check that device for malware, then sign it out from your account page and choose a new password.

## The pages of the links in mails
link-dead = This link has expired or was already used.
link-checking = Checking the link…
link-ask-new = Ask for a new link
link-go-home = Go to keycard
notice-reset-sent = If an account uses this address, a link to choose a new password is on its way.
notice-reported = That browser was signed out. If someone else knows your password, choose a new one now.
forgot-text = Enter the address of your account: we send it a link to choose a new password.
forgot-submit = Send the link
forgot-back = Back to sign in
reset-title = Choose a new password
reset-text = Choosing a new password signs out every device, then signs in this one.
reset-submit = Set the new password
verify-title-short = Confirm your address
verify-title = Confirm your e-mail address
verify-needs-password = This browser did not create the account, so choose its password here: the one given when it was created no longer works. This signs you in.
verify-text = Confirm the address to start using your account; this signs you in.
verify-submit = Confirm my address
confirm-title = Confirm
confirm-password-optional = New password (optional)
confirm-change-title = Use this address
confirm-change-question = Make { $address } the address of your account?
confirm-change-button = Use this address
confirm-undo-title = Undo the change of address
confirm-undo-question = Give the account its address { $address } back? Choose a new password: every device will be signed out, and every passkey, authenticator app and recovery code removed, since whoever changed the address may have added them.
confirm-undo-button = Undo the change
confirm-not-me-title = Sign that browser out
confirm-not-me-question = Sign out the browser the alert was about, and every sign-in it made since? If someone else knows your password, choose a new one below as well: that signs out every device.
confirm-not-me-button = It wasn't me: sign it out

## The second step of a sign-in
second-step-title = One more step
second-step-text = Open your authenticator app and enter the 6-digit code it shows for keycard, or use one of your passkeys.
second-step-code = Code
second-step-sign-in-again = Sign in again
second-step-pending = Checking…
second-step-submit = Continue
second-step-recovery = No phone at hand? Enter one of the recovery codes you saved when you set up the app; each works once.

## The example page
example-title = Your own page
example-loading = Loading…
example-greeting = Hello, { $email }! This page is yours alone.

## The development mailbox (/dev/mail)
dev-mail-title = Development mailbox
dev-mail-text = Mails keycard would have sent (no KEYCARD_SMTP_URL is set), newest first.
dev-mail-empty = No mail yet.
dev-mail-to = To
dev-mail-sent = sent

## Every page's description, and the page for when the database is away
meta-description = keycard: create an account, sign in with a password, and see and manage your devices and security activity.
unavailable-title = Temporarily unavailable
unavailable-heading = keycard is temporarily unavailable
unavailable-text = We cannot reach our database right now. Your session is safe; please try again in a moment.
