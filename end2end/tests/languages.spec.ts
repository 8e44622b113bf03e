import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { PASSWORD, linkIn, mailTo, uniqueEmail, waitForHydration } from "./helpers";

// The journeys in the visitor's language: the browser's locale and time
// zone are those of someone in Berlin or Paris, and every word and time
// on the way follows them.

interface Words {
  locale: string;
  timezone: string;
  createAccount: string;
  submitAccount: string;
  email: string;
  password: string;
  checkInbox: string;
  mailSubject: string;
  confirm: string;
  account: string;
  signOut: string;
  signIn: string;
  signedOut: string;
  noMatch: string;
  devices: string;
  activity: string;
  accountCreated: string;
  justNow: RegExp;
}

const journeys: Words[] = [
  {
    locale: "de-DE",
    timezone: "Europe/Berlin",
    createAccount: "Konto erstellen",
    submitAccount: "Konto erstellen",
    email: "E-Mail",
    password: "Passwort",
    checkInbox: "Sieh in deinem Posteingang nach",
    mailSubject: "Bestätige deine E-Mail-Adresse",
    confirm: "Meine Adresse bestätigen",
    account: "Dein Konto",
    signOut: "Abmelden",
    signIn: "Anmelden",
    signedOut: "Du bist abgemeldet.",
    noMatch: "E-Mail-Adresse und Passwort passen zu keinem Konto.",
    devices: "Angemeldete Geräte",
    activity: "Sicherheitsaktivität",
    accountCreated: "Konto erstellt",
    justNow: /^(jetzt|vor \d+ (Sekunden?|Minuten?))$/,
  },
  {
    locale: "fr-FR",
    timezone: "Europe/Paris",
    createAccount: "Créer un compte",
    submitAccount: "Créer le compte",
    email: "E-mail",
    password: "Mot de passe",
    checkInbox: "Consultez votre boîte de réception",
    mailSubject: "Confirmez votre adresse e-mail",
    confirm: "Confirmer mon adresse",
    account: "Votre compte",
    signOut: "Se déconnecter",
    signIn: "Se connecter",
    signedOut: "Vous êtes déconnecté.",
    noMatch: "Cette adresse e-mail et ce mot de passe ne correspondent à aucun compte.",
    devices: "Appareils connectés",
    activity: "Activité de sécurité",
    accountCreated: "Compte créé",
    justNow: /^(maintenant|il y a \d+ (secondes?|minutes?))$/,
  },
];

/** What axe finds wrong on the page (WCAG 2.x A and AA), as short lines. */
async function axeViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

/** The time the page shows for a `<time>`: its instant in this zone and language. */
async function expectLocalTime(page: Page, words: Words, time: ReturnType<Page["locator"]>) {
  const instant = Date.parse((await time.getAttribute("datetime"))!);
  const expected = new Intl.DateTimeFormat(words.locale.slice(0, 2), {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone: words.timezone,
  }).format(instant);
  await expect(time).toHaveAttribute("title", expected);
  return expected;
}

for (const words of journeys) {
  test.describe(`in ${words.locale}`, () => {
    test.use({ locale: words.locale, timezoneId: words.timezone });

    test("register, confirm from the mail, a wrong password, the account page", async ({ page }) => {
      const email = uniqueEmail(words.locale.toLowerCase());
      await page.goto("/register");
      await expect(page.locator("html")).toHaveAttribute("lang", words.locale.slice(0, 2));
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(words.createAccount);
      await waitForHydration(page);
      await page.getByLabel(words.email).fill(email);
      await page.getByLabel(words.password, { exact: true }).fill(PASSWORD);
      await page.getByRole("button", { name: words.submitAccount, exact: true }).click();
      await expect(page.getByTestId("notice")).toContainText(words.checkInbox);

      // The mail is in the language the account was made in.
      const mail = await mailTo(email, words.mailSubject);
      await page.goto(linkIn(mail, "/verify-email"));
      await waitForHydration(page);
      await page.getByRole("button", { name: words.confirm }).click();
      await expect(page).toHaveURL(/\/account$/);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(words.account);
      await expect(page.getByRole("heading", { name: words.devices })).toBeVisible();
      await expect(page.getByRole("heading", { name: words.activity })).toBeVisible();

      // Times in the visitor's zone and words: the member-since date in
      // full, the activity's newest entry as just now.
      const since = page.locator(".facts time");
      await expect(since).toHaveText(await expectLocalTime(page, words, since));
      await expect(since).not.toContainText("UTC");
      const newest = page.getByTestId("activity").locator("li").filter({ hasText: words.accountCreated }).locator("time");
      await expectLocalTime(page, words, newest);
      await expect(newest).toHaveText(words.justNow);
      expect(await axeViolations(page)).toEqual([]);

      // Signing out and a wrong password, in the same language.
      await page.getByRole("button", { name: words.signOut, exact: true }).click();
      await expect(page).toHaveURL(/\/login\?reason=signed_out$/);
      await expect(page.getByRole("status")).toHaveText(words.signedOut);
      await waitForHydration(page);
      await page.getByLabel(words.email).fill(email);
      await page.getByLabel(words.password, { exact: true }).fill("not the password at all");
      await page.getByRole("button", { name: words.signIn, exact: true }).click();
      await expect(page.getByRole("alert").filter({ hasText: words.noMatch })).toBeVisible();
      await expect(page).toHaveURL(/\/login\?reason=signed_out$/);
    });
  });
}

test("the footer's picker changes the language without JavaScript, and the account keeps it", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false, locale: "en-GB" });
  const page = await context.newPage();
  await page.goto("/login");
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await page.getByLabel("Language").selectOption("es");
  await page.getByRole("button", { name: "Change", exact: true }).click();
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.locator("html")).toHaveAttribute("lang", "es");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Iniciar sesión");
  await expect(page.getByLabel("Idioma")).toHaveValue("es");
  // Without JavaScript the server's UTC times stay (nothing rewrites them).
  await context.close();
});

for (const locale of ["en-GB", "de-DE", "fr-FR", "es-ES"]) {
  test(`axe finds nothing wrong with the public pages in ${locale}`, async ({ browser }) => {
    const context = await browser.newContext({ locale });
    const page = await context.newPage();
    for (const path of ["/", "/login", "/register", "/forgot-password"]) {
      await page.goto(path);
      await expect(page.locator("html")).toHaveAttribute("lang", locale.slice(0, 2));
      expect(await axeViolations(page), `${locale} ${path}`).toEqual([]);
    }
    await context.close();
  });
}
