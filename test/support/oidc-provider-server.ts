// A real OpenID Connect provider (the oidc-provider package) for the tests, run as its own process (the package is
// ESM, which jest's module system does not load): `node --import tsx test/support/oidc-provider-server.ts` with
// OIDC_TEST_SETTINGS (JSON: port, client, accounts). Its own login and consent pages (devInteractions) take any
// login name: the account's claims come from the settings. Prints "ready" when it listens.
import Provider from 'oidc-provider';

interface Settings {
  port: number;
  client: { clientId: string; clientSecret: string; redirectUri: string };
  /** Claims of each login name (the subject is the login name). */
  accounts: Record<string, Record<string, unknown>>;
  /** The claim that carries the role, released with the openid scope (as a provider's claim mapping would). */
  roleClaim: string;
}

const settings = JSON.parse(process.env.OIDC_TEST_SETTINGS ?? '{}') as Settings;
const issuer = `http://127.0.0.1:${settings.port}`;

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: settings.client.clientId,
      client_secret: settings.client.clientSecret,
      redirect_uris: [settings.client.redirectUri],
      grant_types: ['authorization_code'],
      response_types: ['code'],
    },
  ],
  claims: { openid: ['sub', settings.roleClaim], email: ['email', 'email_verified'] },
  // PKCE for every client, not only public ones: PAL must send it.
  pkce: { required: () => true },
  async findAccount(_ctx, sub) {
    const claims = settings.accounts[sub];
    return { accountId: sub, claims: async () => ({ sub, ...(claims ?? {}) }) };
  },
});
provider.listen(settings.port, '127.0.0.1').on('listening', () => console.log('ready'));
