import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { kratixApiRef } from '../../api/KratixApi';
import { KratixClient } from '../../api/KratixClient';
import { PromisesTable } from './PromisesTable';

// The real client against msw answering the backend's routes, as the backend would.
const server = setupServer(
  http.get('http://backend.test/api/kratix/promises', ({ request }) =>
    HttpResponse.json({
      items: [
        {
          platform: 'easyeaty',
          name: 'postgresql',
          version: 'v1.0.0',
          availability:
            new URL(request.url).searchParams.get('availability') ??
            'Available',
          kind: 'postgresql',
          group: 'marketplace.kratix.io',
          hasApi: true,
          categories: ['Data'],
          requiredPromises: [],
          requestCount: 7,
        },
      ],
      errors: [
        {
          platform: 'eks-platform',
          message: 'Platform eks-platform unreachable: connect ECONNREFUSED',
        },
      ],
    }),
  ),
);

beforeAll(() => server.listen());
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

describe('PromisesTable against the backend API (msw)', () => {
  it('shows what the backend answers, including a platform that could not be read', async () => {
    const client = new KratixClient({
      discoveryApi: {
        getBaseUrl: async () => 'http://backend.test/api/kratix',
      },
      fetchApi: {
        fetch: (input: any, init?: any) => globalThis.fetch(input, init),
      },
    });
    await renderInTestApp(
      <TestApiProvider apis={[[kratixApiRef, client]]}>
        <PromisesTable />
      </TestApiProvider>,
    );
    expect(
      await screen.findByText('postgresql (marketplace.kratix.io)'),
    ).toBeInTheDocument();
    expect(screen.getByText('7')).toBeInTheDocument();
    expect(
      screen.getByText(/Platform eks-platform is not listed/),
    ).toBeInTheDocument();
  });
});
