import { expect, test } from "@playwright/test";
import { REAUTH_WINDOW_SECONDS } from "../playwright.config";
import { PASSWORD, enrolAuthenticator, login, register, submitCredentials, totpCode, waitForHydration } from "./helpers";

/** A code the app shows at none of the steps the server accepts now. */
function wrongCode(key: string): string {
  const near = [-2, -1, 0, 1, 2].map((steps) => totpCode(key, steps));
  return ["000000", "111111", "222222"].find((c) => !near.includes(c))!;
}

/** From the second-step page: enters `code` and continues. */
async function enterCode(page: import("@playwright/test").Page, code: string) {
  await page.getByLabel("Code", { exact: true }).fill(code);
  await page.getByRole("button", { name: "Continue" }).click();
}

test.describe("two-step sign-in", () => {
  test("an authenticator app guards password sign-ins; a used code and a used recovery code are refused", async ({ page }) => {
    const email = await register(page);
    await waitForHydration(page);
    const { key, codes } = await enrolAuthenticator(page);
    await expect(page.getByTestId("recovery-left")).toContainText("10 of 10 recovery codes left");
    await expect(page.getByTestId("activity")).toContainText("Authenticator app added");

    await page.getByRole("button", { name: "Sign out", exact: true }).click();
    await expect(page).toHaveURL(/\/login\?reason=signed_out$/);
    await login(page, email);
    await expect(page).toHaveURL(/\/login\/second-factor$/);
    await waitForHydration(page);
    await enterCode(page, wrongCode(key));
    await expect(page.getByRole("alert").filter({ hasText: "That code is not right" })).toBeVisible();
    // The enrolment used the code of this step; the app's next one works.
    const code = totpCode(key, 1);
    await enterCode(page, code);
    await expect(page).toHaveURL(/\/account$/);
    await expect(page.getByTestId("account-email")).toHaveText(email);

    await page.getByRole("button", { name: "Sign out", exact: true }).click();
    // Signing out is a page load of its own: let it land before the next.
    await expect(page).toHaveURL(/\/login\?reason=signed_out$/);
    await login(page, email);
    await expect(page).toHaveURL(/\/login\/second-factor$/);
    await waitForHydration(page);
    await enterCode(page, code);
    await expect(page.getByRole("alert").filter({ hasText: "already used" })).toBeVisible();
    // Phone lost: a recovery code gets in, once.
    await enterCode(page, codes[0]);
    await expect(page).toHaveURL(/\/account$/);
    await expect(page.getByTestId("recovery-left")).toContainText("9 of 10 recovery codes left");
    await expect(page.getByTestId("activity")).toContainText("A recovery code was used to sign in");

    await page.getByRole("button", { name: "Sign out", exact: true }).click();
    // Signing out is a page load of its own: let it land before the next.
    await expect(page).toHaveURL(/\/login\?reason=signed_out$/);
    await login(page, email);
    await waitForHydration(page);
    await enterCode(page, codes[0]);
    await expect(page.getByRole("alert").filter({ hasText: "already used" })).toBeVisible();
    await expect(page).toHaveURL(/\/login\/second-factor$/);
  });

  test("without JavaScript the second step is a page of its own", async ({ page, browser }) => {
    const email = await register(page);
    await waitForHydration(page);
    const { key } = await enrolAuthenticator(page);
    const context = await browser.newContext({ javaScriptEnabled: false });
    const plain = await context.newPage();
    await plain.goto("/login?next=/account/example");
    await submitCredentials(plain, email, PASSWORD, "Sign in");
    await expect(plain).toHaveURL(/\/login\/second-factor\?next=\/account\/example$/);
    await enterCode(plain, "12345");
    await expect(plain.getByRole("alert").filter({ hasText: "Enter the 6 digits" })).toBeVisible();
    await enterCode(plain, totpCode(key, 1));
    await expect(plain).toHaveURL(/\/account\/example$/);
    await context.close();
  });

  test("removing the app needs the password again once the sign-in is old, and keeps the request", async ({ page }) => {
    test.setTimeout(REAUTH_WINDOW_SECONDS * 1000 + 60_000);
    const email = await register(page);
    await waitForHydration(page);
    await enrolAuthenticator(page);
    await page.waitForTimeout(REAUTH_WINDOW_SECONDS * 1000 + 1000);

    await page.getByRole("button", { name: "Remove the authenticator app" }).click();
    const prompt = page.getByTestId("reauth");
    await expect(prompt).toContainText("Confirm it's you");
    await prompt.getByLabel("Your password").fill("not my password");
    await prompt.getByRole("button", { name: "Confirm and continue" }).click();
    await expect(prompt.getByRole("alert")).toHaveText("That password is not correct.");
    await expect(page.getByTestId("totp-status")).toContainText("On");
    await prompt.getByLabel("Your password").fill(PASSWORD);
    await prompt.getByRole("button", { name: "Confirm and continue" }).click();
    await expect(page.getByRole("button", { name: "Set up an authenticator app" })).toBeVisible();
    await expect(prompt).toHaveCount(0);

    await page.getByRole("button", { name: "Sign out", exact: true }).click();
    // Signing out is a page load of its own: let it land before the next.
    await expect(page).toHaveURL(/\/login\?reason=signed_out$/);
    await login(page, email);
    await expect(page).toHaveURL(/\/account$/);
  });
});

test("a password change after the window asks to confirm it's you and keeps what was typed", async ({ page }) => {
  test.setTimeout(REAUTH_WINDOW_SECONDS * 1000 + 60_000);
  const email = await register(page);
  await waitForHydration(page);
  await page.waitForTimeout(REAUTH_WINDOW_SECONDS * 1000 + 1000);
  const newPassword = "a fresh passphrase for later";
  await page.getByLabel("Current password").fill(PASSWORD);
  await page.getByLabel("New password").fill(newPassword);
  await page.getByRole("button", { name: "Change password" }).click();
  const prompt = page.getByTestId("reauth");
  await expect(prompt).toBeVisible();
  await prompt.getByLabel("Your password").fill(PASSWORD);
  await prompt.getByLabel("Your password").press("Enter");
  await expect(page.getByText("Password changed. Your other devices were signed out.")).toBeVisible();
  await expect(prompt).toHaveCount(0);

  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  // Signing out is a page load of its own: let it land before the next.
  await expect(page).toHaveURL(/\/login\?reason=signed_out$/);
  await login(page, email, newPassword);
  await expect(page).toHaveURL(/\/account$/);
});
