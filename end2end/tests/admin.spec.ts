import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import { server } from "../playwright.config";
import { PASSWORD, login, register, submitCredentials, waitForHydration } from "./helpers";

// The operator's commands, run against the suite's server database while it
// serves (the same binary and settings as playwright.config.ts starts).
function keycardAdmin(...args: string[]): string {
  return execFileSync(server, [...args, "--yes"], {
    cwd: join(__dirname, ".."),
    env: {
      PATH: process.env.PATH ?? "",
      DATABASE_URL: "sqlite://.data/keycard.db",
      KEYCARD_SECRET: "a2V5Y2FyZC1lbmQtdG8tZW5kLXRlc3Qtc2VjcmV0ISE=",
    },
    encoding: "utf8",
  });
}

test("an administrator's sign-out sends the open account page to the sign-in page", async ({ page }) => {
  const email = await register(page);
  await waitForHydration(page);
  expect(keycardAdmin("users", "sign-out", email)).toContain(`signed out 1 session of ${email}`);

  // The session keeper's next refresh (the access token lives 3 s) fails for good.
  await expect(page).toHaveURL(/\/login\?next=%2Faccount&reason=administrator$/, { timeout: 20_000 });
  await expect(page.getByRole("status")).toHaveText("This device was signed out by the people who run this site.");
  await login(page, email);
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByTestId("activity")).toContainText("Signed out everywhere by an administrator");
});

test("a locked account is told so at sign-in, and gets in again once unlocked", async ({ page }) => {
  const email = await register(page);
  expect(keycardAdmin("users", "lock", email)).toContain(`locked ${email}`);
  await page.reload();
  await expect(page).toHaveURL(/\/login\?next=%2Faccount&reason=administrator$/);

  await login(page, email);
  await expect(page.getByRole("alert").filter({ hasText: "This account is locked." })).toBeVisible();
  await expect(page).toHaveURL(/\/login/);

  expect(keycardAdmin("users", "unlock", email)).toContain(`unlocked ${email}`);
  await login(page, email, PASSWORD);
  await expect(page).toHaveURL(/\/account$/);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("a locked account's sign-in answers with the same message", async ({ page, browser }) => {
    const withJs = await browser.newContext({ javaScriptEnabled: true });
    const email = await register(await withJs.newPage());
    await withJs.close();
    keycardAdmin("users", "lock", email);
    await page.goto("/login");
    await submitCredentials(page, email, PASSWORD, "Sign in");
    await expect(page).toHaveURL(/\/login\?.*error=account_locked/);
    await expect(page.getByRole("alert").filter({ hasText: "This account is locked." })).toBeVisible();
  });
});
