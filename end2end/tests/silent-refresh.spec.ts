import { expect, test } from "@playwright/test";
import {
  ACCESS_COOKIE,
  REFRESH_COOKIE,
  accessCookieExpired,
  cookie,
  login,
  looksHidden,
  nextRefresh,
  register,
  sessionIsActive,
  waitForHydration,
} from "./helpers";

// The test server issues 3-second access tokens (playwright.config.ts).

test.describe("staying signed in", () => {
  test("a tab left open across several token lifetimes stays signed in, and its next action works", async ({ page }) => {
    await register(page);
    for (let i = 0; i < 3; i++) {
      await nextRefresh(page);
    }
    await expect(page).toHaveURL(/\/account$/);
    const action = page.waitForResponse((r) => r.url().endsWith("/api/account/revoke_other_sessions"));
    await page.getByRole("button", { name: "Sign out all other devices" }).click();
    expect((await action).status()).toBe(200);
    await expect(page).toHaveURL(/\/account$/);
  });

  test("after expiry, a full reload renders the account signed in", async ({ page, context }) => {
    const email = await register(page);
    // Close the page so its client cannot refresh; wait for the browser to drop the access cookie.
    await page.goto("about:blank");
    await accessCookieExpired(context);
    const response = await page.goto("/account");
    expect(response?.status()).toBe(200);
    expect(response?.url()).toMatch(/\/account$/);
    await expect(page.getByTestId("account-email")).toHaveText(email);
    expect(await cookie(context, ACCESS_COOKIE)).toBeDefined();
  });

  test("two tabs hitting expiry together both stay signed in, and the session survives", async ({ context }) => {
    const first = await context.newPage();
    await register(first);
    const second = await context.newPage();
    await second.goto("/account");
    await waitForHydration(second);

    const refreshes: number[] = [];
    for (const p of [first, second]) {
      p.on("response", (r) => {
        if (r.url().endsWith("/api/auth/refresh")) refreshes.push(r.status());
      });
    }
    await expect.poll(() => refreshes.length, { timeout: 20_000 }).toBeGreaterThanOrEqual(3);
    expect(refreshes.every((s) => s === 200)).toBe(true);
    for (const p of [first, second]) {
      await expect(p).toHaveURL(/\/account$/);
    }
    expect(await sessionIsActive(first)).toBe(true);
    await second.reload();
    await expect(second).toHaveURL(/\/account$/);
  });

  test("signing out in one tab signs the other out within a second", async ({ context }) => {
    const a = await context.newPage();
    await register(a);
    const b = await context.newPage();
    await b.goto("/account");
    await waitForHydration(b);
    await a.getByRole("button", { name: "Sign out", exact: true }).click();
    await expect(b).toHaveURL(/\/login\?next=%2Faccount&reason=signed_out$/, { timeout: 1_000 });
  });

  test("tokens are invisible to page scripts", async ({ page, context }) => {
    await register(page);
    const visible = await page.evaluate(() => document.cookie);
    expect(visible).not.toContain("keycard");
    const cookies = await context.cookies();
    for (const name of [ACCESS_COOKIE, REFRESH_COOKIE]) {
      const c = cookies.find((x) => x.name === name);
      expect(c?.httpOnly).toBe(true);
      expect(c?.secure).toBe(true);
      expect(c?.sameSite).toBe("Lax");
      expect(visible).not.toContain(c!.value);
    }
  });

  test("an action answered 401 is retried once after one refresh", async ({ page, context }) => {
    await register(page);
    await context.clearCookies({ name: ACCESS_COOKIE });
    const calls: string[] = [];
    page.on("response", (r) => {
      const path = new URL(r.url()).pathname;
      if (path.startsWith("/api/")) calls.push(`${path} ${r.status()}`);
    });
    await page.getByRole("button", { name: "Sign out all other devices" }).click();
    await expect.poll(() => calls).toContain("/api/account/revoke_other_sessions 200");
    expect(calls.slice(0, 3)).toEqual([
      "/api/account/revoke_other_sessions 401",
      "/api/auth/refresh 200",
      "/api/account/revoke_other_sessions 200",
    ]);
    await expect(page).toHaveURL(/\/account$/);
  });

  test("a revoked session sends the tab to sign in, with the reason", async ({ page, browser }) => {
    await register(page);
    // Someone holding this session's refresh token signs it out elsewhere.
    const rt = await cookie(page.context(), REFRESH_COOKIE);
    const other = await browser.newContext();
    await other.addCookies([{ ...rt!, sameSite: "Lax" }]);
    const otherPage = await other.newPage();
    const out = await otherPage.request.post("/api/auth/logout");
    expect(out.status()).toBe(200);
    await other.close();

    await page.context().clearCookies({ name: ACCESS_COOKIE });
    await page.getByRole("button", { name: "Sign out all other devices" }).click();
    await expect(page).toHaveURL(/\/login\?next=%2Faccount&reason=expired$/);
    await expect(page.getByRole("status")).toContainText("Your session has ended");
  });

  test("a reload that finds the session revoked keeps its reason while the old page's refresh fails", async ({ page, browser }) => {
    const email = await register(page);
    // The tab looks hidden, so its keeper waits instead of refreshing. It is
    // shown again by a message from another tab: a page with a navigation
    // under way runs no script from the test.
    await looksHidden(page);
    await page.evaluate(() => {
      new BroadcastChannel("test-visibility").onmessage = () => {
        Object.defineProperty(document, "visibilityState", { value: "visible", configurable: true });
        document.dispatchEvent(new Event("visibilitychange"));
      };
    });

    const other = await browser.newContext();
    const op = await other.newPage();
    await login(op, email);
    await expect(op).toHaveURL(/\/account$/);
    const revoked = op.waitForResponse((r) => r.url().endsWith("/api/account/revoke_other_sessions"));
    await op.getByRole("button", { name: "Sign out all other devices" }).click();
    expect((await revoked).status()).toBe(200);
    await other.close();
    await accessCookieExpired(page.context());

    // The reload's answer (revoked: sign in again, cookies cleared) is in,
    // but held back while the old page is still there.
    let fetched!: () => void;
    const answerIn = new Promise<void>((resolve) => (fetched = resolve));
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route("**/account", async (route) => {
      const response = await route.fetch({ maxRedirects: 0 });
      expect(response.headers()["location"]).toContain("reason=revoked");
      fetched();
      await held;
      await route.fulfill({ response }).catch(() => {});
    });
    const reload = page.reload().catch(() => {});
    await answerIn;
    expect(await cookie(page.context(), REFRESH_COOKIE)).toBeUndefined();

    // The old page becomes visible and refreshes, without cookies now: the
    // server cannot say why it fails. The reload must still win.
    const failed = page.waitForResponse((r) => r.url().endsWith("/api/auth/refresh"));
    const messenger = await page.context().newPage();
    await messenger.goto("/favicon.ico");
    await messenger.evaluate(() => new BroadcastChannel("test-visibility").postMessage("show"));
    expect((await failed).status()).toBe(401);
    await page.waitForTimeout(300);
    release();
    await reload;
    await expect(page).toHaveURL(/\/login\?next=%2Faccount&reason=revoked$/);
    await expect(page.getByRole("status")).toHaveText("This device was signed out from another device.");
  });

  test("signing out while a refresh is due lands on the signed-out page", async ({ page }) => {
    await register(page);
    await waitForHydration(page);
    // The sign-out is done on the server, and its answer held back longer
    // than the 3-second token lives: the tab's refresh falls due meanwhile.
    // It waits for the sign-out (which holds the tabs' refresh lock) instead
    // of failing without cookies and leaving first.
    const refreshes: number[] = [];
    page.on("response", (r) => {
      if (r.url().endsWith("/api/auth/refresh")) refreshes.push(r.status());
    });
    await page.route("**/api/auth/logout", async (route) => {
      const response = await route.fetch();
      const before = refreshes.length;
      await page.waitForTimeout(3500);
      expect(refreshes.length, "no refresh while the sign-out is under way").toBe(before);
      await route.fulfill({ response }).catch(() => {});
    });
    await page.getByRole("button", { name: "Sign out", exact: true }).click();
    await expect(page).toHaveURL(/\/login\?reason=signed_out$/);
    await expect(page.getByRole("status")).toHaveText("You are signed out.");
  });

  test("a tab whose refresh is due while another tab signs out is told it was signed out", async ({ context }) => {
    const a = await context.newPage();
    await register(a);
    const b = await context.newPage();
    await b.goto("/account");
    await waitForHydration(b);
    // The sign-out is done on the server (the cookies are gone), and its
    // answer held back longer than B's 3-second token lives: B's keeper is
    // due meanwhile.
    await a.route("**/api/auth/logout", async (route) => {
      const response = await route.fetch();
      await a.waitForTimeout(3500);
      await route.fulfill({ response }).catch(() => {});
    });
    await a.getByRole("button", { name: "Sign out", exact: true }).click();
    await expect(a).toHaveURL(/\/login\?reason=signed_out$/);
    await expect(b).toHaveURL(/\/login\?next=%2Faccount&reason=signed_out$/);
  });
});
