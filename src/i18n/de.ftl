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
reason-passkey_unreadable = Die Antwort des Browsers konnte nicht gelesen werden. Versuche es noch einmal.
reason-passkey_not_verified = Dieser Passkey konnte nicht geprüft werden. Versuche es noch einmal oder nimm dein Passwort.
reason-passkey_expired = Diese Passkey-Anfrage ist abgelaufen. Versuche es noch einmal.
reason-passkey_unknown = Dieser Passkey ist hier nicht registriert (vielleicht wurde er entfernt). Melde dich mit deinem Passwort an.
reason-no_such_passkey = Diesen Passkey gibt es nicht.
reason-passkey_name_empty = Gib dem Passkey einen Namen, etwa den des Geräts, auf dem er liegt.
reason-passkey_name_too_long = Ein Passkey-Name hat höchstens 64 Zeichen.
reason-passkey_name_control = Ein Passkey-Name darf keine Steuerzeichen enthalten.
reason-passkeys_busy = Gerade laufen zu viele Passkey-Anfragen. Versuche es in ein paar Minuten noch einmal.
reason-passkey_limit = Ein Konto hat höchstens 20 Passkeys. Entferne zuerst einen.
reason-passkey_add_refused = Der Passkey konnte nicht hinzugefügt werden: Die Antwort des Browsers ließ sich nicht prüfen. Versuche es noch einmal.
reason-passkey_exists = Dieser Passkey ist bereits registriert.
reason-no_passkey = Dieses Konto hat keinen Passkey.
reason-app_exists = Es ist bereits eine Authenticator-App eingerichtet. Entferne sie zuerst, um eine andere einzurichten.
reason-app_code_shape = Gib den 6-stelligen Code ein, den deine Authenticator-App jetzt anzeigt.
reason-app_code_wrong = Dieser Code stimmt nicht. Prüfe, ob die Uhr der App richtig geht, und versuche den Code, den sie jetzt anzeigt.
reason-app_setup_expired = Diese Einrichtung ist abgelaufen. Beginne neu, um einen neuen QR-Code zu erhalten.
reason-app_setup_changed = Diese Einrichtung hat sich inzwischen geändert (in einem anderen Tab?). Lade die Seite neu.
reason-no_app = Es ist keine Authenticator-App eingerichtet.
reason-codes_need_factor = Richte zuerst eine Authenticator-App oder einen Passkey ein: Wiederherstellungscodes vertreten sie.
reason-provider_not_linked = Dieser Anbieter ist nicht mit deinem Konto verknüpft.

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
passkey-device = Warte auf dein Gerät …
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

## The account page
account-title = Dein Konto
account-loading = Dein Konto wird geladen …
account-verified = Bestätigt
account-not-verified = Nicht bestätigt
account-member-since = Mitglied seit
account-confirmed = Danke. In den nächsten Minuten kannst du sicherheitsrelevante Änderungen vornehmen, ohne dich erneut zu bestätigen.
sign-out = Abmelden
codes-save-now = Speichere diese Wiederherstellungscodes jetzt.
codes-why = Sie werden nur dieses eine Mal angezeigt. Jeder meldet dich einmal an, falls du dein Telefon oder deinen Passkey verlierst; bewahre sie sicher auf.
codes-new = Neue Wiederherstellungscodes erstellen
codes-left = { $n } von 10 Wiederherstellungscodes übrig.
codes-each = Jeder lässt dich einmal hinein, falls dein Telefon verloren geht.
codes-no-script = Erledigt. Wiederherstellungscodes werden nur einmal angezeigt, vom Skript dieser Seite: Erstelle mit aktiviertem JavaScript neue, um sie zu sehen und zu speichern.
methods-title = Anmeldemethoden
methods-linked = Verknüpft: Du kannst dich jetzt mit diesem Anbieter anmelden.
methods-password-set = Festgelegt
methods-password-not-set = Nicht festgelegt. Wähle eines über „Passwort vergessen?“ auf der Anmeldeseite.
methods-passkeys = { $n ->
    [0] Keine
    [one] 1, unten aufgeführt
   *[other] { $n }, unten aufgeführt
}
methods-linked-at = verknüpft
methods-unlink = Trennen
methods-unlink-label = { $provider } trennen
methods-link = Verknüpfen
methods-link-label = { $provider } verknüpfen
methods-not-linked = Nicht verknüpft
devices-title = Angemeldete Geräte
devices-sign-out-others = Alle anderen Geräte abmelden
devices-sign-out-label = { $device } abmelden
devices-sign-out-this-label = { $device } abmelden (dieses Gerät)
devices-this = Dieses Gerät
devices-bound = Auf diesem Gerät geschützt
devices-bound-why = Diese Sitzung ist an einen Schlüssel gebunden, den der Browser aufbewahrt: Kopierte Cookies können sie nicht fortsetzen.
devices-signed-in = angemeldet am
devices-last-active = zuletzt aktiv
password-title = Passwort ändern
password-changed = Passwort geändert. Deine anderen Geräte wurden abgemeldet.
password-current = Aktuelles Passwort
password-new = Neues Passwort
email-title = E-Mail-Adresse ändern
email-changed = Deine E-Mail-Adresse wurde geändert. Die alte Adresse wurde informiert, mit einer Möglichkeit, es rückgängig zu machen.
email-new = Neue E-Mail-Adresse
email-submit = Bestätigungslink senden
notice-email-sent = Sieh im Posteingang der neuen Adresse nach: Die Änderung gilt, sobald du den Link öffnest, den wir dorthin geschickt haben.
delete-title = Konto löschen
delete-text = Damit werden dein Konto, alle angemeldeten Geräte und deine Aktivitäten entfernt. Das lässt sich nicht rückgängig machen.
delete-submit = Mein Konto löschen
activity-title = Sicherheitsaktivität
factors-title = Anmeldung in zwei Schritten
factors-on = An
factors-on-text = Die Anmeldung mit deinem Passwort fragt zusätzlich nach einem Code aus deiner Authenticator-App
factors-since = seit
factors-remove = Authenticator-App entfernen
factors-scan = Scanne diesen QR-Code mit einer Authenticator-App (etwa Google Authenticator, 1Password oder Aegis).
factors-qr = QR-Code des Schlüssels
factors-type-key = Oder gib diesen Schlüssel in die App ein:
factors-enter-code = Gib den 6-stelligen Code ein, den die App anzeigt, um sie einzuschalten.
factors-code = Code aus der App
factors-turn-on = Anmeldung in zwei Schritten einschalten
factors-why = Schütze dein Konto, selbst wenn jemand dein Passwort erfährt: Die Anmeldung fragt dann zusätzlich nach einem Code aus einer App auf deinem Telefon.
factors-passkeys-second-step = Deine Passkeys sind der zweite Schritt nach einem Passwort.
factors-set-up = Authenticator-App einrichten
passkeys-title = Passkeys
passkeys-text = Melde dich mit der Bildschirmsperre deines Geräts (Fingerabdruck, Gesicht oder PIN) statt mit einem Passwort an. Ein Passkey zählt als zwei Faktoren und dient auch als zweiter Schritt nach einem Passwort.
passkeys-need-script = Um einen Passkey hinzuzufügen, braucht es JavaScript und einen Browser, der Passkeys unterstützt.
passkeys-name = Name des neuen Passkeys
passkeys-name-example = z. B. Arbeitslaptop
passkeys-add = Passkey hinzufügen
passkeys-off = Passkeys sind auf diesem Server aus: Browser erlauben sie nur für eine Website, die über einen Hostnamen (etwa localhost) geöffnet wird, nicht über eine IP-Adresse wie 127.0.0.1. Öffne die Website über ihren Namen, mit KEYCARD_PUBLIC_URL auf diese Adresse gesetzt, um sie zu nutzen.
passkeys-none = Noch keine Passkeys.
passkeys-added = Hinzugefügt
passkeys-last-used = zuletzt benutzt
passkeys-never-used = nie benutzt
passkeys-new-name = Neuer Name
passkeys-rename = Umbenennen
passkeys-remove = Entfernen

## The security activity: one line per kind of event (their codes)
activity-account_created = Konto erstellt
activity-signed_in = Angemeldet
activity-sign_in_failed = Fehlgeschlagener Anmeldeversuch
activity-signed_out = Abgemeldet
activity-session_revoked = Gerät abgemeldet
activity-refresh_reuse_detected = Wiederverwendung eines alten Anmeldetokens erkannt; diese Sitzung wurde beendet
activity-password_changed = Passwort geändert
activity-sign_in_locked = Anmeldung von neuen Geräten nach wiederholten Fehlversuchen pausiert; deine angemeldeten Browser funktionieren weiter
activity-refresh_from_other_client = Ein gerade ersetztes Anmeldetoken wurde von einer anderen Adresse oder einem anderen Browser benutzt
activity-email_verified = E-Mail-Adresse bestätigt
activity-password_reset = Passwort per E-Mail-Link zurückgesetzt; alle Geräte wurden abgemeldet
activity-email_change_requested = Änderung der E-Mail-Adresse angefordert
activity-email_changed = E-Mail-Adresse geändert
activity-email_change_undone = Änderung der E-Mail-Adresse mit einem neuen Passwort rückgängig gemacht; alle Geräte wurden abgemeldet
activity-session_reported = Eine Anmeldung wurde als nicht deine gemeldet; dieser Browser wurde abgemeldet und gilt nicht mehr als vertrauenswürdig
activity-locked_by_admin = Konto von einem Administrator gesperrt; alle Geräte wurden abgemeldet
activity-unlocked_by_admin = Konto von einem Administrator entsperrt
activity-signed_out_by_admin = Von einem Administrator überall abgemeldet
activity-verified_by_admin = E-Mail-Adresse von einem Administrator bestätigt
activity-limits_cleared_by_admin = Fehlgeschlagene Anmeldeversuche von einem Administrator zurückgesetzt
activity-reauthenticated = Vor einer sicherheitsrelevanten Änderung bestätigt, dass du es bist (Passwort oder Passkey)
activity-totp_enabled = Authenticator-App als zweiter Faktor hinzugefügt
activity-totp_disabled = Authenticator-App entfernt
activity-recovery_codes_generated = Neue Wiederherstellungscodes erstellt; die alten gelten nicht mehr
activity-recovery_code_used = Ein Wiederherstellungscode wurde zur Anmeldung benutzt
activity-recovery_codes_removed = Wiederherstellungscodes entfernt
activity-second_factor_guessed = Viele falsche Codes im zweiten Schritt nach dem richtigen Passwort: Jemand könnte dein Passwort kennen
activity-second_factor_failed = Falscher Code im zweiten Schritt bei der Anmeldung (das Passwort stimmte)
activity-second_factor_removed_by_admin = Zweite Faktoren (Authenticator-App, Passkeys, Wiederherstellungscodes) von einem Administrator entfernt; alle Geräte wurden abgemeldet
activity-passkey_added = Passkey hinzugefügt
activity-passkey_removed = Passkey entfernt
activity-identity_linked = Anmeldung über einen anderen Anbieter verknüpft
activity-identity_unlinked = Anmeldung über einen anderen Anbieter getrennt
activity-session_bound = Die Sitzung dieses Browsers wurde an einen Schlüssel gebunden, den er aufbewahrt: Kopierte Cookies können sie nicht fortsetzen
activity-copied_cookie_refused = Kopierte Anmelde-Cookies wurden abgewiesen: Diese Sitzung läuft nur in dem Browser weiter, der ihren Schlüssel hat
activity-unknown = Sicherheitsereignis
activity-by-admin = Ein Administrator

## Devices
device-unknown = Unbekanntes Gerät
browser-unknown = Unbekannter Browser
device-browser-on = { $browser } unter { $system }

## Durations (how long a link works)
duration-minutes = { $n ->
    [one] { $n } Minute
   *[other] { $n } Minuten
}
duration-hours = { $n ->
    [one] { $n } Stunde
   *[other] { $n } Stunden
}
duration-days = { $n ->
    [one] { $n } Tag
   *[other] { $n } Tage
}

## Mails, in the recipient's language
mail-or-open = Oder öffne diese Adresse:
mail-from = Die Anfrage kam von { $device } (IP-Adresse { $ip }).
mail-last-attempt = Der letzte Versuch kam von { $device } (IP-Adresse { $ip }).
mail-choose-password = Neues Passwort wählen
mail-sign-in = Anmelden
mail-verify-subject = Bestätige deine E-Mail-Adresse
mail-verify-created = Jemand (hoffentlich du) hat mit dieser Adresse ein keycard-Konto erstellt.
mail-verify-confirm = Bestätige die Adresse, um das Konto zu nutzen. Der Link funktioniert einmal und ist { $valid_for } lang gültig.
mail-verify-action = Meine Adresse bestätigen
mail-verify-not-you = Falls du dieses Konto nicht erstellt hast, ignoriere diese E-Mail: Ohne die Bestätigung kann niemand es nutzen.
mail-already-registered-subject = Jemand wollte sich mit deiner Adresse registrieren
mail-already-registered-text = Jemand wollte mit dieser Adresse, die schon ein Konto hat, ein keycard-Konto erstellen. Es wurde kein neues Konto angelegt, und an deinem hat sich nichts geändert.
mail-already-registered-forgot = Falls du es warst und dein Passwort vergessen hast, kannst du ein neues wählen.
mail-already-registered-not-you = Falls du es nicht warst, ist nichts zu tun: Dein Konto ist sicher.
mail-reset-subject = Neues Passwort wählen
mail-reset-asked = Jemand hat darum gebeten, das Passwort deines keycard-Kontos zurückzusetzen.
mail-reset-link = Der Link funktioniert einmal, { $valid_for } lang, in jedem Browser. Ein neues Passwort meldet alle Geräte ab.
mail-reset-not-you = Falls du das nicht angefordert hast, ignoriere diese E-Mail: Dein Passwort bleibt, wie es ist.
mail-password-changed-subject = Dein Passwort wurde geändert
mail-password-changed-text = Das Passwort deines keycard-Kontos wurde gerade geändert, und deine anderen Geräte wurden abgemeldet.
mail-password-changed-action = Das war ich nicht: neues Passwort wählen
mail-password-changed-not-you = Falls du es nicht warst, wähle sofort ein neues Passwort: Das meldet ab, wer es geändert hat.
mail-factor-subject = Der Anmeldeschutz deines Kontos hat sich geändert
mail-factor-app-added = Deinem keycard-Konto wurde eine Authenticator-App als zweiter Faktor hinzugefügt.
mail-factor-app-removed = Die Authenticator-App wurde von deinem keycard-Konto entfernt.
mail-factor-codes-renewed = Für dein keycard-Konto wurden neue Wiederherstellungscodes erstellt (die alten gelten nicht mehr).
mail-factor-passkey-added = Deinem keycard-Konto wurde ein Passkey { $name } hinzugefügt.
mail-factor-passkey-removed = Ein Passkey { $name } wurde von deinem keycard-Konto entfernt.
mail-factor-provider-linked = Die Anmeldung mit { $name } wurde mit deinem keycard-Konto verknüpft.
mail-factor-provider-unlinked = Die Anmeldung mit { $name } wurde von deinem keycard-Konto getrennt.
mail-factor-action = Dein Konto prüfen
mail-factor-not-you = Falls du es nicht warst, ist jemand bei deinem Konto angemeldet: Melde dich an, melde alle anderen Geräte ab und wähle ein neues Passwort.
mail-new-address-subject = Bestätige deine neue E-Mail-Adresse
mail-new-address-asked = Jemand möchte diese Adresse für sein keycard-Konto verwenden.
mail-new-address-confirm = Bestätige, um sie zur Adresse des Kontos zu machen. Der Link funktioniert einmal und ist { $valid_for } lang gültig.
mail-new-address-action = Diese Adresse verwenden
mail-new-address-not-you = Falls du das nicht angefordert hast, ignoriere diese E-Mail, und es ändert sich nichts.
mail-address-changed-subject = Deine E-Mail-Adresse wurde geändert
mail-address-changed-text = Die Adresse deines keycard-Kontos wurde von dieser auf { $address } geändert.
mail-address-changed-undo = Falls du das nicht warst, mach es innerhalb der nächsten { $valid_for } rückgängig: Das Konto erhält diese Adresse zurück, und alle Geräte werden abgemeldet.
mail-address-changed-action = Änderung rückgängig machen
mail-address-in-use-subject = Jemand wollte deine Adresse verwenden
mail-address-in-use-text = Jemand wollte ein anderes keycard-Konto auf diese Adresse umstellen. Sie gehört bereits zu deinem Konto, daher hat sich nichts geändert.
mail-address-in-use-not-you = Es ist nichts zu tun; dein Konto ist unverändert.
mail-removed-passkey = - der Passkey { $name }
mail-removed-app = - die Authenticator-App
mail-removed-codes = { $n ->
    [one] - { $n } unbenutzter Wiederherstellungscode
   *[other] - { $n } unbenutzte Wiederherstellungscodes
}
mail-undone-subject = Dein Konto hat wieder diese Adresse
mail-undone-text = Die Adressänderung deines keycard-Kontos wurde rückgängig gemacht: Diese Adresse gilt wieder, das neue Passwort, das du gewählt hast, ist gesetzt, und alle Geräte wurden abgemeldet.
mail-undone-nothing = Das Konto hatte keine Passkeys, keine Authenticator-App und keine Wiederherstellungscodes.
mail-undone-removed = Wer die Adresse geändert hat, könnte Wege zur Anmeldung hinzugefügt haben, deshalb wurde dies entfernt:
    { $list }
mail-undone-add-again = Melde dich an und füge deine eigenen Passkeys oder deine Authenticator-App wieder hinzu.
mail-guessed-subject = Jemand kennt dein Passwort
mail-guessed-text = Jemand hat das richtige Passwort deines keycard-Kontos eingegeben und danach mehrere falsche Codes im zweiten Schritt. Dein zweiter Schritt hat ihn ausgesperrt, aber er kennt dein Passwort.
mail-guessed-blocked = Nach so vielen falschen Codes wird der zweite Schritt abgelehnt, bis das Passwort zurückgesetzt ist.
mail-guessed-not-you = Falls die Versuche von dir waren, kannst du dich mit einem neuen Passwort wieder anmelden; andernfalls sperrt es die anderen aus.
mail-new-sign-in-subject = Neue Anmeldung bei deinem Konto
mail-new-sign-in-text = Jemand hat sich bei deinem keycard-Konto von { $device } (IP-Adresse { $ip }) angemeldet, von wo es bisher nicht benutzt wurde.
mail-new-sign-in-if-you = Falls du das warst, ist nichts zu tun.
mail-new-sign-in-action = Das war ich nicht
mail-new-sign-in-not-you = Falls du es nicht warst, nutze den Link: Er meldet dieses Gerät ab, danach kannst du ein neues Passwort wählen.
mail-locked-subject = Die Anmeldung bei deinem Konto wurde pausiert
mail-locked-text = Es gab viele fehlgeschlagene Versuche, dich bei deinem keycard-Konto anzumelden, daher ist die Anmeldung von neuen Geräten eine Weile pausiert. Browser, mit denen du dich früher angemeldet hast, funktionieren weiter.
mail-locked-not-you = Falls die Versuche nicht von dir waren, versucht vielleicht jemand, dein Passwort zu erraten: Ein neues, langes hält ihn fern.
mail-reuse-subject = Eine deiner Sitzungen wurde zu deiner Sicherheit beendet
mail-reuse-text = Ein altes Anmeldetoken deines keycard-Kontos wurde erneut benutzt, was passiert, wenn ein Token gestohlen und wiederverwendet wird. Wir haben diese Sitzung beendet.
mail-reuse-from = Das Token kam von { $device } (IP-Adresse { $ip }).
mail-reuse-not-you = Falls du das nicht erkennst, wähle ein neues Passwort: Das meldet alle Geräte ab.
mail-copied-subject = Jemand wollte eine Kopie deiner Anmeldung benutzen
mail-copied-text = Die Anmelde-Cookies einer deiner keycard-Sitzungen wurden ohne den Schlüssel benutzt, den nur dein eigener Browser hat. Das passiert, wenn die Cookies von diesem Gerät kopiert wurden, etwa durch Schadsoftware. Wir haben sie abgewiesen: Die Sitzung funktioniert weiterhin nur auf deinem Gerät.
mail-copied-from = Die Kopie wurde von { $device } (IP-Adresse { $ip }) benutzt.
mail-copied-action = Deine Geräte prüfen
mail-copied-not-you = Prüfe dieses Gerät auf Schadsoftware, melde es dann auf deiner Kontoseite ab und wähle ein neues Passwort.

## The pages of the links in mails
link-dead = Dieser Link ist abgelaufen oder wurde schon benutzt.
link-checking = Der Link wird geprüft …
link-ask-new = Einen neuen Link anfordern
link-go-home = Zu keycard
notice-reset-sent = Falls ein Konto diese Adresse nutzt, ist ein Link zum Wählen eines neuen Passworts unterwegs.
notice-reported = Dieser Browser wurde abgemeldet. Falls jemand anderes dein Passwort kennt, wähle jetzt ein neues.
forgot-text = Gib die Adresse deines Kontos ein: Wir schicken ihr einen Link, mit dem du ein neues Passwort wählst.
forgot-submit = Link senden
forgot-back = Zurück zur Anmeldung
reset-title = Neues Passwort wählen
reset-text = Ein neues Passwort meldet alle Geräte ab und meldet dann dieses an.
reset-submit = Neues Passwort festlegen
verify-title-short = Adresse bestätigen
verify-title = Bestätige deine E-Mail-Adresse
verify-needs-password = Dieser Browser hat das Konto nicht erstellt, daher wählst du sein Passwort hier: Das bei der Erstellung angegebene gilt nicht mehr. Damit wirst du angemeldet.
verify-text = Bestätige die Adresse, um dein Konto zu nutzen; damit wirst du angemeldet.
verify-submit = Meine Adresse bestätigen
confirm-title = Bestätigen
confirm-password-optional = Neues Passwort (optional)
confirm-change-title = Diese Adresse verwenden
confirm-change-question = { $address } zur Adresse deines Kontos machen?
confirm-change-button = Diese Adresse verwenden
confirm-undo-title = Adressänderung rückgängig machen
confirm-undo-question = Dem Konto seine Adresse { $address } zurückgeben? Wähle ein neues Passwort: Alle Geräte werden abgemeldet, und alle Passkeys, die Authenticator-App und die Wiederherstellungscodes werden entfernt, da sie hinzugefügt haben könnte, wer die Adresse geändert hat.
confirm-undo-button = Änderung rückgängig machen
confirm-not-me-title = Diesen Browser abmelden
confirm-not-me-question = Den Browser, um den es in der Warnung ging, und jede Anmeldung, die er seitdem vorgenommen hat, abmelden? Falls jemand anderes dein Passwort kennt, wähle unten auch ein neues: Das meldet alle Geräte ab.
confirm-not-me-button = Das war ich nicht: abmelden

## The second step of a sign-in
second-step-title = Noch ein Schritt
second-step-text = Öffne deine Authenticator-App und gib den 6-stelligen Code ein, den sie für keycard anzeigt, oder verwende einen deiner Passkeys.
second-step-code = Code
second-step-sign-in-again = Erneut anmelden
second-step-pending = Wird geprüft …
second-step-submit = Weiter
second-step-recovery = Kein Telefon zur Hand? Gib einen der Wiederherstellungscodes ein, die du beim Einrichten der App gespeichert hast; jeder funktioniert einmal.

## The example page
example-title = Deine eigene Seite
example-loading = Wird geladen …
example-greeting = Hallo, { $email }! Diese Seite gehört nur dir.

## The development mailbox (/dev/mail)
dev-mail-title = Entwicklungs-Postfach
dev-mail-text = E-Mails, die keycard gesendet hätte (KEYCARD_SMTP_URL ist nicht gesetzt), neueste zuerst.
dev-mail-empty = Noch keine E-Mails.
dev-mail-to = An
dev-mail-sent = gesendet

## Every page's description, and the page for when the database is away
meta-description = keycard: Konto erstellen, mit einem Passwort anmelden und die eigenen Geräte und Sicherheitsaktivitäten sehen und verwalten.
unavailable-title = Vorübergehend nicht verfügbar
unavailable-heading = keycard ist vorübergehend nicht verfügbar
unavailable-text = Wir erreichen unsere Datenbank gerade nicht. Deine Sitzung ist sicher; bitte versuche es gleich noch einmal.
