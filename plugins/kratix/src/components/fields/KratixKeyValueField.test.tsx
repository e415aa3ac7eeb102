import { renderInTestApp } from '@backstage/test-utils';
import { fireEvent, screen } from '@testing-library/react';
import {
  KratixKeyValueField,
  validateKratixKeyValueField,
} from './KratixKeyValueField';

function props(schema: object, onChange = jest.fn(), formData?: unknown) {
  return {
    onChange,
    schema,
    uiSchema: {},
    rawErrors: [],
    required: false,
    formData,
    idSchema: { $id: 'root_env' },
  } as any;
}

const envSchema = {
  title: 'env',
  type: 'object',
  description: 'Environment variables of the app.',
};

describe('KratixKeyValueField', () => {
  it('builds an object from rows of key and value, with the description as help', async () => {
    const onChange = jest.fn();
    await renderInTestApp(
      <KratixKeyValueField {...props(envSchema, onChange)} />,
    );
    expect(
      screen.getByText('Environment variables of the app.'),
    ).toBeInTheDocument();
    fireEvent.change(screen.getByLabelText('Key'), {
      target: { value: 'LOG_LEVEL' },
    });
    fireEvent.change(screen.getByLabelText('Value'), {
      target: { value: 'debug' },
    });
    expect(onChange).toHaveBeenLastCalledWith({ LOG_LEVEL: 'debug' });
    fireEvent.click(screen.getByRole('button', { name: 'Add entry' }));
    fireEvent.change(screen.getAllByLabelText('Key')[1], {
      target: { value: 'WORKERS' },
    });
    fireEvent.change(screen.getAllByLabelText('Value')[1], {
      target: { value: '4' },
    });
    expect(onChange).toHaveBeenLastCalledWith({
      LOG_LEVEL: 'debug',
      WORKERS: '4',
    });
    fireEvent.click(screen.getByRole('button', { name: 'Remove entry 1' }));
    expect(onChange).toHaveBeenLastCalledWith({ WORKERS: '4' });
  });

  it('says when a key is given twice and hands the form text, which Next refuses', async () => {
    const onChange = jest.fn();
    await renderInTestApp(
      <KratixKeyValueField
        {...props(envSchema, onChange, { A: '1', B: '2' })}
      />,
    );
    fireEvent.change(screen.getAllByLabelText('Key')[1], {
      target: { value: 'A' },
    });
    expect(screen.getByRole('alert')).toHaveTextContent(
      'The key "A" is given twice',
    );
    const value = onChange.mock.calls.at(-1)[0];
    expect(typeof value).toBe('string');
    const addError = jest.fn();
    validateKratixKeyValueField(value, { addError } as any);
    expect(addError).toHaveBeenCalledWith(
      'Must be keys and values: correct the entries marked above',
    );
  });

  it('edits nested values as YAML and emits them as an object', async () => {
    const onChange = jest.fn();
    await renderInTestApp(
      <KratixKeyValueField
        {...props(envSchema, onChange, { LOG_LEVEL: 'debug' })}
      />,
    );
    fireEvent.click(screen.getByRole('button', { name: 'YAML' }));
    const yaml = screen.getByLabelText('YAML');
    expect(yaml).toHaveValue('LOG_LEVEL: debug\n');
    fireEvent.change(yaml, {
      target: { value: 'LOG_LEVEL: debug\ntls:\n  enabled: true\n' },
    });
    expect(onChange).toHaveBeenLastCalledWith({
      LOG_LEVEL: 'debug',
      tls: { enabled: true },
    });
    // Nested values cannot be rows: the field stays in YAML and says why.
    fireEvent.click(screen.getByRole('button', { name: 'Key/value' }));
    expect(screen.getByRole('alert')).toHaveTextContent(
      'Nested values can only be edited as YAML',
    );
    fireEvent.change(yaml, { target: { value: '- a\n' } });
    expect(screen.getByRole('alert')).toHaveTextContent(
      'Must be a YAML mapping: one "key: value" per line',
    );
  });

  it('starts a nested value in YAML mode', async () => {
    await renderInTestApp(
      <KratixKeyValueField
        {...props(envSchema, jest.fn(), { tls: { enabled: true } })}
      />,
    );
    expect(screen.getByLabelText('YAML')).toHaveValue(
      'tls:\n  enabled: true\n',
    );
  });

  it('reads a typed map as its type, rows only', async () => {
    const onChange = jest.fn();
    await renderInTestApp(
      <KratixKeyValueField
        {...props(
          {
            title: 'limits',
            type: 'object',
            additionalProperties: { type: 'integer' },
          },
          onChange,
        )}
      />,
    );
    expect(
      screen.queryByRole('button', { name: 'YAML' }),
    ).not.toBeInTheDocument();
    fireEvent.change(screen.getByLabelText('Key'), {
      target: { value: 'cpu' },
    });
    fireEvent.change(screen.getByLabelText('Value'), {
      target: { value: '2' },
    });
    expect(onChange).toHaveBeenLastCalledWith({ cpu: 2 });
  });
});
