import { expect, test, type Page } from "@playwright/test";
import { PASSWORD, mailTo, register, uniqueEmail, waitForHydration } from "./helpers";

// Sign-in with another provider, against a real OpenID provider on loopback
// (oidc/provider.mjs, npm oidc-provider): its login and consent pages are
// plain forms, and whoever's name is typed there signs in.

/** Goes through the provider's pages as `login`, until it sends the browser back. */
async function atProvider(page: Page, login: string) {
  await expect(page).toHaveURL(/127\.0\.0\.1:\d+\/interaction\//);
  const name = page.locator('input[name="login"]');
  if (await name.isVisible()) {
    await name.fill(login);
    await page.locator('input[name="password"]').fill("anything");
    await page.locator('button[type="submit"]').click();
  }
  // The consent page (asked once per browser and client).
  if (page.url().includes("/interaction/")) {
    await page.locator('button[type="submit"]').click();
  }
}

test.describe("sign-in with another provider", () => {
  test("a first sign-in makes a confirmed account, which can then set a password", async ({ page }) => {
    const email = uniqueEmail("provider");
    await page.goto("/login");
    await waitForHydration(page);
    await page.getByRole("button", { name: "Continue with Test ID" }).click();
    await atProvider(page, email);

    await expect(page).toHaveURL(/\/account$/);
    await expect(page.getByText(email).first()).toBeVisible();
    const methods = page.getByTestId("methods");
    await expect(methods).toContainText("Test ID");
    await expect(methods).toContainText("Not set");
    // The only way in cannot be unlinked.
    await waitForHydration(page);
    await page.getByRole("button", { name: "Unlink Test ID" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "last way to sign in" })).toBeVisible();
  });

  test("the owner links a provider from the account page, is told, and signs in with it", async ({ page, browser }) => {
    const email = await register(page);
    await page.goto("/account");
    await waitForHydration(page);
    await page.getByRole("button", { name: "Link Test ID" }).click();
    await atProvider(page, `${email}.elsewhere`);
    await expect(page).toHaveURL(/\/account\?linked=test$/);
    await expect(page.getByRole("status").filter({ hasText: "Linked" })).toBeVisible();
    await expect(page.getByTestId("methods")).toContainText(`${email}.elsewhere`);
    const told = await mailTo(email, "The sign-in protection of your account changed");
    expect(told.text).toContain("Signing in with Test ID was linked to");

    // Another browser: the provider's identity opens the owner's account.
    const other = await browser.newContext();
    const second = await other.newPage();
    await second.goto("/login");
    await second.getByRole("button", { name: "Continue with Test ID" }).click();
    await atProvider(second, `${email}.elsewhere`);
    await expect(second).toHaveURL(/\/account$/);
    await expect(second.getByText(email).first()).toBeVisible();
    await other.close();

    // Unlinked again (the password stays): the provider is offered to link instead.
    await page.goto("/account");
    await waitForHydration(page);
    await page.getByRole("button", { name: "Unlink Test ID" }).click();
    await expect(page.getByRole("button", { name: "Link Test ID" })).toBeVisible();
    await expect(page.getByTestId("methods")).not.toContainText(`${email}.elsewhere`);
  });

  test("a provider that is down says so, and the password still signs in", async ({ page }) => {
    const email = await register(page, uniqueEmail("down"), PASSWORD);
    await page.getByRole("button", { name: "Sign out", exact: true }).click();
    await expect(page).toHaveURL(/\/login/);
    await page.getByRole("button", { name: "Continue with Offline ID" }).click();
    await expect(page).toHaveURL(/\/login\?error=provider_unavailable/);
    await expect(page.getByRole("alert").filter({ hasText: "cannot be reached" })).toBeVisible();
    await waitForHydration(page);
    await page.getByLabel("E-mail").fill(email);
    await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page).toHaveURL(/\/account$/);
  });

  test("an address with an account is not taken over by a provider sign-in", async ({ page, browser }) => {
    const email = await register(page, uniqueEmail("owned"), PASSWORD);

    const other = await browser.newContext();
    const attacker = await other.newPage();
    await attacker.goto("/login");
    await attacker.getByRole("button", { name: "Continue with Test ID" }).click();
    await atProvider(attacker, email);
    await expect(attacker).toHaveURL(/\/login\?error=provider_account_exists/);
    await expect(attacker.getByRole("alert").filter({ hasText: "then link the provider" })).toBeVisible();
    await other.close();
  });
});
