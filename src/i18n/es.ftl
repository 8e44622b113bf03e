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
