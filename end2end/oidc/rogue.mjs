// An OpenID provider on loopback that misbehaves on purpose, for the
// refusals the certified one (provider.mjs) can never be made to produce.
// It speaks the real protocol over HTTP (discovery, keys, an authorization
// endpoint that sends the browser straight back with a code, a token
// endpoint); only the ID token it signs is wrong, as MODE says:
//
//   node oidc/rogue.mjs PORT MODE      (PORT 0 picks a free port)
//
//   honest            a valid ID token (the control: everything else is right)
//   expired           `exp` an hour ago
//   foreign-audience  `aud` is another client
//
// Prints "listening PORT" once it serves. Any client id and secret are taken.
import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import { SignJWT, exportJWK, generateKeyPair } from "jose";

const [portArg = "0", mode = "honest"] = process.argv.slice(2);
if (!["honest", "expired", "foreign-audience"].includes(mode)) {
  console.error(`unknown mode ${mode}`);
  process.exit(2);
}
const { publicKey, privateKey } = await generateKeyPair("RS256");
const jwk = { ...(await exportJWK(publicKey)), kid: "rogue-1", alg: "RS256", use: "sig" };
const server = createServer();
await new Promise((resolve) => server.listen(Number(portArg), "127.0.0.1", resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;
// Codes handed out, with what the ID token must carry.
const codes = new Map();

const json = (res, status, body) => {
  res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" });
  res.end(JSON.stringify(body));
};

async function idToken(grant) {
  const now = Math.floor(Date.now() / 1000);
  const [iat, exp] = mode === "expired" ? [now - 7200, now - 3600] : [now, now + 300];
  return new SignJWT({ nonce: grant.nonce, email: `${grant.subject}@example.com`, email_verified: true })
    .setProtectedHeader({ alg: "RS256", kid: jwk.kid })
    .setIssuer(issuer)
    .setSubject(grant.subject)
    .setAudience(mode === "foreign-audience" ? "another-client" : grant.clientId)
    .setIssuedAt(iat)
    .setExpirationTime(exp)
    .sign(privateKey);
}

server.on("request", async (req, res) => {
  const url = new URL(req.url, issuer);
  if (req.method === "GET" && url.pathname === "/.well-known/openid-configuration") {
    return json(res, 200, {
      issuer,
      authorization_endpoint: `${issuer}/authorize`,
      token_endpoint: `${issuer}/token`,
      jwks_uri: `${issuer}/jwks`,
      response_types_supported: ["code"],
      subject_types_supported: ["public"],
      id_token_signing_alg_values_supported: ["RS256"],
      scopes_supported: ["openid", "email"],
      token_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post"],
      code_challenge_methods_supported: ["S256"],
    });
  }
  if (req.method === "GET" && url.pathname === "/jwks") return json(res, 200, { keys: [jwk] });
  if (req.method === "GET" && url.pathname === "/authorize") {
    const q = url.searchParams;
    const code = randomBytes(16).toString("hex");
    codes.set(code, { nonce: q.get("nonce"), clientId: q.get("client_id"), subject: `rogue-${code.slice(0, 8)}` });
    const back = new URL(q.get("redirect_uri"));
    back.searchParams.set("code", code);
    back.searchParams.set("state", q.get("state") ?? "");
    res.writeHead(302, { location: back.toString() });
    return res.end();
  }
  if (req.method === "POST" && url.pathname === "/token") {
    let body = "";
    for await (const chunk of req) body += chunk;
    const grant = codes.get(new URLSearchParams(body).get("code"));
    if (!grant) return json(res, 400, { error: "invalid_grant" });
    codes.delete(new URLSearchParams(body).get("code"));
    return json(res, 200, { access_token: randomBytes(16).toString("hex"), token_type: "Bearer", expires_in: 300, id_token: await idToken(grant) });
  }
  json(res, 404, { error: "not_found" });
});
console.log(`listening ${server.address().port}`);
