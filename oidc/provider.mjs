// A test OpenID Provider for labsite's single sign-on (the npm package oidc-provider,
// certified by the OpenID Foundation), on loopback only. Not part of the site: the tests
// start one per institution (core/tests/oidc.py), and docs/identity.md says how to start
// one by hand for `make run`.
//
//   node oidc/provider.mjs [--config FILE]
//
// The configuration is a JSON file (--config) or, without one, the environment:
//
//   port          OIDC_PORT           0 (the default) lets the system choose a free port
//   issuer        OIDC_ISSUER         default http://127.0.0.1:<port>
//   client_id     OIDC_CLIENT_ID      default labsite
//   client_secret OIDC_CLIENT_SECRET  default labsite-test-secret
//   redirect_uris OIDC_REDIRECT_URIS  (space-separated) default http://127.0.0.1:8000/accounts/oidc/inria/callback/
//   post_logout_redirect_uris  OIDC_POST_LOGOUT_REDIRECT_URIS  (space-separated) default http://127.0.0.1:8000/
//   token_endpoint_auth_method OIDC_TOKEN_AUTH_METHOD  client_secret_post (default) or client_secret_basic
//   accounts      OIDC_ACCOUNTS       a JSON file of accounts, default oidc/accounts.json
//   signing_key   OIDC_SIGNING_KEY    a private RS256 JWK file, default oidc/keys/inria.json
//
// Once listening it prints one line on stdout, `READY <issuer>`, then logs requests.
//
// The sign-in page is oidc-provider's own (devInteractions) with one addition: the login
// must be an account's `sub` or `email` and the password that account's `password`
// (accounts.json gives every account `labsite-test`); anything else shows the sign-in
// page again. The consent page follows, then the redirect to the client.

import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import * as querystring from 'node:querystring';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import Provider from 'oidc-provider';

const here = dirname(fileURLToPath(import.meta.url));

function words(value, fallback) {
  return (value ?? fallback).split(/\s+/).filter(Boolean);
}

function loadConfiguration() {
  const at = process.argv.indexOf('--config');
  if (at !== -1) {
    const file = process.argv[at + 1];
    if (!file) throw new Error('--config needs a file');
    return JSON.parse(readFileSync(file, 'utf8'));
  }
  const env = process.env;
  return {
    port: Number(env.OIDC_PORT ?? 0),
    issuer: env.OIDC_ISSUER,
    client_id: env.OIDC_CLIENT_ID ?? 'labsite',
    client_secret: env.OIDC_CLIENT_SECRET ?? 'labsite-test-secret',
    redirect_uris: words(env.OIDC_REDIRECT_URIS, 'http://127.0.0.1:8000/accounts/oidc/inria/callback/'),
    post_logout_redirect_uris: words(env.OIDC_POST_LOGOUT_REDIRECT_URIS, 'http://127.0.0.1:8000/'),
    token_endpoint_auth_method: env.OIDC_TOKEN_AUTH_METHOD ?? 'client_secret_post',
    accounts: env.OIDC_ACCOUNTS ?? join(here, 'accounts.json'),
    signing_key: env.OIDC_SIGNING_KEY ?? join(here, 'keys', 'inria.json'),
  };
}

function loadAccounts(source) {
  // A file name, or the list itself (the tests write a file; a config may inline it).
  const list = typeof source === 'string' ? JSON.parse(readFileSync(source, 'utf8')) : source;
  const accounts = new Map();
  for (const account of list) {
    for (const field of ['sub', 'email', 'password']) {
      if (typeof account[field] !== 'string' || !account[field]) {
        throw new Error(`every account needs a ${field}: ${JSON.stringify(account)}`);
      }
    }
    accounts.set(account.sub, account);
  }
  return accounts;
}

function findByLogin(accounts, login) {
  if (accounts.has(login)) return accounts.get(login);
  const lowered = login.toLowerCase();
  return [...accounts.values()].find((account) => account.email.toLowerCase() === lowered);
}

// Served for the scopes `openid email profile employee`; in the ID token as well as at
// userinfo (conformIdTokenClaims off), as the institutions' providers do.
const CLAIMS = {
  openid: ['sub'],
  email: ['email', 'email_verified'],
  profile: ['name', 'given_name', 'family_name'],
  employee: ['employee_id'],
};

function claimsOf(account) {
  return {
    sub: account.sub,
    email: account.email,
    email_verified: account.email_verified === true,
    given_name: account.given_name,
    family_name: account.family_name,
    name: [account.given_name, account.family_name].filter(Boolean).join(' ') || undefined,
    employee_id: account.employee_id,
    ...(account.extra_claims ?? {}),
  };
}

function page(title, body) {
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${title}</title></head>`
    + `<body><h1>${title}</h1>${body}</body></html>`;
}

const config = loadConfiguration();
const accounts = loadAccounts(config.accounts ?? join(here, 'accounts.json'));
const signingKey = JSON.parse(readFileSync(config.signing_key ?? join(here, 'keys', 'inria.json'), 'utf8'));

const server = createServer();
server.listen(Number(config.port ?? 0), '127.0.0.1', () => {
  const { port } = server.address();
  const issuer = config.issuer ?? `http://127.0.0.1:${port}`;

  const provider = new Provider(issuer, {
    clients: [{
      client_id: config.client_id,
      client_secret: config.client_secret,
      redirect_uris: config.redirect_uris,
      post_logout_redirect_uris: config.post_logout_redirect_uris ?? [],
      token_endpoint_auth_method: config.token_endpoint_auth_method ?? 'client_secret_post',
      grant_types: ['authorization_code'],
      response_types: ['code'],
      id_token_signed_response_alg: 'RS256',
    }],
    jwks: { keys: [signingKey] },
    async findAccount(ctx, id) {
      const account = accounts.get(id);
      if (!account) return undefined;
      return {
        accountId: account.sub,
        async claims() { return claimsOf(account); },
      };
    },
    claims: CLAIMS,
    conformIdTokenClaims: false,
    pkce: { methods: ['S256'], required: () => false },
    features: {
      devInteractions: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        async logoutSource(ctx, form) {
          ctx.body = page(
            'Sign out',
            `${form}<button autofocus type="submit" form="op.logoutForm" value="yes" name="logout">Yes, sign me out</button>`
            + '<button type="submit" form="op.logoutForm">No, stay signed in</button>',
          );
        },
        async postLogoutSuccessSource(ctx) {
          ctx.body = page('Signed out', '<p>You are signed out of the test provider.</p>');
        },
      },
    },
    cookies: { keys: ['labsite-test-provider-cookies'] },
    // Short enough for the tests, long enough for a slow CI machine not to see them expire.
    ttl: {
      AuthorizationCode: 120,
      AccessToken: 600,
      IdToken: 600,
      Interaction: 600,
      Session: 3600,
      Grant: 3600,
    },
    async renderError(ctx, out) {
      ctx.type = 'html';
      ctx.body = page('Error', `<pre id="error">${querystring.escape(out.error)}: ${
        String(out.error_description ?? '').replace(/[<>&"]/g, '')}</pre>`);
    },
  });

  // devInteractions accepts any login and password; this one checks them against the accounts
  // and hands the sign-in page the account's sub as the login.
  provider.use(async (ctx, next) => {
    const interaction = /^\/interaction\/[^/]+$/.test(ctx.path);
    if (interaction && ctx.method === 'POST' && ctx.is('application/x-www-form-urlencoded')) {
      const raw = await new Promise((resolve, reject) => {
        const chunks = [];
        let size = 0;
        ctx.req.on('data', (chunk) => {
          size += chunk.length;
          if (size > 56 * 1024) reject(new Error('request body too large'));
          chunks.push(chunk);
        });
        ctx.req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
        ctx.req.on('error', reject);
      });
      const body = querystring.parse(raw);
      if (body.prompt === 'login') {
        const account = findByLogin(accounts, String(body.login ?? ''));
        if (!account || account.password !== body.password) {
          ctx.status = 303;
          ctx.redirect(ctx.path);
          return;
        }
        body.login = account.sub;
      }
      // oidc-provider reads an already-read body from req.body.
      ctx.req.body = querystring.stringify(body);
    }
    await next();
    // The built-in pages load a web font from Google: nothing leaves the loopback.
    if (typeof ctx.body === 'string' && ctx.type === 'text/html') {
      ctx.body = ctx.body.replace(/@import url\(https:\/\/fonts\.googleapis\.com[^)]*\);?/g, '');
    }
  });

  provider.on('server_error', (ctx, error) => console.error('server_error', error));
  provider.on('grant.error', (ctx, error) => console.log('grant.error', error.error ?? error.message));

  server.on('request', provider.callback());
  console.log(`READY ${issuer}`);
});

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => process.exit(0));
}
