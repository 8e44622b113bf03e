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
session-end-revoked = Este dispositivo se cerró desde otro dispositivo.
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
home-card-passwords-text = argon2id con el coste que recomienda OWASP, comprobadas con un estimador de robustez, nunca recortadas y rehechas cuando sube el coste.
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
