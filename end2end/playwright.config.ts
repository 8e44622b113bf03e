import { resolve } from "node:path";
import { defineConfig, devices } from "@playwright/test";

// The suite runs against the site made by `make site-test` (the release
// browser bundle, the server in the dev profile) or `make site` (all release,
// with E2E_SERVER naming target/release/keycard), started here with a fresh
// SQLite database and short token lifetimes, so journeys that need time to
// pass (expiry, refresh) take seconds.
export const server = resolve(__dirname, process.env.E2E_SERVER ?? "../target/debug/keycard");
const port = Number(process.env.E2E_PORT ?? 3107);
// Browsers refuse an IP address as a WebAuthn relying party, so the suite
// reaches the server (bound to 127.0.0.1) by the name localhost, which is
// also its public URL: cookies and the Origin check follow the name.
export const baseURL = `http://localhost:${port}`;
// The real SMTP server the suite reads mail from (mail/sink.mjs).
const smtpPort = Number(process.env.E2E_SMTP_PORT ?? port + 1000);
export const MAIL_DIR = ".mail";
// The real OpenID provider the suite signs in with (oidc/provider.mjs).
const oidcPort = Number(process.env.E2E_OIDC_PORT ?? port + 2000);
export const ACCESS_TTL_SECONDS = 3;
// keycard over HTTPS (its own rustls, a certificate from the test CA that
// dbsc/make-ca.sh made) for the device-bound-session journeys: browsers
// offer Device Bound Session Credentials on https origins only.
const dbscPort = Number(process.env.E2E_DBSC_PORT ?? port + 3000);
export const dbscURL = `https://localhost:${dbscPort}`;
export const DBSC_ACCESS_TTL_SECONDS = 5;
// Chromium's DBSC with software keys (no TPM here); the origin-trial and
// refresh-quota gates are lifted so the short TTL can renew often.
export const DBSC_FEATURES =
  "--enable-features=DeviceBoundSessions:RequireOriginTrialTokens/false/RefreshQuota/false,EnableBoundSessionCredentialsSoftwareKeysForManualTesting";
// Chromium reads the CA it trusts from $HOME/.pki/nssdb.
export const DBSC_HOME = `${__dirname}/.dbsc/home`;
const chromiumArgs = [
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];
// Long enough for every journey that makes a sensitive change right after
// signing in; the re-authentication spec waits it out.
export const REAUTH_WINDOW_SECONDS = 20;

// What both keycard servers of the suite share.
const keycardEnv = {
  LEPTOS_SITE_ROOT: "../target/site",
  // What cargo-leptos builds into a release binary; the dev one reads it here.
  LEPTOS_OUTPUT_NAME: "keycard",
  // A fixed test secret (32 bytes, base64); never used outside the suite.
  KEYCARD_SECRET: "a2V5Y2FyZC1lbmQtdG8tZW5kLXRlc3Qtc2VjcmV0ISE=",
  KEYCARD_REFRESH_GRACE: "2s",
  KEYCARD_REAUTH_WINDOW: `${REAUTH_WINDOW_SECONDS}s`,
  // The suite creates many accounts from one address.
  KEYCARD_REGISTER_LIMIT: "10000/1h",
  KEYCARD_SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
  RUST_LOG: "info",
};

/** A keycard server of the suite, on a fresh SQLite database in `data`,
 * ready when `ready` answers; its log goes into the run's. */
function keycardServer(data: string, ready: string, env: Record<string, string>) {
  return {
    command: `rm -rf ${data} && mkdir -p ${data} && exec ${server}`,
    url: ready,
    ignoreHTTPSErrors: ready.startsWith("https:"),
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: "pipe" as const,
    stderr: "pipe" as const,
    env: { ...keycardEnv, DATABASE_URL: `sqlite://${data}/keycard.db`, ...env },
  };
}

export default defineConfig({
  testDir: "./tests",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 2,
  forbidOnly: !!process.env.CI,
  retries: 0,
  reporter: [["list"]],
  use: {
    baseURL,
    trace: "retain-on-failure",
  },
  projects: [
    {
      name: "chromium",
      testIgnore: /dbsc\.spec\.ts/,
      use: {
        ...devices["Desktop Chrome"],
        launchOptions: { executablePath: "/usr/bin/chromium", args: chromiumArgs },
      },
    },
    {
      name: "dbsc",
      testMatch: /dbsc\.spec\.ts/,
      use: {
        ...devices["Desktop Chrome"],
        baseURL: dbscURL,
        launchOptions: {
          executablePath: "/usr/bin/chromium",
          args: [...chromiumArgs, DBSC_FEATURES],
          env: { ...process.env, HOME: DBSC_HOME },
        },
      },
    },
  ],
  webServer: [
  {
    command: `exec node oidc/provider.mjs ${oidcPort}`,
    port: oidcPort,
    reuseExistingServer: false,
    timeout: 30_000,
  },
  {
    command: `rm -rf ${MAIL_DIR} && exec node mail/sink.mjs ${smtpPort} ${MAIL_DIR}`,
    port: smtpPort,
    reuseExistingServer: false,
    timeout: 30_000,
  },
  keycardServer(".data", `http://127.0.0.1:${port}/readyz`, {
    LEPTOS_SITE_ADDR: `127.0.0.1:${port}`,
    KEYCARD_PUBLIC_URL: baseURL,
    KEYCARD_ACCESS_TTL: `${ACCESS_TTL_SECONDS}s`,
    // A second provider that is down: nothing listens where it points.
    KEYCARD_OIDC_PROVIDERS: "test,offline",
    KEYCARD_OIDC_OFFLINE_ISSUER: `http://127.0.0.1:${oidcPort + 1}`,
    KEYCARD_OIDC_OFFLINE_CLIENT_ID: "keycard",
    KEYCARD_OIDC_OFFLINE_CLIENT_SECRET: "keycard-secret",
    KEYCARD_OIDC_OFFLINE_NAME: "Offline ID",
    KEYCARD_OIDC_TEST_ISSUER: `http://127.0.0.1:${oidcPort}`,
    KEYCARD_OIDC_TEST_CLIENT_ID: "keycard",
    KEYCARD_OIDC_TEST_CLIENT_SECRET: "keycard-secret",
    KEYCARD_OIDC_TEST_NAME: "Test ID",
  }),
  keycardServer(".data-dbsc", `${dbscURL}/readyz`, {
    LEPTOS_SITE_ADDR: `127.0.0.1:${dbscPort}`,
    KEYCARD_PUBLIC_URL: dbscURL,
    KEYCARD_TLS_CERT: ".dbsc/server.pem",
    KEYCARD_TLS_KEY: ".dbsc/server.key",
    KEYCARD_ACCESS_TTL: `${DBSC_ACCESS_TTL_SECONDS}s`,
  }),
  ],
});
