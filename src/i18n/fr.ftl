# keycard en français.

## Around every page
skip-to-content = Aller au contenu
nav-label = Navigation principale
nav-signed-in = Connecté
nav-account = Compte
nav-sign-in = Se connecter
nav-create-account = Créer un compte
footer-about = keycard — mots de passe argon2id, jetons d’accès EdDSA de courte durée, jetons de renouvellement tournants dans des cookies HttpOnly.
footer-keys = Clés publiques de signature (JWKS)
footer-language = Langue
footer-language-change = Changer

## Durations
wait-seconds = { $n ->
    [one] { $n } seconde
   *[other] { $n } secondes
}

## Why a form was refused (the codes of crate::auth::Reason)
reason-email_empty = Saisissez votre adresse e-mail.
reason-email_too_long = Cette adresse e-mail est trop longue.
reason-email_no_at = Une adresse e-mail contient un @, comme nom@example.com.
reason-email_shape = Cela ne ressemble pas à une adresse e-mail, comme nom@example.com.
reason-email_spaces = Une adresse e-mail ne peut pas contenir d’espaces.
reason-password_empty = Saisissez votre mot de passe.
reason-password_too_long = Un mot de passe peut compter au plus 1024 octets.
reason-password_too_short = Utilisez au moins 8 caractères.
reason-password_like_email = Choisissez un mot de passe qui ne repose pas sur votre adresse e-mail.
reason-password_weak = Ce mot de passe est trop facile à deviner. Essayez une phrase plus longue faite de mots sans rapport entre eux.
reason-bad_credentials = Cette adresse e-mail et ce mot de passe ne correspondent à aucun compte. Si vous venez de le créer, ouvrez d’abord le lien que nous vous avons envoyé.
reason-wrong_password = Ce mot de passe n’est pas correct.
reason-busy = Le serveur est occupé pour le moment. Réessayez dans un instant.
reason-password_changed = Votre mot de passe a été changé entre-temps. Reconnectez-vous avec le nouveau.
reason-no_such_device = Aucun appareil connecté ne correspond.
reason-link_invalid = Ce lien a expiré ou a déjà été utilisé. Demandez-en un nouveau.
reason-unverified = Confirmez d’abord votre adresse e-mail : ouvrez le lien que nous vous avons envoyé, ou demandez-en un nouveau.
reason-same_address = C’est déjà votre adresse.
reason-address_taken = Cette adresse appartient désormais à un autre compte ; rien n’a été modifié.
reason-token_missing = Ce lien est incomplet. Ouvrez-le de nouveau depuis l’e-mail, ou demandez-en un nouveau.
reason-account_locked = Ce compte est verrouillé. Contactez les responsables de ce site pour le déverrouiller.
reason-second_step_expired = Cette connexion a expiré. Saisissez de nouveau votre adresse e-mail et votre mot de passe.
reason-code_empty = Saisissez le code à 6 chiffres de votre application d’authentification.
reason-code_shape = Saisissez les 6 chiffres de votre application d’authentification, ou l’un de vos codes de récupération.
reason-code_wrong = Ce code n’est pas bon, ou a déjà été utilisé. Essayez le code que votre application affiche maintenant.
reason-second_step_blocked = Trop de codes erronés ont été saisis pour ce compte depuis sa dernière connexion. Choisissez un nouveau mot de passe (« Mot de passe oublié ? ») pour vous reconnecter.
reason-choose_password = Choisissez un mot de passe pour votre compte.
reason-passkeys_unavailable = Les clés d’accès ne sont pas disponibles à cette adresse. Le site doit être ouvert par un nom d’hôte, comme localhost.
reason-provider_unavailable = Ce fournisseur est injoignable pour le moment. Connectez-vous autrement, ou réessayez dans un instant.
reason-provider_refused = La connexion avec ce fournisseur n’a pas abouti. Recommencez-la.
reason-provider_unverified = Ce fournisseur n’a pas confirmé votre adresse e-mail, aucun compte n’a donc été créé avec lui. Confirmez l’adresse chez lui, ou inscrivez-vous avec un mot de passe.
reason-provider_domain = Les adresses de ce domaine ne peuvent pas se connecter ici avec ce fournisseur.
reason-provider_account_exists = Un compte existe déjà avec cette adresse e-mail. Connectez-vous-y avec son mot de passe ou sa clé d’accès, puis liez le fournisseur depuis la page de votre compte.
reason-identity_taken = Ce compte chez le fournisseur est lié à un autre compte ici.
reason-last_sign_in_method = C’est le dernier moyen de vous connecter à votre compte. Définissez d’abord un mot de passe (via « Mot de passe oublié ? ») ou ajoutez une clé d’accès.
reason-session_bound = Cette session est protégée par l’appareil sur lequel elle a été ouverte, et seul ce navigateur peut la prolonger. Veuillez vous connecter.
reason-proof_refused = La preuve du navigateur pour cette session n’a pas pu être vérifiée.
reason-passkey_unreadable = La réponse du navigateur n’a pas pu être lue. Réessayez.
reason-passkey_not_verified = Cette clé d’accès n’a pas pu être vérifiée. Réessayez, ou utilisez votre mot de passe.
reason-passkey_expired = Cette demande de clé d’accès a expiré. Réessayez.
reason-passkey_unknown = Cette clé d’accès n’est pas enregistrée ici (elle a peut-être été supprimée). Connectez-vous avec votre mot de passe.
reason-no_such_passkey = Cette clé d’accès n’existe pas.
reason-passkey_name_empty = Donnez un nom à la clé d’accès, par exemple celui de l’appareil qui la détient.
reason-passkey_name_too_long = Le nom d’une clé d’accès compte au plus 64 caractères.
reason-passkey_name_control = Le nom d’une clé d’accès ne peut pas contenir de caractères de contrôle.
reason-passkeys_busy = Trop de demandes de clé d’accès sont en cours. Réessayez dans quelques minutes.
reason-passkey_limit = Un compte détient au plus 20 clés d’accès. Supprimez-en une d’abord.
reason-passkey_add_refused = La clé d’accès n’a pas pu être ajoutée : la réponse du navigateur n’a pas pu être vérifiée. Réessayez.
reason-passkey_exists = Cette clé d’accès est déjà enregistrée.
reason-no_passkey = Ce compte n’a aucune clé d’accès.
reason-app_exists = Une application d’authentification est déjà configurée. Retirez-la d’abord pour en configurer une autre.
reason-app_code_shape = Saisissez le code à 6 chiffres que votre application d’authentification affiche maintenant.
reason-app_code_wrong = Ce code n’est pas bon. Vérifiez que l’horloge de l’application est juste et essayez le code qu’elle affiche maintenant.
reason-app_setup_expired = Cette configuration a expiré. Recommencez pour obtenir un nouveau code QR.
reason-app_setup_changed = Cette configuration a changé entre-temps (dans un autre onglet ?). Rechargez la page.
reason-no_app = Aucune application d’authentification n’est configurée.
reason-codes_need_factor = Configurez d’abord une application d’authentification ou une clé d’accès : les codes de récupération les remplacent.
reason-provider_not_linked = Ce fournisseur n’est pas lié à votre compte.

## What a limit counts: "Too many { $what }. Try again in { $wait }."
limit-signin_limited = de tentatives de connexion échouées
limit-signin_busy = de tentatives de connexion simultanées
limit-register_limited = de nouveaux comptes depuis cet endroit
limit-requests_limited = de requêtes depuis cet endroit
too-many = Trop { $what }. Réessayez dans { $wait }.

## Refusals no reason says more about
error-invalid = Vérifiez ce que vous avez saisi et réessayez.
error-unauthorized = Vous n’êtes pas connecté, ou votre session a pris fin.
error-forbidden = Ce n’est pas permis.
error-taken = Cela existe déjà.
error-too_large = La requête est trop volumineuse.
error-limited = Trop de tentatives. Patientez un peu, puis réessayez.
error-unavailable = Le service est temporairement indisponible. Réessayez sous peu.
error-internal = Un problème est survenu de notre côté. Réessayez.
error-reauth_required = Pour votre sécurité, confirmez votre identité avant de faire cette modification.
error-second_factor_required = Saisissez le code de votre application d’authentification pour terminer la connexion.

## How a session ended, on the sign-in page
session-end-revoked = Cet appareil a été déconnecté depuis un autre appareil.
session-end-signed_out = Vous êtes déconnecté.
session-end-administrator = Cet appareil a été déconnecté par les responsables de ce site.
session-end-expired = Votre session a pris fin. Veuillez vous reconnecter.

## Shared words
or = ou
cancel = Annuler
field-email = E-mail
field-password = Mot de passe
password-show = Afficher
password-hide = Masquer

## What the page's script writes itself
client-offline = Impossible de joindre le serveur. Vérifiez votre connexion.
client-failed = Un problème est survenu. Réessayez.
passkey-waiting = En attente de votre clé d’accès…
passkey-device = En attente de votre appareil…
passkey-cancelled = La demande de clé d’accès a été annulée ou a expiré. Réessayez.
passkey-exists = Cet appareil détient déjà une clé d’accès pour ce compte.
passkey-refused = Ce navigateur refuse les clés d’accès pour l’adresse de ce site.
passkey-failed = Ce navigateur n’a pas pu utiliser de clé d’accès. Réessayez, ou utilisez votre mot de passe.

## Home
home-title = Une connexion qui ne gêne pas
home-eyebrow = Authentification pour les applications web en Rust
home-heading = Connectez-vous une fois. Restez connecté. Restez en sécurité.
home-lead = keycard vous garde connecté d’un onglet à l’autre et après un redémarrage, sans jamais confier de jeton à JavaScript : jetons d’accès de courte durée, jetons de renouvellement tournants, et un client qui les renouvelle discrètement avant leur expiration.
home-go-to-account = Aller à votre compte
home-signed-in-as = Connecté en tant que
home-features = Ce que fait keycard
home-card-passwords-title = Des mots de passe bien traités
home-card-passwords-text = argon2id au coût recommandé par l’OWASP, vérifiés par un estimateur de robustesse, jamais tronqués, et re-hachés quand le coût augmente.
home-card-tokens-title = Des jetons que JavaScript ne voit jamais
home-card-tokens-text = Un jeton d’accès EdDSA de 15 minutes et un jeton de renouvellement tournant, tous deux dans des cookies HttpOnly et SameSite.
home-card-replays-title = Les rejeux détectés
home-card-replays-text = Chaque jeton de renouvellement ne sert qu’une fois. Un jeton volé et réutilisé met fin à toute la session, et vous le voyez dans votre activité.
home-card-quiet-title = Connecté en toute discrétion
home-card-quiet-text = Les pages renouvellent la session avant l’affichage, et les onglets ouverts la renouvellent ensemble : personne n’est déconnecté par accident.

## Sign in
login-title = Connexion
login-submit = Se connecter
login-pending = Connexion…
login-passkey = Se connecter avec une clé d’accès
login-provider = Continuer avec { $provider }
login-forgot = Mot de passe oublié ?
login-new-here = Nouveau ici ?
login-create-account = Créer un compte
resend-title = Renvoyer le lien de confirmation
resend-email = E-mail du compte
resend-submit = Renvoyer le lien
notice-resent = Si un compte non confirmé utilise cette adresse, un nouveau lien est en route.
notice-undone = Le changement d’adresse a été annulé : l’ancienne adresse est rétablie, votre nouveau mot de passe est défini, tous les appareils ont été déconnectés, et les clés d’accès, l’application d’authentification et les codes de récupération ont été supprimés. Connectez-vous avec le nouveau mot de passe, puis ajoutez de nouveau les vôtres.
notice-reported-reset = Ce navigateur et tous les autres appareils ont été déconnectés, et votre nouveau mot de passe est défini. Connectez-vous avec celui-ci.

## Create an account
register-title = Créer un compte
register-password-hint = Au moins 8 caractères. Quelques mots sans rapport entre eux font un mot de passe solide et facile à retenir.
register-submit = Créer le compte
register-pending = Création de votre compte…
register-have-account = Vous avez déjà un compte ?
notice-registered = Consultez votre boîte de réception : nous avons envoyé un lien pour confirmer l’adresse. Il peut mettre une minute à arriver.

## Not found
not-found-title = Page introuvable
not-found-text = Il n’y a rien à cette adresse.
not-found-back = Retour à l’accueil

## Confirm it's you
reauth-title = Confirmez votre identité
reauth-title-sentence = Confirmez votre identité.
reauth-why = Votre connexion date un peu : saisissez votre mot de passe pour faire cette modification.
reauth-why-passkeys = Votre connexion date un peu : saisissez votre mot de passe, ou utilisez une clé d’accès, pour faire cette modification.
reauth-password = Votre mot de passe
reauth-confirm-continue = Confirmer et continuer
reauth-passkey = Utiliser une clé d’accès
reauth-form-text = Saisissez votre mot de passe, puis refaites la modification.
reauth-confirm = Confirmer

## The account page
account-title = Votre compte
account-loading = Chargement de votre compte…
account-verified = Confirmée
account-not-verified = Non confirmée
account-member-since = Membre depuis
account-confirmed = Merci. Pendant les prochaines minutes, vous pouvez faire des modifications sensibles sans confirmer de nouveau.
sign-out = Se déconnecter
codes-save-now = Enregistrez ces codes de récupération maintenant.
codes-why = Ils ne sont affichés que cette fois. Chacun vous connecte une fois si vous perdez votre téléphone ou votre clé d’accès ; gardez-les en lieu sûr.
codes-new = Créer de nouveaux codes de récupération
codes-left = { $n ->
    [one] Il reste { $n } code de récupération sur 10.
   *[other] Il reste { $n } codes de récupération sur 10.
}
codes-each = Chacun vous permet d’entrer une fois si vous perdez votre téléphone.
codes-no-script = C’est fait. Les codes de récupération ne s’affichent qu’une fois, par le script de cette page : avec JavaScript activé, créez-en de nouveaux pour les voir et les enregistrer.
methods-title = Moyens de connexion
methods-linked = Lié : vous pouvez maintenant vous connecter avec ce fournisseur.
methods-password-set = Défini
methods-password-not-set = Non défini. Choisissez-en un avec « Mot de passe oublié ? » sur la page de connexion.
methods-passkeys = { $n ->
    [0] Aucune
    [one] 1, listée ci-dessous
   *[other] { $n }, listées ci-dessous
}
methods-linked-at = lié
methods-unlink = Délier
methods-unlink-label = Délier { $provider }
methods-link = Lier
methods-link-label = Lier { $provider }
methods-not-linked = Non lié
devices-title = Appareils connectés
devices-sign-out-others = Déconnecter tous les autres appareils
devices-sign-out-label = Déconnecter { $device }
devices-sign-out-this-label = Déconnecter { $device } (cet appareil)
devices-this = Cet appareil
devices-bound = Protégé sur cet appareil
devices-bound-why = Cette session est liée à une clé que conserve le navigateur : des cookies copiés ne peuvent pas la poursuivre.
devices-signed-in = connecté le
devices-last-active = dernière activité
password-title = Changer de mot de passe
password-changed = Mot de passe changé. Vos autres appareils ont été déconnectés.
password-current = Mot de passe actuel
password-new = Nouveau mot de passe
email-title = Changer d’adresse e-mail
email-changed = Votre adresse e-mail a été changée. L’ancienne adresse a été prévenue, avec un moyen d’annuler.
email-new = Nouvelle adresse e-mail
email-submit = Envoyer un lien de confirmation
notice-email-sent = Consultez la boîte de réception de la nouvelle adresse : le changement prend effet dès que vous ouvrez le lien que nous y avons envoyé.
delete-title = Supprimer le compte
delete-text = Cela supprime votre compte, tous les appareils connectés et votre activité. C’est irréversible.
delete-submit = Supprimer mon compte
activity-title = Activité de sécurité
factors-title = Connexion en deux étapes
factors-on = Activée
factors-on-text = La connexion par mot de passe demande aussi un code de votre application d’authentification
factors-since = depuis le
factors-remove = Retirer l’application d’authentification
factors-scan = Scannez ce code QR avec une application d’authentification (comme Google Authenticator, 1Password ou Aegis).
factors-qr = Code QR de la clé
factors-type-key = Ou saisissez cette clé dans l’application :
factors-enter-code = Saisissez le code à 6 chiffres affiché par l’application pour l’activer.
factors-code = Code de l’application
factors-turn-on = Activer la connexion en deux étapes
factors-why = Protégez votre compte même si quelqu’un apprend votre mot de passe : la connexion demandera aussi un code d’une application sur votre téléphone.
factors-passkeys-second-step = Vos clés d’accès servent de seconde étape après un mot de passe.
factors-set-up = Configurer une application d’authentification
passkeys-title = Clés d’accès
passkeys-text = Connectez-vous avec le verrouillage d’écran de votre appareil (empreinte, visage ou code) au lieu d’un mot de passe. Une clé d’accès compte pour deux facteurs, et sert aussi de seconde étape après un mot de passe.
passkeys-need-script = Ajouter une clé d’accès nécessite JavaScript et un navigateur qui prend en charge les clés d’accès.
passkeys-name = Nom de la nouvelle clé d’accès
passkeys-name-example = p. ex. Portable du travail
passkeys-add = Ajouter une clé d’accès
passkeys-off = Les clés d’accès sont désactivées sur ce serveur : les navigateurs ne les autorisent que pour un site ouvert par un nom d’hôte (comme localhost), pas par une adresse IP comme 127.0.0.1. Ouvrez le site par son nom, avec KEYCARD_PUBLIC_URL réglé sur cette adresse, pour les utiliser.
passkeys-none = Aucune clé d’accès pour l’instant.
passkeys-added = Ajoutée le
passkeys-last-used = dernière utilisation
passkeys-never-used = jamais utilisée
passkeys-new-name = Nouveau nom
passkeys-rename = Renommer
passkeys-remove = Supprimer

## The security activity: one line per kind of event (their codes)
activity-account_created = Compte créé
activity-signed_in = Connexion
activity-sign_in_failed = Tentative de connexion échouée
activity-signed_out = Déconnexion
activity-session_revoked = Appareil déconnecté
activity-refresh_reuse_detected = Réutilisation d’un ancien jeton de connexion détectée ; cette session a pris fin
activity-password_changed = Mot de passe changé
activity-sign_in_locked = Connexion depuis de nouveaux appareils suspendue après des échecs répétés ; vos navigateurs connectés fonctionnent toujours
activity-refresh_from_other_client = Un jeton de connexion tout juste remplacé a été utilisé depuis une autre adresse ou un autre navigateur
activity-email_verified = Adresse e-mail confirmée
activity-password_reset = Mot de passe réinitialisé par un lien envoyé par e-mail ; tous les appareils ont été déconnectés
activity-email_change_requested = Changement d’adresse e-mail demandé
activity-email_changed = Adresse e-mail changée
activity-email_change_undone = Changement d’adresse e-mail annulé avec un nouveau mot de passe ; tous les appareils ont été déconnectés
activity-session_reported = Une connexion a été signalée comme n’étant pas la vôtre ; ce navigateur a été déconnecté et n’est plus considéré comme fiable
activity-locked_by_admin = Compte verrouillé par un administrateur ; tous les appareils ont été déconnectés
activity-unlocked_by_admin = Compte déverrouillé par un administrateur
activity-signed_out_by_admin = Déconnecté partout par un administrateur
activity-verified_by_admin = Adresse e-mail confirmée par un administrateur
activity-limits_cleared_by_admin = Tentatives de connexion échouées effacées par un administrateur
activity-reauthenticated = Identité confirmée (mot de passe ou clé d’accès) avant une modification sensible
activity-totp_enabled = Application d’authentification ajoutée comme second facteur
activity-totp_disabled = Application d’authentification retirée
activity-recovery_codes_generated = Nouveaux codes de récupération créés ; les anciens ne fonctionnent plus
activity-recovery_code_used = Un code de récupération a servi à se connecter
activity-recovery_codes_removed = Codes de récupération supprimés
activity-second_factor_guessed = Beaucoup de codes erronés à la seconde étape après le bon mot de passe : quelqu’un connaît peut-être votre mot de passe
activity-second_factor_failed = Code de second facteur erroné à la connexion (le mot de passe était bon)
activity-second_factor_removed_by_admin = Seconds facteurs (application d’authentification, clés d’accès, codes de récupération) supprimés par un administrateur ; tous les appareils ont été déconnectés
activity-passkey_added = Clé d’accès ajoutée
activity-passkey_removed = Clé d’accès supprimée
activity-identity_linked = Connexion avec un autre fournisseur liée
activity-identity_unlinked = Connexion avec un autre fournisseur déliée
activity-session_bound = La session de ce navigateur a été liée à une clé qu’il conserve : des cookies copiés ne peuvent pas la poursuivre
activity-copied_cookie_refused = Des cookies de connexion copiés ont été refusés : cette session ne continue que dans le navigateur qui détient sa clé
activity-unknown = Événement de sécurité
activity-by-admin = Un administrateur

## Devices
device-unknown = Appareil inconnu
browser-unknown = Navigateur inconnu
device-browser-on = { $browser } sous { $system }

## Durations (how long a link works)
duration-minutes = { $n ->
    [one] { $n } minute
   *[other] { $n } minutes
}
duration-hours = { $n ->
    [one] { $n } heure
   *[other] { $n } heures
}
duration-days = { $n ->
    [one] { $n } jour
   *[other] { $n } jours
}

## Mails, in the recipient's language
mail-or-open = Ou ouvrez cette adresse :
mail-from = La demande venait de { $device }, à l’adresse { $ip }.
mail-last-attempt = La dernière tentative venait de { $device }, à l’adresse { $ip }.
mail-choose-password = Choisir un nouveau mot de passe
mail-sign-in = Se connecter
mail-verify-subject = Confirmez votre adresse e-mail
mail-verify-created = Quelqu’un (vous, nous l’espérons) a créé un compte keycard avec cette adresse.
mail-verify-confirm = Confirmez l’adresse pour commencer à utiliser le compte. Le lien fonctionne une fois, pendant { $valid_for }.
mail-verify-action = Confirmer mon adresse
mail-verify-not-you = Si vous n’avez pas créé ce compte, ignorez cet e-mail : sans confirmation, personne ne peut l’utiliser.
mail-already-registered-subject = Quelqu’un a tenté de s’inscrire avec votre adresse
mail-already-registered-text = Quelqu’un a tenté de créer un compte keycard avec cette adresse, qui en a déjà un. Aucun nouveau compte n’a été créé et rien n’a changé sur le vôtre.
mail-already-registered-forgot = Si c’était vous et que vous avez oublié votre mot de passe, vous pouvez en choisir un nouveau.
mail-already-registered-not-you = Si ce n’était pas vous, il n’y a rien à faire : votre compte est en sécurité.
mail-reset-subject = Choisissez un nouveau mot de passe
mail-reset-asked = Quelqu’un a demandé à réinitialiser le mot de passe de votre compte keycard.
mail-reset-link = Le lien fonctionne une fois, pendant { $valid_for }, dans n’importe quel navigateur. Choisir un nouveau mot de passe déconnecte tous les appareils.
mail-reset-not-you = Si vous n’avez rien demandé, ignorez cet e-mail : votre mot de passe reste tel quel.
mail-password-changed-subject = Votre mot de passe a été changé
mail-password-changed-text = Le mot de passe de votre compte keycard vient d’être changé, et vos autres appareils ont été déconnectés.
mail-password-changed-action = Ce n’était pas moi : choisir un nouveau mot de passe
mail-password-changed-not-you = Si ce n’était pas vous, choisissez tout de suite un nouveau mot de passe : cela déconnecte la personne qui l’a changé.
mail-factor-subject = La protection de connexion de votre compte a changé
mail-factor-app-added = Une application d’authentification a été ajoutée comme second facteur à votre compte keycard.
mail-factor-app-removed = L’application d’authentification a été retirée de votre compte keycard.
mail-factor-codes-renewed = De nouveaux codes de récupération ont été créés (les anciens ne fonctionnent plus) pour votre compte keycard.
mail-factor-passkey-added = Une clé d’accès { $name } a été ajoutée à votre compte keycard.
mail-factor-passkey-removed = Une clé d’accès { $name } a été retirée de votre compte keycard.
mail-factor-provider-linked = La connexion avec { $name } a été liée à votre compte keycard.
mail-factor-provider-unlinked = La connexion avec { $name } a été déliée de votre compte keycard.
mail-factor-action = Vérifier votre compte
mail-factor-not-you = Si ce n’était pas vous, quelqu’un est connecté à votre compte : connectez-vous, déconnectez tous les autres appareils et choisissez un nouveau mot de passe.
mail-new-address-subject = Confirmez votre nouvelle adresse e-mail
mail-new-address-asked = Quelqu’un a demandé à utiliser cette adresse pour son compte keycard.
mail-new-address-confirm = Confirmez pour en faire l’adresse du compte. Le lien fonctionne une fois, pendant { $valid_for }.
mail-new-address-action = Utiliser cette adresse
mail-new-address-not-you = Si vous n’avez rien demandé, ignorez cet e-mail et rien ne changera.
mail-address-changed-subject = Votre adresse e-mail a été changée
mail-address-changed-text = L’adresse de votre compte keycard est passée de celle-ci à { $address }.
mail-address-changed-undo = Si ce n’était pas vous, annulez-le dans les { $valid_for } : le compte retrouve cette adresse et tous les appareils sont déconnectés.
mail-address-changed-action = Annuler le changement
mail-address-in-use-subject = Quelqu’un a tenté d’utiliser votre adresse
mail-address-in-use-text = Quelqu’un a demandé à transférer un autre compte keycard vers cette adresse. Elle appartient déjà à votre compte, donc rien n’a changé.
mail-address-in-use-not-you = Il n’y a rien à faire ; votre compte est tel qu’il était.
mail-removed-passkey = - la clé d’accès { $name }
mail-removed-app = - l’application d’authentification
mail-removed-codes = { $n ->
    [one] - { $n } code de récupération inutilisé
   *[other] - { $n } codes de récupération inutilisés
}
mail-undone-subject = Votre compte a retrouvé cette adresse
mail-undone-text = Le changement d’adresse de votre compte keycard a été annulé : cette adresse est rétablie, le nouveau mot de passe que vous avez choisi est défini, et tous les appareils ont été déconnectés.
mail-undone-nothing = Le compte n’avait ni clé d’accès, ni application d’authentification, ni codes de récupération.
mail-undone-removed = La personne qui a changé l’adresse a pu ajouter des moyens de connexion ; ceux-ci ont donc été supprimés :
    { $list }
mail-undone-add-again = Connectez-vous et ajoutez de nouveau vos propres clés d’accès ou application d’authentification.
mail-guessed-subject = Quelqu’un connaît votre mot de passe
mail-guessed-text = Quelqu’un a saisi le bon mot de passe de votre compte keycard, puis plusieurs codes erronés à la seconde étape. Votre seconde étape l’a arrêté, mais il connaît votre mot de passe.
mail-guessed-blocked = Après autant de codes erronés, la seconde étape est refusée jusqu’à la réinitialisation du mot de passe.
mail-guessed-not-you = Si ces tentatives étaient les vôtres, un nouveau mot de passe vous permet de vous reconnecter ; sinon, il tient l’intrus à l’écart.
mail-new-sign-in-subject = Nouvelle connexion à votre compte
mail-new-sign-in-text = Une connexion à votre compte keycard a eu lieu depuis { $device }, à l’adresse { $ip }, d’où il n’avait jamais été utilisé.
mail-new-sign-in-if-you = Si c’était vous, il n’y a rien à faire.
mail-new-sign-in-action = Ce n’était pas moi
mail-new-sign-in-not-you = Si ce n’était pas vous, utilisez le lien : il déconnecte cet appareil, puis vous pourrez choisir un nouveau mot de passe.
mail-locked-subject = La connexion à votre compte a été suspendue
mail-locked-text = Il y a eu de nombreuses tentatives de connexion échouées à votre compte keycard ; la connexion depuis de nouveaux appareils est donc suspendue pour un temps. Les navigateurs avec lesquels vous vous êtes déjà connecté fonctionnent toujours.
mail-locked-not-you = Si ces tentatives n’étaient pas les vôtres, quelqu’un essaie peut-être de deviner votre mot de passe : un nouveau, long, le tiendra à l’écart.
mail-reuse-subject = Une de vos sessions a été fermée pour votre sécurité
mail-reuse-text = Un ancien jeton de connexion de votre compte keycard a été réutilisé, ce qui arrive quand un jeton est volé puis rejoué. Nous avons mis fin à cette session.
mail-reuse-from = Le jeton venait de { $device }, à l’adresse { $ip }.
mail-reuse-not-you = Si vous ne reconnaissez pas cela, choisissez un nouveau mot de passe : cela déconnecte tous les appareils.
mail-copied-subject = Quelqu’un a tenté d’utiliser une copie de votre connexion
mail-copied-text = Les cookies de connexion d’une de vos sessions keycard ont été utilisés sans la clé que seul votre navigateur détient. Cela arrive quand les cookies ont été copiés depuis cet appareil, par exemple par un logiciel malveillant. Nous les avons refusés : la session ne fonctionne toujours que sur votre appareil.
mail-copied-from = La copie a été utilisée depuis { $device }, à l’adresse { $ip }.
mail-copied-action = Vérifier vos appareils
mail-copied-not-you = Vérifiez que cet appareil n’a pas de logiciel malveillant, puis déconnectez-le depuis la page de votre compte et choisissez un nouveau mot de passe.

## The pages of the links in mails
link-dead = Ce lien a expiré ou a déjà été utilisé.
link-checking = Vérification du lien…
link-ask-new = Demander un nouveau lien
link-go-home = Aller à keycard
notice-reset-sent = Si un compte utilise cette adresse, un lien pour choisir un nouveau mot de passe est en route.
notice-reported = Ce navigateur a été déconnecté. Si quelqu’un d’autre connaît votre mot de passe, choisissez-en un nouveau maintenant.
forgot-text = Saisissez l’adresse de votre compte : nous y envoyons un lien pour choisir un nouveau mot de passe.
forgot-submit = Envoyer le lien
forgot-back = Retour à la connexion
reset-title = Choisir un nouveau mot de passe
reset-text = Choisir un nouveau mot de passe déconnecte tous les appareils, puis connecte celui-ci.
reset-submit = Définir le nouveau mot de passe
verify-title-short = Confirmer votre adresse
verify-title = Confirmez votre adresse e-mail
verify-needs-password = Ce navigateur n’a pas créé le compte : choisissez donc son mot de passe ici, celui donné à la création ne fonctionne plus. Cela vous connecte.
verify-text = Confirmez l’adresse pour commencer à utiliser votre compte ; cela vous connecte.
verify-submit = Confirmer mon adresse
confirm-title = Confirmer
confirm-password-optional = Nouveau mot de passe (facultatif)
confirm-change-title = Utiliser cette adresse
confirm-change-question = Faire de { $address } l’adresse de votre compte ?
confirm-change-button = Utiliser cette adresse
confirm-undo-title = Annuler le changement d’adresse
confirm-undo-question = Rendre au compte son adresse { $address } ? Choisissez un nouveau mot de passe : tous les appareils seront déconnectés, et toutes les clés d’accès, l’application d’authentification et les codes de récupération supprimés, puisque la personne qui a changé l’adresse a pu les ajouter.
confirm-undo-button = Annuler le changement
confirm-not-me-title = Déconnecter ce navigateur
confirm-not-me-question = Déconnecter le navigateur concerné par l’alerte, et chaque connexion qu’il a faite depuis ? Si quelqu’un d’autre connaît votre mot de passe, choisissez-en aussi un nouveau ci-dessous : cela déconnecte tous les appareils.
confirm-not-me-button = Ce n’était pas moi : le déconnecter

## The second step of a sign-in
second-step-title = Encore une étape
second-step-text = Ouvrez votre application d’authentification et saisissez le code à 6 chiffres qu’elle affiche pour keycard, ou utilisez l’une de vos clés d’accès.
second-step-code = Code
second-step-sign-in-again = Se reconnecter
second-step-pending = Vérification…
second-step-submit = Continuer
second-step-recovery = Pas de téléphone sous la main ? Saisissez l’un des codes de récupération enregistrés lors de la configuration de l’application ; chacun fonctionne une fois.

## The example page
example-title = Votre propre page
example-loading = Chargement…
example-greeting = Bonjour, { $email } ! Cette page n’appartient qu’à vous.

## The development mailbox (/dev/mail)
dev-mail-title = Boîte aux lettres de développement
dev-mail-text = Les e-mails que keycard aurait envoyés (KEYCARD_SMTP_URL n’est pas défini), du plus récent au plus ancien.
dev-mail-empty = Pas encore d’e-mail.
dev-mail-to = À
dev-mail-sent = envoyé

## Every page's description, and the page for when the database is away
meta-description = keycard : créez un compte, connectez-vous avec un mot de passe, et voyez et gérez vos appareils et votre activité de sécurité.
unavailable-title = Temporairement indisponible
unavailable-heading = keycard est temporairement indisponible
unavailable-text = Nous ne joignons pas notre base de données pour le moment. Votre session est en sécurité ; réessayez dans un instant.
