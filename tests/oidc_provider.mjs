// A real OpenID provider for the tests: the certified `oidc-provider` package (npm), on 127.0.0.1.
//
// Started by tests/oidc.py on a free port. Its people are in the JSON file ACCOUNTS_FILE, read at
// every request, so a test can take a person out of a group between two sign-ins:
//   {"anna": {"password": "...", "claims": {"name": "...", "email": "...", "groups": ["..."]},
//             "id_token": "expired" | "wrong-audience" (optional: a faulty provider)}}
// CLIENTS is the JSON list of registered clients (oidc-provider's client metadata).
//
// The login page is this file's own (oidc-provider's development pages load a web font from a
// third party); consent is granted for the registered clients, as an organisation's provider
// does for its own applications. PKCE is required of every client.

import fs from 'node:fs';

import Provider from 'oidc-provider';

const port = Number(process.env.PORT);
const issuer = `http://127.0.0.1:${port}`;
const accountsFile = process.env.ACCOUNTS_FILE;
const clients = JSON.parse(process.env.CLIENTS);

const accounts = () => JSON.parse(fs.readFileSync(accountsFile, 'utf8'));
const escape = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const page = (title, body) => `<!doctype html><html lang="sv"><head><meta charset="utf-8">
<title>${escape(title)}</title></head><body><main><h1>${escape(title)}</h1>${body}</main></body></html>`;
const now = () => Math.floor(Date.now() / 1000);

const provider = new Provider(issuer, {
  clients,
  pkce: { required: () => true },
  scopes: ['openid', 'email', 'profile', 'groups'],
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name', 'given_name', 'family_name', 'preferred_username'],
    groups: ['groups'],
  },
  // The claims in the ID token too, as Entra ID puts `groups` there.
  conformIdTokenClaims: false,
  cookies: { keys: ['lagesbild-tests-only'] },
  features: {
    devInteractions: { enabled: false },
    rpInitiatedLogout: {
      enabled: true,
      logoutSource: async (ctx, form) => {
        ctx.body = page('Logga ut', `${form}<button type="submit" form="op.logoutForm" name="logout"
          value="yes">Logga ut från testleverantören</button>`);
      },
      postLogoutSuccessSource: async (ctx) => {
        ctx.body = page('Utloggad', '<p>Du är utloggad.</p>');
      },
    },
  },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  async findAccount(ctx, id) {
    const account = accounts()[id];
    if (!account) return undefined;
    return { accountId: id, claims: async () => ({ sub: id, ...account.claims }) };
  },
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope('openid email profile groups');
    await grant.save();
    return grant;
  },
});

// A faulty provider, per person: an ID token for another audience, or one that has expired.
const issue = provider.IdToken.prototype.issue;
provider.IdToken.prototype.issue = async function faulty(options = {}) {
  const fault = options.use === 'idtoken' ? accounts()[this.available.sub]?.id_token : undefined;
  if (fault === 'wrong-audience') {
    this.client = Object.create(this.client, { clientId: { value: 'annan-tjanst' } });
  } else if (fault === 'expired') {
    this.set('iat', now() - 3600);
    return issue.call(this, { ...options, expiresAt: now() - 3000 });
  }
  return issue.call(this, options);
};

// The login page: a person's name and password.
provider.use(async (ctx, next) => {
  const match = ctx.path.match(/^\/interaction\/([^/]+)(\/login)?$/);
  if (!match) return next();
  const details = await provider.interactionDetails(ctx.req, ctx.res);
  if (ctx.method === 'GET') {
    ctx.type = 'html';
    ctx.body = page('Logga in hos testleverantören', `
      <form method="post" action="/interaction/${escape(details.uid)}/login">
        <label>Användarnamn <input name="login" autocomplete="username" required></label>
        <label>Lösenord <input name="password" type="password" autocomplete="current-password" required></label>
        <button type="submit">Logga in</button>
      </form>`);
    return undefined;
  }
  const form = new URLSearchParams(await new Promise((resolve) => {
    let body = '';
    ctx.req.on('data', (chunk) => { body += chunk; });
    ctx.req.on('end', () => resolve(body));
  }));
  const account = accounts()[form.get('login')];
  if (!account || account.password !== form.get('password')) {
    ctx.status = 403;
    ctx.type = 'html';
    ctx.body = page('Fel användarnamn eller lösenord', '');
    return undefined;
  }
  return provider.interactionFinished(ctx.req, ctx.res, { login: { accountId: form.get('login') } }, {
    mergeWithLastSubmission: false,
  });
});

provider.listen(port, '127.0.0.1', () => console.log(`oidc-provider listening on ${issuer}`));
