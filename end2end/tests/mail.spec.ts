import { expect, test } from "@playwright/test";
import {
  PASSWORD,
  linkIn,
  login,
  mailTo,
  mailsTo,
  register,
  reloadSignedOut,
  submitCredentials,
  uniqueEmail,
  waitForHydration,
} from "./helpers";

// Every journey here reads its mail from the real SMTP server the suite
// starts on loopback (mail/sink.mjs), as a user reads their inbox.

test.describe("mail journeys", () => {
  test("an unconfirmed account cannot sign in until its link is opened, and can ask for it again", async ({ page }) => {
    const email = uniqueEmail("unconfirmed");
    await page.goto("/register");
    await waitForHydration(page);
    await submitCredentials(page, email, PASSWORD, "Create account");
    await expect(page.getByTestId("notice")).toContainText("Check your inbox");
    await mailTo(email, "Confirm your e-mail address");

    // The right password answers as a wrong one would (a sign-in tells
    // nobody whether the address has an account), and sends the link again.
    await login(page, email);
    await expect(page.getByRole("alert").filter({ hasText: "don't match an account" })).toBeVisible();
    await mailTo(email, "Confirm your e-mail address", 2);
    // Where an expired link leads: a form to ask for another.
    await page.goto("/login?error=unverified");
    await waitForHydration(page);
    const resend = page.getByTestId("resend");
    await resend.getByLabel("E-mail of the account").fill(email);
    await resend.getByRole("button", { name: "Send the link again" }).click();
    await expect(page.getByRole("status").filter({ hasText: "a new link is on its way" })).toBeVisible();
    const third = await mailTo(email, "Confirm your e-mail address", 3);

    await page.goto(linkIn(third, "/verify-email"));
    await waitForHydration(page);
    await page.getByRole("button", { name: "Confirm my address" }).click();
    await expect(page).toHaveURL(/\/account$/);
    await expect(page.getByTestId("email-status")).toHaveText("Verified");
    await expect(page.getByTestId("activity")).toContainText("E-mail address confirmed");
  });

  test("registering a taken address says the same and mails its owner", async ({ page, browser }) => {
    const email = await register(page);
    const other = await browser.newContext();
    const op = await other.newPage();
    await op.goto("/register");
    await waitForHydration(op);
    await submitCredentials(op, email, "another fine passphrase 9", "Create account");
    await expect(op.getByTestId("notice")).toContainText("Check your inbox");
    const mail = await mailTo(email, "Someone tried to register with your address");
    expect(mail.text).toContain("/reset-password?token=");
    await other.close();
  });

  test("forgot password: a scanner's fetch uses nothing, the reset in another browser signs every other device out", async ({ page, browser }) => {
    const email = await register(page);
    const asking = await browser.newContext();
    const ap = await asking.newPage();
    await ap.goto("/login");
    await ap.getByRole("link", { name: "Forgot your password?" }).click();
    await expect(ap).toHaveURL(/\/forgot-password$/);
    await waitForHydration(ap);
    await ap.getByLabel("E-mail").fill(email);
    await ap.getByRole("button", { name: "Send the link" }).click();
    await expect(ap.getByTestId("notice")).toContainText("If an account uses this address");
    const mail = await mailTo(email, "Choose a new password");
    const link = linkIn(mail, "/reset-password");

    // A mail scanner fetches the link first.
    const scanned = await ap.request.get(link);
    expect(scanned.status()).toBe(200);

    // The reset happens in yet another browser.
    const resetting = await browser.newContext();
    const rp = await resetting.newPage();
    await rp.goto(link);
    await waitForHydration(rp);
    await rp.getByLabel("New password").fill("violet tangerine harbour 1987");
    await rp.getByRole("button", { name: "Set the new password" }).click();
    await expect(rp).toHaveURL(/\/account$/);
    await expect(rp.getByTestId("account-email")).toHaveText(email);
    await mailTo(email, "Your password was changed");

    // The first device was signed out.
    await reloadSignedOut(page);
    await expect(page).toHaveURL(/\/login\?next=%2Faccount&reason=revoked$/);
    // The link is spent.
    await ap.goto(link);
    await expect(ap.getByRole("alert")).toContainText("expired or was already used");
    await asking.close();
    await resetting.close();
  });

  test("a sign-in from a new device is mailed, and 'this wasn't me' signs it out", async ({ page, browser }) => {
    const email = await register(page);
    const intruder = await browser.newContext({ userAgent: "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0" });
    const ip = await intruder.newPage();
    await login(ip, email);
    await expect(ip).toHaveURL(/\/account$/);

    const alert = await mailTo(email, "New sign-in to your account");
    expect(alert.text).toContain("Firefox 128 on Windows");
    await page.goto(linkIn(alert, "/confirm"));
    await waitForHydration(page);
    await page.getByRole("button", { name: "It wasn't me: sign it out" }).click();
    await expect(page).toHaveURL(/\/forgot-password\?reason=reported$/);
    await expect(page.getByRole("status").first()).toContainText("That browser was signed out");

    await reloadSignedOut(ip);
    await expect(ip).toHaveURL(/\/login\?next=%2Faccount&reason=revoked$/);
    await intruder.close();
  });

  test("an address registered by someone else: its inbox confirms it with a password of its own", async ({ page, browser }) => {
    const email = uniqueEmail("squatted");
    const squatting = await browser.newContext();
    const sp = await squatting.newPage();
    await sp.goto("/register");
    await waitForHydration(sp);
    await submitCredentials(sp, email, "the squatters own password 7", "Create account");
    await expect(sp.getByTestId("notice")).toContainText("Check your inbox");
    const mail = await mailTo(email, "Confirm your e-mail address");

    // The owner of the inbox opens the link in their own browser.
    await page.goto(linkIn(mail, "/verify-email"));
    await waitForHydration(page);
    await expect(page.getByText("This browser did not create the account")).toBeVisible();
    await page.getByLabel("New password").fill(PASSWORD);
    await page.getByRole("button", { name: "Confirm my address" }).click();
    await expect(page).toHaveURL(/\/account$/);
    await expect(page.getByTestId("account-email")).toHaveText(email);

    // The password given at registration opens nothing.
    await login(sp, email, "the squatters own password 7");
    await expect(sp.getByRole("alert").filter({ hasText: "don't match an account" })).toBeVisible();
    await squatting.close();
  });

  test("undoing a change of address takes a new password and gives the account back", async ({ page, browser }) => {
    // Someone signed in to the account moves its address to their own inbox.
    const old = await register(page);
    const theirs = uniqueEmail("intruder");
    await page.getByLabel("New e-mail address").fill(theirs);
    await page.getByLabel("Your password").fill(PASSWORD);
    await page.getByRole("button", { name: "Send a confirmation link" }).click();
    await page.goto(linkIn(await mailTo(theirs, "Confirm your new e-mail address"), "/confirm"));
    await waitForHydration(page);
    await page.getByRole("button", { name: "Use this address" }).click();
    await expect(page).toHaveURL(/\/account\?changed=email$/);

    // The owner undoes it from the old inbox, in another browser.
    const owning = await browser.newContext();
    const op = await owning.newPage();
    await op.goto(linkIn(await mailTo(old, "Your e-mail address was changed"), "/confirm"));
    await waitForHydration(op);
    await expect(op.getByRole("heading", { name: "Undo the change of address" })).toBeVisible();
    await op.getByRole("button", { name: "Undo the change" }).click();
    await expect(op.locator("#field-new_password-error")).toContainText("Choose a password");
    await op.getByLabel("New password").fill("violet tangerine harbour 1987");
    await op.getByRole("button", { name: "Undo the change" }).click();
    await expect(op).toHaveURL(/\/login\?done=undone$/);
    await expect(op.getByRole("status").filter({ hasText: "The change of address was undone" })).toBeVisible();
    const back = await mailTo(old, "Your account is back at this address");
    expect(back.text).toContain("every device was signed out");

    await waitForHydration(op);
    await submitCredentials(op, old, "violet tangerine harbour 1987", "Sign in");
    await expect(op).toHaveURL(/\/account$/);
    await expect(op.getByTestId("account-email")).toHaveText(old);
    // Whoever changed the address was signed out.
    await reloadSignedOut(page);
    await expect(page).toHaveURL(/\/login\?next=%2Faccount%3Fchanged%3Demail&reason=revoked$/);
    await owning.close();
  });

  test("changing the address: the new inbox confirms, the old one is told", async ({ page }) => {
    const old = await register(page);
    const fresh = uniqueEmail("moved");
    await page.getByLabel("New e-mail address").fill(fresh);
    await page.getByLabel("Your password").fill(PASSWORD);
    await page.getByRole("button", { name: "Send a confirmation link" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Check the inbox of the new address" })).toBeVisible();
    await expect(page.getByTestId("account-email")).toHaveText(old);

    const confirm = await mailTo(fresh, "Confirm your new e-mail address");
    await page.goto(linkIn(confirm, "/confirm"));
    await waitForHydration(page);
    await expect(page.getByRole("heading", { name: "Use this address" })).toBeVisible();
    await page.getByRole("button", { name: "Use this address" }).click();
    await expect(page).toHaveURL(/\/account\?changed=email$/);
    await expect(page.getByTestId("account-email")).toHaveText(fresh);
    const told = await mailTo(old, "Your e-mail address was changed");
    expect(told.text).toContain(fresh);
    expect(told.text).toContain("/confirm?token=");
    expect(mailsTo(fresh, "Your e-mail address was changed")).toEqual([]);
  });
});

test.describe("mail journeys without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("forgot password and reset with plain form posts", async ({ page, browser }) => {
    const js = await browser.newContext({ javaScriptEnabled: true });
    const email = await register(await js.newPage());
    await js.close();
    await page.goto("/forgot-password");
    await page.getByLabel("E-mail").fill(email);
    await page.getByRole("button", { name: "Send the link" }).click();
    await expect(page).toHaveURL(/\/forgot-password\?sent=1$/);
    await expect(page.getByTestId("notice")).toContainText("If an account uses this address");
    const mail = await mailTo(email, "Choose a new password");
    await page.goto(linkIn(mail, "/reset-password"));
    // A refused password comes back with the message and the link still usable.
    await page.getByLabel("New password").fill("password1");
    await page.getByRole("button", { name: "Set the new password" }).click();
    await expect(page.locator("#field-new_password-error")).toContainText("too easy to guess");
    await page.getByLabel("New password").fill("violet tangerine harbour 1987");
    await page.getByRole("button", { name: "Set the new password" }).click();
    await expect(page).toHaveURL(/\/account$/);
    await expect(page.getByTestId("account-email")).toHaveText(email);
  });
});
