// Takes the README screenshots of sign-in with another provider, from a
// running keycard whose KEYCARD_OIDC_PROVIDERS names the test provider
// (oidc/provider.mjs) and that reads its mails from /dev/mail:
//   node oidc/provider.mjs 4010 &
//   KEYCARD_OIDC_PROVIDERS=example KEYCARD_OIDC_EXAMPLE_ISSUER=http://127.0.0.1:4010 \
//   KEYCARD_OIDC_EXAMPLE_CLIENT_ID=keycard KEYCARD_OIDC_EXAMPLE_CLIENT_SECRET=keycard-secret \
//   KEYCARD_OIDC_EXAMPLE_NAME="Example ID" KEYCARD_PUBLIC_URL=http://localhost:3000 make run
//   node screenshots/take-providers.mjs http://localhost:3000
import { chromium } from "@playwright/test";

const base = process.argv[2] ?? "http://localhost:3000";
const out = new URL(".", import.meta.url).pathname;
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
});
const page = await browser.newPage({ viewport: { width: 1200, height: 820 }, colorScheme: "light" });
const hydrated = () => page.locator("body[data-hydrated=true]").waitFor();

await page.goto(`${base}/login`);
await hydrated();
await page.screenshot({ path: `${out}login-providers.png`, fullPage: true });

// Through the provider's own pages, as a new person.
await page.getByRole("button", { name: /^Continue with / }).first().click();
await page.locator('input[name="login"]').fill(`grace-${Date.now()}@example.com`);
await page.locator('input[name="password"]').fill("anything");
await page.locator('button[type="submit"]').click();
if (page.url().includes("/interaction/")) await page.locator('button[type="submit"]').click();
await page.waitForURL(/\/account$/);
await hydrated();
await page.locator("#methods").screenshot({ path: `${out}sign-in-methods.png` });
await browser.close();
