// A real OpenID Connect provider for the residents' sign-in tests: node-oidc-provider (OpenID certified),
// on loopback, with a VNeID-style identity: each account's ID token carries its citizen ID and whether the
// identity gateway verified it. Start: `PORT=0 node provider.mjs` (prints "issuer <url>" once listening).
//
// Some test accounts make the provider misbehave on purpose, so the portal's own checks are exercised end to
// end (the ID token is re-signed with the provider's real key, or its signature broken, after the real flow):
//   aud-sai     the ID token names another service as its audience (this client only as azp)
//   het-han     the ID token expired an hour ago
//   gia-mao     the ID token's signature does not match its content
//   nonce-sai   the ID token carries another nonce than the one the portal sent
import http from 'node:http';
import Provider from 'oidc-provider';
import { SignJWT, decodeJwt, exportJWK, generateKeyPair, importJWK } from 'jose';

const CLIENT_ID = process.env.OIDC_TEST_CLIENT_ID || 'wardportal-test';
const CLIENT_SECRET = process.env.OIDC_TEST_CLIENT_SECRET || 'wardportal-test-secret-0123456789abcdef';

const person = (name, citizenId, verified, extra = {}) => ({
  name, birthdate: '1990-03-27', citizen_id: citizenId, citizen_id_verified: verified,
  address: { formatted: 'Số 5 ngõ 12 phố Lâm Du, phường Bồ Đề, Hà Nội' }, ...extra,
});
const ACCOUNTS = {
  'cong-dan-a': person('Nguyễn Văn An', '001090012345', true),
  'cong-dan-b': person('Trần Thị Bình', '079085067890', true, { birthdate: '1985-11-02' }),
  'chua-xac-thuc': person('Lê Văn Cường', '001090099999', false),
  'aud-sai': person('Phạm Thị Dung', '001090011111', true),
  'het-han': person('Hoàng Văn Em', '001090022222', true),
  'gia-mao': person('Vũ Thị Giang', '001090033333', true),
  'nonce-sai': person('Đỗ Văn Hùng', '001090044444', true),
};

// Loopback redirects only, on any port: the tests' portals listen on free ports.
const LOOPBACK = /^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?\//;

const { privateKey } = await generateKeyPair('RS256', { extractable: true });
const signingJwk = { ...(await exportJWK(privateKey)), kid: 'test-key-1', alg: 'RS256', use: 'sig' };

const server = http.createServer();
await new Promise((resolve) => server.listen(Number(process.env.PORT || 0), '127.0.0.1', resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;

const provider = new Provider(issuer, {
  clients: [{
    client_id: CLIENT_ID, client_secret: CLIENT_SECRET, grant_types: ['authorization_code'],
    response_types: ['code'], redirect_uris: ['http://127.0.0.1/dang-nhap/oidc/ve'],
    post_logout_redirect_uris: ['http://127.0.0.1/'], token_endpoint_auth_method: 'client_secret_basic',
  }],
  jwks: { keys: [signingJwk] },
  pkce: { required: () => true },
  scopes: ['openid', 'profile', 'address', 'citizen'],
  claims: {
    openid: ['sub'], profile: ['name', 'birthdate'], address: ['address'],
    citizen: ['citizen_id', 'citizen_id_verified'],
  },
  // The portal reads the verified identity from the signed ID token, not from the userinfo endpoint.
  conformIdTokenClaims: false,
  features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
  async findAccount(ctx, id) {
    if (!ACCOUNTS[id]) return undefined;
    return { accountId: id, async claims() { return { sub: id, ...ACCOUNTS[id] }; } };
  },
  // The resident agrees once, at the identity gateway; no consent page in the tests.
  async loadExistingGrant(ctx) {
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId,
                                                 accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope('openid profile address citizen');
    await grant.save();
    return grant;
  },
  ttl: { IdToken: 600, AccessToken: 600, AuthorizationCode: 60, Session: 3600, Interaction: 600, Grant: 3600 },
});

const allowed = (uri) => LOOPBACK.test(uri);
provider.Client.prototype.redirectUriAllowed = allowed;
provider.Client.prototype.postLogoutRedirectUriAllowed = allowed;

const key = await importJWK(signingJwk, 'RS256');
async function misbehave(idToken) {
  const claims = decodeJwt(idToken);
  const now = Math.floor(Date.now() / 1000);
  const resign = (changes) => new SignJWT({ ...claims, ...changes })
    .setProtectedHeader({ alg: 'RS256', kid: signingJwk.kid }).sign(key);
  switch (claims.sub) {
    case 'aud-sai': return resign({ aud: 'another-service', azp: CLIENT_ID });  // azp alone is not enough
    case 'het-han': return resign({ iat: now - 7200, exp: now - 3600 });
    case 'nonce-sai': return resign({ nonce: 'a-nonce-the-portal-never-sent' });
    case 'gia-mao': {
      const [header, , signature] = idToken.split('.');
      const body = Buffer.from(JSON.stringify({ ...claims, citizen_id: '001090012345' })).toString('base64url');
      return `${header}.${body}.${signature}`;
    }
    default: return idToken;
  }
}
provider.use(async (ctx, next) => {
  await next();
  if (ctx.path === '/token' && ctx.body && ctx.body.id_token) {
    ctx.body = { ...ctx.body, id_token: await misbehave(ctx.body.id_token) };
  }
});

server.on('request', provider.callback());
process.stdout.write(`issuer ${issuer}\n`);
