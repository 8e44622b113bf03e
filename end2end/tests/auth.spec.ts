import { expect, test } from "@playwright/test";
import {
  PASSWORD,
  accessCookieExpired,
  login,
  register,
  registerWithoutJs,
  signOutAndBackInByForms,
  submitCredentials,
  uniqueEmail,
  waitForHydration,
} from "./helpers";

test.describe("signing up and in", () => {
  test("register, confirm the address from the mail, and land on the account page, signed in", async ({ page }) => {
    const email = await register(page);
    await expect(page.getByRole("banner")).toContainText(email);
    await page.goto("/");
    await expect(page.getByRole("link", { name: "Go to your account" })).toBeVisible();
  });

  test("a weak password is refused inline, next to the field", async ({ page }) => {
    await page.goto("/register");
    await waitForHydration(page);
    await page.evaluate(() => ((window as unknown as { sameLoad: boolean }).sameLoad = true));
    await submitCredentials(page, uniqueEmail(), "password123", "Create account");
    const password = page.getByLabel("Password", { exact: true });
    await expect(password).toHaveAttribute("aria-invalid", "true");
    await expect(page.locator("#field-password-error")).toContainText("too easy to guess");
    await expect(page).toHaveURL(/\/register$/);
    expect(await page.evaluate(() => (window as unknown as { sameLoad?: boolean }).sameLoad), "no page load").toBe(true);
    await expect(page.getByLabel("E-mail")).not.toHaveValue("");
  });

  test("sign out, then sign in again", async ({ page }) => {
    const email = await register(page);
    await page.getByRole("button", { name: "Sign out", exact: true }).click();
    await expect(page).toHaveURL(/\/login\?reason=signed_out$/);
    await expect(page.getByRole("status")).toHaveText("You are signed out.");
    await page.goto("/account");
    await expect(page).toHaveURL(/\/login\?next=%2Faccount$/);

    await login(page, email);
    await expect(page).toHaveURL(/\/account$/);
    await expect(page.getByTestId("account-email")).toHaveText(email);
  });

  test("a wrong password gets a clear message and no session", async ({ page, context }) => {
    const email = await register(page);
    await context.clearCookies();
    await login(page, email, "not my password at all");
    await expect(page.getByRole("alert").filter({ hasText: "don't match an account" })).toBeVisible();
    await expect(page).toHaveURL(/\/login$/);
    expect((await context.cookies()).filter((c) => c.name.includes("keycard"))).toEqual([]);
  });

  test("a protected page sends you to sign in and then back", async ({ page, context }) => {
    const email = await register(page);
    await context.clearCookies();
    await page.goto("/account");
    await expect(page).toHaveURL(/\/login\?next=%2Faccount$/);
    await waitForHydration(page);
    await submitCredentials(page, email, PASSWORD, "Sign in");
    await expect(page).toHaveURL(/\/account$/);
  });

  test("next never leaves the site", async ({ page, context }) => {
    const email = await register(page);
    await context.clearCookies();
    await login(page, email, PASSWORD, "/login?next=https://evil.example/");
    await expect(page).toHaveURL(/\/\/localhost:\d+\/account$/);
  });

  test("signed-in users are sent on from the login page", async ({ page }) => {
    await register(page);
    await page.goto("/login?next=/");
    await expect(page).toHaveURL(/\/\/localhost:\d+\/$/);
  });
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("register, sign out and sign in with plain form posts", async ({ page }) => {
    const email = uniqueEmail("nojs");
    await registerWithoutJs(page, email);
    await signOutAndBackInByForms(page, email);
  });

  test("after the access token expires, a reload still renders the account signed in", async ({ page, context }) => {
    const email = uniqueEmail("nojs-expiry");
    await registerWithoutJs(page, email);
    await accessCookieExpired(context);
    const response = await page.reload();
    expect(response?.status()).toBe(200);
    await expect(page).toHaveURL(/\/account$/);
    await expect(page.getByTestId("account-email")).toHaveText(email);
  });
});
