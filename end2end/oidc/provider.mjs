// A real OpenID provider on loopback for the test suites: npm
// `oidc-provider` (panva's certified implementation) with its development
// login and consent pages, which are plain HTML forms.
//
//   node oidc/provider.mjs PORT     (PORT 0 picks a free port)
//
// Prints "listening PORT" once it serves. Its issuer is
// http://127.0.0.1:PORT; its one client is `keycard` / `keycard-secret`,
// allowed to return to any keycard on loopback
// (http://127.0.0.1:*/auth/oidc/*/callback or the same on localhost).
//
// Who signs in is the login name typed on its login page; the claims follow
// from it, so a test picks the person it needs:
//   ada@example.com            email ada@example.com, email_verified true
//   unverified:ada@example.com email_verified false
//   stringy:ada@example.com    email_verified "true" (a string)
// The subject is the login name itself.
import { createServer } from "node:http";
import Provider from "oidc-provider";

const port = Number(process.argv[2] ?? "0");
const server = createServer();
await new Promise((resolve) => server.listen(port, "127.0.0.1", resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;

function claimsOf(login) {
  const [flag, address] = login.includes(":") ? login.split(/:(.*)/s) : ["", login];
  const verified = flag === "unverified" ? false : flag === "stringy" ? "true" : true;
  return { sub: login, email: address, email_verified: verified };
}

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: "keycard",
      client_secret: "keycard-secret",
      redirect_uris: ["http://127.0.0.1/auth/oidc/any/callback"],
      grant_types: ["authorization_code"],
      response_types: ["code"],
    },
  ],
  pkce: { required: () => true },
  claims: { openid: ["sub"], email: ["email", "email_verified"] },
  // The address in the ID token itself, as most providers send it.
  conformIdTokenClaims: false,
  features: { devInteractions: { enabled: true } },
  async findAccount(_ctx, sub) {
    return {
      accountId: sub,
      async claims() {
        return claimsOf(sub);
      },
    };
  },
  cookies: { keys: ["a test provider's cookie key"] },
});
provider.proxy = false;

// keycard's port differs per test server: any loopback keycard may return here.
const allowed = /^http:\/\/(127\.0\.0\.1|localhost):\d+\/auth\/oidc\/[a-z0-9-]+\/callback$/;
provider.Client.prototype.redirectUriAllowed = function (uri) {
  return allowed.test(uri);
};

provider.on("server_error", (_ctx, err) => console.error("oidc provider:", err));
server.on("request", provider.callback());
console.log(`listening ${server.address().port}`);
