import { expect, type Page } from "@playwright/test";

/** Waits until the WASM client has hydrated the page (it marks <body>). */
export async function waitForHydration(page: Page) {
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
}
