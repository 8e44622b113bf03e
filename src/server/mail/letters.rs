//! The mails keycard sends, as plain text with a simple HTML twin. Each says
//! what happened, from which device and address, and what to do if it was
//! not the reader.

use crate::server::store::NewMail;

/// Where and from what a request came, as a mail describes it.
pub struct Origin {
    /// "Firefox 128 on Linux".
    pub device: String,
    pub ip: String,
}

/// A mail before it is rendered: paragraphs, at most one button, and what
/// to do if the reader did not ask for it.
struct Letter {
    subject: String,
    paragraphs: Vec<String>,
    action: Option<(&'static str, String)>,
    not_you: Option<String>,
}

impl Letter {
    fn render(self, recipient: &str) -> NewMail {
        let mut text = String::new();
        let mut html = String::from("<!DOCTYPE html><html><body style=\"font-family:sans-serif;line-height:1.5;max-width:36em\">");
        for p in &self.paragraphs {
            text.push_str(p);
            text.push_str("\n\n");
            html.push_str(&format!("<p>{}</p>", escape(p)));
        }
        if let Some((label, url)) = &self.action {
            text.push_str(&format!("{label}:\n{url}\n\n"));
            html.push_str(&format!(
                "<p><a href=\"{0}\" style=\"display:inline-block;padding:.6em 1.2em;background:#1f4fd1;color:#fff;\
                 text-decoration:none;border-radius:6px\">{1}</a></p><p style=\"font-size:.9em;color:#555\">\
                 Or open this address: {0}</p>",
                escape(url),
                escape(label)
            ));
        }
        if let Some(not_you) = &self.not_you {
            text.push_str(not_you);
            text.push_str("\n\n");
            html.push_str(&format!("<p style=\"color:#555\">{}</p>", escape(not_you)));
        }
        text.push_str("— keycard\n");
        html.push_str("<p>— keycard</p></body></html>");
        NewMail { recipient: recipient.to_owned(), subject: self.subject, text, html }
    }
}

/// Text made safe to place in HTML, attributes included.
pub fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;").replace('\'', "&#39;")
}

fn from(origin: &Origin) -> String {
    format!("The request came from {} at address {}.", origin.device, origin.ip)
}

pub fn verify_address(to: &str, link: String, origin: &Origin, valid_for: &str) -> NewMail {
    Letter {
        subject: "Confirm your e-mail address".into(),
        paragraphs: vec![
            "Someone (we hope you) created a keycard account with this address.".into(),
            from(origin),
            format!("Confirm the address to start using the account. The link works once, within {valid_for}."),
        ],
        action: Some(("Confirm my address", link)),
        not_you: Some("If you did not create this account, ignore this mail: without the confirmation nobody can use it.".into()),
    }
    .render(to)
}

pub fn already_registered(to: &str, reset_link: String, origin: &Origin) -> NewMail {
    Letter {
        subject: "Someone tried to register with your address".into(),
        paragraphs: vec![
            "Someone tried to create a keycard account with this address, which already has one. No new account was made and nothing about yours changed.".into(),
            from(origin),
            "If it was you and you forgot your password, you can choose a new one.".into(),
        ],
        action: Some(("Choose a new password", reset_link)),
        not_you: Some("If it was not you, there is nothing to do: your account is safe.".into()),
    }
    .render(to)
}

pub fn reset_password(to: &str, link: String, origin: &Origin, valid_for: &str) -> NewMail {
    Letter {
        subject: "Choose a new password".into(),
        paragraphs: vec![
            "Someone asked to reset the password of your keycard account.".into(),
            from(origin),
            format!("The link works once, within {valid_for}, in any browser. Choosing a new password signs out every device."),
        ],
        action: Some(("Choose a new password", link)),
        not_you: Some("If you did not ask for this, ignore this mail: your password stays as it is.".into()),
    }
    .render(to)
}

pub fn password_changed(to: &str, origin: &Origin, forgot_link: String) -> NewMail {
    Letter {
        subject: "Your password was changed".into(),
        paragraphs: vec![
            "The password of your keycard account was just changed, and your other devices were signed out.".into(),
            from(origin),
        ],
        action: Some(("I did not do this: choose a new password", forgot_link)),
        not_you: Some("If it was not you, choose a new password at once: that signs out whoever changed it.".into()),
    }
    .render(to)
}

/// A second factor of the account changed: `what` says how ("An
/// authenticator app was added to", …).
pub fn second_factor_changed(to: &str, what: &str, origin: &Origin, account_link: String) -> NewMail {
    Letter {
        subject: "The sign-in protection of your account changed".into(),
        paragraphs: vec![format!("{what} your keycard account."), from(origin)],
        action: Some(("Review your account", account_link)),
        not_you: Some(
            "If it was not you, someone is signed in to your account: sign in, sign out every other device and \
             choose a new password."
                .into(),
        ),
    }
    .render(to)
}

pub fn confirm_new_address(to: &str, link: String, origin: &Origin, valid_for: &str) -> NewMail {
    Letter {
        subject: "Confirm your new e-mail address".into(),
        paragraphs: vec![
            "Someone asked to use this address for their keycard account.".into(),
            from(origin),
            format!("Confirm to make this the account's address. The link works once, within {valid_for}."),
        ],
        action: Some(("Use this address", link)),
        not_you: Some("If you did not ask for this, ignore this mail and nothing changes.".into()),
    }
    .render(to)
}

pub fn address_changed(to: &str, new_address: &str, undo_link: String, origin: &Origin, valid_for: &str) -> NewMail {
    Letter {
        subject: "Your e-mail address was changed".into(),
        paragraphs: vec![
            format!("The address of your keycard account was changed from this one to {new_address}."),
            from(origin),
            format!("If you did not do this, undo it within {valid_for}: the account gets this address back and every device is signed out."),
        ],
        action: Some(("Undo the change", undo_link)),
        not_you: None,
    }
    .render(to)
}

/// A change of address was asked for with an address that has a confirmed
/// account already: its owner is told, and nothing changes. The requester
/// sees the same as for a free address.
pub fn address_in_use(to: &str, origin: &Origin) -> NewMail {
    Letter {
        subject: "Someone tried to use your address".into(),
        paragraphs: vec![
            "Someone asked to move another keycard account to this address. It already belongs to your account, so nothing changed.".into(),
            from(origin),
        ],
        action: None,
        not_you: Some("There is nothing to do; your account is as it was.".into()),
    }
    .render(to)
}

/// What an undo of a change of address (or a report) removed from the
/// account: the owner adds their own again.
#[derive(Debug, Default)]
pub struct Removed {
    /// The names of the passkeys, as their owner (or whoever added them) gave them.
    pub passkeys: Vec<String>,
    pub app: bool,
    pub recovery_codes: i64,
}

impl Removed {
    /// One line per thing removed; a passkey's name is quoted plain text.
    fn lines(&self) -> Vec<String> {
        let mut lines: Vec<String> = self.passkeys.iter().map(|name| format!("- the passkey {}", quoted(name))).collect();
        if self.app {
            lines.push("- the authenticator app".into());
        }
        if self.recovery_codes > 0 {
            lines.push(format!("- {} unused recovery code{}", self.recovery_codes, if self.recovery_codes == 1 { "" } else { "s" }));
        }
        lines
    }
}

/// A name someone else may have chosen, as plain text in quotes: control
/// characters and line breaks become spaces, so it cannot pose as more of
/// the mail.
pub fn quoted(name: &str) -> String {
    let clean: String = name.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    format!("\u{201c}{}\u{201d}", clean.trim())
}

pub fn change_undone(to: &str, removed: &Removed, origin: &Origin, account_link: String) -> NewMail {
    let mut paragraphs = vec![
        "The change of address of your keycard account was undone: this address is back, the new password you chose is set, and every device was signed out.".into(),
        from(origin),
    ];
    let lines = removed.lines();
    if lines.is_empty() {
        paragraphs.push("The account had no passkeys, authenticator app or recovery codes.".into());
    } else {
        paragraphs.push(format!(
            "Whoever changed the address may have added ways to sign in, so these were removed:\n{}",
            lines.join("\n")
        ));
        paragraphs.push("Sign in and add your own passkeys or authenticator app again.".into());
    }
    Letter { subject: "Your account is back at this address".into(), paragraphs, action: Some(("Sign in", account_link)), not_you: None }
        .render(to)
}

/// Someone gave the right password and then wrong second-step codes.
pub fn second_step_guessed(to: &str, origin: &Origin, forgot_link: String, blocked: bool) -> NewMail {
    let mut paragraphs = vec![
        "Someone entered the right password of your keycard account and then several wrong codes at the second step. Your second step kept them out, but they have your password.".into(),
        format!("The last attempt came from {} at address {}.", origin.device, origin.ip),
    ];
    if blocked {
        paragraphs.push("After so many wrong codes, the second step is refused until the password is reset.".into());
    }
    Letter {
        subject: "Someone has your password".into(),
        paragraphs,
        action: Some(("Choose a new password", forgot_link)),
        not_you: Some("If these attempts were yours, choosing a new password lets you sign in again; otherwise it keeps them out.".into()),
    }
    .render(to)
}

pub fn new_sign_in(to: &str, origin: &Origin, not_me_link: String) -> NewMail {
    Letter {
        subject: "New sign-in to your account".into(),
        paragraphs: vec![
            format!("Your keycard account was signed in to from {}, at address {}, which it had not been used from before.", origin.device, origin.ip),
            "If this was you, there is nothing to do.".into(),
        ],
        action: Some(("This wasn't me", not_me_link)),
        not_you: Some("If it was not you, use the link: it signs that device out, and then you can choose a new password.".into()),
    }
    .render(to)
}

pub fn sign_in_locked(to: &str, origin: &Origin, forgot_link: String) -> NewMail {
    Letter {
        subject: "Sign-in to your account was paused".into(),
        paragraphs: vec![
            "There were many failed attempts to sign in to your keycard account, so sign-in from new devices is paused for a while. Browsers you signed in with before still work.".into(),
            format!("The last attempt came from {} at address {}.", origin.device, origin.ip),
        ],
        action: Some(("Choose a new password", forgot_link)),
        not_you: Some("If these attempts were not yours, someone may be guessing your password: a new, long one keeps them out.".into()),
    }
    .render(to)
}

pub fn reuse_detected(to: &str, origin: &Origin, forgot_link: String) -> NewMail {
    Letter {
        subject: "A session of yours was ended for your safety".into(),
        paragraphs: vec![
            "An old sign-in token of your keycard account was used again, which happens when a token is stolen and replayed. We ended that session.".into(),
            format!("The token came from {} at address {}.", origin.device, origin.ip),
        ],
        action: Some(("Choose a new password", forgot_link)),
        not_you: Some("If you do not recognise this, choose a new password: that signs out every device.".into()),
    }
    .render(to)
}

/// A session bound to its browser's key was tried with its cookies alone.
pub fn copied_cookie_refused(to: &str, origin: &Origin, devices_link: String) -> NewMail {
    Letter {
        subject: "Someone tried to use a copy of your sign-in".into(),
        paragraphs: vec![
            "The sign-in cookies of one of your keycard sessions were used without the key that only your own browser holds. This happens when the cookies were copied from that device, for example by malware. We refused them: the session still works only on your device.".into(),
            format!("The copy was used from {} at address {}.", origin.device, origin.ip),
        ],
        action: Some(("Review your devices", devices_link)),
        not_you: Some("Check that device for malware, then sign it out from your account page and choose a new password.".into()),
    }
    .render(to)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mails_have_text_and_escaped_html_with_the_link() {
        let origin = Origin { device: "Firefox 128 on Linux".into(), ip: "203.0.113.9".into() };
        let mail = reset_password("ada@example.com", "https://k.example/reset-password?token=abc".into(), &origin, "30 minutes");
        assert_eq!(mail.recipient, "ada@example.com");
        assert!(mail.text.contains("https://k.example/reset-password?token=abc"));
        assert!(mail.text.contains("Firefox 128 on Linux") && mail.text.contains("203.0.113.9"));
        assert!(mail.html.contains("href=\"https://k.example/reset-password?token=abc\""));
        let hostile = Origin { device: "<script>x</script>".into(), ip: "1.1.1.1".into() };
        let mail = new_sign_in("ada@example.com", &hostile, "https://k.example/confirm?token=t".into());
        assert!(!mail.html.contains("<script>") && mail.html.contains("&lt;script&gt;"));
    }

    #[test]
    fn names_someone_else_chose_are_quoted_plain_text() {
        assert_eq!(quoted("My key"), "\u{201c}My key\u{201d}");
        assert_eq!(quoted("a\nVisit https://evil.example\r"), "\u{201c}a Visit https://evil.example\u{201d}");
        let removed = Removed { passkeys: vec!["<b>x</b>\nline".into()], app: true, recovery_codes: 1 };
        let origin = Origin { device: "Firefox 128 on Linux".into(), ip: "203.0.113.9".into() };
        let mail = change_undone("ada@example.com", &removed, &origin, "https://k.example/login".into());
        assert!(mail.text.contains("- the passkey \u{201c}<b>x</b> line\u{201d}\n- the authenticator app\n- 1 unused recovery code\n"), "{}", mail.text);
        assert!(mail.html.contains("&lt;b&gt;x&lt;/b&gt;") && !mail.html.contains("<b>x"), "{}", mail.html);
    }
}
