import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { fireEvent, screen } from '@testing-library/react';
import { kratixApiRef } from '../../api/KratixApi';
import { fakeKratixApi } from '../../__testUtils__/fakeKratixApi';
import {
  KratixClusterLabelPicker,
  KratixNamespacePicker,
  KratixRequestPicker,
  validateKratixNamespace,
} from './kratixFields';

const requests = {
  getRequests: async () => ({
    items: [
      {
        platform: 'easyeaty',
        promise: 'postgresql',
        name: 'orders-db',
        namespace: 'team-orders',
        phase: 'Ready',
      },
      {
        platform: 'easyeaty',
        promise: 'postgresql',
        name: 'cart-db',
        namespace: 'team-checkout',
        phase: 'Ready',
      },
    ] as any,
    totalCount: 2,
    page: 1,
    pageSize: 500,
    errors: [],
  }),
};

function fieldProps(onChange = jest.fn(), uiOptions: object = {}) {
  return {
    onChange,
    schema: { title: 'Field', description: 'help' },
    uiSchema: { 'ui:options': uiOptions },
    rawErrors: [],
    required: false,
    formData: undefined,
    idSchema: { $id: 'field' },
  } as any;
}

describe('Kratix scaffolder fields', () => {
  it('suggests namespaces that hold requests and accepts a new one', async () => {
    const onChange = jest.fn();
    await renderInTestApp(
      <TestApiProvider apis={[[kratixApiRef, fakeKratixApi(requests)]]}>
        <KratixNamespacePicker {...fieldProps(onChange)} />
      </TestApiProvider>,
    );
    const input = screen.getByRole('textbox');
    fireEvent.mouseDown(input);
    expect(await screen.findByText('team-checkout')).toBeInTheDocument();
    expect(screen.getByText('team-orders')).toBeInTheDocument();
    fireEvent.change(input, { target: { value: 'team-new' } });
    expect(onChange).toHaveBeenLastCalledWith('team-new');
  });

  it('offers the existing requests of a Promise as namespace/name', async () => {
    await renderInTestApp(
      <TestApiProvider apis={[[kratixApiRef, fakeKratixApi(requests)]]}>
        <KratixRequestPicker
          {...fieldProps(jest.fn(), { promise: 'postgresql' })}
        />
      </TestApiProvider>,
    );
    fireEvent.mouseDown(screen.getByRole('textbox'));
    expect(
      await screen.findByText('team-orders/orders-db'),
    ).toBeInTheDocument();
  });

  it('offers cluster labels as key=value', async () => {
    await renderInTestApp(
      <TestApiProvider apis={[[kratixApiRef, fakeKratixApi()]]}>
        <KratixClusterLabelPicker {...fieldProps()} />
      </TestApiProvider>,
    );
    fireEvent.mouseDown(screen.getByRole('textbox'));
    expect(await screen.findByText('environment=platform')).toBeInTheDocument();
    expect(screen.getByText('environment=prod')).toBeInTheDocument();
  });

  it('rejects namespaces Kubernetes would reject', () => {
    const addError = jest.fn();
    validateKratixNamespace('Team_A', { addError } as any);
    validateKratixNamespace('team-a', { addError } as any);
    expect(addError).toHaveBeenCalledTimes(1);
    expect(addError.mock.calls[0][0]).toContain(
      '"Team_A" is not a namespace name',
    );
  });
});
