import { afterEach, describe, expect, it } from 'vitest';
import type { ClientAppConfig } from '../app-config.ts';
import { useHarness } from '../test-support/component-harness.ts';

const h = useHarness();
const CONFIG: ClientAppConfig = {
  organization: { name: 'Contoso', domains: ['contoso.test'], url: 'http://127.0.0.1:7100' },
  providers: [{ id: 'yahoo', name: 'Yahoo!', domains: ['yahoo.test'], url: 'http://127.0.0.1:7302' }],
};
const CORS = { 'access-control-allow-origin': '*' };

afterEach(() => h.page.unrouteAll());

describe('<fl-chat-app>', () => {
  it('says plainly when it has no configuration', async () => {
    await h.page.route('**/config.json', (route) => route.fulfill({ status: 404, body: 'not here' }));
    await h.mount('fl-chat-app');
    expect(await h.page.getByTestId('fatal').textContent()).toContain('The client cannot load its configuration: GET /config.json answered 404');
  });

  it('refuses a configuration that is not one', async () => {
    await h.page.route('**/config.json', (route) => route.fulfill({ json: { organization: { name: 'x' } } }));
    await h.mount('fl-chat-app');
    expect(await h.page.getByTestId('fatal').textContent()).toContain('config.json: organization needs a name, domains and an http(s) url');
  });

  it("offers sign-in with the people every server lists, and says which server did not answer", async () => {
    await h.page.route('**/config.json', (route) => route.fulfill({ json: CONFIG }));
    await h.page.route('http://127.0.0.1:7100/directory', (route) =>
      route.fulfill({ headers: CORS, json: { organization: 'Contoso', domains: ['contoso.test'], users: [{ address: 'alice@contoso.test', displayName: 'Alice Anders', online: false }] } }),
    );
    await h.page.route('http://127.0.0.1:7302/directory', (route) => route.fulfill({ headers: CORS, status: 503, body: '' }));
    await h.mount('fl-chat-app');
    await h.page.locator('[data-testid="directory-user"][data-address="alice@contoso.test"]').waitFor();
    expect(await h.page.locator('[data-side="yahoo"] [role="alert"]').textContent()).toBe('Yahoo! answered 503');
    await h.page.getByTestId('sign-in-address').fill('someone@elsewhere.test');
    expect(await h.page.locator('#address-error').textContent()).toBe('No server in this topology serves elsewhere.test.');
  });
});
