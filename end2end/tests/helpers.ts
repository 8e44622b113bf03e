import { expect, type BrowserContext, type Page } from "@playwright/test";

export const PASSWORD = "correct horse battery staple";
export const ACCESS_COOKIE = "__Host-keycard_at";
export const REFRESH_COOKIE = "__Host-keycard_rt";

export function uniqueEmail(tag = "user"): string {
  return `${tag}-${Date.now()}-${Math.floor(Math.random() * 1e9)}@example.com`;
}

/** Waits until the WASM client has hydrated the page (it marks <body>). */
export async function waitForHydration(page: Page) {
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
}

/** Fills the e-mail and password of the sign-in or registration form and submits it. */
export async function submitCredentials(page: Page, email: string, password: string, button: "Sign in" | "Create account") {
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: button }).click();
}

/** Registers through the form and waits for the account page. */
export async function register(page: Page, email = uniqueEmail(), password = PASSWORD): Promise<string> {
  await page.goto("/register");
  await waitForHydration(page);
  await submitCredentials(page, email, password, "Create account");
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByTestId("account-email")).toHaveText(email);
  return email;
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
