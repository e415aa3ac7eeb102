import { googleAuthApiRef } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import { KratixClient } from './KratixClient';
import { builtInAuthApis } from './clusterToken';

function json(body: unknown, status = 200) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });
}

function clientAnswering(answer: () => Response) {
  const discoveryApi = {
    getBaseUrl: jest.fn(
      async (_pluginId: string) => 'http://backend/api/kratix',
    ),
  };
  const fetch = jest.fn(async (_url: string) => answer());
  const client = new KratixClient({ discoveryApi, fetchApi: { fetch } as any });
  return {
    client,
    discoveryApi,
    urls: () => fetch.mock.calls.map(call => call[0]),
  };
}

describe('KratixClient', () => {
  it('asks discovery for the kratix backend and calls its routes', async () => {
    const { client, discoveryApi, urls } = clientAnswering(() =>
      json({ items: [], errors: [] }),
    );
    await client.getPromises();
    await client.getDestinations({ platform: 'easyeaty' });
    await client.getRequests({
      platform: 'easyeaty',
      promise: 'jenkins',
      namespace: 'team-a',
    });
    expect(discoveryApi.getBaseUrl).toHaveBeenCalledWith('kratix');
    expect(urls()).toEqual([
      'http://backend/api/kratix/promises',
      'http://backend/api/kratix/destinations?platform=easyeaty',
      'http://backend/api/kratix/requests?platform=easyeaty&promise=jenkins&namespace=team-a',
    ]);
  });

  it('leaves out empty filters, which the backend reads as "all"', async () => {
    const { client, urls } = clientAnswering(() =>
      json({ items: [], errors: [] }),
    );
    await client.getPromises({
      availability: 'Available',
      search: '',
      platform: undefined,
    });
    expect(urls()).toEqual([
      'http://backend/api/kratix/promises?availability=Available',
    ]);
  });

  it('encodes names in paths', async () => {
    const { client, urls } = clientAnswering(() => json({}));
    await client.getPromise('easy eaty', 'web/app');
    await client.getRequest('easyeaty', 'jenkins', 'team-a', 'ci');
    expect(urls()).toEqual([
      'http://backend/api/kratix/platforms/easy%20eaty/promises/web%2Fapp',
      'http://backend/api/kratix/platforms/easyeaty/promises/jenkins/requests/team-a/ci',
    ]);
  });

  it('returns the platforms without the list envelope', async () => {
    const platform = {
      name: 'easyeaty',
      title: 'EasyEaty',
      mode: 'gitops',
      health: { connected: true },
    };
    const { client } = clientAnswering(() => json({ items: [platform] }));
    await expect(client.getPlatforms()).resolves.toEqual([platform]);
  });

  it('throws a ResponseError carrying the backend error', async () => {
    // The shape Backstage's error middleware sends.
    const { client } = clientAnswering(() =>
      json(
        {
          error: {
            name: 'NotFoundError',
            message: 'Promise "redis" not found on platform easyeaty',
          },
          request: {
            method: 'GET',
            url: '/api/kratix/platforms/easyeaty/promises/redis',
          },
          response: { statusCode: 404 },
        },
        404,
      ),
    );
    const error = await client.getPromise('easyeaty', 'redis').catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(404);
    expect(error.cause).toMatchObject({
      name: 'NotFoundError',
      message: 'Promise "redis" not found on platform easyeaty',
    });
  });

  it('throws a ResponseError for a failure that is not Backstage JSON, such as a proxy page', async () => {
    const { client } = clientAnswering(
      () =>
        new Response('<html>Bad gateway</html>', {
          status: 502,
          headers: { 'content-type': 'text/html' },
        }),
    );
    const error = await client.getPlatforms().catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(502);
  });

  describe('writes to a platform that acts as the user', () => {
    const platforms = [
      {
        name: 'rbac',
        title: 'RBAC',
        mode: 'kubernetes',
        health: { connected: true },
        actAsUser: { authProvider: 'google' },
      },
      {
        name: 'easyeaty',
        title: 'EasyEaty',
        mode: 'gitops',
        health: { connected: true },
      },
    ];
    function client(google: object) {
      const fetch = jest.fn(async (url: string, _init?: RequestInit) =>
        url.endsWith('/platforms')
          ? json({ items: platforms })
          : json({ message: 'paused' }),
      );
      const apis = builtInAuthApis({
        google,
        microsoft: {},
        okta: {},
        onelogin: {},
        gitlab: {},
      });
      const kratix = new KratixClient({
        discoveryApi: { getBaseUrl: async () => 'http://backend/api/kratix' },
        fetchApi: { fetch } as any,
        apis,
      });
      const posts = () =>
        fetch.mock.calls
          .filter(([, init]) => init?.method === 'POST')
          .map(([url, init]) => ({ url, headers: init!.headers }));
      return { kratix, posts };
    }
    const ref = (platform: string) => ({
      platform,
      promise: 'jenkins',
      namespace: 'team-a',
      name: 'ci',
    });

    it("sends the user's token from the platform's auth provider with a manage action", async () => {
      const { kratix, posts } = client({
        getIdToken: async () => 'alice-id-token',
      });
      await kratix.manageRequest(ref('rbac'), 'pause');
      expect(posts()).toEqual([
        {
          url: 'http://backend/api/kratix/platforms/rbac/promises/jenkins/requests/team-a/ci/actions',
          headers: {
            'Content-Type': 'application/json',
            'X-Kratix-Cluster-Authorization': 'Bearer alice-id-token',
          },
        },
      ]);
    });

    it('sends no token to a platform that writes as the backend', async () => {
      const getIdToken = jest.fn(async () => 'unused');
      const { kratix, posts } = client({ getIdToken });
      await kratix.manageRequest(ref('easyeaty'), 'pause');
      expect(posts()).toEqual([
        expect.objectContaining({
          headers: { 'Content-Type': 'application/json' },
        }),
      ]);
      expect(getIdToken).not.toHaveBeenCalled();
    });

    it('says why, and sends nothing, when the token cannot be had', async () => {
      const { kratix, posts } = client({
        getIdToken: async () =>
          Promise.reject(new Error('Login failed, rejected by user')),
      });
      await expect(kratix.manageRequest(ref('rbac'), 'pause')).rejects.toThrow(
        'Platform rbac writes as you, but your google token could not be had: Login failed, rejected by user',
      );
      expect(posts()).toEqual([]);
    });

    it("is wired with the app's built-in auth APIs", () => {
      expect(
        builtInAuthApis({
          google: 'g',
          microsoft: 'm',
          okta: 'o',
          onelogin: 'l',
          gitlab: 'x',
        }).get(googleAuthApiRef),
      ).toBe('g');
    });
  });
});
