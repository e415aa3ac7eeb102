import { KratixClient } from './KratixClient';

describe('KratixClient', () => {
  const discoveryApi = { getBaseUrl: async () => 'http://backend/api/kratix' };

  it('calls the backend routes with filters as query parameters', async () => {
    const fetch = jest.fn(async () => new Response(JSON.stringify({ items: [], errors: [] }), { status: 200 }));
    const client = new KratixClient({ discoveryApi, fetchApi: { fetch } as any });
    await client.getPromises({ availability: 'Available', search: '' });
    await client.getRequest('easyeaty', 'jenkins', 'team-a', 'ci');
    expect(fetch.mock.calls.map((c: any[]) => c[0])).toEqual([
      'http://backend/api/kratix/promises?availability=Available',
      'http://backend/api/kratix/platforms/easyeaty/promises/jenkins/requests/team-a/ci',
    ]);
  });

  it('throws the backend error with its message', async () => {
    const fetch = jest.fn(
      async () =>
        new Response(
          JSON.stringify({
            error: { name: 'ServiceUnavailableError', message: 'Platform prod unreachable' },
            request: { method: 'GET', url: '/api/kratix/platforms' },
            response: { statusCode: 503 },
          }),
          {
            status: 503,
            headers: { 'content-type': 'application/json' },
          },
        ),
    );
    const client = new KratixClient({ discoveryApi, fetchApi: { fetch } as any });
    await expect(client.getPlatforms()).rejects.toMatchObject({
      statusCode: 503,
      body: { error: { message: 'Platform prod unreachable' } },
    });
  });
});
