import { KratixClient } from './KratixClient';

describe('KratixClient.updateRequest', () => {
  it('PUTs the new spec to the request, with dryRun only when asked', async () => {
    const fetch = jest.fn(async (url: string, _init?: RequestInit) => {
      const body = url.endsWith('/platforms')
        ? { items: [{ name: 'easyeaty', mode: 'gitops' }] }
        : {
            action: 'updated',
            document: 'spec: {}\n',
            dryRun: false,
            path: 'p',
          };
      return new Response(JSON.stringify(body), {
        status: 200,
        headers: { 'content-type': 'application/json' },
      });
    });
    const client = new KratixClient({
      discoveryApi: { getBaseUrl: async () => 'http://backend/api/kratix' },
      fetchApi: { fetch } as any,
    });
    const ref = {
      platform: 'easyeaty',
      promise: 'jenkins',
      namespace: 'team checkout',
      name: 'ci',
    };
    await client.updateRequest(ref, { spec: { agents: 3 }, dryRun: true });
    await client.updateRequest(ref, { spec: { agents: 3 } });
    const writes = fetch.mock.calls.filter(
      ([, init]) => init?.method === 'PUT',
    );
    expect(writes.map(([url]) => url)).toEqual([
      'http://backend/api/kratix/platforms/easyeaty/promises/jenkins/requests/team%20checkout/ci',
      'http://backend/api/kratix/platforms/easyeaty/promises/jenkins/requests/team%20checkout/ci',
    ]);
    expect(writes.map(([, init]) => JSON.parse(String(init!.body)))).toEqual([
      { spec: { agents: 3 }, dryRun: true },
      { spec: { agents: 3 } },
    ]);
  });
});
