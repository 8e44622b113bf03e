# keycard en español.

## Around every page
skip-to-content = Saltar al contenido
nav-label = Navegación principal
nav-signed-in = Sesión iniciada
nav-account = Cuenta
nav-sign-in = Iniciar sesión
nav-create-account = Crear cuenta
footer-about = keycard — contraseñas con argon2id, tokens de acceso EdDSA de corta duración, tokens de renovación rotativos en cookies HttpOnly.
footer-keys = Claves públicas de firma (JWKS)
footer-language = Idioma
footer-language-change = Cambiar

## Durations
wait-seconds = { $n ->
    [one] { $n } segundo
   *[other] { $n } segundos
}

## Why a form was refused (the codes of crate::auth::Reason)
reason-email_empty = Escribe tu dirección de correo.
reason-email_too_long = Esa dirección de correo es demasiado larga.
reason-email_no_at = Una dirección de correo necesita una @, como nombre@example.com.
reason-email_shape = Eso no parece una dirección de correo, como nombre@example.com.
reason-email_spaces = Una dirección de correo no puede contener espacios.
reason-password_empty = Escribe tu contraseña.
reason-password_too_long = Las contraseñas pueden tener como máximo 1024 bytes.
reason-password_too_short = Usa al menos 8 caracteres.
reason-password_like_email = Elige una contraseña que no se base en tu dirección de correo.
reason-password_weak = Esta contraseña es demasiado fácil de adivinar. Prueba con una frase más larga de palabras sin relación entre sí.
reason-bad_credentials = Ese correo y esa contraseña no corresponden a ninguna cuenta. Si acabas de crearla, abre primero el enlace que te enviamos.
reason-wrong_password = Esa contraseña no es correcta.
reason-busy = El servidor está ocupado ahora mismo. Vuelve a intentarlo en un momento.
reason-password_changed = Tu contraseña se cambió mientras tanto. Vuelve a iniciar sesión con la nueva.
reason-no_such_device = No hay ningún dispositivo con sesión iniciada así.
reason-link_invalid = Este enlace ha caducado o ya se usó. Pide uno nuevo.
reason-unverified = Primero confirma tu dirección de correo: abre el enlace que te enviamos o pide uno nuevo.
reason-same_address = Esa ya es tu dirección.
reason-address_taken = Esa dirección ahora pertenece a otra cuenta; no se cambió nada.
reason-token_missing = Este enlace está incompleto. Vuelve a abrirlo desde el correo o pide uno nuevo.
reason-account_locked = Esta cuenta está bloqueada. Ponte en contacto con quienes gestionan este sitio para desbloquearla.
reason-second_step_expired = Este inicio de sesión ha caducado. Vuelve a escribir tu correo y tu contraseña.
reason-code_empty = Escribe el código de 6 dígitos de tu aplicación de autenticación.
reason-code_shape = Escribe los 6 dígitos de tu aplicación de autenticación o uno de tus códigos de recuperación.
reason-code_wrong = Ese código no es correcto o ya se usó. Prueba con el código que muestra tu aplicación ahora.
reason-second_step_blocked = Se introdujeron demasiados códigos incorrectos para esta cuenta desde su último inicio de sesión. Elige una contraseña nueva («¿Olvidaste tu contraseña?») para volver a entrar.
reason-choose_password = Elige una contraseña para tu cuenta.
reason-passkeys_unavailable = Las llaves de acceso no están disponibles en esta dirección. El sitio debe abrirse con un nombre de host, como localhost.
reason-provider_unavailable = Ese proveedor no está disponible ahora mismo. Inicia sesión de otra forma o vuelve a intentarlo en un momento.
reason-provider_refused = El inicio de sesión con ese proveedor no se completó. Vuelve a empezarlo.
reason-provider_unverified = Ese proveedor no confirmó tu dirección de correo, así que no se creó ninguna cuenta con él. Confirma la dirección allí o regístrate con una contraseña.
reason-provider_domain = Las direcciones de ese dominio no pueden iniciar sesión aquí con este proveedor.
reason-provider_account_exists = Ya existe una cuenta con esta dirección de correo. Inicia sesión en ella con su contraseña o llave de acceso y luego vincula el proveedor desde la página de tu cuenta.
reason-identity_taken = Esa cuenta del proveedor está vinculada a otra cuenta de aquí.
reason-last_sign_in_method = Es la última forma de iniciar sesión en tu cuenta. Primero establece una contraseña (con «¿Olvidaste tu contraseña?») o añade una llave de acceso.
reason-session_bound = Esta sesión está protegida por el dispositivo en el que se abrió, y solo ese navegador puede mantenerla. Inicia sesión.
reason-proof_refused = No se pudo verificar la prueba del navegador para esta sesión.
reason-passkey_unreadable = No se pudo leer la respuesta del navegador. Vuelve a intentarlo.
reason-passkey_not_verified = No se pudo verificar esa llave de acceso. Vuelve a intentarlo o usa tu contraseña.
reason-passkey_expired = Esta solicitud de llave de acceso ha caducado. Vuelve a intentarlo.
reason-passkey_unknown = Esta llave de acceso no está registrada aquí (quizá se eliminó). Inicia sesión con tu contraseña.
reason-no_such_passkey = No existe esa llave de acceso.
reason-passkey_name_empty = Ponle un nombre a la llave de acceso, como el del dispositivo en el que está.
reason-passkey_name_too_long = El nombre de una llave de acceso tiene como máximo 64 caracteres.
reason-passkey_name_control = El nombre de una llave de acceso no puede contener caracteres de control.
reason-passkeys_busy = Hay demasiadas solicitudes de llaves de acceso en curso. Vuelve a intentarlo en unos minutos.
reason-passkey_limit = Una cuenta tiene como máximo 20 llaves de acceso. Quita una primero.
reason-passkey_add_refused = No se pudo añadir la llave de acceso: no se pudo verificar la respuesta del navegador. Vuelve a intentarlo.
reason-passkey_exists = Esta llave de acceso ya está registrada.
reason-no_passkey = Esta cuenta no tiene ninguna llave de acceso.
reason-app_exists = Ya hay una aplicación de autenticación configurada. Quítala primero para configurar otra.
reason-app_code_shape = Escribe el código de 6 dígitos que muestra ahora tu aplicación de autenticación.
reason-app_code_wrong = Ese código no es correcto. Comprueba que el reloj de la aplicación esté bien y prueba el código que muestra ahora.
reason-app_setup_expired = Esta configuración ha caducado. Vuelve a empezar para obtener un código QR nuevo.
reason-app_setup_changed = Esta configuración cambió mientras tanto (¿en otra pestaña?). Recarga la página.
reason-no_app = No hay ninguna aplicación de autenticación configurada.
reason-codes_need_factor = Configura primero una aplicación de autenticación o una llave de acceso: los códigos de recuperación las sustituyen.
reason-provider_not_linked = Ese proveedor no está vinculado a tu cuenta.

## What a limit counts: "Too many { $what }. Try again in { $wait }."
limit-signin_limited = Demasiados intentos fallidos de inicio de sesión
limit-signin_busy = Demasiados intentos de inicio de sesión a la vez
limit-register_limited = Demasiadas cuentas nuevas desde aquí
limit-requests_limited = Demasiadas solicitudes desde aquí
too-many = { $what }. Vuelve a intentarlo dentro de { $wait }.

## Refusals no reason says more about
error-invalid = Revisa lo que escribiste y vuelve a intentarlo.
error-unauthorized = No has iniciado sesión, o tu sesión ha terminado.
error-forbidden = Eso no está permitido.
error-taken = Eso ya existe.
error-too_large = La solicitud es demasiado grande.
error-limited = Demasiados intentos. Espera un poco y vuelve a intentarlo.
error-unavailable = El servicio no está disponible temporalmente. Vuelve a intentarlo en breve.
error-internal = Algo salió mal por nuestra parte. Vuelve a intentarlo.
error-reauth_required = Por tu seguridad, confirma que eres tú antes de hacer este cambio.
error-second_factor_required = Escribe el código de tu aplicación de autenticación para terminar de iniciar sesión.

## How a session ended, on the sign-in page
session-end-revoked = Se cerró la sesión de este dispositivo desde otro dispositivo.
session-end-signed_out = Has cerrado la sesión.
session-end-administrator = Quienes gestionan este sitio cerraron la sesión de este dispositivo.
session-end-expired = Tu sesión ha terminado. Vuelve a iniciar sesión.

## Shared words
or = o
cancel = Cancelar
field-email = Correo electrónico
field-password = Contraseña
password-show = Mostrar
password-hide = Ocultar

## What the page's script writes itself
client-offline = No se puede conectar con el servidor. Revisa tu conexión.
client-failed = Algo salió mal. Vuelve a intentarlo.
passkey-waiting = Esperando tu llave de acceso…
passkey-device = Esperando tu dispositivo…
passkey-cancelled = La solicitud de la llave de acceso se canceló o caducó. Vuelve a intentarlo.
passkey-exists = Este dispositivo ya tiene una llave de acceso para esta cuenta.
passkey-refused = Este navegador rechazó las llaves de acceso para la dirección de este sitio.
passkey-failed = Este navegador no pudo usar una llave de acceso. Vuelve a intentarlo o usa tu contraseña.

## Home
home-title = Un inicio de sesión que no estorba
home-eyebrow = Autenticación para aplicaciones web en Rust
home-heading = Inicia sesión una vez. Sigue conectado. Sigue seguro.
home-lead = keycard mantiene tu sesión entre pestañas y reinicios sin entregar nunca un token a JavaScript: tokens de acceso de corta duración, tokens de renovación rotativos y un cliente que los renueva en silencio antes de que caduquen.
home-go-to-account = Ir a tu cuenta
home-signed-in-as = Sesión iniciada como
home-features = Qué hace keycard
home-card-passwords-title = Contraseñas bien tratadas
home-card-passwords-text = argon2id con el coste que recomienda OWASP, comprobadas con un estimador de robustez, nunca recortadas y con el hash recalculado cuando sube el coste.
home-card-tokens-title = Tokens que JavaScript nunca ve
home-card-tokens-text = Un token de acceso EdDSA de 15 minutos y un token de renovación rotativo, ambos en cookies HttpOnly y SameSite.
home-card-replays-title = Reutilizaciones detectadas
home-card-replays-text = Cada token de renovación sirve una sola vez. Si uno robado se vuelve a usar, termina toda la sesión y lo ves en tu actividad.
home-card-quiet-title = Sesión sin interrupciones
home-card-quiet-text = Las páginas renuevan la sesión antes de mostrarse y las pestañas abiertas la renuevan juntas, para que nadie pierda la sesión por accidente.

## Sign in
login-title = Iniciar sesión
login-submit = Iniciar sesión
login-pending = Iniciando sesión…
login-passkey = Iniciar sesión con una llave de acceso
login-provider = Continuar con { $provider }
login-forgot = ¿Olvidaste tu contraseña?
login-new-here = ¿Eres nuevo?
login-create-account = Crear una cuenta
resend-title = Enviar de nuevo el enlace de confirmación
resend-email = Correo de la cuenta
resend-submit = Enviar de nuevo el enlace
notice-resent = Si una cuenta sin confirmar usa esta dirección, hay un enlace nuevo en camino.
notice-undone = Se deshizo el cambio de dirección: la dirección anterior ha vuelto, tu nueva contraseña está establecida, se cerró la sesión en todos los dispositivos y se eliminaron las llaves de acceso, la aplicación de autenticación y los códigos de recuperación. Inicia sesión con la nueva contraseña y luego vuelve a añadir los tuyos.
notice-reported-reset = Se cerró la sesión en ese navegador y en todos los demás dispositivos, y tu nueva contraseña está establecida. Inicia sesión con ella.

## Create an account
register-title = Crear una cuenta
register-password-hint = Al menos 8 caracteres. Unas cuantas palabras sin relación entre sí forman una contraseña fuerte y fácil de recordar.
register-submit = Crear cuenta
register-pending = Creando tu cuenta…
register-have-account = ¿Ya tienes una cuenta?
notice-registered = Revisa tu bandeja de entrada: te enviamos un enlace para confirmar la dirección. Puede tardar un minuto en llegar.

## Not found
not-found-title = Página no encontrada
not-found-text = No hay nada en esta dirección.
not-found-back = Volver al inicio

## Confirm it's you
reauth-title = Confirma que eres tú
reauth-title-sentence = Confirma que eres tú.
reauth-why = Hace un rato que iniciaste sesión: escribe tu contraseña para hacer este cambio.
reauth-why-passkeys = Hace un rato que iniciaste sesión: escribe tu contraseña o usa una llave de acceso para hacer este cambio.
reauth-password = Tu contraseña
reauth-confirm-continue = Confirmar y continuar
reauth-passkey = Usar una llave de acceso
reauth-form-text = Escribe tu contraseña y vuelve a hacer el cambio.
reauth-confirm = Confirmar

## The account page
account-title = Tu cuenta
account-loading = Cargando tu cuenta…
account-verified = Confirmada
account-not-verified = Sin confirmar
account-member-since = Miembro desde
account-confirmed = Gracias. Durante los próximos minutos puedes hacer cambios sensibles sin volver a confirmar.
sign-out = Cerrar sesión
codes-save-now = Guarda ahora estos códigos de recuperación.
codes-why = Solo se muestran esta vez. Cada uno te permite entrar una vez si pierdes tu teléfono o tu llave de acceso; guárdalos en un lugar seguro.
codes-new = Crear códigos de recuperación nuevos
codes-left = { $n ->
    [one] Queda { $n } de 10 códigos de recuperación.
   *[other] Quedan { $n } de 10 códigos de recuperación.
}
codes-each = Cada uno te deja entrar una vez si pierdes el teléfono.
codes-no-script = Hecho. Los códigos de recuperación solo se muestran una vez, mediante el script de esta página: con JavaScript activado, crea otros nuevos para verlos y guardarlos.
methods-title = Formas de iniciar sesión
methods-linked = Vinculado: ya puedes iniciar sesión con ese proveedor.
methods-password-set = Establecida
methods-password-not-set = Sin establecer. Elige una con «¿Olvidaste tu contraseña?» en la página de inicio de sesión.
methods-passkeys = { $n ->
    [0] Ninguna
    [one] 1, en la lista de abajo
   *[other] { $n }, en la lista de abajo
}
methods-linked-at = vinculado
methods-unlink = Desvincular
methods-unlink-label = Desvincular { $provider }
methods-link = Vincular
methods-link-label = Vincular { $provider }
methods-not-linked = Sin vincular
devices-title = Dispositivos con sesión iniciada
devices-sign-out-others = Cerrar sesión en todos los demás dispositivos
devices-sign-out-label = Cerrar sesión en { $device }
devices-sign-out-this-label = Cerrar sesión en { $device } (este dispositivo)
devices-this = Este dispositivo
devices-bound = Protegida en este dispositivo
devices-bound-why = Esta sesión está ligada a una clave que guarda el navegador: unas cookies copiadas no pueden continuarla.
devices-signed-in = sesión iniciada el
devices-last-active = última actividad
password-title = Cambiar la contraseña
password-changed = Contraseña cambiada. Se cerró la sesión en tus otros dispositivos.
password-current = Contraseña actual
password-new = Contraseña nueva
email-title = Cambiar la dirección de correo
email-changed = Tu dirección de correo se cambió. Se avisó a la dirección anterior, con una forma de deshacerlo.
email-new = Dirección de correo nueva
email-submit = Enviar un enlace de confirmación
notice-email-sent = Revisa la bandeja de entrada de la dirección nueva: el cambio se aplica cuando abras el enlace que te enviamos allí.
delete-title = Eliminar la cuenta
delete-text = Esto elimina tu cuenta, todos los dispositivos con sesión iniciada y tu actividad. No se puede deshacer.
delete-submit = Eliminar mi cuenta
activity-title = Actividad de seguridad
factors-title = Inicio de sesión en dos pasos
factors-on = Activado
factors-on-text = Al iniciar sesión con tu contraseña también se pide un código de tu aplicación de autenticación
factors-since = desde
factors-remove = Quitar la aplicación de autenticación
factors-scan = Escanea este código QR con una aplicación de autenticación (como Google Authenticator, 1Password o Aegis).
factors-qr = Código QR de la clave
factors-type-key = O escribe esta clave en la aplicación:
factors-enter-code = Escribe el código de 6 dígitos que muestra la aplicación para activarla.
factors-code = Código de la aplicación
factors-turn-on = Activar el inicio de sesión en dos pasos
factors-why = Protege tu cuenta aunque alguien conozca tu contraseña: al iniciar sesión también se pedirá un código de una aplicación de tu teléfono.
factors-passkeys-second-step = Tus llaves de acceso son el segundo paso después de una contraseña.
factors-set-up = Configurar una aplicación de autenticación
passkeys-title = Llaves de acceso
passkeys-text = Inicia sesión con el bloqueo de pantalla de tu dispositivo (huella, cara o PIN) en lugar de una contraseña. Una llave de acceso cuenta como dos factores y también sirve como segundo paso después de una contraseña.
passkeys-need-script = Para añadir una llave de acceso hacen falta JavaScript y un navegador compatible con llaves de acceso.
passkeys-name = Nombre de la llave de acceso nueva
passkeys-name-example = p. ej. Portátil del trabajo
passkeys-add = Añadir una llave de acceso
passkeys-off = Las llaves de acceso están desactivadas en este servidor: los navegadores solo las permiten en un sitio abierto con un nombre de host (como localhost), no con una dirección IP como 127.0.0.1. Abre el sitio por su nombre, con KEYCARD_PUBLIC_URL apuntando a esa dirección, para usarlas.
passkeys-none = Todavía no hay llaves de acceso.
passkeys-added = Añadida
passkeys-last-used = último uso
passkeys-never-used = nunca usada
passkeys-new-name = Nombre nuevo
passkeys-rename = Cambiar nombre
passkeys-remove = Quitar

## The security activity: one line per kind of event (their codes)
activity-account_created = Cuenta creada
activity-signed_in = Inicio de sesión
activity-sign_in_failed = Intento fallido de inicio de sesión
activity-signed_out = Cierre de sesión
activity-session_revoked = Sesión cerrada en un dispositivo
activity-refresh_reuse_detected = Se detectó la reutilización de un token de sesión antiguo; esa sesión terminó
activity-password_changed = Contraseña cambiada
activity-sign_in_locked = Inicios de sesión desde dispositivos nuevos en pausa tras varios intentos fallidos; tus navegadores con sesión iniciada siguen funcionando
activity-refresh_from_other_client = Un token de sesión recién sustituido se usó desde otra dirección u otro navegador
activity-email_verified = Dirección de correo confirmada
activity-password_reset = Contraseña restablecida con un enlace por correo; se cerró la sesión en todos los dispositivos
activity-email_change_requested = Cambio de dirección de correo solicitado
activity-email_changed = Dirección de correo cambiada
activity-email_change_undone = Cambio de dirección de correo deshecho con una contraseña nueva; se cerró la sesión en todos los dispositivos
activity-session_reported = Se informó de que un inicio de sesión no era tuyo; ese navegador se desconectó y ya no es de confianza
activity-locked_by_admin = Cuenta bloqueada por un administrador; se cerró la sesión en todos los dispositivos
activity-unlocked_by_admin = Cuenta desbloqueada por un administrador
activity-signed_out_by_admin = Sesión cerrada en todas partes por un administrador
activity-verified_by_admin = Dirección de correo confirmada por un administrador
activity-limits_cleared_by_admin = Intentos fallidos de inicio de sesión borrados por un administrador
activity-reauthenticated = Confirmaste que eras tú (contraseña o llave de acceso) antes de un cambio sensible
activity-totp_enabled = Aplicación de autenticación añadida como segundo factor
activity-totp_disabled = Aplicación de autenticación quitada
activity-recovery_codes_generated = Códigos de recuperación nuevos creados; los anteriores ya no sirven
activity-recovery_code_used = Se usó un código de recuperación para iniciar sesión
activity-recovery_codes_removed = Códigos de recuperación eliminados
activity-second_factor_guessed = Muchos códigos incorrectos en el segundo paso tras la contraseña correcta: alguien podría tener tu contraseña
activity-second_factor_failed = Código incorrecto del segundo factor al iniciar sesión (la contraseña era correcta)
activity-second_factor_removed_by_admin = Segundos factores (aplicación de autenticación, llaves de acceso, códigos de recuperación) eliminados por un administrador; se cerró la sesión en todos los dispositivos
activity-passkey_added = Llave de acceso añadida
activity-passkey_removed = Llave de acceso quitada
activity-identity_linked = Inicio de sesión con otro proveedor vinculado
activity-identity_unlinked = Inicio de sesión con otro proveedor desvinculado
activity-session_bound = La sesión de este navegador se ligó a una clave que guarda: unas cookies copiadas no pueden continuarla
activity-copied_cookie_refused = Se rechazaron cookies de sesión copiadas: esa sesión solo continúa en el navegador que tiene su clave
activity-unknown = Evento de seguridad
activity-by-admin = Un administrador

## Devices
device-unknown = Dispositivo desconocido
browser-unknown = Navegador desconocido
device-browser-on = { $browser } en { $system }

## Durations (how long a link works)
duration-minutes = { $n ->
    [one] { $n } minuto
   *[other] { $n } minutos
}
duration-hours = { $n ->
    [one] { $n } hora
   *[other] { $n } horas
}
duration-days = { $n ->
    [one] { $n } día
   *[other] { $n } días
}

## Mails, in the recipient's language
mail-or-open = O abre esta dirección:
mail-from = La solicitud vino de { $device } desde la dirección { $ip }.
mail-last-attempt = El último intento vino de { $device } desde la dirección { $ip }.
mail-choose-password = Elegir una contraseña nueva
mail-sign-in = Iniciar sesión
mail-verify-subject = Confirma tu dirección de correo
mail-verify-created = Alguien (esperamos que tú) creó una cuenta de keycard con esta dirección.
mail-verify-confirm = Confirma la dirección para empezar a usar la cuenta. El enlace funciona una vez, durante { $valid_for }.
mail-verify-action = Confirmar mi dirección
mail-verify-not-you = Si no creaste esta cuenta, ignora este correo: sin la confirmación nadie puede usarla.
mail-already-registered-subject = Alguien intentó registrarse con tu dirección
mail-already-registered-text = Alguien intentó crear una cuenta de keycard con esta dirección, que ya tiene una. No se creó ninguna cuenta nueva y nada de la tuya cambió.
mail-already-registered-forgot = Si fuiste tú y olvidaste tu contraseña, puedes elegir una nueva.
mail-already-registered-not-you = Si no fuiste tú, no hay nada que hacer: tu cuenta está a salvo.
mail-reset-subject = Elige una contraseña nueva
mail-reset-asked = Alguien pidió restablecer la contraseña de tu cuenta de keycard.
mail-reset-link = El enlace funciona una vez, durante { $valid_for }, en cualquier navegador. Elegir una contraseña nueva cierra la sesión en todos los dispositivos.
mail-reset-not-you = Si no lo pediste, ignora este correo: tu contraseña sigue igual.
mail-password-changed-subject = Tu contraseña se cambió
mail-password-changed-text = La contraseña de tu cuenta de keycard acaba de cambiarse, y se cerró la sesión en tus otros dispositivos.
mail-password-changed-action = No fui yo: elegir una contraseña nueva
mail-password-changed-not-you = Si no fuiste tú, elige una contraseña nueva de inmediato: eso cierra la sesión de quien la cambió.
mail-factor-subject = La protección de inicio de sesión de tu cuenta cambió
mail-factor-app-added = Se añadió una aplicación de autenticación como segundo factor a tu cuenta de keycard.
mail-factor-app-removed = Se quitó la aplicación de autenticación de tu cuenta de keycard.
mail-factor-codes-renewed = Se crearon códigos de recuperación nuevos (los anteriores ya no sirven) para tu cuenta de keycard.
mail-factor-passkey-added = Se añadió una llave de acceso { $name } a tu cuenta de keycard.
mail-factor-passkey-removed = Se quitó una llave de acceso { $name } de tu cuenta de keycard.
mail-factor-provider-linked = El inicio de sesión con { $name } se vinculó a tu cuenta de keycard.
mail-factor-provider-unlinked = El inicio de sesión con { $name } se desvinculó de tu cuenta de keycard.
mail-factor-action = Revisar tu cuenta
mail-factor-not-you = Si no fuiste tú, alguien tiene sesión iniciada en tu cuenta: inicia sesión, cierra la sesión en todos los demás dispositivos y elige una contraseña nueva.
mail-new-address-subject = Confirma tu nueva dirección de correo
mail-new-address-asked = Alguien pidió usar esta dirección para su cuenta de keycard.
mail-new-address-confirm = Confirma para que esta sea la dirección de la cuenta. El enlace funciona una vez, durante { $valid_for }.
mail-new-address-action = Usar esta dirección
mail-new-address-not-you = Si no lo pediste, ignora este correo y no cambiará nada.
mail-address-changed-subject = Tu dirección de correo se cambió
mail-address-changed-text = La dirección de tu cuenta de keycard se cambió de esta a { $address }.
mail-address-changed-undo = Si no fuiste tú, deshazlo en un plazo de { $valid_for }: la cuenta recupera esta dirección y se cierra la sesión en todos los dispositivos.
mail-address-changed-action = Deshacer el cambio
mail-address-in-use-subject = Alguien intentó usar tu dirección
mail-address-in-use-text = Alguien pidió pasar otra cuenta de keycard a esta dirección. Ya pertenece a tu cuenta, así que no cambió nada.
mail-address-in-use-not-you = No hay nada que hacer; tu cuenta sigue como estaba.
mail-removed-passkey = - la llave de acceso { $name }
mail-removed-app = - la aplicación de autenticación
mail-removed-codes = { $n ->
    [one] - { $n } código de recuperación sin usar
   *[other] - { $n } códigos de recuperación sin usar
}
mail-undone-subject = Tu cuenta vuelve a tener esta dirección
mail-undone-text = Se deshizo el cambio de dirección de tu cuenta de keycard: esta dirección ha vuelto, la contraseña nueva que elegiste está establecida y se cerró la sesión en todos los dispositivos.
mail-undone-nothing = La cuenta no tenía llaves de acceso, aplicación de autenticación ni códigos de recuperación.
mail-undone-removed = Quien cambió la dirección pudo añadir formas de iniciar sesión, así que se eliminaron estas:
    { $list }
mail-undone-add-again = Inicia sesión y vuelve a añadir tus propias llaves de acceso o tu aplicación de autenticación.
mail-guessed-subject = Alguien tiene tu contraseña
mail-guessed-text = Alguien escribió la contraseña correcta de tu cuenta de keycard y después varios códigos incorrectos en el segundo paso. Tu segundo paso lo detuvo, pero tiene tu contraseña.
mail-guessed-blocked = Tras tantos códigos incorrectos, el segundo paso se rechaza hasta que se restablezca la contraseña.
mail-guessed-not-you = Si esos intentos fueron tuyos, una contraseña nueva te permite volver a entrar; si no, deja fuera al intruso.
mail-new-sign-in-subject = Nuevo inicio de sesión en tu cuenta
mail-new-sign-in-text = Se inició sesión en tu cuenta de keycard desde { $device }, con la dirección { $ip }, desde donde no se había usado antes.
mail-new-sign-in-if-you = Si fuiste tú, no hay nada que hacer.
mail-new-sign-in-action = No fui yo
mail-new-sign-in-not-you = Si no fuiste tú, usa el enlace: cierra la sesión de ese dispositivo y después puedes elegir una contraseña nueva.
mail-locked-subject = Se pausó el inicio de sesión en tu cuenta
mail-locked-text = Hubo muchos intentos fallidos de iniciar sesión en tu cuenta de keycard, así que el inicio de sesión desde dispositivos nuevos está en pausa durante un tiempo. Los navegadores en los que ya iniciaste sesión siguen funcionando.
mail-locked-not-you = Si esos intentos no fueron tuyos, alguien podría estar adivinando tu contraseña: una nueva y larga lo mantiene fuera.
mail-reuse-subject = Se cerró una de tus sesiones por tu seguridad
mail-reuse-text = Se volvió a usar un token de sesión antiguo de tu cuenta de keycard, algo que ocurre cuando un token se roba y se reutiliza. Cerramos esa sesión.
mail-reuse-from = El token vino de { $device } desde la dirección { $ip }.
mail-reuse-not-you = Si no lo reconoces, elige una contraseña nueva: eso cierra la sesión en todos los dispositivos.
mail-copied-subject = Alguien intentó usar una copia de tu sesión
mail-copied-text = Las cookies de sesión de una de tus sesiones de keycard se usaron sin la clave que solo tiene tu propio navegador. Esto ocurre cuando las cookies se copiaron de ese dispositivo, por ejemplo con malware. Las rechazamos: la sesión sigue funcionando solo en tu dispositivo.
mail-copied-from = La copia se usó desde { $device } con la dirección { $ip }.
mail-copied-action = Revisar tus dispositivos
mail-copied-not-you = Revisa ese dispositivo en busca de malware, luego cierra su sesión desde la página de tu cuenta y elige una contraseña nueva.

## The pages of the links in mails
link-dead = Este enlace ha caducado o ya se usó.
link-checking = Comprobando el enlace…
link-ask-new = Pedir un enlace nuevo
link-go-home = Ir a keycard
notice-reset-sent = Si una cuenta usa esta dirección, hay un enlace en camino para elegir una contraseña nueva.
notice-reported = Se cerró la sesión de ese navegador. Si alguien más conoce tu contraseña, elige una nueva ahora.
forgot-text = Escribe la dirección de tu cuenta: le enviaremos un enlace para elegir una contraseña nueva.
forgot-submit = Enviar el enlace
forgot-back = Volver al inicio de sesión
reset-title = Elegir una contraseña nueva
reset-text = Elegir una contraseña nueva cierra la sesión en todos los dispositivos y después inicia sesión en este.
reset-submit = Establecer la contraseña nueva
verify-title-short = Confirmar tu dirección
verify-title = Confirma tu dirección de correo
verify-needs-password = Este navegador no creó la cuenta, así que elige aquí su contraseña: la que se dio al crearla ya no sirve. Con esto inicias sesión.
verify-text = Confirma la dirección para empezar a usar tu cuenta; con esto inicias sesión.
verify-submit = Confirmar mi dirección
confirm-title = Confirmar
confirm-password-optional = Contraseña nueva (opcional)
confirm-change-title = Usar esta dirección
confirm-change-question = ¿Hacer de { $address } la dirección de tu cuenta?
confirm-change-button = Usar esta dirección
confirm-undo-title = Deshacer el cambio de dirección
confirm-undo-question = ¿Devolver a la cuenta su dirección { $address }? Elige una contraseña nueva: se cerrará la sesión en todos los dispositivos y se eliminarán todas las llaves de acceso, la aplicación de autenticación y los códigos de recuperación, porque quien cambió la dirección pudo añadirlos.
confirm-undo-button = Deshacer el cambio
confirm-not-me-title = Cerrar la sesión de ese navegador
confirm-not-me-question = ¿Cerrar la sesión del navegador del aviso y de cada inicio de sesión que hizo desde entonces? Si alguien más conoce tu contraseña, elige también una nueva abajo: eso cierra la sesión en todos los dispositivos.
confirm-not-me-button = No fui yo: cerrar su sesión

## The second step of a sign-in
second-step-title = Un paso más
second-step-text = Abre tu aplicación de autenticación y escribe el código de 6 dígitos que muestra para keycard, o usa una de tus llaves de acceso.
second-step-code = Código
second-step-sign-in-again = Volver a iniciar sesión
second-step-pending = Comprobando…
second-step-submit = Continuar
second-step-recovery = ¿No tienes el teléfono a mano? Escribe uno de los códigos de recuperación que guardaste al configurar la aplicación; cada uno funciona una vez.

## The example page
example-title = Tu propia página
example-loading = Cargando…
example-greeting = ¡Hola, { $email }! Esta página es solo tuya.

## The development mailbox (/dev/mail)
dev-mail-title = Buzón de desarrollo
dev-mail-text = Correos que keycard habría enviado (KEYCARD_SMTP_URL no está definido), del más reciente al más antiguo.
dev-mail-empty = Todavía no hay correos.
dev-mail-to = Para
dev-mail-sent = enviado

## Every page's description, and the page for when the database is away
meta-description = keycard: crea una cuenta, inicia sesión con una contraseña y consulta y gestiona tus dispositivos y tu actividad de seguridad.
unavailable-title = No disponible temporalmente
unavailable-heading = keycard no está disponible temporalmente
unavailable-text = No podemos conectar con nuestra base de datos ahora mismo. Tu sesión está a salvo; vuelve a intentarlo en un momento.
