import { expect, test, type CDPSession, type Page } from "@playwright/test";
import { REAUTH_WINDOW_SECONDS } from "../playwright.config";
import { PASSWORD, register, submitCredentials, waitForHydration } from "./helpers";

/** A platform authenticator in this page's browser, from Chromium's
 * DevTools WebAuthn domain: CTAP 2.1, discoverable credentials, user
 * verification (the PIN or fingerprint) that succeeds, and a user who is
 * always present. */
async function addAuthenticator(page: Page): Promise<{ cdp: CDPSession; authenticatorId: string }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("WebAuthn.enable", { enableUI: false });
  const { authenticatorId } = await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: {
      protocol: "ctap2",
      ctap2Version: "ctap2_1",
      transport: "internal",
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return { cdp, authenticatorId };
}

/** A browser without passkey autofill: the sign-in page then starts no
 * conditional request, which Chromium's virtual authenticator would answer
 * at once (it resolves every request immediately), so the button's own
 * journey can be told apart. */
async function withoutAutofill(page: Page) {
  await page.addInitScript(() => {
    if (window.PublicKeyCredential) {
      PublicKeyCredential.isConditionalMediationAvailable = async () => false;
    }
  });
}

/** From the account page: adds a passkey named `name`. */
async function addPasskey(page: Page, name: string) {
  await page.getByLabel("Name of the new passkey").fill(name);
  await page.getByTestId("passkey-add").click();
  await expect(page.getByTestId("passkey-list")).toContainText(name);
}

async function signOut(page: Page) {
  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(page).toHaveURL(/\/login\?reason=signed_out$/);
  await waitForHydration(page);
}

/** An account with a passkey in this browser's authenticator, signed out. */
async function signedOutWithPasskey(page: Page) {
  const email = await register(page);
  await waitForHydration(page);
  const authenticator = await addAuthenticator(page);
  await addPasskey(page, "Test key");
  await signOut(page);
  return { email, ...authenticator };
}

test.describe("passkeys", () => {
  test("a passkey is added, signs in from the button, is renamed, and is removed after confirming it's you with it", async ({ page }) => {
    await withoutAutofill(page);
    const email = await register(page);
    await waitForHydration(page);
    await expect(page.getByTestId("passkeys-none")).toBeVisible();
    const { cdp, authenticatorId } = await addAuthenticator(page);
    await addPasskey(page, "Test key");
    // The first second factor of the account: recovery codes, shown once.
    await expect(page.getByTestId("recovery-codes").locator("li")).toHaveCount(10);
    await expect(page.getByTestId("passkey")).toContainText("never used");
    await expect(page.getByTestId("activity")).toContainText("Passkey added");
    const { credentials } = await cdp.send("WebAuthn.getCredentials", { authenticatorId });
    expect(credentials).toHaveLength(1);
    expect(credentials[0].isResidentCredential).toBe(true);

    // The button.
    await signOut(page);
    await page.getByTestId("passkey-sign-in").click();
    await expect(page).toHaveURL(/\/account$/);
    await expect(page.getByTestId("account-email")).toHaveText(email);
    await expect(page.getByTestId("passkey")).toContainText("last used");

    // Renamed, then removed after confirming it's you with the passkey.
    const item = page.getByTestId("passkey");
    await item.getByLabel("New name").fill("Laptop");
    await item.getByRole("button", { name: "Rename" }).click();
    await expect(page.getByTestId("passkey-name")).toHaveText("Laptop");
    await page.waitForTimeout((REAUTH_WINDOW_SECONDS + 1) * 1000);
    await page.getByTestId("passkey-remove").click();
    await expect(page.getByTestId("reauth")).toBeVisible();
    await page.getByTestId("reauth-passkey").click();
    await expect(page.getByTestId("passkeys-none")).toBeVisible();
    await expect(page.getByTestId("activity")).toContainText("Passkey removed");

    // Gone from the account: the browser's copy signs in no more.
    await signOut(page);
    await page.getByTestId("passkey-sign-in").click();
    await expect(page.getByTestId("passkey-error")).toContainText("not registered here");
    await expect(page).toHaveURL(/\/login/);
  });

  test("the e-mail field's autofill offers the passkey, and choosing it signs in", async ({ page, request }) => {
    // Which mediation each request of the page asked for.
    const mediations: string[] = [];
    await page.exposeFunction("recordMediation", (mediation: string) => mediations.push(mediation));
    await page.addInitScript(() => {
      const get = navigator.credentials.get.bind(navigator.credentials);
      navigator.credentials.get = (options) => {
        void (window as unknown as { recordMediation: (m: string) => void }).recordMediation(options?.mediation ?? "none");
        return get(options);
      };
    });
    const email = await register(page);
    await waitForHydration(page);
    await addAuthenticator(page);
    await addPasskey(page, "Test key");
    // The sign-in page as a signed-out browser gets it (no cookies here).
    const login = await (await request.get("/login")).text();
    expect(login).toMatch(/<input[^>]*autocomplete="username webauthn"/);

    // Signed out, the sign-in page asks for a passkey through the autofill;
    // the virtual authenticator picks it at once, as a user choosing it
    // from the field's list would, and the page signs in.
    await page.getByRole("button", { name: "Sign out", exact: true }).click();
    await expect.poll(() => mediations).toContain("conditional");
    await expect(page).toHaveURL(/\/account$/);
    await expect(page.getByTestId("account-email")).toHaveText(email);
    await expect(page.getByTestId("passkey")).toContainText("last used");
    expect(mediations).not.toContain("none");
  });

  test("a bogus signature and a refused user verification sign nobody in", async ({ page }) => {
    await withoutAutofill(page);
    const { email, cdp, authenticatorId } = await signedOutWithPasskey(page);

    await cdp.send("WebAuthn.setResponseOverrideBits", { authenticatorId, isBogusSignature: true });
    await page.getByTestId("passkey-sign-in").click();
    await expect(page.getByTestId("passkey-error")).toContainText("could not be verified");
    await expect(page).toHaveURL(/\/login/);

    await cdp.send("WebAuthn.setResponseOverrideBits", { authenticatorId, isBogusSignature: false });
    await cdp.send("WebAuthn.setUserVerified", { authenticatorId, isUserVerified: false });
    await page.getByTestId("passkey-sign-in").click();
    // Chromium refuses in the browser (the authenticator cannot verify its
    // user) or the server refuses an answer without the verified flag.
    await expect(page.getByTestId("passkey-error")).toHaveText(/cancelled or timed out|could not be verified/);
    await expect(page).toHaveURL(/\/login/);
    expect((await page.context().cookies()).map((c) => c.name)).not.toContain("__Host-keycard_at");

    // The same passkey, verified, gets in.
    await cdp.send("WebAuthn.setUserVerified", { authenticatorId, isUserVerified: true });
    await page.getByTestId("passkey-sign-in").click();
    await expect(page).toHaveURL(/\/account$/);
    await expect(page.getByTestId("account-email")).toHaveText(email);
  });

  test("after a password, a passkey serves as the second step", async ({ page }) => {
    await withoutAutofill(page);
    const { email } = await signedOutWithPasskey(page);
    await submitCredentials(page, email, PASSWORD, "Sign in");
    await expect(page).toHaveURL(/\/login\/second-factor$/);
    await waitForHydration(page);
    await page.getByTestId("second-step-passkey").click();
    await expect(page).toHaveURL(/\/account$/);
    await expect(page.getByTestId("account-email")).toHaveText(email);
  });

  test("the sign-in page keeps room for the passkey button only in a browser that can use passkeys", async ({ browser }) => {
    // Where the next thing on the page starts, once every island has run.
    const below = async (options: { javaScriptEnabled: boolean; passkeys: boolean }) => {
      const context = await browser.newContext({ javaScriptEnabled: options.javaScriptEnabled });
      const page = await context.newPage();
      if (!options.passkeys) {
        await page.addInitScript(() => {
          delete (window as { PublicKeyCredential?: unknown }).PublicKeyCredential;
        });
      }
      await page.goto("/login");
      const forgot = page.getByRole("link", { name: "Forgot your password?" });
      const before = (await forgot.boundingBox())!.y;
      if (options.javaScriptEnabled) await waitForHydration(page);
      const after = (await forgot.boundingBox())!.y;
      expect(after, "nothing moves when the islands have run").toBe(before);
      const button = page.getByTestId("passkey-sign-in");
      if (options.passkeys && options.javaScriptEnabled) await expect(button).toBeVisible();
      else await expect(button).toBeHidden();
      // The classes the head script puts on <html> style nothing else (a
      // `.passkeys` once also matched the passkey list's rules, page-wide).
      const asideMargin = await page.locator("p.aside").first().evaluate((p) => getComputedStyle(p).marginTop);
      await context.close();
      return { after, asideMargin };
    };
    const withoutScript = await below({ javaScriptEnabled: false, passkeys: true });
    const withoutPasskeys = await below({ javaScriptEnabled: true, passkeys: false });
    const withPasskeys = await below({ javaScriptEnabled: true, passkeys: true });
    expect(withoutPasskeys.after, "no empty space where the button would be").toBe(withoutScript.after);
    expect(withPasskeys.after, "the button takes its room").toBeGreaterThan(withoutScript.after);
    expect(withPasskeys.asideMargin, "the page's own spacing is the same in every browser").toBe(withoutScript.asideMargin);
    expect(withoutPasskeys.asideMargin).toBe(withoutScript.asideMargin);
  });
});
