// A real OpenID Connect provider (panva's oidc-provider, OpenID Certified) on loopback, for
// afterview's sign-in tests. Not shipped; started by tests/oidc_provider.py.
//
//   node provider.mjs CONFIG.json
//
// CONFIG: {"port": 0, "host": "127.0.0.1", "issuer_host": optional (the issuer's name, if not host),
//          "clients": [{"client_id", "client_secret", "redirect_uris": [...]}],
//          "accounts": [{"sub", "login", "password", "email", "name"}]}
// Prints one line of JSON, {"issuer": ..., "port": ...}, when it listens.
//
// The login and consent pages are this file's own (two small HTML forms): a person signs in
// with a login and password from CONFIG, then allows (or denies) the client. Everything else (discovery,
// JWKS, authorization with PKCE, the code exchange, id_token signing, userinfo) is the
// library's, unchanged.
//
// Test-only misbehaviour, to prove the client refuses a bad token from a real exchange:
// POST /__test__/mischief {"id_token": KIND} changes the id_token of every following token
// response until {"id_token": null}: "expired" (exp and iat an hour ago or more, signed with the
// provider's key), "wrong-issuer", "wrong-audience", "wrong-nonce" (each re-signed with the
// provider's key), "forged" (the same claims signed with another key under the same kid),
// "unsigned" (alg "none").
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { randomBytes } from 'node:crypto';

import Provider from 'oidc-provider';
import * as jose from 'jose';

const config = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const host = config.host || '127.0.0.1';

async function signingKey(kid) {
  const { privateKey } = await jose.generateKeyPair('RS256', { extractable: true });
  const jwk = await jose.exportJWK(privateKey);
  return { ...jwk, kid, alg: 'RS256', use: 'sig' };
}

const kid = 'afterview-test-' + randomBytes(4).toString('hex');
const realKey = await signingKey(kid);
const impostorKey = await signingKey(kid); // same kid, another key: a forgery

const accounts = new Map(config.accounts.map((a) => [a.sub, a]));
const byLogin = new Map(config.accounts.map((a) => [a.login, a]));
let mischief = null;

function escape(text) {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(title, body) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title></head>`
    + `<body><h1>${escape(title)}</h1>${body}</body></html>`;
}

async function readForm(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

async function tamper(idToken) {
  const claims = jose.decodeJwt(idToken);
  const now = Math.floor(Date.now() / 1000);
  let key = realKey;
  switch (mischief) {
    case 'expired': claims.iat = now - 7200; claims.exp = now - 3600; break;
    case 'wrong-issuer': claims.iss = 'http://issuer.invalid'; break;
    case 'wrong-audience': claims.aud = 'someone-else'; break;
    case 'wrong-nonce': claims.nonce = 'not-the-nonce-the-client-sent'; break;
    case 'forged': key = impostorKey; break;
    case 'unsigned':
      return new jose.UnsecuredJWT(claims).encode();
    default: throw new Error(`unknown mischief ${mischief}`);
  }
  const privateKey = await jose.importJWK(key, 'RS256');
  return new jose.SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' })
    .sign(privateKey);
}

const server = createServer();
await new Promise((resolve) => { server.listen(config.port || 0, host, resolve); });
const { port } = server.address();
const issuer = `http://${config.issuer_host || host}:${port}`;

const provider = new Provider(issuer, {
  clients: config.clients.map((c) => ({
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_basic',
    ...c,
  })),
  jwks: { keys: [realKey] },
  cookies: { keys: [randomBytes(32).toString('hex')] },
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
  pkce: { required: () => true },
  features: { devInteractions: { enabled: false } },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  async findAccount(ctx, sub) {
    const account = accounts.get(sub);
    if (!account) return undefined;
    return {
      accountId: sub,
      async claims() {
        return { sub, email: account.email, email_verified: true, name: account.name };
      },
    };
  },
});

provider.use(async (ctx, next) => {
  if (ctx.path === '/__test__/mischief' && ctx.method === 'POST') {
    const chunks = [];
    for await (const chunk of ctx.req) chunks.push(chunk);
    mischief = JSON.parse(Buffer.concat(chunks).toString('utf8')).id_token ?? null;
    ctx.body = { id_token: mischief };
    return;
  }
  const match = ctx.path.match(/^\/interaction\/([^/]+)(\/login|\/allow|\/deny)?$/);
  if (match) {
    await interaction(ctx, match[2]);
    return;
  }
  await next();
  if (ctx.path === '/token' && mischief && ctx.body && ctx.body.id_token) {
    ctx.body = { ...ctx.body, id_token: await tamper(ctx.body.id_token) };
  }
});

async function interaction(ctx, action) {
  ctx.set('cache-control', 'no-store');
  const details = await provider.interactionDetails(ctx.req, ctx.res);
  const { uid, prompt, params } = details;
  if (!action && ctx.method === 'GET') {
    ctx.type = 'html';
    if (prompt.name === 'login') {
      ctx.body = page('Sign in to the test provider',
        `<form method="post" action="/interaction/${uid}/login">`
        + '<label>Login <input name="login" autocomplete="username"></label>'
        + '<label>Password <input name="password" type="password"></label>'
        + '<button type="submit">Sign in</button></form>');
    } else {
      ctx.body = page('Allow access',
        `<p>${escape(params.client_id)} asks for: ${escape(params.scope)}</p>`
        + `<form method="post" action="/interaction/${uid}/allow">`
        + '<button type="submit">Allow</button></form>'
        + `<form method="post" action="/interaction/${uid}/deny">`
        + '<button type="submit">Deny</button></form>');
    }
    return;
  }
  if (ctx.method !== 'POST') ctx.throw(405);
  const form = await readForm(ctx.req);
  let result;
  if (action === '/login') {
    const account = byLogin.get(form.get('login'));
    if (!account || account.password !== form.get('password')) {
      ctx.status = 401;
      ctx.type = 'html';
      ctx.body = page('Sign in to the test provider', '<p role="alert">Wrong login or password.</p>');
      return;
    }
    result = { login: { accountId: account.sub } };
  } else if (action === '/deny') {
    result = { error: 'access_denied', error_description: 'The person denied access' };
  } else {
    const grant = details.grantId
      ? await provider.Grant.find(details.grantId)
      : new provider.Grant({ accountId: details.session.accountId, clientId: params.client_id });
    const missing = prompt.details;
    if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
    if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
    result = { consent: { grantId: await grant.save() } };
  }
  const returnTo = await provider.interactionResult(ctx.req, ctx.res, result, {
    mergeWithLastSubmission: action !== '/login',
  });
  ctx.status = 303;
  ctx.redirect(returnTo);
}

server.on('request', provider.callback());
process.stdout.write(JSON.stringify({ issuer, port }) + '\n');

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => { server.close(); process.exit(0); });
}
