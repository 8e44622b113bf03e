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
notice-reported-reset = Ce navigateur et tous les autres appareils ont été déconnectés, et votre nouveau mot de passe est défini. Connectez-vous avec.

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
