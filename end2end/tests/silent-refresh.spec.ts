import { expect, test } from "@playwright/test";
import {
  ACCESS_COOKIE,
  REFRESH_COOKIE,
  accessCookieExpired,
  cookie,
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
});
