# keycard auf Deutsch.

## Around every page
skip-to-content = Zum Inhalt springen
nav-label = Hauptnavigation
nav-signed-in = Angemeldet
nav-account = Konto
nav-sign-in = Anmelden
nav-create-account = Konto erstellen
footer-about = keycard — Passwörter mit argon2id, kurzlebige EdDSA-Zugriffstoken, rotierende Erneuerungstoken in HttpOnly-Cookies.
footer-keys = Öffentliche Signaturschlüssel (JWKS)
footer-language = Sprache
footer-language-change = Ändern

## Durations
wait-seconds = { $n ->
    [one] { $n } Sekunde
   *[other] { $n } Sekunden
}

## Why a form was refused (the codes of crate::auth::Reason)
reason-email_empty = Gib deine E-Mail-Adresse ein.
reason-email_too_long = Diese E-Mail-Adresse ist zu lang.
reason-email_no_at = Eine E-Mail-Adresse braucht ein @, zum Beispiel name@example.com.
reason-email_shape = Das sieht nicht wie eine E-Mail-Adresse aus, etwa name@example.com.
reason-email_spaces = Eine E-Mail-Adresse darf keine Leerzeichen enthalten.
reason-password_empty = Gib dein Passwort ein.
reason-password_too_long = Passwörter dürfen höchstens 1024 Bytes lang sein.
reason-password_too_short = Verwende mindestens 8 Zeichen.
reason-password_like_email = Wähle ein Passwort, das nicht auf deiner E-Mail-Adresse beruht.
reason-password_weak = Dieses Passwort ist zu leicht zu erraten. Versuche es mit einem längeren Satz aus Wörtern, die nichts miteinander zu tun haben.
reason-bad_credentials = E-Mail-Adresse und Passwort passen zu keinem Konto. Falls du es gerade erstellt hast, öffne zuerst den Link, den wir dir geschickt haben.
reason-wrong_password = Dieses Passwort ist nicht korrekt.
reason-busy = Der Server ist gerade ausgelastet. Bitte versuche es gleich noch einmal.
reason-password_changed = Dein Passwort wurde inzwischen geändert. Melde dich mit dem neuen wieder an.
reason-no_such_device = Es gibt kein solches angemeldetes Gerät.
reason-link_invalid = Dieser Link ist abgelaufen oder wurde schon benutzt. Fordere einen neuen an.
reason-unverified = Bestätige zuerst deine E-Mail-Adresse: Öffne den Link, den wir dir geschickt haben, oder fordere einen neuen an.
reason-same_address = Das ist bereits deine Adresse.
reason-address_taken = Diese Adresse gehört inzwischen zu einem anderen Konto; es wurde nichts geändert.
reason-token_missing = Dieser Link ist unvollständig. Öffne ihn noch einmal aus der E-Mail oder fordere einen neuen an.
reason-account_locked = Dieses Konto ist gesperrt. Wende dich an die Betreiber dieser Website, um es entsperren zu lassen.
reason-second_step_expired = Diese Anmeldung ist abgelaufen. Gib deine E-Mail-Adresse und dein Passwort noch einmal ein.
reason-code_empty = Gib den 6-stelligen Code aus deiner Authenticator-App ein.
reason-code_shape = Gib die 6 Ziffern aus deiner Authenticator-App oder einen deiner Wiederherstellungscodes ein.
reason-code_wrong = Dieser Code stimmt nicht oder wurde schon benutzt. Versuche den Code, den deine App jetzt anzeigt.
reason-second_step_blocked = Für dieses Konto wurden seit der letzten Anmeldung zu viele falsche Codes eingegeben. Wähle ein neues Passwort („Passwort vergessen?“), um dich wieder anzumelden.
reason-choose_password = Wähle ein Passwort für dein Konto.
reason-passkeys_unavailable = Passkeys sind unter dieser Adresse nicht verfügbar. Die Website muss dafür über einen Hostnamen wie localhost geöffnet werden.
reason-provider_unavailable = Dieser Anbieter ist gerade nicht erreichbar. Melde dich auf andere Weise an oder versuche es gleich noch einmal.
reason-provider_refused = Die Anmeldung bei diesem Anbieter wurde nicht abgeschlossen. Bitte beginne sie noch einmal.
reason-provider_unverified = Dieser Anbieter hat deine E-Mail-Adresse nicht bestätigt, daher wurde kein Konto damit erstellt. Bestätige die Adresse dort oder registriere dich mit einem Passwort.
reason-provider_domain = Adressen dieser Domain können sich hier nicht mit diesem Anbieter anmelden.
reason-provider_account_exists = Ein Konto mit dieser E-Mail-Adresse gibt es schon. Melde dich mit seinem Passwort oder Passkey an und verknüpfe den Anbieter dann auf deiner Kontoseite.
reason-identity_taken = Dieses Konto beim Anbieter ist hier mit einem anderen Konto verknüpft.
reason-last_sign_in_method = Das ist die letzte Möglichkeit, dich bei deinem Konto anzumelden. Lege zuerst ein Passwort fest (über „Passwort vergessen?“) oder füge einen Passkey hinzu.
reason-session_bound = Diese Sitzung ist an das Gerät gebunden, auf dem sie begonnen wurde, und nur dieser Browser kann sie fortführen. Bitte melde dich an.
reason-proof_refused = Der Nachweis des Browsers für diese Sitzung konnte nicht geprüft werden.

## What a limit counts: "Too many { $what }. Try again in { $wait }."
limit-signin_limited = fehlgeschlagene Anmeldeversuche
limit-signin_busy = gleichzeitige Anmeldeversuche
limit-register_limited = neue Konten von hier
limit-requests_limited = Anfragen von hier
too-many = Zu viele { $what }. Versuche es in { $wait } noch einmal.

## Refusals no reason says more about
error-invalid = Bitte prüfe deine Eingaben und versuche es noch einmal.
error-unauthorized = Du bist nicht angemeldet, oder deine Sitzung ist beendet.
error-forbidden = Das ist nicht erlaubt.
error-taken = Das gibt es bereits.
error-too_large = Die Anfrage ist zu groß.
error-limited = Zu viele Versuche. Bitte warte kurz und versuche es dann noch einmal.
error-unavailable = Der Dienst ist vorübergehend nicht verfügbar. Bitte versuche es gleich noch einmal.
error-internal = Bei uns ist etwas schiefgelaufen. Bitte versuche es noch einmal.
error-reauth_required = Bestätige zu deiner Sicherheit, dass du es bist, bevor du dies änderst.
error-second_factor_required = Gib den Code aus deiner Authenticator-App ein, um die Anmeldung abzuschließen.

## How a session ended, on the sign-in page
session-end-revoked = Dieses Gerät wurde von einem anderen Gerät aus abgemeldet.
session-end-signed_out = Du bist abgemeldet.
session-end-administrator = Dieses Gerät wurde von den Betreibern dieser Website abgemeldet.
session-end-expired = Deine Sitzung ist beendet. Bitte melde dich wieder an.

## Shared words
or = oder
cancel = Abbrechen
field-email = E-Mail
field-password = Passwort
password-show = Zeigen
password-hide = Verbergen

## What the page's script writes itself
client-offline = Der Server ist nicht erreichbar. Prüfe deine Verbindung.
client-failed = Etwas ist schiefgelaufen. Bitte versuche es noch einmal.
passkey-waiting = Warte auf deinen Passkey …
passkey-cancelled = Die Passkey-Anfrage wurde abgebrochen oder ist abgelaufen. Versuche es noch einmal.
passkey-exists = Dieses Gerät hat bereits einen Passkey für dieses Konto.
passkey-refused = Dieser Browser lehnt Passkeys für die Adresse dieser Website ab.
passkey-failed = Dieser Browser konnte keinen Passkey verwenden. Versuche es noch einmal oder nimm dein Passwort.

## Home
home-title = Anmeldung, die nicht im Weg steht
home-eyebrow = Authentifizierung für Rust-Webanwendungen
home-heading = Einmal anmelden. Angemeldet bleiben. Sicher bleiben.
home-lead = keycard hält dich über Tabs und Neustarts hinweg angemeldet, ohne JavaScript je ein Token zu geben: kurzlebige Zugriffstoken, rotierende Erneuerungstoken und ein Client, der sie still erneuert, bevor sie ablaufen.
home-go-to-account = Zu deinem Konto
home-signed-in-as = Angemeldet als
home-features = Was keycard tut
home-card-passwords-title = Passwörter, richtig gemacht
home-card-passwords-text = argon2id mit den Kosten nach OWASP, gegen eine Stärkeschätzung geprüft, nie gekürzt und neu gehasht, wenn die Kosten steigen.
home-card-tokens-title = Token, die JavaScript nie sieht
home-card-tokens-text = Ein EdDSA-Zugriffstoken für 15 Minuten und ein rotierendes Erneuerungstoken, beide in HttpOnly- und SameSite-Cookies.
home-card-replays-title = Wiederholungen erkannt
home-card-replays-text = Jedes Erneuerungstoken gilt nur einmal. Wird ein gestohlenes erneut benutzt, endet die ganze Sitzung, und du siehst es in deinen Aktivitäten.
home-card-quiet-title = Still angemeldet
home-card-quiet-text = Seiten erneuern die Sitzung vor dem Rendern, und offene Tabs erneuern sie gemeinsam, damit niemand versehentlich abgemeldet wird.

## Sign in
login-title = Anmelden
login-submit = Anmelden
login-pending = Anmeldung läuft …
login-passkey = Mit einem Passkey anmelden
login-provider = Weiter mit { $provider }
login-forgot = Passwort vergessen?
login-new-here = Neu hier?
login-create-account = Konto erstellen
resend-title = Bestätigungslink erneut senden
resend-email = E-Mail-Adresse des Kontos
resend-submit = Link erneut senden
notice-resent = Falls ein unbestätigtes Konto diese Adresse nutzt, ist ein neuer Link unterwegs.
notice-undone = Die Adressänderung wurde rückgängig gemacht: Die alte Adresse gilt wieder, dein neues Passwort ist gesetzt, alle Geräte wurden abgemeldet, und Passkeys, Authenticator-App und Wiederherstellungscodes wurden entfernt. Melde dich mit dem neuen Passwort an und füge dann deine eigenen wieder hinzu.
notice-reported-reset = Dieser Browser und alle anderen Geräte wurden abgemeldet, und dein neues Passwort ist gesetzt. Melde dich damit an.

## Create an account
register-title = Konto erstellen
register-password-hint = Mindestens 8 Zeichen. Ein paar Wörter, die nichts miteinander zu tun haben, ergeben ein starkes, einprägsames Passwort.
register-submit = Konto erstellen
register-pending = Dein Konto wird erstellt …
register-have-account = Du hast schon ein Konto?
notice-registered = Sieh in deinem Posteingang nach: Wir haben dir einen Link zur Bestätigung der Adresse geschickt. Es kann eine Minute dauern, bis er ankommt.

## Not found
not-found-title = Seite nicht gefunden
not-found-text = Unter dieser Adresse gibt es nichts.
not-found-back = Zurück zum Anfang

## Confirm it's you
reauth-title = Bestätige, dass du es bist
reauth-title-sentence = Bestätige, dass du es bist.
reauth-why = Deine Anmeldung liegt eine Weile zurück: Gib dein Passwort ein, um dies zu ändern.
reauth-why-passkeys = Deine Anmeldung liegt eine Weile zurück: Gib dein Passwort ein oder verwende einen Passkey, um dies zu ändern.
reauth-password = Dein Passwort
reauth-confirm-continue = Bestätigen und fortfahren
reauth-passkey = Passkey verwenden
reauth-form-text = Gib dein Passwort ein und nimm die Änderung dann noch einmal vor.
reauth-confirm = Bestätigen
