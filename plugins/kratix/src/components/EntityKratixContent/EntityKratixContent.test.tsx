import { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import {
  destinationToEntity,
  promiseToEntity,
} from '@kratix-backstage/plugin-kratix-common';
import { KratixApi, kratixApiRef } from '../../api/KratixApi';
import { fakeKratixApi } from '../../__testUtils__/fakeKratixApi';
import { EntityKratixContent } from './EntityKratixContent';

const cluster: any = {
  platform: 'easyeaty',
  name: 'eks',
  kind: 'Destination',
  labels: { environment: 'dev' },
  path: 'eks',
  stateStore: { kind: 'GitStateStore', name: 'default' },
  strictMatchLabels: false,
  filepathMode: 'nestedByMetadata',
  ready: { ready: true, state: 'Ready', reason: 'TestDocumentsWritten' },
  platformAsWorker: false,
  workerResourceCount: 0,
  workloadCount: 0,
  workerResources: [],
  workloads: [],
};

/** Backstage's `Content` (an `article` with padding): the entity page has its own. */
const nestedContent = () =>
  document.querySelector('article[class*="BackstageContent"]');

async function renderTab(entity: Entity, api: Partial<KratixApi>) {
  await renderInTestApp(
    <TestApiProvider apis={[[kratixApiRef, fakeKratixApi(api)]]}>
      <EntityProvider entity={entity}>
        <EntityKratixContent />
      </EntityProvider>
    </TestApiProvider>,
  );
}

describe('EntityKratixContent', () => {
  it("shows a Destination entity's cluster page", async () => {
    const getDestination = jest.fn(async () => cluster);
    const entity = destinationToEntity(
      { name: 'easyeaty' },
      {
        apiVersion: 'platform.kratix.io/v1alpha1',
        kind: 'Destination',
        metadata: { name: 'eks', labels: { environment: 'dev' } },
        spec: {
          path: 'eks',
          stateStoreRef: { kind: 'GitStateStore', name: 'default' },
        },
      },
    );
    await renderTab(entity, { getDestination });
    expect(
      await screen.findByText('No request has landed here.'),
    ).toBeInTheDocument();
    // The entity page's header names it; the tab is its cards, without a padded Content.
    expect(screen.queryByRole('heading', { name: 'eks' })).toBeNull();
    expect(screen.getByText('Worker resources (0)')).toBeInTheDocument();
    expect(nestedContent()).toBeNull();
    expect(getDestination).toHaveBeenCalledWith('easyeaty', 'eks');
    expect(screen.queryByText(/Not a Kratix entity/)).toBeNull();
  });

  it('shows a legacy Cluster entity the same way', async () => {
    const getDestination = jest.fn(async () => ({
      ...cluster,
      name: 'old-worker',
      kind: 'Cluster',
    }));
    const entity = destinationToEntity({ name: 'easyeaty' }, {
      apiVersion: 'platform.kratix.io/v1alpha1',
      kind: 'Cluster',
      metadata: { name: 'old-worker' },
      spec: { path: 'old-worker' },
    } as any);
    await renderTab(entity, { getDestination });
    expect(
      await screen.findByText('No request has landed here.'),
    ).toBeInTheDocument();
    expect(getDestination).toHaveBeenCalledWith('easyeaty', 'old-worker');
  });

  it("shows a Promise entity's Promise page", async () => {
    const getPromise = jest.fn(() => new Promise<never>(() => {}));
    const entity = promiseToEntity(
      { name: 'easyeaty' },
      {
        apiVersion: 'platform.kratix.io/v1alpha1',
        kind: 'Promise',
        metadata: { name: 'nginx' },
        spec: {},
      },
    );
    await renderTab(entity, { getPromise });
    expect(await screen.findByRole('progressbar')).toBeInTheDocument();
    expect(getPromise).toHaveBeenCalledWith('easyeaty', 'nginx');
    expect(nestedContent()).toBeNull();
  });

  it('says which annotations an entity without a Kratix page lacks', async () => {
    await renderTab(
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: { name: 'other', annotations: {} },
        spec: { type: 'service' },
      },
      {},
    );
    expect(
      await screen.findByText(/Not a Kratix entity from a configured platform/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/needs the kratix-backstage\.io\/platform annotation/),
    ).toBeInTheDocument();
  });

  it('shows a request still proposed in a pull request as waiting for review, with the link', async () => {
    await renderTab(
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Resource',
        metadata: {
          name: 'easyeaty-team-a-jenkins-ci',
          annotations: {
            'kratix-backstage.io/platform': 'easyeaty',
            'kratix.io/phase': 'pending-review',
            'kratix.io/pull-request-url':
              'https://github.com/easyeaty/platform/pull/7',
          },
        },
        spec: { type: 'kratix-resource' },
      },
      {},
    );
    expect(await screen.findByText('Waiting for review')).toBeInTheDocument();
    expect(
      screen
        .getByText('https://github.com/easyeaty/platform/pull/7')
        .closest('a'),
    ).toHaveAttribute('href', 'https://github.com/easyeaty/platform/pull/7');
  });
});
