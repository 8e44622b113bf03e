import { expect, test } from "@playwright/test";
import { waitForHydration } from "./helpers";

test.describe("home page", () => {
  test("renders on the server with the way in", async ({ request }) => {
    const response = await request.get("/");
    expect(response.status()).toBe(200);
    const html = await response.text();
    expect(html).toContain("Sign in once. Stay signed in. Stay safe.");
    expect(html).toContain('href="/register"');
    // The bundle is named after its content, and kept for good.
    const script = html.match(/\/pkg\/keycard\.[A-Za-z0-9_-]+\.js/)?.[0];
    expect(script, "a content-hashed script").toBeTruthy();
    const wasm = html.match(/\/pkg\/keycard\.[A-Za-z0-9_-]+\.wasm/)?.[0];
    const css = html.match(/\/pkg\/keycard\.[A-Za-z0-9_-]+\.css/)?.[0];
    for (const file of [script, wasm, css]) {
      const served = await request.get(file!);
      expect(served.status(), file).toBe(200);
      expect(served.headers()["cache-control"], file).toBe("public, max-age=31536000, immutable");
    }
  });

  test("islands: a link is a full page load, and the next page's islands hydrate", async ({ page }) => {
    await page.goto("/");
    await waitForHydration(page);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Sign in once. Stay signed in. Stay safe.");

    // Pages are server-rendered islands with no client router: following a
    // link asks the server for the next document.
    let documentRequests = 0;
    page.on("request", (r) => {
      if (r.resourceType() === "document") documentRequests++;
    });
    await page.getByRole("main").getByRole("link", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/login$/);
    await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
    expect(documentRequests).toBe(1);
    await waitForHydration(page);

    // The show/hide toggle only works once the WASM client is live.
    const password = page.getByLabel("Password", { exact: true });
    await expect(password).toHaveAttribute("type", "password");
    await page.getByRole("button", { name: "Show" }).click();
    await expect(password).toHaveAttribute("type", "text");
    await expect(page.getByRole("button", { name: "Hide" })).toHaveAttribute("aria-pressed", "true");
  });

  test("unknown pages answer 404 with the app shell", async ({ request }) => {
    const response = await request.get("/no-such-page");
    expect(response.status()).toBe(404);
    expect(await response.text()).toContain("Page not found");
  });
});
