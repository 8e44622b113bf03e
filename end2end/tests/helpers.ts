import { createHmac } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, type BrowserContext, type Page } from "@playwright/test";

export const PASSWORD = "correct horse battery staple";
export const ACCESS_COOKIE = "__Host-keycard_at";
export const REFRESH_COOKIE = "__Host-keycard_rt";

export function uniqueEmail(tag = "user"): string {
  return `${tag}-${Date.now()}-${Math.floor(Math.random() * 1e9)}@example.com`;
}

/** Waits until the WASM client has hydrated the page (it marks <body>).
 * The bundle loads once the browser is idle (at most 2 s after the paint)
 * and is then compiled: on the 2-core CI machine, busy with the servers of
 * the suite, the second page of one run did not hydrate within the default
 * 10 s (it did in every other run), so hydration gets 20 s. It still fails
 * if an island never hydrates. */
export async function waitForHydration(page: Page) {
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true", { timeout: 20_000 });
}

/** Fills the e-mail and password of the sign-in or registration form and submits it. */
export async function submitCredentials(page: Page, email: string, password: string, button: "Sign in" | "Create account") {
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: button, exact: true }).click();
}

/** A mail the suite's SMTP server received (see mail/sink.mjs). */
export interface Mail {
  envelopeTo: string[];
  subject: string;
  text: string;
  html: string;
  messageId: string;
}

const MAIL_DIR = join(__dirname, "..", ".mail");

/** Every mail received so far, oldest first. */
export function allMails(): Mail[] {
  return readdirSync(MAIL_DIR)
    .filter((name) => name.endsWith(".json") && !name.startsWith("."))
    .sort()
    .map((name) => JSON.parse(readFileSync(join(MAIL_DIR, name), "utf8")) as Mail);
}

/** The mails to `to` (optionally only those with `subject`), oldest first. */
export function mailsTo(to: string, subject?: string): Mail[] {
  return allMails().filter((m) => m.envelopeTo.includes(to) && (subject === undefined || m.subject === subject));
}

/** Waits for the `nth` (1-based) mail to `to` with `subject` and returns it. */
export async function mailTo(to: string, subject: string, nth = 1): Promise<Mail> {
  await expect.poll(() => mailsTo(to, subject).length, { timeout: 20_000, message: `mail "${subject}" to ${to}` }).toBeGreaterThanOrEqual(nth);
  return mailsTo(to, subject)[nth - 1];
}

/** The link to `page` in a mail's text. */
export function linkIn(mail: Mail, page: string): string {
  const match = mail.text.match(new RegExp(`https?://\\S+${page}\\?token=[A-Za-z0-9_-]+`));
  if (!match) throw new Error(`no link to ${page} in: ${mail.text}`);
  return match[0];
}

/** Registers through the form, opens the verification link of its mail and
 * confirms, and waits for the account page. */
export async function register(page: Page, email = uniqueEmail(), password = PASSWORD): Promise<string> {
  await page.goto("/register");
  await waitForHydration(page);
  await submitCredentials(page, email, password, "Create account");
  await expect(page.getByTestId("notice")).toContainText("Check your inbox");
  await verifyFromMail(page, email);
  return email;
}

/** Opens the newest verification link sent to `email` and confirms. */
export async function verifyFromMail(page: Page, email: string, hydrated = true) {
  const mails = mailsTo(email, "Confirm your e-mail address");
  const mail = await mailTo(email, "Confirm your e-mail address", Math.max(mails.length, 1));
  await page.goto(linkIn(mail, "/verify-email"));
  if (hydrated) await waitForHydration(page);
  await page.getByRole("button", { name: "Confirm my address" }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByTestId("account-email")).toHaveText(email);
}

/** Registers with plain form posts (no JavaScript) and confirms the address. */
export async function registerWithoutJs(page: Page, email: string, password = PASSWORD) {
  await page.goto("/register");
  await submitCredentials(page, email, password, "Create account");
  await expect(page).toHaveURL(/\/register\?sent=1$/);
  await expect(page.getByTestId("notice")).toContainText("Check your inbox");
  await verifyFromMail(page, email, false);
}

/** From the account page, by plain form posts (no client needed): signs
 * out, is refused a wrong password, and signs in again. */
export async function signOutAndBackInByForms(page: Page, email: string) {
  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(page).toHaveURL(/\/login\?reason=signed_out$/);
  await submitCredentials(page, email, "a wrong password", "Sign in");
  await expect(page.getByRole("alert").filter({ hasText: "don't match an account" })).toBeVisible();
  await submitCredentials(page, email, PASSWORD, "Sign in");
  await expect(page).toHaveURL(/\/account$/);
}

/** Reloads a page whose session was ended elsewhere. Its own session keeper
 * may find out first and leave for the sign-in page while the reload
 * starts: the reload is then aborted by that navigation (or Chromium swaps
 * the page under it), which lands on the same page; the caller checks where. */
export async function reloadSignedOut(page: Page) {
  await page.reload().catch((e: Error) => {
    if (!e.message.includes("net::ERR_ABORTED") && !e.message.includes("Not attached to an active page")) throw e;
  });
}

/**
 * Makes the page look hidden to its scripts (as a background tab is): its
 * session keeper then waits instead of refreshing on its timer.
 */
export async function looksHidden(page: Page) {
  await page.evaluate(() => {
    Object.defineProperty(document, "visibilityState", { value: "hidden", configurable: true });
    document.dispatchEvent(new Event("visibilitychange"));
  });
}

/** Signs in through the form (hydrated) and waits for the account page. */
export async function login(page: Page, email: string, password = PASSWORD, path = "/login") {
  await page.goto(path);
  await waitForHydration(page);
  await submitCredentials(page, email, password, "Sign in");
}

export async function cookie(context: BrowserContext, name: string) {
  return (await context.cookies()).find((c) => c.name === name);
}

/** Resolves once the browser has dropped the access cookie (its Max-Age ran out). */
export async function accessCookieExpired(context: BrowserContext) {
  await expect.poll(() => cookie(context, ACCESS_COOKIE), { timeout: 15_000 }).toBeUndefined();
}

/** Waits for the next successful silent refresh answered to this page. */
export function nextRefresh(page: Page) {
  return page.waitForResponse((r) => r.url().endsWith("/api/auth/refresh") && r.status() === 200, { timeout: 15_000 });
}

/** Asks the server, with this context's cookies, whether the session is still active in the database. */
export async function sessionIsActive(page: Page): Promise<boolean> {
  const response = await page.request.post("/api/account/sessions");
  return response.status() === 200;
}

/** RFC 4648 base32 (no padding), as authenticator apps read keys. */
function base32Decode(text: string): Buffer {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const char of text.replace(/[\s=]/g, "").toUpperCase()) {
    const index = alphabet.indexOf(char);
    if (index < 0) throw new Error(`not base32: ${char}`);
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** The RFC 6238 code (SHA-1, 30 s, 6 digits) of `key` for the step `steps`
 * steps from now: what an authenticator app shows. */
export function totpCode(key: string, steps = 0): string {
  const counter = Math.floor(Date.now() / 1000 / 30) + steps;
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac("sha1", base32Decode(key)).update(message).digest();
  const offset = mac[mac.length - 1] & 0xf;
  const binary = ((mac[offset] & 0x7f) << 24) | (mac[offset + 1] << 16) | (mac[offset + 2] << 8) | mac[offset + 3];
  return String(binary % 1_000_000).padStart(6, "0");
}

/** From the account page: adds an authenticator app with its first code;
 * returns its key and the recovery codes the page shows once. */
export async function enrolAuthenticator(page: Page): Promise<{ key: string; codes: string[] }> {
  await page.getByRole("button", { name: "Set up an authenticator app" }).click();
  const key = (await page.getByTestId("totp-secret").textContent()) ?? "";
  await expect(page.getByTestId("totp-setup").locator("svg")).toBeVisible();
  await page.getByLabel("Code from the app").fill(totpCode(key));
  await page.getByRole("button", { name: "Turn on two-step sign-in" }).click();
  const list = page.getByTestId("recovery-codes").locator("li");
  await expect(list).toHaveCount(10);
  await expect(page.getByTestId("totp-status")).toContainText("On");
  return { key, codes: await list.allTextContents() };
}
