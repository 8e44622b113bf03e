import { chromium, expect, test, type BrowserContext, type Page } from "@playwright/test";
import { DBSC_ACCESS_TTL_SECONDS, dbscURL } from "../playwright.config";
import { ACCESS_COOKIE, REFRESH_COOKIE, mailTo, register, registerWithoutJs, uniqueEmail, waitForHydration } from "./helpers";

// Sessions bound to the device (Device Bound Session Credentials), in
// Chromium with its DBSC flags (the "dbsc" project), against keycard over
// HTTPS with the suite's test CA. The access cookie lives a few seconds:
// every wait below spans at least one renewal by the browser.

const ttl = DBSC_ACCESS_TTL_SECONDS * 1000;

/** This browser's session on the account page. */
const thisDevice = (page: Page) => page.locator("li.device-current");

/** Reloads the account page until the server lists this browser's session as bound. */
async function waitUntilBound(page: Page) {
  await expect
    .poll(
      async () => {
        await page.goto("/account");
        return thisDevice(page).getByTestId("bound").count();
      },
      { timeout: 15_000, message: "the server lists this session as bound" },
    )
    .toBe(1);
}

async function cookie(context: BrowserContext, name: string): Promise<string | undefined> {
  return (await context.cookies()).find((c) => c.name === name)?.value;
}

/** The claims of the access token the browser holds (the server verified it). */
async function accessClaims(context: BrowserContext): Promise<Record<string, unknown>> {
  const token = await cookie(context, ACCESS_COOKIE);
  if (!token) throw new Error("no access cookie");
  return JSON.parse(Buffer.from(token.split(".")[1], "base64url").toString());
}

test.describe("sessions bound to the device", () => {
  test("a sign-in binds the session to the browser's key, which renews it across tabs and reloads", async ({ page, context }) => {
    await register(page);
    await waitUntilBound(page);
    expect(await accessClaims(context)).toHaveProperty("cnf.jkt");
    await expect(page.getByTestId("activity")).toContainText("bound to a key it keeps");
    const firstRefresh = await cookie(context, REFRESH_COOKIE);

    // A second tab; then three lifetimes of the access cookie with both
    // open: the browser renews it, the session keepers do not fight it.
    const second = await context.newPage();
    await second.goto("/account");
    await waitForHydration(second);
    await page.waitForTimeout(3 * ttl + 1_000);
    for (const tab of [page, second]) {
      await expect(tab).toHaveURL(/\/account$/);
      await expect(tab.getByTestId("account-email")).toBeVisible();
    }
    expect(await cookie(context, REFRESH_COOKIE), "renewals rotate the refresh token").not.toBe(firstRefresh);

    // Past another expiry, a reload renders signed in on the server: the
    // browser renewed the cookie before sending the page's request.
    await page.waitForTimeout(ttl + 1_000);
    await page.reload();
    await expect(page).toHaveURL(/\/account$/);
    await expect(thisDevice(page).getByTestId("bound")).toBeVisible();
    await expect(second).toHaveURL(/\/account$/);
    await expect(page.getByTestId("activity")).not.toContainText("Copied sign-in cookies");
  });

  test("without JavaScript the session is bound and renewed all the same", async ({ browser }) => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await registerWithoutJs(page, uniqueEmail("nojs-bound"));
    await waitUntilBound(page);
    await page.waitForTimeout(ttl + 1_000);
    await page.goto("/account");
    await expect(page).toHaveURL(/\/account$/);
    await expect(thisDevice(page).getByTestId("bound")).toBeVisible();
    await context.close();
  });

  test("copied cookies stop working once the access cookie runs out; the owner stays signed in and is told", async ({ page, context, browser }) => {
    const email = await register(page, uniqueEmail("copied"));
    await waitUntilBound(page);

    // Malware copies the whole cookie jar into a browser of its own, which
    // has no key for this session.
    const thief = await browser.newContext();
    await thief.addCookies(await context.cookies());
    const stolen = await thief.newPage();
    await stolen.waitForTimeout(ttl + 1_000);
    await stolen.goto("/account");
    await expect(stolen).toHaveURL(/\/login/);
    // Signing out with the copy (from its own browser) ends nothing.
    const signOut = await stolen.evaluate(async () => (await fetch("/api/auth/logout", { method: "POST" })).status);
    expect(signOut).toBe(200);

    // The owner's own browser is still signed in, and is told, by mail and on the account page.
    await page.goto("/account");
    await expect(page).toHaveURL(/\/account$/);
    const mail = await mailTo(email, "Someone tried to use a copy of your sign-in");
    expect(mail.text).toContain("only your own browser holds");
    await expect(page.getByTestId("activity")).toContainText("Copied sign-in cookies were refused");
    await page.waitForTimeout(ttl + 1_000);
    await page.reload();
    await expect(page).toHaveURL(/\/account$/);
    await thief.close();
  });

  test("a browser without device-bound sessions signs in and refreshes as before", async () => {
    const plain = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-first-run", "--disable-sync"] });
    const context = await plain.newContext({ baseURL: dbscURL, ignoreHTTPSErrors: true });
    const page = await context.newPage();
    await register(page, uniqueEmail("unbound"));
    const firstRefresh = await cookie(context, REFRESH_COOKIE);
    await page.waitForTimeout(ttl + 1_000);
    await page.reload();
    await expect(page).toHaveURL(/\/account$/);
    await expect(thisDevice(page)).toBeVisible();
    await expect(thisDevice(page).getByTestId("bound")).toHaveCount(0);
    expect(await accessClaims(context)).not.toHaveProperty("cnf");
    expect(await cookie(context, REFRESH_COOKIE), "refreshed with the cookie, as always").not.toBe(firstRefresh);
    await plain.close();
  });
});
