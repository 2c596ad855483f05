// A real OpenID Connect provider on loopback for the integration (Rust) and
// Playwright tests: `oidc-provider` (certified) + `jose`, both installed in
// end2end/node_modules (resolved relative to this file, so any cwd works).
//
//     node server/tests/oidc/provider.mjs CONFIG.json
//
// CONFIG (JSON):
//   port             TCP port on 127.0.0.1 (0 = any free port).
//   state_dir        where signing keys live: <state_dir>/<kid>.json, an RS256
//                    private JWK, generated and saved there if missing.
//   signing_keys     kids to load; the FIRST signs, all are in the JWKS. Rotate
//                    by restarting with e.g. ["k2"] and the same state_dir.
//   clients          oidc-provider client metadata: client_id, client_secret,
//                    redirect_uris, post_logout_redirect_uris (+ anything else).
//                    Code flow only; the secret works with client_secret_basic
//                    AND client_secret_post; PKCE (S256) is required.
//   accounts         { "<sub>": { email, email_verified, name, groups, roles } }.
// The issuer is exactly http://127.0.0.1:<port>. Once listening it prints one
// line `ready http://127.0.0.1:<port>` on stdout; all logging goes to stderr.
// State (sessions, grants, codes) is in memory: a restart forgets it.
//
// Claims (in the ID token AND userinfo; conformIdTokenClaims is off):
//   scope openid  -> sub, groups, roles   (so groups/roles need no extra scope)
//   scope email   -> email, email_verified
//   scope profile -> name
//   scope groups  -> groups, roles        (accepted, optional)
//
// Pages (cookie names op_session, op_interaction, op_interaction_resume):
//   GET  /interaction/:uid        sign-in form: <form method="post"
//        action="/interaction/:uid/login"> with <input id="login" name="login">
//        (label "User") and <button type="submit">Sign in</button>, and a second
//        form posting to /interaction/:uid/abort ("Cancel").
//   POST /interaction/:uid/login  login=<sub>: known -> signs in and consents to
//        the requested scopes (no consent page), 303 back to /auth/:uid; unknown
//        -> the form again (status 200) with "Unknown user".
//   POST /interaction/:uid/abort  -> error=access_denied, error_description=cancelled.
//   A live session with a grant skips the form entirely (/auth 303s straight to
//   the redirect_uri). Signed in but the grant is missing/short (e.g. revoked by
//   a reused code): /interaction/:uid consents silently, no form.
//   GET /session/end (RP-initiated logout; id_token_hint or client_id,
//        post_logout_redirect_uri, state): with a signed-in session, a page whose
//        <form id="op.logoutForm" method="post" action="<issuer>/session/end/confirm">
//        holds hidden xsrf=<..> and logout=yes and a visible
//        <button type="submit">Sign out</button>; an inline script submits it.
//        With no session, oidc-provider's own auto-submitting page (same action
//        and hidden fields, a <noscript> "Continue" button). The POST then 303s
//        to post_logout_redirect_uri?state=.. or to /session/end/success (a
//        plain "Signed out" page).
//
// Test controls (JSON bodies; answer 204):
//   POST /test/tamper {"mode": M}  the NEXT 200 token response with an id_token
//        gets it replaced (once; {"mode": null} clears). M is one of:
//        issuer        iss = "http://evil.example", re-signed with the real key/kid
//        audience      aud = "someone-else", re-signed
//        expired       iat = now-3660 s, exp = now-3600 s, re-signed
//        nonce         nonce = "not-the-nonce", re-signed
//        none          header {"alg":"none","typ":"JWT"}, same payload, empty signature
//        unknown-key   signed RS256 by a fresh key, kid "rogue", never in the JWKS
//        bad-signature real header and payload, one signature byte flipped
//   POST /test/delay {"ms": N}     every later token, discovery and jwks response
//        waits N ms before it is sent (0 clears).
//   GET  /test/last-token          JSON of the last authorization_code token
//        request's form fields minus client_secret, plus "_client_auth":
//        "client_secret_basic" | "client_secret_post" (null before any).
import { createRequire } from 'node:module';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

// oidc-provider prints notices with console.info (stdout): keep stdout for `ready`.
console.info = console.log = (...args) => console.error(...args);
process.on('SIGTERM', () => process.exit(0));
process.on('SIGINT', () => process.exit(0));

const require = createRequire(new URL('../../../end2end/package.json', import.meta.url));
const load = (name) => import(pathToFileURL(require.resolve(name)).href);
const { default: Provider } = await load('oidc-provider');
const jose = await load('jose');

const config = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const accounts = config.accounts ?? {};

// --- signing keys ---------------------------------------------------------
mkdirSync(config.state_dir, { recursive: true });
const keys = [];
for (const kid of config.signing_keys) {
  const file = join(config.state_dir, `${kid}.json`);
  let jwk;
  try {
    jwk = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    if (err.code !== 'ENOENT') throw err;
    const { privateKey } = await jose.generateKeyPair('RS256', { extractable: true });
    jwk = { ...(await jose.exportJWK(privateKey)), kid, alg: 'RS256', use: 'sig' };
    writeFileSync(file, JSON.stringify(jwk, null, 2), { mode: 0o600 });
  }
  keys.push(jwk);
}
const signingJwk = keys[0];
const signingKey = await jose.importJWK(signingJwk, 'RS256');

// --- HTML -----------------------------------------------------------------
const esc = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const page = (title, body) => `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><main><h1>${esc(title)}</h1>
${body}
</main></body></html>`;

function loginPage(uid, clientId, error) {
  const u = encodeURIComponent(uid);
  return page('Sign in to the test provider', `
<p>Client: <code>${esc(clientId)}</code></p>
${error ? `<p role="alert" class="error">${esc(error)}</p>` : ''}
<form method="post" action="/interaction/${u}/login">
  <label for="login">User</label><input id="login" name="login" autocomplete="username" autofocus>
  <button type="submit">Sign in</button>
</form>
<form method="post" action="/interaction/${u}/abort">
  <button type="submit">Cancel</button>
</form>`);
}

// --- the provider ---------------------------------------------------------
const server = createServer();
await new Promise((resolve) => {
  server.once('error', (err) => { console.error('cannot listen:', err.message); process.exit(1); });
  server.listen(config.port ?? 0, '127.0.0.1', resolve);
});
const { port } = server.address();
const issuer = `http://127.0.0.1:${port}`;

const provider = new Provider(issuer, {
  clients: config.clients.map((c) => ({
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_basic', // _post is accepted too
    ...c,
  })),
  jwks: { keys },
  responseTypes: ['code'],
  pkce: { required: () => true },
  scopes: ['openid', 'email', 'profile', 'groups'],
  claims: {
    openid: ['sub', 'groups', 'roles'],
    email: ['email', 'email_verified'],
    profile: ['name'],
    groups: ['groups', 'roles'],
  },
  conformIdTokenClaims: false,
  async findAccount(ctx, sub) {
    const account = Object.hasOwn(accounts, sub) ? accounts[sub] : undefined;
    if (!account) return undefined;
    return { accountId: sub, claims: async () => ({ ...account, sub }) };
  },
  cookies: {
    keys: ['oidc-test-provider-cookie-key'],
    names: { session: 'op_session', interaction: 'op_interaction', resume: 'op_interaction_resume' },
  },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  features: {
    devInteractions: { enabled: false },
    rpInitiatedLogout: {
      enabled: true,
      async logoutSource(ctx, form) {
        const withChoice = form.replace('</form>', `<input type="hidden" name="logout" value="yes"/>
<button type="submit">Sign out</button></form>`);
        ctx.type = 'html';
        ctx.body = page('Sign out of the test provider', `${withChoice}
<script>document.getElementById('op.logoutForm').submit();</script>`);
      },
      async postLogoutSuccessSource(ctx) {
        ctx.type = 'html';
        ctx.body = page('Signed out', '<p>You are signed out of the test provider.</p>');
      },
    },
  },
  async renderError(ctx, out) {
    ctx.type = 'html';
    ctx.body = page('Provider error', Object.entries(out)
      .map(([k, v]) => `<p><strong>${esc(k)}</strong>: ${esc(v)}</p>`).join('\n'));
  },
  ttl: {
    AccessToken: 3600, AuthorizationCode: 60, IdToken: 3600, Interaction: 3600,
    Session: 86400, Grant: 86400, RefreshToken: 86400,
  },
});
provider.on('server_error', (ctx, err) => console.error('server_error', ctx.path, err));

// --- test state -------------------------------------------------------------
let tamperMode = null;
let delayMs = 0;
let lastTokenRequest = null;
const sleep = (ms) => new Promise((r) => { setTimeout(r, ms); });
const b64u = (value) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

async function tamper(mode, idToken) {
  const header = jose.decodeProtectedHeader(idToken);
  const payload = jose.decodeJwt(idToken);
  const now = Math.floor(Date.now() / 1000);
  const sign = (claims, key = signingKey, hdr = header) => new jose.SignJWT(claims)
    .setProtectedHeader(hdr).sign(key);
  switch (mode) {
    case 'issuer': return sign({ ...payload, iss: 'http://evil.example' });
    case 'audience': return sign({ ...payload, aud: 'someone-else' });
    case 'expired': return sign({ ...payload, iat: now - 3660, exp: now - 3600 });
    case 'nonce': return sign({ ...payload, nonce: 'not-the-nonce' });
    case 'none': return `${b64u({ alg: 'none', typ: 'JWT' })}.${b64u(payload)}.`;
    case 'unknown-key': {
      const { privateKey } = await jose.generateKeyPair('RS256');
      return sign(payload, privateKey, { ...header, alg: 'RS256', kid: 'rogue' });
    }
    case 'bad-signature': {
      const [h, p, s] = idToken.split('.');
      const sig = Buffer.from(s, 'base64url');
      sig[10] ^= 0xff;
      return `${h}.${p}.${sig.toString('base64url')}`;
    }
    default: throw new Error(`unknown tamper mode ${mode}`);
  }
}

async function readBody(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

// --- test controls and delay/tamper around the provider's own routes --------
provider.use(async (ctx, next) => {
  if (ctx.path.startsWith('/test/')) {
    let body = {};
    try {
      if (ctx.method === 'POST') body = JSON.parse((await readBody(ctx.req)) || '{}') ?? {};
    } catch { ctx.throw(400, 'body must be JSON'); }
    if (ctx.method === 'POST' && ctx.path === '/test/tamper') {
      const modes = ['issuer', 'audience', 'expired', 'nonce', 'none', 'unknown-key', 'bad-signature'];
      if (body.mode != null && !modes.includes(body.mode)) ctx.throw(400, `unknown mode ${body.mode}`);
      tamperMode = body.mode ?? null;
      ctx.status = 204;
    } else if (ctx.method === 'POST' && ctx.path === '/test/delay') {
      delayMs = Number(body.ms) || 0;
      ctx.status = 204;
    } else if (ctx.method === 'GET' && ctx.path === '/test/last-token') {
      ctx.type = 'json';
      ctx.body = JSON.stringify(lastTokenRequest);
    } else {
      ctx.status = 404;
    }
    return;
  }
  await next();
  const route = ctx.oidc?.route;
  if (route === 'token' && ctx.oidc.body?.grant_type === 'authorization_code') {
    const { client_secret: secret, ...fields } = ctx.oidc.body;
    lastTokenRequest = { ...fields, _client_auth: secret === undefined ? 'client_secret_basic' : 'client_secret_post' };
  }
  if (route === 'token' && ctx.status === 200 && tamperMode && ctx.body?.id_token) {
    const mode = tamperMode;
    tamperMode = null;
    ctx.body = { ...ctx.body, id_token: await tamper(mode, ctx.body.id_token) };
    console.error(`tampered id_token: ${mode}`);
  }
  if (delayMs > 0 && (route === 'token' || route === 'discovery' || route === 'jwks')) {
    await sleep(delayMs);
  }
});

// --- interactions -------------------------------------------------------------
async function finishLogin(ctx, details, accountId) {
  const { params } = details;
  let grant = details.grantId ? await provider.Grant.find(details.grantId) : undefined;
  if (!grant || grant.accountId !== accountId) {
    grant = new provider.Grant({ accountId, clientId: params.client_id });
  }
  if (params.scope) grant.addOIDCScope(params.scope);
  const grantId = await grant.save();
  const to = await provider.interactionResult(ctx.req, ctx.res, {
    login: { accountId },
    consent: { grantId },
  }, { mergeWithLastSubmission: false });
  ctx.status = 303;
  ctx.redirect(to);
}

provider.use(async (ctx, next) => {
  const m = /^\/interaction\/([^/]+)(?:\/(login|abort))?$/.exec(ctx.path);
  if (!m) return next();
  ctx.set('cache-control', 'no-store');
  let details;
  try {
    details = await provider.interactionDetails(ctx.req, ctx.res);
    if (details.uid !== m[1]) throw new Error('interaction mismatch');
  } catch (err) {
    ctx.status = 400;
    ctx.type = 'html';
    ctx.body = page('Sign-in expired', `<p>${esc(err.error_description ?? err.message)}</p>`);
    return undefined;
  }
  const clientId = details.params.client_id;
  if (ctx.method === 'GET' && !m[2]) {
    // Signed in already and only consent is missing: grant it silently.
    if (details.prompt.name === 'consent' && details.session?.accountId) {
      return finishLogin(ctx, details, details.session.accountId);
    }
    ctx.type = 'html';
    ctx.body = loginPage(details.uid, clientId);
  } else if (ctx.method === 'POST' && m[2] === 'login') {
    const login = new URLSearchParams(await readBody(ctx.req)).get('login')?.trim() ?? '';
    if (!Object.hasOwn(accounts, login)) {
      ctx.type = 'html';
      ctx.body = loginPage(details.uid, clientId, `Unknown user "${login}".`);
      return undefined;
    }
    return finishLogin(ctx, details, login);
  } else if (ctx.method === 'POST' && m[2] === 'abort') {
    await readBody(ctx.req);
    const to = await provider.interactionResult(ctx.req, ctx.res, {
      error: 'access_denied', error_description: 'cancelled',
    }, { mergeWithLastSubmission: false });
    ctx.status = 303;
    ctx.redirect(to);
  } else {
    ctx.status = 405;
  }
  return undefined;
});

server.on('request', provider.callback());
// Once serving, nothing kills it (startup errors above still exit non-zero).
process.on('uncaughtException', (err) => console.error('uncaughtException', err));
process.on('unhandledRejection', (err) => console.error('unhandledRejection', err));
process.stdout.write(`ready ${issuer}\n`);
console.error(`oidc test provider at ${issuer}, signing kid ${signingJwk.kid}, jwks [${keys.map((k) => k.kid)}]`);
