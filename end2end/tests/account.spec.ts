import { expect, test, type Browser } from "@playwright/test";
import { PASSWORD, login, looksHidden, register, reloadSignedOut, uniqueEmail, waitForHydration } from "./helpers";

/** A second browser (its own cookies) signed in as the same user. */
async function secondDevice(browser: Browser, email: string, password = PASSWORD) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await login(page, email, password);
  await expect(page).toHaveURL(/\/account$/);
  return { context, page };
}

test.describe("account security centre", () => {
  test("lists devices and signs another device out; it lands on sign-in at its next action", async ({ page, browser }) => {
    const email = await register(page);
    const b = await secondDevice(browser, email);
    // B is a background tab: its keeper would find out at its next refresh,
    // but here it is B's next action that does.
    await waitForHydration(b.page);
    await looksHidden(b.page);
    await page.reload();
    await waitForHydration(page);

    const devices = page.getByTestId("devices").locator("li");
    await expect(devices).toHaveCount(2);
    await expect(devices.filter({ hasText: "This device" })).toHaveCount(1);
    await expect(devices.first()).toContainText("Chrome");

    await devices.filter({ hasNotText: "This device" }).getByRole("button", { name: /^Sign out / }).click();
    await expect(devices).toHaveCount(1);

    // B's next sensitive action fails in the database check and it is sent
    // to sign in, told why: another device signed it out.
    await b.page.getByRole("button", { name: "Sign out all other devices" }).click();
    await expect(b.page).toHaveURL(/\/login\?next=%2Faccount&reason=revoked$/);
    await expect(b.page.getByRole("status")).toHaveText("This device was signed out from another device.");
    await b.context.close();
  });

  test("signing out a device that another device signed out first says so", async ({ page, browser }) => {
    const email = await register(page);
    const b = await secondDevice(browser, email);
    const c = await secondDevice(browser, email);
    await waitForHydration(c.page);
    const cId = await c.page.getByTestId("devices").locator("li", { hasText: "This device" }).getAttribute("data-session-id");
    const rowOfC = (p: typeof page) => p.locator(`li[data-session-id="${cId}"]`);
    await page.reload();
    await waitForHydration(page);
    await expect(page.getByTestId("devices").locator("li")).toHaveCount(3);

    // B signs C out; this page's list is now out of date.
    await b.page.reload();
    await waitForHydration(b.page);
    await rowOfC(b.page).getByRole("button", { name: /^Sign out / }).click();
    await expect(rowOfC(b.page)).toHaveCount(0);

    await rowOfC(page).getByRole("button", { name: /^Sign out / }).click();
    await expect(page.getByRole("alert").filter({ hasText: "There is no such signed-in device." })).toBeVisible();
    await expect(page.getByTestId("devices").locator("li")).toHaveCount(2);
    // C's own session keeper finds out at its next refresh and goes to sign
    // in. (Closing C while that navigation runs once hung Chromium's close.)
    await expect(c.page).toHaveURL(/\/login\?next=%2Faccount&reason=revoked$/);
    await b.context.close();
    await c.context.close();
  });

  test("changing the password keeps this device and signs the others out", async ({ page, browser }) => {
    const email = await register(page);
    const b = await secondDevice(browser, email);
    await page.reload();
    await waitForHydration(page);

    // Every step below happens in this one page load: the refusal is shown
    // inline, the change swaps in the page's fresh content.
    await page.evaluate(() => ((window as unknown as { sameLoad: boolean }).sameLoad = true));
    await page.getByLabel("Current password").fill("not the current one");
    await page.getByLabel("New password").fill("violet tangerine harbour 1987");
    await page.getByRole("button", { name: "Change password" }).click();
    await expect(page.getByText("That password is not correct.")).toBeVisible();

    await page.getByLabel("Current password").fill(PASSWORD);
    await page.getByLabel("New password").fill("violet tangerine harbour 1987");
    await page.getByRole("button", { name: "Change password" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Password changed" })).toBeVisible();
    // Focus stays where the user acted: on the panel's notice, read out as it takes it.
    await expect(page.getByRole("status").filter({ hasText: "Password changed" })).toBeFocused();
    await expect(page.getByTestId("devices").locator("li")).toHaveCount(1);
    expect(await page.evaluate(() => (window as unknown as { sameLoad?: boolean }).sameLoad)).toBe(true);
    await expect(page.getByLabel("Current password")).toHaveValue("");

    await reloadSignedOut(b.page);
    await expect(b.page).toHaveURL(/\/login\?next=%2Faccount&reason=revoked$/);
    await expect(b.page.getByRole("status")).toHaveText("This device was signed out from another device.");
    await b.context.close();

    // The new password works, the old one does not.
    const c = await browser.newContext();
    const cp = await c.newPage();
    await login(cp, email, PASSWORD);
    await expect(cp.getByRole("alert").filter({ hasText: "don't match an account" })).toBeVisible();
    await login(cp, email, "violet tangerine harbour 1987");
    await expect(cp).toHaveURL(/\/account$/);
    await c.close();
  });

  test("the activity shows a failed sign-in attempt made just before", async ({ page, browser }) => {
    const email = await register(page);
    const other = await browser.newContext();
    const op = await other.newPage();
    await login(op, email, "a guess that is wrong");
    await expect(op.getByRole("alert").filter({ hasText: "don't match an account" })).toBeVisible();
    await other.close();

    await page.reload();
    const activity = page.getByTestId("activity").locator("li");
    await expect(activity.first()).toHaveAttribute("data-kind", "sign_in_failed");
    await expect(activity.first()).toContainText("Failed sign-in attempt");
    await expect(page.getByTestId("activity")).toContainText("Account created");
  });

  test("deleting the account needs the password and removes everything", async ({ page, context }) => {
    const email = await register(page, uniqueEmail("leaving"));
    await page.getByLabel("Password", { exact: true }).fill("wrong password");
    await page.getByRole("button", { name: "Delete my account" }).click();
    await expect(page.getByText("That password is not correct.")).toBeVisible();

    await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
    await page.getByRole("button", { name: "Delete my account" }).click();
    await expect(page).toHaveURL(/\/\?deleted=1$/);
    expect((await context.cookies()).filter((c) => c.name.includes("keycard"))).toEqual([]);

    await login(page, email);
    await expect(page.getByRole("alert").filter({ hasText: "don't match an account" })).toBeVisible();
  });
});
