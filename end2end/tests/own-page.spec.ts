import { expect, test } from "@playwright/test";
import { ACCESS_COOKIE, PASSWORD, accessCookieExpired, cookie, login, register, registerWithoutJs, uniqueEmail } from "./helpers";

// The example of a page of one's own behind keycard (src/pages/example.rs).
test.describe("a page of your own", () => {
  test("sends a visitor to sign in, then back to it", async ({ page }) => {
    const email = await register(page);
    await page.context().clearCookies();
    await page.goto("/account/example");
    await expect(page).toHaveURL(/\/login\?next=%2Faccount%2Fexample$/);
    await login(page, email, PASSWORD, "/login?next=%2Faccount%2Fexample");
    await expect(page).toHaveURL(/\/account\/example$/);
    await expect(page.getByTestId("greeting")).toHaveText(`Hello, ${email}! This page is yours alone.`);
  });
});

test.describe("a page of your own, without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("renders signed in after the access token expired, without a sign-in", async ({ page, context }) => {
    const email = uniqueEmail("own-page");
    await registerWithoutJs(page, email);
    await accessCookieExpired(context);
    await page.goto("/account/example");
    await expect(page).toHaveURL(/\/account\/example$/);
    await expect(page.getByTestId("greeting")).toContainText(email);
    expect(await cookie(context, ACCESS_COOKIE)).toBeDefined();
  });
});
