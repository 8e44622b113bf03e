//! The mails keycard sends, as plain text with a simple HTML twin. Each says
//! what happened, from which device and address, and what to do if it was
//! not the reader. Each is written in its recipient's language (`crate::i18n`):
//! the account's, never that of whoever caused the mail.

use std::time::Duration;

use crate::{
    i18n::{Arg, Lang, text},
    server::store::{NewMail, UserRecord},
};

/// Who a mail goes to, and in which language.
#[derive(Clone, Copy, Debug)]
pub struct To<'a> {
    pub address: &'a str,
    pub lang: Lang,
}

impl<'a> To<'a> {
    /// The owner of an account, at its address, in its language.
    pub fn owner(user: &'a UserRecord) -> Self {
        Self { address: user.email.as_str(), lang: user.mail_lang() }
    }
}

/// Where and from what a request came, as a mail describes it.
pub struct Origin {
    /// The request's user agent, named in the reader's language ("Firefox 128 on Linux").
    pub user_agent: String,
    pub ip: String,
}

impl Origin {
    fn args(&self, lang: Lang) -> [(&'static str, Arg); 2] {
        [("device", Arg::Text(crate::server::auth::security::describe_device(&self.user_agent, lang))), ("ip", Arg::from(self.ip.as_str()))]
    }
}

/// What changed in how the account is signed in to, for its owner's alert.
pub enum FactorChange<'a> {
    AppAdded,
    AppRemoved,
    RecoveryCodesRenewed,
    /// A passkey, by the name its adder gave it.
    PasskeyAdded(&'a str),
    PasskeyRemoved(&'a str),
    /// Another provider, by its name.
    ProviderLinked(&'a str),
    ProviderUnlinked(&'a str),
}

/// How long a link works, in words: "30 minutes", "2 days".
pub fn spoken(d: Duration, lang: Lang) -> String {
    let minutes = d.as_secs() / 60;
    let (n, unit) = match minutes {
        0 => (d.as_secs(), "wait-seconds"),
        m if m % 1440 == 0 && m >= 2880 => (m / 1440, "duration-days"),
        m if m % 60 == 0 => (m / 60, "duration-hours"),
        m => (m, "duration-minutes"),
    };
    text(lang, unit, &[("n", Arg::from(n))])
}

/// A mail before it is rendered: paragraphs, at most one button, and what
/// to do if the reader did not ask for it.
struct Letter {
    lang: Lang,
    subject: String,
    paragraphs: Vec<String>,
    action: Option<(String, String)>,
    not_you: Option<String>,
}

impl Letter {
    /// A letter in `lang` whose texts are the messages `mail-<name>-…`.
    fn new(lang: Lang, name: &str) -> Self {
        Self { lang, subject: text(lang, &format!("mail-{name}-subject"), &[]), paragraphs: Vec::new(), action: None, not_you: None }
    }

    fn say(mut self, key: &str, args: &[(&str, Arg)]) -> Self {
        self.paragraphs.push(text(self.lang, key, args));
        self
    }

    /// "The request came from … at address …."
    fn from(self, origin: &Origin) -> Self {
        let args = origin.args(self.lang);
        self.say("mail-from", &args)
    }

    fn action(mut self, key: &str, url: String) -> Self {
        self.action = Some((text(self.lang, key, &[]), url));
        self
    }

    fn not_you(mut self, key: &str) -> Self {
        self.not_you = Some(text(self.lang, key, &[]));
        self
    }

    fn render(self, to: To) -> NewMail {
        let mut text = String::new();
        let mut html = format!(
            "<!DOCTYPE html><html lang=\"{}\"><body style=\"font-family:sans-serif;line-height:1.5;max-width:36em\">",
            self.lang.code()
        );
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
                 {2} {0}</p>",
                escape(url),
                escape(label),
                escape(&crate::i18n::text(self.lang, "mail-or-open", &[])),
            ));
        }
        if let Some(not_you) = &self.not_you {
            text.push_str(not_you);
            text.push_str("\n\n");
            html.push_str(&format!("<p style=\"color:#555\">{}</p>", escape(not_you)));
        }
        text.push_str("— keycard\n");
        html.push_str("<p>— keycard</p></body></html>");
        NewMail { recipient: to.address.to_owned(), subject: self.subject, text, html }
    }
}

/// Text made safe to place in HTML, attributes included.
pub fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;").replace('\'', "&#39;")
}

pub fn verify_address(to: To, link: String, origin: &Origin, valid_for: Duration) -> NewMail {
    Letter::new(to.lang, "verify")
        .say("mail-verify-created", &[])
        .from(origin)
        .say("mail-verify-confirm", &[("valid_for", Arg::Text(spoken(valid_for, to.lang)))])
        .action("mail-verify-action", link)
        .not_you("mail-verify-not-you")
        .render(to)
}

pub fn already_registered(to: To, reset_link: String, origin: &Origin) -> NewMail {
    Letter::new(to.lang, "already-registered")
        .say("mail-already-registered-text", &[])
        .from(origin)
        .say("mail-already-registered-forgot", &[])
        .action("mail-choose-password", reset_link)
        .not_you("mail-already-registered-not-you")
        .render(to)
}

pub fn reset_password(to: To, link: String, origin: &Origin, valid_for: Duration) -> NewMail {
    Letter::new(to.lang, "reset")
        .say("mail-reset-asked", &[])
        .from(origin)
        .say("mail-reset-link", &[("valid_for", Arg::Text(spoken(valid_for, to.lang)))])
        .action("mail-choose-password", link)
        .not_you("mail-reset-not-you")
        .render(to)
}

pub fn password_changed(to: To, origin: &Origin, forgot_link: String) -> NewMail {
    Letter::new(to.lang, "password-changed")
        .say("mail-password-changed-text", &[])
        .from(origin)
        .action("mail-password-changed-action", forgot_link)
        .not_you("mail-password-changed-not-you")
        .render(to)
}

/// A second factor, or another way in, of the account changed.
pub fn second_factor_changed(to: To, change: FactorChange, origin: &Origin, account_link: String) -> NewMail {
    let (key, name) = match change {
        FactorChange::AppAdded => ("mail-factor-app-added", None),
        FactorChange::AppRemoved => ("mail-factor-app-removed", None),
        FactorChange::RecoveryCodesRenewed => ("mail-factor-codes-renewed", None),
        FactorChange::PasskeyAdded(name) => ("mail-factor-passkey-added", Some(quoted(name))),
        FactorChange::PasskeyRemoved(name) => ("mail-factor-passkey-removed", Some(quoted(name))),
        FactorChange::ProviderLinked(name) => ("mail-factor-provider-linked", Some(name.to_owned())),
        FactorChange::ProviderUnlinked(name) => ("mail-factor-provider-unlinked", Some(name.to_owned())),
    };
    let args: Vec<(&str, Arg)> = name.map(|n| ("name", Arg::Text(n))).into_iter().collect();
    Letter::new(to.lang, "factor")
        .say(key, &args)
        .from(origin)
        .action("mail-factor-action", account_link)
        .not_you("mail-factor-not-you")
        .render(to)
}

pub fn confirm_new_address(to: To, link: String, origin: &Origin, valid_for: Duration) -> NewMail {
    Letter::new(to.lang, "new-address")
        .say("mail-new-address-asked", &[])
        .from(origin)
        .say("mail-new-address-confirm", &[("valid_for", Arg::Text(spoken(valid_for, to.lang)))])
        .action("mail-new-address-action", link)
        .not_you("mail-new-address-not-you")
        .render(to)
}

pub fn address_changed(to: To, new_address: &str, undo_link: String, origin: &Origin, valid_for: Duration) -> NewMail {
    Letter::new(to.lang, "address-changed")
        .say("mail-address-changed-text", &[("address", Arg::from(new_address))])
        .from(origin)
        .say("mail-address-changed-undo", &[("valid_for", Arg::Text(spoken(valid_for, to.lang)))])
        .action("mail-address-changed-action", undo_link)
        .render(to)
}

/// A change of address was asked for with an address that has a confirmed
/// account already: its owner is told, and nothing changes. The requester
/// sees the same as for a free address.
pub fn address_in_use(to: To, origin: &Origin) -> NewMail {
    Letter::new(to.lang, "address-in-use")
        .say("mail-address-in-use-text", &[])
        .from(origin)
        .not_you("mail-address-in-use-not-you")
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
    fn lines(&self, lang: Lang) -> Vec<String> {
        let mut lines: Vec<String> =
            self.passkeys.iter().map(|name| text(lang, "mail-removed-passkey", &[("name", Arg::Text(quoted(name)))])).collect();
        if self.app {
            lines.push(text(lang, "mail-removed-app", &[]));
        }
        if self.recovery_codes > 0 {
            lines.push(text(lang, "mail-removed-codes", &[("n", Arg::Num(self.recovery_codes))]));
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

pub fn change_undone(to: To, removed: &Removed, origin: &Origin, account_link: String) -> NewMail {
    let letter = Letter::new(to.lang, "undone").say("mail-undone-text", &[]).from(origin);
    let lines = removed.lines(to.lang);
    let letter = if lines.is_empty() {
        letter.say("mail-undone-nothing", &[])
    } else {
        letter.say("mail-undone-removed", &[("list", Arg::Text(lines.join("\n")))]).say("mail-undone-add-again", &[])
    };
    letter.action("mail-sign-in", account_link).render(to)
}

/// Someone gave the right password and then wrong second-step codes.
pub fn second_step_guessed(to: To, origin: &Origin, forgot_link: String, blocked: bool) -> NewMail {
    let args = origin.args(to.lang);
    let letter = Letter::new(to.lang, "guessed").say("mail-guessed-text", &[]).say("mail-last-attempt", &args);
    let letter = if blocked { letter.say("mail-guessed-blocked", &[]) } else { letter };
    letter.action("mail-choose-password", forgot_link).not_you("mail-guessed-not-you").render(to)
}

pub fn new_sign_in(to: To, origin: &Origin, not_me_link: String) -> NewMail {
    let args = origin.args(to.lang);
    Letter::new(to.lang, "new-sign-in")
        .say("mail-new-sign-in-text", &args)
        .say("mail-new-sign-in-if-you", &[])
        .action("mail-new-sign-in-action", not_me_link)
        .not_you("mail-new-sign-in-not-you")
        .render(to)
}

pub fn sign_in_locked(to: To, origin: &Origin, forgot_link: String) -> NewMail {
    let args = origin.args(to.lang);
    Letter::new(to.lang, "locked")
        .say("mail-locked-text", &[])
        .say("mail-last-attempt", &args)
        .action("mail-choose-password", forgot_link)
        .not_you("mail-locked-not-you")
        .render(to)
}

pub fn reuse_detected(to: To, origin: &Origin, forgot_link: String) -> NewMail {
    let args = origin.args(to.lang);
    Letter::new(to.lang, "reuse")
        .say("mail-reuse-text", &[])
        .say("mail-reuse-from", &args)
        .action("mail-choose-password", forgot_link)
        .not_you("mail-reuse-not-you")
        .render(to)
}

/// A session bound to its browser's key was tried with its cookies alone.
pub fn copied_cookie_refused(to: To, origin: &Origin, devices_link: String) -> NewMail {
    let args = origin.args(to.lang);
    Letter::new(to.lang, "copied")
        .say("mail-copied-text", &[])
        .say("mail-copied-from", &args)
        .action("mail-copied-action", devices_link)
        .not_you("mail-copied-not-you")
        .render(to)
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIREFOX: &str = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";

    #[test]
    fn mails_have_text_and_escaped_html_with_the_link() {
        let origin = Origin { user_agent: FIREFOX.into(), ip: "203.0.113.9".into() };
        let to = To { address: "ada@example.com", lang: Lang::En };
        let mail = reset_password(to, "https://k.example/reset-password?token=abc".into(), &origin, Duration::from_secs(1800));
        assert_eq!(mail.recipient, "ada@example.com");
        assert!(mail.text.contains("https://k.example/reset-password?token=abc"));
        assert!(mail.text.contains("Firefox 128 on Linux") && mail.text.contains("203.0.113.9"));
        assert!(mail.text.contains("within 30 minutes"), "{}", mail.text);
        assert!(mail.html.contains("href=\"https://k.example/reset-password?token=abc\""));
        let hostile = Origin { user_agent: FIREFOX.into(), ip: "<script>x</script>".into() };
        let mail = new_sign_in(to, &hostile, "https://k.example/confirm?token=t".into());
        assert!(!mail.html.contains("<script>") && mail.html.contains("&lt;script&gt;"));
    }

    #[test]
    fn a_mail_is_in_its_recipients_language() {
        let origin = Origin { user_agent: FIREFOX.into(), ip: "203.0.113.9".into() };
        let to = To { address: "ada@example.com", lang: Lang::De };
        let mail = verify_address(to, "https://k.example/verify-email?token=abc".into(), &origin, Duration::from_secs(2 * 86_400));
        assert_eq!(mail.subject, "Bestätige deine E-Mail-Adresse");
        assert!(mail.text.contains("Firefox 128 unter Linux") && mail.text.contains("2 Tage lang"), "{}", mail.text);
        assert!(mail.html.starts_with("<!DOCTYPE html><html lang=\"de\">"));
        let to = To { address: "ada@example.com", lang: Lang::Fr };
        let removed = Removed { passkeys: vec![], app: true, recovery_codes: 3 };
        let mail = change_undone(to, &removed, &origin, "https://k.example/login".into());
        assert!(mail.text.contains("3 codes de récupération inutilisés"), "{}", mail.text);
    }

    #[test]
    fn names_someone_else_chose_are_quoted_plain_text() {
        assert_eq!(quoted("My key"), "\u{201c}My key\u{201d}");
        assert_eq!(quoted("a\nVisit https://evil.example\r"), "\u{201c}a Visit https://evil.example\u{201d}");
        let removed = Removed { passkeys: vec!["<b>x</b>\nline".into()], app: true, recovery_codes: 1 };
        let origin = Origin { user_agent: FIREFOX.into(), ip: "203.0.113.9".into() };
        let mail = change_undone(To { address: "ada@example.com", lang: Lang::En }, &removed, &origin, "https://k.example/login".into());
        assert!(mail.text.contains("- the passkey \u{201c}<b>x</b> line\u{201d}\n- the authenticator app\n- 1 unused recovery code\n"), "{}", mail.text);
        assert!(mail.html.contains("&lt;b&gt;x&lt;/b&gt;") && !mail.html.contains("<b>x"), "{}", mail.html);
    }
}
