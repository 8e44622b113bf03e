// Takes the README screenshots from a running keycard in development mode
// without KEYCARD_SMTP_URL (make run): its mails are read from /dev/mail.
// Passkeys need a host name, so serve it at localhost:
//   KEYCARD_PUBLIC_URL=http://localhost:3000 make run
//   node screenshots/take.mjs http://localhost:3000
import { chromium } from "@playwright/test";

const base = process.argv[2] ?? "http://localhost:3000";
const out = new URL(".", import.meta.url).pathname;
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
});
const page = await browser.newPage({ viewport: { width: 1200, height: 820 }, colorScheme: "light" });
const shot = (name) => page.screenshot({ path: `${out}${name}.png`, fullPage: true });
const hydrated = () => page.locator("body[data-hydrated=true]").waitFor();

await page.goto(`${base}/`);
await hydrated();
await shot("home");

await page.goto(`${base}/register`);
await hydrated();
await page.getByLabel("E-mail").fill("ada@example.com");
await page.getByLabel("Password", { exact: true }).fill("password123");
await page.getByRole("button", { name: "Create account" }).click();
await page.locator("#field-password-error:not(:empty)").waitFor();
await shot("register-error");

const email = `ada-${Date.now()}@example.com`;
await page.getByLabel("E-mail").fill(email);
await page.getByLabel("Password", { exact: true }).fill("correct horse battery staple");
await page.getByRole("button", { name: "Create account" }).click();
await page.getByTestId("notice").waitFor();

// The verification mail, in the development mailbox, and its link.
await page.goto(`${base}/dev/mail`);
await shot("mail");
await page.goto(await page.locator('a[href*="/verify-email?token="]').first().getAttribute("href"));
await hydrated();
await page.getByRole("button", { name: "Confirm my address" }).click();
await page.waitForURL(/\/account$/);

// A second device and a failed attempt, so the account page has something to show.
const other = await browser.newContext({ userAgent: "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15" });
const otherPage = await other.newPage();
for (const password of ["a wrong guess", "correct horse battery staple"]) {
  await otherPage.goto(`${base}/login`);
  await otherPage.locator("body[data-hydrated=true]").waitFor();
  await otherPage.getByLabel("E-mail").fill(email);
  await otherPage.getByLabel("Password", { exact: true }).fill(password);
  await otherPage.getByRole("button", { name: "Sign in", exact: true }).click();
  await otherPage.waitForLoadState("networkidle");
}
await page.reload();
await hydrated();
await shot("account");

// A passkey, from Chromium's virtual authenticator (the one the tests use).
const cdp = await page.context().newCDPSession(page);
await cdp.send("WebAuthn.enable", { enableUI: false });
const { authenticatorId } = await cdp.send("WebAuthn.addVirtualAuthenticator", {
  options: { protocol: "ctap2", ctap2Version: "ctap2_1", transport: "internal", hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
});
await page.getByLabel("Name of the new passkey").fill("This laptop");
await page.getByTestId("passkey-add").click();
await page.getByTestId("recovery-codes").waitFor();
await page.locator("#passkeys").screenshot({ path: `${out}passkeys.png` });
await cdp.send("WebAuthn.removeVirtualAuthenticator", { authenticatorId });

await page.context().clearCookies();
await page.goto(`${base}/login?next=%2Faccount&reason=expired`);
await hydrated();
await shot("login");

// Forgot password: the link of its mail opens the reset page.
await page.goto(`${base}/forgot-password`);
await hydrated();
await page.getByLabel("E-mail").fill(email);
await page.getByRole("button", { name: "Send the link" }).click();
await page.getByTestId("notice").waitFor();
await page.goto(`${base}/dev/mail`);
await page.goto(await page.locator('a[href*="/reset-password?token="]').first().getAttribute("href"));
await hydrated();
await shot("reset-password");
await browser.close();
