import { expect, test } from "@playwright/test";
import { registerWithoutJs, signOutAndBackInByForms, uniqueEmail } from "./helpers";

// JavaScript runs but the WASM client never arrives (a blocked or failed
// download, a slow phone giving up): every page must still work as plain
// HTML, with its errors shown by the server.
test.beforeEach(async ({ page }) => {
  await page.route(/\.wasm(\?.*)?$/, (route) => route.abort());
});

test("with the WASM blocked, forms submit and errors show", async ({ page }) => {
  const failed: string[] = [];
  page.on("requestfailed", (r) => failed.push(r.url()));
  const email = uniqueEmail("nowasm");
  await registerWithoutJs(page, email);
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByTestId("account-email")).toHaveText(email);
  expect(failed.some((url) => url.endsWith(".wasm")), "the WASM was really blocked").toBe(true);
  await expect(page.locator("body")).not.toHaveAttribute("data-hydrated", "true");

  // A wrong current password is answered on the page, by the server.
  await page.getByLabel("Current password").fill("not the current one");
  await page.getByLabel("New password").fill("violet tangerine harbour 1987");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "That password is not correct." })).toBeVisible();

  await signOutAndBackInByForms(page, email);
});
