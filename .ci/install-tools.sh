#!/usr/bin/env bash
# Installs what building (and, with `test`, testing) keycard needs, skipping
# whatever is already present. See ../shared/TOOLCHAIN.md for why each pin.
#   .ci/install-tools.sh build   wasm target, cargo-leptos, wasm-bindgen-cli, wasm-opt
#   .ci/install-tools.sh test    the above, plus chromium, postgresql, Playwright, openssl, certutil
#   .ci/install-tools.sh bench   the build tools, plus postgresql, wrk, chromium and Lighthouse
set -euo pipefail
cd "$(dirname "$0")/.."

LEPTOS_VERSION=0.3.10
WASM_BINDGEN_VERSION=$(sed -n 's/^wasm-bindgen = "=\(.*\)"/\1/p' Cargo.toml)
BINARYEN_VERSION=132
export PATH="$HOME/.cargo/bin:$PATH"
say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

# The build tools are installed unoptimised, without LTO or debug info:
# cargo-leptos then installs in under 6 minutes on 2 cores instead of 21
# (11 at opt-level 1), and what they do per build (minify one script, hash
# three files, bind one WASM) stays a matter of seconds.
fast_install() {
  CARGO_PROFILE_RELEASE_LTO=off CARGO_PROFILE_RELEASE_CODEGEN_UNITS=256 CARGO_PROFILE_RELEASE_OPT_LEVEL=0 \
    CARGO_PROFILE_RELEASE_DEBUG=false CARGO_PROFILE_RELEASE_INCREMENTAL=false cargo install "$@"
}

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if [ "$(cargo leptos --version 2>/dev/null | awk '{print $2}')" != "$LEPTOS_VERSION" ]; then
  say "installing cargo-leptos $LEPTOS_VERSION (about 6 minutes on 2 cores)"
  fast_install --locked "cargo-leptos@$LEPTOS_VERSION"
fi

# Must equal the wasm-bindgen in Cargo.lock; its own lockfile names a crate
# version the registry lacks, hence no --locked.
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WASM_BINDGEN_VERSION" ]; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  fast_install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

# Debian's binaryen (108) breaks hydration; the npm package is current.
if [ ! -x .tools/node_modules/.bin/wasm-opt ]; then
  say "installing wasm-opt (npm binaryen $BINARYEN_VERSION) into .tools/"
  mkdir -p .tools
  npm install --prefix .tools --no-audit --no-fund --loglevel=error "binaryen@$BINARYEN_VERSION"
fi

mode="${1:-build}"
apt_packages=()
command -v brotli >/dev/null || apt_packages+=(brotli) # precompressed assets
if [ "$mode" != build ]; then
  compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || apt_packages+=(postgresql)
fi
if [ "$mode" = test ] || [ "$mode" = bench ]; then
  command -v chromium >/dev/null || apt_packages+=(chromium)
fi
# The device-bound-session journeys: a test CA (openssl) that Chromium's
# NSS database trusts (certutil).
if [ "$mode" = test ]; then
  command -v openssl >/dev/null || apt_packages+=(openssl)
  command -v certutil >/dev/null || apt_packages+=(libnss3-tools)
fi
if [ "$mode" = bench ]; then
  command -v wrk >/dev/null || apt_packages+=(wrk)
fi
if [ ${#apt_packages[@]} -gt 0 ]; then
  say "installing ${apt_packages[*]} from Debian"
  sudo=()
  [ "$(id -u)" = 0 ] || sudo=(sudo)
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${apt_packages[@]}"
fi

# Lighthouse audits the first load in `make bench`; 12.x is the line that
# runs on Debian's Node 20 (13 needs Node 22).
LIGHTHOUSE_VERSION=12.8.2
if [ "$mode" = bench ] && [ "$(cat .tools/lighthouse/node_modules/lighthouse/package.json 2>/dev/null | sed -n 's/^  "version": "\(.*\)",/\1/p')" != "$LIGHTHOUSE_VERSION" ]; then
  say "installing lighthouse $LIGHTHOUSE_VERSION into .tools/lighthouse"
  mkdir -p .tools/lighthouse
  npm install --prefix .tools/lighthouse --no-audit --no-fund --loglevel=error "lighthouse@$LIGHTHOUSE_VERSION"
fi

[ "$mode" = test ] || exit 0

# Playwright, the SMTP server the suites send mail to (smtp-server,
# mailparser) and the OpenID provider they sign in with (oidc-provider). A
# folder from before the mail or provider tests lacks the latter.
if [ ! -x end2end/node_modules/.bin/playwright ] || [ ! -d end2end/node_modules/smtp-server ] \
   || [ ! -d end2end/node_modules/mailparser ] || [ ! -d end2end/node_modules/oidc-provider ]; then
  say "installing Playwright and the test SMTP server (no browser download: Debian's chromium is used)"
  (cd end2end && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
fi

# The metrics test parses /metrics with Prometheus' own Python client.
PROMETHEUS_CLIENT_VERSION=0.26.0
if ! .tools/py/bin/python -c "import sys, importlib.metadata as m; sys.exit(m.version('prometheus_client') != '$PROMETHEUS_CLIENT_VERSION')" 2>/dev/null; then
  say "installing prometheus_client $PROMETHEUS_CLIENT_VERSION into .tools/py"
  python3 -m venv .tools/py
  .tools/py/bin/pip install --quiet --disable-pip-version-check "prometheus_client==$PROMETHEUS_CLIENT_VERSION"
fi
